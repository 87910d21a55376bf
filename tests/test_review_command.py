"""`main.py review`: a folder of published reports as a supervising office receives it
(tools/make_review_folder.py) reviewed into one workbook, read back with openpyxl."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from models.exchange import read_report
from tests.conftest import CITY, PUBLISHED, REGION, ROOT, main_py
from tools.make_review_folder import make_review_folder

CLEAN_PDF = "江州市人民政府办公室2022年报.pdf"
CLEAN_WORD = "江州市人民政府办公室2022年报.docx"
SUMS = "发改委/江州市发展和改革委员会2022年报.html"
CONTRADICTS = "江州市教育局2022年报.docx"
LAST_YEAR = "青山区/江州市青山区人民政府办公室2021年报.html"
THIS_YEAR = "青山区/青山区人民政府办公室2022年报.docx"
OLD_FORMAT = "青山县人民政府办公室2022年报.pdf"
NOT_A_REPORT = "关于做好春节期间安全生产工作的通知.docx"
DAMAGED = "江州市财政局2022年报.pdf"
SCAN = "江州市审计局2022年报（扫描件）.pdf"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    made = tmp_path_factory.mktemp("review") / "各部门年报"
    make_review_folder(made)
    return made


def overview(book: Path) -> dict[str, dict[str, object]]:
    """总览 as {file: {heading: value}}."""
    rows = list(openpyxl.load_workbook(book)["总览"].iter_rows(values_only=True))
    return {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}


def test_every_file_of_the_folder_is_a_row_with_its_verdict_and_reason(folder, tmp_path):
    book = tmp_path / "审查结果.xlsx"
    result = main_py("review", folder, "-o", book)
    assert result.returncode == 2, result.stderr  # three files could not be read
    assert result.stderr == ""  # piped: no progress line
    assert "10 个文件" in result.stdout and "未能读取 3 份" in result.stdout
    rows = overview(book)
    verdicts = {name: row["结论"] for name, row in rows.items()}
    assert verdicts == {
        CLEAN_PDF: "无问题",
        CLEAN_WORD: "无问题",
        SUMS: "有错误",
        CONTRADICTS: "有提示",
        LAST_YEAR: "无问题",
        THIS_YEAR: "有提示",
        OLD_FORMAT: "有错误",
        NOT_A_REPORT: "未能读取",
        DAMAGED: "未能读取",
        SCAN: "未能读取",
    }
    assert "应为 528（各项之和），现为 533" in rows[SUMS]["原因"]
    assert "文中写「2022年共收到政府信息公开申请17件」" in rows[CONTRADICTS]["原因"]
    assert "报告格式与年度不符" in rows[OLD_FORMAT]["原因"]
    assert "没有找到政府信息公开工作年度报告的内容" in rows[NOT_A_REPORT]["原因"]
    assert "已损坏" in rows[DAMAGED]["原因"]
    assert "扫描件" in rows[SCAN]["原因"] and "文字识别" in rows[SCAN]["原因"]
    assert rows[CLEAN_PDF]["机关名称"] == "江州市人民政府办公室" and rows[CLEAN_PDF]["年度"] == 2022
    assert rows[CLEAN_PDF]["读取格数"] == 200 and rows[CLEAN_PDF]["存疑格数"] == 0
    listed = [row["结论"] for row in rows.values()]
    assert listed == sorted(listed, key=["有错误", "未能读取", "有提示", "无问题"].index)


def test_last_year_of_the_same_agency_is_paired_and_its_copied_text_found(folder, tmp_path):
    book = tmp_path / "审查结果.xlsx"
    main_py("review", folder, "-o", book)
    rows = overview(book)
    assert rows[THIS_YEAR]["上年报告"] == LAST_YEAR  # 「青山区…」 is 「江州市青山区…」
    reason = rows[THIS_YEAR]["原因"].replace(" ", "")
    assert "五、存在的主要问题及改进情况：有1段与2021年报告几乎相同" in reason
    assert all(rows[name]["上年报告"] is None for name in rows if name != THIS_YEAR)


def test_last_year_from_another_folder(folder, tmp_path):
    this_year, last_year = tmp_path / "本年", tmp_path / "上年"
    this_year.mkdir(), last_year.mkdir()
    shutil.copy(folder / THIS_YEAR, this_year)
    shutil.copy(folder / LAST_YEAR, last_year)
    book = tmp_path / "审查结果.xlsx"
    result = main_py("review", this_year, "-o", book, "--previous", last_year)
    assert result.returncode == 0, result.stderr
    rows = overview(book)
    assert list(rows) == ["青山区人民政府办公室2022年报.docx"]  # last year's is no row of its own
    assert (
        rows["青山区人民政府办公室2022年报.docx"]["上年报告"]
        == "江州市青山区人民政府办公室2021年报.html"
    )


def test_last_years_report_settles_numbers_printed_run_together(tmp_path):
    """A report whose text lost its line breaks, beside last year's: the glued cells of table 二
    that several cuts fit are settled by 现行有效 = last year's + 制发 − 废止."""
    this_year, last_year = tmp_path / "本年", tmp_path / "上年"
    this_year.mkdir(), last_year.mkdir()
    shutil.copy(PUBLISHED / "qingshan-2022-one-line.txt", this_year / "青山区2022年报.txt")
    shutil.copy(REGION / "qingshan-2021.json", last_year / "青山区2021年报.json")
    alone, paired = tmp_path / "alone.xlsx", tmp_path / "paired.xlsx"
    assert main_py("review", this_year, "-o", alone).returncode == 0
    result = main_py("review", this_year, "-o", paired, "--previous", last_year)
    assert result.returncode == 0, result.stderr
    before, after = overview(alone)["青山区2022年报.txt"], overview(paired)["青山区2022年报.txt"]
    assert before["存疑格数"] > 0
    assert after["存疑格数"] == 0 and after["上年报告"] == "青山区2021年报.json"


