"""The report as an Excel workbook for colleagues who compare tables: one sheet per official table
in its layout (models/format/layout.py) with the merged headers, totals as formulas that Excel and WPS
recompute, 万元 with its decimals, frozen header rows, a print setup; and a sheet of the findings.

Written with XlsxWriter, which stores each formula's computed value beside it (openpyxl cannot):
readers other than Excel (previews, LibreOffice without recalculation, openpyxl, a portal's
converter) show the totals instead of blanks. openpyxl stays for reading workbooks (readers/).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from xlsxwriter import Workbook
from xlsxwriter.utility import xl_rowcol_to_cell

from export.outcome import ExportOptions, ExportResult
from models.aggregate import OVERVIEW_COLUMNS, OverviewRow
from models.checks.check import check
from models.checks.findings import Finding, counts
from models.checks.text_rules import location_name
from models.files import write_atomically
from models.format.blocks import AMOUNT_PLACES, Section, ValueType
from models.format.layout import GridCell, Kind, TableLayout, table_layout
from models.i18n import _
from models.report import Report, Value

FONT_NAME = "仿宋_GB2312"
COUNT_FORMAT = "0"
AMOUNT_FORMAT = "0.00" + "#" * (AMOUNT_PLACES - 2)  # 万元: two decimals, up to six as typed
FIRST_ROW = 3  # row 1: the section heading, row 2: the report's title (1-based, as Excel shows)
HEADING_FILL = "#F2F2F2"
MISMATCH_FILL = "#FFC7CE"  # a typed total that is not the sum of its parts
FINDING_COLUMNS = (_("严重程度"), _("位置"), _("说明"), _("左边"), _("右边"), _("差额"))

Writer = Callable[[Any, int, int, Any], None]  # (sheet, row, column, format)


def write(report: Report, path: Path, options: ExportOptions) -> ExportResult:
    """The workbook at `path`, written atomically (export.writers' registry calls it)."""
    data = render(
        report, draft=options.draft, fingerprint=options.fingerprint, findings=options.findings
    )
    write_atomically(path, data)
    return ExportResult(path)


def render(
    report: Report,
    *,
    draft: bool = False,
    fingerprint: str | None = None,
    findings: list[Finding] | None = None,
) -> bytes:
    """The .xlsx file's bytes."""
    findings = check(report) if findings is None else findings
    buffer = io.BytesIO()
    book = Workbook(buffer, {"in_memory": True})
    book.set_properties({"title": report.title, "author": report.agency.name})
    styles = _Styles(book)
    for section in report.format.sections:
        if section.table is not None:
            _table_sheet(book, styles, report, section, draft)
    _findings_sheet(book, styles, report, findings, fingerprint)
    book.close()
    return buffer.getvalue()


def render_overview(rows: Iterable[OverviewRow]) -> bytes:
    """The overview beside a sum: one row per input report with its key figures and counts."""
    buffer = io.BytesIO()
    book = Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(_("汇总概览"))
    bold = book.add_format({"font_name": FONT_NAME, "bold": True})
    for column, (label, _attribute) in enumerate(OVERVIEW_COLUMNS):
        sheet.write_string(0, column, label, bold)
        sheet.set_column(column, column, 40 if column == 0 else max(10, 2.2 * len(label)))
    for number, row in enumerate(rows, 1):
        for column, (_label, attribute) in enumerate(OVERVIEW_COLUMNS):
            sheet.write(number, column, _number(getattr(row, attribute)))
    sheet.freeze_panes(1, 1)
    book.close()
    return buffer.getvalue()


class _Styles:
    """The workbook's cell formats, each made once (XlsxWriter keeps every format it is given)."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self._made: dict[tuple, Any] = {}

    def get(self, **properties: Any) -> Any:
        key = tuple(sorted(properties.items()))
        if key not in self._made:
            self._made[key] = self.book.add_format({"font_name": FONT_NAME, **properties})
        return self._made[key]


def _table_sheet(
    book: Workbook, styles: _Styles, report: Report, section: Section, draft: bool
) -> None:
    table = section.table
    assert table is not None  # only the table sections get a sheet
    layout = table_layout(table)
    sheet = book.add_worksheet(table.short_name)
    heading = section.heading + (_("（草稿）") if draft else "")
    last_column = layout.columns - 1
    sheet.merge_range(0, 0, 0, last_column, heading, styles.get(font_size=14))
    sheet.merge_range(1, 0, 1, last_column, report.title, styles.get(font_size=11))
    totals = _Totals(report, layout)
    for cell in layout.cells:
        row, column = FIRST_ROW - 1 + cell.row, cell.column
        style, write = _cell_content(styles, report, cell, totals)
        if cell.rowspan > 1 or cell.colspan > 1:
            last = (row + cell.rowspan - 1, column + cell.colspan - 1)
            sheet.merge_range(row, column, *last, "", style)
        write(sheet, row, column, style)
    _page_setup(sheet, report, layout)


def _cell_content(
    styles: _Styles, report: Report, cell: GridCell, totals: _Totals
) -> tuple[Any, Writer]:
    """The cell's format, and how to write it: a label, a number, or a formula with its value."""
    box: dict[str, Any] = {"border": 1, "valign": "vcenter", "text_wrap": True, "font_size": 10.5}
    box["align"] = "left" if cell.kind is Kind.LABEL and cell.rowspan == 1 else "center"
    if not cell.key:
        return styles.get(bg_color=HEADING_FILL, **box), _text(cell.text)
    amount = report.format.cells[cell.key].value_type is ValueType.AMOUNT
    box["num_format"] = AMOUNT_FORMAT if amount else COUNT_FORMAT
    if cell.kind is Kind.VALUE:
        return styles.get(**box), _value(_number(report.values.get(cell.key)))
    if totals.mismatched(cell.key):  # a draft's typed total: shown as typed and marked, as printed
        note = _("填报的合计与各项之和 {sum} 不符").format(sum=_shown(totals.sum(cell.key)))
        style = styles.get(bold=True, bg_color=MISMATCH_FILL, **box)
        return style, _value(_number(report.values[cell.key]), note)
    formula = "=SUM({})".format(",".join(totals.address[key] for key in totals.parts(cell.key)))
    result = _number(totals.value(cell.key))
    style = styles.get(bold=True, **box)
    return style, lambda sheet, r, c, f: sheet.write_formula(r, c, formula, f, result)


def _text(text: str) -> Writer:
    return lambda sheet, r, c, f: sheet.write_string(r, c, text, f)


def _value(value: Any, note: str | None = None) -> Writer:
    def write(sheet, r: int, c: int, f) -> None:
        if value is None:
            sheet.write_blank(r, c, None, f)
        else:
            sheet.write_number(r, c, value, f)
        if note:
            sheet.write_comment(r, c, note)

    return write


class _Totals:
    """The value each cell shows: a typed value, or a total's sum of what its parts show."""

    def __init__(self, report: Report, layout: TableLayout) -> None:
        self.report = report
        self.address = {
            c.key: xl_rowcol_to_cell(FIRST_ROW - 1 + c.row, c.column) for c in layout.cells if c.key
        }
        self.kinds = {c.key: c.kind for c in layout.cells if c.key}

    def parts(self, key: str) -> tuple[str, ...]:
        return self.report.format.cells[key].sums()[0][1]

    def sum(self, key: str) -> Value:
        total: Value = 0
        for part in self.parts(key):
            total += self.value(part) or 0
        return total

    def mismatched(self, key: str) -> bool:
        typed = self.report.values.get(key)
        return typed is not None and typed != self.sum(key)

    def value(self, key: str) -> Value | None:
        if self.kinds.get(key) is not Kind.TOTAL or self.mismatched(key):
            return self.report.values.get(key)
        return self.sum(key)


def _number(value: Any) -> Any:
    """A number as the workbook stores it: an amount's Decimal as a float (Excel's numbers)."""
    return float(value) if isinstance(value, Decimal) else value


def _shown(value: Value) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def _page_setup(sheet, report: Report, layout: TableLayout) -> None:
    """Column widths, frozen headers, and printing: A4 landscape, one page wide, the header rows
    on every page, the report's title in the page header."""
    label_width = {0: 40.0, 1: 40.0, 2: 48.0}.get(layout.label_columns, 40.0)
    for column in range(layout.columns):
        if column < layout.label_columns:
            nested = layout.label_columns > 1 and column < layout.label_columns - 1
            width = 6.0 if nested and column == 0 else 12.0 if nested else label_width
        else:
            width = 11.0
        sheet.set_column(column, column, width)
    for row in layout.header_rows:
        sheet.set_row(FIRST_ROW - 1 + row, 30)
    header = layout.leading_header_rows
    sheet.freeze_panes(FIRST_ROW - 1 + header, layout.label_columns)
    sheet.set_paper(9)  # A4
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    if header:
        sheet.repeat_rows(FIRST_ROW - 1, FIRST_ROW - 2 + header)
    sheet.set_header("&C" + report.title.replace("&", "&&"))


def _findings_sheet(
    book: Workbook,
    styles: _Styles,
    report: Report,
    findings: list[Finding],
    fingerprint: str | None,
) -> None:
    """Every finding as the clerk reads it: severity, where, what (no internal rule ids)."""
    sheet = book.add_worksheet(_("问题清单"))
    errors, hints, acknowledged = counts(findings)
    summary = _("{title}：{errors} 个错误，{hints} 个提示，{acknowledged} 个已核实").format(
        title=report.title, errors=errors, hints=hints, acknowledged=acknowledged
    )
    rows: list[list[Any]] = [[summary]]
    if fingerprint:
        rows.append([_("定稿指纹 {fingerprint}").format(fingerprint=fingerprint)])
    rows.append(list(FINDING_COLUMNS))
    header_row = len(rows) - 1
    fmt = report.format
    for finding in findings:
        severity = finding.severity.value
        if finding.acknowledged is not None:  # as check prints it: 提示（已核实：说明）
            severity += _("（已核实：{note}）").format(note=finding.acknowledged)
        values = (finding.lhs_value, finding.rhs_value, finding.difference)
        rows.append(
            [severity, location_name(fmt, finding.location), finding.message]
            + [_number(v) for v in values]
        )
    plain, bold = styles.get(), styles.get(bold=True)
    for number, row in enumerate(rows):
        for column, value in enumerate(row):
            sheet.write(number, column, value, bold if number == header_row else plain)
    for column, width in enumerate((8, 40, 80, 10, 10, 10)):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(header_row + 1, 0)
