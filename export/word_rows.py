"""Which rows of a Word table are kept with the next one, so that where Word, WPS or LibreOffice
breaks the page never parts what belongs together.

The writer cannot know where the page will break, so it says what must stay together (the
paragraphs of a kept row carry w:keepNext): the header rows with the first two rows under them; each
group of rows under a label (（三）不予公开 1.–8.); 表二's blocks whole; the last two rows of a
table, and of a tall group, so that no row stands alone under a repeated header; and under a tall
label written top to bottom (三、本年度办理结果) as many rows as its text needs, so that the label
is never split between two pages. Row heights are estimated as the word processors lay the rows
out: lines of the table's size at TABLE_LINE, within the cell margins.
"""

from __future__ import annotations

import math

from export.page import em_width
from models.format.layout import GridCell, Kind, TableLayout

CELL_MARGIN_TWIPS = 40  # each side of a cell's text (w:tblCellMar)
CELL_MARGIN = CELL_MARGIN_TWIPS / 20  # pt
TABLE_LINE = 1.3  # a table's line spacing, times its type size


def kept_rows(layout: TableLayout, widths: list[float], size: float) -> set[int]:
    """The rows kept with the row after them."""
    head = layout.leading_header_rows
    kept = set(range(head))
    if head and layout.rows - head >= 2:  # two rows at least under the header, and at the end
        kept |= {head, layout.rows - 2}
    if len(layout.table.blocks) > 1:  # 表二's small blocks whole
        ends = {c.row - 1 for c in layout.cells if c.kind is Kind.TITLE} | {layout.rows - 1}
        kept |= set(range(layout.rows)) - ends
    heights: list[float] | None = None
    for cell in layout.cells:
        if cell.kind is not Kind.LABEL or cell.rowspan < 2:
            continue
        if not cell.tall:
            kept |= set(range(cell.row, cell.row + cell.rowspan - 1))
            continue
        heights = heights or row_heights(layout, widths, size)
        kept |= _under_label(cell, heights, _span_width(widths, cell), size)
        kept.add(cell.row + cell.rowspan - 2)
    return kept


def _under_label(cell: GridCell, heights: list[float], width: float, size: float) -> set[int]:
    """The rows from the label's first, tall enough together for its text (and a line to
    spare), less the last: kept with the next, they hold the label on one page."""
    needed = text_height(cell.text, width, size) + size * TABLE_LINE
    row, total = cell.row, 0.0
    while row < cell.row + cell.rowspan and total < needed:
        total += heights[row]
        row += 1
    return set(range(cell.row, row - 1))


def row_heights(layout: TableLayout, widths: list[float], size: float) -> list[float]:
    """Each row's height as laid out: its tallest cell of one row (a number takes one line)."""
    heights = [text_height("0", widths[0], size)] * layout.rows
    for cell in layout.cells:
        if cell.rowspan == 1:
            height = text_height(cell.text or "0", _span_width(widths, cell), size)
            heights[cell.row] = max(heights[cell.row], height)
    return heights


def text_height(text: str, width: float, size: float) -> float:
    """The height of a cell holding `text` in a column `width` wide, at `size`."""
    per_line = max(1, math.floor((width - 2 * CELL_MARGIN) / size))  # characters (ems)
    lines = max(1, math.ceil(em_width(text) / per_line))
    return lines * size * TABLE_LINE + 2 * CELL_MARGIN


def _span_width(widths: list[float], cell: GridCell) -> float:
    return sum(widths[cell.column : cell.column + cell.colspan])
