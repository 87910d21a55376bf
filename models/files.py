"""Writing files so that a crash or a locked target never leaves a half-written or lost file."""

import errno
import os
import tempfile
from pathlib import Path

from models.i18n import _


class FileWriteError(OSError):
    """The target could not be written; the previous file, if any, is untouched."""


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, flush it to disk, then rename it over `path`."""
    path = Path(path)
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except FileNotFoundError:
        raise FileWriteError(_("无法写入 {path}：文件夹不存在").format(path=path)) from None
    except PermissionError:
        raise FileWriteError(
            _("无法写入 {path}：没有写入该文件夹的权限").format(path=path)
        ) from None
    try:
        with os.fdopen(fd, "wb") as temp:
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
