"""The official table as a spreadsheet: merged cells, and the keys and paste a clerk expects.

Typing starts editing (Enter, Tab and the arrows then commit and move, on the cells
ui/table_keys.py finds), F2 or a double-click edit in place, Delete clears. Header rows and row labels stay in place while the numbers scroll
(frozen panes). Copy and paste move rectangular blocks as tab-separated text, to and from
Excel/WPS; a paste that cannot go in whole says why and changes nothing.
"""

from __future__ import annotations

from typing import overload

from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QAbstractScrollArea,
    QHeaderView,
    QMenu,
    QTableView,
    QToolTip,
    QWidget,
)

from models.format.layout import Kind
from models.i18n import _
from models.report import InputError
from ui.cell_editor import CellDelegate, CellEditor
from ui.frozen import FrozenPanes, Scroll, frozen_header_rows
from ui.history import HistoryDialog
from ui.refusal import StandingRefusal
from ui.table_clipboard import block_text, pasted_changes
from ui.table_keys import KeyWalk, Step
from ui.table_model import Index, ReportTableModel
from ui.text_tab import add_confirm_action

LABEL_WIDTHS = {1: [260], 2: [90, 240], 3: [34, 100, 300]}  # px, by number of label columns
VALUE_WIDTHS = {0: 76}  # px, by number of label columns; 表四's fifteen columns are narrower
VALUE_WIDTH = 84
LABEL_SHARE = 0.45  # at most this part of the table's width goes to the row labels …
MIN_LABEL_WIDTH = 34  # … but no label column gets narrower than this
Trigger = QAbstractItemView.EditTrigger
Hint = QAbstractItemView.ScrollHint
Move = QAbstractItemView.CursorAction
_STEPS = {
    Move.MoveUp: Step.UP,
    Move.MoveDown: Step.DOWN,
    Move.MoveLeft: Step.LEFT,
    Move.MoveRight: Step.RIGHT,
    Move.MoveNext: Step.NEXT,
    Move.MovePrevious: Step.PREVIOUS,
}


