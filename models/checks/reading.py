"""Checking what was read from a published report: what the agency published, apart from what
the reader was unsure of.

A finding that rests on a cell the reader doubted (存疑) or could not find is not an 错误 of the
report: it becomes a 提示 that says it may be a reading problem. A 成文日期 that the published page
does not print is not an 错误 either (many portals leave it out of the text).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from models.checks.findings import Finding, Severity, in_order
from models.i18n import _
from models.report import Report

# 基本信息 that a published report may leave unprinted: missing, it is a 提示 of the reading.
_NOT_ALWAYS_PRINTED = frozenset({"issued_on"})


def doubted_cells(report: Report, unsure: Iterable[str], read: Iterable[str]) -> set[str]:
    """The cells a reading leaves in doubt: those it marked 存疑, and the cells of the report's
    tables it did not find (totals, which are computed, aside)."""
    typed = {key for key, ref in report.format.cells.items() if not ref.is_total}
    return set(unsure) | (typed - set(read))


def as_read(report: Report, findings: list[Finding], doubted: set[str]) -> list[Finding]:
    """The findings of a report read from a published file, those the reading may cause
    said so and made 提示, in the order check gives (错误 first)."""
    out = []
    for finding in findings:
        cells = {finding.location, *finding.lhs_cells, *finding.rhs_cells, *finding.covers}
        if finding.severity is Severity.ERROR and cells & doubted:
            finding = replace(
                finding,
                severity=Severity.HINT,
                message=_("可能是读取问题：{message}").format(message=finding.message),
            )
        elif finding.rule == "required" and finding.location in _NOT_ALWAYS_PRINTED:
            finding = replace(finding, severity=Severity.HINT)
        out.append(finding)
    return in_order(report.format, out)
