"""The service the window and the command line share: a store with its checks.

Every write goes through here, so that the findings kept per report and the 错误 count the list
shows follow it; the checks run after the store's transaction, never inside it. Store-wide
operations live here too — a report for a year, next year's report, storing a report (finding it
when the same one is stored already), 定稿, restoring a backup — so that the window and the
command line do each the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from models.checks.check import check
from models.checks.findings import PROFILE_SECTION, Finding, Severity
from models.exchange import dumps_report, loads_report
from models.format.registry import for_year, upgrade
from models.i18n import _
from models.report import Field, Report
from models.storage import backups
from models.storage.store import FINAL, AlreadyStored, FinalSnapshot, Store, StoreError


@dataclass(frozen=True)
class Stored:
    """Where a report went: its id, and whether it was new (False: the same was stored)."""

    report_id: int
    new: bool


class ReportService:
    """The store's reports with their findings, for one window or one command."""

    def __init__(self, store: Store) -> None:
        self.store = store
        # Checking is done once per change, with last year's report, and kept for the window;
        # another report's cross-year findings may lean on one that changed, so only the
        # report last changed keeps its findings.
        self._findings: dict[int, list[Finding]] = {}
        # The ids of an agency's reports for a year, as last asked: for last year's report and for
        # a twin of this year's, looked up on every edit (cleared when a name or year may move).
        self._ids: dict[tuple[str, int], list[int]] = {}

    # Findings ---------------------------------------------------------------------------------

    def findings(self, report_id: int) -> list[Finding]:
        """Every finding of the report, the cross-year ones too (kept until it changes)."""
        if report_id not in self._findings:
            report = self.store.load(report_id)
            found = check(report, self.previous_of(report))
            self._findings[report_id] = self._twins(report_id, report) + found
            self._keep_error_count(report_id, self._findings[report_id])
        return self._findings[report_id]

    def _twins(self, report_id: int, report: Report) -> list[Finding]:
        """A 提示 when another stored report has the same agency and year (a name or year
        typed to match one): name-based commands and the sums would not know which to take."""
        if report.year is None or not report.agency.name.strip():
            return []
        others = [i for i in self._ids_of(report.agency.name, report.year) if i != report_id]
        if not others:
            return []
        message = _(
            "基本信息：{agency}{year} 年还有另一份报告（编号 {ids}），同一机关同一年度只应有一份"
        ).format(agency=report.agency.name, year=report.year, ids="、".join(map(str, others)))
        return [Finding("twin_report", Severity.HINT, message, "agency.name", PROFILE_SECTION)]

    def previous_of(self, report: Report) -> Report | None:
        """Last year's report of the same agency in the store, if there is one."""
        if report.year is None:
            return None
        found = self._ids_of(report.agency.name, report.year - 1)
        return self.store.load(found[0]) if found else None

    def _ids_of(self, agency: str, year: int) -> list[int]:
        """The agency's reports for the year (not in the bin), kept until names or years move."""
        key = (agency, year)
        if key not in self._ids:
            self._ids[key] = self.store.find_all(agency, year)
        return self._ids[key]

    # Writes to one report --------------------------------------------------------------------

    def edit(
        self, report_id: int, changes: dict[str, Field], *, coalesce: bool = False
    ) -> list[str]:
        """Store.edit, then the report's findings and 错误 count follow; a reopened 定稿 typed
        back to its content is 定稿 again."""
        changed = self.store.edit(report_id, changes, coalesce=coalesce)
        if {"agency.name", "year"} & set(changed):
            self._ids.clear()  # which report is whose last year may have changed
        self._back_to_final(report_id)
        self._checked(report_id)
        return changed

    def undo(self, report_id: int) -> list[str]:
        """Store.undo; a reopened 定稿 whose edits are all taken back is 定稿 again."""
        changed = self.store.undo(report_id)
        self._after_step(report_id)
        return changed

    def redo(self, report_id: int) -> list[str]:
        """Store.redo; redoing back to a 定稿's content makes it 定稿 again, as undo does."""
        changed = self.store.redo(report_id)
        self._after_step(report_id)
        return changed

    def _after_step(self, report_id: int) -> None:
        self._ids.clear()
        self._back_to_final(report_id)
        self._checked(report_id)

    def _back_to_final(self, report_id: int) -> None:
        """A reopened 定稿 whose content is the 定稿's again (undo, or a field's own undo that
        typed the old text back) is 定稿 again."""
        status, version = self.store.status(report_id)
        if status != FINAL and version > 1:
            self.store.refinalize(report_id, dumps_report)

    def confirm(self, report_id: int, location: str) -> None:
        self.store.confirm(report_id, location)
        self._checked(report_id)

    def acknowledge(self, report_id: int, finding: Finding, note: str) -> None:
        self.store.acknowledge(report_id, finding, note)
        self._checked(report_id)

    def unacknowledge(self, report_id: int, finding: Finding) -> None:
        self.store.unacknowledge(report_id, finding)
        self._checked(report_id)

    def finalize(self, report_id: int) -> FinalSnapshot:
        """定稿: refused while the report has 错误; else its snapshot with a fingerprint.

        The store reads the report afresh inside its write transaction and this checks it
        there: an edit from another process cannot slip between the check and the snapshot.
        """

        def snapshot(report: Report) -> str:
            findings = check(report, self.previous_of(report))
            errors = [f for f in findings if f.severity is Severity.ERROR]
            if errors:
                raise StoreError(
                    _("报告还有 {count} 个错误，改正后才能定稿。第一个：{first}").format(
                        count=len(errors), first=errors[0].message
                    )
                )
            return dumps_report(report)

        self._ids.clear()
        final = self.store.finalize(report_id, snapshot)
        self._findings = {}
        return final

    def load_final(self, final_id: int) -> Report:
        """The report exactly as it was when it was marked final."""
        return loads_report(self.store.final_content(final_id).encode("utf-8"))

    def printable(self, report_id: int) -> tuple[Report, list[Finding], str | None]:
        """What to print: a 定稿 its snapshot under that snapshot's fingerprint, a draft itself.

        The text and the fingerprint come from one row, so an edit made in the meantime by
        another process (which reopens the report) never puts new text under an old fingerprint.
        """
        if self.store.status(report_id)[0] == FINAL:
            final = self.store.finals(report_id)[-1]
            snapshot = self.load_final(final.id)
            return snapshot, check(snapshot, self.previous_of(snapshot)), final.short_fingerprint
        return self.store.load(report_id), self.findings(report_id), None

    # New reports -----------------------------------------------------------------------------

    def add(self, report: Report) -> int:
        """Store a report as a new one; its id."""
        report_id = self.store.create(report)
        self._ids.clear()
        self._checked(report_id)
        return report_id

    def store_report(self, report: Report) -> Stored:
        """Store a report read from a file, or find it when the very same is stored already;
        AlreadyStored when the agency has another report for that year (one a year)."""
        content = dumps_report(report)
        existing = self.store.find_all(report.agency.name, report.year or 0)
        for report_id in existing:
            if dumps_report(self.store.load(report_id)) == content:
                return Stored(report_id, new=False)
        if existing and report.year is not None:
            raise AlreadyStored(report.agency.name, report.year, existing)
        return Stored(self.add(report), new=True)

    def delete(self, report_id: int) -> None:
        """Move a report to the bin: no longer anyone's last year, nor anyone's twin."""
        self.store.delete(report_id)
        self._ids.clear()
        self._findings = {}

    def undelete(self, report_id: int) -> None:
        """Take a report out of the bin, unless the agency has another for that year now."""
        report = self.store.load(report_id)
        if report.year is not None:
            others = self.store.find_all(report.agency.name, report.year)
            others = [i for i in others if i != report_id]
            if others:
                raise AlreadyStored(report.agency.name, report.year, others)
        self.store.restore(report_id)
        self._ids.clear()

    def create_for_year(self, agency: str, year: int) -> int:
        """A new report of the agency for the year, in the format of that year; AlreadyStored
        when the agency has one for the year."""
        agency = agency.strip()
        self._refuse_existing(agency, year)
        report = Report(
            format=for_year(year),
            year=year,
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
        )
        report.agency.name = report.signing_unit = agency
        return self.add(report)

    def next_year(self, report_id: int) -> int:
        """Next year's report started from this one (Report.next_year), in next year's format
        (a 2020 report of the 2019 format is carried into the 2021 format first)."""

        def next_of(report: Report) -> Report:
            assert report.year is not None  # the store refuses a report without one
            carried = upgrade(report, for_year(report.year + 1))
            return (report if carried is None else carried[0]).next_year()

        report_id = self.store.add_next_year(report_id, next_of)
        self._ids.clear()
        self._checked(report_id)
        return report_id

    def duplicate(self, report_id: int) -> int:
        """A copy of the report, as a new one."""
        return self.add(loads_report(dumps_report(self.store.load(report_id)).encode()))

    # Internals -------------------------------------------------------------------------------

    def _refuse_existing(self, agency: str, year: int) -> None:
        existing = self.store.find_all(agency, year)
        if existing:
            raise AlreadyStored(agency, year, existing)

    def _checked(self, report_id: int) -> None:
        """Check the report after a write (findings() keeps its 错误 count)."""
        self._findings = {}
        self.findings(report_id)

    def _keep_error_count(self, report_id: int, findings: list[Finding]) -> None:
        """The report list's 错误 count, kept when it changed: after a write, and when a newer
        program's checks find otherwise than those that counted (the report opened or checked)."""
        errors = sum(f.severity is Severity.ERROR for f in findings)
        if self.store.error_count(report_id) != errors and not self.store.read_only:
            self.store.set_error_count(report_id, errors)


def restore_backup(backup: Path, path: Path) -> Path | None:
    """Put a backup in place of the database at `path`, under its lock, after checking that
    the backup is one of ours; the replaced file is kept among the backups (its path)."""
    from models.storage.schema import SCHEMA_VERSION

    return backups.restore_backup(backup, path, SCHEMA_VERSION)
