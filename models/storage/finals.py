"""定稿: immutable, fingerprinted snapshots of a report, one per version."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from models.i18n import _
from models.report import Report
from models.storage.core import DRAFT, FINAL, FinalSnapshot, StoreError, StorePart, inserted_id, now


class Finals(StorePart):
    """The 定稿 snapshots of the store's reports (a part of Store)."""

    def finalize(self, report_id: int, snapshot: Callable[[Report], str]) -> FinalSnapshot:
        """Mark the report 定稿: an immutable snapshot with its SHA-256 fingerprint.

        `snapshot` checks the report as the file holds it (raising StoreError to refuse) and
        gives its content; reading, checking and copying are one write transaction, so an edit
        from another process (the window) lands wholly before it or wholly after (reopening it).
        """
        with self._transaction():
            content = snapshot(self._read(report_id))
            sha256 = hashlib.sha256(content.encode("utf-8")).hexdigest()
            at = now()
            version = self._row(report_id)["version"]
            final_id = inserted_id(
                self.db.table("finals").insert(
                    {
                        "report_id": report_id,
                        "version": version,
                        "sha256": sha256,
                        "content": content,
                        "finalized_at": at,
                    }
                )
            )
            self._conn.execute(
                "UPDATE reports SET status = ?, modified_at = ? WHERE id = ?",
                [FINAL, at, report_id],
            )
        return FinalSnapshot(final_id, report_id, version, sha256, at)

    def refinalize(self, report_id: int, content_of: Callable[[Report], str]) -> bool:
        """Mark a reopened report 定稿 again when its content is its newest snapshot's again
        (the edits that reopened it were taken back); True when it did.

        Only the draft that editing the newest 定稿 made (one version on) goes back. The
        report as loaded is compared first, without a transaction (typing in a reopened report
        pays no write for it); the file's own content is compared again in the transaction.
        """
        if not self._back_to_final(report_id, content_of(self.load(report_id))):
            return False
        with self._transaction():
            if not self._back_to_final(report_id, content_of(self._read(report_id))):
                return False
            self._conn.execute(
                "UPDATE reports SET status = ?, version = version - 1 WHERE id = ?",
                [FINAL, report_id],
            )
        return True

    def _back_to_final(self, report_id: int, content: str) -> bool:
        """Whether the report is the draft after its newest 定稿 and `content` is that 定稿's."""
        row = self._row(report_id)
        newest = self._conn.execute(
            "SELECT version, sha256 FROM finals WHERE report_id = ? ORDER BY version DESC LIMIT 1",
            [report_id],
        ).fetchone()
        return (
            row["status"] == DRAFT
            and newest is not None
            and newest[0] == row["version"] - 1
            and hashlib.sha256(content.encode("utf-8")).hexdigest() == newest[1]
        )

    def finals(self, report_id: int) -> list[FinalSnapshot]:
        return [
            FinalSnapshot(**row)
            for row in self._query(
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

    def final_content(self, final_id: int) -> str:
        """The report exactly as it was when it was marked final, as an exchange file."""
        rows = list(self._query("SELECT content FROM finals WHERE id = ?", [final_id]))
        if not rows:
            raise StoreError(_("没有编号为 {id} 的定稿").format(id=final_id))
        return rows[0]["content"]

    def status(self, report_id: int) -> tuple[str, int]:
        """(草稿/定稿 status, version) of the report."""
        row = self._row(report_id)
        return row["status"], row["version"]
