"""Count, for each shape of a published report the readers are tested on, the cells read right.

    python tools/measure_reading.py

Each fixture in tests/fixtures/published/ named below is read with readers.read_published and
compared cell by cell with the report it was made from. A cell is right when its value is the
original's (blank for blank); it is unsure when the reader marked it 存疑 (right or not); it is
wrong when it differs and was not marked (a silent wrong number: there must be none); unread when
the reader gave no value and no source for it. The verdict of `check` on what was read (as a
review judges it: a finding that rests on a doubted cell is a 提示 of the reading, see
models/checks/reading.py) is compared with its verdict on the original: the 错误 found on one
and not the other are listed.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.checks.check import check  # noqa: E402
from models.checks.findings import Finding, Severity  # noqa: E402
from models.checks.reading import as_read  # noqa: E402
from models.exchange import read_report  # noqa: E402
from models.report import Report, standard_preamble  # noqa: E402
from readers import ReadError, read_published  # noqa: E402
from readers.interpret import Reading  # noqa: E402
from tools.make_reader_fixtures import FIXTURES, OUT, published_city_report  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "akqi-education-2021.json"


def published_qingshan_report() -> Report:
    """The district's 2022 report as published: its opening paragraph names its profile."""
    report = read_report(FIXTURES / "region" / "qingshan-2022.json")
    report.texts["preamble"] = standard_preamble(report)
    return report


def originals() -> dict[str, Report]:
    """The report each fixture was made from, by the start of the fixture's name (the longest
    that fits is meant)."""
    from tools.make_shape_fixtures import PAGE_BREAKS, long_city_report

    found = {
        "city-2022": published_city_report(),
        "county-2020": read_report(FIXTURES / "county-2020.json"),
        "qingshan-2022": published_qingshan_report(),
        "city-2022-slips": read_report(OUT / "city-2022-slips.json"),
        "akqi-education-2021": read_report(SAMPLE),
    }
    return found | {name: long_city_report(n) for name, (n, _open) in PAGE_BREAKS.items()}


# Each shape's fixtures, and the share of their cells, all counted together, that must be right
# (issue 20's must-show).
SHAPES = {
    "one-line text": (
        [
            "city-2022-one-line.txt",
            "county-2020-one-line.txt",
            "qingshan-2022-one-line.txt",
            "akqi-education-2021-one-line.txt",
        ],
        0.95,
    ),
    "converter Markdown": (["city-2022-converter.md", "county-2020-converter.md"], 0.95),
    "WPS PDF cut by a page break": (
        ["city-2022-page-foot-wps.pdf", "city-2022-split-row-wps.pdf"],
        0.98,
    ),
    "pdftotext -layout text": (
        ["city-2022-page-foot-wps-layout.txt", "city-2022-split-row-wps-layout.txt"],
        0.98,
    ),
}


@dataclass
class Score:
    """How the cells of one reading compare with the original's."""

    total: int = 0
    right: list[str] = field(default_factory=list)
    unsure: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)  # differ and not marked 存疑
    unread: list[str] = field(default_factory=list)
    verdict: set[str] = field(default_factory=set)  # 错误 on one side only

    @property
    def share(self) -> float:
        return len(self.right) / self.total if self.total else 1.0


def score(reading: Reading, original: Report) -> Score:
    """The cells of a reading against the report it was made from."""
    result = Score(total=len(original.format.cells))
    read = reading.report.values
    for key in original.format.cells:
        cell = reading.cells.get(key)
        if cell is None:
            result.unread.append(key)
            continue
        if cell.unsure:
            result.unsure.append(key)
        if read.get(key) == original.values.get(key):
            result.right.append(key)
        elif not cell.unsure:
            result.wrong.append(key)
    doubted = set(result.unsure) | set(result.unread)
    read_errors = _errors(as_read(reading.report, check(reading.report), doubted))
    result.verdict = {f"{r}@{loc}" for r, loc in read_errors ^ _errors(check(original))}
    return result


def len_of(item: tuple[str, Report]) -> int:
    return len(item[0])


def _errors(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(f.rule, f.location) for f in findings if f.severity is Severity.ERROR}


def fixture_scores(name: str) -> tuple[Score, Reading | None]:
    """Read one fixture and score it against its original (every cell unread if refused)."""
    return fixture_scores_of(OUT / name)


def fixture_scores_of(path: Path) -> tuple[Score, Reading | None]:
    """Read a file made from a fixture's original, named as the fixture, and score it."""
    name = path.name
    report = max(((s, r) for s, r in originals().items() if name.startswith(s)), key=len_of)[1]
    try:
        reading = read_published(path)
    except ReadError as error:
        print(f"  {name}: {error}")
        return Score(total=len(report.format.cells), unread=list(report.format.cells)), None
    return score(reading, report), reading


def main() -> None:
    for shape, (names, goal) in SHAPES.items():
        print(f"{shape} (goal ≥ {goal:.0%}):")
        right = total = 0
        for name in names:
            result, _reading = fixture_scores(name)
            right, total = right + len(result.right), total + result.total
            print(
                f"  {name}: {len(result.right)}/{result.total} right ({result.share:.1%}), "
                f"{len(result.unsure)} 存疑, {len(result.wrong)} silently wrong, "
                f"{len(result.unread)} unread; check differs on {sorted(result.verdict) or 'none'}"
            )
        print(f"  all: {right}/{total} right ({right / total:.1%})")


if __name__ == "__main__":
    main()
