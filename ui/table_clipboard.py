"""Rectangular blocks of an official table as tab-separated text, to and from Excel/WPS.

Copy gives every selected cell, labels too, a row a line. A paste goes in whole or not at all:
every value must fall on a cell the clerk types into and be a value there.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QModelIndex

from models.format.blocks import Value
from models.format.layout import Kind
from models.i18n import _
from models.report import InputError, parse_cell_text
from ui.table_model import Index, ReportTableModel


def block_text(model: ReportTableModel, indexes: Iterable[Index]) -> str:
    """The rectangle around `indexes` as tab-separated lines ("" when nothing is selected)."""
    places = [(i.row(), i.column()) for i in indexes]
    if not places:
        return ""
    rows = range(min(r for r, _c in places), max(r for r, _c in places) + 1)
    columns = range(min(c for _r, c in places), max(c for _r, c in places) + 1)
    lines = []
    for row in rows:
        values = []
        for column in columns:
            index = model.index(row, column)
            values.append(model.data(index) or "" if model.cell(index) else "")
        lines.append("\t".join(values))
    return "\n".join(lines) + "\n"


def pasted_changes(
    model: ReportTableModel, start: QModelIndex, text: str
) -> dict[str, Value | None]:
    """The values of a tab-separated block pasted with its first value at `start`; InputError
    with the sentence for the clerk when any of it cannot go in."""
    rows = [line.split("\t") for line in text.replace("\r\n", "\n").rstrip("\n").split("\n")]
    cells = model.session.report.format.cells
    changes: dict[str, Value | None] = {}
    for r, values in enumerate(rows, start=1):
        for c, raw in enumerate(values, start=1):
            index = model.index(start.row() + r - 1, start.column() + c - 1)
            cell = model.cell(index) if index.isValid() else None
            if cell is None or cell.kind is not Kind.VALUE:
                raise InputError(
                    _("第 {r} 行第 {c} 个值会落在表格外或合计、标题格上，未粘贴任何内容").format(
                        r=r, c=c
                    )
                )
            try:
                changes[cell.key] = parse_cell_text(raw, cells[cell.key].value_type)
            except InputError as error:
                quoted = f"「{raw.strip()}」"  # said once: the reason may quote it already
                reason = str(error) if quoted in str(error) else quoted + str(error)
                raise InputError(
                    _("第 {r} 行第 {c} 个值{reason}，未粘贴任何内容").format(
                        r=r, c=c, reason=reason
                    )
                ) from None
    return changes
