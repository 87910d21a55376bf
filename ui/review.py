"""文件 › 审查已发布的年报…: a folder (or files) of published reports read one file per step of the
event loop, then each file whose reading doubted cells read again beside last year's report of its
agency, one per step too — the window stays responsive, the status says which file is read, and
取消 stops it (a file not read again keeps its first reading) — then the 总览 as a table, 有错误
first, sortable by any column. Double-click a row to see that report read beside its source (the
import dialog, which can store it); 导出审查结果… writes the workbook `main.py review` writes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from export.review_book import FILE_COLUMNS, FILL, render
from models.files import FileWriteError, write_atomically
from models.i18n import _
from models.report import Report
from models.review import UNREAD, VERDICTS, FileRow, ReadFile, Review, review
from models.service import ReportService
from readers import ReadError, read_published
from readers.batch import (
    EXCHANGE,
    REVIEWED,
    Reread,
    published_files,
    read_for_review,
    reread,
    rereads,
)
from ui.fit import fit_dialog
from ui.import_dialog import Folders, ImportDialog

TITLE = _("审查已发布的年报")
BOOK_NAME = _("审查结果.xlsx")
FILE_PATTERNS = " ".join(f"*{suffix}" for suffix in REVIEWED)
ATTRIBUTES = [attribute for _heading, attribute, _width in FILE_COLUMNS]
VERDICT, REASON = ATTRIBUTES.index("verdict"), ATTRIBUTES.index("reason")
PATH_ROLE = Qt.ItemDataRole.UserRole
# pixels of each column: the reason, what the clerk reads, gets the room the format name does not
WIDTHS = {"file": 240, "agency": 180, "year": 48, "format": 90, "verdict": 72, "reason": 420}
COLOURS = {verdict: QColor(colour) for verdict, colour in FILL.items()}  # as in the workbook


class _Sorted(QTableWidgetItem):
    """A cell sorted by its key (a verdict by its rank, 有错误 first; a count as a number)."""

    def __init__(self, text: str, key: object) -> None:
        super().__init__(text)
        self.key = key

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.key, getattr(other, "key", None)
        if type(mine) is not type(theirs):
            return str(mine) < str(theirs)
        return mine < theirs  # type: ignore[operator]


class ReviewDialog(QDialog):
    """Choose what to review, watch it read, read the 总览, open a row, export the workbook."""

    def __init__(
        self,
        service: ReportService,
        output: Folders,
        parent: QWidget | None = None,
        saved: Callable[[int], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.service, self.output, self.saved = service, output, saved
        self.paths: dict[str, Path] = {}
        self.pending: list[tuple[Path, str]] = []  # files not read yet
        self.read: list[ReadFile] = []
        self.rereads: list[Reread] = []  # files read, to read again beside last year's report
        self.outcome: Review | None = None
        self.folder_button = QPushButton(_("选择文件夹…"))
        self.files_button = QPushButton(_("选择文件…"))
        self.export_button = QPushButton(_("导出审查结果…"))
        self.cancel_button = QPushButton(_("取消"))
        self.status = QLabel(_("选择要审查的文件夹（含子文件夹）或文件"))
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.table = self._table()
        self.folder_button.clicked.connect(self.choose_folder)
        self.files_button.clicked.connect(self.choose_files)
        self.export_button.clicked.connect(self.export)
        self.cancel_button.clicked.connect(self.cancel)
        self.table.cellDoubleClicked.connect(lambda row, _column: self.open_row(row))
        self._lay_out()
        self._reading(False)
        fit_dialog(self, QSize(1200, 680))

    def _table(self) -> QTableWidget:
        table = QTableWidget(0, len(FILE_COLUMNS))
        table.setHorizontalHeaderLabels([heading for heading, _a, _w in FILE_COLUMNS])
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, attribute in enumerate(ATTRIBUTES):
            table.setColumnWidth(column, WIDTHS.get(attribute, 64))
        # what the clerk reads first, the verdict and its reason, right after the year
        for place, column in enumerate((VERDICT, REASON), ATTRIBUTES.index("year") + 1):
            header.moveSection(header.visualIndex(column), place)
        return table

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        for button in (self.folder_button, self.files_button):
            top.addWidget(button)
        top.addWidget(self.progress, 1)
        top.addWidget(self.cancel_button)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.export_button)
        close = QPushButton(_("关闭"))
        close.clicked.connect(self.close)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    def _reading(self, busy: bool) -> None:
        """While reading, only 取消 works; the bar shows how far it is."""
        self.cancel_button.setEnabled(busy)
        self.progress.setTextVisible(busy)
        for button in (self.folder_button, self.files_button, self.export_button):
            button.setEnabled(
                not busy and (button is not self.export_button or self.outcome is not None)
            )

    def choose_folder(self) -> None:
        """选择文件夹…: review every report in a folder and its sub-folders."""
        chosen = QFileDialog.getExistingDirectory(self, TITLE, str(self.output.folder()))
        if chosen:
            self.output.remember(Path(chosen))  # the next dialog, and the workbook, beside it
            self.start([Path(chosen)])

    def choose_files(self) -> None:
        """选择文件…: review the files chosen."""
        chosen, _filter = QFileDialog.getOpenFileNames(
            self, TITLE, str(self.output.folder()), _("已发布的年报") + f" ({FILE_PATTERNS})"
        )
        if chosen:
            self.output.remember(Path(chosen[0]))
            self.start([Path(name) for name in chosen])

    def start(self, paths: list[Path]) -> None:
        """Find the files and read them, one per step of the event loop."""
        self.pending = published_files(paths)
        if not self.pending:
            self.status.setText(
                _("没有找到要审查的年报：所选之处没有 {suffixes} 文件").format(
                    suffixes="、".join(REVIEWED)
                )
            )
            return
        self.paths = {name: path for path, name in self.pending}
        self.read, self.rereads, self.outcome = [], [], None
        self.table.setRowCount(0)
        self.progress.setRange(0, len(self.pending))
        self.progress.setValue(0)
        self._reading(True)
        self._announce()
        QTimer.singleShot(0, self._step)

    def _step(self) -> None:
        """Read the next file; once all are read, read again the next doubting one."""
        if not self.cancel_button.isEnabled():  # 取消 was pressed
            return
        if self.pending:
            path, name = self.pending.pop(0)
            self.read.append(read_for_review(path, name))
            self.progress.setValue(len(self.read))
            if not self.pending:
                self._plan_rereads()
        elif self.rereads:
            again = self.rereads.pop(0)
            self.read[again.index] = reread(self.read[again.index], again)
            self.progress.setValue(self.progress.value() + 1)
        if not self.pending and not self.rereads:
            self._finish(_("已审查 {count} 个文件：{tally}"))
            return
        self._announce()
        QTimer.singleShot(0, self._step)

    def _plan_rereads(self) -> None:
        """The files whose reading doubted cells, to read again beside last year's report."""
        self.rereads = rereads(self.read, [self.paths[file.name] for file in self.read])
        self.progress.setRange(0, len(self.rereads))
        self.progress.setValue(0)

    def _announce(self) -> None:
        """Say which file the next step reads (shown while it reads)."""
        if self.pending:
            text = _("正在读取第 {n}/{count} 个文件：{name}")
            name = self.pending[0][1]
        else:
            text = _("正在对照上年的报告重新读取存疑的第 {n}/{count} 个文件：{name}")
            name = self.read[self.rereads[0].index].name
        n, count = self.progress.value() + 1, self.progress.maximum()
        self.status.setText(text.format(n=n, count=count, name=name))

    def cancel(self) -> None:
        """取消: stop reading; the files read so far are reviewed, as first read when 取消 came
        before they were read again."""
        if self.pending:
            message = _("已取消：只审查了已读取的 {count} 个文件：{tally}")
        else:
            message = _(
                "已取消：{left} 个存疑的文件未对照上年的报告重新读取，按初次读取的结果审查了 "
                "{count} 个文件：{tally}"
            )
        left = len(self.rereads)
        self.pending, self.rereads = [], []
        self._finish(message, left)

    def _finish(self, message: str, left: int = 0) -> None:
        self.outcome = review(self.read)
        tally = "，".join(
            f"{verdict} {count} 份" for verdict, count in self.outcome.tally().items()
        )
        self.status.setText(message.format(count=len(self.read), tally=tally, left=left))
        self._show(self.outcome.files)
        self._reading(False)

    def _show(self, rows: list[FileRow]) -> None:
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(rows))
        for number, row in enumerate(rows):
            for column, (_heading, attribute, _width) in enumerate(FILE_COLUMNS):
                value = getattr(row, attribute)
                key = (VERDICTS.index(value), row.file) if column == VERDICT else value
                item = _Sorted("" if value is None else str(value), key)
                item.setToolTip(str(value or ""))
                item.setData(PATH_ROLE, row.file)
                if column == VERDICT and value in COLOURS:
                    item.setBackground(COLOURS[value])
                self.table.setItem(number, column, item)
        self.table.setSortingEnabled(True)
        self.table.sortItems(VERDICT, Qt.SortOrder.AscendingOrder)

    def open_row(self, row: int) -> None:
        """The report of the row read beside its source (the import dialog); or why it cannot be."""
        item = self.table.item(row, 0)
        if item is None or self.outcome is None:
            return
        name = item.data(PATH_ROLE)
        path = self.paths[name]
        verdict = self._text(row, VERDICT)
        if verdict == UNREAD or path.suffix.lower() == EXCHANGE:
            reason = self._text(row, REASON)
            QMessageBox.information(self, TITLE, reason or _("交换文件没有可对照的原文"))
            return
        try:  # read as the review read it: beside last year's report of the agency, if paired
            reading = read_published(path, self._last_year(name))
        except ReadError as error:  # changed on disk since it was reviewed
            QMessageBox.warning(self, TITLE, str(error))
            return
        dialog = ImportDialog(reading, path, self.service, self)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.report_id is not None:
            self.status.setText(_("已保存为报告 {id}").format(id=dialog.report_id))
            if self.saved is not None:
                self.saved(dialog.report_id)

    def _last_year(self, name: str) -> Report | None:
        """The report the review paired with the file `name` as last year's, if any."""
        assert self.outcome is not None
        previous = next((row.previous for row in self.outcome.files if row.file == name), None)
        last = next((file for file in self.read if file.name == previous), None)
        return last.report if last is not None else None

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def export(self) -> None:
        """导出审查结果…: the workbook, written atomically; a file that cannot be written said."""
        if self.outcome is None:
            return
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("导出审查结果"), str(self.output.folder() / BOOK_NAME), "Excel (*.xlsx)"
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        try:
            write_atomically(path, render(self.outcome))
        except FileWriteError as error:
            QMessageBox.warning(self, _("导出审查结果"), str(error))
            return
        self.output.remember(path)
        self.status.setText(_("已导出 {path}").format(path=path))


def show_review(
    parent: QWidget, service: ReportService, output: Folders, saved: Callable[[int], object]
) -> ReviewDialog:
    """Open the review beside the window (not modal: the clerk may go on working)."""
    dialog = ReviewDialog(service, output, parent, saved)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
