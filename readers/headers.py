"""The header rows printed over a table's columns: the header shown for each column, and the order
in which the headers name the columns.

Within each header row, the cells that are exactly a column's label (the k-th 「总计」 naming the
k-th column so labelled) must come in the format's order; where they do not, the values under them
go to the columns their headers name, and the reading says which columns moved. Each header row is
looked at once for each set of columns (a table has a few): a page that repeats a table's headers
hundreds of times is read in time linear in its length.
"""

from __future__ import annotations

from models.format.blocks import Column
from readers.labels import normalize, similarity

PRINTED_MATCH = 0.8  # the least similarity at which a header is shown for a column


class Headers:
    """The header rows of one table, as they are read, and what they say of its columns."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, ...]] = []
        self._orders: dict[int, tuple[tuple[Column, ...], list[Column], dict[str, None]]] = {}
        self._printed: dict[Column, tuple[float, str]] = {}
        self._distinct: dict[str, None] = {}

    def add(self, cells: list[str]) -> None:
        """A header row, its cells left to right."""
        row = tuple(cells)
        self.rows.append(row)
        for columns, order, moved in self._orders.values():
            _reorder(columns, order, moved, row)
        for cell in row:
            if cell not in self._distinct:
                self._distinct[cell] = None
                for column in self._printed:
                    self._consider(column, cell)

    def order(self, columns: tuple[Column, ...]) -> tuple[tuple[Column, ...], tuple[str, ...]]:
        """The columns in the order the headers so far name them, and the labels of those moved
        from the format's order (none when the headers agree with it)."""
        if id(columns) not in self._orders:
            state: tuple[tuple[Column, ...], list[Column], dict[str, None]] = (
                columns,
                list(columns),
                {},
            )
            for row in self.rows:
                _reorder(*state, row)
            self._orders[id(columns)] = state
        _columns, order, moved = self._orders[id(columns)]
        return tuple(order), tuple(moved)

    def printed(self, column: Column) -> str:
        """The header printed over a column: the one most like its label, else the label."""
        if column not in self._printed:
            self._printed[column] = (0.0, "")
            for cell in self._distinct:
                self._consider(column, cell)
        score, best = self._printed[column]
        return "".join(best.split()) if best and score >= PRINTED_MATCH else column.label

    def _consider(self, column: Column, cell: str) -> None:
        score = similarity(cell, column.label)
        if score > self._printed[column][0]:
            self._printed[column] = (score, cell)


def _reorder(
    columns: tuple[Column, ...], order: list[Column], moved: dict[str, None], row: tuple[str, ...]
) -> None:
    """Put the columns one header row names in the order it names them (a repeated row changes
    nothing: each place gets a column of `columns`, never of `order`)."""
    named = _named_columns(columns, row)
    slots = sorted(named)
    printed = [index for _place, index in sorted((place, i) for i, place in named.items())]
    for slot, index in zip(slots, printed, strict=True):
        if slot != index:
            order[slot] = columns[index]
            moved[columns[index].label] = None


def _named_columns(columns: tuple[Column, ...], cells: tuple[str, ...]) -> dict[int, int]:
    """Column index → the place of the header cell that names it exactly, in one header row."""
    unused: dict[str, list[int]] = {}
    for index, column in enumerate(columns):
        unused.setdefault(normalize(column.label), []).append(index)
    named = {}
    for place, cell in enumerate(cells):
        indices = unused.get(normalize(cell))
        if indices:
            named[indices.pop(0)] = place
    return named
