"""The drafts store: one durable edit, opening and listing a database of 100 reports.

    python bench/bench_store.py

Yardstick, measured in the same run: one bare sqlite3 commit of one row in WAL mode with
synchronous=FULL, the floor under any durable edit on this disk.
"""

import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models.exchange import read_report  # noqa: E402
from models.storage.store import Store  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CITY = ROOT / "tests" / "fixtures" / "city-2022.json"
EDITS = 600


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def bare_commits(folder: Path, synchronous: str) -> list[float]:
    conn = sqlite3.connect(folder / f"bare-{synchronous}.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA synchronous = {synchronous}")
    conn.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)")
    samples = []
    for number in range(EDITS):
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT OR REPLACE INTO t VALUES ('k', ?)", [str(number)])
        conn.execute("COMMIT")
        samples.append(time.perf_counter() - start)
    conn.close()
    return samples


def store_edits(folder: Path) -> list[float]:
    with Store(folder / "edits.db") as store:
        report_id = store.create(read_report(CITY))
        samples = []
        for number in range(EDITS):
            start = time.perf_counter()
            store.edit(report_id, {"applications.withheld_4.natural_person": number})
            samples.append(time.perf_counter() - start)
    return samples


def big_database(folder: Path) -> tuple[float, float]:
    path = folder / "hundred.db"
    with Store(path) as store:
        city = read_report(CITY)
        for number in range(100):
            report_id = store.create(city)
            for edit in range(50):  # a history like a real year's typing
                store.edit(report_id, {"applications.disclosed.natural_person": edit + number})
    start = time.perf_counter()
    store = Store(path)
    opened = time.perf_counter() - start
    start = time.perf_counter()
    store.list_reports()
    listed = time.perf_counter() - start
    store.close()
    return opened, listed


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        full = bare_commits(folder, "FULL")
        normal = bare_commits(folder, "NORMAL")
        edits = store_edits(folder)
        opened, listed = big_database(folder)
    yardstick = statistics.median(full)
    ms = 1000
    print(f"yardstick: bare durable commit (WAL, synchronous=FULL): {yardstick * ms:.3f} ms median")
    print(
        f"bare commit with synchronous=NORMAL (not durable): "
        f"{statistics.median(normal) * ms:.3f} ms = {statistics.median(normal) / yardstick:.2f}×"
    )
    print(
        f"one saved edit (durable, totals, history, error count): "
        f"median {statistics.median(edits) * ms:.3f} ms = "
        f"{statistics.median(edits) / yardstick:.1f}×, "
        f"p99 {percentile(edits, 0.99) * ms:.3f} ms = {percentile(edits, 0.99) / yardstick:.1f}×"
    )
    print(
        f"open a database of 100 reports with 5,000 history rows (with backup): "
        f"{opened * ms:.1f} ms = {opened / yardstick:.0f}×"
    )
    print(f"list the 100 reports: {listed * ms:.2f} ms = {listed / yardstick:.1f}×")


if __name__ == "__main__":
    main()
