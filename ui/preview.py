"""Print preview inside the program: the exported PDF's own pages, rasterised, painted on QPrinter.

Paper and file are the same document: every page is the PDF that 导出 PDF writes, rendered by
pdfium (the pypdfium2 wheel, on every platform and Python the program supports) and drawn over the
whole A4 sheet, so printing needs neither QtPdf nor a PDF viewer.
"""

from __future__ import annotations

import pypdfium2
import pypdfium2.raw as pdfium_c
from PySide6.QtCore import QRectF
from PySide6.QtGui import QGuiApplication, QImage, QPageLayout, QPageSize, QPaintEngine, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

from models.i18n import _

PRINT_DPI = 300
MAX_PREVIEW_DPI = 150  # a preview keeps every page: at 300 dpi a 40-page report took 1.5 GB
# The report is black and grey only (text, rules, the grey 草稿 mark): grey pages are faithful
# and take a quarter of the memory of colour ones.
_FORMATS = {
    pdfium_c.FPDFBitmap_Gray: QImage.Format.Format_Grayscale8,
    pdfium_c.FPDFBitmap_BGR: QImage.Format.Format_BGR888,
    pdfium_c.FPDFBitmap_BGRx: QImage.Format.Format_RGB32,
    pdfium_c.FPDFBitmap_BGRA: QImage.Format.Format_ARGB32,
}


class PdfPages:
    """The pages of a PDF held in memory, as images."""

    def __init__(self, data: bytes) -> None:
        self._pdf = pypdfium2.PdfDocument(data)

    def __len__(self) -> int:
        return len(self._pdf)

    def image(self, index: int, dpi: int = PRINT_DPI) -> QImage:
        """Page `index` (from 0) at `dpi` dots per inch."""
        return bitmap_image(self._pdf[index].render(scale=dpi / 72, grayscale=True))


def bitmap_image(bitmap: pypdfium2.PdfBitmap) -> QImage:
    """A page pdfium rendered, as a QImage owning its pixels (no copy through Pillow)."""
    image = QImage(
        bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, _FORMATS[bitmap.format]
    )
    return image.copy()  # own the pixels: pdfium frees its buffer with the bitmap


def a4_printer() -> QPrinter:
    """A printer set to whole A4 sheets, portrait, as the PDF's pages are."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)  # the PDF's pages carry their own GB/T 9704 margins
    return printer


def paint_pages(pages: PdfPages, printer: QPrinter, dpi: int | None = None) -> int:
    """Draw the pages the print dialog chose (all, or a range such as 3–3) each over a whole
    sheet of `printer`; returns the number of sheets. Pages are rendered at `dpi`, else at
    PRINT_DPI for a printer and at the screen's resolution for the preview."""
    chosen = chosen_pages(printer, len(pages))
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        if dpi is None:
            dpi = preview_dpi() if previewing(painter) else PRINT_DPI
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        sheet = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
        for number, index in enumerate(chosen):
            if number:
                printer.newPage()
            painter.drawImage(sheet, pages.image(index, dpi))
    finally:
        painter.end()
    return len(chosen)


def previewing(painter: QPainter) -> bool:
    """Whether the painter records a print preview (Qt's preview engine records pictures)."""
    engine = painter.paintEngine()
    return engine is not None and engine.type() == QPaintEngine.Type.Picture


def preview_dpi() -> int:
    """The screen's resolution (its pixels, with the device pixel ratio), at most
    MAX_PREVIEW_DPI: pdfium's anti-aliased rendering at the size shown, so that thin strokes
    stay (scaled down from 300 dpi, 「一」 vanished at 100 %)."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return MAX_PREVIEW_DPI
    dpi = screen.logicalDotsPerInch() * screen.devicePixelRatio()
    return max(72, min(MAX_PREVIEW_DPI, round(dpi)))


def chosen_pages(printer: QPrinter, count: int) -> range:
    """The indexes (from 0) of the pages the print dialog's range names; every page otherwise."""
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        last = min(count, printer.toPage() or count)
        return range(printer.fromPage() - 1, last)
    return range(count)


class PrintPreview(QPrintPreviewDialog):
    """Qt's print preview of PDF bytes; its 打印 button opens Qt's print dialog."""

    def __init__(self, data: bytes, title: str, parent=None) -> None:
        self._printer = a4_printer()  # the dialog does not own it: keep it alive here
        self._printer.setDocName(title)
        super().__init__(self._printer, parent)
        self.pages = PdfPages(data)
        self.setWindowTitle(_("打印预览：{title}").format(title=title))
        self.paintRequested.connect(self._paint)
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(900, screen.width()), screen.height() * 9 // 10)

    def _paint(self, printer: QPrinter) -> None:
        paint_pages(self.pages, printer)

    def printed(self) -> str:
        """What 打印 did, in the clerk's words: how many pages went to which printer or file."""
        printer = self._printer
        count = len(chosen_pages(printer, len(self.pages)))
        if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
            return _("已打印 {count} 页到文件 {file}").format(
                count=count, file=printer.outputFileName()
            )
        return _("已把 {count} 页送往打印机「{printer}」").format(
            count=count, printer=printer.printerName()
        )
