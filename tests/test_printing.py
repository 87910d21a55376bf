"""Printing the exported PDF's pages: the print dialog's page range is honoured."""

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from export.pdf import render_pdf
from ui.preview import PdfPages, a4_printer, paint_pages


def test_a_page_range_of_3_to_3_prints_the_third_page_only(qapp, sample_report, tmp_path):
    data, pages = render_pdf(sample_report)
    printer = a4_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "page3.pdf"))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)  # as the print dialog sets 页码范围
    printer.setFromTo(3, 3)
    assert pages == 8
    assert paint_pages(PdfPages(data), printer, dpi=40) == 1
    assert len(PdfReader(tmp_path / "page3.pdf").pages) == 1


def test_without_a_range_every_page_is_printed(qapp, sample_report, tmp_path):
    data, pages = render_pdf(sample_report)
    printer = a4_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "all.pdf"))
    assert paint_pages(PdfPages(data), printer, dpi=40) == pages
    assert len(PdfReader(tmp_path / "all.pdf").pages) == pages
