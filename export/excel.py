"""The report as an Excel workbook for colleagues who compare tables: one sheet per official table
in its layout (models/format/layout.py) with the merged headers, totals as formulas that Excel and WPS
recompute, 万元 with its decimals, frozen header rows; and a sheet listing the findings.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from models.aggregate import OVERVIEW_COLUMNS, OverviewRow
from models.checks.check import check
from models.checks.findings import Finding
from models.format.blocks import AMOUNT_PLACES, Section, ValueType
from models.format.layout import Kind, TableLayout, table_layout
from models.i18n import _
from models.report import Report

FONT_NAME = "仿宋_GB2312"
COUNT_FORMAT = "0"
AMOUNT_FORMAT = "0." + "0" * AMOUNT_PLACES
FIRST_ROW = 3  # row 1: the section heading, row 2: the report's title
_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADING_FILL = PatternFill("solid", fgColor="F2F2F2")
FINDING_COLUMNS = (
    _("严重程度"),
    _("规则"),
    _("位置"),
    _("说明"),
    _("左边"),
    _("右边"),
    _("差额"),
)


def render(
    report: Report,
    *,
    draft: bool = False,
    fingerprint: str | None = None,
    findings: list[Finding] | None = None,
) -> bytes:
    """The .xlsx file's bytes."""
    findings = check(report) if findings is None else findings
    book = Workbook()
    book.remove(book.active)
    for section in report.format.sections:
        if section.table is not None:
            _table_sheet(book, report, section, draft)
    _findings_sheet(book, report, findings, fingerprint)
    book.properties.title = report.title
    book.properties.creator = report.agency.name
    return _save(book)


def render_overview(rows: Iterable[OverviewRow]) -> bytes:
    """The overview beside a sum: one row per input report with its key figures and counts."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("汇总概览")
    sheet.append([label for label, _attribute in OVERVIEW_COLUMNS])
    for row in rows:
        sheet.append([getattr(row, attribute) for _label, attribute in OVERVIEW_COLUMNS])
    for column, (label, _attribute) in enumerate(OVERVIEW_COLUMNS, 1):
        sheet.cell(1, column).font = Font(name=FONT_NAME, bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = max(10, 2.2 * len(label))
    sheet.column_dimensions["A"].width = 40
    sheet.freeze_panes = "B2"
    return _save(book)


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _table_sheet(book: Workbook, report: Report, section: Section, draft: bool) -> None:
    table = section.table
    assert table is not None  # only the table sections get a sheet
    layout = table_layout(table)
    sheet = book.create_sheet(table.short_name)
    heading = section.heading + (_("（草稿）") if draft else "")
    for row, text in ((1, heading), (2, report.title)):
        sheet.cell(row, 1, text).font = Font(name=FONT_NAME, size=14 if row == 1 else 11)
        sheet.merge_cells(start_row=row, end_row=row, start_column=1, end_column=layout.columns)
    address = {c.key: _address(c) for c in layout.cells if c.key}
    fmt = report.format
    for cell in layout.cells:
        target = sheet.cell(FIRST_ROW + cell.row, 1 + cell.column)
        if cell.kind is Kind.VALUE:
            target.value = report.values.get(cell.key)
        elif cell.kind is Kind.TOTAL:
            parts = fmt.cells[cell.key].sums()[0][1]
            target.value = "=SUM({})".format(",".join(address[key] for key in parts))
        else:
            target.value = cell.text
            target.fill = _HEADING_FILL
        if cell.key:
            amount = fmt.cells[cell.key].value_type is ValueType.AMOUNT
            target.number_format = AMOUNT_FORMAT if amount else COUNT_FORMAT
        plain_label = cell.kind is Kind.LABEL and cell.rowspan == 1
        target.alignment = Alignment(
            horizontal="left" if plain_label else "center", vertical="center", wrap_text=True
        )
        target.font = Font(name=FONT_NAME, size=10.5, bold=cell.kind is Kind.TOTAL)
        _box(sheet, cell)
        if cell.rowspan > 1 or cell.colspan > 1:
            sheet.merge_cells(
                start_row=target.row,
                start_column=target.column,
                end_row=target.row + cell.rowspan - 1,
                end_column=target.column + cell.colspan - 1,
            )
    _sizes(sheet, layout)
    sheet.freeze_panes = sheet.cell(
        FIRST_ROW + layout.leading_header_rows, 1 + layout.label_columns
    ).coordinate


def _address(cell) -> str:
    return f"{get_column_letter(1 + cell.column)}{FIRST_ROW + cell.row}"


def _box(sheet, cell) -> None:
    """Borders on every cell of a merged range, so the merged box is drawn whole."""
    for row in range(cell.row, cell.row + cell.rowspan):
        for column in range(cell.column, cell.column + cell.colspan):
            sheet.cell(FIRST_ROW + row, 1 + column).border = _BOX


def _sizes(sheet, layout: TableLayout) -> None:
    """Label columns wide enough for the official labels, value columns for seven digits."""
    label_width = {0: 40.0, 1: 40.0, 2: 48.0}.get(layout.label_columns, 40.0)
    for column in range(layout.columns):
        if column < layout.label_columns:
            nested = layout.label_columns > 1 and column < layout.label_columns - 1
            width = 6.0 if nested and column == 0 else 12.0 if nested else label_width
        else:
            width = 11.0
        sheet.column_dimensions[get_column_letter(1 + column)].width = width
    for row in layout.header_rows:
        sheet.row_dimensions[FIRST_ROW + row].height = 30


def _findings_sheet(
    book: Workbook, report: Report, findings: list[Finding], fingerprint: str | None
) -> None:
    sheet = book.create_sheet(_("问题清单"))
    errors = sum(f.severity.value == "错误" for f in findings)
    summary = _("{title}：{errors} 个错误，{hints} 个提示").format(
        title=report.title, errors=errors, hints=len(findings) - errors
    )
    sheet.append([summary])
    if fingerprint:
        sheet.append([_("定稿指纹 {fingerprint}").format(fingerprint=fingerprint)])
    sheet.append(list(FINDING_COLUMNS))
    header_row = sheet.max_row
    fmt = report.format
    for finding in findings:
        where = fmt.cells[finding.location].name if finding.location in fmt.cells else ""
        sheet.append(
            [
                finding.severity.value,
                finding.rule,
                where or finding.location,
                finding.message,
                finding.lhs_value,
                finding.rhs_value,
                finding.difference,
            ]
        )
    for column, width in zip("ABCDEFG", (8, 22, 40, 80, 10, 10, 10), strict=True):
        sheet.column_dimensions[column].width = width
    for cell in sheet[header_row]:
        cell.font = Font(name=FONT_NAME, bold=True)
    sheet.freeze_panes = sheet.cell(header_row + 1, 1).coordinate
