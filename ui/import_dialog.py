"""导入已发布的年报: what was read, beside the source, for the clerk to correct and save.

Left, the source: the PDF page of the selected value (rendered with pypdfium2), or the document's
tables as text. Right, every value read, with the row and column as printed; the cells the reader
was unsure of are marked and listed first. A value the clerk types there is checked as it is
typed, as in the report's own tables: text, negative numbers and fractions are refused with the
reason (the cell turns red, and keeps what was typed), full-width digits are taken. 保存为报告
stores the corrected report as a new report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.format.blocks import Value
from models.i18n import _
from models.lookup import stored_already
from models.report import InputError, format_value, parse_cell_text
from models.service import ReportService
from models.storage.store import StoreError
from readers import SUFFIXES, ReadError, read_published
from readers.interpret import Reading
from readers.source import Paragraph, SourceTable
from ui.dialogs import open_existing
from ui.fit import fit_dialog


class Folders(Protocol):
    """Where file dialogs open: the folder last used (ui.printing.ReportOutput keeps it)."""

    def folder(self) -> Path: ...

    def remember(self, path: Path) -> None: ...


UNSURE = QColor("#fff3b0")
REFUSED = QColor("#f8d7da")  # as a refused cell of the report's tables
PAGE_WIDTH = 560  # pixels, the rendered PDF page
FILE_PATTERNS = " ".join(f"*{suffix}" for suffix in SUFFIXES)
COLUMNS = (_("项目"), _("读到的值"), _("原文（页·行·列）"), _("存疑"))
VALUE = 1


class ImportDialog(QDialog):
    """Shows a Reading beside its source; accept() stores the corrected report as a new one."""

    def __init__(self, reading: Reading, path: Path, service: ReportService, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("导入已发布的年报：{name}").format(name=reading.source))
        self.reading, self.path, self.service = reading, Path(path), service
        self.report_id: int | None = None
        self.keys = sorted(
            reading.cells, key=lambda k: (not reading.cells[k].unsure, _order(reading, k))
        )
        self.summary = QLabel(reading.summary())
        self.summary.setWordWrap(True)  # a long summary must not widen the dialog past the screen
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.table = self._cell_table()
        self.notes = QListWidget()
        self.notes.addItems(
            reading.notes + [_("未找到：{part}").format(part=m) for m in reading.missing]
        )
        self.page = QLabel()
        self.page.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.shown_page: int | None = None
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            _("保存为报告"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(_("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        right = QWidget()
        column = QVBoxLayout(right)
        for widget in (self.summary, self.table, QLabel(_("说明")), self.notes, self.error):
            column.addWidget(widget)
        column.setStretch(1, 3)
        column.setStretch(3, 1)
        # A PDF is shown as its page; any other file as its text, where the value read is selected.
        self.text_view: QPlainTextEdit | None = (
            None if self.reading.kind == "pdf" else QPlainTextEdit()
        )
        splitter = QSplitter()
        splitter.addWidget(self._source_view())
        splitter.addWidget(right)
        splitter.setSizes([PAGE_WIDTH + 30, 1200 - PAGE_WIDTH - 30])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        layout.addWidget(buttons)
        self.table.currentCellChanged.connect(lambda row, *_args: self._follow(row))
        self.refused: dict[int, str] = {}  # row → why the value typed there is not taken
        self.table.setItemDelegateForColumn(VALUE, TypedValue(self))
        self.table.itemChanged.connect(self._typed)
        fit_dialog(self, QSize(1200, 720))
        if self.keys:
            self.table.setCurrentCell(0, VALUE)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        QTimer.singleShot(0, lambda: self._follow(self.table.currentRow()))

    def _cell_table(self) -> QTableWidget:
        cells = self.reading.report.format.cells
        table = QTableWidget(len(self.keys), len(COLUMNS))
        table.setHorizontalHeaderLabels(list(COLUMNS))
        for row, key in enumerate(self.keys):
            source = self.reading.cells[key]
            where = "·".join(p for p in (_page_name(source.page), source.row, source.column) if p)
            texts = (
                cells[key].name,
                format_value(self.reading.report.values.get(key)),
                where + (f"「{source.text}」" if source.text else ""),
                source.unsure,
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column != VALUE:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if source.unsure:
                    item.setBackground(QBrush(UNSURE))
                table.setItem(row, column, item)
        for index, width in enumerate((230, 80, 300)):
            table.setColumnWidth(index, width)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    def check(self, row: int, text: str) -> Value | None:
        """Whether `text` is a value of the row's cell, said at once beside the table; the
        value, or None when refused (or empty)."""
        cell = self.reading.report.format.cells[self.keys[row]]
        try:
            value = parse_cell_text(text, cell.value_type)
        except InputError as reason:
            self.refused[row] = _("{cell}：{reason}").format(cell=cell.name, reason=reason)
        else:
            self.refused.pop(row, None)
        self.error.setText(self.refused.get(row) or next(iter(self.refused.values()), ""))
        return None if row in self.refused else value

    def _typed(self, item: QTableWidgetItem) -> None:
        """A value committed in the table: checked, the cell red while it is refused, and shown
        as it will be stored (１２ → 12)."""
        if item.column() != VALUE:
            return
        value = self.check(item.row(), item.text())
        self._mark(item.row())
        if item.row() not in self.refused and item.text() != format_value(value):
            item.setText(format_value(value))  # comes back here once, with nothing to change

    def _mark(self, row: int) -> None:
        item = self.table.item(row, VALUE)
        if item is None:
            return
        unsure = self.reading.cells[self.keys[row]].unsure
        color = REFUSED if row in self.refused else UNSURE if unsure else None
        blocked = self.table.blockSignals(True)  # a colour is no typed value
        item.setBackground(QBrush(color) if color is not None else QBrush())
        item.setToolTip(self.refused.get(row, item.text()))
        self.table.blockSignals(blocked)

    def _source_view(self) -> QWidget:
        if self.text_view is None:
            scroll = QScrollArea()
            scroll.setWidget(self.page)
            scroll.setWidgetResizable(True)
            return scroll
        self.text_view.setReadOnly(True)
        self.text_view.setPlainText(_tables_as_text(self.reading))
        return self.text_view

    def _follow(self, row: int) -> None:
        """Show where the selected value was printed: its PDF page, or its row in the text."""
        if row < 0:
            return
        cell = self.reading.cells[self.keys[row]]
        if self.reading.kind != "pdf":
            fmt = self.reading.report.format
            table = fmt.cells[self.keys[row]].table
            heading = next(s.heading for s in fmt.sections if s.table is table)
            self._select_text(heading[2:], cell.row) or self._select_text(
                heading[2:], cell.row[-6:]
            )
            return
        page = cell.page or 1
        if page != self.shown_page:
            self.page.setPixmap(render_page(self.path, page, PAGE_WIDTH))
            self.shown_page = page

    def _select_text(self, heading: str, snippet: str) -> bool:
        """Select the snippet's first place after the table's heading; False when not found."""
        if self.text_view is None:
            return False
        document = self.text_view.document()
        start = document.find(heading)
        found = document.find(snippet, start) if snippet else None
        if found is not None and not found.isNull():
            self.text_view.setTextCursor(found)
            self.text_view.ensureCursorVisible()
            return True
        return False

    def accept(self) -> None:
        """Store the report with the clerk's corrections; a value that is not a number stays."""
        report = self.reading.report
        cells = report.format.cells
        changes = {}
        for row, key in enumerate(self.keys):
            item = self.table.item(row, VALUE)
            text = item.text() if item is not None else ""  # a cell the clerk never filled
            try:
                changes[key] = parse_cell_text(text, cells[key].value_type)
            except InputError:
                self.check(row, text)
                self.table.setCurrentCell(row, VALUE)
                return
        for key, value in changes.items():
            report.set_value(key, value)
        year = report.year  # a file that names no year is never the same as a stored report
        existing = (
            None if year is None else stored_already(self.service.store, report.agency.name, year)
        )
        if year is not None and existing is not None:  # read twice: open the one stored first
            title = _("导入已发布的年报")
            if open_existing(self, title, report.agency.name, year, existing):
                self.report_id = existing
                super().accept()
            return
        try:
            self.report_id = self.service.add(report)
        except StoreError as refusal:  # the database refused: say so here, keep what was read
            self.error.setText(str(refusal))
            return
        super().accept()


