"""The window, driven as a clerk drives it: keys, clipboard, menus; offscreen, on a real database."""

import os
import re
import subprocess
import sys
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from models.checks.findings import Severity
from models.exchange import read_report
from models.storage.store import Store
from tests.clerk import (
    CELL,
    answer_message_box,
    answer_next_dialog,
    click,
    press,
    stored_value,
    table_of,
    type_into,
    window_on,
)
from tests.conftest import ROOT, SAMPLE
from ui.table_model import ERROR_BACKGROUND


def test_typing_updates_total_markers_panel_tab_title_and_database(window, qtbot, paths):
    view, model = table_of(window)
    type_into(qtbot, view, CELL, "5")
    total = model.index_of("applications.received.total")
    assert model.data(total) == "5"
    assert view.currentIndex() == model.index_of("applications.carried_over.natural_person")
    marked = model.index_of("applications.carried_forward.natural_person")
    assert model.data(marked, Qt.ItemDataRole.BackgroundRole).color() == ERROR_BACKGROUND
    assert model.data(marked, Qt.ItemDataRole.DecorationRole) is not None
    assert "相差 5" in model.data(marked, Qt.ItemDataRole.ToolTipRole)
    tab = window.editor.tabs.indexOf(window.editor.pages["applications"])
    assert window.editor.tabs.tabText(tab).endswith("（2）")  # 自然人 and 总计 columns
    panel = window.editor.problems
    groups = [panel.topLevelItem(i).text(0) for i in range(panel.topLevelItemCount())]
    assert "三 申请处理：2 个错误，0 个提示" in groups
    assert stored_value(paths[0], window.session.report_id, CELL) == "5"
    assert window.saved.text().startswith("已保存 ")


def test_full_width_digits_and_spaces_are_accepted(window, qtbot):
    view, model = table_of(window, "active")
    type_into(qtbot, view, "active.penalties.decisions", "　１２ ")
    assert model.data(model.index_of("active.penalties.decisions")) == "12"


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("abc", "不是数字"),
        ("-3", "不能为负数"),
        ("2.5", "不能有小数"),
    ],
)
def test_bad_input_is_refused_with_its_reason(window, qtbot, typed, reason):
    view, model = table_of(window)
    messages = []
    view.message.connect(messages.append)
    type_into(qtbot, view, CELL, typed)
    assert model.data(model.index_of(CELL)) == "0"
    assert messages and reason in messages[-1]
    assert "自然人" in messages[-1]


def test_fee_cell_takes_decimals(window, qtbot):
    view, model = table_of(window, "active")
    type_into(qtbot, view, "active.fees.amount", "12.3456")
    assert model.data(model.index_of("active.fees.amount")) == "12.3456"


def test_paste_a_3_by_4_block_is_one_step(window, qtbot):
    view, model = table_of(window)
    QGuiApplication.clipboard().setText("1\t2\t3\t4\n5\t6\t7\t8\n9\t10\t11\t12\n")
    view.select_key("applications.withheld_1.natural_person")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    values = window.session.report.values
    assert [
        values[f"applications.withheld_{r}.{c}"]
        for r in (1, 2, 3)
        for c in ("natural_person", "business", "research", "public_interest")
    ] == list(range(1, 13))
    assert model.data(model.index_of("applications.withheld_1.total")) == "10"
    click(window, "编辑", "撤销")
    assert all(values[f"applications.withheld_{r}.business"] == 0 for r in (1, 2, 3))


@pytest.mark.parametrize("clipboard", ["1\t2\n3\tx\n", "1\t2\t3\t4\t5\t6\t7\n"])
def test_a_paste_that_cannot_go_in_changes_nothing(window, qtbot, paths, clipboard):
    view, _model = table_of(window)
    before = dict(window.session.report.values)
    history = len(window.store.history(window.session.report_id))
    messages = []
    view.message.connect(messages.append)
    QGuiApplication.clipboard().setText(clipboard)
    view.select_key("applications.withheld_1.natural_person")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.session.report.values == before
    assert len(window.store.history(window.session.report_id)) == history
    assert messages and "未粘贴任何内容" in messages[-1]
    if "x" in clipboard:  # the value is quoted once, not before and again inside its reason
        assert messages[-1] == "第 2 行第 2 个值「x」不是数字，未粘贴任何内容"


def test_copy_gives_tab_separated_text(window, qtbot):
    view, model = table_of(window)
    window.session.edit({CELL: 7, "applications.received.business": 3})
    view.select_key(CELL)
    view.selectionModel().select(
        model.index_of("applications.received.business"),
        view.selectionModel().SelectionFlag.Select,
    )
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "7\t3\n"


