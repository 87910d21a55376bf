"""Where a page may break in the Word file's tables: never one row alone under a repeated header
or above the table's end, never through the label 「三、本年度办理结果」 — read from the file, and
measured in LibreOffice's layout."""

import shutil

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn

from export.page import LEFT_MARGIN, column_widths
from export.writers import export_report
from models.format.layout import table_layout
from tools.export_pages import libreoffice_pdf

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
LABEL = "三、本年度办理结果"


def _breaks(table) -> list[int]:
    """The data rows after which the page may break: no paragraph of the row keeps it with the
    next, and it is not a repeated header row."""
    rows = table._tbl.tr_lst
    allowed = []
    for index, row in enumerate(rows[:-1]):
        header = row.find(f".//{qn('w:tblHeader')}") is not None
        kept = all(p.find(f".//{qn('w:keepNext')}") is not None for p in row.iter(qn("w:p")))
        if not header and not kept:
            allowed.append(index)
    return allowed


def test_no_break_leaves_one_row_alone_under_a_header_or_at_the_end(sample_report, tmp_path):
    document = docx.Document(export_report(sample_report, tmp_path / "r.docx").path)
    for parsed, table in zip(document.tables, sample_report.format.tables(), strict=True):
        head = table_layout(table).leading_header_rows
        if not head:
            continue  # 表二: each block with its own header, kept whole
        rows = len(parsed._tbl.tr_lst)
        for after in _breaks(parsed):
            assert after - head + 1 >= 2, (table.short_name, after)  # under the first header
            assert rows - after - 1 >= 2, (table.short_name, after)  # under the repeated one


def _label_pages(path, centre: float) -> dict[int, str]:
    """The characters of the tall label on each page, read down its column (centred on
    `centre`)."""
    pages: dict[int, str] = {}
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            stacked = [
                c
                for c in page.chars
                if abs((c["x0"] + c["x1"]) / 2 - centre) < 0.5 and c["text"] in LABEL
            ]
            if stacked:
                pages[number] = "".join(c["text"] for c in sorted(stacked, key=lambda c: c["top"]))
    return pages


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("added", [0, 112, 224, 308, 448])
def test_libreoffice_never_splits_the_tall_label_between_pages(sample_report, tmp_path, added):
    """With text added above 表三, its start moves down the page: from 84 to 280 characters the
    label was printed 「三、本」 on one page and 「年度办理结果」 on the next."""
    sample_report.texts["overview_oversight"] += "保" * added
    path = export_report(sample_report, tmp_path / "r.docx").path
    table = sample_report.format.table("applications")
    centre = LEFT_MARGIN + column_widths(table_layout(table), table.print_size)[0] / 2
    pages = _label_pages(libreoffice_pdf(path, tmp_path), centre)
    assert list(pages.values()) == [LABEL], pages
