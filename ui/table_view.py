"""The official table as a spreadsheet: merged cells, and the keys and paste a clerk expects.

Typing starts editing, Enter moves down, Tab moves right, arrows move, Delete clears, F2 edits.
Copy and paste move rectangular blocks as tab-separated text, to and from Excel/WPS; a paste that
cannot go in whole says why and changes nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QStyledItemDelegate,
    QTableView,
    QToolTip,
)

from models.i18n import _
from models.layout import Kind
from models.report import InputError, parse_cell_text
from ui.history import HistoryDialog
from ui.table_model import ReportTableModel

LABEL_WIDTHS = {1: [260], 2: [90, 240], 3: [34, 100, 300]}  # px, by number of label columns
VALUE_WIDTHS = {0: 76}  # px, by number of label columns; 表四's fifteen columns are narrower
VALUE_WIDTH = 84


class _CellDelegate(QStyledItemDelegate):
    """Commits on Enter and asks the view to move down; reports a refused value."""

    enter_pressed = Signal()
    refused = Signal(QModelIndex, str)

    def setModelData(self, editor, model, index) -> None:
        if not model.setData(index, editor.text()):
            self.refused.emit(index, model.last_error)

    def eventFilter(self, editor, event) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
        ):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.enter_pressed.emit()
            return True
        return super().eventFilter(editor, event)


class ReportTableView(QTableView):
    """A QTableView over a ReportTableModel, laid out like the paper table."""

    message = Signal(str)  # a sentence for the status bar (refused input, paste result)

    def __init__(self, model: ReportTableModel, parent=None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setTabKeyNavigation(True)
        delegate = _CellDelegate(self)
        delegate.enter_pressed.connect(lambda: self.move_to_next(down=True))
        delegate.refused.connect(self._show_refusal)
        self.setItemDelegate(delegate)
        layout = model.layout
        for cell in layout.cells:
            if cell.rowspan > 1 or cell.colspan > 1:
                self.setSpan(cell.row, cell.column, cell.rowspan, cell.colspan)
        widths = LABEL_WIDTHS.get(layout.label_columns, [])
        for column in range(layout.columns):
            value_width = VALUE_WIDTHS.get(layout.label_columns, VALUE_WIDTH)
            width = widths[column] if column < len(widths) else value_width
            self.setColumnWidth(column, width)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.resizeRowsToContents()
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        first = next((c for c in layout.cells if c.kind is Kind.VALUE), None)
        if first is not None:
            self.setCurrentIndex(model.index(first.row, first.column))

    def table_model(self) -> ReportTableModel:
        return self.model()

    def select_key(self, key: str) -> None:
        """Select the cell of `key` and show it."""
        index = self.table_model().index_of(key)
        self.setCurrentIndex(index)
        self.scrollTo(index)
        self.setFocus()

    # Keys ------------------------------------------------------------------------------------

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
        elif event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and (
            self.state() != QAbstractItemView.State.EditingState
        ):
            self.clear_selection()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            self.state() != QAbstractItemView.State.EditingState
        ):
            self.move_to_next(down=True)
        elif event.text().strip() and self._on_total():
            self.message.emit(_("合计由程序自动计算，请填写它上面或左边的各项"))
        else:
            super().keyPressEvent(event)

    def _on_total(self) -> bool:
        cell = self.table_model().cell(self.currentIndex())
        return cell is not None and cell.kind is Kind.TOTAL

    def move_to_next(self, *, down: bool) -> None:
        """Move to the next cell below (or to the right) that the clerk types into."""
        model = self.table_model()
        current = self.currentIndex()
        row, column = current.row(), current.column()
        while True:
            if down:
                row += 1
            else:
                column += 1
            if row >= model.rowCount() or column >= model.columnCount():
                return
            cell = model.cell(model.index(row, column))
            if cell is not None and cell.kind is Kind.VALUE:
                self.setCurrentIndex(model.index(row, column))
                return

    def show_history(self, index: QModelIndex) -> HistoryDialog | None:
        """The change history of the cell at `index` (a number cell), in a dialog."""
        model = self.table_model()
        cell = model.cell(index)
        if cell is None or not cell.key:
            return None
        name = model.session.report.format.cells[cell.key].name
        dialog = HistoryDialog(model.session, cell.key, name, self)
        dialog.show()
        return dialog

    def _context_menu(self, point: QPoint) -> None:
        index = self.indexAt(point)
        menu = QMenu(self)
        menu.addAction(_("复制"), self.copy_selection)
        menu.addAction(_("粘贴"), self.paste)
        cell = self.table_model().cell(index)
        if cell is not None and cell.key:
            menu.addAction(_("修改记录…"), lambda: self.show_history(index))
        menu.exec(self.viewport().mapToGlobal(point))

    # Clipboard -------------------------------------------------------------------------------

    def copy_selection(self) -> None:
        """The selected rectangle as tab-separated text."""
        indexes = self.selectedIndexes()
        if not indexes:
            return
        top = min(i.row() for i in indexes)
        left = min(i.column() for i in indexes)
        bottom = max(i.row() for i in indexes)
        right = max(i.column() for i in indexes)
        model = self.table_model()
        lines = []
        for row in range(top, bottom + 1):
            values = []
            for column in range(left, right + 1):
                cell = model.cell(model.index(row, column))
                values.append(model.data(model.index(row, column)) or "" if cell else "")
            lines.append("\t".join(values))
        QGuiApplication.clipboard().setText("\n".join(lines) + "\n")

    def paste(self) -> bool:
        """Paste a tab-separated block at the current cell: all of it, or nothing."""
        text = QGuiApplication.clipboard().text()
        rows = [line.split("\t") for line in text.replace("\r\n", "\n").rstrip("\n").split("\n")]
        model = self.table_model()
        start = self.currentIndex()
        fmt = model.session.report.format
        changes = {}
        for r, values in enumerate(rows, start=1):
            for c, raw in enumerate(values, start=1):
                index = model.index(start.row() + r - 1, start.column() + c - 1)
                cell = model.cell(index) if index.isValid() else None
                if cell is None or cell.kind is not Kind.VALUE:
                    return self._refuse_paste(
                        _(
                            "第 {r} 行第 {c} 个值会落在表格外或合计、标题格上，未粘贴任何内容"
                        ).format(r=r, c=c)
                    )
                try:
                    changes[cell.key] = parse_cell_text(raw, fmt.cells[cell.key].value_type)
                except InputError as error:
                    return self._refuse_paste(
                        _("第 {r} 行第 {c} 个值「{raw}」{reason}，未粘贴任何内容").format(
                            r=r, c=c, raw=raw.strip(), reason=error
                        )
                    )
        if not model.save(changes):
            return self._refuse_paste(model.last_error)
        self.message.emit(_("已粘贴 {count} 格").format(count=len(changes)))
        return True

    def clear_selection(self) -> None:
        model = self.table_model()
        keys = {
            cell.key
            for index in self.selectedIndexes()
            if (cell := model.cell(index)) is not None and cell.kind is Kind.VALUE
        }
        if keys:
            model.save(dict.fromkeys(keys))

    def _refuse_paste(self, reason: str) -> bool:
        self.message.emit(reason)
        self._tooltip(self.currentIndex(), reason)
        return False

    def _show_refusal(self, index: QModelIndex, reason: str) -> None:
        self.message.emit(reason)
        self._tooltip(index, reason)

    def _tooltip(self, index: QModelIndex, text: str) -> None:
        rect = self.visualRect(index)
        QToolTip.showText(self.viewport().mapToGlobal(rect.bottomLeft() + QPoint(4, 4)), text, self)
