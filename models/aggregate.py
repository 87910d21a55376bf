"""One report summed from many: a government's general office publishes its area's figures as
the sum of its departments' reports, and sees beside it which department still has to fix its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models.findings import Severity
from models.i18n import _
from models.report import Agency, Report, Value
from models.rules import check


class AggregateError(ValueError):
    """The reports cannot be summed; the message names the files and why."""


@dataclass(frozen=True)
class OverviewRow:
    """One input report's key figures (总计 column of 表三, 表四's totals) and its findings."""

    source: str
    agency: str
    year: int | None
    received: Value | None
    carried_over: Value | None
    results: Value | None
    carried_forward: Value | None
    reviews: Value | None
    suits: Value | None
    errors: int
    hints: int


OVERVIEW_COLUMNS = (
    (_("报告"), "source"),
    (_("机关名称"), "agency"),
    (_("年度"), "year"),
    (_("本年新收"), "received"),
    (_("上年结转"), "carried_over"),
    (_("办理结果总计"), "results"),
    (_("结转下年度"), "carried_forward"),
    (_("行政复议"), "reviews"),
    (_("行政诉讼"), "suits"),
    (_("错误"), "errors"),
    (_("提示"), "hints"),
)
_FIGURES = {
    "received": ("applications.received.total",),
    "carried_over": ("applications.carried_over.total",),
    "results": ("applications.results_total.total",),
    "carried_forward": ("applications.carried_forward.total",),
    "reviews": ("litigation.cases.review_total",),
    "suits": ("litigation.cases.direct_suit_total", "litigation.cases.suit_after_review_total"),
}


def aggregate(sources: list[tuple[str, Report]], agency: str) -> Report:
    """The sum of the reports' tables, cell by cell, as a report of the named agency.

    `sources` pairs each report with the name the clerk knows it by (its file). All must be of
    one year and one format, else AggregateError names the files of each; the same report given
    twice (one file twice, or a copy of it) would be counted twice, and is refused by name. A cell is blank in the
    sum only if it is blank in every report. Texts are not summed; the profile is the name only.
    """
    if not sources:
        raise AggregateError(_("没有要汇总的报告"))
    _refuse_twice(sources)
    _refuse_mixed(sources, lambda r: r.year, _("年度"))
    _refuse_mixed(sources, lambda r: r.format_id, _("报告格式"))
    first = sources[0][1]
    values: dict[str, Value] = {}
    for _name, report in sources:
        for key, value in report.values.items():
            values[key] = values.get(key, 0) + value
    year = first.year
    return Report(
        format_id=first.format_id,
        year=year,
        agency=Agency(name=agency),
        period_start=date(year, 1, 1) if year else None,
        period_end=date(year, 12, 31) if year else None,
        signing_unit=agency,
        values=values,
    )


def overview(sources: list[tuple[str, Report]]) -> list[OverviewRow]:
    """One row per report: 新收, 上年结转, 办理结果, 结转, 复议, 诉讼, and its 错误/提示 counts."""
    rows = []
    for name, report in sources:
        findings = check(report)
        errors = sum(f.severity is Severity.ERROR for f in findings)
        figures = {field: _sum_of(report, keys) for field, keys in _FIGURES.items()}
        rows.append(
            OverviewRow(
                source=name,
                agency=report.agency.name,
                year=report.year,
                errors=errors,
                hints=len(findings) - errors,
                **figures,
            )
        )
    return rows


def _sum_of(report: Report, keys: tuple[str, ...]) -> Value | None:
    filled = [report.values[key] for key in keys if key in report.values]
    return sum(filled) if filled else None


def _refuse_mixed(sources, attribute, what: str) -> None:
    groups: dict[object, list[str]] = {}
    for name, report in sources:
        groups.setdefault(attribute(report), []).append(name)
    if len(groups) > 1:
        detail = "；".join(
            f"{value if value is not None else _('未填')}：{'、'.join(names)}"
            for value, names in groups.items()
        )
        raise AggregateError(
            _("只能汇总同一{what}的报告，这些报告的{what}不同（{detail}）").format(
                what=what, detail=detail
            )
        )


def _refuse_twice(sources: list[tuple[str, Report]]) -> None:
    for index, (name, report) in enumerate(sources):
        for other, again in sources[index + 1 :]:
            if again == report:
                raise AggregateError(
                    _(
                        "{first} 和 {second} 是同一份报告（内容完全相同），汇总会把它算两次。"
                        "请去掉其中一个。"
                    ).format(first=name, second=other)
                )
