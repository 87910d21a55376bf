"""The window: start to the first window shown, and a number typed into a cell of 三 and
committed with Enter — keystroke to durably saved, and keystroke to repainted. Offscreen.

    python bench/bench_gui.py [--start]      (--start: the start figures only)

The start is the program's own: `main.py --db DB` in a fresh process, with its bytecode (as
installed), on a database whose report was open when the window last closed — once reopened on
基本信息, once on a cell of table 三. The process quits as soon as its first window has been shown
and painted; its whole life (wall clock, and CPU time for a steadier figure on a busy machine) is
timed, alternating with the yardstick: a bare `import PySide6.QtWidgets` in a fresh process.

The keys go through Qt as a clerk's do (QTest.keyClicks on the table opens the cell editor, Enter
on the editor commits it). "Saved" is when the session says 已保存 (the store's commit returned);
"repainted" is when the event loop has painted everything the edit marked dirty (the cell, its
total, markers, the problems panel, the tab titles). The yardstick of the keystroke: a bare
durable SQLite commit (WAL, synchronous=FULL, in the same folder).
"""

import os
import resource
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

from bench.installed import installed_environment  # noqa: E402

RUNS = 11
EDITS = 300
SIZES = [(1280, 720), (1024, 600)]  # at 1024×600 the frozen panes are shown
HISTORY_ROWS = 10_000
TEXT_CHARACTERS = 1_000_000
BARE = "import PySide6.QtWidgets"
# main.py as the clerk starts it; a timer set before it starts quits once the window is painted.
START_SCRIPT = """
import runpy, sys
sys.argv = ["main.py", "--db", {db!r}]
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

app = QApplication(sys.argv)

def shown():
    app.processEvents()
    assert any(w.isVisible() for w in app.topLevelWidgets()), "no window was shown"
    app.quit()

QTimer.singleShot(0, shown)
runpy.run_path({main!r}, run_name="__main__")
"""


def whole(code: str, env: dict[str, str]) -> tuple[float, float]:
    """The wall time and the CPU time (user and system) of a fresh process running `code`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def reopened(folder: Path, name: str, place: tuple[str, str] | None = None) -> Path:
    """A database with the sample report, and the window settings beside it that reopen it (at
    `place`, a tab's section and a cell, when given)."""
    from PySide6.QtCore import QSettings

    from models.exchange import read_report
    from models.storage.store import Store
    from ui.main_window import settings_path

    db = folder / f"{name}.db"
    with Store(db) as store:
        report_id = store.create(
            read_report(ROOT / "resources" / "samples" / "akqi-education-2021.json")
        )
    settings = QSettings(str(settings_path(db)), QSettings.Format.IniFormat)
    settings.setValue("last_report", report_id)
    if place is not None:
        settings.setValue(f"place/{report_id}", list(place))
    settings.sync()
    return db


def starts(folder: Path) -> list[str]:
    """The start on 基本信息 and on table 三 against the bare import, runs alternating."""
    env = installed_environment(folder)  # bytecode kept, as an installed copy has it
    scripts = {
        case: START_SCRIPT.format(db=str(reopened(folder, name, place)), main=str(ROOT / "main.py"))
        for case, name, place in [
            ("基本信息", "profile", None),
            ("table 三", "table", ("applications", "applications.received.natural_person")),
        ]
    }
    codes = {"bare": BARE, **scripts}
    for code in codes.values():
        whole(code, env)  # uncounted: compiles the bytecode
    runs: dict[str, list[tuple[float, float]]] = {case: [] for case in codes}
    for _ in range(RUNS):
        for case, code in codes.items():
            runs[case].append(whole(code, env))
    wall, cpu = (
        {case: statistics.median(r[i] for r in runs[case]) for case in runs} for i in (0, 1)
    )
    lines = [
        f"bare `{BARE}` process: {wall['bare'] * 1000:.0f} ms wall, "
        f"{cpu['bare'] * 1000:.0f} ms CPU (yardstick; medians of {RUNS})"
    ]
    for case in scripts:
        lines.append(
            f"start to a report reopened on {case} (main.py, with bytecode): "
            f"{wall[case] * 1000:.0f} ms = yardstick + {(wall[case] - wall['bare']) * 1000:.0f} ms "
            f"wall; CPU yardstick + {(cpu[case] - cpu['bare']) * 1000:.0f} ms"
        )
    return lines


def long_history(store, report_id: int) -> None:
    """HISTORY_ROWS changes in the report's history, as that many saved edits leave them."""
    store.edit(report_id, {"texts.problems": "起"})
    first = store._conn.execute("SELECT MAX(batch) FROM history").fetchone()[0] + 1
    at = "2026-01-01T00:00:00"
    rows = [
        (report_id, first + n, "texts.problems", str(n), str(n + 1), at)
        for n in range(HISTORY_ROWS)
    ]
    conn = store.db.conn
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "INSERT INTO history (report_id, batch, location, old, new, at) VALUES (?,?,?,?,?,?)",
        rows,
    )
    conn.execute("COMMIT")


