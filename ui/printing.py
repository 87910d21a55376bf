"""Getting the report out of the window: 导出 PDF / Word / 网页 / Excel (one flow: save dialog,
then where it went), 打印, and the exchange file.

Every export and 打印 ask the same questions first: a report with 错误 goes out only as a draft, and a final one
with blank table cells (which print as nothing, where the official report shows 0) is confirmed.
"""

from __future__ import annotations

import re
from pathlib import Path

import shiboken6
from PySide6.QtCore import QSettings, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QMainWindow, QMessageBox

from export.writers import WRITERS
from models.exchange import write_report
from models.i18n import _
from ui.library import Library
from ui.session import ReportSession

EXPORT_FOLDER = "export_folder"  # QSettings key: the folder of the last file exported or opened
# suffix → the menu item's title (and its dialogs'), 文件 › 导出 PDF… and its siblings
EXPORT_TITLES = {suffix: writer.menu_title for suffix, writer in WRITERS.items()}
_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|]')


class ReportOutput:
    """The export and print dialogs of one window."""

    def __init__(self, parent: QMainWindow, library: Library, settings: QSettings) -> None:
        self.parent = parent
        self.library = library
        self.settings = settings

    def export(self, session: ReportSession, suffix: str) -> Path | None:
        """导出 PDF / Word / 网页 / Excel: ask where (the 文档 folder, then the last one used),
        write the format `suffix` names, say where it went."""
        title = EXPORT_TITLES[suffix]
        draft = self.choose_draft(session, title)
        if draft is None:
            return None
        writer = WRITERS[suffix]
        filters = [f"{writer.name} (*{suffix})"]
        if writer.archival:  # the archival copy is the format's second file type
            filters.append(f"{writer.archival} (*{suffix})")
        chosen, chosen_filter = QFileDialog.getSaveFileName(
            self.parent, title, self.proposed(session.report.title, suffix), ";;".join(filters)
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        pdfa = chosen_filter in filters[1:]
        if not self.library.succeeds(lambda: session.export(path, draft=draft, pdfa=pdfa)):
            return None
        self.remember(path)
        self._tell_where(title, path, draft)
        return path

    def export_json(self, session: ReportSession) -> Path | None:
        """The report as an exchange file, where the clerk chooses."""
        chosen, _filter = QFileDialog.getSaveFileName(
            self.parent,
            _("导出交换文件"),
            self.proposed(session.report.title, ".json"),
            "JSON (*.json)",
        )
        if not chosen:
            return None
        path = Path(chosen)
        if not self.library.succeeds(lambda: write_report(session.report, path)):
            return None
        self.remember(path)
        self.parent.statusBar().showMessage(_("已导出 {path}").format(path=path), 8000)
        return path

    def print_report(self, session: ReportSession) -> None:
        """The print preview of the PDF 导出 PDF would write; printing goes from there."""
        draft = self.choose_draft(session, _("打印"))
        if draft is None:
            return
        data = self.library.attempt(lambda: session.pdf(draft=draft))
        if data is not None:
            from ui.preview import PrintPreview  # pypdfium2 loads when first printing

            preview = PrintPreview(data, session.report.title, self.parent)
            try:
                if preview.exec() == QDialog.DialogCode.Accepted:  # printed, not just looked at
                    self.parent.statusBar().showMessage(preview.printed(), 15000)
            finally:
                shiboken6.delete(preview)  # its page images are large: not kept with the window

    def choose_draft(self, session: ReportSession, title: str) -> bool | None:
        """True for a draft, False for the final text, None when the clerk says no."""
        errors = session.errors()
        if errors:
            question = _(
                "报告还有 {count} 个错误，只能输出草稿（每页有「草稿」字样）。输出草稿吗？"
            ).format(count=len(errors))
            return True if self._yes(title, question) else None
        blanks = session.blank_cells()
        if blanks:
            question = _(
                "表格中还有 {count} 个空格，印出来是空白（正式报告应填 0）。仍然输出正式文本吗？"
            ).format(count=len(blanks))
            return False if self._yes(title, question) else None
        return False

    def folder(self) -> Path:
        """Where the save dialog opens: the last folder used, else the clerk's 文档 folder."""
        last = self.settings.value(EXPORT_FOLDER)
        if last and Path(last).is_dir():
            return Path(last)
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return Path(documents) if documents and Path(documents).is_dir() else Path.home()

    def remember(self, path: Path) -> None:
        """The next file dialog opens in the folder of `path`, the file last chosen."""
        self.settings.setValue(EXPORT_FOLDER, str(path.parent))

    def proposed(self, name: str, suffix: str) -> str:
        """The file a save dialog proposes: `name` made fit for a file name, in folder()."""
        return str(self.folder() / (_NOT_IN_NAMES.sub("_", name) + suffix))

    def _yes(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(self.parent, title, question)
        return answer == QMessageBox.StandardButton.Yes

    def _tell_where(self, title: str, path: Path, draft: bool) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            title,
            (_("已导出草稿：") if draft else _("已导出：")) + str(path),
            parent=self.parent,
        )
        open_file = box.addButton(_("打开"), QMessageBox.ButtonRole.ActionRole)
        open_folder = box.addButton(_("打开所在文件夹"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        clicked = box.clickedButton()
        box.deleteLater()
        shown = path if clicked is open_file else path.parent if clicked is open_folder else None
        if shown is not None and not QDesktopServices.openUrl(QUrl.fromLocalFile(str(shown))):
            reason = (
                _("这台电脑上没有能打开 {name} 的程序，文件已保存在 {folder}")
                if shown == path
                else _("没能打开文件夹 {folder}，文件已保存在那里")
            )
            self.parent.statusBar().showMessage(
                reason.format(name=path.name, folder=path.parent), 15000
            )
