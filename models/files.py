"""Writing files so that a crash or a locked target never leaves a half-written or lost file.

The writer also refuses to write over the program's own data or over what a command reads. Files
are compared by what they are, not by how they are typed: the same device and inode where the
file exists (`os.path.samefile`: symlinks, hard links, `..`, and a name typed in another case on
a volume that ignores case), else the resolved path, without case where the volume ignores it.
"""

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from models.errors import ClerkError
from models.i18n import _
from models.os_errors import os_reason
from models.paths import BACKUP_FOLDER_SUFFIX as BACKUP_FOLDER_SUFFIX
from models.paths import DATABASE_COMPANIONS as DATABASE_COMPANIONS
from models.paths import LOCK_SUFFIX as LOCK_SUFFIX
from models.paths import SQLITE_HEADER as SQLITE_HEADER
from models.paths import resolved

# The databases this process has opened: their files are never an output (see protect).
_protected: list[Path] = []


class FileWriteError(ClerkError, OSError):
    """The target could not be written; the previous file, if any, is untouched."""


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, flush it to disk, then rename it over `path`.

    The new file gets the old file's permissions, or the usual ones for a new file (the umask's).
    """
    path = Path(path)
    check_output(path)
    mode = _mode_for(path)
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except FileNotFoundError:
        raise FileWriteError(_("无法写入 {path}：文件夹不存在").format(path=path)) from None
    except PermissionError:
        raise FileWriteError(
            _("无法写入 {path}：没有写入该文件夹的权限").format(path=path)
        ) from None
    except OSError as error:
        raise FileWriteError(
            _("无法写入 {path}：{reason}").format(path=path, reason=os_reason(error))
        ) from None
    try:
        with os.fdopen(fd, "wb") as temp:
            if hasattr(os, "fchmod"):
                os.fchmod(temp.fileno(), mode)
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except PermissionError:
        os.unlink(temp_name)
        raise FileWriteError(
            _("无法写入 {path}：文件可能正在被其他程序打开或为只读，请关闭后重试").format(path=path)
        ) from None
    except OSError as error:
        os.unlink(temp_name)
        raise FileWriteError(
            _("无法写入 {path}：{reason}").format(path=path, reason=os_reason(error))
        ) from None


def protect(database: Path) -> None:
    """Never write over `database`, its companions, lock or backups in this process."""
    if not any(same_file(database, known) for known in _protected):
        _protected.append(Path(database))


def database_files(database: Path) -> list[Path]:
    """The database and the files beside it that belong to it (its backups are a folder)."""
    database = Path(database)
    return [database, *(Path(f"{database}{end}") for end in (*DATABASE_COMPANIONS, LOCK_SUFFIX))]


def check_output(output: Path, inputs: Iterable[Path] = ()) -> None:
    """Raise FileWriteError unless `output` may be written: the one test of every writer.

    It must not be one of `inputs`, a database this process opened or one of its files, nor look
    like any database's own (see refuse_program_data).
    """
    output = Path(output)
    for source in inputs:
        if same_file(output, source):
            raise FileWriteError(
                _(
                    "输出文件 {output} 就是读入的文件 {source}，写入会覆盖它，未做任何改动。"
                    "请换一个文件名。"
                ).format(output=output, source=source)
            )
    if any(same_file(output, kept) for db in _protected for kept in database_files(db)):
        raise _program_data(output)
    refuse_program_data(output)


def refuse_program_data(path: Path) -> None:
    """Raise FileWriteError when `path` is a database, its -wal/-shm/-journal/.lock, or a backup.

    Names are compared without case: on a USB stick (FAT, exFAT), Windows or macOS, `X.DB-WAL`
    is the WAL of `x.db`.
    """
    path = Path(path)
    real = resolved(path)
    name = real.name.casefold()
    if (
        name.endswith(DATABASE_COMPANIONS)
        or any(folder.name.casefold().endswith(BACKUP_FOLDER_SUFFIX) for folder in real.parents)
        or is_sqlite_file(real)
        or (name.endswith(LOCK_SUFFIX) and is_sqlite_file(real.with_suffix("")))  # the window's
    ):
        raise _program_data(path)


def _program_data(path: Path) -> FileWriteError:
    return FileWriteError(
        _("{path} 是数据库或它的备份，不能用作输出文件，未做任何改动。请换一个文件名。").format(
            path=path
        )
    )


def same_file(first: Path, second: Path) -> bool:
    """Whether the two names lead to one file (existing or still to be written)."""
    try:
        return os.path.samefile(first, second)
    except (OSError, ValueError):
        pass  # one of them does not exist: on a volume that ignores case, neither does its twin
    a, b = resolved(first), resolved(second)
    if a == b:
        return True
    if a.name.casefold() != b.name.casefold() or not _same_folder(a.parent, b.parent):
        return False
    return ignores_case(a.parent)


def _same_folder(first: Path, second: Path) -> bool:
    try:
        return os.path.samefile(first, second)
    except (OSError, ValueError):
        return first == second


def ignores_case(folder: Path) -> bool:
    """Whether the volume of `folder` treats names that differ only in case as one, by probing:
    does a name in it, its case swapped, lead to the same file? (FAT, exFAT, NTFS, APFS do.)"""
    try:
        with os.scandir(folder) as entries:
            for _number, entry in zip(range(64), entries, strict=False):
                if entry.name != entry.name.swapcase():
                    return _twins(Path(folder) / entry.name)
        with tempfile.NamedTemporaryFile(prefix="nianbao-case-", dir=folder) as probe:
            return _twins(Path(probe.name))
    except OSError:  # a folder that cannot be read or written: compare as typed
        return False


def _twins(path: Path) -> bool:
    try:
        return os.path.samefile(path, path.with_name(path.name.swapcase()))
    except OSError:
        return False


def is_sqlite_file(path: Path) -> bool:
    """Whether `path` is an existing SQLite database file (by its header)."""
    try:
        if not Path(path).is_file():  # never open a FIFO or a device: that could wait forever
            return False
        with open(path, "rb") as file:
            return file.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _mode_for(path: Path) -> int:
    """The permission bits a new `path` gets: those of the file it replaces, else the umask's."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
