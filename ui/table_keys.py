"""Where the keys move the cursor in an official table, as in Excel, over the merged grid.

↓, ↑ and Enter go down or up the column the clerk is in, through merged cells (表二's 现行有效件数
reaches 行政许可, whose one value spans all three columns) and past the title, header and label
rows between the blocks; a later ↓ from a merged cell goes on in the column the clerk came from.
Enter and Tab stop only on cells the clerk types into; the arrows stop on totals too (to read or
copy them), never on a heading or a label. Tab and Shift+Tab go along the row and on to the next
(previous) row. Tab, Tab, Enter goes to the next row in the column where the Tabs started.

The walk is plain data on the grid of models/format/layout.py, so it holds for every table.
"""

from __future__ import annotations

from enum import Enum

from models.format.layout import GridCell, Kind, TableLayout

TYPED = frozenset({Kind.VALUE})  # cells the clerk types into
NUMBERS = frozenset({Kind.VALUE, Kind.TOTAL})  # cells an arrow may stop on

Position = tuple[int, int]


class Step(Enum):
    """A key that moves the cursor."""

    UP = "up"
    DOWN = "down"
    LEFT = "left"
    RIGHT = "right"
    NEXT = "next"  # Tab
    PREVIOUS = "previous"  # Shift+Tab
    ENTER = "enter"


class KeyWalk:
    """The cursor's moves on one table's grid, with the columns the clerk's keys remember."""

    def __init__(self, layout: TableLayout) -> None:
        self._cover: dict[Position, GridCell] = {}
        for cell in layout.cells:
            for row in range(cell.row, cell.row + cell.rowspan):
                for column in range(cell.column, cell.column + cell.colspan):
                    self._cover[(row, column)] = cell
        self._rows, self._columns = layout.rows, layout.columns
        self._first_number_column = layout.label_columns
        self._typed = sorted(
            (c.row, c.column) for c in layout.cells if c.kind in TYPED
        )  # in reading order, for Tab
        self._column: int | None = None  # the column ↓, ↑ and Enter keep to
        self._tab_start: int | None = None  # where the current run of Tabs started
        self._landed: Position | None = None  # where the last move went

    def target(self, step: Step, row: int, column: int) -> Position | None:
        """The cell (its top-left grid position) that `step` goes to from the cell at (row,
        column); None when it stays. Moved elsewhere since (a click), the keys forget."""
        cell = self._cover.get((row, column))
        if cell is None:
            return None
        if self._landed != (cell.row, cell.column):
            self._column = self._tab_start = None
        if step in (Step.UP, Step.DOWN, Step.ENTER):
            found = self._vertical(step, cell)
        elif step in (Step.NEXT, Step.PREVIOUS):
            found = self._along(step, cell)
        else:
            self._column = self._tab_start = None
            found = self._beside(step, cell)
        self._landed = found or (cell.row, cell.column)
        return found

    def _vertical(self, step: Step, cell: GridCell) -> Position | None:
        # From a heading or a row label (a click put the cursor there): the first number column.
        column = max(cell.column, self._first_number_column)
        column = self._column if self._column is not None else column
        if step is Step.ENTER and self._tab_start is not None:
            column = self._tab_start
        self._tab_start = None
        self._column = column
        kinds = TYPED if step is Step.ENTER else NUMBERS
        rows = range(cell.row - 1, -1, -1) if step is Step.UP else range(cell.row + 1, self._rows)
        for row in rows:
            below = self._cover.get((row, column))
            if below is not None and below.kind in kinds:
                return below.row, below.column
        return None

    def _along(self, step: Step, cell: GridCell) -> Position | None:
        """Tab: the next typed cell in reading order, round to the first after the last."""
        if not self._typed:
            return None
        self._column = None
        if step is Step.NEXT and self._tab_start is None:
            self._tab_start = cell.column
        here = (cell.row, cell.column)
        if step is Step.NEXT:
            found = next((p for p in self._typed if p > here), self._typed[0])
        else:
            found = next((p for p in reversed(self._typed) if p < here), self._typed[-1])
        if found[0] != cell.row:  # on to another row: its Tabs start anew
            self._tab_start = None
        return None if found == here else found

    def _beside(self, step: Step, cell: GridCell) -> Position | None:
        if step is Step.RIGHT:
            columns = range(cell.column + cell.colspan, self._columns)
        else:
            columns = range(cell.column - 1, -1, -1)
        for column in columns:
            beside = self._cover.get((cell.row, column))
            if beside is not None and beside.kind in NUMBERS:
                return beside.row, beside.column
        return None
