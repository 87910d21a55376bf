"""ICU's data library cut down to what Qt reads for a Chinese clerk (31 MB → about 4 MB).

The PySide6 wheels for Linux ship ICU with all of its data linked into libicudata.so.NN (one
symbol, `icudtNN_dat`, holding ICU's "common data" package). Qt calls ICU only for case mapping,
text codecs, collation (sorting in the file dialog and `localeAwareCompare`) and time-zone names;
it never uses ICU's break iterators, transliterators, number spelling, units, currencies, names of
languages and regions, character names, IDNA profiles or spoof checks. So the package keeps every
other item that is not locale data (normalisation, collation base data, time-zone rules…), the
Chinese code pages only and, of the locale bundles, only root, zh* and en* (the clerk's locale and
the C locale's fallback). What ICU does not find it reports as missing data, and Qt then falls
back to its own code.

The trimmed package is linked into a new libicudata.so.NN with binutils (`as`, `ld`), which the
build needs already (readelf, strip). Used by tools/nianbao.spec; tests/test_bundle.py sorts
Chinese through Qt with the trimmed library.
"""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

# Folders of the package whose data Qt never reads (see the module's docstring).
UNUSED_FOLDERS = {"brkitr", "translit", "rbnf", "unit", "curr", "lang", "region"}
# A locale bundle: "zh_Hans_CN.res", "root.res"; not "metaZones.res" or "cnvalias.icu".
LOCALE_BUNDLE = re.compile(r"(root|[a-z]{2,3}(_[A-Za-z0-9]+)*)\.res")
KEPT_LOCALES = ("root", "zh", "en")
# Of ICU's 200-odd code pages, the Chinese ones: GB18030, GBK, GB2312, Big5 (with IBM's GBK).
KEPT_CONVERTERS = {"gb18030", "windows-936-2000", "ibm-1383_P110-1999", "windows-950-2000"}
KEPT_CONVERTERS |= {"ibm-1386_P100-2001", "ibm-1373_P100-2002"}
ALIGNMENT = 16  # ICU's items start on 16-byte boundaries


# Character names (u_charName), string preparation profiles (IDNA) and spoof checking.
UNUSED_SUFFIXES = ("unames.icu", ".spp", ".cfu")


def kept(item: str) -> bool:
    """Whether a package item ("icudt73l/coll/zh.res") stays."""
    parts = item.split("/")
    if parts[-1].endswith(UNUSED_SUFFIXES):
        return False
    if parts[-1].endswith(".cnv"):
        return parts[-1].removesuffix(".cnv") in KEPT_CONVERTERS
    if len(parts) > 2 and parts[1] in UNUSED_FOLDERS:
        return False
    if not LOCALE_BUNDLE.fullmatch(parts[-1]) or parts[-1] in ("pool.res", "res_index.res"):
        return True
    locale = parts[-1].removesuffix(".res").split("_")[0]
    return locale in KEPT_LOCALES


def package_items(package: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """The header and the (name, bytes) items of an ICU common data package ("CmnD")."""
    header_size, magic = struct.unpack_from("<HH", package)
    if magic != 0x27DA or package[12:16] != b"CmnD":
        raise ValueError("not an ICU common data package")
    toc = package[header_size:]
    (count,) = struct.unpack_from("<I", toc)
    entries = [struct.unpack_from("<II", toc, 4 + 8 * n) for n in range(count)]
    items = []
    for index, (name_offset, data_offset) in enumerate(entries):
        name = toc[name_offset : toc.index(b"\0", name_offset)].decode("ascii")
        end = entries[index + 1][1] if index + 1 < count else len(toc)
        items.append((name, toc[data_offset:end]))
    return package[:header_size], items


def write_package(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """A common data package of `items` (names in ICU's sorted order, as read)."""
    table_size = 4 + 8 * len(items)
    names = b"".join(name.encode("ascii") + b"\0" for name, _data in items)
    offset = _aligned(table_size + len(names))
    table = [struct.pack("<I", len(items))]
    name_offset = table_size
    body = []
    for name, data in items:
        table.append(struct.pack("<II", name_offset, offset))
        name_offset += len(name) + 1
        padded = data + b"\0" * (_aligned(len(data)) - len(data))
        body.append(padded)
        offset += len(padded)
    start = b"".join(table) + names
    return header + start + b"\0" * (_aligned(len(start)) - len(start)) + b"".join(body)


def _aligned(size: int) -> int:
    return -(-size // ALIGNMENT) * ALIGNMENT


def trim_library(library: Path, target: Path) -> Path:
    """Write to `target` a copy of ICU's data library `library` holding only the items kept."""
    symbol, offset, size = _data_symbol(library)
    header, items = package_items(_file_bytes(library, offset, size))
    package = write_package(header, [(name, data) for name, data in items if kept(name)])
    with tempfile.TemporaryDirectory(prefix="icu-data-") as folder:
        work = Path(folder)
        (work / "data.bin").write_bytes(package)
        (work / "data.s").write_text(
            f"\t.section .rodata\n\t.globl {symbol}\n\t.type {symbol}, @object\n\t.balign 16\n"
            f'{symbol}:\n\t.incbin "data.bin"\n\t.size {symbol}, . - {symbol}\n'
            '\t.section .note.GNU-stack,"",@progbits\n',
            encoding="ascii",
        )
        subprocess.run(["as", "-o", "data.o", "data.s"], cwd=work, check=True)
        partial = target.resolve().with_name(target.name + ".part")
        subprocess.run(
            ["ld", "-shared", "-soname", library.name, "-o", str(partial), "data.o"],
            cwd=work,
            check=True,
        )
    partial.replace(target)
    return target


def _data_symbol(library: Path) -> tuple[str, int, int]:
    """The data symbol's name, file offset and size (nm and readelf, from binutils)."""
    symbols = subprocess.run(
        ["nm", "-D", "-S", "--defined-only", str(library)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.search(r"^([0-9a-f]+) ([0-9a-f]+) R (icudt\d+_dat)$", symbols, re.MULTILINE)
    if not found:
        raise ValueError(f"{library.name}: no icudtNN_dat symbol")
    address, size = int(found.group(1), 16), int(found.group(2), 16)
    sections = subprocess.run(
        ["readelf", "-S", "-W", str(library)], capture_output=True, text=True, check=True
    ).stdout
    for line in sections.splitlines():
        fields = line.replace("[ ", "[").split()
        if len(fields) > 5 and fields[1] == ".rodata":
            section_address, section_offset = int(fields[3], 16), int(fields[4], 16)
            return found.group(3), address - section_address + section_offset, size
    raise ValueError(f"{library.name}: no .rodata section")


def _file_bytes(path: Path, offset: int, size: int) -> bytes:
    with open(path, "rb") as file:
        file.seek(offset)
        return file.read(size)


def with_trimmed_icu(
    binaries: list[tuple[str, str, str]], work: Path
) -> list[tuple[str, str, str]]:
    """PyInstaller's (destination, source, kind) entries with ICU's data library trimmed into
    `work`; the other entries as they were."""
    entries = []
    for destination, source, kind in binaries:
        if re.fullmatch(r"libicudata\.so\.\d+", Path(destination).name):
            source = str(trim_library(Path(source), work / Path(destination).name))
        entries.append((destination, source, kind))
    return entries


if __name__ == "__main__":
    source, destination = map(Path, sys.argv[1:3])
    trim_library(source, destination)
    print(f"{destination}: {destination.stat().st_size / 2**20:.1f} MiB")
