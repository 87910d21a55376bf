"""Nothing lost, nothing hangs, no false alarm: the database, its files and paths (issue 11)."""

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest

from models.exchange import read_report, write_report
from models.files import FileWriteError
from models.storage import backups, database
from models.storage.schema import SCHEMA_VERSION
from models.storage.store import Store, StoreError
from tests.conftest import ROOT, SAMPLE, main_py

CELL = "applications.received.natural_person"
APOLOGY = "抱歉"


def _digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _one_chinese_line(result: subprocess.CompletedProcess, code: int = 2) -> str:
    assert result.returncode == code, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert APOLOGY not in result.stderr and "Traceback" not in result.stderr
    return lines[0]


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "nianbao.db"
    with Store(path) as store:
        store.create(read_report(SAMPLE))
    Store(path).close()  # opening takes the first backup
    return path


# 1. Output onto an input ------------------------------------------------------------------------


def test_output_onto_an_input_is_refused_and_nothing_is_replaced(db, tmp_path):
    exchange = tmp_path / "in.json"
    exchange.write_bytes(SAMPLE.read_bytes())
    Path(f"{db}-wal").write_bytes(b"")  # as a reader leaves it
    (backup,) = database.list_backups(db)
    link = tmp_path / "link.db"
    link.symlink_to(db)
    # export writes only .pdf/.docx/.html/.xlsx (other suffixes are refused before anything is
    # read): under such names, the database and the input must still be refused
    db_as_pdf, input_as_pdf = tmp_path / "db.pdf", tmp_path / "in.pdf"
    db_as_pdf.symlink_to(db)
    input_as_pdf.symlink_to(exchange)
    cases = [
        ("export", exchange, "-o", input_as_pdf),
        ("export", "1", "-o", db_as_pdf),
        ("export-json", "1", "-o", db),
        ("export-json", "1", "-o", f"{db}-wal"),
        ("export-json", "1", "-o", f"{db}-shm"),
        ("export", "1", "-o", backup.with_suffix(".pdf")),
        ("export-json", "1", "-o", link),
        ("export-json", "1", "-o", f"{db}.lock"),
    ]
    kept = {p: _digest(p) for p in (exchange, db, backup)}
    for command in cases:
        line = _one_chinese_line(main_py("--db", db, *command))
        assert "未做任何改动" in line
    assert {p: _digest(p) for p in kept} == kept
    assert not Path(f"{db}-shm").exists() or Path(f"{db}-shm").stat().st_size != 0
    assert link.is_symlink()


def test_the_writer_itself_refuses_the_database_so_the_window_cannot_either(db, tmp_path):
    report = read_report(SAMPLE)
    before = _digest(db)
    for target in (db, Path(f"{db}-journal"), backups.backup_folder(db) / "new.json"):
        with pytest.raises(FileWriteError, match="是数据库或它的备份"):
            write_report(report, target)
    assert _digest(db) == before
    write_report(report, tmp_path / "fine.json")  # anything else is written as before


def test_outputs_follow_the_umask_and_keep_the_mode_they_had(db, tmp_path):
    fresh, existing = tmp_path / "fresh.json", tmp_path / "existing.json"
    existing.write_text("{}")
    existing.chmod(0o640)
    for out in (fresh, existing):
        result = main_py("--db", db, "export-json", "1", "-o", out, umask=0o022)
        assert result.returncode == 0, result.stderr
    assert fresh.stat().st_mode & 0o777 == 0o644
    assert existing.stat().st_mode & 0o777 == 0o640


# 2. Restore -------------------------------------------------------------------------------------


def test_restoring_the_database_onto_itself_is_refused_and_loses_nothing(db):
    before = _digest(db)
    Path(f"{db}-wal").write_bytes(b"")  # as a reader leaves it
    for name in (db, Path(f"{db}-wal")):
        line = _one_chinese_line(main_py("--db", db, "restore-backup", name))
        assert "就是数据库本身" in line
    assert _digest(db) == before
    listing = main_py("--db", db, "list")
    assert "阿合奇县教育和科学技术局" in listing.stdout