class ReportTableView(QTableView):
    """A QTableView over a ReportTableModel, laid out like the paper table."""

    message = Signal(str)  # a sentence for the status bar (refused input, paste result)

    def __init__(self, model: ReportTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.frozen: FrozenPanes | None = None
        self._model = model
        self.refusal = StandingRefusal(self, model, self.message.emit)
        self.keys = KeyWalk(model.layout)
        self.note = self.refusal.note
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
        self.setItemDelegate(CellDelegate(self, self))
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
        # The rows are fitted to their labels once the view has its size, at its first paint:
        # fitting them at each resize while the window lays itself out cost three fits more.
        self.rows_fitted = False
        self.frozen = FrozenPanes(self, frozen_header_rows(layout), layout.label_columns, spans)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        first = next((c for c in layout.cells if c.kind is Kind.VALUE), None)
        if first is not None:
            self.setCurrentIndex(model.index(first.row, first.column))

    def table_model(self) -> ReportTableModel:
        return self._model

    def select_key(self, key: str) -> None:
        """Select the cell of `key` and show it."""
        index = self.table_model().index_of(key)
        self.setCurrentIndex(index)
        self.scrollTo(index)
        self.setFocus()

    def scrollTo(
        self, index: Index, hint: QAbstractItemView.ScrollHint = Hint.EnsureVisible
    ) -> None:
        super().scrollTo(index, hint)
        if self.frozen is not None:
            self.frozen.reveal(index)

    def focusInEvent(self, event: QFocusEvent) -> None:
        # QAbstractItemView repaints the whole table whenever focus comes or goes (as after each
        # committed cell): only the current cell's focus frame changes, so repaint just that.
        QAbstractScrollArea.focusInEvent(self, event)
        self.viewport().update(self.visualRect(self.currentIndex()))
        if self.refusal.editor is not None:  # keys go to the refused value open on its cell
            self.refusal.editor.setFocus()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        QAbstractScrollArea.focusOutEvent(self, event)
        self.viewport().update(self.visualRect(self.currentIndex()))

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.rows_fitted:  # the first paint comes once the window has laid itself out
            self.rows_fitted = True
            self.resizeRowsToContents()
            self.scrollTo(self.currentIndex())  # a place kept from last time, now rows are fitted
        super().paintEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_labels()

    def _fit_labels(self) -> None:
        """On a narrow screen (1024 px at 125 %, 150 %) the row labels give up some width, so
        that beside the frozen labels there is still room for the numbers."""
        base = LABEL_WIDTHS.get(self.table_model().layout.label_columns)
        if not base:
            return
        # The width beside a vertical scroll bar, whether or not it shows: its coming and going
        # does not refit every row.
        room = self.maximumViewportSize().width() - self.verticalScrollBar().sizeHint().width()
        share = min(1.0, LABEL_SHARE * room / sum(base))
        widths = [max(MIN_LABEL_WIDTH, round(width * share)) for width in base]
        if widths != [self.columnWidth(c) for c in range(len(widths))]:
            for column, width in enumerate(widths):
                self.setColumnWidth(column, width)
            if self.rows_fitted:
                self.resizeRowsToContents()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        if self.frozen is not None:
            self.frozen.place()

    # Editing ---------------------------------------------------------------------------------

    @overload
    def edit(self, index: Index) -> None: ...
    @overload
    def edit(self, index: Index, trigger: Trigger, event: QEvent | None) -> bool: ...
    def edit(
        self, index: Index, trigger: Trigger = Trigger.AllEditTriggers, event: QEvent | None = None
    ) -> bool | None:
        editor = self.refusal.on(index)
        if editor is not None:
            editor.setFocus()  # the refused value waits there to be corrected or taken back
            return False
        self.typing_started = trigger == Trigger.AnyKeyPressed
        # PySide6's stubs want an event, but Qt takes none (nullptr) when no event started it.
        return super().edit(index, trigger, event)  # type: ignore[arg-type]

    def currentChanged(self, current: Index, previous: Index) -> None:
        # The clerk went to another cell (a click, a problem, undo): the cell they see selected
        # is the one typing goes into, so the refused value is dropped, and the status bar says
        # which value was not taken and why (see docs/decisions.md).
        editor = self.refusal.editor
        if editor is not None and self.refusal.on(current) is None:
            self.refusal.drop(editor)
        super().currentChanged(current, previous)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        if (
            isinstance(editor, CellEditor)
            and editor.refused_text is not None
            and hint != QAbstractItemDelegate.EndEditHint.RevertModelCache
        ):
            return  # focus went elsewhere: the refused value stays open on its cell
        if editor is self.refusal.editor:
            self.refusal.hide()
        super().closeEditor(editor, hint)

    def cancel_edit(self, editor: CellEditor) -> None:
        """Esc: take back what was typed; the cell shows what is saved."""
        self.refusal.cancel(editor)

    def hide_refusal(self) -> None:
        self.refusal.hide()

    def paint_now(self, index: Index) -> None:
        """Repaint the cell at `index` and the current cell at once, not at the next event loop."""
        rect = self.visualRect(index).united(self.visualRect(self.currentIndex()))
        self.viewport().repaint(rect.adjusted(-1, -1, 1, 1))

    # Keys ------------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
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
            self.go(Step.ENTER)
        elif event.text().strip() and self._on_total():
            self.message.emit(_("合计由程序自动计算，请填写它上面或左边的各项"))
        else:
            super().keyPressEvent(event)

    def _on_total(self) -> bool:
        cell = self.table_model().cell(self.currentIndex())
        return cell is not None and cell.kind is Kind.TOTAL

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        step = _STEPS.get(cursorAction)
        if step is None:
            return super().moveCursor(cursorAction, modifiers)
        return self._target(step)

    def go(self, step: Step) -> None:
        """Move the cursor as the key of `step` does (ui/table_keys.py)."""
        index = self._target(step)
        if index != self.currentIndex():
            self.setCurrentIndex(index)

    def _target(self, step: Step) -> QModelIndex:
        current = self.currentIndex()
        found = self.keys.target(step, current.row(), current.column())
        return current if found is None else self.table_model().index(*found)

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
        text = block_text(self.table_model(), self.selectedIndexes())
        if text:
            QGuiApplication.clipboard().setText(text)

    def paste(self) -> bool:
        """Paste a tab-separated block at the current cell: all of it, or nothing."""
        model = self.table_model()
        try:
            changes = pasted_changes(model, self.currentIndex(), QGuiApplication.clipboard().text())
        except InputError as error:  # a block that cannot go in whole: nothing is changed
            return self._refuse_paste(str(error))
        if not model.save(changes):
            return self._refuse_paste(model.session.unsaved[next(iter(changes))])
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
        """Say why in the status bar and in a tooltip at the current cell."""
        self.message.emit(reason)
        corner = self.visualRect(self.currentIndex()).bottomLeft() + QPoint(4, 4)
        QToolTip.showText(self.viewport().mapToGlobal(corner), reason, self)
        return False
