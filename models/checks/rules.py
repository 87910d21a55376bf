"""The table rules: every 勾稽关系 of the format, and what each cell may hold.

All table rules are derived from the format description (total rows, total columns, balances); none
is written per cell. The equations are compiled once per format, so a full check is a few hundred
dictionary look-ups.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from models.checks.findings import Finding, Severity, table_sections
from models.format.blocks import Balance, CellRef, FormatDescription, ValueType, cell_key
from models.i18n import _
from models.report import (
    MAX_VALUE,
    InputError,
    Report,
    Value,
    check_value,
)


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
    total_parts: tuple[tuple[str, str], ...] = ()  # (key, name) of the parts that are totals

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
        blank_totals = [name for key, name in self.total_parts if key not in values]
        expected: Value | None = right
        if self.total is not None and blank_totals and not total_blank:
            expected = None
            # 总计 cells left blank are not 0: name them rather than compute with them.
            message = _("{cell}：现为 {value}，无法核对：{blank}未填写").format(
                cell=self.total.name, value=left, blank=_cell_names(blank_totals)
            )
            location = self.total.key
        elif self.total is not None:
            actual = _("现未填写") if total_blank else _("现为 {value}").format(value=left)
            message = _("{cell}：应为 {expected}（各项之和），{actual}").format(
                cell=self.total.name, expected=right, actual=actual
            )
            location = self.total.key
        else:
            balance = self.balance
            assert balance is not None  # an equation without a total cell is a balance
            message = _(
                "勾稽关系·{column}：{lhs_name}为 {lhs}，{rhs_name}为 {rhs}，两者应相等（相差 {diff}）"
            ).format(
                column=self.column_name,
                lhs_name=balance.lhs_name,
                lhs=left,
                rhs_name=balance.rhs_name,
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
            expected,
        )


def describe_rules(fmt: FormatDescription) -> list[dict]:
    """The table rules of a format as data: rule id, and the cells on each side of the equation."""
    return [{"rule": e.rule, "lhs": list(e.lhs), "rhs": list(e.rhs)} for e in _equations(fmt)]


@cache
def _equations(fmt: FormatDescription) -> tuple[_Equation, ...]:
    section_of = table_sections(fmt)
    equations: list[_Equation] = []
    for ref in fmt.cells.values():
        for total_id, parts in ref.sums():
            rule = f"sum.{ref.table.id}.{total_id}"
            totals = tuple((k, fmt.cells[k].name) for k in parts if fmt.cells[k].is_total)
            equations.append(
                _Equation(
                    rule, section_of[ref.table.id], (ref.key,), parts, ref, total_parts=totals
                )
            )
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


def check_sums(report: Report, fmt: FormatDescription) -> list[Finding]:
    """Every total and balance of the tables that does not add up."""
    found = (equation.evaluate(report.values) for equation in _equations(fmt))
    return [finding for finding in found if finding is not None]


def check_cells(report: Report, fmt: FormatDescription) -> list[Finding]:
    """What no cell may hold (a fraction in a count, a negative number), and the blank cells the
    clerk types in (counted as the export's question counts them)."""
    findings = []
    values = report.values
    blanks: dict[str, list[CellRef]] = {}
    for key, ref, section, is_count in _cell_plan(fmt):
        value = values.get(key)
        if value is None:
            if not ref.is_total:  # a total is blank because its parts are: the clerk fills those
                blanks.setdefault(ref.table.id, []).append(ref)
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
    return findings + [_blank_cells(fmt, refs) for refs in blanks.values()]


def _blank_cells(fmt: FormatDescription, refs: list[CellRef]) -> Finding:
    """One 提示 for the blank cells of a table, at the first of them."""
    if len(refs) == 1:
        message = _("{cell}：未填写（打印的报告应填 0）").format(cell=refs[0].name)
    else:
        message = _("{table}：{count} 个空格未填写（打印的报告应填 0）").format(
            table=refs[0].table.short_name, count=len(refs)
        )
    first = refs[0]
    return Finding(
        "blank",
        Severity.HINT,
        message,
        first.key,
        table_sections(fmt)[first.table.id],
        covers=tuple(ref.key for ref in refs),
    )


def blank_cells(report: Report, table_id: str) -> list[str]:
    """The keys of the table's cells that are not filled in, in the order of the table."""
    return [
        key for key, ref in report.format.cells.items()
        if ref.table.id == table_id and key not in report.values
    ]  # fmt: skip


def zero_fill(report: Report, table_id: str) -> dict[str, Value]:
    """The edit that fills the table's blank cells with 0 (「空格填 0」), totals left to follow."""
    cells = report.format.cells
    return {
        key: Decimal(0) if cells[key].value_type is ValueType.AMOUNT else 0
        for key in blank_cells(report, table_id)
        if not cells[key].is_total
    }


def _cell_names(names: list[str]) -> str:
    """A few cells by name; many by the first and how many."""
    if len(names) <= 3:
        return "、".join(names)
    return _("{first}等 {count} 格").format(first=names[0], count=len(names))


@cache
def _cell_plan(fmt: FormatDescription) -> tuple[tuple[str, CellRef, str, bool], ...]:
    """Each cell with what its check needs, looked up once per format."""
    section_of = table_sections(fmt)
    return tuple(
        (key, ref, section_of[ref.table.id], ref.value_type is ValueType.COUNT)
        for key, ref in fmt.cells.items()
    )
