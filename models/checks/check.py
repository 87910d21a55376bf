"""Every check of a report, in the order the clerk should see the findings."""

from __future__ import annotations

from dataclasses import replace

from models.checks.characters import check_characters
from models.checks.cross_year import (
    check_across_years,
    copied_texts,
    not_compared,
    other_agency,
    same_agency,
)
from models.checks.findings import PROFILE_SECTION, Finding, Severity, in_order
from models.checks.rules import check_cells, check_sums
from models.checks.sizes import check_sizes
from models.checks.text_rules import check_words
from models.format.registry import for_year, upgrade
from models.i18n import _
from models.report import Report


def check(
    report: Report, previous: Report | None = None, previous_any_agency: bool = False
) -> list[Finding]:
    """Every finding for the report, in the order the clerk should see them: 错误, then 提示 about
    what the report says (text claims, cross-year), then what is not filled in yet, then the 提示
    marked 已核实 — each in the order of the report.

    With last year's report, the cross-year checks run too: on it as it is when it is of the same
    format, carried into this one's when it is of an earlier one (a 2020 report of the 2019
    format), and named as not compared when it cannot be carried — or when it is another
    agency's, unless `previous_any_agency` (an agency renamed).
    """
    fmt = report.format
    findings = check_sizes(report) + check_words(report, fmt) + check_characters(report)
    findings += check_cells(report, fmt)
    if previous is not None:
        carried = upgrade(previous, fmt)
        if not previous_any_agency and not same_agency(report.agency.name, previous.agency.name):
            findings += other_agency(report, previous)
        elif carried is None:
            findings += not_compared(report, previous)
        else:
            findings += check_across_years(report, carried[0]) + copied_texts(report, previous)
    findings += check_sums(report, fmt) + _format_of_year(report)
    findings = [_acknowledged(report, f) for f in findings]
    return in_order(fmt, findings)


def _acknowledged(report: Report, finding: Finding) -> Finding:
    """The finding with the clerk's 说明 when it is a 提示 marked 已核实 as it reads now."""
    acknowledgement = report.acknowledged.get(finding.key)
    if (
        acknowledgement is None
        or finding.severity is not Severity.HINT
        or acknowledgement.message != finding.message
    ):
        return finding
    return replace(finding, acknowledged=acknowledgement.note)


def _format_of_year(report: Report) -> list[Finding]:
    """An 错误 when the report is not in its year's format: a 2022 report on the 2019 notice's
    tables (old labels, one （六） row), or a 2020 report on the 2021 notice's."""
    if report.year is None or for_year(report.year) is report.format:
        return []
    right = for_year(report.year)
    message = _(
        "报告格式与年度不符：{year} 年度的报告应按{right}（{right_no}）填写，本报告按的是"
        "{this}（{this_no}）"
    ).format(
        year=report.year,
        right=right.name,
        right_no=right.document_no,
        this=report.format.name,
        this_no=report.format.document_no,
    )
    return [Finding("format_year", Severity.ERROR, message, "year", PROFILE_SECTION)]
