"""A Qt item model that shows one official table as the template prints it.

The whole grid is the model — title rows, merged headers, row labels and numbers — so the view
looks like the paper table; only the numbers the clerk types are editable. The model only adapts:
values come from the report, markers from the session's findings, edits go to the session.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QApplication, QStyle

from models.checks.findings import Severity
from models.format.blocks import Table, Value
from models.format.layout import GridCell, Kind, TableLayout, table_layout
from models.i18n import _
from models.report import Field, InputError, format_value, parse_cell_text
from ui.session import ReportSession

HEADER_BACKGROUND = QColor("#eef1f5")
TOTAL_BACKGROUND = QColor("#e6eef7")
ERROR_BACKGROUND = QColor("#f8d7da")
HINT_BACKGROUND = QColor("#fff6d6")
BLANK_BACKGROUND = QColor("#fffbea")

Index = QModelIndex | QPersistentModelIndex

# Computed once: combining Qt flags and building brushes on every paint costs more than the paint.
_READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE = _READ_ONLY | Qt.ItemFlag.ItemIsEditable
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_CENTER = int(Qt.AlignmentFlag.AlignCenter)
_DISPLAY, _EDIT = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole
_MARKER_ROLES = [
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.ToolTipRole,
]


class ReportTableModel(QAbstractTableModel):
    """The grid of `table` for the session's report.

    A value typed into a cell that is not taken — text that is not a value, or a save the
    database refused — is told by `refused`, never by an exception or a "last error" to look up
    (see docs/decisions.md).
    """

    refused = Signal(QPersistentModelIndex, str, str)  # the cell, the text not taken, and why

    def __init__(self, session: ReportSession, table: Table, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.table = table
        self.layout: TableLayout = table_layout(table)
        self._cells: dict[tuple[int, int], GridCell] = {
            (c.row, c.column): c for c in self.layout.cells
        }
        self._positions = {c.key: (c.row, c.column) for c in self.layout.cells if c.key}
        self._held: tuple[str, str] | None = None  # (key, text) shown while it is being saved
        # Built once: data() runs for every role of every painted cell.
        self._brushes = {
            color.name(): QBrush(color)
            for color in (
                HEADER_BACKGROUND,
                TOTAL_BACKGROUND,
                ERROR_BACKGROUND,
                HINT_BACKGROUND,
                BLANK_BACKGROUND,
            )
        }
        self._bold = QFont()
        self._bold.setBold(True)
        self._plain = QFont()
        style = QApplication.style()
        self._icons = {
            Severity.ERROR: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            Severity.HINT: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
        }
        self._markers = self._current_markers()
        session.changed.connect(self._on_changed)
        session.findings_changed.connect(self._on_findings)

    # Shape -----------------------------------------------------------------------------------

    def rowCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else self.layout.rows

    def columnCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else self.layout.columns

    def cell(self, index: Index) -> GridCell | None:
        return self._cells.get((index.row(), index.column()))

    def index_of(self, key: str) -> QModelIndex:
        row, column = self._positions[key]
        return self.index(row, column)

    def keys(self) -> set[str]:
        return set(self._positions)

    def flags(self, index: Index) -> Qt.ItemFlag:
        cell = self._cells.get((index.row(), index.column()))
        if cell is None:
            return Qt.ItemFlag.NoItemFlags
        return _EDITABLE if cell.kind is Kind.VALUE else _READ_ONLY

    # Data ------------------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        cell = self._cells.get((index.row(), index.column()))
        if cell is None:
            return None
        if cell.key:
            return self._value_data(cell, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return _vertical(cell.text) if cell.tall else cell.text
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._brushes[HEADER_BACKGROUND.name()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if cell.kind is Kind.LABEL and cell.rowspan == 1 else _CENTER
        if role == Qt.ItemDataRole.FontRole and cell.kind in (Kind.TITLE, Kind.HEADER):
            return self._bold if cell.kind is Kind.TITLE else self._plain
        if role == Qt.ItemDataRole.ToolTipRole and cell.kind is Kind.CORNER:
            return cell.text
        if role == Qt.ItemDataRole.SizeHintRole and cell.kind is Kind.LABEL and cell.rowspan > 1:
            return QSize(10, 10)  # a label over many rows must not make its first row tall
        return None

    def _value_data(self, cell: GridCell, role: int):
        if role == _DISPLAY or role == _EDIT:
            if self._held is not None and self._held[0] == cell.key:
                return self._held[1]
            return format_value(self.session.report.values.get(cell.key))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _CENTER
        findings = self.session.by_location.get(cell.key, [])
        worst = _worst(findings)
        if role == Qt.ItemDataRole.BackgroundRole:
            if worst is Severity.ERROR:
                return self._brushes[ERROR_BACKGROUND.name()]
            if worst is Severity.HINT:
                blank_only = all(f.rule == "blank" for f in findings)
                return self._brushes[(BLANK_BACKGROUND if blank_only else HINT_BACKGROUND).name()]
            if cell.kind is Kind.TOTAL:
                return self._brushes[TOTAL_BACKGROUND.name()]
            return None
        if role == Qt.ItemDataRole.DecorationRole and worst is not None:
            if worst is Severity.HINT and all(f.rule == "blank" for f in findings):
                return None
            return self._icons[worst]
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"{f.severity.value}：{f.message}" for f in findings]
            if cell.kind is Kind.TOTAL:
                lines.insert(0, _("自动合计，不需填写"))
            return "\n".join(lines) or None
        if role == Qt.ItemDataRole.FontRole and cell.kind is Kind.TOTAL:
            return self._bold
        return None

    def setData(self, index: Index, value: object, role: int = _EDIT) -> bool:
        """Parse what was typed and save it; a value not taken changes nothing and is told by
        `refused`."""
        self._held = None
        cell = self.cell(index)
        if cell is None or cell.kind is not Kind.VALUE or role != _EDIT:
            return False
        text = str(value)
        try:
            parsed = self._parse(cell, text)
        except InputError as error:
            self.refused.emit(QPersistentModelIndex(index), text, str(error))
            return False
        if not self.save({cell.key: parsed}):
            self.refused.emit(QPersistentModelIndex(index), text, self.session.unsaved[cell.key])
            return False
        return True

    def hold(self, index: Index, text: str) -> bool:
        """Show `text` in its cell until the next setData, so the cell can be repainted before
        the durable commit (nothing about it claims to be saved); False, told by `refused`, when
        it is not a value."""
        cell = self.cell(index)
        if cell is None or cell.kind is not Kind.VALUE:
            return False
        try:
            parsed = self._parse(cell, text)
        except InputError as error:
            self.refused.emit(QPersistentModelIndex(index), text, str(error))
            return False
        self._held = (cell.key, format_value(parsed))
        return True

    def _parse(self, cell: GridCell, text: str) -> Value | None:
        """The value `text` means in `cell`; InputError naming the cell when it means none."""
        ref = self.session.report.format.cells[cell.key]
        try:
            return parse_cell_text(text, ref.value_type)
        except InputError as error:
            raise InputError(_("{cell}：{reason}").format(cell=ref.name, reason=error)) from None

    def save(self, changes: Mapping[str, Field]) -> bool:
        """Save through the session; False when the database refused (the session's `unsaved`
        keeps why, and its `refused` tells the window)."""
        return self.session.edit(changes) is not None

    def key_at(self, index: Index) -> str:
        """The cell key at `index` ("" for headings and labels)."""
        cell = self.cell(index)
        return cell.key if cell is not None else ""

    # Updates ---------------------------------------------------------------------------------

    def _on_changed(self, locations: list[str]) -> None:
        for location in locations:
            position = self._positions.get(location)
            if position is not None:
                index = self.index(*position)
                self.dataChanged.emit(index, index)

    def _on_findings(self) -> None:
        """Repaint the cells whose markers changed (a total above an edited cell, a balance)."""
        markers = self._current_markers()
        for key in self._markers.keys() | markers.keys():
            if self._markers.get(key) != markers.get(key):
                index = self.index(*self._positions[key])
                self.dataChanged.emit(index, index, _MARKER_ROLES)
        self._markers = markers

    def _current_markers(self) -> dict[str, tuple]:
        """What each cell's marker shows: its findings' severities, rules and messages."""
        by_location = self.session.by_location
        return {
            key: tuple((f.severity, f.rule, f.message) for f in by_location[key])
            for key in self._positions
            if key in by_location
        }


def _vertical(text: str) -> str:
    """One character a line, punctuation kept with the character before it."""
    lines: list[str] = []
    for char in text:
        if lines and char in "、，。）":
            lines[-1] += char
        else:
            lines.append(char)
    return "\n".join(lines)


def _worst(findings) -> Severity | None:
    if any(f.severity is Severity.ERROR for f in findings):
        return Severity.ERROR
    return Severity.HINT if findings else None