def long_text(store, report_id: int) -> None:
    """TEXT_CHARACTERS characters of text in 五 问题及改进."""
    sentence = "本机关将继续完善政府信息公开工作机制，提高公开质量。"
    text = (sentence * (TEXT_CHARACTERS // len(sentence) + 1))[:TEXT_CHARACTERS]
    store.edit(report_id, {"texts.problems": text})


def keystrokes(folder: Path, size: tuple[int, int], prepare=None) -> dict[str, list[float]]:
    """Keystroke → the cell repainted, → durably saved, → everything repainted, for EDITS
    numbers typed into a cell of 三 and committed with Enter, in a window of `size`, on a report
    `prepare(store, report_id)` made (a long history, a long text)."""
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from models.exchange import read_report
    from models.storage.store import Store
    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    name = prepare.__name__ if prepare else "plain"
    store = Store(folder / f"edits-{size[0]}-{name}.db", exclusive=True)
    report_id = store.create(read_report(ROOT / "tests" / "fixtures" / "city-2022.json"))
    if prepare is not None:
        prepare(store, report_id)
    window = MainWindow(store, QSettings(str(folder / "e.ini"), QSettings.Format.IniFormat))
    window.resize(*size)
    window.show()
    window.open_report(report_id)
    editor = window.editor
    editor.tabs.setCurrentWidget(editor.pages["applications"])
    view = editor.table_view("applications")
    saved_at: list[float] = []
    window.session.saved.connect(lambda _time: saved_at.append(time.perf_counter()))
    painted_at: list[float] = []
    paint = view.paintEvent

    def timed_paint(event) -> None:  # when the table's paint has finished
        paint(event)
        painted_at.append(time.perf_counter())

    view.paintEvent = timed_paint
    figures: dict[str, list[float]] = {
        "cell repainted": [],
        "durably saved": [],
        "all repainted": [],
    }
    for number in range(EDITS):
        view.select_key("applications.withheld_4.natural_person")
        QTest.keyClicks(view, str(number % 9 + 1))  # typing opens the cell editor
        cell_editor = view.indexWidget(view.currentIndex())
        app.processEvents()
        painted_at.clear()
        start = time.perf_counter()
        QTest.keyClick(cell_editor, Qt.Key.Key_Return)
        app.processEvents()  # paints what the edit marked dirty: totals, markers, panel, tabs
        figures["all repainted"].append(time.perf_counter() - start)
        figures["cell repainted"].append(painted_at[0] - start)
        figures["durably saved"].append(saved_at[-1] - start)
        assert len(saved_at) == number + 1, "an edit was not saved"
    window.close()
    store.close()
    return figures


def bare_commit(folder: Path) -> float:
    """Median time of one durable one-row commit: the floor under any saved edit."""
    conn = sqlite3.connect(folder / "bare.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE t (v)")
    commits = []
    for number in range(200):
        t = time.perf_counter()
        conn.execute("INSERT INTO t VALUES (?)", [number])
        commits.append(time.perf_counter() - t)
    conn.close()
    return statistics.median(commits)


def _figures(name: str, samples: list[float], commit: float) -> str:
    ordered = sorted(samples)
    median = statistics.median(ordered)
    p99 = ordered[max(0, int(0.99 * len(ordered)) - 1)]
    return (
        f"keystroke → {name}: median {median * 1000:.2f} ms = {median / commit:.1f}×, "
        f"p99 {p99 * 1000:.2f} ms = {p99 / commit:.1f}×"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        lines = starts(folder)
        if "--start" not in sys.argv:
            commit = bare_commit(folder)
            figures = {f"{w}×{h}": keystrokes(folder, (w, h)) for w, h in SIZES}
            figures[f"{HISTORY_ROWS:,} history rows"] = keystrokes(folder, SIZES[0], long_history)
            figures[f"{TEXT_CHARACTERS:,} characters of text"] = keystrokes(
                folder, SIZES[0], long_text
            )
            lines.append(f"bare durable commit: {commit * 1000:.2f} ms (yardstick)")
            for case, by_name in figures.items():
                for name, samples in by_name.items():
                    lines.append(f"{case}: " + _figures(name, samples, commit))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
