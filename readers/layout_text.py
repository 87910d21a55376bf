"""A table as `pdftotext -layout` writes it: cells set apart by runs of spaces, a wrapped label
over the lines above and below its numbers, a row's numbers themselves over two lines (a total
centred in its cell lands on another line than the other numbers), the labels of row groups in
a column of their own, digits of one number parted by a single space (「41 2」 for 412).

Each row is assembled by where things stand on the line: a row starts at the line where a row
label of the format begins (after the last number mark of the line: 「（三）不 4.保护…」 is row
4 in group （三）); the lines after it add to its label (what stands in its label's column) and
to its numbers, each number to the column whose numbers end nearest to where it ends.
"""

from __future__ import annotations

import re

from models.format.blocks import Table
from models.i18n import _
from readers.labels import normalize
from readers.source import SourceRow

_CELL = re.compile(r"\S+(?: \S+)*")  # one space inside a cell, two or more between cells
_VALUE = re.compile(r"[-−]?\d[\d ,.]*")
_MARK = re.compile(
    r"(?:^|(?<=\s))(?:\d\s*[.．、]|（[一二三四五六七八九十]）|[一二三四五六七八九十]、)"
)
_WORD = re.compile(r"\S+")
_TAIL_NUMBER = re.compile(r"(?<=[^\d\s.,．]) \d[\d.,]*$")
LEAST_ROWS = 3  # lines with a whole row of numbers that make the text a layout


def is_layout(lines: list[str], width: int) -> bool:
    """Lines with a whole row of numbers (`width` of them) set apart by runs of spaces."""
    return sum(len(_values(line)) == width for line in lines) >= LEAST_ROWS


def _cells(line: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of each cell; a number one space after a label is a cell of its own
    (「5.要求行政机关确认或重新出具已 4」)."""
    cells = []
    for match in _CELL.finditer(line):
        start, end, text = match.start(), match.end(), match.group(0)
        tail = _TAIL_NUMBER.search(text)
        if tail and not _VALUE.fullmatch(text):
            cells.append((start, start + tail.start(), text[: tail.start()]))
            start, text = start + tail.start() + 1, tail.group(0)[1:]
        cells.append((start, end, text))
    return cells


def _values(line: str) -> list[tuple[int, str]]:
    """(where it ends, the number) of each number of a line, its digits joined."""
    return [
        (end, "".join(text.split())) for start, end, text in _cells(line) if _VALUE.fullmatch(text)
    ]


def _anchors(page: list[str], width: int) -> list[float]:
    """Where each column's numbers end on a page: the mean over its lines with a whole row."""
    whole = [[end for end, _text in _values(line)] for line in page]
    whole = [ends for ends in whole if len(ends) == width]
    return [sum(column) / len(column) for column in zip(*whole, strict=True)] if whole else []


class _Row:
    def __init__(self, start: int, label: str, width: int) -> None:
        self.start = start  # where the row's label begins on the line
        self.labels = [label] if label else []
        self.values = [""] * width
        self.placed_by_guess = False

    def source(self) -> SourceRow:
        doubt = _("文本中数字的位置不能确定它们所在的列") if self.placed_by_guess else ""
        return SourceRow(["".join(self.labels), *self.values], doubt=doubt)


def layout_rows(lines: list[str], table: Table) -> list[SourceRow]:
    """The rows of a one-block table from its layout text (see the module's docstring)."""
    width = len(table.blocks[0].leaf_columns())
    starts = {normalize(row.label)[:4] for row in table.blocks[0].leaf_rows() if row.label}
    pages = _pages(lines)
    fallback = next((a for a in (_anchors(p, width) for p in pages) if a), [])
    rows: list[_Row] = []
    current = _Row(0, "", width)
    for page in pages:
        anchors = _anchors(page, width) or fallback
        for line in page:
            begins = _row_start(line, starts)
            if begins is not None:
                rows.append(current)
                current = _Row(begins[0], begins[1], width)
            else:
                label = _label_text(line, current.start)
                if label:
                    current.labels.append(label)
            values = _values(line)
            for place, (end, text) in enumerate(values):
                column = place if len(values) == width else _nearest(anchors, end)
                if len(values) != width and not _near(anchors, end):
                    current.placed_by_guess = True
                if current.values[column]:
                    rows.append(current)  # a second number for one cell: a row without a label
                    current = _Row(current.start, "", width)
                current.values[column] = text
    rows.append(current)
    return [row.source() for row in rows if row.labels or any(row.values)]


def _nearest(anchors: list[float], end: int) -> int:
    """The column whose numbers end nearest to `end` (the first when no line has them all)."""
    return min(range(len(anchors)), key=lambda i: abs(anchors[i] - end)) if anchors else 0


def _near(anchors: list[float], end: int) -> bool:
    """A number plainly nearer one column's numbers than any other's: by a quarter of the
    columns' spacing at least, or outside them (left of the first, right of the last)."""
    if len(anchors) < 2:
        return False
    if end <= anchors[0] or end >= anchors[-1]:
        return True
    spacing = min(b - a for a, b in zip(anchors, anchors[1:], strict=False))
    first, second = sorted(abs(anchor - end) for anchor in anchors)[:2]
    return second - first >= spacing / 4


def _pages(lines: list[str]) -> list[list[str]]:
    """The lines page by page (pdftotext starts each page with a form feed)."""
    pages: list[list[str]] = [[]]
    for line in lines:
        if line.startswith("\f"):
            pages.append([])
        pages[-1].append(line.lstrip("\f"))
    return [page for page in pages if page]


def _row_start(line: str, starts: set[str]) -> tuple[int, str] | None:
    """(where, the label's text) when a row label of the format begins on the line."""
    label_cells = [(s, e, t) for s, e, t in _cells(line) if not _VALUE.fullmatch(t)]
    for start, _end, text in reversed(label_cells):
        marks = list(_MARK.finditer(text))
        if marks and normalize(text[marks[-1].start() :])[:4] in starts:
            return start + marks[-1].start(), text[marks[-1].start() :]
    return None


def _label_text(line: str, column: int) -> str:
    """The words of a line that stand in the label's column (not in a row group's before it)."""
    words = []
    for start, _end, text in _cells(line):
        if not _VALUE.fullmatch(text):
            words += [m.group(0) for m in _WORD.finditer(text) if start + m.start() >= column - 1]
    return "".join(words)
