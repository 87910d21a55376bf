"""Fonts for the printed report: the official ones when the PC has them, else the bundled ones.

Each role (title 小标宋, body 仿宋, level-1 heading 黑体, level-2 heading 楷体) has one font, and every
character is set in the first font of its chain (role font → 黑体 → rare-character font) that has a
NON-EMPTY glyph for it; a character no font has stops the export (see export.pdf).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import shutil
import struct
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import reportlab
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from models.files import write_atomically
from models.i18n import _
from models.places import cache_folder
from models.shipped import RESOURCES, shipped

BUNDLED = RESOURCES / "fonts"

TITLE, BODY, HEADING1, HEADING2, RARE = "title", "body", "heading1", "heading2", "rare"
ROLE_LABELS = {
    TITLE: _("标题（小标宋）"),
    BODY: _("正文（仿宋）"),
    HEADING1: _("一级标题（黑体）"),
    HEADING2: _("二级标题（楷体）"),
    RARE: _("生僻字"),
}

# The official fonts, by the file names Windows and Chinese Linux distributions give them.
SYSTEM_FILES = {
    TITLE: ("fzxbsjw.ttf", "方正小标宋简体.ttf", "fzxbsjw--gb1-0.ttf", "fzxiaobiaosong-b05s.ttf"),
    BODY: ("仿宋_gb2312.ttf", "fs_gb2312.ttf", "simfang.ttf", "仿宋.ttf"),
    HEADING1: ("simhei.ttf", "黑体.ttf"),
    HEADING2: ("楷体_gb2312.ttf", "kai_gb2312.ttf", "simkai.ttf", "楷体.ttf"),
}
BUNDLED_FILES = {
    TITLE: "NianbaoSerif-Bold.ttf",
    BODY: "NianbaoFangsong-Regular.ttf",
    HEADING1: "NianbaoSans-Regular.ttf",
    HEADING2: "NianbaoKai-Regular.ttf",
    RARE: "NianbaoRare-Regular.ttf",
}
# The faces the bundled subsets were made from (tools/build_fonts.py), as the clerk is told them.
BUNDLED_FACES = {
    "NianbaoSerif-Bold": "Noto Serif CJK SC Bold",
    "NianbaoFangsong-Regular": "朱雀仿宋 Zhuque Fangsong",
    "NianbaoSans-Regular": "Noto Sans CJK SC",
    "NianbaoKai-Regular": "霞鹜文楷 LXGW WenKai",
    "NianbaoRare-Regular": "文泉驿微米黑 WenQuanYi Micro Hei",
}
ENV_NO_SYSTEM = "NIANBAO_BUNDLED_FONTS_ONLY"
ENV_FONT_DIR = "NIANBAO_FONT_DIR"  # a folder searched first, e.g. fonts copied from an office PC


@dataclass(frozen=True)
class Font:
    """A TrueType font for reportlab, registered the first time it is asked for a glyph."""

    path: Path
    bundled: bool

    @cached_property
    def name(self) -> str:
        """The reportlab font name (registering the font on first use)."""
        return self.register()

    def register(self) -> str:
        name = ("Nianbao:" if self.bundled else "System:") + self.path.stem
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(_load_ttfont(name, self.file))
        return name

    @property
    def file(self) -> Path:
        """The TrueType file to read: a bundled font's unpacked copy where it ships packed."""
        if self.bundled:
            return shipped(f"{BUNDLED.name}/{self.path.name}")
        return self.path

    @property
    def family(self) -> str:
        """The face's own name: the face a bundled subset was made from, else the font's name."""
        if self.bundled:
            return BUNDLED_FACES.get(self.path.stem, self.path.stem)
        return _family(self.path)

    def covers(self, char: str) -> bool:
        return char in self.coverage

    @cached_property
    def coverage(self) -> frozenset[str]:
        return _coverage(self.name)


class FontSet:
    """The font of each role, and the per-character fallback chain.

    The bundled fonts end every chain, also where the PC's official fonts serve the roles, so
    that whatever the check finds printable (models/checks/characters.py) prints on any PC.
    """

    def __init__(
        self,
        fonts: dict[str, Font],
        bundled: dict[str, Font] | None = None,
        *,
        search_installed: bool = False,
    ) -> None:
        self.fonts = fonts
        self.bundled = bundled or {}
        self.search_installed = search_installed
        self.installed: dict[str, Font] = {}  # rare character → the PC's font that prints it
        self._chains: dict[str, list[Font]] = {}

    def chain(self, role: str) -> list[Font]:
        if role not in self._chains:
            order = [role, HEADING1, RARE]
            chain = [self.fonts[r] for r in order]
            chain += [self.bundled[r] for r in order if r in self.bundled]
            self._chains[role] = list(dict.fromkeys(chain))
        return self._chains[role]

    def font_for(self, char: str, role: str) -> Font | None:
        """The first font of the role's chain with a visible glyph (spaces always pass)."""
        for font in self.chain(role):
            if font.covers(char):
                return font
        return self.installed.get(char)

    def look_up_installed(self, chars: list[str]) -> None:
        """Find each character in the PC's installed fonts (when this set may use them)."""
        if not self.search_installed:
            return
        for char in chars:
            if char not in self.installed:
                font = installed_font_with(char)
                if font is not None:
                    self.installed[char] = font

    def describe(self) -> list[str]:
        """Which face served each role, e.g. 「正文（仿宋）：朱雀仿宋 Zhuque Fangsong（随程序提供）」.

        No path: these lines go into the PDF's metadata, and a Windows path names the clerk."""
        lines = []
        for role, font in self.fonts.items():
            source = _("随程序提供") if font.bundled else _("本机字体")
            lines.append(f"{ROLE_LABELS[role]}：{font.family}（{source}）")
        for char, font in self.installed.items():
            lines.append(
                _("生僻字「{char}」：{face}（本机字体）").format(char=char, face=font.family)
            )
        return lines