class TypedValue(QStyledItemDelegate):
    """The editor of a 读到的值 cell: each key typed is checked (ImportDialog.check)."""

    def __init__(self, dialog: ImportDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self._rows: dict[QWidget, int] = {}  # each open editor's row
        self.closeEditor.connect(self._closed)

    def createEditor(self, parent: QWidget, option, index) -> QWidget:  # noqa: N802 (Qt's name)
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            row = index.row()
            self._rows[editor] = row
            editor.textEdited.connect(lambda text: self._check(editor, row, text))
        return editor

    def _closed(self, editor: QWidget, _hint) -> None:
        """Esc took the typing back: what the cell holds is what counts again."""
        row = self._rows.pop(editor, None)
        if row is not None and (item := self.dialog.table.item(row, VALUE)) is not None:
            self.dialog.check(row, item.text())

    def _check(self, editor: QLineEdit, row: int, text: str) -> None:
        """The reason beside the table, the editor red while what is typed is refused (the
        item itself is left alone: a change to it would put its old text back in the editor)."""
        self.dialog.check(row, text)
        editor.setStyleSheet(f"background: {REFUSED.name()};" if row in self.dialog.refused else "")


def import_published(
    parent: QWidget | None,
    service: ReportService,
    path: Path | None = None,
    output: Folders | None = None,
) -> int | None:
    """文件 › 导入已发布的年报…: choose a file (in the folder last used, else 文档), read it, show
    what was read; the id of the report the clerk saved, or None. A file that cannot be read is one
    sentence in a message box."""
    if path is None:
        folder = str(output.folder()) if output is not None else ""
        chosen, _filter = QFileDialog.getOpenFileName(
            parent, _("导入已发布的年报"), folder, _("已发布的年报") + f" ({FILE_PATTERNS})"
        )
        if not chosen:
            return None
        path = Path(chosen)
        if output is not None:
            output.remember(path)
    try:
        reading = read_published(Path(path))
    except ReadError as error:
        QMessageBox.warning(parent, _("导入已发布的年报"), str(error))
        return None
    dialog = ImportDialog(reading, Path(path), service, parent)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        return dialog.report_id
    return None


def render_page(path: Path, number: int, width: int = 0) -> QPixmap:
    """Page `number` (from 1) of a PDF as a picture `width` pixels wide."""
    import pypdfium2 as pdfium

    from ui.preview import bitmap_image  # pdfium loads when a page is first shown

    document = pdfium.PdfDocument(str(path))
    try:
        page = document[number - 1]
        bitmap = page.render(scale=(width or PAGE_WIDTH) / page.get_width())
        return QPixmap.fromImage(bitmap_image(bitmap))
    finally:
        document.close()


def _order(reading: Reading, key: str) -> int:
    return list(reading.report.format.cells).index(key)


def _page_name(page: int | None) -> str:
    return _("第 {page} 页").format(page=page) if page else ""


def _tables_as_text(reading: Reading) -> str:
    """The document's tables, a row a line; a text file as it is."""
    if reading.kind == "text" and reading.document:
        return "\n".join(i.text for i in reading.document.items if isinstance(i, Paragraph))
    lines = []
    for item in reading.document.items if reading.document else []:
        if isinstance(item, SourceTable):
            lines.append(_("—— 表格 {number} ——").format(number=item.number))
            lines += [" | ".join(" ".join(c.split()) for c in row.cells) for row in item.rows]
    return "\n".join(lines) or "\n".join(
        f"{c.row} | {c.column} | {c.text}" for c in reading.cells.values()
    )
