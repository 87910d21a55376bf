"""What the parts of the store share: its errors, the records it returns, and the protocol each
part (history, finals, acknowledgements) relies on from the store it is part of."""

from __future__ import annotations

import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from models.errors import ClerkError
from models.i18n import _
from models.report import Report

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.db import Table

DRAFT, FINAL = "draft", "final"
STATUS_LABELS = {DRAFT: _("草稿"), FINAL: _("定稿")}


class StoreError(ClerkError):
    """Something the clerk asked for cannot be done; the message says why in Chinese."""


class AlreadyStored(StoreError):
    """The agency has a report for the year already: `report_ids` names it (them)."""

    def __init__(self, agency: str, year: int, report_ids: list[int]) -> None:
        super().__init__(
            _("{agency}{year} 年的报告已经存在（编号 {id}）").format(
                agency=agency, year=year, id="、".join(map(str, report_ids))
            )
        )
        self.report_id = report_ids[0]


@dataclass(frozen=True)
class ReportSummary:
    id: int
    agency: str
    year: int | None
    status: str
    version: int
    modified_at: str
    error_count: int
    deleted_at: str | None


@dataclass(frozen=True)
class Change:
    """One recorded change of one location."""

    batch: int
    location: str
    old: str | None
    new: str | None
    at: str
    state: str  # done, undone (redo possible) or dropped (undone, then overwritten by a new edit)


@dataclass(frozen=True)
class FinalSnapshot:
    id: int
    report_id: int
    version: int
    sha256: str
    finalized_at: str

    @property
    def short_fingerprint(self) -> str:
        return self.sha256[:12]


class StorePart(ABC):
    """A part of the store (history, finals, acknowledgements) as it sees the store: the
    connection, transactions, a report's row and its object; Store provides them."""

    _conn: sqlite3.Connection

    @property
    @abstractmethod
    def db(self) -> Database:
        """sqlite-utils over the connection, for inserts (loaded when first written)."""

    def _query(self, sql: str, params: Sequence[object] = ()) -> list[dict[str, Any]]:
        """The rows of a query as dictionaries (plain sqlite3: reading needs no sqlite-utils)."""
        cursor = self._conn.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    @abstractmethod
    def load(self, report_id: int) -> Report:
        """The report, loaded once and kept."""

    @abstractmethod
    def _read(self, report_id: int) -> Report:
        """The report as the file holds it now (another process may have changed it)."""

    @abstractmethod
    def _transaction(self) -> AbstractContextManager[None]:
        """One write transaction (BEGIN IMMEDIATE … COMMIT), refused on a read-only database."""

    @abstractmethod
    def _row(self, report_id: int) -> dict[str, Any]:
        """The report's row of the reports table; StoreError when there is none."""


def now() -> str:
    """The time a change is recorded with: local, with its offset, to the millisecond."""
    return datetime.now().astimezone().isoformat(timespec="milliseconds")


def inserted_id(table: Table) -> int:
    """The id of the row `table` has just inserted."""
    assert table.last_rowid is not None  # set by every insert
    return table.last_rowid
