"""Excel workbooks (.xlsx), with openpyxl: a sheet with a table is read as a table (a merged cell
once, at its top-left), a sheet of one-cell rows as paragraphs."""

from __future__ import annotations

from pathlib import Path

from readers.source import Source, SourceRow


def read_xlsx(path: Path) -> Source:
    """The sheets of a workbook, in order."""
    import openpyxl

    workbook = openpyxl.load_workbook(str(path), read_only=False, data_only=True)
    source = Source("xlsx")
    for sheet in workbook.worksheets:
        hidden = {
            (row, column)
            for merged in sheet.merged_cells.ranges
            for row in range(merged.min_row, merged.max_row + 1)
            for column in range(merged.min_col, merged.max_col + 1)
            if (row, column) != (merged.min_row, merged.min_col)
        }
        rows = []
        for cells in sheet.iter_rows():
            rows.append(
                SourceRow([_text(c.value) for c in cells if (c.row, c.column) not in hidden])
            )
        if any(sum(1 for t in row.cells if t) > 1 for row in rows):
            source.add_table(rows)
        else:
            for row in rows:
                for text in row.cells:
                    for line in text.split("\n"):
                        source.add_paragraph(line)
    return source


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
