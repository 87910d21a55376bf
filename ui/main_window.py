"""The main window: the report list (the start page) and the report editor, menus, status bar."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from export.errors import ExportError
from models import database
from models.exchange import ExchangeError, read_report, write_report
from models.files import FileWriteError
from models.findings import Severity
from models.i18n import _
from models.report import Report
from models.schema import SCHEMA_VERSION
from models.store import STATUS_LABELS, Store, StoreError
from ui.editor import ReportEditor
from ui.session import ReportSession

SAMPLE = (
    Path(__file__).resolve().parent.parent / "resources" / "samples" / "akqi-education-2021.json"
)
HELP = _(
    "填报说明\n\n"
    "1. 基本信息：填写机关名称、报告年度、成文日期等；可按基本信息生成开头段。\n"
    "2. 表格：直接输入数字，回车下移、Tab 右移；合计自动计算。可从 Excel/WPS 复制粘贴整块数字。\n"
    "3. 每次修改立即保存，无需点「保存」；撤销、重做在关闭程序后仍然有效。\n"
    "4. 红色格子是错误，黄色是提示；下方问题列表双击可跳到对应位置。\n"
    "5. 没有错误后，从「文件 › 导出 PDF」得到正式文本；有错误时只能导出草稿。"
)


class ReportList(QWidget):
    """The start page: every report, and what to do with them; an empty state on first run."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window = window
        self.empty = QLabel(_("还没有年度报告。新建一份，或先打开示例报告看看。"))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("font-size: 16px; color: #444; padding: 24px;")
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [_("编号"), _("机关"), _("年度"), _("状态"), _("最后修改"), _("错误")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(1, 320)
        self.table.setColumnWidth(4, 200)
        self.table.doubleClicked.connect(lambda _i: self._open())
        self.show_bin = QCheckBox(_("回收站"))
        self.show_bin.toggled.connect(lambda _on: self.refresh())
        self.restore_button = QPushButton(_("从回收站恢复"))
        self.restore_button.clicked.connect(lambda: self._with_selected(window.restore_report))
        buttons = QHBoxLayout()
        for text, slot in (
            (_("新建年度报告"), window.new_report),
            (_("打开示例报告"), window.open_sample),
            (_("打开"), self._open),
            (_("复制"), lambda: self._with_selected(window.duplicate_report)),
            (_("新建下一年度"), lambda: self._with_selected(window.next_year)),
            (_("删除"), lambda: self._with_selected(window.delete_report)),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.show_bin)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def refresh(self) -> None:
        in_bin = self.show_bin.isChecked()
        summaries = self.window.store.list_reports(deleted=in_bin)
        self.empty.setVisible(not summaries and not in_bin)
        self.table.setVisible(bool(summaries) or in_bin)
        self.restore_button.setVisible(in_bin)
        self.table.setRowCount(len(summaries))
        for row, s in enumerate(summaries):
            values = [
                str(s.id),
                s.agency or _("（未填机关名称）"),
                str(s.year or ""),
                STATUS_LABELS[s.status],
                s.modified_at[:19].replace("T", " "),
                str(s.error_count),
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, s.id)
                self.table.setItem(row, column, item)

    def selected_id(self) -> int | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def _with_selected(self, action) -> None:
        report_id = self.selected_id()
        if report_id is None:
            self.window.statusBar().showMessage(_("请先在列表中选中一份报告"), 5000)
        else:
            action(report_id)

    def _open(self) -> None:
        self._with_selected(self.window.open_report)


class MainWindow(QMainWindow):
    def __init__(self, store: Store, settings: QSettings | None = None) -> None:
        super().__init__()
        self.store = store
        # Beside the database, not in ~/.config or the Windows registry: all the program keeps is there.
        self.settings = settings or QSettings(
            str(store.path.with_name("nianbao-window.ini")), QSettings.Format.IniFormat
        )
        self.session: ReportSession | None = None
        self.editor: ReportEditor | None = None
        self.setWindowTitle(_("年报填报助手"))
        self.stack = QStackedWidget()
        self.list_page = ReportList(self)
        self.stack.addWidget(self.list_page)
        self.setCentralWidget(self.stack)
        self.summary = QLabel()
        self.saved = QLabel()
        # Text changes on every edit must not re-lay out the window: fixed room for both labels.
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.saved.setMinimumWidth(self.saved.fontMetrics().horizontalAdvance("已保存 00:00:00  "))
        self.statusBar().addWidget(self.summary, 1)
        self.statusBar().addPermanentWidget(self.saved)
        self._menus()
        self.resize(1280, 720)
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        last = self.settings.value("last_report")
        if last is not None and any(s.id == int(last) for s in store.list_reports()):
            self.open_report(int(last))
        else:
            self.show_list()

    # Pages -----------------------------------------------------------------------------------

    def show_list(self) -> None:
        self.list_page.refresh()
        self.stack.setCurrentWidget(self.list_page)
        self.setWindowTitle(_("年报填报助手"))
        self._update_actions()

    def open_report(self, report_id: int) -> None:
        self._close_editor()
        self.session = ReportSession(self.store, report_id)
        self.editor = ReportEditor(self.session)
        self.editor.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        splitter = self.settings.value("splitter")
        if splitter is not None:
            self.editor.restoreState(splitter)
        self.stack.addWidget(self.editor)
        self.stack.setCurrentWidget(self.editor)
        self.session.findings_changed.connect(self._update_summary)
        self.session.saved.connect(
            lambda t: self._set_text(self.saved, _("已保存 {time}").format(time=t))
        )
        self.session.changed.connect(lambda _c: self._update_actions())
        self.session.reopened.connect(
            lambda version: QMessageBox.information(
                self,
                _("定稿已重新打开"),
                _(
                    "这份报告已定稿。刚才的修改使它成为第 {version} 版草稿；"
                    "原来的定稿仍然保存着，可以再次定稿。"
                ).format(version=version),
            )
        )
        self.settings.setValue("last_report", report_id)
        self._update_summary()
        self.saved.setText(_("已保存"))
        self._update_actions()

    def _close_editor(self) -> None:
        if self.editor is not None:
            self.settings.setValue("splitter", self.editor.saveState())
            self.stack.removeWidget(self.editor)
            self.editor.deleteLater()
            self.session.deleteLater()
            self.editor = self.session = None

    # Actions ---------------------------------------------------------------------------------

    def _menus(self) -> None:
        def action(menu, text, slot, shortcut=None):
            act = QAction(text, self)
            if shortcut is not None:
                act.setShortcut(QKeySequence(shortcut))
            act.triggered.connect(slot)
            menu.addAction(act)
            return act

        file = self.menuBar().addMenu(_("文件(&F)"))
        action(file, _("新建年度报告"), self.new_report, QKeySequence.StandardKey.New)
        action(file, _("打开报告列表"), self.show_list, QKeySequence.StandardKey.Open)
        action(file, _("打开示例报告"), self.open_sample)
        self.next_year_action = action(file, _("新建下一年度"), lambda: self.next_year())
        file.addSeparator()
        action(file, _("导入交换文件…"), self.import_json)
        self.export_json_action = action(file, _("导出交换文件…"), self.export_json)
        self.export_pdf_action = action(file, _("导出 PDF…"), self.export_pdf)
        self.print_action = action(file, _("打印…"), self.print_pdf, QKeySequence.StandardKey.Print)
        self.final_action = action(file, _("定稿"), self.finalize)
        file.addSeparator()
        action(file, _("备份与恢复…"), self.choose_backup)
        action(file, _("保存"), self.confirm_saved, QKeySequence.StandardKey.Save)
        action(file, _("退出"), self.close, QKeySequence.StandardKey.Quit)
        edit = self.menuBar().addMenu(_("编辑(&E)"))
        self.undo_action = action(edit, _("撤销"), self.undo, QKeySequence.StandardKey.Undo)
        self.redo_action = action(edit, _("重做"), self.redo, QKeySequence.StandardKey.Redo)
        edit.addSeparator()
        action(edit, _("复制"), lambda: self._table_call("copy_selection"))
        action(edit, _("粘贴"), lambda: self._table_call("paste"))
        help_menu = self.menuBar().addMenu(_("帮助(&H)"))
        action(help_menu, _("填报说明"), lambda: QMessageBox.information(self, _("填报说明"), HELP))
        action(help_menu, _("关于"), self.about)

    def _update_actions(self) -> None:
        has_report = self.session is not None
        for act in (
            self.next_year_action,
            self.export_json_action,
            self.export_pdf_action,
            self.print_action,
            self.final_action,
        ):
            act.setEnabled(has_report)
        self.undo_action.setEnabled(has_report and self.session.can_undo())
        self.redo_action.setEnabled(has_report and self.session.can_redo())

    def _update_summary(self) -> None:
        if self.session is None:
            return
        report = self.session.report
        errors = sum(f.severity is Severity.ERROR for f in self.session.findings)
        hints = len(self.session.findings) - errors
        received = report.values.get("applications.received.total")
        results = report.values.get("applications.results_total.total")
        self.summary.setText(
            _(
                "本年新收申请 {received} 件 · 办理结果 {results} 件 · {errors} 个错误、{hints} 个提示"
            ).format(
                received="—" if received is None else received,
                results="—" if results is None else results,
                errors=errors,
                hints=hints,
            )
        )
        title = f"{report.title} — {_('年报填报助手')}"
        if self.windowTitle() != title:
            self.setWindowTitle(title)

    @staticmethod
    def _set_text(label: QLabel, text: str) -> None:
        if label.text() != text:
            label.setText(text)

    def _table_call(self, name: str) -> None:
        page = self.editor.tabs.currentWidget() if self.editor else None
        view = getattr(page, "view", None)
        if view is not None:
            getattr(view, name)()

    def _guard(self, work) -> bool:
        """Run `work`, turning the errors a clerk can cause into a message box."""
        try:
            work()
        except (StoreError, ExchangeError, FileWriteError, ExportError) as error:
            QMessageBox.warning(self, _("年报填报助手"), str(error))
            return False
        return True

    def new_report(self) -> None:
        name, ok = QInputDialog.getText(self, _("新建年度报告"), _("机关名称："))
        if not ok:
            return
        # Reports are written in January for the year just ended.
        today = date.today()
        year = today.year - 1 if today.month < 7 else today.year
        report = Report(year=year, period_start=date(year, 1, 1), period_end=date(year, 12, 31))
        report.agency.name = report.signing_unit = name.strip()
        self.open_report(self.store.create(report))

    def open_sample(self) -> None:
        """Open the sample report, the copy already made if there is one."""

        def work() -> None:
            sample = read_report(SAMPLE)
            try:
                report_id = self.store.find(sample.agency.name, sample.year)
            except StoreError:
                report_id = self.store.create(sample)
            self.open_report(report_id)

        self._guard(work)

    def duplicate_report(self, report_id: int) -> None:
        self._guard(lambda: self.store.duplicate(report_id))
        self.list_page.refresh()

    def next_year(self, report_id: int | None = None) -> None:
        report_id = report_id or (self.session.report_id if self.session else None)
        if report_id is not None:
            self._guard(lambda: self.open_report(self.store.next_year(report_id)))

    def delete_report(self, report_id: int) -> None:
        answer = QMessageBox.question(self, _("删除"), _("把这份报告移到回收站？"))
        if answer == QMessageBox.StandardButton.Yes:
            self._guard(lambda: self.store.delete(report_id))
            self.list_page.refresh()

    def choose_backup(self) -> None:
        """List the backup copies of the database; put the chosen one back."""
        backups = database.list_backups(self.store.path)
        if not backups:
            QMessageBox.information(
                self, _("备份与恢复"), _("还没有备份。每次打开程序时会自动备份。")
            )
            return
        names = [p.name for p in backups]
        name, ok = QInputDialog.getItem(
            self,
            _("备份与恢复"),
            _("选择要恢复的备份（当前的数据库会另存，不会丢失）："),
            names,
            0,
            False,
        )
        if ok and name:
            self.restore_backup(backups[names.index(name)])

    def restore_backup(self, backup: Path) -> bool:
        """Put a backup copy in place of the database and reopen it; the replaced file is kept."""
        path = self.store.path
        self._close_editor()
        self.store.close()
        try:
            database.restore_backup(backup, path, SCHEMA_VERSION)
            restored = True
        except database.DatabaseError as error:
            QMessageBox.warning(self, _("备份与恢复"), str(error))
            restored = False
        self.store = Store(path, exclusive=True)
        self.show_list()
        if restored:
            self.statusBar().showMessage(_("已恢复备份 {name}").format(name=backup.name), 8000)
        return restored

    def restore_report(self, report_id: int) -> None:
        self._guard(lambda: self.store.restore(report_id))
        self.list_page.refresh()

    def import_json(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("导入交换文件"), "", "JSON (*.json)")
        if path:
            self._guard(lambda: self.open_report(self.store.create(read_report(Path(path)))))

    def export_json(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("导出交换文件"), f"{self.session.report.title}.json", "JSON (*.json)"
        )
        if path:
            self._guard(lambda: write_report(self.session.report, Path(path)))

    def export_pdf(self, path: str | None = None) -> Path | None:
        """Ask where, then write the PDF; a report with 错误 is offered as a draft."""
        errors = [f for f in self.session.findings if f.severity is Severity.ERROR]
        draft = False
        if errors:
            answer = QMessageBox.question(
                self,
                _("导出 PDF"),
                _(
                    "报告还有 {count} 个错误，只能导出草稿（每页有「草稿」字样）。导出草稿吗？"
                ).format(count=len(errors)),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
            draft = True
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self, _("导出 PDF"), f"{self.session.report.title}.pdf", "PDF (*.pdf)"
            )
        if not path:
            return None
        from export.pdf import export_pdf  # reportlab loads only when it is needed

        fingerprint = self.store.fingerprint(self.session.report_id)
        ok = self._guard(
            lambda: export_pdf(
                self.session.report,
                Path(path),
                draft=draft,
                fingerprint=fingerprint,
                findings=self.session.findings,
            )
        )
        if ok:
            self.statusBar().showMessage(_("已导出 {path}").format(path=path), 8000)
        return Path(path) if ok else None

    def print_pdf(self) -> None:
        folder = Path(tempfile.mkdtemp(prefix="nianbao-print-"))
        path = self.export_pdf(str(folder / "report.pdf"))
        if path is not None:
            from ui.preview import show_preview

            show_preview(self, path)

    def finalize(self) -> None:
        if self._guard(lambda: self.store.finalize(self.session.report_id)):
            final = self.store.finals(self.session.report_id)[-1]
            QMessageBox.information(
                self,
                _("定稿"),
                _(
                    "已定稿（第 {version} 版），指纹 {fingerprint}。再修改会成为新的草稿版本。"
                ).format(version=final.version, fingerprint=final.short_fingerprint),
            )

    def undo(self) -> None:
        if self.session is not None:
            self._guard(self.session.undo)
            self._update_actions()

    def redo(self) -> None:
        if self.session is not None:
            self._guard(self.session.redo)
            self._update_actions()

    def confirm_saved(self) -> None:
        self.statusBar().showMessage(_("所有修改都已即时保存。"), 4000)

    def about(self) -> None:
        QMessageBox.about(
            self,
            _("关于"),
            _(
                "年报填报助手\n\n按国办公开办函〔2021〕30号格式填写、核对并打印\n《政府信息公开工作年度报告》。\n数据库：{path}"
            ).format(path=self.store.path),
        )

    def closeEvent(self, event) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        if self.editor is not None:
            self.settings.setValue("splitter", self.editor.saveState())
        super().closeEvent(event)
