"""The building blocks of a report format description.

A format description is plain data: sections, tables, the merged header trees of their columns,
the hierarchy of their rows, which cells are typed in and which are totals, the value type of each
column, and the balance rules (勾稽关系). The forms, the rules, the PDF and the exchange file all
walk it; no label is written anywhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from enum import Enum
from functools import cached_property

Value = int | Decimal  # what a cell holds: a count, or an amount in 万元


class ValueType(Enum):
    """What a table cell holds."""

    COUNT = "count"  # a whole number >= 0
    AMOUNT = "amount"  # a decimal >= 0 with at most AMOUNT_PLACES places (万元)
    CHANGE = "change"  # a whole number that may be negative (the 2019 format's 本年增/减)


AMOUNT_PLACES = 6  # 万元 to the fen, as published reports print them


@dataclass(frozen=True)
class Column:
    """A leaf column: one value per row. `total_of` names the columns it sums, if it is a total."""

    id: str
    label: str
    total_of: tuple[str, ...] = ()
    value_type: ValueType = ValueType.COUNT

    @property
    def is_total(self) -> bool:
        return bool(self.total_of)


@dataclass(frozen=True)
class ColumnGroup:
    """A merged header cell over several columns (法人或其他组织 over five)."""

    label: str
    children: tuple[ColumnNode, ...]


ColumnNode = Column | ColumnGroup


@dataclass(frozen=True)
class Row:
    """A leaf row. `total_of` names the rows it sums, if it is a total."""

    id: str
    label: str
    total_of: tuple[str, ...] = ()

    @property
    def is_total(self) -> bool:
        return bool(self.total_of)


@dataclass(frozen=True)
class RowGroup:
    """A label spanning its sub-rows (（三）不予公开 over 1.…8.)."""

    label: str
    children: tuple[RowNode, ...]


RowNode = Row | RowGroup


@dataclass(frozen=True)
class Block:
    """A rectangular part of a table with its own header rows.

    `title` is a full-width row above the block (第二十条第（一）项), empty when there is none;
    `corner` is the merged cell above the row labels (信息内容, or the printed 勾稽 note).
    """

    id: str
    title: str
    corner: str
    columns: tuple[ColumnNode, ...]
    rows: tuple[RowNode, ...]

    def leaf_columns(self) -> list[Column]:
        return list(leaves(self.columns))

    def leaf_rows(self) -> list[Row]:
        return list(leaves(self.rows))

    def header_depth(self) -> int:
        """Number of header rows the column tree needs."""
        return _depth(self.columns)

    def label_depth(self) -> int:
        """Number of label columns the row tree needs (0 for a table without row labels)."""
        if all(isinstance(r, Row) and not r.label for r in self.rows):
            return 0
        return _depth(self.rows)


@dataclass(frozen=True)
class Balance:
    """A per-column equality between sums of rows: sum(lhs) == sum(rhs)."""

    id: str
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]
    lhs_name: str
    rhs_name: str


@dataclass(frozen=True)
class CarryOver:
    """Across years: this year's `row` equals last year's `from_row`, column by column."""

    row: str
    from_row: str


@dataclass(frozen=True)
class Stock:
    """Across years: `column` = last year's `column` + `added` − `removed`, row by row."""

    column: str
    added: str
    removed: str


@dataclass(frozen=True)
class Table:
    id: str
    short_name: str  # 表二, how the checks and the problems panel name the table
    blocks: tuple[Block, ...]
    balances: tuple[Balance, ...] = ()
    carry_overs: tuple[CarryOver, ...] = ()
    stocks: tuple[Stock, ...] = ()
    trends: tuple[Trend, ...] = ()
    # Presentation: the type size of the printed table (pt), and words that mark the table in a
    # published file (its headers and first labels), by which a reader knows which table it is.
    print_size: float = 10.5
    marks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    """What a text must speak of: one of `words` appears in it, else a 提示 says it lacks `what`."""

    words: tuple[str, ...]
    what: str


@dataclass(frozen=True)
class Section:
    """A part of the report: a heading with a text, a table, and/or sub-sections."""

    id: str
    heading: str
    guidance: str = ""
    has_text: bool = True
    table: Table | None = None
    subsections: tuple[Section, ...] = ()
    mentions: tuple[Mention, ...] = ()
    tab: str = ""  # the short name of its tab in the window (一 总体情况); top-level sections only
    opening: bool = False  # the opening paragraph: printed first, under no heading


@dataclass(frozen=True)
class Trend:
    """Across years: a count that rarely moves that much. A change beyond `factor` either way
    (the larger of the two at least `floor`), or a fall to 0 from at least `drop_from`, is a 提示."""

    row: str
    column: str
    factor: int | None = None
    floor: int = 0
    drop_from: int | None = None


