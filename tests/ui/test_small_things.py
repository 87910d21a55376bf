"""Small things a clerk meets (issue 18, item 11): each step says what it did, in the clerk's
words."""

import re

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QPrintDialog, QPrinterInfo
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QToolBar,
)

from models.exchange import read_report
from models.report import carried_from, format_value, standard_preamble
from models.storage.store import Store
from tests.clerk import (
    CELL,
    YES,
    answer_next_dialog,
    choose_from_context_menu,
    click,
    menu_item,
    press,
    press_key,
    table_of,
    type_file_name,
    type_into,
    window_on,
)
from tests.conftest import SAMPLE
from ui.dialogs import BackupDialog
from ui.help_window import HelpDialog
from ui.history import HistoryDialog


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


def test_generating_the_opening_asks_before_replacing_what_the_clerk_wrote(window, qtbot):
    profile = window.editor.pages["profile"]
    (generate,) = (
        b for b in profile.findChildren(QPushButton) if b.text() == "按基本信息生成开头段"
    )
    written = window.session.report.texts["preamble"]  # the sample's own, as published
    generated = standard_preamble(window.session.report)
    assert written and written != generated
    seen = answer_next_dialog(lambda box: box.button(QMessageBox.StandardButton.No).click())
    qtbot.mouseClick(generate, Qt.MouseButton.LeftButton)
    assert "开头段已经写有内容" in seen["text"]
    assert profile.preamble.editor.toPlainText() == written  # 否: the clerk's paragraph stays
    assert window.store.load(window.session.report_id).texts["preamble"] == written
    answer_next_dialog(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    qtbot.mouseClick(generate, Qt.MouseButton.LeftButton)
    assert profile.preamble.editor.toPlainText() == generated
    click(window, "编辑", "撤销")
    assert profile.preamble.editor.toPlainText() == written


def test_a_period_that_ends_before_it_starts_is_an_error_beside_its_end(window, qtbot):
    profile = window.editor.pages["profile"]
    end = profile.widgets["period_end"].line
    end.setFocus()
    end.selectAll()
    qtbot.keyClicks(QApplication.focusWidget(), "2020-12-31")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert window.session.report.period_end.isoformat() == "2020-12-31"
    assert (
        profile.notes["period_end"].text()
        == "统计期限止 2020年12月31日 早于统计期限起 2021年1月1日"
    )
    assert "统计期限止 2020年12月31日 早于统计期限起 2021年1月1日" in [
        f.message.removeprefix("基本信息：") for f in window.session.errors()
    ]


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


def test_the_backup_list_marks_the_database_a_restore_replaced(qtbot, tmp_path, chinese_qt):
    with Store(tmp_path / "drafts.db") as store:
        store.create(read_report(SAMPLE))
    window = window_on(qtbot, (tmp_path / "drafts.db", tmp_path / "settings.ini"))
    try:
        window.session.edit({CELL: 9})  # so that the database differs from its backup

        def restore(dialog: BackupDialog) -> None:
            answer_next_dialog(press(YES))
            qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

        answer_next_dialog(restore)
        click(window, "文件", "备份与恢复…")
        seen: dict = {}

        def look(dialog: BackupDialog) -> None:
            rows = range(dialog.table.rowCount())
            seen["contents"] = [dialog.table.item(row, 3).text() for row in rows]
            dialog.reject()

        answer_next_dialog(look)
        click(window, "文件", "备份与恢复…")
        marked = [c for c in seen["contents"] if c.startswith("（恢复备份时替换下来的数据库）")]
        assert len(marked) == 1, seen["contents"]
    finally:
        window.close()
        window.store.close()


def _history_of(qtbot, window, view, key) -> list[str]:
    """The lines of 修改记录… chosen from the cell's context menu."""
    index = view.table_model().index_of(key)
    view.scrollTo(index)
    choose_from_context_menu(qtbot, view, view.visualRect(index).center(), "修改记录")
    (dialog,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, HistoryDialog)]
    lines = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    dialog.close()
    dialog.deleteLater()
    return lines


def test_the_history_of_a_cell_carried_from_last_year_says_so(window, qtbot):
    last_year = window.session.report
    click(window, "文件", "新建下一年度")
    assert window.session.report.year == 2022
    view, model = table_of(window, "applications")
    carried = "applications.carried_over.natural_person"
    source = carried_from(window.session.report.format.cells[carried])
    value = format_value(last_year.values[source])
    name = last_year.format.cells[source].name
    assert _history_of(qtbot, window, view, carried) == [
        f"沿用上年　{value}（2021 年报告的「{name}」）"
    ]
    type_into(qtbot, view, carried, "5")
    lines = _history_of(qtbot, window, view, carried)
    assert lines[0].endswith(f"{value} → 5") and lines[1].startswith("沿用上年　")
    assert not any("沿用上年" in line for line in _history_of(qtbot, window, view, CELL))


