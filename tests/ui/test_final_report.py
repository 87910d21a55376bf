"""定稿 in the window: a final report says so in its title and status bar, the first edit asks
before it reopens the report as a new draft, and undoing back to the final content is 定稿 again."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.clerk import (
    CELL,
    NO,
    YES,
    answer_next_dialog,
    click,
    press,
    stored_value,
    table_of,
    type_into,
)

pytestmark = pytest.mark.usefixtures("chinese_qt")  # the clerk's buttons read 是 and 否


def finalize(window) -> None:
    """定稿 through the menu: yes to the sample's one open 提示, then 确定 to what it says."""

    def yes_then_ok(box) -> None:
        press(YES)(box)
        answer_next_dialog(press("确定"))

    answer_next_dialog(yes_then_ok)
    click(window, "文件", "定稿…")
    assert window.store.status(window.session.report_id) == ("final", 1)


def test_a_final_report_says_so_in_its_title_and_status_bar(window, qtbot):
    assert "定稿" not in window.windowTitle() and "定稿" not in window.summary.text()
    finalize(window)
    assert "（已定稿 · 第 1 版）" in window.windowTitle()
    assert window.summary.text().startswith("已定稿 · 第 1 版 · 本年新收申请")


def test_keeping_the_final_leaves_the_cell_as_stored_without_an_unsaved_note(window, qtbot, paths):
    finalize(window)
    report_id = window.session.report_id
    view, model = table_of(window)
    before = stored_value(paths[0], report_id, CELL)
    seen = answer_next_dialog(press(NO))
    type_into(qtbot, view, CELL, "77")
    assert "已定稿（第 1 版）" in seen["text"] and "第 2 版草稿" in seen["text"]
    assert stored_value(paths[0], report_id, CELL) == before
    assert model.data(model.index_of(CELL)) == before  # the cell shows what is stored
    assert view.indexWidget(model.index_of(CELL)) is None  # no editor left open on it
    assert not window.saved.text().startswith("未保存") and not window.session.unsaved
    assert window.store.status(report_id) == ("final", 1)
    assert "（已定稿 · 第 1 版）" in window.windowTitle()


def test_reopening_makes_a_new_draft_and_undo_makes_it_final_again(window, qtbot, paths):
    finalize(window)
    report_id = window.session.report_id
    view, model = table_of(window)
    seen = answer_next_dialog(press(YES))
    type_into(qtbot, view, CELL, "77")
    assert seen["title"] == "修改定稿"
    assert stored_value(paths[0], report_id, CELL) == "77"
    assert window.store.status(report_id) == ("draft", 2)
    assert "（草稿 · 第 2 版）" in window.windowTitle()
    assert window.summary.text().startswith("草稿 · 第 2 版")
    click(window, "编辑", "撤销")
    assert window.store.status(report_id) == ("final", 1)
    assert "（已定稿 · 第 1 版）" in window.windowTitle()
    assert window.summary.text().startswith("已定稿 · 第 1 版")


def test_a_text_typed_into_a_kept_final_goes_back_to_what_is_stored(window, qtbot, paths):
    finalize(window)
    window.editor.tabs.setCurrentWidget(window.editor.pages["problems"])
    editor = window.editor.pages["problems"].editors["texts.problems"].editor
    window.activateWindow()  # back from the 定稿 message boxes
    qtbot.waitActive(window)
    editor.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor)
    before = editor.toPlainText()
    seen = answer_next_dialog(press(NO))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A)
    assert seen["title"] == "修改定稿"
    assert editor.toPlainText() == before
    assert stored_value(paths[0], window.session.report_id, "texts.problems") == before
    assert window.store.status(window.session.report_id) == ("final", 1)


def test_a_fields_own_undo_back_to_the_final_text_makes_it_final_again(window, qtbot, paths):
    finalize(window)
    window.activateWindow()
    qtbot.waitActive(window)
    phone = window.editor.pages["profile"].widgets["agency.phone"]
    phone.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is phone)
    answer_next_dialog(press(YES))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_End)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)
    report_id = window.session.report_id
    assert window.store.status(report_id) == ("draft", 2)
    window.activateWindow()  # back from the question, to the field
    qtbot.waitUntil(lambda: QApplication.focusWidget() is phone)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.store.status(report_id) == ("final", 1)
    assert "（已定稿 · 第 1 版）" in window.windowTitle()
