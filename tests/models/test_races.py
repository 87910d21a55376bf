"""Two processes at once on one database: what one of them acknowledges is what the file holds."""

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from models.checks.check import check
from models.checks.findings import Severity
from models.exchange import dumps_report, loads_report, read_report
from models.service import ReportService
from models.storage.store import FINAL, Store, StoreError
from tests.conftest import CITY, ROOT, SAMPLE, main_py

AGENCY = "阿合奇县教育和科学技术局"


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "nianbao.db"
    with Store(path) as store:
        store.create(read_report(SAMPLE))
    return path


def _editing(db):
    """A child editing report 1 without pause: a text, then the cell (right, wrong, right …)."""
    child = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "edit_stream.py"), str(db), "1", "1", "toggle"],
        stdout=subprocess.PIPE,
        text=True,
    )
    started = threading.Event()

    def drain():
        for _line in child.stdout:
            started.set()

    threading.Thread(target=drain, daemon=True).start()
    assert started.wait(30), "the editing child never saved an edit"
    return child


def _final_is_the_report(db) -> bool:
    """While the report is 定稿, its snapshot is what the report holds, and has no 错误."""
    with Store(db) as store:
        status, _version = store.status(1)
        if status != FINAL:
            return False
        snapshot = ReportService(store).load_final(store.finals(1)[-1].id)
        assert dumps_report(snapshot) == dumps_report(store.load(1))
        assert not [f for f in check(snapshot) if f.severity is Severity.ERROR]
        return True


@pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="needs SIGSTOP")
def test_finalize_racing_edits_from_another_process_snapshots_what_the_report_holds(db):
    child = _editing(db)
    finals = refused = 0
    try:
        with Store(db) as store:
            deadline = time.monotonic() + 60
            while finals < 15 and time.monotonic() < deadline:
                time.sleep(0.01)  # a writer that never pauses would starve the other of the lock
                try:
                    ReportService(store).finalize(1)
                except StoreError:
                    refused += 1  # it had 错误 at that moment
                    continue
                os.kill(child.pid, signal.SIGSTOP)  # nothing changes while it is looked at
                try:
                    finals += _final_is_the_report(db)
                finally:
                    os.kill(child.pid, signal.SIGCONT)
    finally:
        child.kill()
        child.wait()
    assert finals >= 5 and refused, (finals, refused)
    with Store(db) as store:  # every snapshot ever taken is free of 错误
        for final in store.finals(1):
            content = loads_report(dumps_report(ReportService(store).load_final(final.id)).encode())
            assert not [f for f in check(content) if f.severity is Severity.ERROR]


def test_next_year_twice_at_once_makes_one_report(db):
    command = [sys.executable, str(ROOT / "main.py"), "--db", str(db), "next-year", "1"]
    for _round in range(12):
        children = [
            subprocess.Popen(
                command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            for _ in range(2)
        ]
        outputs = [c.communicate() for c in children]
        results = [
            (c.returncode, err, out) for c, (out, err) in zip(children, outputs, strict=True)
        ]
        codes = sorted(code for code, _err, _out in results)
        assert codes == [0, 2], results
        assert any("已经存在" in err for _code, err, _out in results), results
        with Store(db) as store:
            made = store.find_all(AGENCY, 2022)
            assert len(made) == 1
            store.delete(made[0])


def test_undelete_of_a_report_not_in_the_bin_says_so(db):
    result = main_py("--db", db, "undelete", "1")
    assert result.returncode == 2 and "不在回收站中" in result.stderr
    assert "已取回" not in result.stdout
    assert main_py("--db", db, "delete", AGENCY, "2021").returncode == 0
    result = main_py("--db", db, "undelete", AGENCY, "2021")  # named as the clerk knows it
    assert result.returncode == 0 and "已取回报告 1" in result.stdout, result.stderr
    with Store(db) as store:
        assert [s.id for s in store.list_reports()] == [1]


def test_a_final_prints_the_text_its_fingerprint_was_taken_of(db, tmp_path):
    """A database finalized by the earlier program while the window edited holds a 定稿 whose
    report has newer text than its snapshot: the print is the snapshot, under its fingerprint."""
    with Store(db) as store:
        final = ReportService(store).finalize(1)
    conn = sqlite3.connect(db)  # the state that race left: status 定稿, newer text in the report
    with conn:
        conn.execute(
            "UPDATE fields SET value = '定稿之后改的' WHERE report_id = 1 AND location = ?",
            ["texts.problems"],
        )
    conn.close()
    result = main_py("--db", db, "export", "1", "-o", tmp_path / "final.html")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "final.html").read_text("utf-8")
    assert final.short_fingerprint in page and "定稿之后改的" not in page
    snapshot = read_report(SAMPLE)
    assert snapshot.texts["problems"][:20] in page


def test_a_command_waits_for_no_window_and_the_windows_edits_survive_it(tmp_path):
    """On Linux a process loses SQLite's locks on a file when it closes any handle of it, as a
    window does when a file dialog shows the database's folder. A command that wrote then took
    the window's WAL away, and the window's next save failed as 「malformed」: a command that
    writes is now refused while a window has the database, one that reads reads read-only."""
    db = tmp_path / "nianbao.db"
    with Store(db) as store:
        store.create(read_report(SAMPLE))
    window = Store(db, exclusive=True)
    try:
        window.edit(1, {"agency.office": "办公室甲"})
        open(db, "rb").close()  # what Qt's file dialog does to the files of the folder it shows
        imported = main_py("--db", db, "import", CITY)
        assert imported.returncode == 2
        assert "正在窗口中打开" in imported.stderr and "Traceback" not in imported.stderr
        read = main_py("--db", db, "list")  # a command that only reads may, read-only
        assert read.returncode == 0 and read.stdout.startswith("1\t")
        assert Path(f"{db}-wal").exists()  # a read-only connection never takes the WAL away
        window.edit(1, {"agency.office": "办公室乙"})
    finally:
        window.close()
    listed = main_py("--db", db, "list")
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == 1
    with Store(db) as store:
        assert store.load(1).agency.office == "办公室乙"
