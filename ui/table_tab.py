"""A tab of one table: its heading above the table view. Loaded with the first table tab made
(ui/lazy_tabs.py), and with it the table's view, model, cell editor and frozen panes."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from models.format.blocks import Table
from ui.session import ReportSession
from ui.table_model import ReportTableModel
from ui.table_view import ReportTableView


class TableTab(QWidget):
    """A section's heading and its table."""

    def __init__(self, session: ReportSession, heading: str, table: Table, parent=None) -> None:
        super().__init__(parent)
        title = QLabel(heading)
        title.setStyleSheet("font-weight: bold; font-size: 15px;")
        self.view = ReportTableView(ReportTableModel(session, table))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.view)

    def focus(self, location: str) -> None:
        """Put the cursor on the cell of `location`."""
        self.view.select_key(location)
