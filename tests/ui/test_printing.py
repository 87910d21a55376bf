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


def test_the_printer_gets_pages_at_300_dpi(qapp, sample_report, tmp_path):
    data, _pages = render_pdf(sample_report)
    printer = a4_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "first.pdf"))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(1, 1)
    assert paint_pages(PdfPages(data), printer) == 1  # no dpi given: a printer's resolution
    (image,) = PdfReader(tmp_path / "first.pdf").pages[0].images
    width, height = image.image.size
    assert abs(width - 2480) <= 1 and abs(height - 3508) <= 1  # A4 at 300 dpi


def test_the_preview_renders_at_the_screens_resolution(qapp):
    from ui.preview import MAX_PREVIEW_DPI, preview_dpi

    screen = qapp.primaryScreen()
    expected = screen.logicalDotsPerInch() * screen.devicePixelRatio()
    assert preview_dpi() == max(72, min(MAX_PREVIEW_DPI, round(expected)))
