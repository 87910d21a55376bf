"""The official table as a spreadsheet: merged cells, and the keys and paste a clerk expects.

Typing starts editing (Enter, Tab and the arrows then commit and move), F2 or a double-click edit
in place, Delete clears. Header rows and row labels stay in place while the numbers scroll
(frozen panes). Copy and paste move rectangular blocks as tab-separated text, to and from
Excel/WPS; a paste that cannot go in whole says why and changes nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QAbstractScrollArea,
    QHeaderView,
    QMenu,
    QTableView,
    QToolTip,
)

from models.format.layout import Kind
from models.i18n import _
from models.report import InputError, parse_cell_text
from ui.cell_editor import CellDelegate, RefusalNote
from ui.frozen import FrozenPanes, Scroll
from ui.history import HistoryDialog
from ui.table_model import ReportTableModel
from ui.text_tab import add_confirm_action

LABEL_WIDTHS = {1: [260], 2: [90, 240], 3: [34, 100, 300]}  # px, by number of label columns
VALUE_WIDTHS = {0: 76}  # px, by number of label columns; 表四's fifteen columns are narrower
VALUE_WIDTH = 84
LABEL_SHARE = 0.45  # at most this part of the table's width goes to the row labels …
MIN_LABEL_WIDTH = 34  # … but no label column gets narrower than this
Trigger = QAbstractItemView.EditTrigger
REFUSED_EDITOR_STYLE = "QLineEdit { border: 2px solid #b00020; background: #fff4f4; }"


class ReportTableView(QTableView):
    """A QTableView over a ReportTableModel, laid out like the paper table."""

    message = Signal(str)  # a sentence for the status bar (refused input, paste result)

    def __init__(self, model: ReportTableModel, parent=None) -> None:
        super().__init__(parent)
        self.frozen: FrozenPanes | None = None
        self._editor = None  # the open cell editor, while its value stands refused
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
        self.setHorizontalScrollMode(Scroll)
        self.setVerticalScrollMode(Scroll)
        # How the open editor was started: by typing (enter mode), or F2/double-click (edit mode).
        self.typing_started = False
        self.note = RefusalNote(self)
        self.setItemDelegate(CellDelegate(self))
        layout = model.layout
        spans = [
            (c.row, c.column, c.rowspan, c.colspan)
            for c in layout.cells
            if c.rowspan > 1 or c.colspan > 1
        ]
        for span in spans:
            self.setSpan(*span)
        widths = LABEL_WIDTHS.get(layout.label_columns, [])
        for column in range(layout.columns):
            value_width = VALUE_WIDTHS.get(layout.label_columns, VALUE_WIDTH)
            width = widths[column] if column < len(widths) else value_width
            self.setColumnWidth(column, width)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.resizeRowsToContents()
        self.frozen = FrozenPanes(self, _leading_header_rows(layout), layout.label_columns, spans)
        for bar in (self.verticalScrollBar(), self.horizontalScrollBar()):
            bar.valueChanged.connect(self._place_note)
        model.session.unsaved_changed.connect(self._on_unsaved)
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

    def scrollTo(self, index, hint=QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        super().scrollTo(index, hint)
        if self.frozen is not None:
            self.frozen.reveal(index)

    def focusInEvent(self, event) -> None:
        # QAbstractItemView repaints the whole table whenever focus comes or goes (as after each
        # committed cell): only the current cell's focus frame changes, so repaint just that.
        QAbstractScrollArea.focusInEvent(self, event)
        self.viewport().update(self.visualRect(self.currentIndex()))
        if self._editor is not None:  # keys go to the refused value open on the current cell
            self._editor.setFocus()

    def focusOutEvent(self, event) -> None:
        QAbstractScrollArea.focusOutEvent(self, event)
        self.viewport().update(self.visualRect(self.currentIndex()))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_labels()

    def _fit_labels(self) -> None:
        """On a narrow screen (1024 px at 125 %, 150 %) the row labels give up some width, so
        that beside the frozen labels there is still room for the numbers."""
        base = LABEL_WIDTHS.get(self.table_model().layout.label_columns)
        if not base:
            return
        share = min(1.0, LABEL_SHARE * self.viewport().width() / sum(base))
        widths = [max(MIN_LABEL_WIDTH, round(width * share)) for width in base]
        if widths != [self.columnWidth(c) for c in range(len(widths))]:
            for column, width in enumerate(widths):
                self.setColumnWidth(column, width)
            self.resizeRowsToContents()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        if self.frozen is not None:
            self.frozen.place()

    # Editing ---------------------------------------------------------------------------------

    def edit(self, index, trigger=Trigger.AllEditTriggers, event=None) -> bool:
        editor = self._editor
        if editor is not None and index == QModelIndex(editor.cell_index):
            editor.setFocus()  # the refused value waits there to be corrected or taken back
            return False
        self.typing_started = trigger == Trigger.AnyKeyPressed
        return super().edit(index, trigger, event)

    def currentChanged(self, current, previous) -> None:
        # The clerk went to another cell (a click, a problem, undo): the cell they see selected
        # is the one typing goes into, so the refused value is dropped, and the status bar says
        # which value was not taken and why (see docs/decisions.md).
        editor = self._editor
        if editor is not None and current != QModelIndex(editor.cell_index):
            self._drop_refused(editor)
        super().currentChanged(current, previous)

    def closeEditor(self, editor, hint) -> None:
        if (
            editor.refused_text is not None
            and hint != QAbstractItemDelegate.EndEditHint.RevertModelCache
        ):
            return  # focus went elsewhere: the refused value stays open on its cell
        if editor is self._editor:
            self.hide_refusal()
        super().closeEditor(editor, hint)

    def cancel_edit(self, editor) -> None:
        """Esc: take back what was typed; the cell shows what is saved."""
        editor.refused_text = None
        self.hide_refusal()
        self.table_model().session.discard(self.table_model().key_at(editor.cell_index))
        self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.RevertModelCache)

    def _drop_refused(self, editor) -> None:
        """Take back a refused value because the clerk left its cell, and say so."""
        text, reason = editor.refused_text or editor.text(), self.note.text()
        self.cancel_edit(editor)
        self.message.emit(
            _("「{text}」没有填入（{reason}），该格保留原来的值").format(
                text=text.strip(), reason=reason
            )
        )

    def show_refusal(self, editor, reason: str) -> None:
        """Say at the cell why its value was not taken; the editor stays open with it."""
        self._editor = editor
        editor.setStyleSheet(REFUSED_EDITOR_STYLE)
        self.message.emit(reason)
        self.note.show_at(editor, reason)

    def paint_now(self, index) -> None:
        """Repaint the cell at `index` and the current cell at once, not at the next event loop."""
        rect = self.visualRect(index).united(self.visualRect(self.currentIndex()))
        self.viewport().repaint(rect.adjusted(-1, -1, 1, 1))

    def reopen_refused(self, index, text: str, reason: str) -> None:
        """Put the editor back on a cell whose value the database refused, with value and reason."""
        index = QModelIndex(index)
        self.setCurrentIndex(index)
        self.typing_started = True
        if not QAbstractItemView.edit(self, index, Trigger.AllEditTriggers, None):
            return
        editor = self.indexWidget(index)
        editor.setText(text)
        editor.refused_text = text
        self.show_refusal(editor, reason)

    def hide_refusal(self) -> None:
        self._editor = None
        self.note.hide()

    def _place_note(self) -> None:
        if self._editor is not None and self.note.isVisible():
            self.note.place(self._editor)

    def _on_unsaved(self) -> None:
        """The database took a value after all (another save went through): close the editor."""
        editor = self._editor
        if editor is None or self.table_model().key_at(editor.cell_index) in (
            self.table_model().session.unsaved
        ):
            return
        if self.table_model().data(editor.cell_index) == editor.text():
            editor.refused_text = None
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

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

    def step(self, action: QAbstractItemView.CursorAction) -> None:
        """Move the cursor as an arrow key does outside editing."""
        index = self.moveCursor(action, Qt.KeyboardModifier.NoModifier)
        if index.isValid():
            self.setCurrentIndex(index)

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
            add_confirm_action(menu, self.table_model().session, cell.key)
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

    def _tooltip(self, index: QModelIndex, text: str) -> None:
        rect = self.visualRect(index)
        QToolTip.showText(self.viewport().mapToGlobal(rect.bottomLeft() + QPoint(4, 4)), text, self)


def _leading_header_rows(layout) -> int:
    """The header rows to freeze: those at the top of a one-block table (表二's blocks each
    have their own headers, so none are frozen there)."""
    if len(layout.table.blocks) != 1:
        return 0
    rows = 0
    while rows in layout.header_rows:
        rows += 1
    return rows
