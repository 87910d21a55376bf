"""Driving the window the clerk's way: menu items by their titles, modal dialogs by a timer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QAction, QInputMethodEvent
from PySide6.QtWidgets import QApplication

from models.exchange import read_report
from models.storage.store import Store
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
