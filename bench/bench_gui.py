"""The window: cold start to first window shown, and one keystroke edit to validated, saved and
repainted. Offscreen.

    python bench/bench_gui.py

Yardsticks in the same run: a bare `import PySide6.QtWidgets` in a fresh process (for the start),
and a bare durable SQLite commit (for the edit).
"""

import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RUNS = 5
EDITS = 300
START_SCRIPT = """
import sys, time
start = time.perf_counter()
sys.path.insert(0, {root!r})
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
from ui.app import ensure_chinese_font
from models.store import Store
from ui.main_window import MainWindow
app = QApplication([])
ensure_chinese_font()
store = Store({db!r}, exclusive=True)
window = MainWindow(store, QSettings({ini!r}, QSettings.Format.IniFormat))
window.show()
app.processEvents()
print(time.perf_counter() - start)
"""


def fresh(code: str) -> float:
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    total = time.perf_counter() - start
    return float(out.stdout.strip().splitlines()[-1]) if out.stdout.strip() else total


def whole(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)
    return time.perf_counter() - start


def edits(folder: Path) -> list[float]:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from models.exchange import read_report
    from models.store import Store
    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    store = Store(folder / "edits.db", exclusive=True)
    report_id = store.create(read_report(ROOT / "tests" / "fixtures" / "city-2022.json"))
    window = MainWindow(store, QSettings(str(folder / "e.ini"), QSettings.Format.IniFormat))
    window.show()
    window.open_report(report_id)
    editor = window.editor
    editor.tabs.setCurrentWidget(editor.pages["applications"])
    view = editor.table_view("applications")
    model = view.table_model()
    index = model.index_of("applications.withheld_4.natural_person")
    samples = []
    for number in range(EDITS):
        start = time.perf_counter()
        model.setData(index, str(number % 50))  # what the delegate does on Enter
        app.processEvents()  # paints what the edit marked dirty
        samples.append(time.perf_counter() - start)
    window.close()
    store.close()
    return samples


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        bare = statistics.median(whole("import PySide6.QtWidgets") for _ in range(RUNS))
        script = START_SCRIPT.format(
            root=str(ROOT), db=str(folder / "start.db"), ini=str(folder / "s.ini")
        )
        starts = [whole(script) for _ in range(RUNS)]
        start = statistics.median(starts)
        conn = sqlite3.connect(folder / "bare.db", isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("CREATE TABLE t (v)")
        commits = []
        for number in range(100):
            t = time.perf_counter()
            conn.execute("INSERT INTO t VALUES (?)", [number])
            commits.append(time.perf_counter() - t)
        commit = statistics.median(commits)
        samples = sorted(edits(folder))
    p99 = samples[int(0.99 * len(samples)) - 1]
    print(f"bare `import PySide6.QtWidgets` process: {bare * 1000:.0f} ms (yardstick)")
    print(
        f"start to first window shown (process): {start * 1000:.0f} ms = "
        f"yardstick + {(start - bare) * 1000:.0f} ms"
    )
    print(f"bare durable commit: {commit * 1000:.2f} ms (yardstick)")
    print(
        f"keystroke edit → validated, saved, repainted: median "
        f"{statistics.median(samples) * 1000:.2f} ms = {statistics.median(samples) / commit:.1f}×, "
        f"p99 {p99 * 1000:.2f} ms = {p99 / commit:.1f}×"
    )


if __name__ == "__main__":
    main()