def load_fonts(*, use_system: bool | None = None) -> FontSet:
    """Register the fonts: the system's official ones where present and embeddable."""
    if use_system is None:
        use_system = not os.environ.get(ENV_NO_SYSTEM)
    found = _system_fonts() if use_system else {}
    bundled = {role: Font(BUNDLED / file, bundled=True) for role, file in BUNDLED_FILES.items()}
    fonts = {}
    for role in BUNDLED_FILES:
        font = None
        for path in found.get(role, []):
            font = _register(path)
            if font is not None:
                break
        fonts[role] = font or bundled[role]
    return FontSet(fonts, bundled, search_installed=use_system)


# Faces known to hold the CJK extensions on Windows: SimSun-ExtB (B), 新宋体/宋体 (A), MingLiU-ExtB.
RARE_FILES = ("simsunb.ttf", "simsun.ttc", "mingliub.ttc", "simsunextg.ttf")


def installed_font_with(char: str) -> Font | None:
    """An installed font that prints `char` and may be embedded: from $NIANBAO_FONT_DIR, then
    what fontconfig names (Linux), then the font folders, the faces known for rare characters
    first (the Windows fonts folder). None when no font on the PC has it."""
    for path in _candidates(char):
        font = _register(path)
        if font is not None and font.covers(char):
            return font
    return None


def _candidates(char: str) -> Iterator[Path]:
    folders = _font_folders()
    if os.environ.get(ENV_FONT_DIR):
        yield from _font_files([Path(os.environ[ENV_FONT_DIR])])
    yield from _fontconfig_files(char)
    files = list(_font_files(folders))
    known = [f for f in files if f.name.lower() in RARE_FILES]
    known.sort(key=lambda f: RARE_FILES.index(f.name.lower()))
    yield from known + [f for f in files if f.name.lower() not in RARE_FILES]


def _font_files(folders: list[Path]) -> Iterator[Path]:
    for folder in folders:
        for root, _dirs, files in os.walk(folder):
            for file in sorted(files):
                if file.lower().endswith((".ttf", ".ttc")):
                    yield Path(root) / file


