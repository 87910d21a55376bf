"""Driving the window the clerk's way: menu items by their titles, modal dialogs by a timer."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QContextMenuEvent, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLabel, QLineEdit

from models.exchange import read_report
from models.storage.store import Store
from tests.conftest import SAMPLE
from ui.dialogs import AcknowledgeDialog
from ui.main_window import MainWindow


def open_window(qtbot, folder: Path, *reports: Path) -> MainWindow:
    """The window on `folder`'s database (the given report files stored when it has none yet),
    shown on the report list, with its settings in the same folder."""
    store = Store(folder / "drafts.db", exclusive=True)
    if not store.list_reports():
        for path in reports:
            store.create(read_report(path))
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def type_text(qtbot, text: str) -> None:
    """Type into the focused widget: ASCII as key presses, Chinese as an input method commits
    it (one QInputMethodEvent with the committed text)."""
    widget = QApplication.focusWidget()
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def type_keys(qtbot, text: str) -> None:
    """Type ASCII key by key where the clerk's keys go: the focused widget at each key (the first
    digit typed on a cell opens its editor, which takes the rest)."""
    for char in text:
        qtbot.keyClicks(QApplication.focusWidget(), char)


def press_key(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """Press one key on the focused widget, and let the window answer it."""
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)
    QApplication.processEvents()


def menu_item(window, menu_title: str, item_text: str) -> QAction:
    """The action 「menu_title › item_text」 of the window's menu bar (「文件」, 「导出 PDF…」)."""
    for menu_action in window.menuBar().actions():
        if menu_action.text().split("(")[0] == menu_title:
            for action in menu_action.menu().actions():
                if action.text() == item_text:
                    return action
    raise LookupError(f"{menu_title} › {item_text}")


def click(window, menu_title: str, item_text: str) -> None:
    """Choose a menu item; raises if the clerk could not (it is disabled)."""
    action = menu_item(window, menu_title, item_text)
    assert action.isEnabled(), f"{menu_title} › {item_text} is disabled"
    action.trigger()


def answer_next_dialog(answer, delay: int = 200) -> dict:
    """When the next modal dialog shows, call `answer(dialog)`; returns what was seen.

    Chained answers (a question, then a file dialog, then a message) each get their own call.
    """
    seen: dict = {}

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(50, run)
            return
        seen["dialog"] = dialog
        seen["title"] = dialog.windowTitle()
        seen["text"] = dialog.text() if hasattr(dialog, "text") else ""
        answer(dialog)

    QTimer.singleShot(delay, run)
    return seen


def press(button_text: str):
    """An answer that presses the message box button reading `button_text`."""

    def answer(box) -> None:
        next(b for b in box.buttons() if b.text() == button_text).click()

    return answer


# The window as the tests of tests/ui/ (and a few others) drive it -----------------------------


CELL = "applications.received.natural_person"


def window_on(qtbot, paths, *, sample=True):
    db, ini = paths
    store = Store(db, exclusive=True)
    if sample and not store.list_reports():
        store.create(read_report(SAMPLE))
    window = MainWindow(store, QSettings(str(ini), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitActive(window)
    if window.session is None and store.list_reports():
        window.open_report(store.list_reports()[0].id)
    return window


def table_of(window, section="applications"):
    editor = window.editor
    editor.tabs.setCurrentWidget(editor.pages[section])
    view = editor.table_view(section)
    return view, view.table_model()


def type_into(qtbot, view, key, text):
    view.select_key(key)
    if text.isascii():
        qtbot.keyClicks(view, text[0])  # typing starts editing …
        editor = view.indexWidget(view.currentIndex())
        assert editor is not None, "typing did not open an editor"
        qtbot.keyClicks(editor, text[1:])  # … and the keys that follow go to the editor
    else:  # what an input method commits arrives as text, not as key presses
        qtbot.keyClick(view, Qt.Key.Key_F2)
        editor = view.indexWidget(view.currentIndex())
        editor.selectAll()
        editor.insert(text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def stored_value(db, report_id, location):
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT value FROM fields WHERE report_id = ? AND location = ?", [report_id, location]
        ).fetchone()
    return row and row[0]


def answer_message_box(qtbot, button_text=None):
    """Read the message box the program shows, and press a button (the last one if None)."""
    seen = {}

    def answer():
        box = QApplication.activeModalWidget()
        seen["text"] = box.text()
        seen["informative"] = box.informativeText()
        buttons = box.buttons()
        chosen = next((b for b in buttons if b.text() == button_text), buttons[-1])
        chosen.click()

    from PySide6.QtCore import QTimer

    QTimer.singleShot(300, answer)
    return seen


def start_typing(qtbot, view, key, text):
    """Select the cell and type into it, as the clerk does: the first key opens the editor."""
    view.select_key(key)
    qtbot.keyClicks(view, text[0])
    editor = view.indexWidget(view.currentIndex())
    assert editor is not None, "typing did not open an editor"
    qtbot.keyClicks(editor, text[1:])
    return editor


def refuse_writes(window, how, paths):
    """Make the real database refuse the next writes: read-only, or locked by another program.
    Returns the function that lets it write again."""
    conn = window.store._conn
    if how == "read-only":
        conn.execute("PRAGMA query_only = ON")
        return lambda: conn.execute("PRAGMA query_only = OFF")
    conn.execute("PRAGMA busy_timeout = 50")  # the clerk is told at once, not after 5 s
    other = sqlite3.connect(paths[0], isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    return lambda: (other.execute("ROLLBACK"), other.close())


def problem_items(panel):
    return [
        panel.topLevelItem(i).child(j)
        for i in range(panel.topLevelItemCount())
        for j in range(panel.topLevelItem(i).childCount())
    ]


def context_action(panel, text):
    assert panel.contextMenuPolicy() is Qt.ContextMenuPolicy.ActionsContextMenu
    (action,) = [a for a in panel.actions() if a.text() == text]
    return action


def answer_input(qtbot, note, seen):
    """Answer 标为已核实: read the finding, type the 说明 into the focused box, press 确定
    (or, while 确定 cannot be pressed, 取消)."""

    def answer():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(50, answer)
            return
        assert isinstance(dialog, AcknowledgeDialog)
        seen["label"] = " ".join(label.text() for label in dialog.findChildren(QLabel))
        type_text(qtbot, note)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        seen["ok_enabled"] = ok.isEnabled()
        pressed = (
            ok if ok.isEnabled() else dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        )
        qtbot.mouseClick(pressed, Qt.MouseButton.LeftButton)

    QTimer.singleShot(200, answer)


YES, NO = "是(&Y)", "否(&N)"


def type_file_name(dialog: QFileDialog, path: Path) -> None:
    """Type the path into the dialog's file name box, as the clerk does, and press its button."""
    name = dialog.findChild(QLineEdit, "fileNameEdit")
    name.selectAll()
    name.insert(str(path))  # as an input method commits Chinese
    dialog.accept()


def choose_from_context_menu(qtbot, widget, point, text):
    """Right-click at `point` of `widget` (the context-menu event a right click sends), then
    pick the item starting with `text`."""
    chosen = {}

    def pick():
        menu = QApplication.activePopupWidget()
        action = next((a for a in menu.actions() if a.text().startswith(text)), None)
        if action is None:
            menu.close()
            return
        chosen["action"] = action.text()
        menu.setActiveAction(action)
        qtbot.keyClick(menu, Qt.Key.Key_Return)

    QTimer.singleShot(200, pick)
    target = widget.viewport() if hasattr(widget, "viewport") else widget
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, target.mapToGlobal(point))
    QApplication.sendEvent(target, event)
    assert chosen, "the menu did not offer " + text
