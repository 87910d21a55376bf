"""文件 › 审查已发布的年报…, the clerk's way: the menu item, the folder chosen in the file dialog,
the 总览 read in the table, a row opened by a double-click, the workbook exported."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QLineEdit

from tests.clerk import answer_next_dialog, click
from tests.conftest import PUBLISHED, REGION, ROOT
from tools.make_review_folder import make_review_folder
from ui.import_dialog import ImportDialog
from ui.review import ATTRIBUTES, VERDICT, ReviewDialog


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    made = tmp_path_factory.mktemp("review") / "各部门年报"
    make_review_folder(made)
    return made


def type_path(qtbot, chooser: QFileDialog, path: Path) -> None:
    """Type the path into the file dialog's name field and press Return."""
    name = chooser.findChild(QLineEdit, "fileNameEdit")
    name.setFocus()
    name.setText(str(path))
    qtbot.keyClick(name, Qt.Key.Key_Return)


def open_review(qtbot, window) -> ReviewDialog:
    click(window, "文件", "审查已发布的年报…")
    qtbot.waitUntil(lambda: window.findChild(ReviewDialog) is not None)
    dialog = window.findChild(ReviewDialog)
    qtbot.waitExposed(dialog)
    return dialog


def choose_folder(qtbot, dialog: ReviewDialog, folder: Path) -> None:
    seen = answer_next_dialog(lambda chooser: type_path(qtbot, chooser, folder))
    qtbot.mouseClick(dialog.folder_button, Qt.MouseButton.LeftButton)
    assert isinstance(seen["dialog"], QFileDialog)


def reviewed(qtbot, window, folder: Path) -> ReviewDialog:
    """The review window on the ten-file folder, chosen through its button, every file read."""
    dialog = open_review(qtbot, window)
    choose_folder(qtbot, dialog, folder)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 10, timeout=30000)
    return dialog


def column(dialog: ReviewDialog, number: int) -> list[str]:
    return [dialog.table.item(row, number).text() for row in range(dialog.table.rowCount())]


def test_the_clerk_reviews_a_folder_and_reads_the_overview_errors_first(qtbot, window, folder):
    dialog = reviewed(qtbot, window, folder)
    verdicts = dict(zip(column(dialog, 0), column(dialog, VERDICT), strict=True))
    assert verdicts["发改委/江州市发展和改革委员会2022年报.html"] == "有错误"
    assert verdicts["江州市审计局2022年报（扫描件）.pdf"] == "未能读取"
    assert verdicts["江州市人民政府办公室2022年报.docx"] == "无问题"
    order = ["有错误", "未能读取", "有提示", "无问题"]
    rows = list(zip(column(dialog, VERDICT), column(dialog, 0), strict=True))
    assert rows == sorted(rows, key=lambda row: (order.index(row[0]), row[1]))
    assert "有错误 2 份" in dialog.status.text() and "未能读取 3 份" in dialog.status.text()
    header = dialog.table.horizontalHeader()  # a click on 文件 sorts by file, twice backwards
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=header.rect().topLeft() + _x(header, 0)
    )
    files = column(dialog, 0)
    assert files in (sorted(files), sorted(files, reverse=True))


def _x(header, section: int):
    from PySide6.QtCore import QPoint

    return QPoint(header.sectionViewportPosition(section) + 10, 5)


def test_a_double_click_shows_the_report_read_beside_its_source(qtbot, window, folder):
    dialog = reviewed(qtbot, window, folder)
    row = column(dialog, 0).index("江州市教育局2022年报.docx")
    seen = answer_next_dialog(lambda shown: shown.reject())
    dialog.table.scrollToItem(dialog.table.item(row, 0))
    rect = dialog.table.visualItemRect(dialog.table.item(row, 0))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert isinstance(seen["dialog"], ImportDialog)
    assert seen["title"] == "导入已发布的年报：江州市教育局2022年报.docx"


def test_a_double_click_reads_the_file_beside_the_year_it_was_paired_with(qtbot, window, tmp_path):
    """A report whose text lost its line breaks, beside last year's: the import dialog shows it as
    the review read it, its glued cells settled by last year's figures, none 存疑."""
    folder = tmp_path / "青山区"
    folder.mkdir()
    shutil.copy(PUBLISHED / "qingshan-2022-one-line.txt", folder / "青山区2022年报.txt")
    shutil.copy(REGION / "qingshan-2021.json", folder / "青山区2021年报.json")
    dialog = open_review(qtbot, window)
    choose_folder(qtbot, dialog, folder)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=30000)
    row = column(dialog, 0).index("青山区2022年报.txt")
    doubts: list[list[str]] = []
    seen = answer_next_dialog(lambda shown: (doubts.append(shown.reading.unsure()), shown.reject()))
    rect = dialog.table.visualItemRect(dialog.table.item(row, 0))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert isinstance(seen["dialog"], ImportDialog)
    assert doubts == [[]]


def test_the_overview_is_exported_as_the_workbook(qtbot, window, folder, tmp_path):
    dialog = open_review(qtbot, window)
    choose_folder(qtbot, dialog, folder)
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled(), timeout=30000)
    book = tmp_path / "审查结果.xlsx"
    answer_next_dialog(lambda chooser: type_path(qtbot, chooser, book))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(book.exists)
    rows = list(openpyxl.load_workbook(book)["总览"].iter_rows(values_only=True))
    assert len(rows) == 11 and rows[1][8] == "有错误"
    assert f"已导出 {book}" == dialog.status.text()


