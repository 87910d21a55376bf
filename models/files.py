"""Writing files so that a crash or a locked target never leaves a half-written or lost file."""

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
            _("无法写入 {path}：{reason}").format(path=path, reason=error.strerror)
        ) from None
