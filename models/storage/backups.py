"""Backup copies beside the database, and putting one back without losing what it replaces.

Backups live in `<db>.backups/`. Everything that writes there (the backup taken at each open, the
pruning, a restore) holds the folder's lock `<db>.backups/.lock`, so processes running at once never
trip over each other; a `.partial` copy found under the lock was left by a killed process.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from models.errorlog import logger
from models.files import (
    database_files,
    is_sqlite_file,
    resolved,
    same_file,
)
from models.i18n import _
from models.os_errors import os_reason
from models.storage import database
from models.storage.backup_info import KEPT_SUFFIX
from models.storage.database import (
    DatabaseError,
    backup_folder,
    backup_stamp,
    list_backups,
    sqlite_reason,
)
from models.storage.locks import FileLock

BACKUPS_KEPT = 10
DAYS_KEPT = 30  # days before the newest copies with one copy each


def take_backup(path: Path, *, now: Callable[[], datetime] = datetime.now) -> Path | None:
    """Copy the database with SQLite's backup API, keeping the newest BACKUPS_KEPT copies and
    the newest of each of DAYS_KEPT days before them.

    Nothing is copied when the newest backup is younger than the last change to the database.
    """
    path = Path(path)
    with _folder_locked(path) as folder:
        backups = list_backups(path)
        if backups and backups[0].stat().st_mtime >= _last_change(path):
            return None
        target = folder / f"{resolved(path).stem}-{now():%Y%m%d-%H%M%S-%f}.db"
        source = database.read_only(path)
        try:
            _copy(source, target)
        finally:
            source.close()
        rotating = [b for b in list_backups(path) if not b.stem.endswith(KEPT_SUFFIX)]
        for old in _pruned(rotating):
            old.unlink(missing_ok=True)
    return target


def _pruned(rotating: list[Path]) -> list[Path]:
    """The backups to delete, newest first given: all but the newest BACKUPS_KEPT and, of the
    days before those, the newest of each of DAYS_KEPT days — a day of imports from the command
    line (a backup each) no longer pushes out every copy of last week."""
    newest, older = rotating[:BACKUPS_KEPT], rotating[BACKUPS_KEPT:]
    days = {_day(backup) for backup in newest}
    kept: list[Path] = []
    for backup in older:
        if _day(backup) not in days and len(kept) < DAYS_KEPT:
            days.add(_day(backup))
            kept.append(backup)
    return [backup for backup in older if backup not in kept]


def _day(backup: Path) -> str:
    return backup_stamp(backup)[0][:8]


def take_backup_at_open(path: Path) -> str | None:
    """Back up before opening; when that fails (a full disk), say why and open all the same."""
    try:
        take_backup(path)
    except (OSError, sqlite3.Error, DatabaseError) as error:
        logger.warning("backup of %s failed: %r", path, error)
        if isinstance(error, OSError):
            reason = os_reason(error)
        elif isinstance(error, sqlite3.Error):
            reason = sqlite_reason(error)
        else:
            reason = str(error)
        warning = _("这次打开没能备份数据库（{reason}），已有的内容都在。").format(reason=reason)
        return warning + (_("请尽快腾出磁盘空间。") if reason == _("磁盘已满") else "")
    return None


def restore_backup(backup: Path, path: Path, current: int) -> Path | None:
    """Put a backup copy in place of the database, keeping what it replaces among the backups.

    Holds the window's lock and the backup folder's; a healthy database is replaced from inside
    SQLite, under its exclusive lock, so its WAL comes along into the kept copy and no other
    process reads half a restore. Returns the kept copy (None when there was no database).
    """
    backup, path = Path(backup), database.check_path(path)
    _check_backup(backup, path)
    if database.inspect(backup, current) == 0:  # SQLite, but nothing of ours in it
        raise DatabaseError(
            _("{backup} 不是年报填报助手的数据库或备份，不能用它恢复。数据库保持原样。").format(
                backup=backup
            )
        )
    lock = database.InstanceLock(path)
    try:
        lock.acquire()  # never replace a file a window is writing to
    except DatabaseError:
        raise DatabaseError(
            _("数据库 {path} 正在窗口中打开，关闭窗口后才能用备份恢复它").format(path=path)
        ) from None
    try:
        with _folder_locked(path) as folder:
            stamp = f"{datetime.now():%Y%m%d-%H%M%S-%f}"
            kept = folder / f"{resolved(path).stem}-{stamp}{KEPT_SUFFIX}.db"
            if _healthy(path):
                _restore_in_place(backup, path, kept)
            else:
                _restore_by_replacing(backup, path, kept)
    except (OSError, sqlite3.Error) as error:
        logger.warning("restoring %s from %s failed: %r", path, backup, error)
        reason = os_reason(error) if isinstance(error, OSError) else sqlite_reason(error)
        raise DatabaseError(
            _("没能用 {backup} 恢复数据库（{reason}），数据库保持原样。").format(
                backup=backup, reason=reason
            )
        ) from None
    finally:
        lock.release()
    return kept if kept.exists() else None


# Helpers -------------------------------------------------------------------------------------


@contextmanager
def _folder_locked(path: Path) -> Iterator[Path]:
    folder = backup_folder(path)
    folder.mkdir(exist_ok=True)
    lock = FileLock(folder / ".lock")
    if not lock.acquire(timeout=database.BUSY_SECONDS):
        raise DatabaseError(_("另一个程序正在备份数据库 {path}，请稍后再试").format(path=path))
    try:
        for partial in folder.glob("*.partial"):  # left by a process killed while copying
            partial.unlink(missing_ok=True)
        yield folder
    finally:
        lock.release()


def _last_change(path: Path) -> float:
    """When the database last changed: a reader leaves an empty WAL behind, which is no change."""
    changed = path.stat().st_mtime
    try:
        wal = Path(f"{path}-wal").stat()
    except FileNotFoundError:  # another process closing the database removes its WAL
        return changed
    return max(changed, wal.st_mtime) if wal.st_size else changed


def _copy(source: sqlite3.Connection, target: Path) -> None:
    """Copy the database behind `source` to `target`, whole or not at all."""
    partial = target.with_suffix(".partial")
    try:
        _backup_into(source, partial)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _backup_into(source: sqlite3.Connection, target: Path) -> None:
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")  # a copy stands alone, no WAL beside it
    finally:
        copy.close()


def _check_backup(backup: Path, path: Path) -> None:
    if not backup.exists():
        raise DatabaseError(_("找不到备份文件 {backup}").format(backup=backup))
    if backup.is_dir():
        raise DatabaseError(_("{backup} 是文件夹，不是备份文件").format(backup=backup))
    if not backup.is_file():  # a FIFO or a device: reading it could wait forever
        raise DatabaseError(
            _("{backup} 不是普通文件（可能是管道或设备），不是备份文件").format(backup=backup)
        )
    if any(same_file(backup, own) for own in database_files(path)):
        raise DatabaseError(
            _("{backup} 就是数据库本身，不能用它恢复自己。请从备份列表中选择。").format(
                backup=backup
            )
        )


def _healthy(path: Path) -> bool:
    """Whether SQLite can read the database (else it is replaced as a file)."""
    if not is_sqlite_file(path):
        return False
    try:
        conn = database.read_only(path)
        try:
            return [row[0] for row in conn.execute("PRAGMA quick_check")] == ["ok"]
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        if (error.sqlite_errorname or "").startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
            return False
        raise


def _restore_in_place(backup: Path, path: Path, kept: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None, timeout=0)
    try:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")  # kept until closed: nobody else reads
        _wait_for_exclusive(conn, path)
        _copy(conn, kept)  # what is replaced: the database and its WAL, as SQLite reads them
        conn.execute("PRAGMA journal_mode = DELETE")  # any page size may come back
        source = database.read_only(backup)
        try:
            source.backup(conn)
        finally:
            source.close()
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()


def _wait_for_exclusive(conn: sqlite3.Connection, path: Path) -> None:
    def lock() -> None:
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")

    try:
        database.when_not_busy(lock)
    except sqlite3.OperationalError as error:
        if error.sqlite_errorname != "SQLITE_BUSY":
            raise
        raise DatabaseError(
            _("数据库 {path} 正被其他程序使用，请关闭后再恢复。数据库保持原样。").format(path=path)
        ) from None


def _restore_by_replacing(backup: Path, path: Path, kept: Path) -> None:
    """For a damaged file (SQLite cannot read it): keep it and its WAL as they are, then replace."""
    wal = Path(f"{path}-wal")
    if path.exists():
        if wal.exists():
            shutil.copyfile(wal, f"{kept}-wal")  # opening the kept copy replays it
        shutil.copyfile(path, kept.with_suffix(".partial"))
        os.replace(kept.with_suffix(".partial"), kept)
    restoring = path.with_name(f".{path.name}.restoring")
    restoring.unlink(missing_ok=True)  # left by a restore that was killed
    source = database.read_only(backup)
    try:
        _backup_into(source, restoring)
    finally:
        source.close()
    for stale in (wal, Path(f"{path}-shm")):  # another database's WAL must never be replayed
        stale.unlink(missing_ok=True)
    os.replace(restoring, path)
