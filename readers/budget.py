"""What one reading may cost, checked before anything is loaded.

A published report is a few hundred kilobytes in any format, a few megabytes with pictures. A
file far larger, or a package whose parts unpack to far more than they take, is no report (or a
bomb a portal can serve): it is refused with one sentence before it is read. Parts of a package
are read through `read_member`, which stops at the limit whatever the package declares.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from models.i18n import _

if TYPE_CHECKING:  # zipfile takes 2 ms to import, and a PDF or a text file needs none of it
    import zipfile

MB = 1024 * 1024
# The largest file of each kind that is read at all.
LARGEST_FILE = {
    ".txt": 8 * MB,
    ".md": 8 * MB,
    ".html": 16 * MB,
    ".htm": 16 * MB,
    ".docx": 64 * MB,
    ".xlsx": 64 * MB,
    ".pdf": 128 * MB,
}
LARGEST_PART = 32 * MB  # a part of a .docx/.xlsx, unpacked: a report's document.xml is a few
LARGEST_UNPACKED = 256 * MB  # all parts together, unpacked
LARGEST_RATIO = 200  # unpacked to packed size of a part above one megabyte: XML packs 5–30 times
LARGEST_PAGES = 500  # a report prints on 5–40 pages
LARGEST_OBJECTS = 500_000  # objects a PDF's last trailer declares: a report's has a few thousand
_PDF_TAIL = 64 * 1024  # bytes at the end of a PDF where its last trailer (or xref stream) is


class TooLarge(Exception):
    """The file or a part of it is too large to be a report; the message says which, in Chinese."""


def check_size(path: Path, suffix: str) -> None:
    """Refuse a file larger than any report of its kind."""
    size = path.stat().st_size
    if size > LARGEST_FILE.get(suffix, LARGEST_FILE[".pdf"]):
        raise TooLarge(
            _("{name} 有 {size} MB，远大于任何一份年度报告，未读取").format(
                name=path.name, size=size // MB
            )
        )


def check_package(package: zipfile.ZipFile, name: str) -> None:
    """Refuse a .docx/.xlsx whose parts, as the package declares them, unpack to too much."""
    total = 0
    for info in package.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > LARGEST_PART or (info.file_size > MB and ratio > LARGEST_RATIO):
            raise _bomb(name, info.filename)
    if total > LARGEST_UNPACKED:
        raise TooLarge(
            _("{name} 解压后有 {size} MB，远大于任何一份年度报告，未读取").format(
                name=name, size=total // MB
            )
        )


def read_member(package: zipfile.ZipFile, member: str, name: str) -> bytes:
    """A part of a package, read at most LARGEST_PART bytes far whatever its header says."""
    with package.open(member) as stream:
        data = stream.read(LARGEST_PART + 1)
    if len(data) > LARGEST_PART:
        raise _bomb(name, member)
    return data


def check_pages(pages: int, name: str) -> None:
    if pages > LARGEST_PAGES:
        raise TooLarge(
            _("{name} 有 {pages} 页，远多于任何一份年度报告（至多 {limit} 页），未读取").format(
                name=name, pages=pages, limit=LARGEST_PAGES
            )
        )


def check_pdf_objects(path: Path) -> None:
    """Refuse a PDF whose last trailer declares more objects than any report has, before PDFium
    reads its cross-references."""
    import re

    with open(path, "rb") as file:
        file.seek(max(0, path.stat().st_size - _PDF_TAIL))
        tail = file.read()
    sizes = re.findall(rb"/Size\s+(\d{1,12})", tail)
    if sizes and int(sizes[-1]) > LARGEST_OBJECTS:
        raise TooLarge(
            _("{name} 声明有 {count} 个对象，远多于任何一份年度报告，未读取").format(
                name=path.name, count=int(sizes[-1])
            )
        )


def _bomb(name: str, member: str) -> TooLarge:
    return TooLarge(
        _("{name} 中的 {member} 解压后过大（可能是“压缩炸弹”），不是一份年度报告，未读取").format(
            name=name, member=member
        )
    )
