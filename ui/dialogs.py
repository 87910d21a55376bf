"""The window's small dialogs: a new report (机关名称 and 年度), and 备份与恢复."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.i18n import _
from models.lookup import already_sentence
from models.report import date_text
from models.storage.backup_info import BackupInfo
from models.version import version
from ui.fit import fit_dialog
from ui.library import default_year


class NewReportDialog(QDialog):
    """Asks for the agency and the year; the statistics period follows the year."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("新建年度报告"))
        self.agency = QLineEdit()
        self.agency.setPlaceholderText(_("如：某某县教育局"))
        self.year = QSpinBox()
        self.year.setRange(2008, 2100)  # the 条例 took effect in 2008
        self.year.setValue(default_year())
        self.period = QLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(_("机关名称："), self.agency)
        form.addRow(_("报告年度："), self.year)
        form.addRow(_("统计期限："), self.period)
        form.addRow(self.buttons)
        self.agency.textChanged.connect(self._update)
        self.year.valueChanged.connect(self._update)
        self._update()
        fit_dialog(self, QSize(460, self.sizeHint().height()))

    def _update(self) -> None:
        year = self.year.value()
        self.period.setText(
            _("{start}至{end}").format(
                start=date_text(date(year, 1, 1)), end=date_text(date(year, 12, 31))
            )
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.agency.text().strip()))

    @classmethod
    def ask(cls, parent: QWidget | None) -> tuple[str, int] | None:
        """(机关名称, 年度), or None when the clerk cancels."""
        dialog = cls(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.agency.text().strip(), dialog.year.value()


def open_existing(
    parent: QWidget | None, title: str, agency: str, year: int, report_id: int
) -> bool:
    """Ask whether to open the agency's report for the year that exists already."""
    box = QMessageBox(QMessageBox.Icon.Question, title, already_sentence(agency, year, report_id))
    box.setParent(parent, box.windowFlags())
    open_button = box.addButton(_("打开它"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("取消"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(open_button)
    box.exec()
    return box.clickedButton() is open_button


def reopen_final(parent: QMainWindow, version: int) -> bool:
    """Before the first change of a 定稿: make it draft version+1 (True), or keep the 定稿 and
    say so in the status bar (False)."""
    answer = QMessageBox.question(
        parent,
        _("修改定稿"),
        _(
            "这份报告已定稿（第 {version} 版）。修改会使它成为第 {next} 版草稿，"
            "原来的定稿仍然保存着，可以再次定稿；撤销这些修改会回到定稿。\n\n要修改吗？"
        ).format(version=version, next=version + 1),
    )
    if answer == QMessageBox.StandardButton.Yes:
        return True
    parent.statusBar().showMessage(
        _("未修改：报告仍是定稿（第 {version} 版）").format(version=version), 8000
    )
    return False


class AcknowledgeDialog(QDialog):
    """标为已核实: the 提示 in full, wrapped, and the clerk's 说明, without which it cannot be
    marked (an empty 说明 explains nothing to whoever reads the report after the clerk)."""

    def __init__(self, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("标为已核实"))
        finding = QLabel(message)
        finding.setWordWrap(True)
        finding.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(_("例如：已与台账核对，数字属实；或：文中所写含上年结转"))
        self.note.setMaximumHeight(self.note.fontMetrics().lineSpacing() * 5)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(finding)
        layout.addWidget(QLabel(_("说明（为何这一提示所说属实，或无需改动）：")))
        layout.addWidget(self.note)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.note.textChanged.connect(self._update)
        self._update()
        self.note.setFocus()
        fit_dialog(self, QSize(560, 300))

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.text()))

    def text(self) -> str:
        """The 说明 as typed, without surrounding blanks."""
        return self.note.toPlainText().strip()

    @classmethod
    def ask(cls, parent: QWidget | None, message: str) -> str | None:
        """The 说明, or None when the clerk cancels."""
        dialog = cls(message, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.text()


class BackupDialog(QDialog):
    """The backups, newest first: when each was taken and what it holds; one can be put back."""

    def __init__(self, backups: list[BackupInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("备份与恢复"))
        self.backups = backups
        self.chosen: Path | None = None
        self.table = QTableWidget(len(backups), 4)
        self.table.setHorizontalHeaderLabels([_("备份时间"), _("报告数"), _("最后修改"), _("内容")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        for row, info in enumerate(backups):
            for column, text in enumerate(_row(info)):
                item = QTableWidgetItem(text)
                item.setToolTip(str(info.path))
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        if backups:
            self.table.selectRow(0)
        self.restore_button = QPushButton(_("恢复所选备份…"))
        self.restore_button.clicked.connect(self._restore)
        self.restore_button.setEnabled(bool(backups))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        note = QLabel(
            _(
                "每次打开程序时自动备份（保留最近 10 份）。恢复时，当前的数据库会另存，可以再恢复回来。"
            )
            if backups
            else _("还没有备份。每次打开程序时会自动备份。")
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        fit_dialog(self, QSize(760, 360))

    def _restore(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        info = self.backups[rows[0].row()]
        answer = QMessageBox.question(
            self,
            _("备份与恢复"),
            _(
                "用 {time} 的备份（{count} 份报告）替换当前的数据库吗？"
                "当前的数据库会另存为备份，可以再恢复回来。"
            ).format(time=moment_text(info.taken_at), count=info.reports or 0),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.chosen = info.path
            self.accept()


def _row(info: BackupInfo) -> list[str]:
    if info.problem:
        return [moment_text(info.taken_at), "", "", info.problem]
    last = moment_text(info.last_edit.astimezone()) if info.last_edit else ""
    titles = "；".join(info.titles) if info.titles else _("（没有报告）")
    if info.before_restore:
        titles = _("（恢复备份时替换下来的数据库）") + titles
    return [moment_text(info.taken_at), str(info.reports), last, titles]


def moment_text(moment: datetime) -> str:
    """A backup's or an edit's time as the backup list shows it: 2026-01-25 16:05:31."""
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def show_about(parent: QWidget, database: Path) -> None:
    """帮助 › 关于: the version, what the program is for, and which database is open."""
    QMessageBox.about(
        parent,
        _("关于"),
        _(
            "年报填报助手 {version}\n\n按国办公开办函〔2021〕30号格式填写、核对并打印\n"
            "《政府信息公开工作年度报告》。\n数据库：{path}"
        ).format(version=version(), path=database),
    )
