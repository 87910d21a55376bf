"""Excel workbooks (.xlsx), with openpyxl: a sheet with a table is read as a table (a merged cell
once, at its top-left), a sheet of one-cell rows as paragraphs.

Before openpyxl loads anything, each sheet's XML is read as a stream (readers/sheet_survey.py):
the extent of the cells that hold something and the merged ranges. A sheet reaching far past any
report's table (a cell at XFD1048576, a range merged over the whole sheet) is refused; the rows
are then read only within that extent. A total written as a formula without a stored result (as
our own Excel export and other programs that do not calculate write them) is computed from the
cells it adds; a formula that cannot be is passed on as its text, which the reading marks 存疑.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from readers.budget import check_package
from readers.sheet_survey import Survey, compute, survey_sheets
from readers.source import Source, SourceRow


def read_xlsx(path: Path) -> Source:
    """The sheets of a workbook, in order."""
    import openpyxl

    with zipfile.ZipFile(path) as package:
        check_package(package, path.name)
        surveys = survey_sheets(package, path.name)
    workbook = openpyxl.load_workbook(str(path), read_only=False, data_only=True)
    formulas = None
    if any(s.uncached for s in surveys.values()):
        formulas = openpyxl.load_workbook(str(path), read_only=False, data_only=False)
    sheets = [
        _rows(
            sheet, surveys.get(sheet.title, Survey()), formulas[sheet.title] if formulas else None
        )
        for sheet in workbook.worksheets
    ]
    ours = [_heading_and_title(rows) for rows in sheets]
    titles = [title for _heading, title in ours if title]
    source = Source("xlsx")
    if titles:  # the program's own export: its title opens the report, as on paper
        source.add_paragraph(titles[0])
    for rows, (heading, title) in zip(sheets, ours, strict=True):
        if titles and not title:
            continue  # in our own export, a sheet without the title (问题清单) is not the report
        if title:  # a section's heading and the report's title above the section's table
            source.add_paragraph(heading)
            rows = rows[2:]
        if any(sum(1 for t in row.cells if t) > 1 for row in rows):
            source.add_table(rows)
        else:
            for row in rows:
                for text in row.cells:
                    for line in text.split("\n"):
                        source.add_paragraph(line)
    return source


def _heading_and_title(rows: list[SourceRow]) -> tuple[str, str]:
    """A sheet that opens with two lines of one cell each, the second a report's title (「…年度
    报告」), as the program's Excel export writes each table: (heading, title); else ("", "")."""
    lines = [[text for text in row.cells if text] for row in rows[:2]]
    if len(lines) == 2 and all(len(line) == 1 for line in lines) and "年度报告" in lines[1][0]:
        return lines[0][0], lines[1][0]
    return "", ""


def _rows(sheet, survey: Survey, formulas) -> list[SourceRow]:
    """The rows of a sheet within the survey's extent, each merged cell once."""
    hidden = {
        (row, column)
        for merged in sheet.merged_cells.ranges
        for row in range(merged.min_row, merged.max_row + 1)
        for column in range(merged.min_col, merged.max_col + 1)
        if (row, column) != (merged.min_row, merged.min_col)
    }

    computing: set[tuple[int, int]] = set()  # formulas being computed: one naming itself fails

    def value(row: int, column: int):
        found = sheet.cell(row, column).value
        if found is None and (row, column) in survey.uncached and formulas is not None:
            formula = formulas.cell(row, column).value
            if (row, column) in computing:
                return str(formula)
            computing.add((row, column))
            found = compute(formula, value)
            computing.discard((row, column))
        return found

    rows = []
    for row in range(1, survey.rows + 1):
        cells = [
            _text(value(row, column))
            for column in range(1, survey.columns + 1)
            if (row, column) not in hidden
        ]
        rows.append(SourceRow(cells))
    return rows


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
