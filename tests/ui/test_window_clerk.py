"""The window frame as the clerk uses it: menus, keys and dialogs, Qt speaking Chinese.

Every action is found in the menu bar (or is a button or a key), every dialog is answered through
a timer, on a real database in tmp_path; the PDFs written are read back.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tomllib
from datetime import date
from pathlib import Path

import pdfplumber
import pytest
import shiboken6
from pypdf import PdfReader
from PySide6.QtCore import QLocale, QSettings, Qt
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox

from models.exchange import read_report
from models.storage import database
from models.storage.backup_info import describe_backup
from models.storage.store import Store
from tests.clerk import (
    NO,
    YES,
    answer_next_dialog,
    click,
    menu_item,
    open_window,
    press,
    press_key,
    type_file_name,
)
from tests.conftest import ROOT, SAMPLE
from ui.dialogs import BackupDialog, NewReportDialog
from ui.library import default_year
from ui.main_window import MainWindow
from ui.preview import PdfPages, a4_printer, paint_pages

# Qt's own words in Chinese, as ui.app.run sets them; a 文档 folder in a home of our own.
pytestmark = pytest.mark.usefixtures("chinese_qt")

CELL = "applications.received.natural_person"
AGENCY = "阿合奇县教育和科学技术局"


def window_on(qtbot, tmp_path, *, sample=True) -> MainWindow:
    return open_window(qtbot, tmp_path, *([SAMPLE] if sample else []))


@pytest.fixture
def empty_window(qtbot, tmp_path):
    window = window_on(qtbot, tmp_path, sample=False)
    yield window
    window.close()
    window.store.close()


@pytest.fixture
def window(qtbot, tmp_path):
    """The window with the sample open, as after double-clicking it in the list."""
    window = window_on(qtbot, tmp_path)
    window.list_page.table.selectRow(0)
    window.list_page.buttons["open"].click()
    yield window
    window.close()
    window.store.close()


def _save_as(path: Path, seen: dict):
    """Answer a save dialog: note where it opened and what it proposed, then choose `path`."""

    def answer(dialog: QFileDialog) -> None:
        seen["folder"] = Path(dialog.directory().absolutePath())
        seen["proposed"] = dialog.selectedFiles()[0]
        seen["labels"] = [label.text() for label in dialog.findChildren(QLabel)]
        type_file_name(dialog, path)

    return answer


def _export(qtbot, window, path: Path, *, questions=()) -> dict:
    """文件 › 导出 PDF…, answering `questions` (button texts), the save dialog, then 「关闭」."""
    seen: dict = {"questions": []}

    def chain(answers):
        if not answers:
            return
        head, rest = answers[0], answers[1:]

        def answer(dialog):
            if isinstance(dialog, QFileDialog):
                _save_as(path, seen)(dialog)
            else:
                seen["questions"].append(dialog.text())
                seen["last"] = dialog.text()
                seen["buttons"] = [b.text() for b in dialog.buttons()]
                press(head)(dialog)
            chain(rest)

        answer_next_dialog(answer)

    chain([*questions, "save", "关闭"])
    click(window, "文件", "导出 PDF…")
    return seen


def _is_draft(path: Path) -> bool:
    """Every page carries the 草稿 mark: filled shapes in the middle of the page (drawn, not
    text, so that it is never copied with the report)."""
    with pdfplumber.open(path) as pdf:
        return all(
            any(
                c["fill"] and abs((c["x0"] + c["x1"]) / 2 - page.width / 2) < 150
                for c in page.curves
            )
            for page in pdf.pages
        )


def _pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "".join(page.extract_text() or "" for page in pdf.pages)


# The main path ---------------------------------------------------------------------------------


def test_sample_from_the_empty_window_is_exported_and_print_previewed(
    empty_window, qtbot, tmp_path
):
    window = empty_window
    assert window.list_page.empty.isVisible()
    window.list_page.buttons["sample"].click()
    assert window.session.report.agency.name == AGENCY
    title = window.session.report.title

    target = tmp_path / "out" / "年报.pdf"
    target.parent.mkdir()
    seen = _export(qtbot, window, target)
    assert seen["folder"] == tmp_path / "home" / "Documents"  # the clerk's 文档 folder
    assert Path(seen["proposed"]).name == f"{title}.pdf"
    # In Chinese, also where Qt's catalogue lags behind its code (「&Look in:」, 「Files of &type:」).
    assert {"查找范围：", "文件类型：", "文件名称(&N)："} <= set(seen["labels"])
    assert "已导出：" in seen["last"] and str(target) in seen["last"]
    assert sorted(seen["buttons"]) == sorted(["打开", "打开所在文件夹", "关闭"])
    assert len(PdfReader(target).pages) == 8
    assert "政府信息公开工作年度报告" in _pdf_text(target)

    again = _export(qtbot, window, tmp_path / "out" / "第二份.pdf")
    assert again["folder"] == target.parent  # then the last folder used

    shown = {}

    def look_and_close(dialog) -> None:
        shown["type"] = type(dialog)
        shown["title"] = dialog.windowTitle()
        shown["pages"] = dialog.findChild(QPrintPreviewWidget).pageCount()
        shown["dialog"] = dialog
        dialog.reject()

    answer_next_dialog(look_and_close, delay=400)
    click(window, "文件", "打印…")
    assert issubclass(shown["type"], QPrintPreviewDialog)
    assert shown["title"] == f"打印预览：{title}"
    assert shown["pages"] == 8
    assert not shiboken6.isValid(shown["dialog"])  # gone with its page images, not kept


def test_a_report_with_errors_is_exported_as_a_draft_after_asking(window, qtbot, tmp_path):
    window.session.edit({"applications.carried_over.research": 2})
    target = tmp_path / "draft.pdf"
    seen = _export(qtbot, window, target, questions=[YES])
    assert "只能输出草稿" in seen["questions"][0]
    assert _is_draft(target)


def test_saying_no_to_the_draft_writes_nothing(window, qtbot, tmp_path):
    window.session.edit({"applications.carried_over.research": 2})
    seen = answer_next_dialog(press(NO))
    click(window, "文件", "导出 PDF…")
    assert "只能输出草稿" in seen["text"]
    assert QApplication.activeModalWidget() is None
    assert not list(tmp_path.rglob("*.pdf"))


def test_a_final_export_with_blank_cells_asks_first(window, qtbot, tmp_path):
    view = window.editor.table_view("applications")
    window.editor.tabs.setCurrentWidget(window.editor.pages["applications"])
    view.select_key("applications.withheld_1.research")
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    seen = answer_next_dialog(press(NO))
    click(window, "文件", "导出 PDF…")
    assert "表格中还有 1 个空格" in seen["text"]
    assert not list(tmp_path.rglob("*.pdf"))
    target = tmp_path / "anyway.pdf"
    _export(qtbot, window, target, questions=[YES])
    assert target.exists() and not _is_draft(target)


def test_print_preview_pages_are_the_exported_pdf_on_a4(window, tmp_path):
    """What the preview paints is what the printer gets: the PDF's pages, one per A4 sheet."""
    data = window.session.pdf(draft=False)
    printer = a4_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert paint_pages(PdfPages(data), printer, dpi=60) == 8  # a low resolution keeps it quick
    sheets = PdfReader(tmp_path / "printed.pdf").pages
    assert len(sheets) == 8
    width, height = float(sheets[0].mediabox.width), float(sheets[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    page = PdfPages(data).image(0)  # at PRINT_DPI, 300: A4 is 2480 × 3508 dots
    assert abs(page.width() - 2480) <= 1 and abs(page.height() - 3508) <= 1


# Keys --------------------------------------------------------------------------------------------


def test_ctrl_y_and_ctrl_shift_z_redo_ctrl_p_prints_ctrl_s_confirms(window, qtbot):
    redo = menu_item(window, "编辑", "重做")
    assert [k.toString() for k in redo.shortcuts()] == ["Ctrl+Y", "Ctrl+Shift+Z"]
    view = window.editor.table_view("applications")
    window.editor.tabs.setCurrentWidget(window.editor.pages["applications"])
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage() == "打开后还没有修改；报告已在数据库中"
    view.select_key(CELL)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.report.values[CELL] == 0
    qtbot.keyClick(view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert CELL not in window.session.report.values
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(view, Qt.Key.Key_Z, shift)
    assert CELL not in window.session.report.values
    qtbot.keyClick(view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage().startswith("所有修改都已保存（最后一次 ")

    shown = {}

    def close_preview(dialog) -> None:
        shown["type"] = type(dialog)
        dialog.reject()

    answer_next_dialog(press(YES))  # blank cell: print the final text anyway
    answer_next_dialog(close_preview, delay=600)
    qtbot.keyClick(view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert issubclass(shown["type"], QPrintPreviewDialog)


# Nothing acts on a report the clerk cannot see -----------------------------------------------------


ON_A_REPORT = [
    ("编辑", "撤销"),
    ("编辑", "重做"),
    ("文件", "导出 PDF…"),
    ("文件", "打印…"),
    ("文件", "定稿…"),
    ("文件", "新建下一年度"),
]


def _enabled(window) -> list[bool]:
    return [menu_item(window, m, t).isEnabled() for m, t in ON_A_REPORT]


def test_on_the_list_report_actions_follow_the_selected_row(window, qtbot, tmp_path):
    report_id = window.session.report_id
    view = window.editor.table_view("applications")
    window.editor.tabs.setCurrentWidget(window.editor.pages["applications"])
    view.select_key(CELL)
    qtbot.keyClick(view, Qt.Key.Key_Delete)  # something to undo …
    view.select_key("applications.received.business")
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # … and to redo
    assert all(_enabled(window))
    click(window, "文件", "报告列表")
    assert window.session is None
    assert window.summary.text() == "" and window.saved.text() == ""
    assert window.windowTitle() == "年报填报助手"
    # The report just closed stays selected: export, print, 定稿 and next year work on it;
    # undo and redo stay inside the open report.
    assert window.list_page.selected_id() == report_id
    assert _enabled(window) == [False, False, True, True, True, True]
    window.list_page.table.clearSelection()
    assert not any(_enabled(window))
    buttons = window.list_page.buttons
    assert not any(buttons[n].isEnabled() for n in ("open", "duplicate", "next_year", "delete"))
    window.list_page.table.selectRow(0)
    target = tmp_path / "from-list.pdf"
    _export(qtbot, window, target, questions=[YES])  # the cell cleared above
    assert AGENCY in _pdf_text(target).replace("\n", "")
    window.list_page.show_bin.setChecked(True)
    assert not any(_enabled(window))


def test_enter_on_the_list_opens_the_selected_report(window, qtbot):
    report_id = window.session.report_id
    click(window, "文件", "报告列表")
    assert window.session is None
    press_key(qtbot, Qt.Key.Key_Return)  # on the list, where the keys go
    assert window.session is not None and window.session.report_id == report_id


def test_the_list_selects_the_report_just_closed_however_it_was_opened(empty_window, qtbot):
    window = empty_window

    def answer(dialog: NewReportDialog) -> None:
        dialog.agency.insert(AGENCY)  # as an input method commits it
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    answer_next_dialog(answer)
    click(window, "文件", "新建年度报告…")
    report_id = window.session.report_id
    click(window, "文件", "报告列表")
    assert window.list_page.selected_id() == report_id
    assert window.list_page.buttons["open"].isEnabled()
    assert menu_item(window, "文件", "新建下一年度").isEnabled()
    with qtbot.waitActive(window):  # the dialog gone, the window is the clerk's again
        window.activateWindow()
    assert QApplication.focusWidget() is window.list_page.table
    press_key(qtbot, Qt.Key.Key_Enter)  # the keypad's Enter opens it too
    assert window.session is not None and window.session.report_id == report_id


def test_next_year_from_the_list_opens_the_new_report_and_refuses_a_second(window, qtbot):
    click(window, "文件", "报告列表")
    window.list_page.table.selectRow(0)
    click(window, "文件", "新建下一年度")
    assert window.session.report.year == 2022
    click(window, "文件", "报告列表")
    row = next(
        r
        for r in range(window.list_page.table.rowCount())
        if window.list_page.table.item(r, 2).text() == "2021"
    )
    window.list_page.table.selectRow(row)
    seen = answer_next_dialog(press("取消"))
    window.list_page.buttons["next_year"].click()
    assert seen["text"].endswith("2022 年的报告已经存在（编号 2），打开它吗？")
    assert window.session is None  # 取消: stays on the list, nothing made
    answer_next_dialog(press("打开它"))
    window.list_page.buttons["next_year"].click()
    assert window.session.report.year == 2022
    assert len(window.store.list_reports()) == 2


def test_finalize_asks_about_open_hints(window, qtbot):
    report_id = window.session.report_id
    assert window.session.hints() and not window.session.errors()
    seen = answer_next_dialog(press(NO))
    click(window, "文件", "定稿…")
    assert "还有 1 个提示未核实" in seen["text"]
    assert window.store.status(report_id)[0] == "draft"
    answer_next_dialog(press(YES))
    done = answer_next_dialog(press("确定"), delay=400)
    click(window, "文件", "定稿…")
    assert "已定稿（第 1 版）" in done["text"]
    assert window.store.status(report_id)[0] == "final"


# New report -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "year"),
    [(date(2026, 1, 5), 2025), (date(2026, 6, 30), 2025), (date(2026, 7, 1), 2026)],
)
def test_the_year_offered_is_last_year_until_june(today, year):
    assert default_year(today) == year


def test_new_report_asks_agency_and_year_and_the_period_follows(empty_window, qtbot):
    window = empty_window
    seen = {}

    def answer(dialog: NewReportDialog) -> None:
        seen["year"] = dialog.year.value()
        ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
        seen["ok_blank"] = ok.isEnabled()
        seen["buttons"] = [b.text() for b in dialog.buttons.buttons()]
        dialog.agency.insert(AGENCY)  # as an input method commits it
        dialog.year.setFocus()
        dialog.year.selectAll()
        qtbot.keyClicks(dialog.year, "2024")
        seen["period"] = dialog.period.text()
        ok.click()

    answer_next_dialog(answer)
    window.list_page.buttons["new"].click()
    assert seen["year"] == default_year()
    assert seen["ok_blank"] is False  # no agency, no report
    assert sorted(seen["buttons"]) == sorted(["确定", "取消"])
    assert seen["period"] == "2024年1月1日至2024年12月31日"
    report = window.session.report
    assert report.agency.name == report.signing_unit == AGENCY
    assert (report.year, report.period_start, report.period_end) == (
        2024,
        date(2024, 1, 1),
        date(2024, 12, 31),
    )


def test_new_report_cancelled_creates_nothing(empty_window):
    answer_next_dialog(lambda dialog: dialog.reject())
    click(empty_window, "文件", "新建年度报告…")
    assert empty_window.session is None and not empty_window.store.list_reports()


# Qt in Chinese ------------------------------------------------------------------------------------


def test_a_message_box_says_shi_and_fou(window, qtbot):
    seen = {}

    def answer(box) -> None:
        seen["buttons"] = sorted(b.text() for b in box.buttons())
        press(NO)(box)

    answer_next_dialog(answer)
    QMessageBox.question(window, "年报填报助手", "？")
    assert seen["buttons"] == sorted([YES, NO])
    assert [text.replace("(&Y)", "").replace("(&N)", "") for text in sorted([YES, NO])] == [
        "否",
        "是",
    ]
    assert QLocale().name() == "zh_CN"
    assert QLocale().dayName(1, QLocale.FormatType.ShortFormat) == "周一"  # the calendar's heads


# Backups ------------------------------------------------------------------------------------------


def test_backup_dialog_says_what_each_holds_asks_and_puts_it_back(qtbot, tmp_path):
    db = tmp_path / "drafts.db"
    with Store(db) as store:
        report_id = store.create(read_report(SAMPLE))
    window = window_on(qtbot, tmp_path)  # opening takes the backup
    try:
        window.list_page.table.selectRow(0)
        window.list_page.buttons["open"].click()
        window.session.edit({CELL: 9})
        seen = {}

        def look(dialog: BackupDialog) -> None:
            seen["row"] = [dialog.table.item(0, c).text() for c in range(4)]
            answer_next_dialog(lambda box: (seen.setdefault("q", box.text()), press(NO)(box)))
            dialog.restore_button.click()  # asked, and 否: still open
            seen["still_open"] = dialog.isVisible()
            answer_next_dialog(press(YES))
            dialog.restore_button.click()

        answer_next_dialog(look)
        click(window, "文件", "备份与恢复…")
        when, count, last, content = seen["row"]
        assert count == "1" and content == f"{AGENCY} 2021" and last and when[:2] == "20"
        assert "替换当前的数据库" in seen["q"] and seen["still_open"]
        assert window.session is None  # back on the list, on the restored file
        assert window.library.session(report_id).report.values[CELL] == 0
        # the replaced database is listed among the backups, so the clerk can go back
        assert any(p.stem.endswith("-before-restore") for p in database.list_backups(db))
    finally:
        window.close()
        window.store.close()


def test_a_damaged_backup_is_listed_as_unreadable(tmp_path):
    broken = tmp_path / "nianbao-20260125-160531-000001.db"
    broken.write_bytes(b"not a database" * 100)
    info = describe_backup(broken)
    assert info.problem and info.reports is None
    assert info.taken_at.isoformat() == "2026-01-25T16:05:31"
    assert broken.read_bytes() == b"not a database" * 100


# Opening what the clerk names, 关于 ------------------------------------------------------------------


def _wait_for(condition, timeout=15.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "the window did not get there"
        time.sleep(0.1)


def _last_report(folder: Path) -> str | None:
    ini = folder / "d-window.ini"  # the window's settings live beside the database d.db
    if not ini.exists():
        return None
    settings = QSettings(str(ini), QSettings.Format.IniFormat)
    return settings.value("last_report")


@pytest.mark.parametrize("how", ["file", "name"])
def test_main_py_opens_a_file_or_a_named_report_in_the_window(tmp_path, how):
    db = tmp_path / "d.db"
    if how == "name":
        with Store(db) as store:
            store.create(read_report(SAMPLE))
            store.create(read_report(SAMPLE))  # not the one named below
            store.edit(2, {"year": 2020})
    # Options may come before or after what is named.
    args = ["--db", str(db), str(SAMPLE)] if how == "file" else [AGENCY, "2021", "--db", str(db)]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "c"))
    child = subprocess.Popen(
        [sys.executable, "main.py", *args],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for(lambda: _last_report(tmp_path) is not None or child.poll() is not None)
        assert child.poll() is None, child.stderr.read()
        assert _last_report(tmp_path) == "1"
    finally:
        child.terminate()
        child.communicate(timeout=10)
    with Store(db) as store:
        assert len(store.list_reports()) == (1 if how == "file" else 2)


def test_a_file_already_stored_is_opened_not_imported_again(window, qtbot):
    answer_next_dialog(lambda dialog: type_file_name(dialog, SAMPLE))
    click(window, "文件", "导入交换文件…")
    assert len(window.store.list_reports()) == 1
    assert window.statusBar().currentMessage().endswith("已在库中，已打开")


def test_about_shows_the_version_of_pyproject(window):
    with open(ROOT / "pyproject.toml", "rb") as file:
        version = tomllib.load(file)["project"]["version"]
    seen = answer_next_dialog(lambda box: box.accept())
    click(window, "帮助", "关于")
    assert f"年报填报助手 {version}" in seen["text"]


def test_an_unexpected_error_does_not_claim_everything_was_saved(qtbot, tmp_path):
    from models import errorlog
    from ui.app import _install_excepthook

    before = sys.excepthook
    errorlog.start(tmp_path / "nianbao.db")
    _install_excepthook()
    try:
        seen = answer_next_dialog(lambda box: box.accept())
        try:
            raise RuntimeError("a bug of ours")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = before
    assert "已填写的内容都已保存" not in seen["text"]
    assert "显示「已保存」的内容都在数据库中" in seen["text"]
    assert "a bug of ours" in (tmp_path / errorlog.LOG_NAME).read_text(encoding="utf-8")


def test_exchange_file_is_exported_where_the_clerk_types(window, tmp_path):
    target = tmp_path / "交换.json"
    seen: dict = {}
    answer_next_dialog(_save_as(target, seen))
    click(window, "文件", "导出交换文件…")
    assert Path(seen["proposed"]).name == f"{window.session.report.title}.json"
    assert read_report(target).agency.name == AGENCY