def _fontconfig_files(char: str) -> list[Path]:
    """The TrueType files fontconfig says have the character; none without fontconfig."""
    fc_list = shutil.which("fc-list")
    if fc_list is None or sys.platform == "win32":
        return []
    try:
        found = subprocess.run(
            [fc_list, f":charset={ord(char):x}", "file"],
            capture_output=True,
            text=True,
            timeout=20,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    files = {line.strip().rstrip(":") for line in found.splitlines() if line.strip()}
    return sorted(Path(f) for f in files if f.lower().endswith((".ttf", ".ttc")))


@cache
def _register(path: Path) -> Font | None:
    """The system font, or None when reportlab cannot embed it (restricted, or not TrueType
    outlines). It is registered at once, so that a bad one falls back to the bundled font; the
    bundled fonts are known to be good and register lazily (the rare-character one is often never
    needed)."""
    font = Font(path, bundled=False)
    if not _embeddable(path):
        return None
    try:
        font.register()
    except (TTFError, OSError):
        return None
    return font


def _embeddable(path: Path) -> bool:
    """Whether the font's licence bits (OS/2 fsType) let us embed a subset of it in a PDF.

    Restricted (0x0002), no-subsetting (0x0100) and bitmap-only (0x0200) fonts may not be used.
    """
    try:
        data = path.read_bytes()
        tables = struct.unpack(">H", data[4:6])[0]
        for index in range(tables):
            entry = 12 + 16 * index
            if data[entry : entry + 4] == b"OS/2":
                offset = struct.unpack(">I", data[entry + 8 : entry + 12])[0]
                fs_type = struct.unpack(">H", data[offset + 8 : offset + 10])[0]
                return (fs_type & 0x000F) != 0x0002 and not fs_type & 0x0300
    except (OSError, struct.error):
        return False
    return True  # no OS/2 table: no restriction stated


@cache
def _family(path: Path) -> str:
    name = _face(Font(path, False).name).name
    return name.decode("utf-8", "replace") if isinstance(name, bytes) else name


def _system_fonts() -> dict[str, list[Path]]:
    wanted = {file: role for role, files in SYSTEM_FILES.items() for file in files}
    found: dict[str, list[tuple[int, int, Path]]] = {}
    for order, folder in enumerate(_font_folders()):
        for root, _dirs, files in os.walk(folder):
            for file in files:
                role = wanted.get(file.lower())
                if role:
                    rank = SYSTEM_FILES[role].index(file.lower())
                    found.setdefault(role, []).append((rank, order, Path(root) / file))
    return {role: [p for _r, _o, p in sorted(paths)] for role, paths in found.items()}


def _font_folders() -> list[Path]:
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", "")) / "Microsoft" / "Windows" / "Fonts"
        folders = [windir / "Fonts", local]
    elif sys.platform == "darwin":
        folders = [Path("/Library/Fonts"), Path.home() / "Library" / "Fonts"]
    else:
        folders = [
            Path("/usr/share/fonts"),
            Path("/usr/local/share/fonts"),
            Path.home() / ".local" / "share" / "fonts",
            Path.home() / ".fonts",
        ]
    if os.environ.get(ENV_FONT_DIR):
        folders.insert(0, Path(os.environ[ENV_FONT_DIR]))
    return [f for f in folders if f.is_dir()]


def _face(font_name: str) -> ttfonts.TTFontFace:
    """The parsed TrueType file of a font this module registered."""
    font = pdfmetrics.getFont(font_name)
    assert isinstance(font, TTFont)  # every font registered here is a TrueType font
    return font.face


@cache
def _coverage(font_name: str) -> frozenset[str]:
    """Characters the font draws with a non-empty glyph (whitespace counts as drawn)."""
    face = _face(font_name)
    cached = getattr(face, COVERAGE_KEY, None)  # worked out when the face cache was written
    return frozenset(cached) if isinstance(cached, str) else _face_coverage(face)


def _face_coverage(face: ttfonts.TTFontFace) -> frozenset[str]:
    positions = face.glyphPos
    covered = set()
    for code, glyph in face.charToGlyph.items():
        char = chr(code)
        if char.isspace() or (
            glyph + 1 < len(positions) and positions[glyph + 1] > positions[glyph]
        ):
            covered.add(char)
    return frozenset(covered)


# reportlab writes a character beyond U+FFFF into a subset's ToUnicode map as five hex digits
# (<2000B>), which readers take for U+2000: 𠀋 was printed but copied and searched as a space.
# The map is written the PDF way here: UTF-16, a surrogate pair (<D840DC0B>).
_REPORTLAB_TO_UNICODE = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    cmap = _REPORTLAB_TO_UNICODE(fontname, subset)
    for index, code in enumerate(subset):
        if code > 0xFFFF:
            utf16 = chr(code).encode("utf-16-be").hex().upper()
            cmap = cmap.replace(f"<{index:02X}> <{code:04X}>", f"<{index:02X}> <{utf16}>")
    return cmap


ttfonts.makeToUnicodeCMap = _to_unicode_cmap


# Parsing a 3 MB TrueType file takes reportlab about 60 ms; its result, kept with marshal (plain
# data only, nothing that runs), loads in about 7 ms. Keyed by the file's size, time and path and by
# the reportlab version; anything unexpected falls back to parsing.
COVERAGE_KEY = "nianbao_coverage"
CACHE_LAYOUT = 2  # 2: with the coverage; part of each cache file's name


def _load_ttfont(name: str, path: Path) -> TTFont:
    """reportlab's TTFont for `path`, its parsed face from the cache when the file is unchanged."""
    cache = _face_cache(path)
    face = _read_face(cache)
    if face is None:
        font = TTFont(name, str(path))
        _write_face(cache, font.face)
        return font
    module = vars(ttfonts)  # TTFont() takes this face as it is, instead of parsing the file
    original = module["TTFontFace"]
    module["TTFontFace"] = lambda *_args, **_kwargs: face
    try:
        return TTFont(name, str(path))
    finally:
        module["TTFontFace"] = original


def _face_cache(path: Path) -> Path:
    stat = path.stat()
    tag = hashlib.sha256(
        f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{reportlab.Version}|{CACHE_LAYOUT}".encode()
    ).hexdigest()[:20]
    return cache_folder() / "font-cache" / f"{path.stem}-{tag}.marshal"


def _read_face(cache: Path) -> ttfonts.TTFontFace | None:
    try:
        state = marshal.loads(cache.read_bytes())
        face = ttfonts.TTFontFace.__new__(ttfonts.TTFontFace)
        scale = state.pop("_pdfScale_units", None)
        if scale is not None:  # reportlab 5 keeps a function here; marshal keeps no functions
            state["_pdfScale"] = (lambda x: x) if scale == 1000 else (lambda x: x * (1000 / scale))
        face.__dict__.update(state)
        return face
    except (OSError, ValueError, EOFError, TypeError, AttributeError):
        return None


def _write_face(cache: Path, face: ttfonts.TTFontFace) -> None:
    state = dict(face.__dict__)
    state[COVERAGE_KEY] = "".join(sorted(_face_coverage(face)))
    if "_pdfScale" in state:
        state.pop("_pdfScale")
        state["_pdfScale_units"] = face.unitsPerEm
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(cache, marshal.dumps(state))
    except (OSError, ValueError):
        pass  # no cache this time: the next export parses the file again
