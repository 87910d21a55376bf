"""One file, many names: symlinks, hard links, `..` and case twins never lock, back up or write
the wrong file, and an output never replaces an input or the program's own files (issue 23)."""

import hashlib
import os
import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest

from models.exchange import read_report, write_report
from models.files import ignores_case
from models.storage import backups, database
from models.storage.database import DatabaseError
from models.storage.store import Store
from tests.conftest import CITY, PUBLISHED, SAMPLE, main_py

APOLOGY = "抱歉"
TEXT = PUBLISHED / "akqi-education-2021.txt"


def _digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _refusal(result: subprocess.CompletedProcess) -> str:
    """The one Chinese line of a refused command (exit 2, no apology, no traceback)."""
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert APOLOGY not in lines[0] and "Traceback" not in result.stderr
    return lines[0]


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "nianbao.db"
    with Store(path) as store:
        store.create(read_report(SAMPLE))
    return path


# 3. The window's lock and the backups follow the real file -------------------------------------


@pytest.mark.parametrize("kind", ["symlink", "hard link", "dot-dot"])
def test_a_second_window_through_another_name_is_refused(db, tmp_path, kind):
    other = tmp_path / "other.db"
    if kind == "symlink":
        other.symlink_to(db)
    elif kind == "hard link":
        os.link(db, other)
    else:
        (tmp_path / "sub").mkdir()
        other = tmp_path / "sub" / ".." / db.name
    with Store(db, exclusive=True):
        with pytest.raises(DatabaseError, match="已在另一个窗口中打开"):
            Store(other, exclusive=True)
    with Store(other, exclusive=True):  # and the lock is gone with the window
        pass


def test_a_symlinked_database_keeps_its_backups_beside_the_real_file(db, tmp_path):
    link = tmp_path / "elsewhere" / "link.db"
    link.parent.mkdir()
    link.symlink_to(db)
    with Store(link) as store:
        store.edit(1, {"texts.problems": "经由链接修改"})
    Store(link).close()  # a change since the last backup: this opening takes one
    assert backups.backup_folder(link) == backups.backup_folder(db)
    taken = database.list_backups(db)
    assert len(taken) == 2 and all(b.name.startswith("nianbao-") for b in taken)  # the real name
    assert not (link.parent / "link.db.backups").exists()


# 4. No output replaces an input, the database, its files or a backup ----------------------------


def test_outputs_onto_the_database_files_by_any_name_are_refused(db, tmp_path):
    # Read before the connection opens: closing any other handle on the file in this process
    # would drop SQLite's POSIX locks, and the next process to close would delete the WAL.
    before = _digest(db)
    reader = sqlite3.connect(db)  # an open connection keeps the WAL and its index beside the file
    reader.execute("SELECT count(*) FROM reports").fetchone()
    try:
        wal, lock = Path(f"{db}-wal"), Path(f"{db}.lock")
        lock.touch()
        os.link(wal, tmp_path / "wal-link.json")
        (tmp_path / "sub").mkdir()
        (backup,) = database.list_backups(db) or [None]
        targets = [
            ("export-json", "1", "-o", tmp_path / "wal-link.json"),  # a hard link to the WAL
            ("export-json", "1", "-o", tmp_path / "sub" / ".." / f"{db.name}-shm"),
            ("export-json", "1", "-o", tmp_path / "NIANBAO.DB-WAL"),  # its twin where case is free
            ("export-json", "1", "-o", tmp_path / "nianbao.DB.Backups" / "x.json"),
            ("read", TEXT, "-o", tmp_path / "wal-link.json"),  # read does not open the database
        ]
        wal_before = _digest(wal)
        for command in targets:
            line = _refusal(main_py("--db", db, *command))
            assert "是数据库或它的备份" in line, (command, line)
        assert _digest(wal) == wal_before and os.path.samefile(wal, tmp_path / "wal-link.json")
        assert backup is None or backup.exists()
    finally:
        reader.close()
    assert _digest(db) == before