@dataclass(frozen=True)
class ClaimTopic:
    """What a group of text claims is about (依申请公开, 主动公开, 复议诉讼 …).

    Its claims are read in a sentence that contains one of `context` (none: every sentence), or in
    any sentence of the text sections `sections`. `subjects` are (id, regular expression) pairs:
    a claim with a subject binds a number only when the subject named last before it is its own
    (「制发规章3件，废止1件」: 废止 is about 规章).
    """

    id: str
    context: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    subjects: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class TextClaim:
    """A number the texts state that the tables also hold, e.g. 「共收到申请95件」.

    A number followed by one of `units` is bound to the keyword nearest before it (any claim's);
    the claims with that keyword state it. It agrees when it equals the sum of the cells of any
    of `readings` (「受理120件」 may be 新收 alone or 新收 + 上年结转); with `at_least`, when it is
    no smaller (收费通知 ≥ 逾期未缴费). `excludes` between the keyword and the number (咨询, 留言)
    mean the number is about something else. A sentence matching one of `none_patterns`
    (「未收到…申请」) states 0. A `weak` claim's keywords (办理) bind a number only where no other
    claim's keyword is in the phrase (「结转下一年度办理0件」 is about 结转).
    """

    topic: str
    keywords: tuple[str, ...]
    readings: tuple[tuple[str, ...], ...]
    subject: str = ""
    excludes: tuple[str, ...] = ()
    units: tuple[str, ...] = ("件",)
    at_least: bool = False
    none_patterns: tuple[str, ...] = ()
    weak: bool = False


@dataclass(frozen=True)
class ProfileField:
    """A field of the 基本信息 part, at its location in the report ("agency.name", "year")."""

    location: str
    label: str


@dataclass(frozen=True)
class KeyFigure:
    """A figure the status bar and the overview of a sum show: the sum of `cells`."""

    id: str
    label: str
    cells: tuple[str, ...]


# How a report of the format a description follows is carried into it: from the previous
# description and its cell values, the values in this description's cells, and notes (in Chinese)
# on what has no counterpart.
Upgrade = Callable[["FormatDescription", dict[str, Value]], tuple[dict[str, Value], list[str]]]


@dataclass(frozen=True)
class CellRef:
    """Where a cell lives, resolved once from the description."""

    key: str
    table: Table
    block: Block
    row: Row
    column: Column
    row_path: tuple[str, ...]
    column_path: tuple[str, ...]

    @property
    def value_type(self) -> ValueType:
        return self.column.value_type

    @property
    def is_total(self) -> bool:
        return self.row.is_total or self.column.is_total

    def sums(self) -> list[tuple[str, tuple[str, ...]]]:
        """The sums this total cell must equal, as (id of the total row or column, part cells).

        A cell can be a total both ways (（七）总计·总计): the row sum comes first.
        """
        forms = []
        if self.row.is_total:
            parts = tuple(cell_key(self.table.id, r, self.column.id) for r in self.row.total_of)
            forms.append((self.row.id, parts))
        if self.column.is_total:
            parts = tuple(cell_key(self.table.id, self.row.id, c) for c in self.column.total_of)
            forms.append((self.column.id, parts))
        return forms

    @property
    def name(self) -> str:
        """The cell as the official table names it: 三、本年度办理结果（七）总计·自然人."""
        parts = [self.block.title, "".join(self.row_path), *self.column_path]
        return "·".join(p for p in parts if p)


