"""A value a table did not take stands on its cell until the clerk deals with it.

The value stays in its editor, framed in red, with the reason in a note at the cell and in the
status bar, until the clerk corrects it, takes it back (Esc) or goes to another cell, which drops
it and says so (see docs/decisions.md). The model tells of a refusal by its `refused` signal.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPersistentModelIndex, QPoint, Qt
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QLabel, QTableView, QWidget

from models.i18n import _
from ui.cell_editor import CellEditor
from ui.table_model import Index, ReportTableModel

REFUSED_EDITOR_STYLE = "QLineEdit { border: 2px solid #b00020; background: #fff4f4; }"
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
        """Put the note below `cell`, or above it when there is no room below."""
        parent = self.parentWidget()
        if parent is None:  # the note is made with its parent, the table view
            return
        top_left = cell.mapTo(parent, QPoint(0, 0))
        below = top_left.y() + cell.height() + 2
        y = below if below + self.height() <= parent.height() else top_left.y() - self.height() - 2
        x = min(top_left.x(), max(0, parent.width() - self.width()))
        self.move(x, max(0, y))


class StandingRefusal(QObject):
    """The refused value open on a cell of `view`, if any, and its note."""

    def __init__(
        self, view: QTableView, model: ReportTableModel, say: Callable[[str], None]
    ) -> None:
        super().__init__(view)
        self.view = view
        self.model = model
        self.say = say  # a sentence for the status bar
        self.editor: CellEditor | None = None  # the open cell editor, while its value is refused
        self.note = RefusalNote(view)
        model.refused.connect(self._on_refused)
        model.session.unsaved_changed.connect(self._on_unsaved)
        for bar in (view.verticalScrollBar(), view.horizontalScrollBar()):
            bar.valueChanged.connect(self._place_note)

    def on(self, index: Index) -> CellEditor | None:
        """The editor of the refused value when it stands on the cell at `index`."""
        editor = self.editor
        return editor if editor is not None and editor.cell_index == index else None

    def show(self, editor: CellEditor, reason: str) -> None:
        """Say at the cell why its value was not taken; the editor stays open with it."""
        self.editor = editor
        editor.setStyleSheet(REFUSED_EDITOR_STYLE)
        self.say(reason)
        self.note.show_at(editor, reason)

    def hide(self) -> None:
        self.editor = None
        self.note.hide()

    def cancel(self, editor: CellEditor) -> None:
        """Esc: take back what was typed; the cell shows what is saved."""
        editor.refused_text = None
        self.hide()
        self.model.session.discard(self.model.key_at(editor.cell_index))
        self.view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.RevertModelCache)

    def drop(self, editor: CellEditor) -> None:
        """Take back a refused value because the clerk left its cell, and say so."""
        text, reason = editor.refused_text or editor.text(), self.note.text()
        self.cancel(editor)
        self.say(
            _("「{text}」没有填入（{reason}），该格保留原来的值").format(
                text=text.strip(), reason=reason
            )
        )

    def _on_refused(self, index: QPersistentModelIndex, text: str, reason: str) -> None:
        """The model did not take `text` for the cell at `index`: say why at the cell, in its
        editor (open still, or opened again when the database refused after it closed)."""
        widget = self.view.indexWidget(index)
        editor = widget if isinstance(widget, CellEditor) else self._reopen(index, text)
        if editor is not None:
            editor.refused_text = text
            self.show(editor, reason)

    def _reopen(self, index: Index, text: str) -> CellEditor | None:
        """The editor opened again with `text` on the cell (made current), in enter mode as when
        it was typed."""
        self.view.setCurrentIndex(index)
        # PySide6's stubs want an event, but Qt takes none (nullptr) when no event started it.
        edit = QAbstractItemView.edit
        if not edit(self.view, index, QAbstractItemView.EditTrigger.AllEditTriggers, None):  # type: ignore[call-overload]
            return None
        editor = self.view.indexWidget(index)
        if not isinstance(editor, CellEditor):
            return None
        editor.setText(text)
        editor.enter_mode = True
        return editor

    def _place_note(self) -> None:
        if self.editor is not None and self.note.isVisible():
            self.note.place(self.editor)

    def _on_unsaved(self) -> None:
        """The database took a value after all (another save went through): close the editor."""
        editor = self.editor
        if editor is None or self.model.key_at(editor.cell_index) in self.model.session.unsaved:
            return
        if self.model.data(editor.cell_index) == editor.text():
            editor.refused_text = None
            self.view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
