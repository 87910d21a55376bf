"""The checks: every 勾稽关系 of the format, value types, and (from models.text_rules) the words.

All table rules are derived from the format description (total rows, total columns, balances); none
is written per cell. The equations are compiled once per format, so a full check is a few hundred
dictionary look-ups.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from models.characters import check_characters
from models.findings import PROFILE_SECTION, Finding, Severity, section_of, table_sections
from models.format import Balance, CellRef, FormatDescription, ValueType, cell_key
from models.formats import get_format
from models.i18n import _
from models.report import (
    MAX_VALUE,
    InputError,
    Report,
    Value,
    carried_from,
    check_value,
    stock_of,
)
from models.text_rules import check_words


def check(report: Report, previous: Report | None = None) -> list[Finding]:
    """Every finding for the report: 错误 first, then 提示, each in the order of the report.

    With last year's report, the cross-year checks (carry-overs, stocks) run too.
    """
    fmt = report.format
    findings = check_words(report, fmt) + check_characters(report)
    findings += _check_cells(report, fmt)
    if previous is not None and previous.format_id == report.format_id:
        findings += _check_across_years(report, previous, fmt)
    for equation in _equations(fmt.id):
        finding = equation.evaluate(report.values)
        if finding is not None:
            findings.append(finding)
    order = {PROFILE_SECTION: -1} | {s.id: i for i, s in enumerate(fmt.sections)}
    findings.sort(key=lambda f: (f.severity is not Severity.ERROR, order[f.section]))
    return findings


@dataclass(frozen=True)
class _Equation:
    """sum(lhs) must equal sum(rhs); a total equation has a single total cell on the left."""

    rule: str
    section: str
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]
    total: CellRef | None
    balance: Balance | None = None
    column_name: str = ""

    def evaluate(self, values: dict[str, Value]) -> Finding | None:
        left: Value = 0
        right: Value = 0
        for key in self.lhs:
            if key in values:
                left += values[key]
        for key in self.rhs:
            if key in values:
                right += values[key]
        if left == right:
            return None
        total_blank = self.total is not None and self.total.key not in values
        if self.total is not None:
            actual = _("现未填写") if total_blank else _("现为 {value}").format(value=left)
            message = _("{cell}：应为 {expected}（各项之和），{actual}").format(
                cell=self.total.name, expected=right, actual=actual
            )
            location = self.total.key
        else:
            assert self.balance is not None  # an equation is either a total or a balance
            message = _(
                "勾稽关系·{column}：{lhs_name}为 {lhs}，{rhs_name}为 {rhs}，两者应相等（相差 {diff}）"
            ).format(
                column=self.column_name,
                lhs_name=self.balance.lhs_name,
                lhs=left,
                rhs_name=self.balance.rhs_name,
                rhs=right,
                diff=abs(left - right),
            )
            location = self.rhs[-1]
        return Finding(
            self.rule,
            Severity.ERROR,
            message,
            location,
            self.section,
            self.lhs,
            self.rhs,
            None if total_blank else left,
            right,
        )


def describe_rules(fmt: FormatDescription) -> list[dict]:
    """The table rules of a format as data: rule id, and the cells on each side of the equation."""
    return [{"rule": e.rule, "lhs": list(e.lhs), "rhs": list(e.rhs)} for e in _equations(fmt.id)]


@cache
def _equations(format_id: str) -> tuple[_Equation, ...]:
    fmt = get_format(format_id)
    section_of = table_sections(fmt)
    equations: list[_Equation] = []
    for ref in fmt.cells.values():
        for total_id, parts in ref.sums():
            rule = f"sum.{ref.table.id}.{total_id}"
            equations.append(_Equation(rule, section_of[ref.table.id], (ref.key,), parts, ref))
    for table in fmt.tables():
        for balance in table.balances:
            for block in table.blocks:
                first_row = block.leaf_rows()[0].id
                for column in block.leaf_columns():
                    column_path = fmt.cells[cell_key(table.id, first_row, column.id)].column_path
                    equations.append(
                        _Equation(
                            balance.id,
                            section_of[table.id],
                            tuple(cell_key(table.id, r, column.id) for r in balance.lhs),
                            tuple(cell_key(table.id, r, column.id) for r in balance.rhs),
                            None,
                            balance,
                            "·".join(column_path),
                        )
                    )
    return tuple(equations)


def _check_cells(report: Report, fmt: FormatDescription) -> list[Finding]:
    findings = []
    values = report.values
    for key, ref, section, is_count in _cell_plan(fmt.id):
        value = values.get(key)
        if value is None:
            findings.append(
                Finding(
                    "blank",
                    Severity.HINT,
                    _("{cell}：未填写（打印的报告应填 0）").format(cell=ref.name),
                    key,
                    section,
                )
            )
            continue
        if is_count and type(value) is int and 0 <= value <= MAX_VALUE:
            continue  # the common case, without building an exception
        try:
            check_value(value, ref.value_type)
        except InputError as reason:
            findings.append(
                Finding(
                    "type",
                    Severity.ERROR,
                    _("{cell}：{reason}，现为 {value}").format(
                        cell=ref.name, reason=reason, value=value
                    ),
                    key,
                    section,
                )
            )
    return findings


@cache
def _cell_plan(format_id: str) -> tuple[tuple[str, CellRef, str, bool], ...]:
    """Each cell with what its check needs, looked up once per format."""
    fmt = get_format(format_id)
    section_of = table_sections(fmt)
    return tuple(
        (key, ref, section_of[ref.table.id], ref.value_type is ValueType.COUNT)
        for key, ref in fmt.cells.items()
    )


def _check_across_years(report: Report, previous: Report, fmt: FormatDescription) -> list[Finding]:
    """Plausibility across years (提示 only: corrections and clean-ups happen)."""
    findings = []
    now, before = report.values, previous.values
    for key, ref in fmt.cells.items():
        source = carried_from(ref)
        if source is not None and key in now and source in before and now[key] != before[source]:
            findings.append(
                Finding(
                    f"carry.{ref.table.id}.{ref.row.id}",
                    Severity.HINT,
                    _("{cell}：上年报告「{source}」为 {expected}，现为 {actual}").format(
                        cell=ref.name,
                        source="".join(fmt.cells[source].row_path),
                        expected=before[source],
                        actual=now[key],
                    ),
                    key,
                    section_of(fmt, key),
                    (key,),
                    (source,),
                    now[key],
                    before[source],
                )
            )
        stock = stock_of(ref)
        if stock is None or ref.column.id != stock.column:
            continue
        added = cell_key(ref.table.id, ref.row.id, stock.added)
        removed = cell_key(ref.table.id, ref.row.id, stock.removed)
        if not all(k in d for k, d in ((key, now), (key, before), (added, now), (removed, now))):
            continue
        expected = before[key] + now[added] - now[removed]
        if now[key] != expected:
            findings.append(
                Finding(
                    f"stock.{ref.table.id}.{ref.column.id}",
                    Severity.HINT,
                    _(
                        "{cell}：上年 {before} + {added_name} {added} − {removed_name} {removed}"
                        " = {expected}，现为 {actual}（如有清理可忽略）"
                    ).format(
                        cell=ref.name,
                        before=before[key],
                        added_name=fmt.cells[added].column.label,
                        added=now[added],
                        removed_name=fmt.cells[removed].column.label,
                        removed=now[removed],
                        expected=expected,
                        actual=now[key],
                    ),
                    key,
                    section_of(fmt, key),
                    (key,),
                    (key, added, removed),
                    now[key],
                    expected,
                )
            )
    return findings