def test_open_after_an_export_says_so_when_no_viewer_opens_it(window, qtbot, tmp_path):
    """Under the offscreen platform of the tests nothing can open a file, as on a computer with
    no PDF viewer: the clerk is told, and where the file is."""
    if QGuiApplication.platformName() != "offscreen":
        pytest.skip("a desktop platform may have a viewer that opens the file")
    target = tmp_path / "年报.pdf"

    def save(dialog) -> None:
        answer_next_dialog(press("打开"))
        type_file_name(dialog, target)

    answer_next_dialog(save)
    click(window, "文件", "导出 PDF…")
    assert target.exists()
    said = window.statusBar().currentMessage()
    assert said == f"这台电脑上没有能打开 年报.pdf 的程序，文件已保存在 {tmp_path}"


def _close(qtbot, dialog: HelpDialog) -> None:
    close = next(b for b in dialog.findChildren(QPushButton) if b.text() == "关闭")
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)


def answer_help(answer) -> None:
    """When the help shows, call `answer(help)`; any other dialog is closed unanswered."""
    answer_next_dialog(
        lambda shown: answer(shown) if isinstance(shown, HelpDialog) else shown.reject()
    )


def test_the_help_covers_import_sums_checks_acknowledging_and_exports(window, qtbot):
    shown: list[str] = []
    answer_help(lambda help: (shown.append(help.view.toPlainText()), _close(qtbot, help)))
    click(window, "帮助", "填报说明")
    (text,) = shown
    for topic in (
        "导入已发布的年报",
        "汇总多份报告",
        "问题列表",
        "标为已核实",
        "导出 PDF",
        "Word",
        "审查已发布的年报",
    ):
        assert topic in text, topic
    named = re.findall(r"「文件 › ([^」]+)」", text)
    assert len(named) >= 4
    for item in named:  # each is a real menu item, as the clerk will look for it
        try:
            menu_item(window, "文件", item)
        except LookupError:
            menu_item(window, "文件", item + "…")
    panel_actions = [a.text() for a in window.editor.problems.actions()]
    assert any(a.startswith("标为已核实") for a in panel_actions)


def test_print_says_how_many_pages_went_where(window, qtbot, tmp_path, chinese_qt):
    """打印 from the preview, to a file through Qt's print dialog (on a machine with no printer:
    a real printer would print)."""
    if QPrinterInfo.availablePrinterNames():
        pytest.skip("this machine has a printer: the dialog would offer it first")
    target = tmp_path / "printed.pdf"

    def print_dialog(dialog: QPrintDialog) -> None:
        name = dialog.findChild(QLineEdit, "filename")
        name.selectAll()
        name.insert(str(target))
        buttons = dialog.findChild(QDialogButtonBox)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    def preview(dialog) -> None:
        answer_next_dialog(print_dialog)
        bars = dialog.findChildren(QToolBar)
        next(a for bar in bars for a in bar.actions() if a.text() == "打印").trigger()

    answer_next_dialog(preview, delay=400)
    click(window, "文件", "打印…")
    pages = len(PdfReader(target).pages)
    assert pages > 1
    assert window.statusBar().currentMessage() == f"已打印 {pages} 页到文件 {target}"


def test_the_help_is_a_window_with_a_heading_over_each_section_to_scroll_and_close(window, qtbot):
    seen: dict = {}

    def read(help: HelpDialog) -> None:
        seen.setdefault("sizes", []).append(help.size())
        document = help.view.document()
        blocks = [document.findBlockByNumber(n) for n in range(document.blockCount())]
        seen["headings"] = [b.text() for b in blocks if b.blockFormat().headingLevel() == 3]
        text = help.view.toPlainText()
        help.view.setFocus()
        qtbot.keyClicks(QApplication.focusWidget(), "abc")
        seen["typed over"] = help.view.toPlainText() != text
        help.resize(360, 240)  # the clerk drags it small: the text scrolls
        QApplication.processEvents()
        seen["scrolls"] = help.view.verticalScrollBar().isVisible()
        _close(qtbot, help)

    answer_help(read)
    press_key(qtbot, Qt.Key.Key_F1)
    assert seen["headings"] == [
        "1. 新建",
        "2. 导入",
        "3. 基本信息",
        "4. 表格",
        "5. 每次修改立即保存",  # a section without a name, headed by its first clause
        "6. 核对",
        "7. 汇总",
        "8. 输出",
        "9. 审查",
    ]
    assert not seen["typed over"] and seen["scrolls"]
    qtbot.waitUntil(lambda: window.findChild(HelpDialog) is None)  # 关闭 closed it, nothing kept
    answer_help(read)
    click(window, "帮助", "填报说明")
    first, again = seen["sizes"]
    assert again == first and first.width() > 360  # the size dragged to is not remembered
