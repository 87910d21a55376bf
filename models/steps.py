"""An undo or redo step in words, as the status bar (and the command line) says it.

「已撤销：三 申请处理 · 自然人 · （一）予以公开 5→4」: what the step changed, where, from what to what.
Totals the step recomputed are not named: the clerk changed the cells they add up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from models.checks.findings import section_of
from models.checks.text_rules import location_name
from models.format.blocks import FormatDescription
from models.i18n import _
from models.report import stored_text_shown

if TYPE_CHECKING:  # the store (and sqlite-utils) loads only where it is opened
    from models.storage.core import Change

_SHOWN_TEXT = 12  # characters of a text's old and new value shown


def typed_changes(fmt: FormatDescription, changes: list[Change]) -> list[Change]:
    """The changes of a step the clerk made, without the totals it recomputed."""
    cells = fmt.cells
    return [c for c in changes if not (c.location in cells and cells[c.location].is_total)]


def describe_step(
    fmt: FormatDescription,
    changes: list[Change],
    *,
    undo: bool,
    section_name: Callable[[str], str] | None = None,
) -> str:
    """The step in one line; `section_name` names a location's section (default: its heading)."""
    typed = typed_changes(fmt, changes) or changes
    if not typed:
        return _("没有可撤销的修改") if undo else _("没有可重做的修改")
    done = _("已撤销") if undo else _("已重做")
    first = typed[0]
    section = section_of(fmt, first.location)
    name = section_name(section) if section_name else _section_heading(fmt, section)
    place = location_name(fmt, first.location)
    # 「基本信息·成文日期」 names its section already: not 「基本信息 · 基本信息·成文日期」
    where = place if name and place.startswith(name) else " · ".join(p for p in (name, place) if p)
    if len(typed) == 1:
        old, new = (first.new, first.old) if undo else (first.old, first.new)
        return _("{done}：{where} {old}→{new}").format(
            done=done,
            where=where,
            old=_short(first.location, old),
            new=_short(first.location, new),
        )
    return _("{done}：{where} 等 {count} 处").format(done=done, where=where, count=len(typed))


def _section_heading(fmt: FormatDescription, section: str) -> str:
    return next((s.heading for s in fmt.sections if s.id == section), "")


def _short(location: str, value: str | None) -> str:
    if value is None or value == "":
        return _("（空）")
    text = " ".join(stored_text_shown(location, value).split())
    return text if len(text) <= _SHOWN_TEXT else text[:_SHOWN_TEXT] + "…"
