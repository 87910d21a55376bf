"""The editing surface as the clerk meets it: keys in the cells, dates, refusals shown where they
happen, frozen panes on a small screen, 已核对, and saves the database refuses."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from models.service import ReportService
from models.storage.store import Store
from tests.clerk import (
    CELL,
    choose_from_context_menu,
    refuse_writes,
    start_typing,
    stored_value,
    table_of,
    window_on,
)

BUSINESS = "applications.received.business"


# Enter mode and edit mode ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arrow", "lands_on"),
    [
        (Qt.Key.Key_Right, BUSINESS),
        (Qt.Key.Key_Down, "applications.carried_over.natural_person"),
    ],
)
def test_arrows_commit_and_move_in_a_cell_started_by_typing(window, qtbot, paths, arrow, lands_on):
    view, model = table_of(window)
    editor = start_typing(qtbot, view, CELL, "17")
    qtbot.keyClick(editor, arrow)
    assert view.indexWidget(model.index_of(CELL)) is None
    assert view.currentIndex() == model.index_of(lands_on)
    assert stored_value(paths[0], window.session.report_id, CELL) == "17"


def test_left_and_up_commit_and_move_too(window, qtbot):
    view, model = table_of(window)
    editor = start_typing(qtbot, view, BUSINESS, "4")
    qtbot.keyClick(editor, Qt.Key.Key_Left)
    assert view.currentIndex() == model.index_of(CELL)
    editor = start_typing(qtbot, view, "applications.carried_over.natural_person", "6")
    qtbot.keyClick(editor, Qt.Key.Key_Up)
    assert view.currentIndex() == model.index_of(CELL)
    editor = start_typing(qtbot, view, BUSINESS, "3")
    qtbot.keyClick(editor, Qt.Key.Key_Backtab)
    assert view.currentIndex() == model.index_of(CELL)
    assert window.session.report.values[BUSINESS] == 3
    assert window.session.report.values["applications.carried_over.natural_person"] == 6


def test_after_f2_the_arrows_move_the_caret(window, qtbot):
    view, model = table_of(window)
    window.session.edit({CELL: 125})
    view.select_key(CELL)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.indexWidget(view.currentIndex())
    assert editor.text() == "125"
    editor.setCursorPosition(3)
    qtbot.keyClick(editor, Qt.Key.Key_Left)
    qtbot.keyClick(editor, Qt.Key.Key_Left)
    qtbot.keyClicks(editor, "0")
    assert view.indexWidget(model.index_of(CELL)) is editor  # still editing the same cell
    qtbot.keyClick(editor, Qt.Key.Key_Right)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert window.session.report.values[CELL] == 1025


def test_after_a_double_click_the_arrows_move_the_caret(window, qtbot):
    view, model = table_of(window)
    window.session.edit({CELL: 12})
    index = model.index_of(CELL)
    view.scrollTo(index)
    point = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    editor = view.indexWidget(index)
    assert editor is not None
    editor.setCursorPosition(2)
    qtbot.keyClick(editor, Qt.Key.Key_Left)
    qtbot.keyClicks(editor, "9")
    qtbot.keyClick(editor, Qt.Key.Key_Up)
    assert view.indexWidget(index) is editor
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert window.session.report.values[CELL] == 192
    assert view.currentIndex() == model.index_of(BUSINESS)


# A refused value -----------------------------------------------------------------------------


def test_a_refused_value_stays_in_the_editor_with_the_reason_at_the_cell(window, qtbot):
    view, model = table_of(window)
    editor = start_typing(qtbot, view, CELL, "12a")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    index = model.index_of(CELL)
    assert view.indexWidget(index) is editor and editor.text() == "12a"
    assert view.currentIndex() == index
    note = view.note
    assert note.isVisible() and "不是数字" in note.text()
    cell = view.visualRect(index).translated(view.viewport().pos())
    assert (
        abs(note.geometry().top() - cell.bottom()) <= 6
        or abs(note.geometry().bottom() - cell.top()) <= 6
    ), (note.geometry(), cell)
    qtbot.keyClick(editor, Qt.Key.Key_Right)  # an arrow does not leave it either
    assert view.indexWidget(index) is editor and note.isVisible()
    editor.selectAll()
    qtbot.keyClicks(editor, "12")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert window.session.report.values[CELL] == 12
    assert not note.isVisible() and view.indexWidget(index) is None
    qtbot.wait(20)
    assert view.currentIndex() == model.index_of("applications.carried_over.natural_person")


def test_esc_takes_a_refused_value_back(window, qtbot):
    view, model = table_of(window)
    editor = start_typing(qtbot, view, CELL, "-3")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert "不能为负数" in view.note.text()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert view.indexWidget(model.index_of(CELL)) is None
    assert not view.note.isVisible()
    assert model.data(model.index_of(CELL)) == "0"


# Frozen panes ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(1024, 600), (1280, 720)])
def test_headers_and_row_labels_stay_while_scrolled_to_the_bottom_right(window, qtbot, size):
    window.resize(*size)
    view, model = table_of(window)
    QApplication.processEvents()
    total = model.index_of("applications.carried_forward.total")
    view.scrollTo(total)  # 总计 of the last row: the bottom right corner
    QApplication.processEvents()
    port = view.viewport().rect()
    assert port.contains(view.visualRect(total).center())  # 总计 is reachable
    # Whether the table scrolls at 1280×720 depends on the fonts' line heights; at 1024×600 it
    # scrolls both ways with any font. Where it scrolls, its panes stay frozen.
    down, right = view.verticalScrollBar().maximum() > 0, view.horizontalScrollBar().maximum() > 0
    if size == (1024, 600):
        assert down and right
        assert view.verticalScrollBar().value() > 0 and view.horizontalScrollBar().value() > 0
    frozen = view.frozen
    width, height = frozen.frozen_size()
    assert height > 0 and width > 0
    assert frozen.top.isVisible() == down and frozen.left.isVisible() == right
    assert frozen.corner.isVisible() == (down or right)
    corner = view.visualRect(total).center()  # 总计, scrolled into view
    if down:  # what the clerk sees above 总计 is the header …
        top_cell = model.cell(frozen.top.indexAt(QPoint(corner.x(), 5)))
        assert top_cell.kind.value in ("header", "corner", "title")
    if right:  # … and left of it the last row's label
        last_label = frozen.left.indexAt(QPoint(width - 10, corner.y()))
        assert model.cell(last_label).text.startswith("四、结转下年度")
    # The cursor on a row scrolled under the header comes back into view below it.
    first = model.index_of(CELL)
    view.setCurrentIndex(first)
    view.scrollTo(first)
    assert view.visualRect(first).top() >= height


def test_problems_panel_collapses_and_comes_back(window, qtbot):
    editor = window.editor
    toggle = editor.problems_toggle
    assert editor.problems.isVisible()
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    assert not editor.problems.isVisible()
    assert toggle.isVisible()  # the way back stays on screen
    collapsed = editor.sizes()[1]
    assert collapsed <= toggle.sizeHint().height() + 12
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    assert editor.problems.isVisible() and editor.sizes()[1] > collapsed


# Dates -----------------------------------------------------------------------------------


def test_the_profile_shows_its_dates_as_the_report_prints_them(window):
    editor = window.editor
    editor.tabs.setCurrentWidget(editor.pages["profile"])
    shown = {
        location: editor.pages["profile"].widgets[location].line.text()
        for location in ("period_start", "period_end", "issued_on")
    }
    assert shown == {  # the sample's 2021-01-01, 2021-12-31 and 2022-01-05
        "period_start": "2021年1月1日",
        "period_end": "2021年12月31日",
        "issued_on": "2022年1月5日",
    }


@pytest.mark.parametrize(
    "typed", ["2022-01-15", "2022年1月15日", "2022/1/15", "２０２２年１月１５日", "20220115"]
)
def test_issued_on_can_be_typed(window, qtbot, paths, typed):
    profile = window.editor.pages["profile"]
    field = profile.widgets["issued_on"]
    field.line.setFocus()
    field.line.selectAll()
    qtbot.keyClick(field.line, Qt.Key.Key_Delete)
    if typed.isascii():
        qtbot.keyClicks(field.line, typed)
    else:
        field.line.insert(typed)  # as an input method commits it
    qtbot.keyClick(field.line, Qt.Key.Key_Return)
    assert window.session.report.issued_on == date(2022, 1, 15)
    assert stored_value(paths[0], window.session.report_id, "issued_on") == "2022-01-15"
    assert field.line.text() == "2022年1月15日"


def test_a_date_that_is_not_one_is_kept_with_the_reason(window, qtbot):
    profile = window.editor.pages["profile"]
    field = profile.widgets["issued_on"]
    before = window.session.report.issued_on
    field.line.setFocus()
    field.line.selectAll()
    qtbot.keyClicks(field.line, "2022-02-30")
    qtbot.keyClick(field.line, Qt.Key.Key_Return)
    assert window.session.report.issued_on == before
    assert field.line.text() == "2022-02-30"
    assert "没有2022年2月30日这一天" in profile.notes["issued_on"].text()


def test_calendar_opens_in_chinese_at_january_after_the_report_year(window, qtbot):
    profile = window.editor.pages["profile"]
    window.session.edit({"issued_on": None})
    field = profile.widgets["issued_on"]
    assert field.line.text() == ""
    qtbot.mouseClick(field.button, Qt.MouseButton.LeftButton)
    calendar = field.calendar
    assert calendar.isVisible()
    assert (calendar.yearShown(), calendar.monthShown()) == (2022, 1)  # the sample is 2021's
    assert calendar.locale().name() == "zh_CN"
    assert calendar.locale().monthName(1) == "一月"
    days = calendar.focusProxy()  # the grid of days, which has the keyboard
    assert days.hasFocus() or QApplication.focusWidget() is days
    qtbot.keyClick(days, Qt.Key.Key_Right)  # 1月2日
    qtbot.keyClick(days, Qt.Key.Key_Return)
    assert not calendar.isVisible()
    assert window.session.report.issued_on == date(2022, 1, 2)


def test_the_period_follows_the_year_unless_set_by_hand(window, qtbot):
    profile = window.editor.pages["profile"]
    year = profile.widgets["year"]
    year.setFocus()
    qtbot.keyClick(year, Qt.Key.Key_Up)
    report = window.session.report
    assert (report.year, report.period_start, report.period_end) == (
        2022,
        date(2022, 1, 1),
        date(2022, 12, 31),
    )
    assert profile.widgets["period_end"].line.text() == "2022年12月31日"
    end = profile.widgets["period_end"].line
    end.setFocus()
    end.selectAll()
    qtbot.keyClicks(end, "2022-06-30")
    qtbot.keyClick(end, Qt.Key.Key_Return)
    year.setFocus()
    qtbot.keyClick(year, Qt.Key.Key_Up)
    assert (report.period_start, report.period_end) == (date(2023, 1, 1), date(2022, 6, 30))


# When the database refuses --------------------------------------------------------------------


@pytest.mark.parametrize(("how", "reason"), [("read-only", "只读"), ("locked", "另一个程序")])
def test_a_cell_the_database_refuses_stays_open_and_is_not_called_saved(
    window, qtbot, paths, how, reason
):
    view, model = table_of(window)
    saves = []
    window.session.saved.connect(saves.append)
    let_write = refuse_writes(window, how, paths)
    editor = start_typing(qtbot, view, CELL, "5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The cell showed 5 and the cursor moved before the commit; the refusal brings both back.
    editor = view.indexWidget(model.index_of(CELL))
    assert editor is not None and editor.text() == "5"
    assert view.currentIndex() == model.index_of(CELL)
    assert reason in view.note.text() and view.note.isVisible()
    assert window.session.unsaved == {CELL: view.note.text()}
    assert "1 处修改未保存" in window.editor.unsaved.text()
    assert saves == [] and window.session.report.values[CELL] == 0
    let_write()
    assert stored_value(paths[0], window.session.report_id, CELL) == "0"
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the clerk tries again
    assert stored_value(paths[0], window.session.report_id, CELL) == "5"
    qtbot.wait(20)  # nothing pulls the cursor back afterwards
    assert view.currentIndex() == model.index_of("applications.carried_over.natural_person")
    assert view.indexWidget(model.index_of(CELL)) is None
    assert not view.note.isVisible() and window.session.unsaved == {}
    assert window.editor.unsaved.text() == "" and len(saves) == 1


def test_text_typed_while_the_database_refuses_is_marked_not_saved(window, qtbot, paths):
    window.editor.tabs.setCurrentWidget(window.editor.pages["problems"])
    part = window.editor.pages["problems"].editors["texts.problems"]
    before = part.editor.toPlainText()
    let_write = refuse_writes(window, "read-only", paths)
    part.editor.setFocus()
    part.editor.moveCursor(part.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(part.editor, "A")
    assert part.editor.toPlainText() == before + "A"  # nothing the clerk typed is thrown away
    assert part.unsaved.isVisible() and "未保存" in part.unsaved.text()
    assert part.editor.styleSheet()
    assert stored_value(paths[0], window.session.report_id, "texts.problems") == before
    let_write()
    qtbot.keyClicks(part.editor, "B")
    assert stored_value(paths[0], window.session.report_id, "texts.problems") == before + "AB"
    assert not part.unsaved.isVisible() and not part.editor.styleSheet()


def test_a_profile_field_the_database_refuses_says_so_beside_it(window, qtbot, paths):
    profile = window.editor.pages["profile"]
    phone = profile.widgets["agency.phone"]
    let_write = refuse_writes(window, "read-only", paths)
    phone.setFocus()
    phone.selectAll()
    qtbot.keyClicks(phone, "0997-1234567")
    assert phone.text() == "0997-1234567"
    assert profile.notes["agency.phone"].text().startswith("未保存：")
    date_line = profile.widgets["issued_on"].line
    date_line.setFocus()
    date_line.selectAll()
    qtbot.keyClicks(date_line, "2022-01-20")
    qtbot.keyClick(date_line, Qt.Key.Key_Return)
    assert profile.notes["issued_on"].text().startswith("未保存：")
    assert window.session.report.issued_on != date(2022, 1, 20)
    let_write()
    date_line.setFocus()
    qtbot.keyClick(date_line, Qt.Key.Key_Return)  # the same date again: now it is saved
    assert stored_value(paths[0], window.session.report_id, "issued_on") == "2022-01-20"
    assert not profile.notes["issued_on"].text().startswith("未保存")


def test_a_full_disk_refuses_a_long_text_and_keeps_it_on_screen(window, qtbot, paths):
    conn = window.store._conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")  # what a full disk looks like to SQLite
    part = window.editor.pages["other"].editors["texts.other"]
    part.editor.setFocus()
    part.editor.insertPlainText("很长的新内容。" * 2000)  # as a paste arrives
    assert "磁盘已满" in part.unsaved.text()
    assert "很长的新内容" not in (
        stored_value(paths[0], window.session.report_id, "texts.other") or ""
    )


# 新建下一年度 ------------------------------------------------------------------------------------


def _next_year_window(qtbot, paths):
    db, _ini = paths
    from models.exchange import read_report
    from tests.conftest import SAMPLE

    with Store(db) as store:
        last = store.create(read_report(SAMPLE))
        ReportService(store).next_year(last)
    window = window_on(qtbot, paths)
    window.open_report(2)
    return window


def test_the_next_years_opening_paragraph_follows_the_new_year(qtbot, paths):
    window = _next_year_window(qtbot, paths)
    try:
        report = window.session.report
        assert report.year == 2022
        preamble = report.texts["preamble"]
        assert "2022年1月1日起至2022年12月31日止" in preamble
        assert "2021年" not in preamble
        assert "texts.preamble" in report.unconfirmed  # still 沿用上年，待核对 as a whole
        shown = window.editor.pages["profile"].preamble
        assert shown.editor.toPlainText() == preamble and shown.confirm.isVisible()
    finally:
        window.close()
        window.store.close()


def test_every_carried_field_can_be_confirmed_from_the_field(qtbot, paths):
    window = _next_year_window(qtbot, paths)
    try:
        session = window.session
        profile = window.editor.pages["profile"]
        assert "agency.phone" in session.report.unconfirmed
        button = profile.confirms["agency.phone"]
        assert button.isVisible()
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert "agency.phone" not in session.report.unconfirmed
        assert not button.isVisible()
        with Store(paths[0]) as other:
            assert "agency.phone" not in other.load(2).unconfirmed  # saved
        # A carried number: 「已核对」 from the cell's context menu.
        view, model = table_of(window, "active")
        key = next(k for k in session.report.unconfirmed if k.startswith("active."))
        view.select_key(key)
        choose_from_context_menu(
            qtbot, view, view.visualRect(model.index_of(key)).center(), "已核对"
        )
        assert key not in session.report.unconfirmed
        # A carried text: from its own context menu too.
        text = window.editor.pages["other"].editors["texts.other"]
        window.editor.tabs.setCurrentWidget(window.editor.pages["other"])
        choose_from_context_menu(qtbot, text.editor, QPoint(10, 10), "已核对")
        assert "texts.other" not in session.report.unconfirmed
    finally:
        window.close()
        window.store.close()


# 已保存 survives kill -9 -------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_every_value_the_window_called_saved_survives_kill_9(tmp_path):
    """The cell is repainted before the durable commit; 「已保存」 still comes only after it."""
    from models.exchange import read_report
    from tests.conftest import ROOT, SAMPLE

    db = tmp_path / "killed.db"
    with Store(db) as store:
        report_id = store.create(read_report(SAMPLE))
    start = 10
    for delay in (0.05, 0.2, 0.4):
        child = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "tests" / "gui_edit_stream.py"),
                *map(str, (db, report_id, start)),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        first = child.stdout.readline()
        assert first.strip(), "the window never said 已保存"
        time.sleep(delay)
        os.kill(child.pid, signal.SIGKILL)
        rest = child.stdout.read()
        child.wait()
        acknowledged = [int(line) for line in [first, *rest.splitlines()] if line.strip()]
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            recorded = {
                row[0]
                for row in conn.execute(
                    "SELECT new FROM history WHERE report_id = ? AND location = ?",
                    [report_id, CELL],
                )
            }
        assert not [n for n in acknowledged if str(n) not in recorded]
        start = max(acknowledged) + 2


def test_the_table_models_keep_qts_contract(window, qtmodeltester):
    for section in ("active", "applications", "litigation"):
        _view, model = table_of(window, section)
        qtmodeltester.check(model, force_py=True)
