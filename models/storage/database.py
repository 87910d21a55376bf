"""Opening the drafts database safely: identify, check, back up, migrate — or refuse and say why.

A file that is not ours, is damaged, or comes from a newer program is refused before anything is
written to it. Every successful open first takes a rotating backup copy beside the database; a
database that cannot be written (a read-only file or folder) is opened for reading only.
"""

from __future__ import annotations

import atexit
import errno
import re
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from models.errorlog import logger
from models.errors import ClerkError
from models.i18n import _
from models.os_errors import os_reason
from models.paths import BACKUP_FOLDER_SUFFIX, LOCK_SUFFIX, SQLITE_HEADER, resolved
from models.places import platform_path
from models.storage.locks import FileLock

APPLICATION_ID = 0x4E424731  # "NBG1": marks the file as a 年报填报助手 database
_STAMP = re.compile(r"\d{8}-\d{6}-\d{6}")
BUSY_SECONDS = 10
WAIT_FOR_A_COMMAND = 3  # seconds a window waits for a command of the command line to end  # how long a writer waits for another process before giving up


class DatabaseError(ClerkError):
    """The database cannot be used; the message says why in Chinese, `backups` what could help."""

    def __init__(self, message: str, backups: list[Path] | None = None) -> None:
        super().__init__(message)
        self.backups = backups or []


@dataclass(frozen=True)
class Migration:
    version: int
    statements: tuple[str, ...]


@dataclass
class Opened:
    """An open database; `read_only` says why it cannot be written (None: it can)."""

    conn: sqlite3.Connection
    read_only: str | None = None
    warnings: list[str] = field(default_factory=list)


def check_path(path: Path) -> Path:
    """The database file the clerk named, or DatabaseError when it cannot be one.

    Only the platform's own data folder is created; a folder that does not exist is a typing
    mistake, not a place to create.
    """
    path = Path(path)
    if str(path) in ("", "."):
        raise DatabaseError(_("请给出数据库文件名"))
    if path.is_dir():
        raise DatabaseError(_("{path} 是文件夹，请给出数据库文件名").format(path=path))
    if not path.parent.is_dir():
        if path != platform_path():
            raise DatabaseError(
                _("数据库 {path} 所在的文件夹不存在，请检查路径（不会自动新建文件夹）").format(
                    path=path
                )
            )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseError(
                _("无法建立数据文件夹 {folder}：{reason}").format(
                    folder=path.parent, reason=os_reason(error)
                )
            ) from None
    return path


def connect(
    path: Path,
    migrations: tuple[Migration, ...],
    *,
    backup: Callable[[Path], str | None] | None = None,
    read_only: str | None = None,
) -> Opened:
    """Open (or create) the database at `path`, ready for durable edits — or only for reading,
    with the reason why (`read_only`).

    Raises DatabaseError, leaving the file byte-for-byte as it was, when it is not a 年报填报助手
    database, is damaged or comes from a newer program. A file or folder that cannot be written
    is opened read-only. `backup` copies an existing file before it is opened for writing (see
    models/storage/backups.py); what it returns is a warning (a full disk), not a refusal.
    """
    path = check_path(path)
    current = migrations[-1].version
    exists = path.exists() and path.stat().st_size > 0
    version = inspect(path, current) if exists else 0
    refusal = read_only or _not_writable(path)
    if refusal is not None:
        return _open_read_only(path, exists, version < current, refusal)
    warning = backup(path) if exists and backup is not None else None
    try:
        conn = _connect_writable(path, migrations)
    except sqlite3.Error as error:
        logger.warning("opening %s: %s (%s)", path, error, error.sqlite_errorname)
        if _disk_full(path):  # SQLite cannot even make the WAL's index: reading still works
            return _open_read_only(path, exists, version < current, _("磁盘已满"))
        raise DatabaseError(
            _("无法打开数据库 {path}：{reason}").format(path=path, reason=sqlite_reason(error))
        ) from None
    return Opened(conn, warnings=[warning] if warning else [])