def test_delete_clears_and_undo_redo_with_keys(window, qtbot):
    view, model = table_of(window)
    view.select_key(CELL)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert model.data(model.index_of(CELL)) == ""
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert model.data(model.index_of(CELL)) == "0"
    qtbot.keyClick(view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert model.data(model.index_of(CELL)) == ""


def test_tab_moves_right_and_f2_edits(window, qtbot):
    view, model = table_of(window)
    view.select_key(CELL)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.currentIndex() == model.index_of("applications.received.business")
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.indexWidget(view.currentIndex())
    editor.selectAll()
    qtbot.keyClicks(editor, "9")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert window.session.report.values["applications.received.business"] == 9


def test_text_typing_is_saved_and_undone(window, qtbot, paths):
    window.editor.tabs.setCurrentWidget(window.editor.pages["problems"])
    editor = window.editor.pages["problems"].editors["texts.problems"].editor
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    before = editor.toPlainText()
    editor.insertPlainText("补充")  # as an input method commits it
    assert stored_value(paths[0], window.session.report_id, "texts.problems") == before + "补充"
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.toPlainText() == before


def test_a_tab_pasted_from_word_is_a_space_not_an_error(window, qtbot, paths):
    """Text pasted from Word or WPS carries tabs: saved as spaces, shown as saved, no 错误."""
    window.editor.tabs.setCurrentWidget(window.editor.pages["problems"])
    editor = window.editor.pages["problems"].editors["texts.problems"].editor
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    before = editor.toPlainText()
    QGuiApplication.clipboard().setText("一是\t宣传不够。\r\n二是\t培训不足。")
    qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    expected = before + "一是 宣传不够。\n二是 培训不足。"
    assert stored_value(paths[0], window.session.report_id, "texts.problems") == expected
    assert editor.toPlainText() == expected
    assert not [f for f in window.session.findings if f.rule == "character"]


def test_close_and_reopen_finds_everything(qtbot, paths):
    window = window_on(qtbot, paths)
    report_id = window.session.report_id
    view, _model = table_of(window)
    type_into(qtbot, view, CELL, "8")
    window.close()
    window.store.close()
    again = window_on(qtbot, paths)
    try:
        assert again.session.report_id == report_id  # the last report opens again
        assert again.session.report.values[CELL] == 8
        click(again, "编辑", "撤销")  # undo survives the restart
        assert again.session.report.values[CELL] == 0
    finally:
        again.close()
        again.store.close()


def test_problems_panel_jumps_to_the_cell(window, qtbot):
    window.session.edit({"applications.carried_over.research": 2})
    window.editor.tabs.setCurrentIndex(0)
    panel = window.editor.problems
    item = next(
        panel.topLevelItem(i).child(j)
        for i in range(panel.topLevelItemCount())
        for j in range(panel.topLevelItem(i).childCount())
        if "勾稽关系·法人或其他组织·科研机构" in panel.topLevelItem(i).child(j).text(0)
    )
    panel.itemDoubleClicked.emit(item, 0)
    assert window.editor.tabs.currentWidget() is window.editor.pages["applications"]
    view = window.editor.table_view("applications")
    model = view.table_model()
    assert view.currentIndex() == model.index_of("applications.carried_forward.research")


def test_first_run_shows_the_empty_state_and_opens_the_sample(qtbot, paths):
    window = window_on(qtbot, paths, sample=False)
    try:
        assert window.list_page.empty.isVisible()
        window.list_page.buttons["sample"].click()
        assert window.session.report.agency.name == "阿合奇县教育和科学技术局"
        click(window, "文件", "打开示例报告")  # again: the same copy, not a second one
        click(window, "文件", "报告列表")
        assert window.list_page.table.rowCount() == 1
    finally:
        window.close()
        window.store.close()


def test_everything_fits_in_1280_by_720(window):
    window.resize(1280, 720)
    for index in range(window.editor.tabs.count()):
        window.editor.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        assert window.width() <= 1280 and window.height() <= 720
        page = window.editor.tabs.currentWidget()
        view = getattr(page, "view", None)
        if view is not None:
            assert not view.horizontalScrollBar().isVisible(), page


def test_main_py_starts_and_stays_up_without_traceback(tmp_path):
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    child = subprocess.Popen(
        [sys.executable, "main.py", "--db", str(tmp_path / "d.db")],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(4)
    assert child.poll() is None, child.stderr.read()
    child.terminate()
    _out, err = child.communicate(timeout=10)
    assert "Traceback" not in err and "Error" not in err


def test_thousands_of_edits_do_not_wear_down_true_or_none(window):
    """PySide6 6.12.0 dropped a reference to True on each signal emit; on Python 3.11 the
    program then aborted (bool_dealloc) after a few thousand edits."""
    view, model = table_of(window)
    index = model.index_of(CELL)
    true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
    for number in range(300):
        model.setData(index, str(number % 7))
        view.viewport().repaint()
    assert sys.getrefcount(True) >= true_before - 20
    assert sys.getrefcount(None) >= none_before - 20


def test_second_window_is_told_the_file_is_open(qtbot, paths):
    from ui.app import open_store

    with Store(paths[0], exclusive=True):
        seen = answer_message_box(qtbot)
        assert open_store(paths[0]) is None
    assert "已在另一个窗口中打开" in seen["text"]


def test_damaged_database_offers_the_newest_backup(qtbot, paths):
    from models.storage import database
    from ui.app import open_store

    db = paths[0]
    with Store(db) as store:
        store.create(read_report(SAMPLE))
    Store(db).close()  # the backup copy
    db.write_bytes(b"\0" * 4096)
    newest = database.list_backups(db)[0]
    seen = answer_message_box(qtbot, "恢复最新备份")
    store = open_store(db)
    try:
        assert "不是年报填报助手的数据库文件" in seen["text"]
        taken = re.search(r"(\d{4})(\d\d)(\d\d)-(\d\d)(\d\d)(\d\d)", newest.name).groups()
        when = "{}-{}-{} {}:{}:{}".format(*taken)
        assert (
            seen["informative"]
            == f"最新的备份是 {when} 的，含 1 份报告：阿合奇县教育和科学技术局 2021"
        )
        assert store.load(1).agency.name == "阿合奇县教育和科学技术局"
        assert any(p.stem.endswith("-before-restore") for p in database.list_backups(db))
    finally:
        store.close()


def test_a_cells_history_is_shown_newest_first(window, qtbot):
    view, model = table_of(window)
    type_into(qtbot, view, CELL, "4")
    type_into(qtbot, view, CELL, "6")
    click(window, "编辑", "撤销")
    dialog = view.show_history(model.index_of(CELL))
    qtbot.addWidget(dialog)
    lines = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert [line.split("　")[1] for line in lines] == ["4 → 6（已撤销）", "0 → 4"]


def test_deleted_report_comes_back_from_the_bin(window, qtbot):
    click(window, "文件", "报告列表")
    page = window.list_page
    page.table.selectRow(0)
    answer_next_dialog(press("&Yes"))
    page.buttons["delete"].click()
    assert page.table.rowCount() == 0
    page.show_bin.setChecked(True)
    assert page.table.rowCount() == 1 and page.restore_button.isVisible()
    page.table.selectRow(0)
    page.restore_button.click()
    page.show_bin.setChecked(False)
    assert page.table.rowCount() == 1


def test_a_finding_in_the_opening_paragraph_is_listed_under_basic_information(window, qtbot):
    panel = window.editor.problems
    group = panel.topLevelItem(0)
    assert group.text(0) == "基本信息：0 个错误，1 个提示"  # the sample's own slip, see test_rules
    panel.itemDoubleClicked.emit(group.child(0), 0)
    profile = window.editor.pages["profile"]
    assert window.editor.tabs.currentWidget() is profile
    assert profile.preamble.editor.hasFocus()


def test_typing_on_a_total_says_it_adds_itself_up(window, qtbot):
    view, model = table_of(window)
    messages = []
    view.message.connect(messages.append)
    view.select_key("applications.received.total")
    qtbot.keyClicks(view, "5")
    assert model.data(model.index_of("applications.received.total")) == "0"
    assert messages == ["合计由程序自动计算，请填写它上面或左边的各项"]


def test_the_lists_error_count_is_that_of_todays_checks_once_the_report_is_opened(qtbot, paths):
    """A count an older program stored (its checks found otherwise) is put right when the report
    is opened; the list showed it until the report was next edited."""
    with Store(paths[0]) as store:
        report_id = store.create(read_report(SAMPLE))
        store.set_error_count(report_id, 7)
    window = window_on(qtbot, paths)
    try:
        assert window.session is not None and window.session.report_id == report_id
        errors = sum(f.severity is Severity.ERROR for f in window.session.findings)
        click(window, "文件", "报告列表")
        column = next(
            c
            for c in range(window.list_page.table.columnCount())
            if window.list_page.table.horizontalHeaderItem(c).text() == "错误"
        )
        assert window.list_page.table.item(0, column).text() == str(errors) != "7"
    finally:
        window.close()
        window.store.close()
