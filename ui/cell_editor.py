"""Typing into a number cell the way a clerk used to Excel/WPS expects.

A cell started by typing is in *enter mode*: Enter, Tab and the arrow keys commit the value and
move on. A cell opened with F2 or a double-click is in *edit mode*: the arrows move the caret, and
Enter and Tab commit and move. A value the report or the database refuses keeps the editor open,
with the reason shown in a note at the cell (ui/refusal.py), until the clerk corrects it or
presses Esc.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ui.table_keys import Step
from ui.table_model import Index, ReportTableModel

_ARROWS = {  # by QKeyEvent.key(), an int
    Qt.Key.Key_Up.value: Step.UP,
    Qt.Key.Key_Down.value: Step.DOWN,
    Qt.Key.Key_Left.value: Step.LEFT,
    Qt.Key.Key_Right.value: Step.RIGHT,
}
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class CellEditor(QLineEdit):
    """The editor open on one number cell of a ReportTableView."""

    def __init__(self, parent: QWidget, index: Index, *, enter_mode: bool) -> None:
        super().__init__(parent)
        self.setFrame(False)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cell_index = QPersistentModelIndex(index)
        self.enter_mode = enter_mode  # started by typing: the arrows commit and move
        self.refused_text: str | None = None  # the text last refused, while the refusal stands


class CellHost(Protocol):
    """What the delegate asks of the view it edits (a ReportTableView)."""

    typing_started: bool

    def cancel_edit(self, editor: CellEditor) -> None: ...
    def go(self, step: Step) -> None: ...
    def hide_refusal(self) -> None: ...
    def paint_now(self, index: Index) -> None: ...


class CellDelegate(QStyledItemDelegate):
    """Edits the view's number cells; the view moves, and shows what its model refuses."""

    def __init__(self, view: CellHost, parent: QObject) -> None:
        super().__init__(parent)
        self.view = view
        self._explicit = False  # a commit the clerk asked for (Enter, Tab, an arrow)

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> CellEditor:
        return CellEditor(parent, index, enter_mode=self.view.typing_started)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, CellEditor) and editor.refused_text is None:
            super().setEditorData(editor, index)  # never overwrite what the clerk is correcting

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        """Focus moving away commits what was typed; a refusal comes as the model's `refused`."""
        if not isinstance(editor, CellEditor):
            return
        text = editor.text()
        if editor.refused_text == text and not self._explicit:
            return  # focus moving away: the same text was refused already, say it once
        if model.setData(index, text):
            editor.refused_text = None
            self.view.hide_refusal()

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if (
            event.type() != QEvent.Type.KeyPress
            or not isinstance(event, QKeyEvent)
            or not isinstance(editor, CellEditor)
        ):
            return super().eventFilter(editor, event)
        key, modifiers = event.key(), event.modifiers()
        plain = not modifiers & ~Qt.KeyboardModifier.KeypadModifier
        if key == Qt.Key.Key_Escape:
            self.view.cancel_edit(editor)
        elif key in _ENTER:
            self._commit_then(editor, lambda: self.view.go(Step.ENTER))
        elif key == Qt.Key.Key_Tab:
            self._commit_then(editor, lambda: self.view.go(Step.NEXT))
        elif key == Qt.Key.Key_Backtab:
            self._commit_then(editor, lambda: self.view.go(Step.PREVIOUS))
        elif key in _ARROWS and plain and editor.enter_mode:
            self._commit_then(editor, lambda: self.view.go(_ARROWS[key]))
        elif (
            key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and plain
        ):  # edit mode: the caret, not the cell
            editor.home(False) if key == Qt.Key.Key_Up else editor.end(False)
        else:
            return super().eventFilter(editor, event)
        return True

    def _commit_then(self, editor: CellEditor, move: Callable[[], None]) -> None:
        """Commit the editor's value and move on: the value is shown in its cell and the cursor
        moves before the durable commit (so the commit never holds the repaint back); when the
        database then refuses, the model's `refused` brings the editor back on the cell with the
        value and the reason. Only the session's 「已保存」, after the commit, says it is safe."""
        text = editor.text()
        index = QPersistentModelIndex(editor.cell_index)
        model = index.model()
        if not isinstance(model, ReportTableModel) or not model.hold(index, text):
            return  # not a value: the model said why (`refused`), and the editor stays open
        editor.refused_text = None
        self.view.hide_refusal()
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        move()
        self.view.paint_now(index)
        self._explicit = True
        try:
            model.setData(index, text)
        finally:
            self._explicit = False
