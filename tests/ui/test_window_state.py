"""The window's state is kept as it changes: after kill -9 the window reopens on the tab and
cell where the clerk was, with the panel sizes the clerk dragged."""

import os
import signal
import subprocess
import sys

import pytest

from models.exchange import read_report
from models.storage.store import Store
from tests.clerk import window_on
from tests.conftest import ROOT, SAMPLE


def share_of_problems(sizes: list[int]) -> float:
    return sizes[1] / sum(sizes)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_after_kill_9_the_window_reopens_where_the_clerk_was(qtbot, paths):
    db, ini = paths
    with Store(db) as store:
        report_id = store.create(read_report(SAMPLE))
    child = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "gui_window_state.py"), str(db), str(ini)]
        + [str(report_id)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = child.stdout.readline()
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    section, key, sizes = line.split()
    assert section == "applications" and key.startswith("applications.")
    window = window_on(qtbot, paths, sample=False)
    try:
        assert window.session.report_id == report_id
        assert window.editor.place() == (section, key)
        # The panel keeps the share of the height it was dragged to (not the first 1/5).
        dragged = share_of_problems([int(size) for size in sizes.split(",")])
        assert dragged > 0.25
        assert abs(share_of_problems(window.editor.sizes()) - dragged) < 0.02
    finally:
        window.close()
        window.store.close()