@pytest.mark.parametrize("kind", ["missing", "folder"])
def test_restoring_a_missing_file_or_a_folder_says_so(db, tmp_path, kind):
    target = tmp_path / "nothing.db" if kind == "missing" else tmp_path
    line = _one_chinese_line(main_py("--db", db, "restore-backup", target))
    assert ("找不到备份文件" if kind == "missing" else "是文件夹") in line


def test_restore_keeps_what_it_replaces_and_lists_it(db):
    (backup,) = database.list_backups(db)
    with Store(db) as store:
        store.edit(1, {CELL: 7})  # after the backup: only the kept copy will have it
    result = main_py("--db", db, "restore-backup", backup)
    assert result.returncode == 0, result.stderr
    (kept,) = [p for p in database.list_backups(db) if p.stem.endswith(backups.KEPT_SUFFIX)]
    assert str(kept) in main_py("--db", db, "backups").stdout
    with Store(db) as store:
        assert store.load(1).values[CELL] == 0
    with Store(kept) as store:
        assert store.load(1).values[CELL] == 7


def _killed_writer(db: Path) -> list[int]:
    """Run tests/edit_stream.py on report 1, SIGKILL it after some acknowledged edits."""
    child = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "edit_stream.py"), str(db), "1", "1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    acknowledged = [int(child.stdout.readline()) for _ in range(6)]
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    return acknowledged


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_after_a_crash_the_kept_copy_has_every_acknowledged_edit(db):
    (backup,) = database.list_backups(db)
    acknowledged = _killed_writer(db)
    assert Path(f"{db}-wal").stat().st_size > 0  # the crash left the edits in the WAL
    result = main_py("--db", db, "restore-backup", backup)
    assert result.returncode == 0, result.stderr
    (kept,) = [p for p in database.list_backups(db) if p.stem.endswith(backups.KEPT_SUFFIX)]
    with sqlite3.connect(kept) as conn:
        recorded = {row[0] for row in conn.execute("SELECT new FROM history")}
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert {str(n) for n in acknowledged if n % 2 == 0} <= recorded
    assert {f"第{n}次修改" for n in acknowledged if n % 2} <= recorded
    with Store(db) as store:
        assert store.history(1) == []  # the backup's state, not a mixture with the old WAL


def test_restore_waits_for_no_one_but_refuses_an_open_window(db):
    (backup,) = database.list_backups(db)
    with Store(db, exclusive=True):
        line = _one_chinese_line(main_py("--db", db, "restore-backup", backup))
        assert line.endswith("正在窗口中打开，关闭窗口后才能用备份恢复它")
    reader = Store(db)  # the command line keeps its connection a moment: restore waits for it
    threading.Timer(0.5, reader.close).start()
    assert backups.restore_backup(backup, db, SCHEMA_VERSION) is not None


def test_a_damaged_database_is_kept_with_its_wal_when_a_backup_replaces_it(db):
    (backup,) = database.list_backups(db)
    data = bytearray(db.read_bytes())
    data[:16] = b"\0" * 16
    db.write_bytes(bytes(data))
    Path(f"{db}-wal").write_bytes(b"wal of the damaged file")
    kept = backups.restore_backup(backup, db, SCHEMA_VERSION)
    assert kept.read_bytes() == bytes(data)
    assert Path(f"{kept}-wal").read_bytes() == b"wal of the damaged file"
    assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0
    with Store(db) as store:
        assert store.load(1).agency.name == "阿合奇县教育和科学技术局"


# 3. Full disk -----------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    """A real 2 MB file system (tmpfs) that can be filled; needs root's mount."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    yield disk
    subprocess.run(["umount", str(disk)], check=True)


def _fill(disk: Path, leave: int) -> None:
    import shutil

    (disk / "filler").write_bytes(b"x" * max(0, shutil.disk_usage(disk).free - leave))


