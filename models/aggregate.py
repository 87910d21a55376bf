"""One report summed from many: a government's general office publishes its area's figures as
the sum of its departments' reports, and sees beside it which department still has to fix its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models.checks.check import check
from models.checks.findings import counts
from models.errors import ClerkError
from models.format.registry import newest
from models.i18n import _
from models.report import Agency, Report, Value


class AggregateError(ClerkError, ValueError):
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
    *((figure.label, figure.id) for figure in newest().key_figures),
    (_("错误"), "errors"),
    (_("提示"), "hints"),
)


def aggregate(sources: list[tuple[str, Report]], agency: str) -> Report:
    """The sum of the reports' tables, cell by cell, as a report of the named agency.

    `sources` pairs each report with the name the clerk knows it by (its file). All must be of
    one year and one format, else AggregateError names the files of each; the same report given
    twice (one file twice, or a copy of it) would be counted twice, and is refused by name. A cell is blank in the
    sum only if it is blank in every report. Texts are not summed; the profile is the name only.
    """
    refuse_unsummable(sources)
    first = sources[0][1]
    values: dict[str, Value] = {}
    for _name, report in sources:
        for key, value in report.values.items():
            values[key] = values.get(key, 0) + value
    year = first.year
    return Report(
        format=first.format,
        year=year,
        agency=Agency(name=agency),
        period_start=date(year, 1, 1) if year else None,
        period_end=date(year, 12, 31) if year else None,
        signing_unit=agency,
        values=values,
    )


def refuse_unsummable(sources: list[tuple[str, Report]]) -> None:
    """AggregateError when the reports cannot be summed: none, the same one twice, or reports
    of mixed years or formats (each named with its file)."""
    if not sources:
        raise AggregateError(_("没有要汇总的报告"))
    _refuse_twice(sources)
    _refuse_mixed(sources, lambda r: r.year, _("年度"))
    _refuse_mixed(sources, lambda r: r.format_id, _("报告格式"))


def overview(sources: list[tuple[str, Report]]) -> list[OverviewRow]:
    """One row per report: its format's key figures (新收, 上年结转, 办理结果, 结转, 复议, 诉讼)
    and its 错误 and open 提示 counts."""
    rows = []
    for name, report in sources:
        errors, hints, _acknowledged = counts(check(report))
        fmt = report.format
        figures = {f.id: fmt.key_figure(f.id, report.values) for f in fmt.key_figures}
        rows.append(
            OverviewRow(
                source=name,
                agency=report.agency.name,
                year=report.year,
                errors=errors,
                hints=hints,  # open ones: a 提示 marked 已核实 no longer counts
                **figures,
            )
        )
    return rows


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