def inspect(path: Path, current: int) -> int:
    """The schema version of an existing file, after checking it is ours and undamaged."""
    _check_header(path)
    try:
        conn = read_only(path)
        try:
            application_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            objects = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
        finally:
            conn.close()
    except sqlite3.Error as error:
        if not (error.sqlite_errorname or "").startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
            raise DatabaseError(
                _("无法打开数据库 {path}：{reason}").format(path=path, reason=sqlite_reason(error))
            ) from None
        problems = [f"{error} ({error.sqlite_errorname})"]
        application_id = version = objects = None
    if problems != ["ok"]:
        logger.warning("damaged database %s:\n%s", path, "\n".join(problems))
        raise DatabaseError(
            _("数据库 {path} 已损坏，无法读取，未做任何改动。").format(path=path)
            + _damage_details(),
            list_backups(path),
        )
    if application_id != APPLICATION_ID and (application_id != 0 or version or objects):
        raise DatabaseError(
            _("{path} 是其他程序的数据库，不是年报填报助手的，未做任何改动。").format(path=path)
        )
    if version > current:
        raise DatabaseError(
            _(
                "数据库 {path} 由更新版本的年报填报助手建立（数据结构第 {version} 版，"
                "本程序只认识到第 {current} 版），请升级程序后再打开。未做任何改动。"
            ).format(path=path, version=version, current=current)
        )
    return version


def read_only(path: Path) -> sqlite3.Connection:
    """A connection that never writes to `path`, also in a folder that cannot be written.

    SQLite needs the WAL's index file beside a WAL database; where it can neither find nor make
    one (a read-only folder, a full disk) and no WAL holds changes, the file is read as immutable.
    A write that a killed process left unfinished (a hot rollback journal, a WAL without its
    index) is first finished by SQLite's own recovery, as any read-write opening would do:
    reading around it would show a half-written file or fail as if the file were read-only.
    Where it cannot be finished in place (a read-only folder), a copy is finished and read.
    """
    try:
        return _connect_read_only(path)
    except sqlite3.OperationalError as error:
        if not _interrupted(error, path):
            raise
    if _not_writable(Path(path)) is not None:
        return _read_a_copy(Path(path))
    _recover(path)
    return _connect_read_only(path)


# SQLite cannot make the WAL's index: a folder or disk that cannot be written.
_NO_INDEX = (
    "SQLITE_CANTOPEN",
    "SQLITE_IOERR",
    "SQLITE_READONLY_DIRECTORY",
    "SQLITE_READONLY_CANTINIT",
)
# A killed writer's work waits to be finished: a hot journal, a WAL to be indexed.
_UNFINISHED = ("SQLITE_READONLY_ROLLBACK", "SQLITE_READONLY_RECOVERY")


def _connect_read_only(path: Path) -> sqlite3.Connection:
    uri = Path(path).resolve().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as error:
        conn.close()
        if not (error.sqlite_errorname or "").startswith(_NO_INDEX) or _wal_holds_changes(path):
            raise
        conn = sqlite3.connect(f"{uri}?immutable=1", uri=True, check_same_thread=False)
    return conn


def _wal_holds_changes(path: Path) -> bool:
    wal = Path(f"{path}-wal")
    return wal.exists() and wal.stat().st_size > 0


def _interrupted(error: sqlite3.OperationalError, path: Path) -> bool:
    """Whether a read-only connection failed because a killed writer left its work unfinished."""
    name = error.sqlite_errorname or ""
    return name in _UNFINISHED or (name.startswith(_NO_INDEX) and _wal_holds_changes(path))


def _recover(path: Path) -> None:
    """Let SQLite finish what a killed writer left: roll back its journal, or index its WAL.

    Nothing acknowledged is lost: a rollback journal holds only what was never committed, and
    a WAL's committed transactions are kept.
    """
    logger.warning("finishing an interrupted write of %s", path)
    conn = sqlite3.connect(path, timeout=BUSY_SECONDS)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        conn.close()


def _read_a_copy(path: Path) -> sqlite3.Connection:
    """Finish a killed writer's work on a temporary copy (the file and its journal or WAL) and
    read that: the folder cannot be written, and the WAL holds acknowledged edits."""
    folder = Path(tempfile.mkdtemp(prefix="nianbao-readonly-"))
    atexit.register(shutil.rmtree, folder, True)
    copy = folder / path.name
    for end in ("", "-wal", "-journal"):
        if Path(f"{path}{end}").is_file():
            shutil.copyfile(f"{path}{end}", f"{copy}{end}")
    logger.warning("reading a recovered copy of %s in %s", path, folder)
    _recover(copy)
    return _connect_read_only(copy)