def _variant(folder: Path, number: int) -> Path:
    """The sample report of another agency: a report of its own (importing the very same file
    again finds the stored one, another of the same agency and year is refused)."""
    data = json.loads(SAMPLE.read_text("utf-8"))
    data["tables"]["litigation"]["cases"]["review_upheld"] = number
    data["agency"]["name"] += f"第{number}分局"  # one report a year per agency
    path = folder / f"variant-{number}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


@pytest.mark.parametrize("leave", [0, 48 * 1024], ids=["full", "almost-full"])
def test_a_full_disk_opens_anyway_and_says_so(small_disk, leave, tmp_path):
    db = small_disk / "nianbao.db"
    for number in range(2):
        assert main_py("--db", db, "import", _variant(tmp_path, number)).returncode == 0
    _fill(small_disk, leave)
    before = _digest(db)
    listed = main_py("--db", db, "list")
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.splitlines()) == 2 and "磁盘已满" in listed.stderr
    imported = main_py("--db", db, "import", _variant(tmp_path, 2))
    assert imported.returncode == 2 and "磁盘已满" in imported.stderr.splitlines()[-1]
    assert APOLOGY not in imported.stderr
    assert _digest(db) == before
    assert not list(small_disk.rglob("*.partial"))
    (small_disk / "filler").unlink()
    assert main_py("--db", db, "import", _variant(tmp_path, 2)).returncode == 0


def test_partial_copies_left_by_a_kill_are_cleaned_on_the_next_open(db):
    folder = backups.backup_folder(db)
    left = folder / "nianbao-20260101-000000-000000.partial"  # what a kill during a copy leaves
    left.write_bytes(b"SQLite format 3\0half")
    with Store(db) as store:
        store.edit(1, {CELL: 5})
    Store(db).close()
    assert not left.exists()
    assert len(database.list_backups(db)) == 2


# 4. Processes at once ---------------------------------------------------------------------------


def test_thirty_imports_three_at_a_time_into_a_new_database_all_succeed(tmp_path):
    db = tmp_path / "new.db"
    with ThreadPoolExecutor(3) as pool:
        files = [_variant(tmp_path, number) for number in range(30)]
        results = list(pool.map(lambda path: main_py("--db", db, "import", path), files))
    failed = [r.stderr for r in results if r.returncode != 0]
    assert not failed
    assert len(main_py("--db", db, "list").stdout.splitlines()) == 30
    assert len(database.list_backups(db)) <= backups.BACKUPS_KEPT


def test_openings_at_once_never_trip_over_each_other(tmp_path):
    """Migrating, probing the folder, backing up and pruning, in three threads at once."""
    errors = []

    def open_and_edit(path, start):
        try:
            start.wait()
            for number in range(4):
                with Store(path) as store:
                    report_id = store.create()
                    store.edit(report_id, {CELL: number})
                os.utime(path, (time.time() + number, time.time() + number))
        except Exception as error:  # noqa: BLE001 - every failure is the test's finding
            errors.append(repr(error))

    for round_ in range(4):
        path = tmp_path / f"round{round_}.db"
        start = threading.Barrier(3)
        threads = [threading.Thread(target=open_and_edit, args=(path, start)) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []


# 6. Paths ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("db_arg", "message"),
    [("", "请给出数据库文件名"), ("{tmp}", "是文件夹"), ("{tmp}/typo/x.db", "文件夹不存在")],
)
def test_a_database_path_that_cannot_be_one_is_one_line(tmp_path, db_arg, message):
    line = _one_chinese_line(main_py("--db", db_arg.format(tmp=tmp_path), "list"))
    assert message in line
    assert not (tmp_path / "typo").exists()  # a mistyped --db creates no folder


def test_check_into_a_pipe_that_closes_early_is_quiet(tmp_path):
    child = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "check", *[str(SAMPLE)] * 600],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    child.stdout.readline()
    child.stdout.close()  # as `| head -1` does
    stderr = child.stderr.read()
    assert child.wait() == 0
    assert APOLOGY not in stderr and "Traceback" not in stderr and "Exception" not in stderr


