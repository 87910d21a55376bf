"""Small things a clerk meets (issue 18, item 11): each step says what it did, in the clerk's
words."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.clerk import answer_next_dialog, click


def test_the_issue_dates_example_follows_the_report_year(window, qtbot):
    profile = window.editor.pages["profile"]
    issued = profile.widgets["issued_on"].line
    issued.setFocus()
    issued.selectAll()
    qtbot.keyClick(issued, Qt.Key.Key_Delete)
    qtbot.keyClick(issued, Qt.Key.Key_Return)
    assert issued.text() == "" and window.session.report.issued_on is None
    assert issued.placeholderText() == "如 2022-01-15 或 2022年1月15日"  # the sample is 2021's
    year = profile.widgets["year"]
    year.setFocus()
    qtbot.keyClick(year, Qt.Key.Key_Up)
    assert window.session.report.year == 2022
    assert issued.placeholderText() == "如 2023-01-15 或 2023年1月15日"


def test_delete_names_the_report_it_asks_about(window, qtbot):
    click(window, "文件", "报告列表")
    page = window.list_page
    qtbot.mouseClick(
        page.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=page.table.visualItemRect(page.table.item(0, 1)).center(),
    )
    seen = answer_next_dialog(lambda box: box.button(QMessageBox.StandardButton.No).click())
    qtbot.mouseClick(page.buttons["delete"], Qt.MouseButton.LeftButton)
    (report,) = window.store.list_reports()
    assert seen["text"] == (
        f"把{report.agency}2021 年的报告（编号 {report.id}）移到回收站？以后可以从回收站恢复。"
    )
    assert page.table.rowCount() == 1  # 否: nothing moved
