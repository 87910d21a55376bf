"""汇总多份报告 from the reports stored in the open database: one year's reports listed, two or more
ticked by the clerk, summed into a new report that opens."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QInputDialog, QListWidget

from models.exchange import read_report, write_report
from tests.clerk import NO, answer_next_dialog, click, open_window, press
from tests.conftest import CITY, COUNTY

pytestmark = pytest.mark.usefixtures("chinese_qt")

BIG = "active.licensing.decisions"  # 3985758 in the city's report


@pytest.fixture
def three(qtbot, tmp_path):
    """The window on the list: two 2022 reports of a city's agencies, and a county's 2020 one."""
    second = read_report(CITY)
    second.agency.name = "江州市教育局"
    second.values[BIG] = 14
    write_report(second, tmp_path / "second.json")
    window = open_window(qtbot, tmp_path, CITY, tmp_path / "second.json", COUNTY)
    yield window
    window.close()
    window.store.close()


def _chain(answers) -> None:
    if answers:
        answer_next_dialog(lambda dialog: (answers[0](dialog), _chain(answers[1:])))


def _listed(dialog) -> list[str]:
    items = dialog.findChild(QListWidget)
    return [items.item(row).text() for row in range(items.count())]


def _tick_all_and_sum(seen: dict):
    """Read the list for each year, tick 2022's reports by keys (↓ and Space), press 汇总所选报告."""

    def answer(dialog) -> None:
        years = dialog.findChild(QComboBox)
        sum_button = next(b for b in dialog.buttons.buttons() if b.text() == "汇总所选报告")
        seen["years"] = [years.itemText(i) for i in range(years.count())]
        years.setCurrentIndex(1)
        seen["2020"] = _listed(dialog)
        years.setCurrentIndex(0)
        seen["2022"] = _listed(dialog)
        items = dialog.findChild(QListWidget)
        items.setFocus()
        seen["enabled"] = [sum_button.isEnabled()]
        for row in range(items.count()):
            items.setCurrentRow(row)
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
            seen["enabled"].append(sum_button.isEnabled())
        QTest.mouseClick(sum_button, Qt.MouseButton.LeftButton)

    return answer


def _name(agency: str):
    def answer(dialog: QInputDialog) -> None:
        dialog.setTextValue(agency)
        dialog.accept()

    return answer


def test_stored_reports_of_one_year_are_ticked_and_summed(three):
    seen: dict = {}
    _chain([_tick_all_and_sum(seen), _name("江州市"), press(NO)])
    click(three, "文件", "汇总多份报告…")
    assert seen["years"] == ["2022 年", "2020 年"]
    assert len(seen["2020"]) == 1 and "青山县人民政府办公室" in seen["2020"][0]
    assert len(seen["2022"]) == 2 and "江州市教育局" in seen["2022"][1]
    assert seen["enabled"] == [False, False, True]  # 汇总 once two are ticked
    total = three.session.report  # the sum is stored and open
    assert total.agency.name == "江州市" and total.year == 2022
    assert total.values[BIG] == 3985758 + 14
    assert len(three.store.list_reports()) == 4


def test_cancel_in_the_list_sums_nothing(three):
    _chain([lambda dialog: dialog.reject()])
    click(three, "文件", "汇总多份报告…")
    assert three.session is None and len(three.store.list_reports()) == 3


def test_the_year_shown_first_is_that_of_the_report_selected_in_the_list(three, qtbot):
    table = three.list_page.table
    row = next(r for r in range(table.rowCount()) if table.item(r, 2).text() == "2020")
    qtbot.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=table.visualItemRect(table.item(row, 1)).center(),
    )
    seen: dict = {}

    def answer(dialog) -> None:
        seen["year"] = dialog.findChild(QComboBox).currentText()
        seen["listed"] = _listed(dialog)
        dialog.reject()

    answer_next_dialog(answer)
    click(three, "文件", "汇总多份报告…")
    assert seen["year"] == "2020 年"
    assert len(seen["listed"]) == 1 and "青山县人民政府办公室" in seen["listed"][0]