# 8. The database's smaller failures -------------------------------------------------------------


def test_a_damaged_database_is_said_in_one_sentence_with_details_in_the_log(db):
    with open(db, "r+b") as file:
        file.seek(4096)
        file.write(os.urandom(4096 * 3))
    result = main_py("--db", db, "list")
    assert result.returncode == 2
    first, *others = result.stderr.splitlines()
    assert "已损坏" in first and "nianbao-errors.log" in first
    assert all(line.startswith("可用的备份") for line in others)
    log = (db.parent / "nianbao-errors.log").read_text("utf-8")
    assert "damaged database" in log


def test_a_read_only_database_file_is_listed_and_edits_are_refused(db):
    if subprocess.run(["chattr", "+i", str(db)], capture_output=True).returncode != 0:
        pytest.skip("this file system cannot make a file immutable")
    try:
        listed = main_py("--db", db, "list")
        edited = main_py("--db", db, "delete", "1")
    finally:
        subprocess.run(["chattr", "-i", str(db)], check=True)
    assert listed.returncode == 0 and "阿合奇县教育和科学技术局" in listed.stdout
    assert "只能查看" in listed.stderr
    assert edited.returncode == 2 and "不能修改" in edited.stderr.splitlines()[-1]
    assert APOLOGY not in edited.stderr


def test_an_agency_and_year_matching_several_reports_lists_them(db, tmp_path):
    with Store(db) as store:  # two of one agency and year, as an older version could store
        second = read_report(SAMPLE)
        second.values["litigation.cases.review_upheld"] = 7
        store.create(second)
    out = tmp_path / "out.json"
    result = main_py("--db", db, "export-json", "阿合奇县教育和科学技术局", "2021", "-o", out)
    line = _one_chinese_line(result)
    assert "有 2 份报告" in line and "1、2" in line
    assert not out.exists()


def test_sqlite_failures_are_told_by_their_code(db, monkeypatch):
    monkeypatch.setattr(database, "BUSY_SECONDS", 0)
    blocker = sqlite3.connect(db, isolation_level=None)
    try:
        with Store(db) as store:
            blocker.execute("BEGIN IMMEDIATE")
            with pytest.raises(StoreError, match="另一个程序正在使用数据库"):
                store.edit(1, {CELL: 3})
            blocker.execute("ROLLBACK")
    finally:
        blocker.close()


@pytest.mark.parametrize("protected", ["file", "folder"])
def test_the_window_opens_a_read_only_database_and_says_so(qtbot, db, protected):
    from tests.clerk import answer_message_box
    from ui.app import open_store

    target = db if protected == "file" else db.parent
    if subprocess.run(["chattr", "+i", str(target)], capture_output=True).returncode != 0:
        pytest.skip("this file system cannot make a file immutable")
    try:
        seen = answer_message_box(qtbot)
        store = open_store(db)
        try:
            assert "只能查看" in seen["text"]
            assert store.list_reports()[0].agency == "阿合奇县教育和科学技术局"
            with pytest.raises(StoreError, match="不能修改"):
                store.edit(1, {CELL: 1})
        finally:
            store.close()
    finally:
        subprocess.run(["chattr", "-i", str(target)], check=True)


def test_a_restore_into_a_write_protected_folder_is_one_line_and_changes_nothing(db):
    (backup,) = database.list_backups(db)
    before = _digest(db)
    if subprocess.run(["chattr", "+i", str(db.parent)], capture_output=True).returncode != 0:
        pytest.skip("this file system cannot make a folder immutable")
    try:
        result = main_py("--db", db, "restore-backup", backup)
    finally:
        subprocess.run(["chattr", "-i", str(db.parent)], check=True)
    assert "没能用" in _one_chinese_line(result)
    assert _digest(db) == before


