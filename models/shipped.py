"""The files the program ships beside its code (resources/), some of them packed.

The Windows kit ships its fonts packed with xz (tools/build_windows_kit.py): Explorer unzips
Deflate only, which leaves the five fonts 1.2 MiB bigger in the download than xz does. A packed
file is unpacked on first use into the cache folder and found there from then on.
"""

from __future__ import annotations

import lzma
from pathlib import Path

from models.files import write_atomically
from models.places import cache_folder

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
PACKED_SUFFIX = ".xz"


def shipped(relative: str, resources: Path = RESOURCES) -> Path:
    """The shipped file resources/`relative` (e.g. "fonts/NianbaoSans-Regular.ttf"), or its
    unpacked copy where the program ships it packed.

    Raises OSError when the file is not shipped or cannot be unpacked (a damaged file included)."""
    path = resources / relative
    if path.exists():
        return path
    packed = path.with_name(path.name + PACKED_SUFFIX)
    state = packed.stat()  # FileNotFoundError: shipped neither way
    # A kit unzipped again (another version) has another size or time: its file is unpacked anew.
    name = f"{path.stem}-{state.st_size}-{state.st_mtime_ns}{path.suffix}"
    target = cache_folder() / "unpacked" / name
    if target.exists():
        return target
    try:
        data = lzma.decompress(packed.read_bytes())
    except lzma.LZMAError as error:
        raise OSError(f"{packed}: {error}") from error
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, data)
    for older in target.parent.glob(f"{path.stem}-*{path.suffix}"):
        if older != target:
            older.unlink(missing_ok=True)
    return target
