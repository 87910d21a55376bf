"""The supervising office's review: many published reports, each checked (beside last year's of
the same agency when there is one), judged in one word, and summed.

What was read comes in as plain `ReadFile`s (readers/batch.py makes them from files); what goes
out is plain rows (`Review`) that export/review_book.py writes as a workbook and the window shows.
Nothing here reads or writes a file.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from models.checks.check import check
from models.checks.findings import Finding, Severity, counts
from models.checks.reading import as_read
from models.checks.text_rules import location_name
from models.format.blocks import FormatDescription
from models.format.registry import for_year
from models.i18n import _
from models.report import Report

ERRORS, UNREAD, HINTS, CLEAN = _("有错误"), _("未能读取"), _("有提示"), _("无问题")
VERDICTS = (ERRORS, UNREAD, HINTS, CLEAN)  # the order the 总览 lists them in
# the category the workbook carries in its properties: a review's own workbook is not reviewed
BOOK_CATEGORY = "nianbao-review"


@dataclass(frozen=True)
class ReadFile:
    """One file as read: its report and the cells the reading doubted, or why it was not read."""

    name: str  # as the clerk knows it: the path below the folder reviewed
    report: Report | None = None
    doubted: frozenset[str] = frozenset()  # cells 存疑 or not found
    cells: int = 0  # cells read
    unsure: int = 0  # of them, 存疑
    missing: tuple[str, ...] = ()  # parts of the report not found
    reason: str = ""  # why the file could not be read


@dataclass(frozen=True)
class FileRow:
    """A row of 总览: one file, its verdict and the reason for it."""

    file: str
    agency: str
    year: int | None
    format: str
    cells: int
    unsure: int
    errors: int
    hints: int
    verdict: str
    reason: str
    previous: str  # the file taken as last year's report, or ""


@dataclass(frozen=True)
class ProblemRow:
    """A row of 问题: one finding of one file."""

    file: str
    agency: str
    severity: str
    where: str
    message: str
    doubted: bool  # rests on a cell the reading was unsure of


@dataclass(frozen=True)
class Summed:
    """The reports of the year to sum (read whole, each agency once; models.aggregate sums
    them), and the others of the year with the reason each is left out."""

    year: int
    format: str
    sources: tuple[tuple[str, Report], ...]  # (file, report)
    left_out: tuple[tuple[str, str], ...]  # (file, why)


@dataclass
class Review:
    """What the review found: 总览, 问题 and the summed figures."""

    files: list[FileRow] = field(default_factory=list)
    problems: list[ProblemRow] = field(default_factory=list)
    summed: Summed | None = None

    @property
    def unread(self) -> int:
        """How many files could not be read."""
        return sum(row.verdict == UNREAD for row in self.files)

    def tally(self) -> dict[str, int]:
        """How many files got each verdict, in the order of VERDICTS."""
        found = Counter(row.verdict for row in self.files)
        return {verdict: found[verdict] for verdict in VERDICTS}


def review(files: list[ReadFile], previous: list[ReadFile] | None = None) -> Review:
    """Check every file (beside last year's of its agency, from `files` or `previous`), judge it,
    list its findings and sum the reports of the year that were read whole."""
    result = Review()
    candidates = [*files, *(previous or [])]
    for read in files:
        last = last_year(read, candidates)
        findings = _findings(read, last)
        result.files.append(_file_row(read, findings, last))
        result.problems += [_problem_row(read, finding) for finding in findings]
    result.files.sort(key=lambda row: (VERDICTS.index(row.verdict), row.file))
    result.summed = summed(files)
    return result


def _findings(read: ReadFile, last: ReadFile | None) -> list[Finding]:
    if read.report is None:
        return []
    before = last.report if last is not None else None
    findings = check(read.report, before, previous_any_agency=True)  # the pair was matched here
    return as_read(read.report, findings, set(read.doubted))


def _file_row(read: ReadFile, findings: list[Finding], last: ReadFile | None) -> FileRow:
    report = read.report
    errors, hints, _acknowledged = counts(findings)
    if report is None:
        verdict, reason = UNREAD, read.reason
    elif errors:
        verdict, reason = ERRORS, _first(findings, Severity.ERROR, errors)
    elif hints:
        verdict, reason = HINTS, _first(findings, Severity.HINT, hints)
    else:
        verdict, reason = CLEAN, ""
    if report is not None and read.missing:
        reason += _("；未找到：{parts}").format(parts="、".join(read.missing))
    return FileRow(
        file=read.name,
        agency=report.agency.name if report else "",
        year=report.year if report else None,
        format=report.format.name if report else "",
        cells=read.cells,
        unsure=read.unsure,
        errors=errors,
        hints=hints,
        verdict=verdict,
        reason=reason.removeprefix("；"),
        previous=last.name if last is not None else "",
    )


def _first(findings: list[Finding], severity: Severity, count: int) -> str:
    first = next(f for f in findings if f.severity is severity)
    return _("{count} 个{severity}，首个：{message}").format(
        count=count, severity=severity.value, message=first.message
    )


def _problem_row(read: ReadFile, finding: Finding) -> ProblemRow:
    report = read.report
    assert report is not None  # only a report read has findings
    cells = {finding.location, *finding.lhs_cells, *finding.rhs_cells, *finding.covers}
    return ProblemRow(
        file=read.name,
        agency=report.agency.name,
        severity=finding.severity.value,
        where=location_name(report.format, finding.location),
        message=finding.message,
        doubted=bool(cells & read.doubted),
    )


# Pairing years --------------------------------------------------------------------------------

# How a name may differ and still be the same agency: the superior places before it (「福建省」,
# 「江州市」) when the shorter name still names a place of its own (「江州市教育局」 and 「教育局」 are
# not one), the word for the body itself after it (「管委会」), full-width forms, spaces, brackets.
_IGNORED = set(" \u3000·•.。()（）〔〕[]【】")
_SAME_KIND = (("管理委员会", "管委会"), ("人民政府", "政府"))
_SUPERIOR = re.compile(r"^(?:.{2,}?(?:省|自治区|市|自治州|州|盟|地区))+$")
_OWN_PLACE = re.compile(r"^.{2,}?(?:区|县|市|旗|镇|乡|街道)")
_BODY = re.compile(r"(?:管委会|政府)$")


def similar_agency(name: str, other: str) -> bool:
    """Whether two 机关名称 name one agency: 「平潭综合实验区」 and 「平潭综合实验区管委会」,
    「福建省福州市鼓楼区人民政府」 and 「鼓楼区政府」 are; 「某县人民政府」 and 「某县人民政府办公室」,
    two 街道 of one city, or the 鼓楼区 of two cities are not. A blank name matches nothing."""
    first, second = _canonical(name), _canonical(other)
    if not first or not second:
        return False
    return any(_one_place(a, b) for a in _bodies(first) for b in _bodies(second))


def _canonical(name: str) -> str:
    text = "".join(c for c in unicodedata.normalize("NFKC", name) if c not in _IGNORED)
    for long, short in _SAME_KIND:
        text = text.replace(long, short)
    return text


def _bodies(name: str) -> set[str]:
    """The name with and without the word for the body (「管委会」, 「政府」) at its end."""
    bare = _BODY.sub("", name)
    return {name, bare} if len(bare) >= 2 else {name}


def _one_place(first: str, second: str) -> bool:
    """Equal, or the longer is the shorter (naming a place) under its superior places."""
    longer, shorter = (first, second) if len(first) >= len(second) else (second, first)
    if longer == shorter:
        return True
    above = longer[: len(longer) - len(shorter)]
    return (
        longer.endswith(shorter)
        and _SUPERIOR.match(above) is not None
        and _OWN_PLACE.match(shorter) is not None
    )


def _agency(read: ReadFile) -> str:
    return read.report.agency.name if read.report is not None else ""


def last_year(read: ReadFile, candidates: list[ReadFile]) -> ReadFile | None:
    """The report among `candidates` of the year before `read`'s, of the same agency: one whose
    name is the same (once written alike) before one only similar, then by file name."""
    report = read.report
    if report is None or report.year is None:
        return None
    matches = [
        other
        for other in candidates
        if other.report is not None
        and other.report.year == report.year - 1
        and similar_agency(report.agency.name, _agency(other))
    ]
    here = _canonical(report.agency.name)
    matches.sort(key=lambda other: (_canonical(_agency(other)) != here, other.name))
    return matches[0] if matches else None


# The figures of the year ----------------------------------------------------------------------


def summed(files: list[ReadFile]) -> Summed | None:
    """The reports to sum: those of the year most files are of, each agency once, read whole
    (nothing 存疑 or not found) in their year's format; the others named with the reason."""
    reports = [(read, read.report) for read in files if read.report is not None]
    years = Counter(report.year for _read, report in reports if report.year is not None)
    if not years:
        return None
    year = max(years, key=lambda y: (years[y], y))
    fmt = for_year(year)
    taken: dict[str, tuple[str, Report]] = {}
    left_out: list[tuple[str, str]] = []
    for read, report in reports:
        if report.year != year:
            continue
        why = _left_out(read, report, fmt, taken)
        if why:
            left_out.append((read.name, why))
        else:
            taken[_canonical(report.agency.name)] = (read.name, report)
    return Summed(year, fmt.name, tuple(taken.values()), tuple(left_out))


def _left_out(
    read: ReadFile, report: Report, fmt: FormatDescription, taken: dict[str, tuple[str, Report]]
) -> str:
    """Why a report of the year is not summed, or "" when it is."""
    if report.format is not fmt:
        return _("格式为{format}，与本年度格式不同").format(format=report.format.name)
    if read.doubted or read.missing:
        return _("未完整读取（有存疑或未找到的格子）")
    twin = taken.get(_canonical(report.agency.name))
    if twin is not None:
        return _("与 {file} 为同一机关同一年度的报告，只计一次").format(file=twin[0])
    return ""
