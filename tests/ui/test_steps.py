"""Undo and redo say what they did and show where; typing that comes back to where it started
leaves no step."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from models.steps import describe_step
from models.storage.store import Change
from tests.clerk import CELL, answer_next_dialog, click, menu_item, press, table_of

LEFT = Qt.MouseButton.LeftButton


def _enter(qtbot, view, key, text) -> None:
    view.select_key(key)
    qtbot.keyClicks(view, text[0])
    qtbot.keyClicks(QApplication.focusWidget(), text[1:])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def test_undo_and_redo_say_what_they_did_and_show_the_cell(window, qtbot):
    view, model = table_of(window)
    _enter(qtbot, view, CELL, "5")
    editor = window.editor
    editor.tabs.setCurrentWidget(editor.pages["overview"])
    click(window, "编辑", "撤销")
    message = window.statusBar().currentMessage()
    name = window.session.report.format.cells[CELL].name
    assert message == f"已撤销：三 申请处理 · {name} 5→0"
    assert editor.tabs.currentWidget() is editor.pages["applications"]
    assert view.currentIndex() == model.index_of(CELL)
    view.select_key("applications.withheld_1.business")
    click(window, "编辑", "重做")
    assert window.statusBar().currentMessage() == f"已重做：三 申请处理 · {name} 0→5"
    assert view.currentIndex() == model.index_of(CELL)
    assert window.session.report.values[CELL] == 5


def test_undoing_a_paste_says_so_instead_of_the_paste(window, qtbot):
    view, _model = table_of(window)
    QGuiApplication.clipboard().setText("1\t2\n3\t4\n")
    view.select_key("applications.withheld_1.natural_person")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage() == "已粘贴 4 格"
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    message = window.statusBar().currentMessage()
    assert message.startswith("已撤销：三 申请处理 · ") and message.endswith(" 等 4 处")


def test_typing_that_comes_back_to_where_it_started_leaves_no_step(window, qtbot):
    editor = window.editor
    editor.tabs.setCurrentWidget(editor.pages["profile"])
    field = editor.pages["profile"].widgets["agency.office"]
    before = field.text()
    field.setFocus()
    field.end(False)
    steps = len(window.store.history(window.session.report_id))
    qtbot.keyClicks(field, "x")
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    assert field.text() == before
    history = window.store.history(window.session.report_id)
    assert len(history) == steps
    assert all(change.old != change.new for change in history)


def test_a_step_of_a_text_names_its_heading_and_shortens_the_values(sample_report):
    fmt = sample_report.format
    change = Change(1, "texts.problems", "旧" * 30, "新的内容", "2026-01-01T00:00:00", "done")
    said = describe_step(fmt, [change], undo=False)
    assert said == "已重做：五、存在的主要问题及改进情况 旧旧旧旧旧旧旧旧旧旧旧旧…→新的内容"


def test_tab_in_a_text_goes_on_to_the_next_text(window, qtbot):
    editor = window.editor
    editor.tabs.setCurrentWidget(editor.pages["overview"])
    parts = list(editor.pages["overview"].editors.values())
    first, second = parts[0].editor, parts[1].editor
    before = first.toPlainText()
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    for _step in range(5):  # past 已核对 where a part shows it
        if QApplication.focusWidget() is second:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is second
    assert first.toPlainText() == before and "\t" not in second.toPlainText()


def test_a_new_report_for_an_agency_and_year_stored_already_asks_to_open_it(window, qtbot):
    (stored,) = window.store.list_reports()
    window.show_list()
    seen: dict = {}

    def new(dialog) -> None:
        dialog.agency.insert(stored.agency)  # as an input method commits it
        dialog.year.setFocus()
        dialog.year.selectAll()
        qtbot.keyClicks(dialog.year, str(stored.year))
        answer_next_dialog(read)
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), LEFT)

    def read(box) -> None:
        seen["text"] = box.text()
        press("打开它")(box)

    answer_next_dialog(new)
    click(window, "文件", "新建年度报告…")
    qtbot.waitUntil(lambda: "text" in seen)
    question = f"{stored.agency}{stored.year} 年的报告已经存在（编号 {stored.id}），打开它吗？"
    assert seen["text"] == question
    assert len(window.store.list_reports()) == 1
    assert window.session is not None and window.session.report_id == stored.id


def test_copy_and_paste_in_the_edit_menu_show_their_keys(window):
    assert menu_item(window, "编辑", "复制").shortcut().toString() == "Ctrl+C"
    assert menu_item(window, "编辑", "粘贴").shortcut().toString() == "Ctrl+V"


def test_undoing_a_typed_date_says_both_dates_as_the_form_shows_them(window, qtbot):
    editor = window.editor
    editor.tabs.setCurrentWidget(editor.pages["profile"])
    field = editor.pages["profile"].widgets["issued_on"].line
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(QApplication.focusWidget(), "2022-01-20")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    click(window, "编辑", "撤销")
    said = window.statusBar().currentMessage()
    # the sample's 成文日期 is 2022-01-05; the section named once
    assert said == "已撤销：基本信息·成文日期 2022年1月20日→2022年1月5日"
    assert field.text() == "2022年1月5日"
