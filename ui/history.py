"""A cell's (or a text's) history: every recorded change, newest first, from the store, and
where it started when that was last year's report (沿用上年)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout

from models.i18n import _
from models.report import carried_from, encode_field, format_value, stock_of
from ui.fit import fit_dialog
from ui.session import ReportSession

STATES = {"done": "", "undone": _("（已撤销）"), "dropped": _("（已撤销，后被覆盖）")}


def history_lines(session: ReportSession, location: str) -> list[str]:
    """「2026-11-25 16:05:31　0 → 5」 for each change of the location, newest first."""
    lines = []
    for change in reversed(session.store.history(session.report_id, location)):
        old = _("（空）") if change.old in (None, "") else change.old
        new = _("（空）") if change.new in (None, "") else change.new
        when = change.at[:19].replace("T", " ")
        lines.append(f"{when}　{old} → {new}{STATES.get(change.state, '')}")
    carried = carried_line(session, location)
    return lines + ([carried] if carried else [])


def carried_line(session: ReportSession, location: str) -> str | None:
    """「沿用上年　5（2021 年报告的「…结转下年度继续办理」）」 for a carry-over or stock cell that
    started as the value of last year's report (stored in the same format); None otherwise."""
    report = session.report
    ref = report.format.cells.get(location)
    if ref is None:
        return None
    source = carried_from(ref) or (location if stock_of(ref) is not None else None)
    previous = session.service.previous_of(report) if source is not None else None
    if source is None or previous is None or source not in previous.values:
        return None
    changes = session.store.history(session.report_id, location)
    start = changes[0].old if changes else encode_field(report.values.get(location))
    if start != encode_field(previous.values[source]):
        return None  # typed over before anything was recorded: not last year's
    return _("沿用上年　{value}（{year} 年报告的「{name}」）").format(
        value=format_value(previous.values[source]),
        year=previous.year,
        name=previous.format.cells[source].name,
    )


class HistoryDialog(QDialog):
    def __init__(self, session: ReportSession, location: str, name: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("修改记录"))
        self.list = QListWidget()
        lines = history_lines(session, location)
        self.list.addItems(lines or [_("还没有修改记录")])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        title = QLabel(name)
        title.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        fit_dialog(self, QSize(520, 360))
