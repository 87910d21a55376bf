"""Frozen panes, as in Excel's 冻结窗格: a table's header rows and row labels stay in place while
the numbers scroll under them.

Three borderless views over the same model and selection lie on the view's viewport: the header
rows along the top, the row labels along the left, and the corner where both meet. They scroll
with the view in their own direction only, and are shown only when the view can scroll that way.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QFrame, QTableView

from models.format.layout import TableLayout

Scroll = QAbstractItemView.ScrollMode.ScrollPerPixel
EDGE_COLOR = "#7b8a9c"


class FrozenPanes(QObject):
    """Keeps the first `rows` rows and `columns` columns of `view` visible while it scrolls."""

    def __init__(self, view: QTableView, rows: int, columns: int, spans) -> None:
        super().__init__(view)
        self.view = view
        self.rows = rows
        self.columns = columns
        model = view.model()
        self.top = self._pane(spans, rows_only=True) if rows else None
        self.left = self._pane(spans, columns_only=True) if columns else None
        self.corner = self._pane(spans, rows_only=True, columns_only=True)
        if not (rows and columns):
            self.corner.hide()
        for row in range(model.rowCount()):
            self._row_height(row, 0, view.rowHeight(row))
        view.verticalHeader().sectionResized.connect(self._row_height)
        view.horizontalHeader().sectionResized.connect(self._column_width)
        if self.left is not None:
            view.verticalScrollBar().valueChanged.connect(self.left.verticalScrollBar().setValue)
        if self.top is not None:
            view.horizontalScrollBar().valueChanged.connect(self.top.horizontalScrollBar().setValue)
        view.verticalScrollBar().rangeChanged.connect(lambda *_r: self.place())
        view.horizontalScrollBar().rangeChanged.connect(lambda *_r: self.place())

    def panes(self) -> list[QTableView]:
        return [p for p in (self.top, self.left, self.corner) if p is not None]

    def frozen_size(self) -> tuple[int, int]:
        """(width, height) in pixels of the frozen columns and rows."""
        width = sum(self.view.columnWidth(c) for c in range(self.columns))
        height = sum(self.view.rowHeight(r) for r in range(self.rows))
        return width, height

    def place(self) -> None:
        """Lay the panes over the viewport; show each only when the view scrolls its way."""
        port = self.view.viewport().geometry()
        width, height = self.frozen_size()
        scrolls_down = self.view.verticalScrollBar().maximum() > 0
        scrolls_right = self.view.horizontalScrollBar().maximum() > 0
        if self.top is not None:
            self.top.setGeometry(QRect(port.x(), port.y(), port.width(), height))
            self.top.setVisible(scrolls_down)
        if self.left is not None:
            self.left.setGeometry(QRect(port.x(), port.y(), width, port.height()))
            self.left.setVisible(scrolls_right)
            self.left.verticalScrollBar().setValue(self.view.verticalScrollBar().value())
        if self.rows and self.columns:
            self.corner.setGeometry(QRect(port.x(), port.y(), width, height))
            self.corner.setVisible(scrolls_down or scrolls_right)
        for pane in self.panes():
            pane.raise_()

    def reveal(self, index: QModelIndex | QPersistentModelIndex) -> None:
        """Scroll so that the cell at `index` is not hidden under a frozen pane."""
        rect = self.view.visualRect(index)
        width, height = self.frozen_size()
        if index.row() >= self.rows and rect.top() < height:
            bar = self.view.verticalScrollBar()
            bar.setValue(bar.value() - (height - rect.top()))
        if index.column() >= self.columns and rect.left() < width:
            bar = self.view.horizontalScrollBar()
            bar.setValue(bar.value() - (width - rect.left()))

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Wheel:  # the wheel over a pane scrolls the table
            QApplication.sendEvent(self.view.viewport(), event)
            return True
        return False

    def _pane(self, spans, *, rows_only: bool = False, columns_only: bool = False) -> QTableView:
        view = self.view
        pane = QTableView(view)
        pane.setModel(view.model())
        pane.setSelectionModel(view.selectionModel())
        pane.setFocusProxy(view)
        pane.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        pane.horizontalHeader().hide()
        pane.verticalHeader().hide()
        pane.setFrameShape(QFrame.Shape.NoFrame)
        pane.setWordWrap(True)
        pane.setHorizontalScrollMode(Scroll)
        pane.setVerticalScrollMode(Scroll)
        pane.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        pane.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for row, column, rowspan, colspan in spans:
            pane.setSpan(row, column, rowspan, colspan)
        model = view.model()
        for column in range(model.columnCount()):
            pane.setColumnWidth(column, view.columnWidth(column))
            pane.setColumnHidden(column, columns_only and column >= self.columns)
        for row in range(model.rowCount()):
            pane.setRowHidden(row, rows_only and row >= self.rows)
        edges = [e for e, on in (("bottom", rows_only), ("right", columns_only)) if on]
        pane.setStyleSheet(  # the frozen edge, as Excel draws it
            "QTableView { border: none; "
            + " ".join(f"border-{edge}: 2px solid {EDGE_COLOR};" for edge in edges)
            + " }"
        )
        pane.viewport().installEventFilter(self)
        pane.hide()
        return pane

    def _row_height(self, row: int, _old: int, height: int) -> None:
        for pane in self.panes():
            if not pane.isRowHidden(row):
                pane.setRowHeight(row, height)

    def _column_width(self, column: int, _old: int, width: int) -> None:
        for pane in self.panes():
            if not pane.isColumnHidden(column):
                pane.setColumnWidth(column, width)


def frozen_header_rows(layout: TableLayout) -> int:
    """The header rows to freeze: those at the top of a one-block table (表二's blocks each
    have their own headers, so none are frozen there)."""
    if len(layout.table.blocks) != 1:
        return 0
    rows = 0
    while rows in layout.header_rows:
        rows += 1
    return rows
