"""汇总多份报告's first question: which reports — ticked in a list of the open database's reports of
one year, or, with 「从文件选择…」, exchange files sent in by other agencies."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.i18n import _
from models.storage.store import ReportSummary
from ui.fit import fit_dialog
from ui.status import state_words

FROM_FILES = 2  # exec()'s result when the clerk chose to sum files instead


class SumDialog(QDialog):
    """The stored reports of the chosen year, each with a box to tick; 汇总 with two or more."""

    def __init__(
        self,
        reports: list[ReportSummary],
        title: str,
        parent: QWidget | None,
        year: int | None = None,
    ) -> None:
        """`year` is the one shown first (the year of the report the clerk is on), else the
        newest."""
        super().__init__(parent)
        self.setWindowTitle(title)
        self._reports = [r for r in reports if r.year is not None]
        note = QLabel(
            _(
                "勾选要汇总的报告（同一年度，至少两份）。"
                "下级单位报来的交换文件，请点「从文件选择…」。"
            )
        )
        note.setWordWrap(True)
        self.year = QComboBox()
        years = sorted({r.year for r in self._reports if r.year is not None}, reverse=True)
        for year in years:
            self.year.addItem(_("{year} 年").format(year=year), year)
        self.year.currentIndexChanged.connect(self._fill)
        self.list = QListWidget()
        self.list.itemChanged.connect(self._update)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.sum_button = self.buttons.addButton(
            _("汇总所选报告"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        files = QPushButton(_("从文件选择…"))
        self.buttons.addButton(files, QDialogButtonBox.ButtonRole.ActionRole)
        files.clicked.connect(lambda: self.done(FROM_FILES))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("年度"), self.year)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.list)
        layout.addWidget(self.buttons)
        self.year.setCurrentIndex(max(0, self.year.findData(year)))
        self._fill()
        fit_dialog(self, QSize(560, 420))

    def chosen(self) -> list[ReportSummary]:
        """The reports ticked, in the list's order."""
        items = (self.list.item(row) for row in range(self.list.count()))
        return [
            item.data(Qt.ItemDataRole.UserRole)
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]

    def _fill(self) -> None:
        """List the reports of the year chosen, none ticked."""
        year = self.year.currentData()
        self.list.clear()
        for report in self._reports:
            if report.year != year:
                continue
            item = QListWidgetItem(
                _("{agency}（编号 {id}，{state}）").format(
                    agency=report.agency or _("（未填机关名称）"),
                    id=report.id,
                    state=state_words(report.status, report.version) or _("草稿"),
                )
            )
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, report)
            self.list.addItem(item)
        self._update()

    def _update(self) -> None:
        self.sum_button.setEnabled(len(self.chosen()) >= 2)