@pytest.mark.parametrize("kind", ["hard link", "dot-dot", "symlink"])
def test_read_never_writes_over_the_file_it_reads(tmp_path, kind):
    source = tmp_path / "report.txt"
    source.write_bytes(TEXT.read_bytes())
    if kind == "hard link":
        output = tmp_path / "report.json"
        os.link(source, output)
    elif kind == "symlink":
        output = tmp_path / "report.json"
        output.symlink_to(source)
    else:
        (tmp_path / "sub").mkdir()
        output = tmp_path / "sub" / ".." / "report.txt"
    line = _refusal(main_py("read", source, "-o", output))
    assert "就是读入的文件" in line
    assert _digest(source) == _digest(TEXT)


def test_case_twins_are_one_file_exactly_where_the_volume_says_so(tmp_path):
    """On a volume that ignores case (Windows, macOS, a FAT stick) `C.TXT` is `c.txt`: refused.
    Where case counts, they are two files and the output is written."""
    source = tmp_path / "c.txt"
    source.write_bytes(TEXT.read_bytes())
    result = main_py("read", source, "-o", tmp_path / "C.TXT")
    if ignores_case(tmp_path):
        assert "就是读入的文件" in _refusal(result)
    else:
        assert result.returncode == 0, result.stderr
        assert read_report(tmp_path / "C.TXT").agency.name == "阿合奇县教育和科学技术局"
    assert _digest(source) == _digest(TEXT)


def test_a_volume_where_case_counts_is_probed_as_such(tmp_path):
    (tmp_path / "Probe").touch()
    (tmp_path / "PROBE").touch()  # two files: this volume tells names apart by case
    assert ignores_case(tmp_path) is False


# 5. aggregate -----------------------------------------------------------------------------------


@pytest.fixture
def two_departments(tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    write_report(read_report(CITY), first)
    report = read_report(CITY)
    report.agency.name = "江州市财政局"
    write_report(report, second)
    return first, second


def test_aggregate_never_writes_over_an_input(tmp_path, two_departments):
    first, second = two_departments
    os.link(first, tmp_path / "a-link.json")
    before = _digest(first)
    for output in (first, tmp_path / "a-link.json", tmp_path / "x" / ".." / "a.json"):
        (tmp_path / "x").mkdir(exist_ok=True)
        result = main_py("aggregate", first, second, "--agency", "江州市", "-o", output)
        assert "就是读入的文件" in _refusal(result)
    assert _digest(first) == before


def test_aggregate_overview_named_as_the_sum_is_refused(tmp_path, two_departments):
    first, second = two_departments
    out = tmp_path / "sum.xlsx"
    result = main_py("aggregate", first, second, "--agency", "江州市", "-o", out, "--overview", out)
    assert "是同一个文件" in _refusal(result)
    assert not out.exists()


def test_aggregate_of_the_same_report_twice_is_refused_naming_it(tmp_path, two_departments):
    first, second = two_departments
    copy = tmp_path / "a-copy.json"
    copy.write_bytes(first.read_bytes())
    for again in (first, copy):
        result = main_py(
            "aggregate", first, second, again, "--agency", "江州市", "-o", tmp_path / "s.json"
        )
        line = _refusal(result)
        assert "同一份报告" in line and str(first) in line and str(again) in line
    assert not (tmp_path / "s.json").exists()


# 14. The operating system's refusals in Chinese -------------------------------------------------


def test_an_output_under_a_symlink_loop_is_one_sentence(db, tmp_path):
    (tmp_path / "loop-a").symlink_to(tmp_path / "loop-b")
    (tmp_path / "loop-b").symlink_to(tmp_path / "loop-a")
    line = _refusal(main_py("--db", db, "export-json", "1", "-o", tmp_path / "loop-a" / "x.json"))
    assert "绕成了圈" in line


def test_an_output_under_a_file_is_one_sentence(db, tmp_path):
    (tmp_path / "file.txt").write_text("x")
    line = _refusal(main_py("--db", db, "export-json", "1", "-o", tmp_path / "file.txt" / "x.json"))
    assert "不是文件夹" in line


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs file size limits")
def test_a_file_too_large_for_the_system_is_one_sentence(tmp_path):
    import resource  # POSIX only

    def small_files():  # as a quota or a FAT stick's 4 GB limit would refuse it
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    out = tmp_path / "big.json"
    line = _refusal(main_py("read", TEXT, "-o", out, preexec_fn=small_files))
    assert "文件太大" in line
    assert not out.exists()