def test_problems_sheet_lists_each_finding_of_each_file(folder, tmp_path):
    book = tmp_path / "审查结果.xlsx"
    main_py("review", folder, "-o", book)
    rows = overview(book)
    problems = list(openpyxl.load_workbook(book)["问题"].iter_rows(values_only=True))
    assert problems[0] == ("文件", "机关名称", "严重程度", "位置", "说明", "涉及存疑格")
    for name, row in rows.items():
        mine = [p for p in problems[1:] if p[0] == name]
        assert sum(p[2] == "错误" for p in mine) == row["错误"], name
        assert sum(p[2] == "提示" for p in mine) == row["提示"], name
    assert ("错误", "基本信息·报告年度") in {(p[2], p[3]) for p in problems if p[0] == OLD_FORMAT}


def test_summed_sheet_adds_the_reports_of_the_year_read_whole_each_agency_once(folder, tmp_path):
    book = tmp_path / "审查结果.xlsx"
    main_py("review", folder, "-o", book)
    lines = [row[0] for row in openpyxl.load_workbook(book)["汇总"].iter_rows(values_only=True)]
    summed = {line.removeprefix("已汇总：") for line in lines if line and line.startswith("已汇总")}
    assert summed == {SUMS, CLEAN_WORD, CONTRADICTS, THIS_YEAR}
    assert any(line and line.startswith(f"未汇总：{CLEAN_PDF}（与 {CLEAN_WORD}") for line in lines)
    assert any(line and line.startswith(f"未汇总：{OLD_FORMAT}（格式为") for line in lines)
    figures = {
        row[1]: row[2] for row in openpyxl.load_workbook(book)["汇总"].iter_rows(values_only=True)
    }
    key = "applications.received.total"
    city, qingshan = read_report(CITY).values[key], read_report(REGION / "qingshan-2022.json")
    expected = 3 * city + 5 + qingshan.values[key]  # 发改委 printed a 总计 5 too high
    assert figures[read_report(CITY).format.cells[key].name] == expected


def test_every_file_read_exits_0_and_the_workbook_in_the_folder_is_not_reviewed(folder, tmp_path):
    reviewed = tmp_path / "两份"
    reviewed.mkdir()
    shutil.copy(folder / CLEAN_PDF, reviewed)
    shutil.copy(folder / CLEAN_WORD, reviewed)
    book = reviewed / "审查结果.xlsx"
    for _run in range(2):  # the second run finds the first one's workbook beside the reports
        result = main_py("review", reviewed, "-o", book)
        assert result.returncode == 0, result.stderr
        assert set(overview(book)) == {CLEAN_PDF, CLEAN_WORD}


def test_an_output_that_cannot_be_written_is_said_without_a_traceback(folder, tmp_path):
    result = main_py("review", folder / CLEAN_PDF, "-o", tmp_path / "没有这个文件夹" / "结果.xlsx")
    assert result.returncode == 2
    assert "无法写入" in result.stderr and "Traceback" not in result.stderr


def test_a_terminal_sees_which_file_is_being_read(folder, tmp_path):
    import os
    import pty

    main_fd, terminal = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "review", str(folder / CLEAN_PDF)]
            + ["-o", str(tmp_path / "结果.xlsx")],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=terminal,
        )
        shown = os.read(main_fd, 4096).decode("utf-8")
    finally:
        os.close(main_fd), os.close(terminal)
    assert result.returncode == 0
    assert f"读取第 1/1 个文件：{CLEAN_PDF}" in shown


def test_an_earlier_review_workbook_in_the_folder_is_not_reviewed(folder, tmp_path):
    reviewed = tmp_path / "两份"
    reviewed.mkdir()
    shutil.copy(folder / CLEAN_WORD, reviewed)
    assert main_py("review", reviewed, "-o", reviewed / "上次的结果.xlsx").returncode == 0
    book = tmp_path / "这次的结果.xlsx"
    result = main_py("review", reviewed, "-o", book)
    assert result.returncode == 0, result.stdout
    assert set(overview(book)) == {CLEAN_WORD}


def test_a_folder_without_reports_says_so_and_writes_nothing(tmp_path):
    (tmp_path / "空").mkdir()
    (tmp_path / "空" / "照片.jpg").write_bytes(b"\xff\xd8")
    result = main_py("review", tmp_path / "空", "-o", tmp_path / "结果.xlsx")
    assert result.returncode == 2
    assert "没有找到要审查的年报" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "结果.xlsx").exists()


def test_a_workbook_named_as_one_of_the_reports_is_refused_and_the_report_kept(folder, tmp_path):
    reviewed = tmp_path / "年报"
    reviewed.mkdir()
    shutil.copy(folder / CLEAN_WORD, reviewed)
    report = reviewed / "江州市统计局2022年报.xlsx"  # published as a workbook
    report.write_bytes(b"PK not really a workbook")
    result = main_py("review", reviewed, "-o", report)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "写入会覆盖它" in result.stderr
    assert report.read_bytes() == b"PK not really a workbook"
