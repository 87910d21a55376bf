"""Writing files so that a crash or a locked target never leaves a half-written or lost file.

The writer also refuses to write over the program's own data: a database, its companion files and
its backups are never an output.
"""

import errno
import os
import tempfile
from pathlib import Path

from models.errors import ClerkError
from models.i18n import _

SQLITE_HEADER = b"SQLite format 3\x00"
DATABASE_COMPANIONS = ("-wal", "-shm", "-journal")
BACKUP_FOLDER_SUFFIX = ".backups"


class FileWriteError(ClerkError, OSError):
    """The target could not be written; the previous file, if any, is untouched."""


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, flush it to disk, then rename it over `path`.

    The new file gets the old file's permissions, or the usual ones for a new file (the umask's).
    """
    path = Path(path)
    refuse_program_data(path)
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


def refuse_program_data(path: Path) -> None:
    """Raise FileWriteError when `path` is a database, its -wal/-shm/-journal/.lock, or a backup."""
    path = Path(path)
    real = path.resolve()
    if (
        real.name.endswith(DATABASE_COMPANIONS)
        or any(folder.name.endswith(BACKUP_FOLDER_SUFFIX) for folder in real.parents)
        or is_sqlite_file(real)
        or (real.suffix == ".lock" and is_sqlite_file(real.with_suffix("")))  # the window's lock
    ):
        raise FileWriteError(
            _("{path} 是数据库或它的备份，不能用作输出文件，未做任何改动。请换一个文件名。").format(
                path=path
            )
        )


def refuse_same_file(output: Path, source: Path) -> None:
    """Raise FileWriteError when writing `output` would replace the file being read, `source`."""
    try:
        same = os.path.samefile(output, source)
    except OSError:  # one of them does not exist (yet): they cannot be the same file
        same = False
    if same:
        raise FileWriteError(
            _(
                "输出文件 {output} 就是读入的文件，写入会覆盖它，未做任何改动。请换一个文件名。"
            ).format(output=output)
        )


def is_sqlite_file(path: Path) -> bool:
    """Whether `path` is an existing SQLite database file (by its header)."""
    try:
        if not Path(path).is_file():  # never open a FIFO or a device: that could wait forever
            return False
        with open(path, "rb") as file:
            return file.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def os_reason(error: OSError) -> str:
    """Why the operating system refused, in the clerk's words."""
    reasons = {
        errno.EISDIR: _("这是文件夹，请给出文件名"),
        errno.ENOSPC: _("磁盘已满"),
        errno.EROFS: _("这是只读的磁盘或位置"),
        errno.EACCES: _("没有权限"),
        errno.EPERM: _("没有权限"),
        errno.ENOENT: _("文件夹不存在"),
        errno.ENAMETOOLONG: _("文件名太长"),
    }
    reason = reasons.get(error.errno) if error.errno is not None else None
    return reason or error.strerror or str(error)


def _mode_for(path: Path) -> int:
    """The permission bits a new `path` gets: those of the file it replaces, else the umask's."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
