"""What a backup copy of the database holds, read without changing it (no Qt, no store)."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from models.i18n import _

# take_backup names copies nianbao-20260125-160531-123456.db; the replaced file carries its time too.
_STAMP = re.compile(r"(\d{8}-\d{6})")
KEPT_SUFFIX = "-before-restore"  # what a restore replaced: listed, never pruned


@dataclass(frozen=True)
class BackupInfo:
    """One backup: when it was taken and what it holds (or why it cannot be read)."""

    path: Path
    taken_at: datetime
    reports: int | None = None  # reports outside the bin
    titles: tuple[str, ...] = ()  # 「机关名称 年度」 of each, as the list shows them
    last_edit: datetime | None = None
    problem: str = ""

    @property
    def before_restore(self) -> bool:
        """The database a restore replaced (kept, so the clerk can go back to it)."""
        return self.path.stem.endswith(KEPT_SUFFIX)


def describe_backup(path: Path) -> BackupInfo:
    """Open the copy read-only and count its reports; a damaged copy says so instead."""
    path = Path(path)
    taken_at = _taken_at(path)
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            rows = conn.execute(
                """SELECT a.value, y.value, r.modified_at FROM reports r
                   LEFT JOIN fields a ON a.report_id = r.id AND a.location = 'agency.name'
                   LEFT JOIN fields y ON y.report_id = r.id AND y.location = 'year'
                   WHERE r.deleted_at IS NULL ORDER BY r.modified_at DESC"""
            ).fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return BackupInfo(path, taken_at, problem=_("无法读取（文件可能已损坏）"))
    titles = tuple(
        f"{agency or _('（未填机关名称）')} {year or ''}".strip() for agency, year, _m in rows
    )
    last = max((modified for _a, _y, modified in rows if modified), default=None)
    return BackupInfo(
        path,
        taken_at,
        reports=len(rows),
        titles=titles,
        last_edit=datetime.fromisoformat(last) if last else None,
    )


def _taken_at(path: Path) -> datetime:
    match = _STAMP.search(path.name)
    if match:
        return datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
    return datetime.fromtimestamp(path.stat().st_mtime)
