"""The window's ways in and out beyond the PDF, as the clerk uses them: 导出 Word / 网页 / Excel,
导入已发布的年报, 汇总多份报告, and what the status bar says after a 提示 is 已核实 or a save refused.

Menu items are found in the menu bar and triggered; every dialog is answered through a timer; the
files written are read back with python-docx, html.parser and openpyxl.
"""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import docx
import openpyxl
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QLineEdit, QMessageBox

from models.exchange import read_report, write_report
from models.report import format_value
from tests.clerk import (
    NO,
    YES,
    answer_input,
    answer_next_dialog,
    click,
    context_action,
    open_window,
    press,
    problem_items,
    refuse_writes,
    start_typing,
    table_of,
    type_file_name,
)
from tests.conftest import FIXTURES, SAMPLE
from ui.import_dialog import ImportDialog

# Qt's own words in Chinese, as ui.app.run sets them; a 文档 folder in a home of our own.
pytestmark = pytest.mark.usefixtures("chinese_qt")

CITY = FIXTURES / "city-2022.json"
CELL = "applications.received.natural_person"
BUSINESS = "applications.received.business"
BIG = "active.licensing.decisions"  # 3985758 in the city's report


@pytest.fixture
def listed(qtbot, tmp_path):
    """The window on the list, the city's 2022 report stored (no 错误, no blank cells)."""
    window = open_window(qtbot, tmp_path, CITY)
    yield window
    window.close()
    window.store.close()


@pytest.fixture
def empty(qtbot, tmp_path):
    """The window on a database with no report yet (an import of the city's makes the first)."""
    window = open_window(qtbot, tmp_path)
    yield window
    window.close()
    window.store.close()


@pytest.fixture
def city(listed):
    """The city's report open."""
    listed.list_page.table.selectRow(0)
    listed.list_page.buttons["open"].click()
    return listed


def _answer_chain(answers) -> None:
    """Answer the modal dialogs as they come, each with the next of `answers`."""
    if not answers:
        return

    def answer(dialog) -> None:
        answers[0](dialog)
        _answer_chain(answers[1:])

    answer_next_dialog(answer)


def _save_as(path: Path, seen: dict):
    def answer(dialog: QFileDialog) -> None:
        seen["title"] = dialog.windowTitle()
        seen["proposed"] = Path(dialog.selectedFiles()[0]).name
        seen["filters"] = dialog.nameFilters()
        type_file_name(dialog, path)

    return answer


def _note(seen: dict, then):
    def answer(box) -> None:
        seen.setdefault("boxes", []).append((box.windowTitle(), box.text()))
        seen["buttons"] = sorted(b.text() for b in box.buttons())
        then(box)

    return answer


def _export(window, item: str, path: Path, *, questions=()) -> dict:
    seen: dict = {}
    answers = [_note(seen, press(q)) for q in questions]
    _answer_chain([*answers, _save_as(path, seen), _note(seen, press("关闭"))])
    click(window, "文件", item)
    return seen


