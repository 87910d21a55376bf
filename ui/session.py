"""The open report: one place through which every view edits, undoes and hears about changes.

Views never write to the store themselves: they call `edit`, and repaint on `changed`. Undo and
redo are the store's history (they survive a restart), not a second stack kept in Qt.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, Signal

from models.findings import PROFILE_SECTION, Finding, Severity
from models.report import Field, Report
from models.store import FINAL, FinalSnapshot, Store

# Sections shown on another section's tab: the opening paragraph sits on 基本信息.
TAB_OF_SECTION = {"preamble": PROFILE_SECTION}


def tab_of(finding: Finding) -> str:
    """The tab (a top-level section id, or 基本信息) that shows where the finding is."""
    return TAB_OF_SECTION.get(finding.section, finding.section)


class ReportSession(QObject):
    """One report of the store, with its current findings."""

    changed = Signal(list)  # locations whose value changed
    findings_changed = Signal()
    saved = Signal(str)  # the time of the last save, 「16:05:31」
    reopened = Signal(int)  # a 定稿 was edited and is now draft version n

    def __init__(self, store: Store, report_id: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.report_id = report_id
        self.report: Report = store.load(report_id)
        self.findings: list[Finding] = []
        self.by_location: dict[str, list[Finding]] = {}
        self._refresh_findings()

    def edit(self, changes: dict[str, Field], *, coalesce: bool = False) -> list[str]:
        """Save the changes as one step; raises StoreError when the database refuses."""
        was_final = self.store.status(self.report_id)[0] == FINAL
        changed = self.store.edit(self.report_id, changes, coalesce=coalesce)
        if was_final and changed:
            self.reopened.emit(self.store.status(self.report_id)[1])
        self._after(changed)
        return changed

    def confirm(self, location: str) -> None:
        self.store.confirm(self.report_id, location)
        self._after([location])

    def undo(self) -> list[str]:
        changed = self.store.undo(self.report_id)
        self._after(changed)
        return changed

    def redo(self) -> list[str]:
        changed = self.store.redo(self.report_id)
        self._after(changed)
        return changed

    def can_undo(self) -> bool:
        return self.store.can_undo(self.report_id)

    def can_redo(self) -> bool:
        return self.store.can_redo(self.report_id)

    def finalize(self) -> FinalSnapshot:
        """定稿: a fingerprinted snapshot; raises StoreError while there are 错误."""
        return self.store.finalize(self.report_id)

    def pdf(self, *, draft: bool) -> bytes:
        """The printable report as PDF bytes, exactly as 导出 PDF writes it."""
        from export.pdf import render_pdf  # reportlab loads only when it is needed

        fingerprint = self.store.fingerprint(self.report_id)
        data, _pages = render_pdf(
            self.report, draft=draft, fingerprint=fingerprint, findings=self.findings
        )
        return data

    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    def hints(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.HINT]

    def blank_cells(self) -> list[str]:
        """Typed-in table cells left blank (a total fills itself), which print as nothing."""
        cells = self.report.format.cells
        return [
            key for key, ref in cells.items() if not ref.is_total and key not in self.report.values
        ]

    def errors_in(self, tab: str) -> int:
        return sum(1 for f in self.findings if tab_of(f) == tab and f.severity is Severity.ERROR)

    def _after(self, changed: list[str]) -> None:
        self._refresh_findings()
        self.changed.emit(changed)
        self.findings_changed.emit()
        self.saved.emit(datetime.now().strftime("%H:%M:%S"))

    def _refresh_findings(self) -> None:
        self.findings = self.store.findings(self.report_id)
        by_location: dict[str, list[Finding]] = {}
        for finding in self.findings:
            by_location.setdefault(finding.location, []).append(finding)
        self.by_location = by_location
