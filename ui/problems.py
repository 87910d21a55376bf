"""The problems panel: every finding, grouped by tab; 错误 first, then 提示 about what the report
says, then what is not filled in, then the 提示 marked 已核实. Double-click jumps there; the context
menu marks a 提示 已核实 (with a 说明) and fills a table's blank cells with 0 in one step."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QBrush, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QMessageBox,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
)

from models.checks.findings import Finding, Severity, counts
from models.checks.rules import zero_fill
from models.i18n import _
from models.storage.store import StoreError
from ui.session import ReportSession, tab_of

LOCATION_ROLE = Qt.ItemDataRole.UserRole
FINDING_ROLE = Qt.ItemDataRole.UserRole + 1


class ProblemsPanel(QTreeWidget):
    jump = Signal(str, str)  # section id, location

    def __init__(self, session: ReportSession, tab_names: dict[str, str], parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.tab_names = tab_names
        self.setHeaderHidden(True)
        self.setRootIsDecorated(True)
        self.itemActivated.connect(self._activated)
        self.itemDoubleClicked.connect(self._activated)
        self.acknowledge_action = self._action(_("标为已核实…"), self._acknowledge)
        self.reopen_action = self._action(_("取消已核实"), self._reopen)
        self.zero_fill_action = self._action(_("空格填 0"), self._zero_fill)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.currentItemChanged.connect(self._update_actions)
        session.findings_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        shown = tuple(self.session.findings)
        if shown == getattr(self, "_shown", None):
            return  # nothing new: keep the tree, its scroll position and selection
        self._shown = shown
        style = QApplication.style()
        icons = {
            Severity.ERROR: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            Severity.HINT: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
        }
        tops = [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
        expanded = {
            top.data(0, LOCATION_ROLE) for top in tops if top is not None and top.isExpanded()
        }
        self.clear()
        groups: dict[str, list[Finding]] = {}
        for finding in self.session.findings:  # already in the order to show
            groups.setdefault(tab_of(finding), []).append(finding)
        tabs = [t for t in self.tab_names if t in groups]
        tabs.sort(key=lambda t: groups[t][0].rank)  # a tab with 错误 before one with 提示 only
        for section in tabs:
            findings = groups[section]
            group = QTreeWidgetItem([self._group_title(section, findings)])
            group.setData(0, LOCATION_ROLE, section)
            errors = counts(findings)[0]
            group.setIcon(0, icons[Severity.ERROR if errors else Severity.HINT])
            for finding in findings:
                group.addChild(self._item(section, finding, icons))
            self.addTopLevelItem(group)
            group.setExpanded(section in expanded or bool(errors))
        self._update_actions()

    def current_finding(self) -> Finding | None:
        item = self.currentItem()
        return None if item is None else item.data(0, FINDING_ROLE)

    def _group_title(self, section: str, findings: list[Finding]) -> str:
        errors, hints, acknowledged = counts(findings)
        title = _("{tab}：{errors} 个错误，{hints} 个提示").format(
            tab=self.tab_names[section], errors=errors, hints=hints
        )
        if acknowledged:
            title += _("，{count} 个已核实").format(count=acknowledged)
        return title

    def _item(self, section: str, finding: Finding, icons) -> QTreeWidgetItem:
        if finding.acknowledged is None:
            text = f"{finding.severity.value}　{finding.message}"
        else:
            text = _("已核实　{message}（说明：{note}）").format(
                message=finding.message, note=finding.acknowledged
            )
        item = QTreeWidgetItem([text])
        item.setData(0, LOCATION_ROLE, (section, finding.location))
        item.setData(0, FINDING_ROLE, finding)
        item.setToolTip(0, text)
        if finding.acknowledged is None:
            item.setIcon(0, icons[finding.severity])
        else:
            item.setForeground(0, QBrush(self.palette().color(QPalette.ColorRole.PlaceholderText)))
        return item

    def _action(self, text: str, slot) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _update_actions(self, *_args) -> None:
        finding = self.current_finding()
        hint = finding if finding is not None and finding.severity is Severity.HINT else None
        self.acknowledge_action.setEnabled(hint is not None and hint.acknowledged is None)
        self.reopen_action.setEnabled(hint is not None and hint.acknowledged is not None)
        self.zero_fill_action.setEnabled(hint is not None and hint.rule == "blank")

    def _acknowledge(self) -> None:
        finding = self.current_finding()
        if finding is None or not self.acknowledge_action.isEnabled():
            return
        from ui.dialogs import AcknowledgeDialog  # the dialogs load when first shown

        note = AcknowledgeDialog.ask(self, finding.message)
        if note is not None:
            self._guard(lambda: self.session.acknowledge(finding, note))

    def _reopen(self) -> None:
        finding = self.current_finding()
        if finding is not None and self.reopen_action.isEnabled():
            self._guard(lambda: self.session.unacknowledge(finding))

    def _zero_fill(self) -> None:
        finding = self.current_finding()
        if finding is None or not self.zero_fill_action.isEnabled():
            return
        table = self.session.report.format.cells[finding.location].table.id
        self._guard(lambda: self.session.edit(zero_fill(self.session.report, table)))

    def _guard(self, work) -> None:
        try:
            work()
        except StoreError as error:
            QMessageBox.warning(self, _("年报填报助手"), str(error))

    def _activated(self, item: QTreeWidgetItem) -> None:
        data = item.data(0, LOCATION_ROLE)
        if isinstance(data, tuple):
            self.jump.emit(*data)
