"""The report editor: one tab per part of the report, the problems panel below."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from models.checks.findings import PROFILE_SECTION
from models.format.blocks import FormatDescription, Section, Table
from models.i18n import _
from ui.lazy_tabs import LazyTabs
from ui.problems import ProblemsPanel
from ui.profile_tab import ProfileTab
from ui.session import ReportSession
from ui.text_tab import TextTab

if TYPE_CHECKING:
    from ui.table_tab import TableTab
    from ui.table_view import ReportTableView


def tab_names(fmt: FormatDescription) -> dict[str, str]:
    """Each tab's short name (the section's number and its key words, as the format names them)."""
    return {PROFILE_SECTION: _("基本信息")} | {s.id: s.tab for s in fmt.sections if s.tab}


class ReportEditor(QSplitter):
    message = Signal(str)
    moved = Signal()  # the tab, the table cell or the panel sizes changed: the window keeps them

    def __init__(
        self, session: ReportSession, place: tuple[str, str] | None = None, parent=None
    ) -> None:
        """The editor of the session's report, open at `place` (a tab's section and a location
        in it), else on its first tab; only that tab is made now, each other on its first visit."""
        super().__init__(Qt.Orientation.Vertical, parent)
        self.session = session
        self.tabs = LazyTabs()
        self.tabs.setUsesScrollButtons(True)  # seven tabs must not make the window wider (150 %)
        self.pages = self.tabs.pages
        self.names = tab_names(session.report.format)
        self.tabs.add(PROFILE_SECTION, self.names[PROFILE_SECTION], lambda: ProfileTab(session))
        for section in session.report.format.sections:
            if not section.opening:  # the opening paragraph is on 基本信息
                name = self.names.get(section.id, section.id)
                self.tabs.add(section.id, name, self._maker(section))
        self.problems = ProblemsPanel(session, self.names)
        self.problems.jump.connect(self.jump_to)
        self.addWidget(self.tabs)
        self.addWidget(self._problems_box())
        self.setStretchFactor(0, 4)
        self.setStretchFactor(1, 1)
        self.setCollapsible(0, False)
        self.setCollapsible(1, False)
        self._open_sizes: list[int] = []
        self.tabs.currentChanged.connect(lambda _i: self.moved.emit())
        self.splitterMoved.connect(lambda *_p: self.moved.emit())
        session.findings_changed.connect(self._update_titles)
        session.unsaved_changed.connect(self._show_unsaved)
        self._update_titles()
        self._show_unsaved()
        if place is not None:
            self.jump_to(*place)
        self.tabs.make_current()

    def _maker(self, section: Section) -> Callable[[], QWidget]:
        """What makes the section's page: its table, or its text parts."""
        table = section.table
        if table is None:
            parts = [s for s in [section, *section.subsections] if s.has_text]
            return lambda: TextTab(self.session, parts)
        return lambda: self._table_tab(section.heading, table)

    def _table_tab(self, heading: str, table: Table) -> QWidget:
        from ui.table_tab import TableTab  # the table's view and model load with the first table

        page = TableTab(self.session, heading, table)
        page.view.message.connect(self.message)
        page.view.selectionModel().currentChanged.connect(lambda *_i: self.moved.emit())
        return page

    def _problems_box(self) -> QWidget:
        """The problems panel under a bar that folds it away (small screens) and brings it back,
        and says when something the clerk typed could not be saved."""
        self.problems_toggle = QToolButton()
        self.problems_toggle.setCheckable(True)
        self.problems_toggle.setChecked(True)
        self.problems_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.problems_toggle.toggled.connect(self.show_problems)
        self.unsaved = QLabel()
        self.unsaved.setStyleSheet("color: #b00020; font-weight: bold;")
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.problems_toggle)
        bar.addWidget(self.unsaved, 1)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.problems)
        self._label_toggle(True)
        return box

    def show_problems(self, shown: bool) -> None:
        """Fold the problems panel away to its bar, or bring it back at its former height."""
        if self.problems_toggle.isChecked() != shown:
            self.problems_toggle.setChecked(shown)  # comes back here through `toggled`
            return
        if not shown:
            self._open_sizes = self.sizes()
        self.problems.setVisible(shown)
        self._label_toggle(shown)
        total = sum(self.sizes())
        if shown:
            self.setSizes(self._open_sizes or [total * 4 // 5, total // 5])
        else:
            bar = self.problems_toggle.sizeHint().height()
            self.setSizes([total - bar, bar])

    def _label_toggle(self, shown: bool) -> None:
        arrow = Qt.ArrowType.DownArrow if shown else Qt.ArrowType.UpArrow
        self.problems_toggle.setArrowType(arrow)
        self.problems_toggle.setText(_("收起问题列表") if shown else _("展开问题列表"))

    def _show_unsaved(self) -> None:
        unsaved = self.session.unsaved
        reason = next(iter(unsaved.values()), "")
        self.unsaved.setText(
            _("有 {count} 处修改未保存：{reason}").format(count=len(unsaved), reason=reason)
            if unsaved
            else ""
        )

    def jump_to(self, section: str, location: str) -> None:
        """Show the tab of `location` and put the cursor on it."""
        page = self.pages.get(section)  # made now if the clerk has not opened its tab yet
        if page is None:
            return
        self.tabs.setCurrentWidget(page)
        if hasattr(page, "focus"):
            try:
                page.focus(location)
            except KeyError:
                pass  # a finding about the tab as a whole

    def place(self) -> tuple[str, str]:
        """Where the clerk is: the open tab's section and, on a table, the current cell's key."""
        section = self.tabs.current_key()
        view = getattr(self.tabs.currentWidget(), "view", None)
        key = "" if view is None else view.table_model().key_at(view.currentIndex())
        return section, key

    def table_view(self, section: str) -> ReportTableView:
        """The table view of the section's tab (made now if it was not yet)."""
        return cast("TableTab", self.pages[section]).view

    def _update_titles(self) -> None:
        for index, section in enumerate(self.tabs.keys()):
            errors = self.session.errors_in(section)
            name = self.names.get(section, section)
            title = f"{name}（{errors}）" if errors else name
            if self.tabs.tabText(index) != title:
                self.tabs.setTabText(index, title)