@dataclass(frozen=True, eq=False)
class FormatDescription:
    """One version of the official report format, for the reports of `first_year` and after (up
    to the year before the next description's first year).

    Each description is one object, compared and hashed by identity. `previous` names the
    description this one follows and `upgrade` carries a report of that one into this one.
    """

    id: str
    name: str
    document_no: str
    sections: tuple[Section, ...]
    first_year: int
    profile: tuple[ProfileField, ...] = ()
    key_figures: tuple[KeyFigure, ...] = ()
    claim_topics: tuple[ClaimTopic, ...] = ()
    claims: tuple[TextClaim, ...] = ()
    previous: str | None = None
    upgrade: Upgrade | None = field(default=None, repr=False)
    cells: dict[str, CellRef] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        cells: dict[str, CellRef] = {}
        for table in self.tables():
            for block in table.blocks:
                columns = list(_leaf_paths(block.columns, _spans_everything(block.columns)))
                for row, row_path in _leaf_paths(block.rows, False):
                    for column, column_path in columns:
                        key = cell_key(table.id, row.id, column.id)
                        if key in cells:
                            raise ValueError(f"duplicate cell id {key}")
                        cells[key] = CellRef(key, table, block, row, column, row_path, column_path)
        object.__setattr__(self, "cells", cells)

    def all_sections(self) -> Iterator[Section]:
        """Every section, depth first, in the order of the printed report."""
        stack = list(reversed(self.sections))
        while stack:
            section = stack.pop()
            yield section
            stack.extend(reversed(section.subsections))

    def text_sections(self) -> list[Section]:
        """The sections with a text, in the order of the report (worked out once)."""
        return self._text_sections

    @cached_property
    def _text_sections(self) -> list[Section]:
        return [s for s in self.all_sections() if s.has_text]

    def tables(self) -> list[Table]:
        return [s.table for s in self.all_sections() if s.table is not None]

    def table(self, table_id: str) -> Table:
        for table in self.tables():
            if table.id == table_id:
                return table
        raise KeyError(table_id)

    @property
    def opening(self) -> Section | None:
        """The opening paragraph's section (printed first, under no heading), if any."""
        return next((s for s in self.sections if s.opening), None)

    def profile_label(self, location: str) -> str:
        """The label of a 基本信息 field; KeyError for a location that is none."""
        for profile_field in self.profile:
            if profile_field.location == location:
                return profile_field.label
        raise KeyError(location)

    def key_figure(self, figure_id: str, values: dict[str, Value]) -> Value | None:
        """A key figure of a report's values: the sum of its cells, None when all are blank."""
        figure = next(f for f in self.key_figures if f.id == figure_id)
        filled = [values[k] for k in figure.cells if k in values]
        return sum(filled) if filled else None


def cell_key(table_id: str, row_id: str, column_id: str) -> str:
    return f"{table_id}.{row_id}.{column_id}"


def leaves(nodes: tuple) -> Iterator:
    """The leaf columns (or rows) under a tuple of nodes, in order."""
    for node in nodes:
        if isinstance(node, (ColumnGroup, RowGroup)):
            yield from leaves(node.children)
        else:
            yield node


def _depth(nodes: tuple) -> int:
    return max(
        (1 + _depth(n.children) if isinstance(n, (ColumnGroup, RowGroup)) else 1 for n in nodes),
        default=0,
    )


def _spans_everything(nodes: tuple) -> bool:
    """A single group over all columns (申请人情况) says nothing about any one cell."""
    return len(nodes) == 1 and isinstance(nodes[0], ColumnGroup)


def _leaf_paths(nodes: tuple, skip_root: bool, prefix: tuple[str, ...] = ()) -> Iterator:
    for node in nodes:
        if isinstance(node, (ColumnGroup, RowGroup)):
            inner = prefix if skip_root else prefix + (node.label,)
            yield from _leaf_paths(node.children, False, inner)
        else:
            yield node, prefix + ((node.label,) if node.label else ())


def describe(fmt: FormatDescription) -> dict:
    """The description as JSON-ready data (ids, labels, order, header trees, row hierarchy)."""
    return {
        "id": fmt.id,
        "name": fmt.name,
        "document_no": fmt.document_no,
        "first_year": fmt.first_year,
        "sections": [_describe_section(s) for s in fmt.sections],
        "claim_topics": [asdict(t) for t in fmt.claim_topics],
        "claims": [asdict(c) for c in fmt.claims],
    }


def _describe_section(section: Section) -> dict:
    out: dict = {"id": section.id, "heading": section.heading, "has_text": section.has_text}
    if section.guidance:
        out["guidance"] = section.guidance
    if section.table is not None:
        table = section.table
        out["table"] = {
            "id": table.id,
            "short_name": table.short_name,
            "blocks": [
                {
                    "id": b.id,
                    "title": b.title,
                    "corner": b.corner,
                    "columns": [_describe_node(n) for n in b.columns],
                    "rows": [_describe_node(n) for n in b.rows],
                }
                for b in table.blocks
            ],
            "balances": [
                {
                    "id": b.id,
                    "lhs": list(b.lhs),
                    "rhs": list(b.rhs),
                    "lhs_name": b.lhs_name,
                    "rhs_name": b.rhs_name,
                }
                for b in table.balances
            ],
            "carry_overs": [asdict(c) for c in table.carry_overs],
            "stocks": [asdict(s) for s in table.stocks],
            "trends": [asdict(t) for t in table.trends],
        }
    if section.mentions:
        out["mentions"] = [asdict(m) for m in section.mentions]
    if section.subsections:
        out["subsections"] = [_describe_section(s) for s in section.subsections]
    return out


def _describe_node(node: ColumnNode | RowNode) -> dict:
    if isinstance(node, (ColumnGroup, RowGroup)):
        return {"label": node.label, "children": [_describe_node(c) for c in node.children]}
    out: dict = {"id": node.id, "label": node.label, "input": not node.is_total}
    if node.is_total:
        out["total_of"] = list(node.total_of)
    if isinstance(node, Column):
        out["value_type"] = node.value_type.value
    return out
