"""Time one full check of a fully filled report, against a trivial Python call measured in the same run.

python bench/bench_check.py
"""

import statistics
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models.checks.check import check  # noqa: E402
from models.exchange import read_report  # noqa: E402

CITY = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "city-2022.json"


def median_seconds(call, number: int, repeat: int = 31) -> float:
    return statistics.median(t / number for t in timeit.repeat(call, number=number, repeat=repeat))


def main() -> None:
    report = read_report(CITY)
    assert check(report) == [], "the benchmark report must be complete and clean"
    yardstick = median_seconds(lambda: len("x"), number=20000)
    full_check = median_seconds(lambda: check(report), number=200)
    print(f"trivial call (yardstick): {yardstick * 1e9:8.0f} ns")
    print(
        f"full check of a filled report: {full_check * 1e6:8.1f} µs "
        f"= {full_check / yardstick:,.0f} × yardstick"
    )


if __name__ == "__main__":
    main()
