"""Small things a clerk meets (issue 18, item 11): each step says what it did, in the clerk's
words."""

from PySide6.QtCore import Qt


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
