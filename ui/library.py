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
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from export.errors import ExportError
from models.aggregate import AggregateError
from models.exchange import ExchangeError, dumps_report, read_report
from models.files import FileWriteError
from models.format.registry import for_year
from models.lookup import find_report
from models.report import Report
from models.storage import database
from models.storage.backup_info import BackupInfo, describe_backup
from models.storage.database import DatabaseError
from models.storage.schema import SCHEMA_VERSION
from models.storage.store import ReportSummary, Store, StoreError
from ui.session import ReportSession

if TYPE_CHECKING:
    from ui.printing import ReportOutput

SAMPLE = (
    Path(__file__).resolve().parent.parent / "resources" / "samples" / "akqi-education-2021.json"
)
CLERK_ERRORS = (
    StoreError,
    ExchangeError,
    FileWriteError,
    ExportError,
    DatabaseError,
    AggregateError,
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
        self.store = store

    @property
    def path(self) -> Path:
        """The database file."""
        return self.store.path

    def attempt(self, work: Callable[[], T]) -> T | None:
        """Run `work`; a refusal the clerk can cause is said on `error` and gives None."""
        try:
            return work()
        except CLERK_ERRORS as refusal:
            self.error.emit(str(refusal))
            return None

    def reports(self, *, deleted: bool = False) -> list[ReportSummary]:
        return self.store.list_reports(deleted=deleted)

    def has(self, report_id: int) -> bool:
        return any(s.id == report_id for s in self.store.list_reports())

    def session(self, report_id: int) -> ReportSession | None:
        """The report opened for editing, or None (said on `error`) when it cannot be."""
        return self.attempt(lambda: ReportSession(self.store, report_id))

    def create(self, agency: str, year: int) -> int | None:
        """A new report of the agency for the year; the statistics period is that year."""
        report = Report(
            format=for_year(year),
            year=year,
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
        )
        report.agency.name = report.signing_unit = agency.strip()
        return self.attempt(lambda: self.store.create(report))

    def add(self, report: Report) -> int | None:
        """Store a report made elsewhere (a sum of reports) as a new one."""
        return self.attempt(lambda: self.store.create(report))

    def import_published(self, parent: QWidget, output: ReportOutput) -> int | None:
        """导入已发布的年报: the file chooser, the reading checked by the clerk, stored as new."""
        from ui.import_dialog import import_published  # the readers load when first needed

        return import_published(parent, self.store, output=output)

    def open_file(self, path: Path) -> tuple[int, bool] | None:
        """Store an exchange file, or find it when the same report is stored already.

        Returns the id and whether the file was imported (False: it was already there).
        """

        def work() -> tuple[int, bool]:
            report = read_report(path)
            for summary in self.store.list_reports():
                if (summary.agency, summary.year) == (report.agency.name, report.year):
                    stored = self.store.load(summary.id)
                    if dumps_report(stored) == dumps_report(report):
                        return summary.id, False
            return self.store.create(report), True

        return self.attempt(work)

    def sample(self) -> int | None:
        """The sample report: the copy made before, if there is one."""
        opened = self.open_file(SAMPLE)
        return None if opened is None else opened[0]

    def find(self, words: list[str]) -> int | None:
        """The report named by its id or 「机关名称 年度」."""
        return self.attempt(lambda: find_report(self.store, words))

    def duplicate(self, report_id: int) -> int | None:
        return self.attempt(lambda: self.store.duplicate(report_id))

    def next_year(self, report_id: int) -> int | None:
        return self.attempt(lambda: self.store.next_year(report_id))

    def delete(self, report_id: int) -> bool:
        return self.attempt(lambda: self.store.delete(report_id) or True) is not None

    def undelete(self, report_id: int) -> bool:
        return self.attempt(lambda: self.store.restore(report_id) or True) is not None

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
            restored = self.attempt(
                lambda: database.restore_backup(backup, path, SCHEMA_VERSION) or True
            )
        finally:
            self.store = Store(path, exclusive=True)
        return restored is not None

    def close(self) -> None:
        self.store.close()
