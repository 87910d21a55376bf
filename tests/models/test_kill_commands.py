"""SIGKILL every writing command at random moments: the database opens, nothing acknowledged is lost.

Each command runs as the clerk runs it (a fresh `main.py` process) on a database of a few hundred
reports, and is killed at a moment drawn (seeded by KILL_SEED, reproducible) from its own unkilled
run time: during start-up, the backup taken at opening, the transaction, or the output's rename.
After every kill the program must open the database (not 「只读」, not 「已损坏」) and every report
acknowledged before the kill must be there as it was — or, for a restore, in the kept copy.
"""

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from models.exchange import dumps_report, read_report
from models.service import ReportService
from models.storage import backups, database
from models.storage.store import FINAL, Store
from tests.conftest import ROOT, SAMPLE, main_py

KILLS_EACH = 20  # five commands: the 100 kills
REPORTS = 300
# Kills fall between this share of the command's unkilled run time and its end: the first part
# of every run is Python starting and importing, the same for every command.
START = 0.4

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL"),
]


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Path:
    """A database of REPORTS reports, closed (no WAL), to be copied for each command."""
    path = tmp_path_factory.mktemp("filled") / "nianbao.db"
    report = read_report(SAMPLE)
    with Store(path) as store:
        for _number in range(REPORTS):
            store.create(report)
    return path


def _contents(db: Path) -> dict:
    """Everything acknowledged: each report (bin included) as exchange JSON, its status, finals.

    Opening through the Store is itself the first check: it must not refuse the file.
    """
    with Store(db) as store:
        summaries = store.list_reports() + store.list_reports(deleted=True)
        return {
            s.id: (
                dumps_report(store.load(s.id)),
                s.status,
                s.version,
                s.deleted_at,
                tuple(f.sha256 for f in store.finals(s.id)),
            )
            for s in summaries
        }


def _integrity(db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def _run(db: Path, args: list) -> float:
    """Run the command to its end; how long it took."""
    started = time.monotonic()
    result = main_py("--db", db, *args)
    assert result.returncode == 0, result.stderr
    return time.monotonic() - started


def _kill_during(db: Path, args: list, delay: float) -> None:
    child = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--db", str(db), *map(str, args)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    child.wait()


def _after_kill(db: Path) -> dict:
    """The database after a kill: the program opens it, SQLite finds it whole."""
    listing = main_py("--db", db, "list")
    assert listing.returncode == 0, listing.stderr
    assert "只读" not in listing.stderr and "只能查看" not in listing.stderr, listing.stderr
    contents = _contents(db)
    _integrity(db)
    return contents


def _change_something(db: Path, number: int) -> None:
    """An acknowledged edit, so that the next command has something new to keep (a text: the
    report stays free of 错误, so that it can be finalized)."""
    with Store(db) as store:
        store.edit(1, {"texts.problems": f"第{number}次修改"})


def _kills(db: Path, args: list, check, prepare=None) -> None:
    rng = random.Random(f"{os.environ.get('KILL_SEED', '23')}:{args[0]}")
    if prepare:
        prepare(0)
    duration = _run(db, args)
    for number in range(1, KILLS_EACH + 1):
        if prepare:
            prepare(number)
        before = _contents(db)
        _kill_during(db, args, rng.uniform(START, 1.05) * duration)
        check(before, _after_kill(db))


@pytest.fixture
def db(filled, tmp_path) -> Path:
    path = tmp_path / "nianbao.db"
    shutil.copyfile(filled, path)
    return path


def test_kills_during_restore_lose_nothing(db):
    Store(db).close()  # the first backup
    (taken,) = database.list_backups(db)
    backup = db.parent / "saved-copy.db"  # kept apart: every opening rotates the backup folder
    shutil.copyfile(taken, backup)
    restored = _contents(backup)

    def prepare(number):
        _change_something(db, number)  # the database always differs from the backup

    def check(before, after):
        if after == before:
            return
        assert after == restored, "neither the database nor the backup"
        kept = [p for p in database.list_backups(db) if p.stem.endswith(backups.KEPT_SUFFIX)]
        assert kept, "the replaced database was not kept"
        copy = db.parent / "kept-copy.db"  # opening takes backups: not inside the backup folder
        shutil.copyfile(kept[0], copy)
        assert _contents(copy) == before, "the kept copy is not what was replaced"
        copy.unlink()

    _kills(db, ["restore-backup", backup], check, prepare)


def test_kills_during_next_year_lose_nothing(db):
    def prepare(number):
        _change_something(db, number)
        with Store(db) as store:
            for made in store.find_all("阿合奇县教育和科学技术局", 2022):
                store.delete(made)  # else next-year refuses: a report for 2022 exists

    def check(before, after):
        assert {k: after[k] for k in before} == before
        new = [k for k in after if k not in before]
        assert len(new) <= 1
        if new:
            assert after[new[0]][3] is None and '"year": 2022' in after[new[0]][0]

    _kills(db, ["next-year", "1"], check, prepare)


def test_kills_during_finalize_lose_nothing(db):
    def check(before, after):
        assert set(after) == set(before)
        assert {k: after[k] for k in before if k != 1} == {
            k: v for k, v in before.items() if k != 1
        }
        text, status, version, _deleted, finals = after[1]
        assert text == before[1][0]
        if status == FINAL:
            assert finals[:-1] == before[1][4] and len(finals) == len(before[1][4]) + 1
            with Store(db) as store:
                assert dumps_report(ReportService(store).load_final(store.finals(1)[-1].id)) == text
        else:
            assert finals == before[1][4]

    _kills(db, ["finalize", "1"], check, lambda number: _change_something(db, number))


def test_kills_during_import_lose_nothing(db):
    imported = dumps_report(read_report(SAMPLE))

    def check(before, after):
        assert {k: after[k] for k in before} == before
        new = [k for k in after if k not in before]
        assert len(new) <= 1 and all(after[k][0] == imported for k in new)

    _kills(db, ["import", SAMPLE], check, lambda number: _change_something(db, number))


def test_kills_during_aggregate_lose_nothing(db, tmp_path):
    out = tmp_path / "sum.json"

    def prepare(number):
        if number == 0:  # three reports of three departments
            with Store(db) as store:
                store.rename(2, "阿合奇县财政局")
                store.rename(3, "阿合奇县卫生健康委员会")
        _change_something(db, number)

    def check(before, after):
        assert after == before
        if out.exists():  # whole or not there: the summed report reads back
            assert read_report(out).agency.name == "汇总"

    _kills(
        db,
        ["aggregate", "1", "2", "3", "--agency", "汇总", "-o", out],
        check,
        prepare,
    )
