"""The 提示 a clerk has checked (已核实), each with its 说明, kept with the report."""

from __future__ import annotations

from models.checks.findings import Finding, Severity
from models.i18n import _
from models.report import Acknowledgement, Report
from models.storage.core import StoreError, StorePart, now


class Acknowledgements(StorePart):
    """Marking 提示 已核实 and opening them again (a part of Store)."""

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
        report.acknowledged[finding.key] = Acknowledgement(finding.message, note, now())
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
                self._conn.execute("DELETE FROM acknowledged WHERE report_id = ?", [report_id])
                self._write_acknowledgements(report_id, report.acknowledged)
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
            for row in self._query(
                "SELECT finding, message, note, at FROM acknowledged WHERE report_id = ?",
                [report_id],
            )
        }
