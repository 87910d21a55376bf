"""Print preview: the exported PDF in QtPdf's viewer, printed page by page as images.

QtPdf comes with the optional PySide6-Pdf wheel; without it the PDF opens in the system viewer.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QPainter
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout

from models.i18n import _


def show_preview(parent, path: Path) -> None:
    try:
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView
    except ImportError:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return
    dialog = QDialog(parent)
    dialog.setWindowTitle(_("打印预览"))
    document = QPdfDocument(dialog)
    document.load(str(path))
    view = QPdfView(dialog)
    view.setDocument(document)
    view.setPageMode(QPdfView.PageMode.MultiPage)
    view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
    print_button = QPushButton(_("打印…"))
    print_button.clicked.connect(lambda: _print(dialog, document))
    close = QPushButton(_("关闭"))
    close.clicked.connect(dialog.accept)
    buttons = QHBoxLayout()
    buttons.addStretch()
    buttons.addWidget(print_button)
    buttons.addWidget(close)
    layout = QVBoxLayout(dialog)
    layout.addWidget(view)
    layout.addLayout(buttons)
    dialog.resize(900, 700)
    dialog.exec()


def _print(parent, document) -> None:
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if QPrintDialog(printer, parent).exec() != QDialog.DialogCode.Accepted:
        return
    painter = QPainter(printer)
    rect = painter.viewport()
    for page in range(document.pageCount()):
        if page:
            printer.newPage()
        image = document.render(page, rect.size())
        painter.drawImage(rect, image)
    painter.end()
