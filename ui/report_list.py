"""The start page: every report in the database, and what to do with the selected one."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.i18n import _
from models.storage.store import STATUS_LABELS
from ui.library import Library


class ReportList(QWidget):
    """The reports (or the bin); an empty state on first run. Says which report is selected."""

    open_requested = Signal(int)
    selection_changed = Signal()
    message = Signal(str)

    def __init__(self, library: Library, actions: dict[str, QAction], parent=None) -> None:
        super().__init__(parent)
        self.library = library
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
        self.table.doubleClicked.connect(lambda _index: self._open())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # Enter opens, as a double-click does
            enter = QShortcut(QKeySequence(key), self.table)
            enter.setContext(Qt.ShortcutContext.WidgetShortcut)
            enter.activated.connect(self._open)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.show_bin = QCheckBox(_("回收站"))
        self.show_bin.toggled.connect(lambda _on: self.refresh())
        self.restore_button = QPushButton(_("从回收站恢复"))
        self.restore_button.clicked.connect(lambda: self._with_selected(self._undelete))
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for name, text, slot in (
            ("new", _("新建年度报告"), actions["new_report"].trigger),
            ("sample", _("打开示例报告"), actions["open_sample"].trigger),
            ("open", _("打开"), self._open),
            ("duplicate", _("复制"), lambda: self._with_selected(self._duplicate)),
            ("next_year", _("新建下一年度"), actions["next_year"].trigger),
            ("delete", _("删除"), lambda: self._with_selected(self._delete)),
        ):
            button = self.buttons[name] = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch()
        row.addWidget(self.restore_button)
        row.addWidget(self.show_bin)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)
        layout.addLayout(row)

    def refresh(self, select: int | None = None) -> None:
        """Read the list again, selecting `select` (a report just closed), else keeping the
        selected report selected."""
        selected = select if select is not None else self.selected_id()
        in_bin = self.show_bin.isChecked()
        summaries = self.library.reports(deleted=in_bin)
        self.empty.setVisible(not summaries and not in_bin)
        self.table.setVisible(bool(summaries) or in_bin)
        self.restore_button.setVisible(in_bin)
        self.table.clearSelection()
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
            if s.id == selected:
                self.table.selectRow(row)
        self._selection_changed()

    def _selection_changed(self) -> None:
        """Buttons that work on a report are enabled only while one is selected."""
        chosen = self.active_id() is not None
        for name in ("open", "duplicate", "next_year", "delete"):
            self.buttons[name].setEnabled(chosen)
        self.restore_button.setEnabled(self.selected_id() is not None)
        self.selection_changed.emit()

    def selected_id(self) -> int | None:
        """The selected report, in the list or in the bin."""
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def active_id(self) -> int | None:
        """The selected report the window's actions may work on; none while the bin is shown."""
        return None if self.show_bin.isChecked() else self.selected_id()

    def _with_selected(self, work) -> None:
        report_id = self.selected_id()
        if report_id is None:
            self.message.emit(_("请先在列表中选中一份报告"))
        else:
            work(report_id)

    def _open(self) -> None:
        if self.show_bin.isChecked():
            self.message.emit(_("回收站中的报告要先恢复才能打开"))
        else:
            self._with_selected(self.open_requested.emit)

    def _duplicate(self, report_id: int) -> None:
        if self.library.duplicate(report_id) is not None:
            self.refresh()

    def _delete(self, report_id: int) -> None:
        summary = next(s for s in self.library.reports() if s.id == report_id)
        name = _("{agency}{year} 年的报告") if summary.year else _("{agency}的报告")
        question = _("把{name}（编号 {id}）移到回收站？以后可以从回收站恢复。").format(
            name=name.format(agency=summary.agency or _("（未填机关名称）"), year=summary.year),
            id=report_id,
        )
        answer = QMessageBox.question(self, _("删除"), question)
        if answer == QMessageBox.StandardButton.Yes and self.library.delete(report_id):
            self.refresh()

    def _undelete(self, report_id: int) -> None:
        if self.library.undelete(report_id):
            self.refresh()
