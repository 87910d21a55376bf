"""The report editor: one tab per part of the report, the problems panel below."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QTabWidget, QVBoxLayout, QWidget

from models.findings import PROFILE_SECTION
from models.i18n import _
from ui.problems import ProblemsPanel
from ui.profile_tab import ProfileTab
from ui.session import ReportSession
from ui.table_model import ReportTableModel
from ui.table_view import ReportTableView
from ui.text_tab import TextTab

# Short tab names: the section's number and its key words.
TAB_NAMES = {
    PROFILE_SECTION: _("基本信息"),
    "overview": _("一 总体情况"),
    "active": _("二 主动公开"),
    "applications": _("三 申请处理"),
    "litigation": _("四 复议诉讼"),
    "problems": _("五 问题及改进"),
    "other": _("六 其他事项"),
}


class TableTab(QWidget):
    def __init__(self, session: ReportSession, section, parent=None) -> None:
        super().__init__(parent)
        heading = QLabel(section.heading)
        heading.setStyleSheet("font-weight: bold; font-size: 15px;")
        self.view = ReportTableView(ReportTableModel(session, section.table))
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.view)

    def focus(self, location: str) -> None:
        self.view.select_key(location)


class ReportEditor(QSplitter):
    message = Signal(str)

    def __init__(self, session: ReportSession, parent=None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.session = session
        self.tabs = QTabWidget()
        self.pages: dict[str, QWidget] = {}
        self._add(PROFILE_SECTION, ProfileTab(session))
        for section in session.report.format.sections[1:]:
            if section.table is not None:
                page = TableTab(session, section)
                page.view.message.connect(self.message)
            else:
                parts = [s for s in [section, *section.subsections] if s.has_text]
                page = TextTab(session, parts)
            self._add(section.id, page)
        names = {sid: TAB_NAMES.get(sid, sid) for sid in self.pages}
        self.problems = ProblemsPanel(session, names)
        self.problems.jump.connect(self.jump_to)
        self.addWidget(self.tabs)
        self.addWidget(self.problems)
        self.setStretchFactor(0, 4)
        self.setStretchFactor(1, 1)
        session.findings_changed.connect(self._update_titles)
        self._update_titles()

    def _add(self, section_id: str, page: QWidget) -> None:
        self.pages[section_id] = page
        self.tabs.addTab(page, TAB_NAMES.get(section_id, section_id))

    def jump_to(self, section: str, location: str) -> None:
        """Show the tab of `location` and put the cursor on it."""
        page = self.pages.get(section)
        if page is None:
            return
        self.tabs.setCurrentWidget(page)
        if hasattr(page, "focus"):
            try:
                page.focus(location)
            except KeyError:
                pass  # a finding about the tab as a whole

    def table_view(self, section: str) -> ReportTableView:
        return self.pages[section].view

    def _update_titles(self) -> None:
        for index, section in enumerate(self.pages):
            errors = self.session.errors_in(section)
            name = TAB_NAMES.get(section, section)
            title = f"{name}（{errors}）" if errors else name
            if self.tabs.tabText(index) != title:
                self.tabs.setTabText(index, title)
