"""Opening the drafts database safely: identify, check, back up, migrate — or refuse and say why.

A file that is not ours, is damaged, or comes from a newer program is refused before anything is
written to it. Every successful open first takes a rotating backup copy beside the database.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from models.files import os_reason
from models.i18n import _

APPLICATION_ID = 0x4E424731  # "NBG1": marks the file as a 年报填报助手 database
SQLITE_HEADER = b"SQLite format 3\x00"
BACKUPS_KEPT = 10
ENV_DB = "NIANBAO_DB"


class DatabaseError(Exception):
    """The database cannot be used; the message says why in Chinese, `backups` what could help."""

    def __init__(self, message: str, backups: list[Path] | None = None) -> None:
        super().__init__(message)
        self.backups = backups or []


@dataclass(frozen=True)
class Migration:
    version: int
    statements: tuple[str, ...]


def default_path() -> Path:
    """The database in the platform's usual data folder, unless NIANBAO_DB names another."""
    if os.environ.get(ENV_DB):
        return Path(os.environ[ENV_DB])
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "nianbao" / "nianbao.db"


def connect(
    path: Path, migrations: tuple[Migration, ...], *, backup: bool = True
) -> sqlite3.Connection:
    """Open (or create) the database at `path`, ready for durable edits.

    Raises DatabaseError, leaving the file byte-for-byte as it was, when it is not a 年报填报助手
    database, is damaged, comes from a newer program, or its folder cannot be written.
    """
    path = Path(path)
    current = migrations[-1].version
    exists = path.exists() and path.stat().st_size > 0
    if exists:
        _check_header(path)
    _check_writable(path)
    if exists:
        version = inspect(path, current)
        if backup:
            take_backup(path)
    else:
        version = 0
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL: a commit that has returned survives a power cut (WAL + NORMAL may lose it).
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        if version < current:
            _migrate(conn, migrations, version)
    except sqlite3.OperationalError as error:
        raise DatabaseError(
            _("无法打开数据库 {path}：{reason}").format(path=path, reason=error)
        ) from None
    return conn


def inspect(path: Path, current: int) -> int:
    """The schema version of an existing file, after checking it is ours and undamaged."""
    backups = list_backups(path)
    _check_header(path)
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            application_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            objects = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise DatabaseError(
            _("数据库 {path} 已损坏，无法读取（{reason}），未做任何改动。").format(
                path=path, reason=error
            ),
            backups,
        ) from None
    if application_id != APPLICATION_ID and (application_id != 0 or version or objects):
        raise DatabaseError(
            _("{path} 是其他程序的数据库，不是年报填报助手的，未做任何改动。").format(path=path)
        )
    if problems != ["ok"]:
        raise DatabaseError(
            _("数据库 {path} 已损坏（{problem}），未做任何改动。").format(
                path=path, problem=problems[0]
            ),
            backups,
        )
    if version > current:
        raise DatabaseError(
            _(
                "数据库 {path} 由更新版本的年报填报助手建立（数据结构第 {version} 版，"
                "本程序只认识到第 {current} 版），请升级程序后再打开。未做任何改动。"
            ).format(path=path, version=version, current=current)
        )
    return version


def _check_header(path: Path) -> None:
    with open(path, "rb") as file:
        header = file.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise DatabaseError(
            _("{path} 不是年报填报助手的数据库文件，未做任何改动。").format(path=path),
            list_backups(path),
        )


def _check_writable(path: Path) -> None:
    """Edits need the file and its folder (for the WAL and the backups) to be writable."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        probe = path.parent / f".{path.name}.probe"
        probe.write_bytes(b"")
        probe.unlink()
        if path.exists():
            with open(path, "r+b"):
                pass
    except OSError as error:
        raise DatabaseError(
            _("数据库 {path} 所在位置不可写（{reason}），无法保存修改。未做任何改动。").format(
                path=path, reason=os_reason(error)
            )
        ) from None


def _migrate(conn: sqlite3.Connection, migrations: tuple[Migration, ...], version: int) -> None:
    """Bring the schema forward in one transaction (a backup was taken before)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for migration in migrations:
            if migration.version > version:
                for statement in migration.statements:
                    conn.execute(statement)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {migrations[-1].version}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


# Backups -------------------------------------------------------------------------------------


def backup_folder(path: Path) -> Path:
    return Path(path).parent / f"{Path(path).name}.backups"


def list_backups(path: Path) -> list[Path]:
    """Backup copies of the database, newest first."""
    folder = backup_folder(path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.db"), reverse=True)


def take_backup(path: Path, *, now: Callable[[], datetime] = datetime.now) -> Path | None:
    """Copy the database with SQLite's backup API, keeping the newest BACKUPS_KEPT copies.

    Nothing is copied when the newest backup is younger than the last change to the database.
    """
    path = Path(path)
    backups = list_backups(path)
    changed = max(p.stat().st_mtime for p in (path, Path(f"{path}-wal")) if p.exists())
    if backups and backups[0].stat().st_mtime >= changed:
        return None
    folder = backup_folder(path)
    folder.mkdir(exist_ok=True)
    target = folder / f"{path.stem}-{now():%Y%m%d-%H%M%S-%f}.db"
    partial = target.with_suffix(".partial")
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
    finally:
        source.close()
    os.replace(partial, target)
    for old in list_backups(path)[BACKUPS_KEPT:]:
        old.unlink()
    return target


def restore_backup(backup: Path, path: Path, current: int) -> None:
    """Put a backup copy in place of the database; the replaced file is kept among the backups."""
    inspect(Path(backup), current)
    path = Path(path)
    if path.exists():
        folder = backup_folder(path)
        folder.mkdir(exist_ok=True)
        os.replace(path, folder / f"replaced-{datetime.now():%Y%m%d-%H%M%S-%f}.db.old")
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    partial = path.with_name(f".{path.name}.restoring")
    source = sqlite3.connect(f"{Path(backup).resolve().as_uri()}?mode=ro", uri=True)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    os.replace(partial, path)


# One window per database ---------------------------------------------------------------------


class InstanceLock:
    """An OS lock on `<db>.lock`, held while a window has the database open.

    The OS releases it when the process ends, however it ends, so a crash never leaves it stuck.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(f"{path}.lock")
        self._file: BinaryIO | None = None

    def acquire(self) -> None:
        """Take the lock, or raise DatabaseError when another window holds it."""
        file = open(self.path, "a+b")  # noqa: SIM115 - held open for the life of the lock
        try:
            if sys.platform == "win32":
                import msvcrt

                file.seek(0)
                msvcrt.locking(file.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            file.close()
            raise DatabaseError(
                _("数据库 {path} 已在另一个窗口中打开。请切换到那个窗口继续填写。").format(
                    path=self.path.with_suffix("")
                )
            ) from None
        self._file = file

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing releases the lock on every platform
            self._file = None