class _Cells(HTMLParser):
    """The text of every table cell of a web page, with its rowspan/colspan."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self.spans = 0
        self.text: list[str] = []
        self._in_cell = False

    def handle_starttag(self, tag, attrs) -> None:
        if tag in ("td", "th"):
            self._in_cell = True
            self.cells.append("")
            self.spans += any(name in ("rowspan", "colspan") for name, _v in attrs)

    def handle_endtag(self, tag) -> None:
        if tag in ("td", "th"):
            self._in_cell = False

    def handle_data(self, data) -> None:
        self.text.append(data)
        if self._in_cell:
            self.cells[-1] += data.strip()


def _docx_cells(path: Path) -> set[str]:
    return {cell.text.strip() for table in docx.Document(path).tables for cell in table._cells}


def _xlsx_values(path: Path) -> set:
    book = openpyxl.load_workbook(path)
    return {cell.value for sheet in book for row in sheet.iter_rows() for cell in row}


# 导出 Word / 网页 / Excel -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "suffix", "name"),
    [
        ("导出 Word…", ".docx", "Word 文档"),
        ("导出网页…", ".html", "网页"),
        ("导出 Excel…", ".xlsx", "Excel 工作簿"),
    ],
)
def test_each_format_is_exported_from_the_file_menu_and_read_back(
    city, tmp_path, item, suffix, name
):
    report = city.session.report
    target = tmp_path / "out" / f"年报{suffix}"
    target.parent.mkdir()
    seen = _export(city, item, target)
    assert seen["title"] == item.removesuffix("…")
    assert seen["proposed"] == report.title + suffix  # the title as the file name
    assert seen["filters"] == [f"{name} (*{suffix})"]
    assert seen["boxes"] == [(item.removesuffix("…"), f"已导出：{target}")]
    assert seen["buttons"] == sorted(["打开", "打开所在文件夹", "关闭"])
    big, small = report.values[BIG], report.values[CELL]
    if suffix == ".docx":
        cells = _docx_cells(target)
        assert format_value(big) in cells and format_value(small) in cells
    elif suffix == ".html":
        page = _Cells()
        page.feed(target.read_text(encoding="utf-8"))
        assert format_value(big) in page.cells and format_value(small) in page.cells
        assert page.spans and "草稿" not in "".join(page.text)
    else:
        assert {big, small} <= _xlsx_values(target)
    # The next export opens where this one went.
    again = _export(city, "导出 PDF…", tmp_path / "out" / "again.pdf")
    assert again["filters"] == ["PDF (*.pdf)", "PDF/A-2b 归档文件 (*.pdf)"]
    assert (tmp_path / "out" / "again.pdf").exists()


def test_the_pdf_save_dialog_offers_the_archival_pdfa(city, tmp_path):
    import pikepdf

    target = tmp_path / "archive.pdf"
    seen: dict = {}

    def save_as_pdfa(dialog: QFileDialog) -> None:
        seen["filters"] = dialog.nameFilters()
        dialog.selectNameFilter(seen["filters"][1])
        type_file_name(dialog, target)

    _answer_chain([save_as_pdfa, _note(seen, press("关闭"))])
    click(city, "文件", "导出 PDF…")
    assert seen["filters"][1] == "PDF/A-2b 归档文件 (*.pdf)"
    with pikepdf.open(target) as pdf:
        assert pdf.open_metadata()["pdfaid:part"] == "2" and pdf.Root.OutputIntents
    plain = _export(city, "导出 PDF…", tmp_path / "plain.pdf")
    assert plain["filters"][0] == "PDF (*.pdf)"
    with pikepdf.open(tmp_path / "plain.pdf") as pdf:
        assert "/OutputIntents" not in pdf.Root


def test_a_report_with_errors_goes_out_as_a_draft_web_page_after_asking(city, tmp_path):
    city.session.edit({"applications.carried_over.research": 999})
    target = tmp_path / "draft.html"
    seen = _export(city, "导出网页…", target, questions=[YES])
    assert "只能输出草稿" in seen["boxes"][0][1]
    assert seen["boxes"][0][0] == "导出网页"
    assert seen["boxes"][-1] == ("导出网页", f"已导出草稿：{target}")
    page = _Cells()
    page.feed(target.read_text(encoding="utf-8"))
    assert "草稿" in "".join(page.text)


def test_no_to_the_draft_question_writes_no_word_file(city, tmp_path):
    city.session.edit({"applications.carried_over.research": 999})
    seen = answer_next_dialog(press(NO))
    click(city, "文件", "导出 Word…")
    assert "只能输出草稿" in seen["text"]
    assert not list(tmp_path.rglob("*.docx"))


def test_a_final_excel_with_blank_cells_asks_first(city, qtbot, tmp_path):
    view, _model = table_of(city)
    view.select_key("applications.withheld_1.research")  # a 0 made blank: still no 错误
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    target = tmp_path / "blank.xlsx"
    seen = _export(city, "导出 Excel…", target, questions=[YES])
    assert "表格中还有 1 个空格" in seen["boxes"][0][1]
    assert target.exists() and city.session.report.values[BIG] in _xlsx_values(target)


def test_the_list_exports_the_selected_row_in_every_format(listed, tmp_path):
    for item in ("导出 Word…", "导出网页…", "导出 Excel…"):
        assert not listed.menu_actions["export_docx"].isEnabled()
        listed.list_page.table.selectRow(0)
        suffix = {"导出 Word…": ".docx", "导出网页…": ".html", "导出 Excel…": ".xlsx"}[item]
        _export(listed, item, tmp_path / f"list{suffix}")
        assert (tmp_path / f"list{suffix}").stat().st_size > 1000
        assert listed.session is None  # still the list
        listed.list_page.table.clearSelection()
    assert format_value(3985758) in _docx_cells(tmp_path / "list.docx")


# 导入已发布的年报 ----------------------------------------------------------------------------------


def _choose(path: Path):
    def answer(dialog: QFileDialog) -> None:
        type_file_name(dialog, path)

    return answer


def test_a_published_word_file_is_imported_through_the_menu_and_opened(empty, qtbot):
    seen: dict = {}

    def save(dialog: ImportDialog) -> None:
        seen["type"] = type(dialog)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    _answer_chain([_choose(FIXTURES / "published" / "city-2022.docx"), save])
    click(empty, "文件", "导入已发布的年报…")
    assert seen["type"] is ImportDialog
    assert empty.session is not None  # the new report is open
    assert empty.session.report.values["applications.received.total"] == 528
    assert len(empty.store.list_reports()) == 1


def test_importing_a_report_stored_already_asks_to_open_it(listed, qtbot):
    (stored,) = listed.store.list_reports()
    seen: dict = {}

    def save(dialog: ImportDialog) -> None:
        answer_next_dialog(read)  # the question comes while the click is being handled
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    def read(box) -> None:
        seen["text"] = box.text()
        press("打开它")(box)

    _answer_chain([_choose(FIXTURES / "published" / "city-2022.docx"), save])
    click(listed, "文件", "导入已发布的年报…")
    agency = stored.agency
    assert seen["text"] == f"{agency}2022 年的报告已经存在（编号 {stored.id}），打开它吗？"
    assert len(listed.store.list_reports()) == 1  # no second copy
    assert listed.session is not None and listed.session.report_id == stored.id


def test_a_file_naming_no_year_is_stored_anew_as_the_command_line_does(empty, qtbot, tmp_path):
    """A report whose file names no year is never taken for one stored already (`main.py
    import` stores it anew too): no question about a report of 「None 年」 is asked."""
    text = (FIXTURES / "published" / "akqi-education-2021.txt").read_text(encoding="utf-8")
    text = text.replace("局2021年政府", "局政府", 1)
    path = tmp_path / "无年度.txt"
    path.write_text(text.replace("从2021年1月1日起至2021年12月31日止", ""), encoding="utf-8")
    questions: list[str] = []

    def asked() -> None:  # a question holds the save: note it, say no, close the import
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            questions.append(box.text())
            press("取消")(box)
            QTimer.singleShot(100, _close_import)

    def save(dialog: ImportDialog) -> None:
        QTimer.singleShot(500, asked)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    for _time in range(2):
        _answer_chain([_choose(path), save])
        click(empty, "文件", "导入已发布的年报…")
    assert questions == []
    reports = empty.store.list_reports()
    assert len(reports) == 2 and {r.year for r in reports} == {None}


def _close_import() -> None:
    dialog = QApplication.activeModalWidget()
    if isinstance(dialog, ImportDialog):
        dialog.reject()


def test_the_import_opens_in_documents_then_where_the_last_file_was_chosen(empty, qtbot, tmp_path):

    documents = tmp_path / "home" / "Documents"
    shutil.copyfile(
        FIXTURES / "published" / "city-2022-slips-wps.pdf", documents / "江州市年报.pdf"
    )
    downloads = tmp_path / "下载"
    downloads.mkdir()
    (downloads / "扫描件.pdf").write_bytes(b"not a pdf")
    seen: dict = {"folders": [], "boxes": []}

    def choose(name):
        def answer(dialog: QFileDialog) -> None:
            seen["folders"].append(Path(dialog.directory().absolutePath()))
            type_file_name(dialog, Path(name))  # a name in the folder shown, or a whole path

        return answer

    def save(dialog: ImportDialog) -> None:
        seen["notes"] = [dialog.notes.item(i).text() for i in range(dialog.notes.count())]
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    _answer_chain([choose("江州市年报.pdf"), save])
    click(empty, "文件", "导入已发布的年报…")
    assert (
        empty.session.report.values
        == read_report(FIXTURES / "published" / "city-2022-slips.json").values
    )
    assert any("个汉字（如「行」「人」「一」）写成了形近的部首字符" in n for n in seen["notes"])
    _answer_chain([choose(str(downloads / "扫描件.pdf")), _note(seen, lambda box: box.accept())])
    click(empty, "文件", "导入已发布的年报…")
    assert seen["boxes"][-1][1] == "扫描件.pdf 不是有效的 PDF 文件，或已损坏"
    _answer_chain([choose("扫描件.pdf"), _note(seen, lambda box: box.accept())])
    click(empty, "文件", "导入已发布的年报…")
    assert seen["folders"] == [documents, documents, downloads]


def test_an_import_the_database_refuses_keeps_the_dialog_with_the_reason(empty, qtbot, tmp_path):
    seen: dict = {}

    def save_refused(dialog: ImportDialog) -> None:
        let_write = refuse_writes(empty, "read-only", (tmp_path / "drafts.db",))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen["open"] = dialog.isVisible()
        seen["error"] = dialog.error.text()
        let_write()
        dialog.reject()

    _answer_chain([_choose(FIXTURES / "published" / "city-2022.docx"), save_refused])
    click(empty, "文件", "导入已发布的年报…")
    assert seen["open"] and "只读" in seen["error"]
    assert empty.session is None and not empty.store.list_reports()


# 汇总多份报告 ----------------------------------------------------------------------------------


def _from_files(dialog) -> None:
    """Press 「从文件选择…」 in the list of stored reports to sum."""
    button = next(b for b in dialog.buttons.buttons() if b.text() == "从文件选择…")
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def _choose_files(*names: str):
    """Select several files in the open dialog, typed as 「"a.json" "b.json"」."""

    def answer(dialog: QFileDialog) -> None:
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        name.setText(" ".join(f'"{n}"' for n in names))
        dialog.accept()

    return answer


def _type_agency(agency: str, seen: dict):
    def answer(dialog: QInputDialog) -> None:
        seen["label"] = dialog.labelText()
        dialog.setTextValue(agency)
        dialog.accept()

    return answer


def test_two_reports_are_summed_into_a_new_report_with_its_overview(listed, tmp_path):
    documents = tmp_path / "home" / "Documents"  # where the file dialog opens
    first, second = read_report(CITY), read_report(CITY)
    second.agency.name = "江州市教育局"
    second.values[BIG] = 14
    write_report(first, documents / "办公室.json")
    write_report(second, documents / "教育局.json")
    overview = tmp_path / "概览.xlsx"
    seen: dict = {}
    _answer_chain(
        [
            _from_files,
            _choose_files("办公室.json", "教育局.json"),
            _type_agency("江州市", seen),
            _note(seen, press(YES)),
            _save_as(overview, seen),
        ]
    )
    click(listed, "文件", "汇总多份报告…")
    total = listed.session.report  # the sum is stored and open
    assert total.agency.name == "江州市" and total.year == 2022
    assert total.values[BIG] == 3985758 + 14
    assert total.values[CELL] == 2 * first.values[CELL]
    assert "2 份报告" in seen["boxes"][0][1]
    assert seen["proposed"] == "江州市汇总概览.xlsx"
    rows = list(openpyxl.load_workbook(overview).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["办公室.json", "教育局.json"]
    assert rows[2][1] == "江州市教育局"


def test_reports_of_different_years_are_refused_before_asking_the_name(listed, tmp_path):
    documents = tmp_path / "home" / "Documents"
    shutil.copy(CITY, documents / "city.json")
    shutil.copy(FIXTURES / "county-2020.json", documents / "county.json")
    seen: dict = {}

    def first_after_the_files(dialog) -> None:
        seen["kind"] = type(dialog)
        seen["text"] = dialog.labelText() if isinstance(dialog, QInputDialog) else dialog.text()
        dialog.reject()

    _answer_chain([_from_files, _choose_files("city.json", "county.json"), first_after_the_files])
    click(listed, "文件", "汇总多份报告…")
    assert seen["kind"] is QMessageBox, "asked for a name: " + seen["text"]
    text = seen["text"]
    assert "只能汇总同一年度的报告" in text and "city.json" in text and "county.json" in text
    assert listed.session is None and len(listed.store.list_reports()) == 1


def test_a_file_that_is_not_a_report_is_refused_before_asking_the_name(listed, tmp_path):
    documents = tmp_path / "home" / "Documents"
    shutil.copy(SAMPLE, documents / "good.json")
    (documents / "bad.json").write_text("不是交换文件", encoding="utf-8")
    seen: dict = {}
    _answer_chain([_from_files, _choose_files("good.json", "bad.json"), _note(seen, press("确定"))])
    click(listed, "文件", "汇总多份报告…")
    assert len(seen["boxes"]) == 1 and "bad.json" in seen["boxes"][0][1]
    assert len(listed.store.list_reports()) == 1


# The status bar ---------------------------------------------------------------------------------


def test_a_hint_marked_checked_no_longer_counts_in_the_status_bar(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path, SAMPLE)
    try:
        window.list_page.table.selectRow(0)
        window.list_page.buttons["open"].click()
        assert "0 个错误、1 个提示" in window.summary.text()
        panel = window.editor.problems
        (item,) = problem_items(panel)
        panel.setCurrentItem(item)
        answer_input(qtbot, "已与业务科室核对", {})
        context_action(panel, "标为已核实…").trigger()
        assert "0 个错误、0 个提示" in window.summary.text()
        # and 定稿 no longer asks about it
        seen = answer_next_dialog(press("确定"))
        click(window, "文件", "定稿…")
        assert seen["title"] == "定稿" and seen["text"].startswith("已定稿")
    finally:
        window.close()
        window.store.close()


def test_a_refused_save_shows_not_saved_with_the_reason_until_the_next_save(city, qtbot, tmp_path):
    view, model = table_of(city)
    editor = start_typing(qtbot, view, CELL, "5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert city.saved.text().startswith("已保存 ")
    let_write = refuse_writes(city, "read-only", (tmp_path / "drafts.db",))
    editor = start_typing(qtbot, view, BUSINESS, "7")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert city.saved.text().startswith("未保存：") and "只读" in city.saved.text()
    qtbot.keyClick(city, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert city.statusBar().currentMessage().startswith("未保存：")
    let_write()
    editor = view.indexWidget(model.index_of(BUSINESS))
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the clerk tries again
    assert city.saved.text().startswith("已保存 ")
    assert city.session.report.values[BUSINESS] == 7
