"""The review's workbook (审查结果.xlsx): 总览, one row per file with its verdict and the reason;
问题, every finding of every file; 汇总, the figures of the year summed from the reports read whole.

Takes the plain rows of models/review.py; returns the bytes (the caller writes them atomically).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from xlsxwriter import Workbook

from models.aggregate import aggregate
from models.i18n import _
from models.report import Value
from models.review import BOOK_CATEGORY, ERRORS, HINTS, UNREAD, FileRow, ProblemRow, Review, Summed

FONT_NAME = "仿宋_GB2312"
FILL = {ERRORS: "#FFC7CE", UNREAD: "#D9D9D9", HINTS: "#FFF3B0"}

# (heading, attribute, width) of each sheet's columns
FILE_COLUMNS = (
    (_("文件"), "file", 36),
    (_("机关名称"), "agency", 28),
    (_("年度"), "year", 6),
    (_("格式"), "format", 24),
    (_("读取格数"), "cells", 9),
    (_("存疑格数"), "unsure", 9),
    (_("错误"), "errors", 6),
    (_("提示"), "hints", 6),
    (_("结论"), "verdict", 9),
    (_("原因"), "reason", 70),
    (_("上年报告"), "previous", 30),
)
PROBLEM_COLUMNS = (
    (_("文件"), "file", 36),
    (_("机关名称"), "agency", 28),
    (_("严重程度"), "severity", 9),
    (_("位置"), "where", 36),
    (_("说明"), "message", 90),
    (_("涉及存疑格"), "doubted", 10),
)
SUM_COLUMNS = ((_("表"), 8), (_("项目"), 60), (_("合计"), 12))


def render(result: Review) -> bytes:
    """The workbook's bytes: 总览, 问题 and 汇总."""
    buffer = io.BytesIO()
    book = Workbook(buffer, {"in_memory": True})
    book.set_properties({"title": _("年报审查结果"), "category": BOOK_CATEGORY})
    bold = book.add_format({"font_name": FONT_NAME, "bold": True})
    plain = book.add_format({"font_name": FONT_NAME, "text_wrap": True, "valign": "top"})
    fills = {
        verdict: book.add_format({"font_name": FONT_NAME, "bg_color": color, "valign": "top"})
        for verdict, color in FILL.items()
    }
    overview = _sheet(book, _("总览"), FILE_COLUMNS, bold)
    verdict_column = [attribute for _h, attribute, _w in FILE_COLUMNS].index("verdict")
    for number, row in enumerate(result.files, 1):
        _write_row(overview, number, _cells(row, FILE_COLUMNS), plain)
        overview.write(number, verdict_column, row.verdict, fills.get(row.verdict, plain))
    problems = _sheet(book, _("问题"), PROBLEM_COLUMNS, bold)
    for number, problem in enumerate(result.problems, 1):
        _write_row(problems, number, _cells(problem, PROBLEM_COLUMNS), plain)
    _summed_sheet(book, result.summed, bold, plain)
    book.close()
    return buffer.getvalue()


def _sheet(book: Workbook, name: str, columns: Sequence[tuple], bold: Any) -> Any:
    sheet = book.add_worksheet(name)
    for column, (heading, _attribute, width) in enumerate(columns):
        sheet.write_string(0, column, heading, bold)
        sheet.set_column(column, column, width)
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, 0, len(columns) - 1)
    return sheet


def _cells(row: FileRow | ProblemRow, columns: Sequence[tuple]) -> list[Any]:
    values = [getattr(row, attribute) for _heading, attribute, _width in columns]
    return [(_("是") if value else "") if isinstance(value, bool) else value for value in values]


def _write_row(sheet: Any, number: int, values: list[Any], style: Any) -> None:
    for column, value in enumerate(values):
        if value is None or value == "":
            sheet.write_blank(number, column, None, style)
        elif isinstance(value, (int, Decimal)):
            sheet.write_number(number, column, float(value), style)  # Excel's numbers
        else:
            sheet.write_string(number, column, str(value), style)


def _summed_sheet(book: Workbook, summed: Summed | None, bold: Any, plain: Any) -> None:
    """The sum of the year's reports read whole: which were summed, which not and why, then
    every cell of the year's tables."""
    sheet = book.add_worksheet(_("汇总"))
    for column, (_heading, width) in enumerate(SUM_COLUMNS):
        sheet.set_column(column, column, width)
    if summed is None:
        sheet.write_string(0, 0, _("没有读取到任何报告，无法汇总"), bold)
        return
    lines = [
        _("{year} 年度，{format}：汇总 {count} 份完整读取的报告").format(
            year=summed.year, format=summed.format, count=len(summed.sources)
        ),
        *(_("已汇总：{file}").format(file=name) for name, _report in summed.sources),
        *(_("未汇总：{file}（{why}）").format(file=name, why=why) for name, why in summed.left_out),
    ]
    for number, line in enumerate(lines):
        sheet.write_string(number, 0, line, bold if number == 0 else plain)
    first = len(lines) + 1
    for column, (heading, _width) in enumerate(SUM_COLUMNS):
        sheet.write_string(first, column, heading, bold)
    for number, cells in enumerate(_summed_cells(summed), first + 1):
        _write_row(sheet, number, list(cells), plain)
    sheet.freeze_panes(first + 1, 0)


def _summed_cells(summed: Summed) -> list[tuple[str, str, Value]]:
    """(table, cell as the notice names it, the sum) of every cell of the year's format."""
    if not summed.sources:
        return []
    total = aggregate(list(summed.sources), _("合计"))
    return [
        (ref.table.short_name, ref.name, total.values.get(key, 0))
        for key, ref in total.format.cells.items()
    ]
