"""The drafts store: many reports in one SQLite file, every edit durable the moment it is made.

One edit (a cell, a text, a paste) is one transaction: the new values, the recomputed totals, the
history rows that make undo survive a restart, and the report's error count. Reports are cached in
memory once loaded, so the window and the checks read the same object the store writes.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from models import database
from models.database import InstanceLock, sqlite_reason
from models.exchange import dumps_report, loads_report
from models.files import protect
from models.findings import Finding, Severity
from models.i18n import _
from models.places import default_path
from models.report import (
    YEARS,
    Acknowledgement,
    Field,
    Report,
    decode_field,
    encode_field,
    total_keys,
)
from models.rules import check
from models.schema import MIGRATIONS

if TYPE_CHECKING:
    from sqlite_utils.db import Table

DRAFT, FINAL = "draft", "final"
STATUS_LABELS = {DRAFT: _("草稿"), FINAL: _("定稿")}


class StoreError(Exception):
    """Something the clerk asked for cannot be done; the message says why in Chinese."""


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


class Store:
    """The drafts database. `exclusive` (the window) refuses a file another window has open.

    A database that cannot be written opens `read_only` (the reason): every edit is refused.
    """

    def __init__(self, path: Path | None = None, *, exclusive: bool = False) -> None:
        self.path = database.check_path(path if path is not None else default_path())
        protect(self.path)  # no export of this process may replace it or its files
        self._lock = InstanceLock(self.path) if exclusive else None
        if self._lock:
            self._lock.acquire()
        try:
            opened = database.connect(self.path, MIGRATIONS)
        except BaseException:
            self.close()
            raise
        self._conn = opened.conn
        self.read_only = opened.read_only
        # What the clerk should know about this opening (read-only, no backup for a full disk).
        self.warnings = opened.warnings
        import sqlite_utils  # here, not at the top: commands that only read files start faster

        self.db = sqlite_utils.Database(self._conn, execute_plugins=False)
        self._reports: dict[int, Report] = {}
        # Checking is done once per edit, with last year's report, and kept for the window.
        self._findings: dict[int, list[Finding]] = {}
        self._previous_ids: dict[tuple[str, int], int | None] = {}

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
        """Store a new report (blank when none is given) and return its id."""
        self._previous_ids.clear()
        with self._transaction():
            return self._insert(report or Report())

    def _insert(self, report: Report) -> int:
        """Write a new report inside the caller's transaction; its id."""
        now = _now()
        report_id = _inserted_id(
            self.db.table("reports").insert(
                {"format_id": report.format_id, "created_at": now, "modified_at": now}
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
        self._set_error_count(report_id, report)
        return report_id

    def load(self, report_id: int) -> Report:
        """The report, from the cache once loaded; StoreError when there is no such report."""
        if report_id not in self._reports:
            self._reports[report_id] = self._read(report_id)
        return self._reports[report_id]

    def _read(self, report_id: int) -> Report:
        """The report as the file holds it now (another process may have changed it)."""
        row = self._row(report_id)
        report = Report(format_id=row["format_id"])
        fmt = report.format
        for item in self.db.query(
            "SELECT location, value FROM fields WHERE report_id = ?", [report_id]
        ):
            report.set_field(item["location"], decode_field(fmt, item["location"], item["value"]))
        report.unconfirmed = {
            r["location"]
            for r in self.db.query(
                "SELECT location FROM unconfirmed WHERE report_id = ?", [report_id]
            )
        }
        report.acknowledged = self._read_acknowledgements(report_id)
        return report

    def list_reports(self, *, deleted: bool = False) -> list[ReportSummary]:
        """Reports (or, with deleted=True, the bin), by agency then newest year first."""
        rows = self.db.query(
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

    def findings(self, report_id: int) -> list[Finding]:
        """Every finding of the report, including the cross-year ones (kept until it changes)."""
        if report_id not in self._findings:
            report = self.load(report_id)
            self._findings[report_id] = check(report, self._previous_of(report))
        return self._findings[report_id]

    def rename(self, report_id: int, agency: str) -> None:
        """Change the agency name (recorded in the history like any edit)."""
        self.edit(report_id, {"agency.name": agency})

    def duplicate(self, report_id: int) -> int:
        copy = loads_report(dumps_report(self.load(report_id)).encode())
        return self.create(copy)

    def next_year(self, report_id: int) -> int:
        """Start next year's report from this one (see Report.next_year).

        Looking for an existing next-year report and making one is one transaction: two
        processes asking at once make one report, and the other is told it exists.
        """
        self._previous_ids.clear()
        with self._transaction():
            report = self._read(report_id)
            if report.year is None:
                raise StoreError(_("请先填写报告年度"))
            if report.year + 1 not in YEARS:
                raise StoreError(_("{year} 年之后不能再新建年度报告").format(year=report.year))
            existing = self.find_all(report.agency.name, report.year + 1)
            if existing:
                raise StoreError(
                    _("{agency} {year} 年的报告已经存在（编号 {id}）").format(
                        agency=report.agency.name,
                        year=report.year + 1,
                        id="、".join(map(str, existing)),
                    )
                )
            return self._insert(report.next_year())

    def delete(self, report_id: int) -> None:
        """Move the report to the bin, from where restore() brings it back."""
        self._row(report_id)
        with self._transaction():
            self.db.execute("UPDATE reports SET deleted_at = ? WHERE id = ?", [_now(), report_id])

    def restore(self, report_id: int) -> None:
        """Take the report back out of the bin; StoreError when it is not in the bin."""
        self._previous_ids.clear()
        with self._transaction():
            if self._row(report_id)["deleted_at"] is None:
                raise StoreError(_("报告 {id} 不在回收站中，无需取回").format(id=report_id))
            self.db.execute("UPDATE reports SET deleted_at = NULL WHERE id = ?", [report_id])

    # Edits -----------------------------------------------------------------------------------

    def edit(
        self, report_id: int, changes: dict[str, Field], *, coalesce: bool = False
    ) -> list[str]:
        """Apply changes as one durable transaction and one undo step; totals follow.

        Returns every location whose value changed (the edited ones and the totals). Editing a
        final report first reopens it as a new draft version. With `coalesce` (typing goes on in
        the same text), a change of the same single location as the newest step joins that step,
        so that undo takes back a stretch of typing rather than one character.
        """
        report = self.load(report_id)
        # What can change: the edited locations and the totals that follow them.
        watched = [*changes, *total_keys(report.format_id)]
        before = {loc: report.get_field(loc) for loc in dict.fromkeys(watched)}
        unconfirmed = set(report.unconfirmed)
        try:
            for location, value in changes.items():
                report.set_field(location, value)
            report.fill_totals()
            changed = [loc for loc in before if report.get_field(loc) != before[loc]]
            confirmed = unconfirmed - report.unconfirmed
            if {"agency.name", "year"} & set(changed):
                self._previous_ids.clear()  # which report is whose last year may have changed
            with self._transaction():
                self._reopen_if_final(report_id)
                self.db.execute(
                    "UPDATE history SET state = 'dropped' WHERE report_id = ? AND state = 'undone'",
                    [report_id],
                )
                folded = coalesce and self._coalesce(report_id, report, changed)
                self._write(report_id, report, before, changed, record=not folded)
                self._confirm(report_id, confirmed)
        except BaseException:
            _put_back(report, before, unconfirmed)
            raise
        return changed

    def confirm(self, report_id: int, location: str) -> None:
        """Mark a location copied from last year as checked, without changing it."""
        report = self.load(report_id)
        was_pending = location in report.unconfirmed
        report.unconfirmed.discard(location)
        try:
            with self._transaction():
                self._confirm(report_id, {location})
                self._set_error_count(report_id, report)
        except BaseException:
            if was_pending:
                report.unconfirmed.add(location)
            raise

    def undo(self, report_id: int) -> list[str]:
        """Undo the latest edit still done; returns the locations it changed (empty: nothing)."""
        return self._step(report_id, undo=True)

    def redo(self, report_id: int) -> list[str]:
        return self._step(report_id, undo=False)

    def can_undo(self, report_id: int) -> bool:
        return self._next_batch(report_id, undo=True) is not None

    def can_redo(self, report_id: int) -> bool:
        return self._next_batch(report_id, undo=False) is not None

    def history(self, report_id: int, location: str | None = None) -> list[Change]:
        """Every recorded change of the report (or of one location), oldest first."""
        sql = "SELECT batch, location, old, new, at, state FROM history WHERE report_id = ?"
        params: list = [report_id]
        if location is not None:
            sql += " AND location = ?"
            params.append(location)
        return [Change(**row) for row in self.db.query(sql + " ORDER BY id", params)]

    # Acknowledged 提示 (已核实) ---------------------------------------------------------------

    def acknowledge(self, report_id: int, finding: Finding, note: str) -> None:
        """Mark a 提示 as checked (已核实) with the clerk's 说明; it stays listed, not counted.

        It is stored with the message it has now: when its numbers change, it is open again.
        """
        if finding.severity is not Severity.HINT:
            raise StoreError(_("只有提示可以标为已核实，错误须改正"))
        note = note.strip()
        if not note:
            raise StoreError(_("请写一句说明，例如为何这一变化属实"))
        report = self.load(report_id)
        before = dict(report.acknowledged)
        report.acknowledged[finding.key] = Acknowledgement(finding.message, note, _now())
        self._save_acknowledgements(report_id, report, before)

    def unacknowledge(self, report_id: int, finding: Finding) -> None:
        """Open a 提示 marked 已核实 again."""
        report = self.load(report_id)
        before = dict(report.acknowledged)
        report.acknowledged.pop(finding.key, None)
        self._save_acknowledgements(report_id, report, before)

    def _save_acknowledgements(self, report_id: int, report: Report, before: dict) -> None:
        try:
            with self._transaction():
                self.db.execute("DELETE FROM acknowledged WHERE report_id = ?", [report_id])
                self._write_acknowledgements(report_id, report.acknowledged)
                self._set_error_count(report_id, report)
        except BaseException:
            report.acknowledged = before
            raise

    def _write_acknowledgements(self, report_id: int, acknowledged: dict) -> None:
        self._conn.executemany(
            "INSERT INTO acknowledged (report_id, finding, message, note, at) VALUES (?, ?, ?, ?, ?)",
            [(report_id, key, a.message, a.note, a.at) for key, a in sorted(acknowledged.items())],
        )

    def _read_acknowledgements(self, report_id: int) -> dict[str, Acknowledgement]:
        return {
            row["finding"]: Acknowledgement(row["message"], row["note"], row["at"])
            for row in self.db.query(
                "SELECT finding, message, note, at FROM acknowledged WHERE report_id = ?",
                [report_id],
            )
        }

    # Finals ----------------------------------------------------------------------------------

    def finalize(self, report_id: int) -> FinalSnapshot:
        """Mark the report 定稿: an immutable snapshot with its SHA-256 fingerprint.

        The report is read, checked and copied inside one write transaction: an edit from
        another process (the window) lands wholly before it or wholly after (reopening it).
        """
        self._previous_ids.clear()
        with self._transaction():
            report = self._read(report_id)
            errors = [
                f for f in check(report, self._previous_of(report)) if f.severity is Severity.ERROR
            ]
            if errors:
                raise StoreError(
                    _("报告还有 {count} 个错误，改正后才能定稿。第一个：{first}").format(
                        count=len(errors), first=errors[0].message
                    )
                )
            content = dumps_report(report)
            sha256 = hashlib.sha256(content.encode("utf-8")).hexdigest()
            now = _now()
            version = self._row(report_id)["version"]
            final_id = _inserted_id(
                self.db.table("finals").insert(
                    {
                        "report_id": report_id,
                        "version": version,
                        "sha256": sha256,
                        "content": content,
                        "finalized_at": now,
                    }
                )
            )
            self.db.execute(
                "UPDATE reports SET status = ?, modified_at = ? WHERE id = ?",
                [FINAL, now, report_id],
            )
        return FinalSnapshot(final_id, report_id, version, sha256, now)

    def finals(self, report_id: int) -> list[FinalSnapshot]:
        return [
            FinalSnapshot(**row)
            for row in self.db.query(
                "SELECT id, report_id, version, sha256, finalized_at FROM finals"
                " WHERE report_id = ? ORDER BY version",
                [report_id],
            )
        ]

    def fingerprint(self, report_id: int) -> str | None:
        """The short fingerprint printed on a 定稿; None while the report is a draft."""
        if self.status(report_id)[0] != FINAL:
            return None
        return self.finals(report_id)[-1].short_fingerprint

    def printable(self, report_id: int) -> tuple[Report, list[Finding], str | None]:
        """What to print: a 定稿 its snapshot under that snapshot's fingerprint, a draft itself.

        The text and the fingerprint come from one row, so an edit made in the meantime by
        another process (which reopens the report) never puts new text under an old fingerprint.
        """
        if self.status(report_id)[0] == FINAL:
            final = self.finals(report_id)[-1]
            snapshot = self.load_final(final.id)
            return snapshot, check(snapshot, self._previous_of(snapshot)), final.short_fingerprint
        return self.load(report_id), self.findings(report_id), None

    def load_final(self, final_id: int) -> Report:
        """The report exactly as it was when it was marked final."""
        rows = list(self.db.query("SELECT content FROM finals WHERE id = ?", [final_id]))
        if not rows:
            raise StoreError(_("没有编号为 {id} 的定稿").format(id=final_id))
        return loads_report(rows[0]["content"].encode("utf-8"))

    def status(self, report_id: int) -> tuple[str, int]:
        """(草稿/定稿 status, version) of the report."""
        row = self._row(report_id)
        return row["status"], row["version"]

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

    def _row(self, report_id: int) -> dict:
        rows = list(self.db.query("SELECT * FROM reports WHERE id = ?", [report_id]))
        if not rows:
            raise StoreError(_("没有编号为 {id} 的报告").format(id=report_id))
        return rows[0]

    def _reopen_if_final(self, report_id: int) -> None:
        self.db.execute(
            "UPDATE reports SET status = ?, version = version + 1 WHERE id = ? AND status = ?",
            [DRAFT, report_id, FINAL],
        )

    def _write(
        self,
        report_id: int,
        report: Report,
        before: dict[str, Field],
        changed: list[str],
        *,
        record: bool,
    ) -> None:
        now = _now()
        if record and changed:
            batch = (
                1
                + (
                    self._conn.execute(
                        "SELECT COALESCE(MAX(batch), 0) FROM history WHERE report_id = ?",
                        [report_id],
                    ).fetchone()[0]
                )
            )
            self._conn.executemany(
                "INSERT INTO history (report_id, batch, location, old, new, at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (
                        report_id,
                        batch,
                        loc,
                        encode_field(before[loc]),
                        encode_field(report.get_field(loc)),
                        now,
                    )
                    for loc in changed
                ],
            )
        self._conn.executemany(
            "INSERT INTO fields (report_id, location, value) VALUES (?, ?, ?)"
            " ON CONFLICT (report_id, location) DO UPDATE SET value = excluded.value",
            [(report_id, loc, encode_field(report.get_field(loc))) for loc in changed],
        )
        self.db.execute("UPDATE reports SET modified_at = ? WHERE id = ?", [now, report_id])
        self._set_error_count(report_id, report)

    def _coalesce(self, report_id: int, report: Report, changed: list[str]) -> bool:
        """Fold a change of one location into the newest step when it changed only that."""
        if len(changed) != 1:
            return False
        rows = list(
            self.db.query(
                "SELECT id, location, state FROM history WHERE report_id = ?"
                " AND batch = (SELECT MAX(batch) FROM history WHERE report_id = ?)",
                [report_id, report_id],
            )
        )
        if len(rows) != 1 or rows[0]["location"] != changed[0] or rows[0]["state"] != "done":
            return False
        self.db.execute(
            "UPDATE history SET new = ?, at = ? WHERE id = ?",
            [encode_field(report.get_field(changed[0])), _now(), rows[0]["id"]],
        )
        return True

    def _confirm(self, report_id: int, locations: set[str]) -> None:
        self._conn.executemany(
            "DELETE FROM unconfirmed WHERE report_id = ? AND location = ?",
            [(report_id, loc) for loc in locations],
        )

    def _set_error_count(self, report_id: int, report: Report) -> None:
        # Another report's cross-year findings may lean on this one: only this one stays kept.
        findings = check(report, self._previous_of(report))
        self._findings = {report_id: findings}
        errors = sum(f.severity is Severity.ERROR for f in findings)
        self.db.execute("UPDATE reports SET error_count = ? WHERE id = ?", [errors, report_id])

    def _previous_of(self, report: Report) -> Report | None:
        if report.year is None:
            return None
        key = (report.agency.name, report.year - 1)
        if key not in self._previous_ids:
            found = self.find_all(*key)
            self._previous_ids[key] = found[0] if found else None
        previous_id = self._previous_ids[key]
        return None if previous_id is None else self.load(previous_id)

    def _next_batch(self, report_id: int, *, undo: bool) -> int | None:
        sql = (
            "SELECT MAX(batch) FROM history WHERE report_id = ? AND state = 'done'"
            if undo
            else "SELECT MIN(batch) FROM history WHERE report_id = ? AND state = 'undone'"
        )
        return self._conn.execute(sql, [report_id]).fetchone()[0]

    def _step(self, report_id: int, *, undo: bool) -> list[str]:
        batch = self._next_batch(report_id, undo=undo)
        if batch is None:
            return []
        report = self.load(report_id)
        fmt = report.format
        rows = list(
            self.db.query(
                "SELECT location, old, new FROM history WHERE report_id = ? AND batch = ?"
                " ORDER BY id",
                [report_id, batch],
            )
        )
        before = {row["location"]: report.get_field(row["location"]) for row in rows}
        unconfirmed = set(report.unconfirmed)
        try:
            for row in reversed(rows) if undo else rows:
                text = row["old"] if undo else row["new"]
                report.set_field(row["location"], decode_field(fmt, row["location"], text))
            report.unconfirmed = unconfirmed  # undo does not bring back 待核对 marks
            with self._transaction():
                self._reopen_if_final(report_id)
                self._write(report_id, report, before, list(before), record=False)
                self.db.execute(
                    "UPDATE history SET state = ? WHERE report_id = ? AND batch = ?",
                    ["undone" if undo else "done", report_id, batch],
                )
        except BaseException:
            _put_back(report, before, unconfirmed)
            raise
        return list(before)


def _put_back(report: Report, before: dict[str, Field], unconfirmed: set[str]) -> None:
    """Return the report in memory to what the file holds after a step that did not commit."""
    for location, value in before.items():
        report.set_field(location, value)
    report.unconfirmed = unconfirmed


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="milliseconds")


def _inserted_id(table: Table) -> int:
    """The id of the row `table` has just inserted."""
    assert table.last_rowid is not None  # set by every insert
    return table.last_rowid