def test_the_window_refuses_to_export_onto_the_database(qtbot, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox

    from tests.clerk import click, window_on

    db = tmp_path / "drafts.db"
    window = window_on(qtbot, (db, tmp_path / "settings.ini"))
    seen = []

    def answer():  # the save dialog, its 「替换？」 question, then the program's message
        box = QApplication.activeModalWidget()
        if isinstance(box, QFileDialog):
            box.findChild(QLineEdit, "fileNameEdit").setText(str(db))  # typed as a clerk types
            QTimer.singleShot(0, box.accept)  # its 「替换？」 question must not block this timer
        elif isinstance(box, QMessageBox) and box.text() not in seen:
            seen.append(box.text())
            yes = box.button(QMessageBox.StandardButton.Yes)
            (yes or box.buttons()[0]).click()

    timer = QTimer()
    timer.timeout.connect(answer)
    timer.start(100)
    try:
        click(window, "文件", "导出交换文件…")
    finally:
        timer.stop()
        window.close()
        window.store.close()
    assert any("是数据库或它的备份" in text for text in seen), seen
    with Store(db) as store:  # still the database, not a JSON file
        assert store.list_reports()[0].agency == "阿合奇县教育和科学技术局"


def _another_programs_empty_database(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")  # writes SQLite's header; dropped: nothing is left
    conn.execute("DROP TABLE t")
    conn.close()
    return path


@pytest.mark.parametrize("kind", ["empty-sqlite", "fifo"])
def test_restore_refuses_what_is_not_our_database_and_changes_nothing(db, tmp_path, kind):
    if kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs here")
        source = tmp_path / "pipe.db"
        os.mkfifo(source)
        expected = "不是普通文件"
    else:
        source = _another_programs_empty_database(tmp_path / "other.db")
        expected = "不是年报填报助手的数据库"
    before = _digest(db)
    line = _one_chinese_line(main_py("--db", db, "restore-backup", source, timeout=60))
    assert expected in line
    assert _digest(db) == before
    assert "阿合奇县教育和科学技术局" in main_py("--db", db, "list").stdout


@contextmanager
def _write_protected(folder: Path) -> Iterator[None]:
    """The folder cannot be written for the duration: `chattr +i` for root (whom file modes do
    not stop), the file modes for anyone else."""
    if os.name != "posix":
        pytest.skip("write protection is tried with POSIX tools")
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
            pytest.skip("this file system cannot make a folder immutable")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("left", ["nothing", "a WAL without its index"])
def test_a_database_in_a_read_only_folder_opens_for_viewing_and_export(db, tmp_path, left):
    acknowledged = []
    if left != "nothing":
        acknowledged = _killed_writer(db)  # its edits are in the WAL only
        Path(f"{db}-shm").unlink()  # as copied to a write-protected share: the file and its WAL
    folder = db.parent / "protected"
    folder.mkdir()
    for name in os.listdir(db.parent):
        if name.startswith(db.name) and Path(db.parent, name).is_file():
            os.replace(db.parent / name, folder / name)
    protected, out = folder / db.name, tmp_path / "out.json"
    before = sorted(os.listdir(folder))
    with _write_protected(folder):
        listed = main_py("--db", protected, "list")
        exported = main_py("--db", protected, "export-json", "1", "-o", out)
        deleted = main_py("--db", protected, "delete", "1")
    assert listed.returncode == 0 and "阿合奇县教育和科学技术局" in listed.stdout, listed.stderr
    (warning,) = listed.stderr.splitlines()
    assert "不可写" in warning and "只能查看，不能修改" in warning
    assert exported.returncode == 0, exported.stderr
    cells = [n for n in acknowledged if n % 2 == 0]
    texts = [n for n in acknowledged if n % 2]
    report = read_report(out)
    if cells:
        assert report.values[CELL] in (max(cells), max(cells) + 2)
    if texts:
        assert report.texts["problems"] in {f"第{n}次修改" for n in (max(texts), max(texts) + 2)}
    assert deleted.returncode == 2 and "不能修改" in deleted.stderr.splitlines()[-1]
    assert APOLOGY not in deleted.stderr + exported.stderr
    assert sorted(os.listdir(folder)) == before  # nothing written beside it