def when_not_busy(action: Callable[[], object], seconds: float | None = None) -> None:
    """Do `action`, again while SQLite says another connection is busy (for up to `seconds`).

    For the statements SQLite does not retry itself (its busy timeout does not apply to them).
    """
    deadline = time.monotonic() + (BUSY_SECONDS if seconds is None else seconds)
    while True:
        try:
            action()
            return
        except sqlite3.OperationalError as error:
            if error.sqlite_errorname != "SQLITE_BUSY" or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def sqlite_reason(error: sqlite3.Error) -> str:
    """SQLite's failure in the clerk's words, by its error code (never by its English text)."""
    name = getattr(error, "sqlite_errorname", None) or ""
    for code, reason in (
        ("SQLITE_FULL", _("磁盘已满")),
        ("SQLITE_READONLY", _("数据库文件或所在位置是只读的")),
        ("SQLITE_BUSY", _("另一个程序正在使用数据库，请稍后再试")),
        ("SQLITE_LOCKED", _("另一个程序正在使用数据库，请稍后再试")),
        ("SQLITE_CORRUPT", _("数据库文件已损坏")),
        ("SQLITE_NOTADB", _("不是数据库文件")),
        ("SQLITE_IOERR", _("读写磁盘出错")),
        ("SQLITE_CANTOPEN", _("无法打开文件")),
        ("SQLITE_PERM", _("没有权限")),
    ):
        if name == code or name.startswith(f"{code}_"):
            return reason
    return str(error)


def _damage_details() -> str:
    from models.errorlog import where

    log = where()
    return _("详细情况已记入 {log}。").format(log=log) if log else ""


def _check_header(path: Path) -> None:
    try:
        with open(path, "rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DatabaseError(
            _("无法读取数据库 {path}：{reason}").format(path=path, reason=os_reason(error))
        ) from None
    if header != SQLITE_HEADER:
        raise DatabaseError(
            _("{path} 不是年报填报助手的数据库文件，未做任何改动。").format(path=path),
            list_backups(path),
        )


def _not_writable(path: Path) -> str | None:
    """Why edits are impossible (they need the file and its folder, for the WAL and backups)."""
    try:
        with tempfile.TemporaryFile(dir=path.parent):  # a name of its own: processes run at once
            pass
        if path.exists():
            with open(path, "r+b"):
                pass
    except OSError as error:
        return os_reason(error)
    return None


def _connect_writable(path: Path, migrations: tuple[Migration, ...]) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_SECONDS * 1000}")
        # Changing the journal mode does not wait for a process that is closing the database.
        when_not_busy(lambda: conn.execute("PRAGMA journal_mode = WAL"))
        # FULL: a commit that has returned survives a power cut (WAL + NORMAL may lose it).
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        _migrate(conn, migrations)
    except BaseException:
        conn.close()
        raise
    return conn


def _disk_full(path: Path) -> bool:
    return shutil.disk_usage(path.parent).free < 64 * 1024


def _open_read_only(path: Path, exists: bool, outdated: bool, reason: str) -> Opened:
    if not exists or outdated:
        raise DatabaseError(
            _(
                "数据库 {path} 所在位置不可写（{reason}），无法建立或升级数据库。未做任何改动。"
            ).format(path=path, reason=reason)
        )
    try:
        conn = read_only(path)
    except sqlite3.Error as error:
        raise DatabaseError(
            _("无法打开数据库 {path}：{reason}").format(path=path, reason=sqlite_reason(error))
        ) from None
    warning = _("数据库 {path} 不可写（{reason}），只能查看，不能修改。").format(
        path=path, reason=reason
    )
    return Opened(conn, read_only=reason, warnings=[warning])


def _migrate(conn: sqlite3.Connection, migrations: tuple[Migration, ...]) -> None:
    """Bring the schema forward in one transaction (a backup was taken before).

    The version is read again inside the transaction: another process may have just done it.
    """
    if conn.execute("PRAGMA user_version").fetchone()[0] == migrations[-1].version:
        return  # nothing to do: no write lock, no wait for a writer
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version < migrations[-1].version:
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


# Backup copies (made and restored by models/storage/backups.py) ---------------------------------


