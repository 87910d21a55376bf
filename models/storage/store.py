"""The drafts store: many reports in one SQLite file, every edit durable the moment it is made.

The store is composed of its parts: the edit history (history.py), the 定稿 snapshots
(finals.py) and the acknowledged 提示 (acknowledgements.py). Reports are cached in memory once
loaded, so the window and the checks read the same object the store writes. The store runs no
check: models/service.py checks after each write and keeps the 错误 count the list shows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models.files import protect
from models.format.registry import get_format, newest
from models.i18n import _
from models.places import default_path
from models.report import YEARS, Report, decode_field, encode_field
from models.storage import database
from models.storage.acknowledgements import Acknowledgements
from models.storage.backups import take_backup_at_open
from models.storage.core import (
    DRAFT,
    FINAL,
    STATUS_LABELS,
    AlreadyStored,
    Change,
    FinalSnapshot,
    ReportSummary,
    StoreError,
    inserted_id,
    now,
)
from models.storage.database import CommandLock, InstanceLock, sqlite_reason
from models.storage.finals import Finals
from models.storage.history import EditHistory
from models.storage.schema import MIGRATIONS

if TYPE_CHECKING:
    from sqlite_utils import Database

__all__ = [
    "AlreadyStored",
    "DRAFT",
    "FINAL",
    "STATUS_LABELS",
    "Change",
    "FinalSnapshot",
    "ReportSummary",
    "Store",
    "StoreError",
]


class Store(EditHistory, Finals, Acknowledgements):
    """The drafts database. `exclusive` (the window) refuses a file another window has open; a
    `command` of the command line refuses a file a window has open (see database.CommandLock),
    or, `reading` only, opens it read-only.

    A database that cannot be written opens `read_only` (the reason): every edit is refused.
    """

    def __init__(
        self,
        path: Path | None = None,
        *,
        exclusive: bool = False,
        command: bool = False,
        reading: bool = False,
    ) -> None:
        self.path = database.check_path(path if path is not None else default_path())
        protect(self.path)  # no export of this process may replace it or its files
        self._lock: InstanceLock | CommandLock | None = None
        window_open = None
        if exclusive:
            self._lock = InstanceLock(self.path)
            self._lock.acquire()
        elif command:
            self._lock = CommandLock(self.path)
            if not self._lock.acquire():
                if not reading:
                    raise self._lock.refusal()
                window_open = _("正在窗口中打开")
        try:
            opened = database.connect(
                self.path, MIGRATIONS, backup=take_backup_at_open, read_only=window_open
            )
        except BaseException:
            self.close()
            raise
        self._conn = opened.conn
        self.read_only = opened.read_only
        # What the clerk should know about this opening (read-only, no backup for a full disk).
        self.warnings = opened.warnings
        self._reports: dict[int, Report] = {}

    @cached_property
    def db(self) -> Database:
        """sqlite-utils over the connection, loaded when first written (its import is 30 ms of
        the window's start, which only reads)."""
        import sqlite_utils

        return sqlite_utils.Database(self._conn, execute_plugins=False)

    def close(self) -> None:
        connection = getattr(self, "_conn", None)
        if connection is not None:
            connection.close()
            del self._conn
        if self._lock:
            self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    # Reports ---------------------------------------------------------------------------------

    def create(self, report: Report | None = None) -> int:
        """Store a new report (a blank one of the newest format when none is given); its id."""
        with self._transaction():
            return self._insert(report or Report(format=newest()))

    def add_next_year(self, report_id: int, next_of: Callable[[Report], Report]) -> int:
        """Store next year's report, made by `next_of` from this one as the file holds it now.

        Looking for an existing next-year report and making one is one transaction: two
        processes asking at once make one report, and the other is told it exists.
        """
        with self._transaction():
            report = self._read(report_id)
            if report.year is None:
                raise StoreError(_("请先填写报告年度"))
            year = report.year + 1
            if year not in YEARS:
                raise StoreError(_("{year} 年之后不能再新建年度报告").format(year=report.year))
            existing = self.find_all(report.agency.name, year)
            if existing:
                raise AlreadyStored(report.agency.name, year, existing)
            return self._insert(next_of(report))

    def load(self, report_id: int) -> Report:
        """The report, from the cache once loaded; StoreError when there is no such report."""
        if report_id not in self._reports:
            self._reports[report_id] = self._read(report_id)
        return self._reports[report_id]

    def _insert(self, report: Report) -> int:
        """Write a new report inside the caller's transaction; its id."""
        at = now()
        report_id = inserted_id(
            self.db.table("reports").insert(
                {"format_id": report.format_id, "created_at": at, "modified_at": at}
            )
        )
        self.db.table("fields").insert_all(
            {"report_id": report_id, "location": loc, "value": encode_field(value)}
            for loc in report.locations()
            if (value := report.get_field(loc)) not in (None, "")
        )
        self.db.table("unconfirmed").insert_all(
            {"report_id": report_id, "location": loc} for loc in sorted(report.unconfirmed)
        )
        self._write_acknowledgements(report_id, report.acknowledged)
        return report_id

    def _read(self, report_id: int) -> Report:
        """The report as the file holds it now (another process may have changed it)."""
        row = self._row(report_id)
        report = Report(format=get_format(row["format_id"]))
        fmt = report.format
        for item in self._query(
            "SELECT location, value FROM fields WHERE report_id = ?", [report_id]
        ):
            report.set_field(item["location"], decode_field(fmt, item["location"], item["value"]))
        report.unconfirmed = {
            r["location"]
            for r in self._query(
                "SELECT location FROM unconfirmed WHERE report_id = ?", [report_id]
            )
        }
        report.acknowledged = self._read_acknowledgements(report_id)
        return report

    def list_reports(self, *, deleted: bool = False) -> list[ReportSummary]:
        """Reports (or, with deleted=True, the bin), by agency then newest year first."""
        rows = self._query(
            f"""SELECT r.id, r.status, r.version, r.modified_at, r.error_count, r.deleted_at,
                      a.value AS agency, y.value AS year
               FROM reports r
               LEFT JOIN fields a ON a.report_id = r.id AND a.location = 'agency.name'
               LEFT JOIN fields y ON y.report_id = r.id AND y.location = 'year'
               WHERE r.deleted_at IS {"NOT" if deleted else ""} NULL
               ORDER BY agency, CAST(year AS INTEGER) DESC, r.id"""
        )
        return [
            ReportSummary(
                r["id"],
                r["agency"] or "",
                int(r["year"]) if r["year"] else None,
                r["status"],
                r["version"],
                r["modified_at"],
                r["error_count"],
                r["deleted_at"],
            )
            for r in rows
        ]

    def find(self, agency: str, year: int, *, deleted: bool = False) -> int:
        """The id of the agency's report for the year (in the bin, with `deleted`); StoreError
        when there is none or several."""
        found = self.find_all(agency, year, deleted=deleted)
        if not found and deleted:
            raise StoreError(
                _("回收站中没有 {agency} {year} 年的报告").format(agency=agency, year=year)
            )
        if not found:
            raise StoreError(_("没有 {agency} {year} 年的报告").format(agency=agency, year=year))
        if len(found) > 1:
            raise StoreError(
                _("{agency} {year} 年有 {count} 份报告（编号 {ids}），请用编号指定").format(
                    agency=agency, year=year, count=len(found), ids="、".join(map(str, found))
                )
            )
        return found[0]

    def find_all(self, agency: str, year: int, *, deleted: bool = False) -> list[int]:
        """The ids of the agency's reports for the year (not in the bin, or in it with
        `deleted`), oldest first."""
        return sorted(
            s.id
            for s in self.list_reports(deleted=deleted)
            if s.agency == agency and s.year == year
        )

    def rename(self, report_id: int, agency: str) -> None:
        """Change the agency name (recorded in the history like any edit)."""
        self.edit(report_id, {"agency.name": agency})

    def delete(self, report_id: int) -> None:
        """Move the report to the bin, from where restore() brings it back."""
        self._row(report_id)
        with self._transaction():
            self._conn.execute("UPDATE reports SET deleted_at = ? WHERE id = ?", [now(), report_id])

    def restore(self, report_id: int) -> None:
        """Take the report back out of the bin; StoreError when it is not in the bin."""
        with self._transaction():
            if self._row(report_id)["deleted_at"] is None:
                raise StoreError(_("报告 {id} 不在回收站中，无需取回").format(id=report_id))
            self._conn.execute("UPDATE reports SET deleted_at = NULL WHERE id = ?", [report_id])

    def error_count(self, report_id: int) -> int:
        """The report's 错误 count as last kept."""
        return self._row(report_id)["error_count"]

    def set_error_count(self, report_id: int, errors: int) -> None:
        """Keep the report's 错误 count for the list (the checks run outside any transaction)."""
        with self._transaction():
            self._conn.execute(
                "UPDATE reports SET error_count = ? WHERE id = ?", [errors, report_id]
            )

    def summary(self, report_id: int) -> ReportSummary:
        for summary in self.list_reports() + self.list_reports(deleted=True):
            if summary.id == report_id:
                return summary
        raise StoreError(_("没有编号为 {id} 的报告").format(id=report_id))

    # Internals -------------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        if self.read_only:
            raise StoreError(
                _("数据库 {path} 不可写（{reason}），只能查看，不能修改。").format(
                    path=self.path, reason=self.read_only
                )
            )
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise StoreError(
                _("数据库暂时无法写入：{reason}").format(reason=sqlite_reason(error))
            ) from None
        try:
            yield
            self._conn.execute("COMMIT")
        except sqlite3.OperationalError as error:  # a full disk, a file gone read-only, …
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise StoreError(
                _("这次修改没能保存（{reason}），之前的内容都在。").format(
                    reason=sqlite_reason(error)
                )
            ) from None
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise

    def _row(self, report_id: int) -> dict[str, Any]:
        rows = list(self._query("SELECT * FROM reports WHERE id = ?", [report_id]))
        if not rows:
            raise StoreError(_("没有编号为 {id} 的报告").format(id=report_id))
        return rows[0]
