"""The history of a report's edits: every edit one durable transaction and one undo step.

A step holds the new values, the recomputed totals and the history rows that make undo survive a
restart. Editing a 定稿 first reopens it as a new draft version.
"""

from __future__ import annotations

from models.report import Field, Report, decode_field, encode_field, total_keys
from models.storage.core import DRAFT, FINAL, Change, StorePart, now


class EditHistory(StorePart):
    """The edits, undo and redo of the store's reports (a part of Store)."""

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
        watched = [*changes, *total_keys(report.format)]
        before = {loc: report.get_field(loc) for loc in dict.fromkeys(watched)}
        unconfirmed = set(report.unconfirmed)
        try:
            for location, value in changes.items():
                report.set_field(location, value)
            report.fill_totals()
            changed = [loc for loc in before if report.get_field(loc) != before[loc]]
            confirmed = unconfirmed - report.unconfirmed
            with self._transaction():
                self._reopen_if_final(report_id)
                self._conn.execute(
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
        except BaseException:
            if was_pending:
                report.unconfirmed.add(location)
            raise

    def undo(self, report_id: int) -> list[str]:
        """Undo the latest edit still done; returns the locations it changed (empty: nothing)."""
        return self._step(report_id, undo=True)

    def redo(self, report_id: int) -> list[str]:
        return self._step(report_id, undo=False)

    def next_step(self, report_id: int, *, undo: bool) -> list[Change]:
        """The changes undo (or redo) would take back (or make again) now; empty when none."""
        batch = self._next_batch(report_id, undo=undo)
        if batch is None:
            return []
        rows = self._query(
            "SELECT batch, location, old, new, at, state FROM history"
            " WHERE report_id = ? AND batch = ? ORDER BY id",
            [report_id, batch],
        )
        return [Change(**row) for row in rows]

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
        return [Change(**row) for row in self._query(sql + " ORDER BY id", params)]

    def _reopen_if_final(self, report_id: int) -> None:
        self._conn.execute(
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
        at = now()
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
                        at,
                    )
                    for loc in changed
                ],
            )
        self._conn.executemany(
            "INSERT INTO fields (report_id, location, value) VALUES (?, ?, ?)"
            " ON CONFLICT (report_id, location) DO UPDATE SET value = excluded.value",
            [(report_id, loc, encode_field(report.get_field(loc))) for loc in changed],
        )
        self._conn.execute("UPDATE reports SET modified_at = ? WHERE id = ?", [at, report_id])

    def _coalesce(self, report_id: int, report: Report, changed: list[str]) -> bool:
        """Fold a change of one location into the newest step when it changed only that."""
        if len(changed) != 1:
            return False
        rows = list(
            self._query(
                "SELECT id, location, state FROM history WHERE report_id = ?"
                " AND batch = (SELECT MAX(batch) FROM history WHERE report_id = ?)",
                [report_id, report_id],
            )
        )
        if len(rows) != 1 or rows[0]["location"] != changed[0] or rows[0]["state"] != "done":
            return False
        self._conn.execute(
            "UPDATE history SET new = ?, at = ? WHERE id = ?",
            [encode_field(report.get_field(changed[0])), now(), rows[0]["id"]],
        )
        # Typing that came back to where it started (「办公室」 → 「办公室」) leaves no step to undo.
        self._conn.execute("DELETE FROM history WHERE id = ? AND old IS new", [rows[0]["id"]])
        return True

    def _confirm(self, report_id: int, locations: set[str]) -> None:
        self._conn.executemany(
            "DELETE FROM unconfirmed WHERE report_id = ? AND location = ?",
            [(report_id, loc) for loc in locations],
        )

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
            self._query(
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
                self._conn.execute(
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
