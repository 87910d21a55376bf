"""The operating system's refusals in the clerk's words: one sentence per errno, never its English.

Windows gives its own code (`winerror`) where several of its failures share one errno (a file
open in another program and a read-only file are both EACCES there); that code is read first.
"""

from __future__ import annotations

import errno

from models.i18n import _

_BY_ERRNO = {
    errno.EISDIR: _("这是文件夹，请给出文件名"),
    errno.ENOTDIR: _("路径中有一段不是文件夹"),
    errno.ENOENT: _("文件或文件夹不存在"),
    errno.EEXIST: _("同名的文件已经存在"),
    errno.ENOTEMPTY: _("文件夹不是空的"),
    errno.ENOSPC: _("磁盘已满"),
    errno.EFBIG: _("文件太大，超出了这个磁盘或系统允许的大小"),
    errno.EROFS: _("这是只读的磁盘或位置"),
    errno.EACCES: _("没有权限"),
    errno.EPERM: _("没有权限"),
    errno.ENAMETOOLONG: _("文件名太长"),
    errno.ELOOP: _("路径中的快捷方式（符号链接）互相指向，绕成了圈"),
    errno.EBUSY: _("文件正被其他程序使用"),
    errno.ETXTBSY: _("文件正被其他程序使用"),
    errno.EAGAIN: _("文件正被其他程序使用"),
    errno.EMFILE: _("同时打开的文件太多"),
    errno.ENFILE: _("同时打开的文件太多"),
    errno.EIO: _("读写磁盘出错（磁盘或U盘可能有故障，或已拔出）"),
    errno.ENXIO: _("设备不存在或未连接"),
    errno.ENODEV: _("设备不存在或未连接"),
    errno.EXDEV: _("不能跨磁盘移动文件"),
    errno.EINVAL: _("文件名或路径不合法"),
    errno.EDQUOT: _("磁盘空间配额已用完"),
    errno.ESTALE: _("网络位置已失效，请重新连接"),
    errno.ETIMEDOUT: _("网络位置无法访问"),
    errno.EHOSTUNREACH: _("网络位置无法访问"),
    errno.ENETUNREACH: _("网络位置无法访问"),
    errno.ECONNREFUSED: _("网络位置无法访问"),
}

_BY_WINERROR = {
    2: _("文件或文件夹不存在"),  # ERROR_FILE_NOT_FOUND
    3: _("文件或文件夹不存在"),  # ERROR_PATH_NOT_FOUND
    5: _("没有权限，或文件是只读的"),  # ERROR_ACCESS_DENIED
    19: _("磁盘有写保护"),  # ERROR_WRITE_PROTECT
    21: _("设备未就绪（U盘可能已拔出）"),  # ERROR_NOT_READY
    32: _("文件正被其他程序打开，请关闭后重试"),  # ERROR_SHARING_VIOLATION
    33: _("文件正被其他程序打开，请关闭后重试"),  # ERROR_LOCK_VIOLATION
    39: _("磁盘已满"),  # ERROR_HANDLE_DISK_FULL
    53: _("网络位置无法访问"),  # ERROR_BAD_NETPATH
    67: _("网络位置无法访问"),  # ERROR_BAD_NET_NAME
    112: _("磁盘已满"),  # ERROR_DISK_FULL
    123: _("文件名中有不允许的字符"),  # ERROR_INVALID_NAME
    206: _("文件名太长"),  # ERROR_FILENAME_EXCED_RANGE
    1224: _("文件正被其他程序使用"),  # ERROR_USER_MAPPED_FILE
    1920: _("系统不允许访问这个文件"),  # ERROR_CANT_ACCESS_FILE
}


def os_reason(error: OSError) -> str:
    """Why the operating system refused, in the clerk's words (the code when it is a rare one)."""
    winerror = getattr(error, "winerror", None)
    if winerror in _BY_WINERROR:
        return _BY_WINERROR[winerror]
    if error.errno in _BY_ERRNO:
        return _BY_ERRNO[error.errno]
    code = winerror or error.errno
    if code is None:
        return _("操作系统拒绝了这一操作")
    return _("操作系统拒绝了这一操作（错误代码 {code}）").format(code=code)
