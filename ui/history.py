"""A cell's (or a text's) history: every recorded change, newest first, from the store."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout

from models.i18n import _
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
    return lines


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
