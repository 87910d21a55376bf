"""The problems panel as the clerk uses it: mark a 提示 已核实 with a 说明 from its context menu,
open it again, fill a table's blank cells with 0 in one step and take that back with 撤销."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QSettings

from models.exchange import read_report
from models.format.gov_2021 import FORMAT_2021
from models.report import Report
from models.storage.store import Store
from tests.clerk import answer_input, context_action, problem_items
from tests.conftest import REGION
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, tmp_path):
    store = Store(tmp_path / "drafts.db", exclusive=True)
    store.create(read_report(REGION / "qingshan-2022.json"))
    report = read_report(REGION / "qingshan-2023.json")
    report.values["active.penalties.decisions"] = 0  # a fall to 0 from 332: a 提示
    report_id = store.create(report)
    blank_id = store.create(Report(FORMAT_2021, year=2025))
    window = MainWindow(store, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.ids = {"trend": report_id, "blank": blank_id}
    yield window
    window.close()
    store.close()


def _select(panel, text):
    (item,) = [i for i in problem_items(panel) if text in i.text(0)]
    panel.setCurrentItem(item)
    return item


def _menu_action(window, text):
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            if action.text().startswith(text):
                return action
    raise LookupError(text)


def test_a_hint_is_marked_checked_with_a_note_and_opened_again(window, qtbot):
    window.open_report(window.ids["trend"])
    panel = window.editor.problems
    _select(panel, "行政处罚·本年处理决定数量：2023 年为 0")
    ack = context_action(panel, "标为已核实…")
    assert ack.isEnabled() and not context_action(panel, "取消已核实").isEnabled()
    seen = {}
    answer_input(qtbot, "处罚职能已划转至综合执法局", seen)
    ack.trigger()
    assert "2022 年为 332" in seen["label"]
    item = _select(panel, "（说明：处罚职能已划转至综合执法局）")
    assert item.text(0).startswith("已核实　")
    assert item.parent().text(0).endswith("，1 个已核实")
    stored = window.store.load(window.ids["trend"]).acknowledged
    assert [a.note for a in stored.values()] == ["处罚职能已划转至综合执法局"]
    assert item.parent().parent() is None and panel.indexOfTopLevelItem(item.parent()) >= 0
    reopen = context_action(panel, "取消已核实")
    assert reopen.isEnabled() and not ack.isEnabled()
    reopen.trigger()
    assert not window.store.load(window.ids["trend"]).acknowledged
    assert not [i for i in problem_items(panel) if i.text(0).startswith("已核实")]


def test_an_empty_note_cannot_be_given_and_nothing_is_marked(window, qtbot):
    window.open_report(window.ids["trend"])
    panel = window.editor.problems
    _select(panel, "行政处罚·本年处理决定数量：2023 年为 0")
    seen: dict = {}
    answer_input(qtbot, "   ", seen)
    context_action(panel, "标为已核实…").trigger()
    assert seen["ok_enabled"] is False  # 确定 waits for a 说明
    assert not window.store.load(window.ids["trend"]).acknowledged


def test_errors_cannot_be_marked_checked(window, qtbot):
    window.open_report(window.ids["trend"])
    window.session.edit({"issued_on": date(2023, 6, 1)})  # before the year is out: an 错误
    panel = window.editor.problems
    first = panel.topLevelItem(0).child(0)
    assert first.text(0).startswith("错误")
    panel.setCurrentItem(first)
    assert not context_action(panel, "标为已核实…").isEnabled()


def test_blank_cells_filled_with_zero_in_one_step_and_undone(window, qtbot):
    window.open_report(window.ids["blank"])
    panel = window.editor.problems
    assert len(window.session.findings) <= 12
    _select(panel, "表三：144 个空格未填写")
    fill = context_action(panel, "空格填 0")
    assert fill.isEnabled()
    fill.trigger()
    report = window.store.load(window.ids["blank"])
    assert report.values["applications.results_total.total"] == 0
    assert not [i for i in problem_items(panel) if "表三" in i.text(0)]
    _menu_action(window, "撤销").trigger()
    assert not any(k.startswith("applications.") for k in report.values)
    assert [i for i in problem_items(panel) if "表三：144 个空格未填写" in i.text(0)]