def test_cancel_stops_reading_and_reviews_what_was_read(qtbot, window, folder):
    dialog = open_review(qtbot, window)
    choose_folder(qtbot, dialog, folder)
    qtbot.waitUntil(lambda: dialog.progress.value() >= 1, timeout=30000)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    read = dialog.progress.value()
    assert read < 10
    assert dialog.table.rowCount() == read and dialog.status.text().startswith("已取消")
    qtbot.wait(200)
    assert dialog.table.rowCount() == read  # nothing more is read after 取消


def test_the_window_starts_without_the_review_or_the_readers():
    code = (
        "import sys, ui.app, ui.main_window; "
        "print(sorted(m for m in sys.modules if m.startswith(('readers', 'ui.review'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_a_double_click_on_a_file_not_read_says_why(qtbot, window, folder):
    dialog = reviewed(qtbot, window, folder)
    row = column(dialog, 0).index("江州市财政局2022年报.pdf")
    seen = answer_next_dialog(lambda box: box.accept())
    rect = dialog.table.visualItemRect(dialog.table.item(row, 0))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert seen["text"] == "江州市财政局2022年报.pdf 不是有效的 PDF 文件，或已损坏"


# Files read again beside last year's report ----------------------------------------------------

COPIES = [f"青山区2022年报-{n}.txt" for n in (1, 2, 3)]
UNSURE = ATTRIBUTES.index("unsure")


@pytest.fixture
def doubting(tmp_path) -> Path:
    """Three copies of 青山区's 2022 report whose text lost its line breaks (six cells in doubt
    when read alone, none beside last year's), with its 2021 report."""
    folder = tmp_path / "青山区"
    folder.mkdir()
    for name in COPIES:
        shutil.copy(PUBLISHED / "qingshan-2022-one-line.txt", folder / name)
    shutil.copy(REGION / "qingshan-2021.json", folder / "青山区2021年报.json")
    return folder


def watch_and_cancel(qtbot, dialog: ReviewDialog, when) -> list[tuple[int, int, str]]:
    """Record the bar and the status at each move of the bar; once `when(value, status)` holds,
    click 取消 as a clerk's click lands: between two steps of reading."""
    seen: list[tuple[int, int, str]] = []

    def moved(value: int) -> None:
        seen.append((value, dialog.progress.maximum(), dialog.status.text()))
        if when(value, dialog.status.text()):
            dialog.progress.valueChanged.disconnect(moved)
            QTimer.singleShot(
                0, lambda: qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
            )

    dialog.progress.valueChanged.connect(moved)
    return seen


def unsure_by_file(dialog: ReviewDialog) -> dict[str, str]:
    return dict(zip(column(dialog, 0), column(dialog, UNSURE), strict=True))


def test_doubting_files_are_read_again_one_step_each_and_cancel_keeps_the_rest(
    qtbot, window, doubting
):
    dialog = open_review(qtbot, window)
    rereading = "正在对照上年的报告重新读取存疑的"
    seen = watch_and_cancel(qtbot, dialog, lambda value, status: rereading in status and value)
    choose_folder(qtbot, dialog, doubting)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("已取消"), timeout=30000)
    assert seen[-3:] == [  # the bar over the 4 files, then over the 3 to read again
        (4, 4, f"正在读取第 4/4 个文件：{COPIES[2]}"),
        (0, 3, f"正在读取第 4/4 个文件：{COPIES[2]}"),
        (1, 3, f"{rereading}第 1/3 个文件：{COPIES[0]}"),
    ]
    assert dialog.status.text().startswith(
        "已取消：2 个存疑的文件未对照上年的报告重新读取，按初次读取的结果审查了 4 个文件："
    )
    assert unsure_by_file(dialog) == {
        "青山区2021年报.json": "0",
        COPIES[0]: "0",  # read again beside 2021's
        COPIES[1]: "6",  # as first read
        COPIES[2]: "6",
    }
    qtbot.wait(200)
    assert unsure_by_file(dialog)[COPIES[1]] == "6"  # nothing is read after 取消
    assert dialog.folder_button.isEnabled() and not dialog.cancel_button.isEnabled()


def test_cancel_while_reading_reads_nothing_again(qtbot, window, doubting):
    dialog = open_review(qtbot, window)
    watch_and_cancel(qtbot, dialog, lambda value, status: value == 2)  # 2021's and the first copy
    choose_folder(qtbot, dialog, doubting)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("已取消"), timeout=30000)
    assert dialog.status.text().startswith("已取消：只审查了已读取的 2 个文件：")
    assert unsure_by_file(dialog) == {"青山区2021年报.json": "0", COPIES[0]: "6"}


def test_every_doubting_file_is_settled_by_last_years_report(qtbot, window, doubting):
    dialog = open_review(qtbot, window)
    choose_folder(qtbot, dialog, doubting)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("已审查"), timeout=30000)
    assert set(unsure_by_file(dialog).values()) == {"0"}
    assert dialog.progress.value() == dialog.progress.maximum() == 3
