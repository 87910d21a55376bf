"""The drafts database as the window sees it: every store-wide operation, one error channel.

The window never calls the store itself. It asks the library (list, create, import, duplicate,
delete, next year, backups, sums) or the open report's session; either way a refusal the clerk
can cause (StoreError, ExchangeError, a file that cannot be written, an export that cannot be
made, reports that cannot be summed) becomes one Chinese sentence on `error`, and the call
returns None or False.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from models.errors import ClerkError
from models.exchange import read_report
from models.lookup import find_report
from models.report import Report
from models.service import ReportService, restore_backup
from models.storage import database
from models.storage.backup_info import BackupInfo, describe_backup
from models.storage.store import ReportSummary, Store
from ui.session import ReportSession

SAMPLE = (
    Path(__file__).resolve().parent.parent / "resources" / "samples" / "akqi-education-2021.json"
)
T = TypeVar("T")


def default_year(today: date | None = None) -> int:
    """The year a new report is for: reports are written in January for the year just ended."""
    today = today or date.today()
    return today.year - 1 if today.month < 7 else today.year


class Library(QObject):
    """Store-wide operations for the window; `error` carries every refusal as one sentence."""

    error = Signal(str)

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = ReportService(store)

    @property
    def store(self) -> Store:
        return self.service.store

    @property
    def path(self) -> Path:
        """The database file."""
        return self.store.path

    def attempt(self, work: Callable[[], T]) -> T | None:
        """Run `work`; a refusal the clerk can cause is said on `error` and gives None."""
        try:
            return work()
        except ClerkError as refusal:
            self.error.emit(str(refusal))
            return None

    def succeeds(self, work: Callable[[], object]) -> bool:
        """Run `work` for what it does; False when it was refused (said on `error`, as `attempt`
        does)."""
        try:
            work()
        except ClerkError as refusal:
            self.error.emit(str(refusal))
            return False
        return True

    def reports(self, *, deleted: bool = False) -> list[ReportSummary]:
        return self.store.list_reports(deleted=deleted)

    def load(self, report_ids: list[int]) -> list[Report] | None:
        """The stored reports, as they are now; None (said on `error`) when one cannot be read."""
        return self.attempt(lambda: [self.store.load(i) for i in report_ids])

    def has(self, report_id: int) -> bool:
        return any(s.id == report_id for s in self.store.list_reports())

    def session(self, report_id: int) -> ReportSession | None:
        """The report opened for editing, or None (said on `error`) when it cannot be."""
        return self.attempt(lambda: ReportSession(self.service, report_id))

    def create(self, agency: str, year: int) -> int | None:
        """A new report of the agency for the year; the statistics period is that year."""
        return self.attempt(lambda: self.service.create_for_year(agency, year))

    def add(self, report: Report) -> int | None:
        """Store a report made elsewhere (a sum of reports) as a new one."""
        return self.attempt(lambda: self.service.add(report))

    def open_file(self, path: Path) -> tuple[int, bool] | None:
        """Store an exchange file, or find it when the same report is stored already.

        Returns the id and whether the file was imported (False: it was already there).
        """

        def work() -> tuple[int, bool]:
            stored = self.service.store_report(read_report(path))
            return stored.report_id, stored.new

        return self.attempt(work)

    def sample(self) -> int | None:
        """The sample report: the copy made before, if there is one."""
        opened = self.open_file(SAMPLE)
        return None if opened is None else opened[0]

    def find(self, words: list[str]) -> int | None:
        """The report named by its id or 「机关名称 年度」."""
        return self.attempt(lambda: find_report(self.store, words))

    def duplicate(self, report_id: int) -> int | None:
        return self.attempt(lambda: self.service.duplicate(report_id))

    def next_year(self, report_id: int) -> int | None:
        return self.attempt(lambda: self.service.next_year(report_id))

    def delete(self, report_id: int) -> bool:
        return self.succeeds(lambda: self.service.delete(report_id))

    def undelete(self, report_id: int) -> bool:
        return self.succeeds(lambda: self.service.undelete(report_id))

    def backups(self) -> list[BackupInfo]:
        """Every backup copy, newest first, with what it holds."""
        return [describe_backup(path) for path in database.list_backups(self.store.path)]

    def restore_backup(self, backup: Path) -> bool:
        """Put a backup in place of the database (the replaced file is kept) and reopen it.

        Every session on the old store must be closed first.
        """
        path = self.store.path
        self.store.close()
        try:
            restored = self.succeeds(lambda: restore_backup(backup, path))
        finally:
            self.service = ReportService(Store(path, exclusive=True))
        return restored

    def close(self) -> None:
        self.store.close()
