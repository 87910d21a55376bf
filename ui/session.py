"""The open report: one place through which every view edits, undoes and hears about changes.

Views never write to the store themselves: they call `edit` (or `confirm`), and repaint on
`changed`. When the database refuses a write (read-only, full disk, locked), `edit` returns None,
the locations are kept in `unsaved` with the reason, and `refused` tells every view, so that no
field looks saved that is not; the next successful save of a location clears its mark. Undo and
redo are the store's history (they survive a restart), not a second stack kept in Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from models.checks.findings import Finding, Severity
from models.report import Field, Report
from models.service import ReportService
from models.storage.store import FINAL, FinalSnapshot, StoreError


def tab_of(finding: Finding) -> str:
    """The tab (a top-level section id, or 基本信息) that shows where the finding is."""
    return finding.section


class ReportSession(QObject):
    """One report of the store, with its current findings and what could not be saved."""

    changed = Signal(list)  # locations whose value changed
    findings_changed = Signal()
    saved = Signal(str)  # the time of a save after which nothing is left unsaved, 「16:05:31」
    refused = Signal(list, str)  # locations not saved, and why (the store's Chinese sentence)
    unsaved_changed = Signal()  # `unsaved` gained or lost a location

    def __init__(
        self, service: ReportService, report_id: int, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.store = service.store
        self.report_id = report_id
        self.report: Report = self.store.load(report_id)
        self.findings: list[Finding] = []
        self.by_location: dict[str, list[Finding]] = {}
        self.unsaved: dict[str, str] = {}  # location → why its last edit was not saved
        # Asked before the first change of a 定稿 reopens it as a new draft (the window sets it);
        # False: the clerk keeps the 定稿, and the change is not made.
        self.ask_reopen: Callable[[int], bool] = lambda _version: True
        self._asking = False
        self._refresh_findings()

    def edit(self, changes: Mapping[str, Field], *, coalesce: bool = False) -> list[str] | None:
        """Save the changes as one step and return the locations that changed.

        When the database refuses, nothing changes (in the file or in memory), the locations go
        to `unsaved` with the reason, `refused` is emitted, and None is returned. When the clerk
        keeps a 定稿 rather than reopen it, nothing changes either: `changed` tells the views to
        show again what is stored, and the answer is an empty list (nothing refused, nothing new).
        """
        if not self.may_change():
            self.changed.emit(list(changes))
            return []
        try:
            changed = self.service.edit(self.report_id, dict(changes), coalesce=coalesce)
        except StoreError as error:
            self._refuse(list(changes), str(error))
            return None
        self._after(changed, saved=list(changes))
        return changed

    def may_change(self) -> bool:
        """True unless the report is 定稿 and the clerk, asked, keeps it so (or is being asked:
        a field that saves as it loses focus to the question does not ask twice)."""
        status, version = self.store.status(self.report_id)
        if status != FINAL:
            return True
        if self._asking:
            return False
        self._asking = True
        try:
            return self.ask_reopen(version)
        finally:
            self._asking = False

    def state(self) -> tuple[str, int]:
        """(草稿/定稿 status, version) of the report, as the store holds it now."""
        return self.store.status(self.report_id)

    def confirm(self, location: str) -> bool:
        """Mark a field carried over from last year (沿用上年，待核对) as checked."""
        try:
            self.service.confirm(self.report_id, location)
        except StoreError as error:
            self._refuse([location], str(error))
            return False
        self._after([location], saved=[])
        return True

    def discard(self, location: str) -> None:
        """Forget that a location has an unsaved edit: the clerk took it back (Esc)."""
        if self.unsaved.pop(location, None) is not None:
            self.unsaved_changed.emit()

    def acknowledge(self, finding: Finding, note: str) -> None:
        """Mark a 提示 已核实 with the clerk's 说明; raises StoreError when refused."""
        self.service.acknowledge(self.report_id, finding, note)
        self._after([], saved=[])

    def unacknowledge(self, finding: Finding) -> None:
        self.service.unacknowledge(self.report_id, finding)
        self._after([], saved=[])

    def undo(self) -> list[str]:
        """Undo the newest step; raises StoreError when the database refuses."""
        changed = self.service.undo(self.report_id)
        self._after(changed, saved=[])
        return changed

    def redo(self) -> list[str]:
        """Redo the newest undone step; raises StoreError when the database refuses."""
        changed = self.service.redo(self.report_id)
        self._after(changed, saved=[])
        return changed

    def can_undo(self) -> bool:
        return self.store.can_undo(self.report_id)

    def can_redo(self) -> bool:
        return self.store.can_redo(self.report_id)

    def finalize(self) -> FinalSnapshot:
        """定稿: a fingerprinted snapshot; raises StoreError while there are 错误."""
        final = self.service.finalize(self.report_id)
        self._after([], saved=[])  # the title and the status bar show 定稿
        return final

    def export(self, path: Path, *, draft: bool, pdfa: bool = False) -> None:
        """Write the report in the format the suffix names (.pdf, .docx, .html, .xlsx), with its
        fingerprint and findings, a PDF as PDF/A-2b with `pdfa` — a 定稿 as its snapshot under the
        snapshot's fingerprint; raises ExportError or FileWriteError when it cannot."""
        from export.writers import export_report  # each writer loads only when it is needed

        report, findings, fingerprint = self.service.printable(self.report_id)
        export_report(
            report, path, draft=draft, findings=findings, fingerprint=fingerprint, pdfa=pdfa
        )

    def pdf(self, *, draft: bool) -> bytes:
        """The printable report as PDF bytes, as 导出 PDF writes it (the print preview shows it)."""
        from export.pdf import render_pdf  # reportlab loads only when it is needed

        report, findings, fingerprint = self.service.printable(self.report_id)
        data, _pages = render_pdf(report, draft=draft, fingerprint=fingerprint, findings=findings)
        return data

    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    def hints(self) -> list[Finding]:
        """The 提示 nobody has marked 已核实 yet."""
        return [f for f in self.findings if f.severity is Severity.HINT and f.acknowledged is None]

    def blank_cells(self) -> list[str]:
        """Typed-in table cells left blank (a total fills itself), which print as nothing."""
        cells = self.report.format.cells
        return [
            key for key, ref in cells.items() if not ref.is_total and key not in self.report.values
        ]

    def errors_in(self, tab: str) -> int:
        return sum(1 for f in self.findings if tab_of(f) == tab and f.severity is Severity.ERROR)

    def _refuse(self, locations: list[str], reason: str) -> None:
        for location in locations:
            self.unsaved[location] = reason
        self.refused.emit(locations, reason)
        self.unsaved_changed.emit()

    def _after(self, changed: list[str], *, saved: list[str]) -> None:
        """After a commit: say so first (it is durable now), then let the views catch up."""
        cleared = [loc for loc in [*saved, *changed] if self.unsaved.pop(loc, None) is not None]
        if not self.unsaved:  # 「已保存」 only while nothing the clerk typed is left unsaved
            self.saved.emit(datetime.now().strftime("%H:%M:%S"))
        self._refresh_findings()
        self.changed.emit(changed)
        self.findings_changed.emit()
        if cleared:
            self.unsaved_changed.emit()

    def _refresh_findings(self) -> None:
        self.findings = self.service.findings(self.report_id)
        by_location: dict[str, list[Finding]] = {}
        for finding in self.findings:
            by_location.setdefault(finding.location, []).append(finding)
        self.by_location = by_location
