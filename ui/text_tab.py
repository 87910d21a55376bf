"""Text parts of the report: a plain-text editor per part, with its character count and, beside
it, what the official format asks that part to contain."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from models.format.blocks import Section
from models.i18n import _
from ui.session import ReportSession

# A field whose value the database refused (or that is not a date).
UNSAVED_STYLE = "QPlainTextEdit, QLineEdit { border: 2px solid #b00020; }"


def add_confirm_action(menu: QMenu, session: ReportSession, location: str) -> None:
    """Add 「已核对」 to a field's context menu while it is 沿用上年，待核对."""
    if location in session.report.unconfirmed:
        menu.addSeparator()
        menu.addAction(_("已核对（沿用上年的内容无误）"), lambda: session.confirm(location))


class UndoToWindow(QObject):
    """Lets Ctrl+Z / Ctrl+Y reach the window's undo, which is the store's persistent history."""

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and (
            event.matches(QKeySequence.StandardKey.Undo)
            or event.matches(QKeySequence.StandardKey.Redo)
        ):
            event.ignore()
            return True
        return False


class TextEditor(QFrame):
    """One text part: heading, guidance, editor, character count, and 沿用上年 confirmation."""

    def __init__(self, session: ReportSession, section: Section, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.text_id = section.id
        self.location = f"texts.{section.id}"
        self.setFrameShape(QFrame.Shape.NoFrame)
        heading = QLabel(section.heading or _("开头段"))
        heading.setStyleSheet("font-weight: bold;")
        self.guidance = QLabel(section.guidance)
        self.guidance.setWordWrap(True)
        self.guidance.setStyleSheet("color: #555;")
        self.editor = QPlainTextEdit()
        self.editor.setUndoRedoEnabled(False)
        self.editor.setTabChangesFocus(True)  # Tab goes on to the next field, as in 基本信息
        self.editor.installEventFilter(UndoToWindow(self.editor))
        self.editor.setPlainText(session.report.texts.get(section.id, ""))
        self.editor.setMinimumHeight(140)
        self.count = QLabel()
        self.carried = QLabel(_("沿用上年，待核对"))
        self.carried.setStyleSheet("color: #8a5a00;")
        self.confirm = QPushButton(_("已核对"))
        self.confirm.clicked.connect(lambda: session.confirm(self.location))
        self.unsaved = QLabel()
        self.unsaved.setWordWrap(True)
        self.unsaved.setStyleSheet("color: #b00020; font-weight: bold;")
        self.editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.editor.customContextMenuRequested.connect(self._context_menu)

        side = QVBoxLayout()
        side.addWidget(self.guidance)
        side.addStretch()
        row = QHBoxLayout()
        row.addWidget(self.editor, 3)
        guidance_box = QWidget()
        guidance_box.setLayout(side)
        guidance_box.setMaximumWidth(320)
        row.addWidget(guidance_box, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.count)
        footer.addStretch()
        footer.addWidget(self.carried)
        footer.addWidget(self.confirm)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(row)
        layout.addLayout(footer)
        layout.addWidget(self.unsaved)

        self.editor.textChanged.connect(self._typed)
        session.changed.connect(self._on_changed)
        session.unsaved_changed.connect(self._show_unsaved)
        self._update_footer()
        self._show_unsaved()

    def _context_menu(self, point) -> None:
        menu = self.editor.createStandardContextMenu()
        add_confirm_action(menu, self.session, self.location)
        menu.exec(self.editor.viewport().mapToGlobal(point))
        menu.deleteLater()

    def _show_unsaved(self) -> None:
        reason = self.session.unsaved.get(self.location)
        self.unsaved.setVisible(reason is not None)
        if reason is not None:
            self.unsaved.setText(_("未保存：{reason}").format(reason=reason))
        style = UNSAVED_STYLE if reason is not None else ""
        if self.editor.styleSheet() != style:
            self.editor.setStyleSheet(style)

    def _typed(self) -> None:
        self.session.edit({self.location: self.editor.toPlainText()}, coalesce=True)
        self._update_footer()

    def _on_changed(self, locations: list[str]) -> None:
        if self.location not in locations:
            return
        text = self.session.report.texts.get(self.text_id, "")
        if text != self.editor.toPlainText():  # undo, redo: show what the store now holds
            cursor = self.editor.textCursor().position()
            self.editor.blockSignals(True)
            self.editor.setPlainText(text)
            self.editor.blockSignals(False)
            moved = self.editor.textCursor()
            moved.setPosition(min(cursor, len(text)))
            self.editor.setTextCursor(moved)
        self._update_footer()

    def _update_footer(self) -> None:
        text = self.editor.toPlainText()
        chars = sum(1 for c in text if not c.isspace())
        self.count.setText(_("{count} 字").format(count=chars))
        pending = self.location in self.session.report.unconfirmed
        self.carried.setVisible(pending)
        self.confirm.setVisible(pending)


class TextTab(QScrollArea):
    """A tab of one or more text parts (一、总体情况 holds its five sub-parts)."""

    def __init__(self, session: ReportSession, sections: list[Section], parent=None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        self.editors = {}
        for section in sections:
            editor = TextEditor(session, section)
            self.editors[editor.location] = editor
            layout.addWidget(editor)
        layout.addStretch()
        self.setWidget(inner)

    def focus(self, location: str) -> None:
        editor = self.editors[location]
        self.ensureWidgetVisible(editor)
        editor.editor.setFocus(Qt.FocusReason.OtherFocusReason)
