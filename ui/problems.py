"""The problems panel: every finding, grouped by tab, 错误 before 提示; double-click jumps there."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QStyle, QTreeWidget, QTreeWidgetItem

from models.findings import Severity
from models.i18n import _
from ui.session import ReportSession, tab_of

LOCATION_ROLE = Qt.ItemDataRole.UserRole


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
        expanded = {
            self.topLevelItem(i).data(0, LOCATION_ROLE)
            for i in range(self.topLevelItemCount())
            if self.topLevelItem(i).isExpanded()
        }
        self.clear()
        groups: dict[str, list] = {}
        for finding in self.session.findings:
            groups.setdefault(tab_of(finding), []).append(finding)
        for section, name in self.tab_names.items():
            findings = groups.get(section, [])
            if not findings:
                continue
            errors = sum(f.severity is Severity.ERROR for f in findings)
            group = QTreeWidgetItem(
                [
                    _("{tab}：{errors} 个错误，{hints} 个提示").format(
                        tab=name, errors=errors, hints=len(findings) - errors
                    )
                ]
            )
            group.setData(0, LOCATION_ROLE, section)
            group.setIcon(0, icons[Severity.ERROR if errors else Severity.HINT])
            for finding in sorted(findings, key=lambda f: f.severity is Severity.HINT):
                item = QTreeWidgetItem([f"{finding.severity.value}　{finding.message}"])
                item.setIcon(0, icons[finding.severity])
                item.setData(0, LOCATION_ROLE, (section, finding.location))
                item.setToolTip(0, finding.message)
                group.addChild(item)
            self.addTopLevelItem(group)
            group.setExpanded(section in expanded or bool(errors))

    def _activated(self, item: QTreeWidgetItem) -> None:
        data = item.data(0, LOCATION_ROLE)
        if isinstance(data, tuple):
            self.jump.emit(*data)