def backup_folder(path: Path) -> Path:
    """`<db>.backups` beside the real file: a symlinked `--db` finds the same backups."""
    real = resolved(path)
    return real.parent / f"{real.name}{BACKUP_FOLDER_SUFFIX}"


def list_backups(path: Path) -> list[Path]:
    """Backup copies of the database, newest first."""
    folder = backup_folder(path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.db"), key=backup_stamp, reverse=True)


def backup_stamp(backup: Path) -> tuple[str, str]:
    found = _STAMP.search(backup.name)
    return (found.group() if found else "", backup.name)


# One window per database ---------------------------------------------------------------------


class InstanceLock:
    """OS locks held while a window has the database open (or a restore runs).

    The lock is on the real file, however it is named: `<db>.lock` beside the resolved path (a
    symlinked `--db` takes the same lock), and, for a database that exists, a lock named by the
    file's identity (device and inode) in the temporary folder, which a hard link or a name
    typed in another case on a volume that ignores case also reaches. The OS releases them when
    the process ends, however it ends, so a crash never leaves them stuck.
    """

    def __init__(self, path: Path) -> None:
        self.database = Path(path)
        self.path = Path(f"{resolved(self.database)}{LOCK_SUFFIX}")
        self._locks = [FileLock(self.path)]
        try:
            identity = self.database.stat()
        except OSError:  # a database still to be made has no identity yet
            identity = None
        if identity is not None and identity.st_ino:
            name = f"nianbao-{identity.st_dev:x}-{identity.st_ino:x}{LOCK_SUFFIX}"
            self._locks.append(FileLock(Path(tempfile.gettempdir()) / name))
        self._held: list[FileLock] = []

    def acquire(self, wait: float = WAIT_FOR_A_COMMAND) -> None:
        """Take the locks, or raise DatabaseError when another window holds one. A command of
        the command line holds the first one shared while it runs: that is waited for.

        In a folder that cannot be written there is no lock to take, and none is needed: the
        database opens read-only.
        """
        for lock in self._locks:
            try:
                taken = lock.acquire(timeout=wait)
            except OSError as error:
                if (
                    error.errno in (errno.EACCES, errno.EPERM, errno.EROFS)
                    and not lock.path.exists()
                ):
                    continue
                self.release()
                raise DatabaseError(
                    _("无法打开数据库 {path}：{reason}").format(
                        path=self.database, reason=os_reason(error)
                    )
                ) from None
            if not taken:
                self.release()
                raise DatabaseError(
                    _(
                        "数据库 {path} 已在另一个窗口中打开，或正由命令行使用。"
                        "请切换到那个窗口继续填写，或等命令完成后再打开。"
                    ).format(path=self.database)
                )
            self._held.append(lock)

    def release(self) -> None:
        for lock in self._held:
            lock.release()
        self._held = []


class CommandLock:
    """What a command of the command line holds while it has the database open: the window's
    lock file, shared. While a window has the database the command is refused.

    Why: on Linux, SQLite's locks are POSIX locks, which a process loses on a file as soon as it
    closes any handle of that file — and a window process does (Qt's file dialogs read the files
    of the folder they show, the database among them). A command writing then would take the
    window's WAL from under it, and the window's next save would fail. Windows locks per handle:
    there the shared lock is always granted.
    """

    def __init__(self, path: Path) -> None:
        self.database = Path(path)
        self._lock = FileLock(Path(f"{resolved(self.database)}{LOCK_SUFFIX}"), shared=True)

    def acquire(self) -> bool:
        """Take the lock; False while a window has the database (the command may then only
        read it, through a connection that cannot write — one that never removes the WAL)."""
        try:
            return self._lock.acquire(timeout=0)
        except OSError as error:
            if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                return True  # a folder that cannot be written: the database opens read-only
            raise DatabaseError(
                _("无法打开数据库 {path}：{reason}").format(
                    path=self.database, reason=os_reason(error)
                )
            ) from None

    def refusal(self) -> DatabaseError:
        """Why a command that writes cannot run now."""
        return DatabaseError(
            _(
                "数据库 {path} 正在窗口中打开，命令行不能同时修改它。"
                "请在窗口中操作，或关闭窗口后再运行本命令。"
            ).format(path=self.database)
        )

    def release(self) -> None:
        self._lock.release()
