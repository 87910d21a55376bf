"""Nothing acknowledged is ever lost: SIGKILL a process in the middle of a stream of edits."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from models.exchange import read_report
from models.storage.store import Store
from tests.conftest import ROOT, SAMPLE

pytestmark = pytest.mark.slow  # minutes of kills / fuzzing; .ci/run runs them

KILLS = 50
CELL = "applications.received.natural_person"


def _expected_change(number):
    if number % 2:
        return ("texts.problems", f"第{number}次修改")
    return (CELL, str(number))


def _run_and_kill(db, report_id, start, delay):
    """Start the edit stream, SIGKILL it `delay` seconds after its first acknowledged edit."""
    child = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "tests" / "edit_stream.py"),
            str(db),
            str(report_id),
            str(start),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    acknowledged = []
    first = threading.Event()

    def read():
        for line in child.stdout:
            acknowledged.append(int(line))
            first.set()

    reader = threading.Thread(target=read)
    reader.start()
    assert first.wait(30), "the edit stream never acknowledged an edit"
    time.sleep(delay)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    reader.join()
    assert child.returncode == -signal.SIGKILL
    return acknowledged


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_no_acknowledged_edit_is_lost_after_kill_9(tmp_path):
    db = tmp_path / "killed.db"
    with Store(db) as store:
        report_id = store.create(read_report(SAMPLE))
    rng = random.Random(os.environ.get("KILL_SEED"))
    start, total = 1, 0  # 0 would be no change: the sample's cell is already 0
    for _kill in range(KILLS):
        acknowledged = _run_and_kill(db, report_id, start, rng.uniform(0, 0.08))
        assert acknowledged, "every kill lands after at least one acknowledged edit"
        total += len(acknowledged)
        conn = sqlite3.connect(db)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            recorded = set(
                conn.execute("SELECT location, new FROM history WHERE report_id = ?", [report_id])
            )
        finally:
            conn.close()
        missing = [n for n in acknowledged if _expected_change(n) not in recorded]
        assert not missing, f"acknowledged but lost: {missing}"
        with Store(db) as store:
            report = store.load(report_id)
            cells = [n for n in acknowledged if n % 2 == 0]
            if cells:  # the last acknowledged value, or the one edit after it
                assert report.values[CELL] in (max(cells), max(cells) + 2)
        start = max(acknowledged) + 2  # skip the one edit that may have committed unacknowledged
    assert total >= KILLS
