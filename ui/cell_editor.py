"""Typing into a number cell the way a clerk used to Excel/WPS expects.

A cell started by typing is in *enter mode*: Enter, Tab and the arrow keys commit the value and
move on. A cell opened with F2 or a double-click is in *edit mode*: the arrows move the caret, and
Enter and Tab commit and move. A value the report or the database refuses keeps the editor open,
with the reason shown in a note at the cell, until the clerk corrects it or presses Esc.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPersistentModelIndex, QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QWidget,
)

Move = QAbstractItemView.CursorAction
_ARROWS = {
    Qt.Key.Key_Up: Move.MoveUp,
    Qt.Key.Key_Down: Move.MoveDown,
    Qt.Key.Key_Left: Move.MoveLeft,
    Qt.Key.Key_Right: Move.MoveRight,
}
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
NOTE_STYLE = (
    "QLabel { background: #fff4f4; color: #b00020; border: 1px solid #b00020; padding: 2px 6px; }"
)


class RefusalNote(QLabel):
    """Why the value in the open cell editor was refused, shown right below (or above) the cell."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setStyleSheet(NOTE_STYLE)
        self.setWordWrap(True)
        self.setMinimumWidth(260)
        self.setMaximumWidth(380)
        # A click on the note goes to the cell under it: the clerk aims at what they see there.
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()

    def show_at(self, cell: QWidget, text: str) -> None:
        """Show `text` next to `cell` (a widget inside the note's parent)."""
        self.setText(text)
        self.adjustSize()
        self.place(cell)
        self.show()
        self.raise_()

    def place(self, cell: QWidget) -> None:
        parent = self.parentWidget()
        top_left = cell.mapTo(parent, QPoint(0, 0))
        below = top_left.y() + cell.height() + 2
        y = below if below + self.height() <= parent.height() else top_left.y() - self.height() - 2
        x = min(top_left.x(), max(0, parent.width() - self.width()))
        self.move(x, max(0, y))


class CellDelegate(QStyledItemDelegate):
    """Edits the view's number cells; the view (a ReportTableView) moves and shows refusals."""

    def __init__(self, view) -> None:
        super().__init__(view)
        self.view = view
        self._explicit = False  # a commit the clerk asked for (Enter, Tab, an arrow)

    def createEditor(self, parent, option, index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
        editor.cell_index = QPersistentModelIndex(index)
        editor.enter_mode = self.view.typing_started
        editor.refused_text = None  # the text last refused, while the refusal stands
        return editor

    def setEditorData(self, editor, index) -> None:
        if editor.refused_text is None:  # never overwrite what the clerk is correcting
            super().setEditorData(editor, index)

    def setModelData(self, editor, model, index) -> None:
        text = editor.text()
        if editor.refused_text == text and not self._explicit:
            return  # focus moving away: the same text was refused already, say it once
        if model.setData(index, text):
            editor.refused_text = None
            self.view.hide_refusal()
        else:
            editor.refused_text = text
            self.view.show_refusal(editor, model.last_error)

    def eventFilter(self, editor, event) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(editor, event)
        key, modifiers = event.key(), event.modifiers()
        plain = not modifiers & ~Qt.KeyboardModifier.KeypadModifier
        if key == Qt.Key.Key_Escape:
            self.view.cancel_edit(editor)
            return True
        if key in _ENTER:
            self._commit_then(editor, self.view.move_to_next, down=True)
            return True
        if key == Qt.Key.Key_Tab:
            self._commit_then(editor, self.view.move_to_next, down=False)
            return True
        if key == Qt.Key.Key_Backtab:
            self._commit_then(editor, self.view.step, Move.MoveLeft)
            return True
        if key in _ARROWS and plain and editor.enter_mode:
            self._commit_then(editor, self.view.step, _ARROWS[key])
            return True
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and plain:  # edit mode: the caret, not the cell
            editor.home(False) if key == Qt.Key.Key_Up else editor.end(False)
            return True
        return super().eventFilter(editor, event)

    def _commit_then(self, editor, move, *args, **kwargs) -> None:
        """Commit the editor's value and move on: the value is shown in its cell and the cursor
        moves before the durable commit (so the commit never holds the repaint back); when the
        database then refuses, the editor comes back on the cell with the value and the reason.
        Only the session's 「已保存」, after the commit, says the value is safe."""
        text = editor.text()
        index = QPersistentModelIndex(editor.cell_index)
        model = index.model()
        reason = model.input_error(index, text)
        if reason:
            editor.refused_text = text
            self.view.show_refusal(editor, reason)
            return
        model.hold(index, text)
        editor.refused_text = None
        self.view.hide_refusal()
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        move(*args, **kwargs)
        self.view.paint_now(index)
        self._explicit = True
        try:
            saved = model.setData(index, text)
        finally:
            self._explicit = False
        if not saved:
            self.view.reopen_refused(index, text, model.last_error)
