"""A table of the format laid out as the official template prints it: a grid of merged cells.

The forms and the PDF both draw this grid, so they show the same rows, columns, spans and labels.
Blocks are stacked (表二's four 第二十条 blocks); a block with fewer value columns than the widest
lets its last column span the rest, as the template does.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from models.format.blocks import Block, ColumnGroup, RowGroup, Table, cell_key, leaves


class Kind(Enum):
    TITLE = "title"  # 第二十条第（一）项
    CORNER = "corner"  # 信息内容, or the printed 勾稽 note
    HEADER = "header"  # a column label
    LABEL = "label"  # a row label
    VALUE = "value"  # a number the clerk types in
    TOTAL = "total"  # a number computed from others


TALL_ROWS = 10


@dataclass(frozen=True)
class GridCell:
    row: int
    column: int
    rowspan: int
    colspan: int
    kind: Kind
    text: str = ""
    key: str = ""  # the cell key, for VALUE and TOTAL
    level: int = 0  # depth in the row or column tree (0 = outermost)

    @property
    def tall(self) -> bool:
        """A row label over a third of a page or more: written top to bottom, drawn in pieces."""
        return self.kind is Kind.LABEL and self.rowspan > TALL_ROWS


@dataclass(frozen=True)
class TableLayout:
    table: Table
    rows: int
    columns: int
    label_columns: int
    cells: tuple[GridCell, ...]
    header_rows: frozenset[int]  # grid rows that are headings (title, column labels), not data

    @property
    def leading_header_rows(self) -> int:
        """The header rows a page break repeats: none for 表二, whose blocks carry their own."""
        if len(self.table.blocks) > 1:
            return 0
        count = 0
        while count in self.header_rows:
            count += 1
        return count


def table_layout(table: Table) -> TableLayout:
    """The grid of a whole table, its blocks stacked top to bottom."""
    label_columns = max(b.label_depth() for b in table.blocks)
    value_columns = max(len(b.leaf_columns()) for b in table.blocks)
    cells: list[GridCell] = []
    header_rows: set[int] = set()
    top = 0
    for block in table.blocks:
        top = _lay_block(table, block, top, label_columns, value_columns, cells, header_rows)
    return TableLayout(
        table,
        top,
        label_columns + value_columns,
        label_columns,
        tuple(cells),
        frozenset(header_rows),
    )


def _lay_block(
    table: Table,
    block: Block,
    top: int,
    label_columns: int,
    value_columns: int,
    cells: list[GridCell],
    header_rows: set[int],
) -> int:
    width = label_columns + value_columns
    if block.title:
        cells.append(GridCell(top, 0, 1, width, Kind.TITLE, block.title))
        header_rows.add(top)
        top += 1
    depth = block.header_depth()
    if label_columns:
        cells.append(GridCell(top, 0, depth, label_columns, Kind.CORNER, block.corner))
    leaves = block.leaf_columns()
    stretch = value_columns - len(leaves)  # the last column spans what the block does not use
    _lay_columns(block.columns, top, label_columns, depth, 0, leaves[-1], stretch, cells)
    header_rows.update(range(top, top + depth))
    top += depth
    rows = block.leaf_rows()
    if label_columns:
        _lay_rows(block.rows, top, 0, label_columns, cells)
    for offset, row in enumerate(rows):
        for index, column in enumerate(leaves):
            span = 1 + (stretch if column is leaves[-1] else 0)
            kind = Kind.TOTAL if (row.is_total or column.is_total) else Kind.VALUE
            cells.append(
                GridCell(
                    top + offset,
                    label_columns + index,
                    1,
                    span,
                    kind,
                    key=cell_key(table.id, row.id, column.id),
                )
            )
    return top + len(rows)


def _lay_columns(nodes, top, left, depth, level, last_leaf, stretch, cells) -> int:
    for node in nodes:
        if isinstance(node, ColumnGroup):
            under = list(leaves((node,)))
            width = len(under) + (stretch if last_leaf in under else 0)
            cells.append(
                GridCell(top + level, left, 1, width, Kind.HEADER, node.label, level=level)
            )
            _lay_columns(node.children, top, left, depth, level + 1, last_leaf, stretch, cells)
            left += width
        else:
            width = 1 + (stretch if node is last_leaf else 0)
            cells.append(
                GridCell(
                    top + level, left, depth - level, width, Kind.HEADER, node.label, level=level
                )
            )
            left += width
    return left


def _lay_rows(nodes, top, level, label_columns, cells) -> int:
    for node in nodes:
        if isinstance(node, RowGroup):
            height = len(list(leaves((node,))))
            cells.append(GridCell(top, level, height, 1, Kind.LABEL, node.label, level=level))
            _lay_rows(node.children, top, level + 1, label_columns, cells)
            top += height
        else:
            cells.append(
                GridCell(top, level, 1, label_columns - level, Kind.LABEL, node.label, level=level)
            )
            top += 1
    return top
