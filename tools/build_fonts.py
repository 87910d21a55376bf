"""Make the bundled fallback fonts in resources/fonts from Debian's font packages and 朱雀仿宋.

    apt-get install fonts-noto-cjk fonts-noto-cjk-extra fonts-lxgw-wenkai fonts-wqy-microhei
    pip install fonttools
    python tools/build_fonts.py [NianbaoFangsong-Regular.ttf ...]

The body's 仿宋 is 朱雀仿宋 (Zhuque Fangsong 0.211, SIL OFL 1.1, TrionesType/zhuque), read from
the team's shared font folder or from the file $ZHUQUE_FANGSONG names; its subset is named
「NianbaoFangsong」 so that a font list shows it is a FangSong.

Each face is subset (GB2312 and the punctuation and Latin ranges a report uses; the rare-character
face keeps GBK and CJK Extension A), stripped of layout tables neither reportlab nor Qt needs for
horizontal Chinese, converted from CFF to TrueType outlines (reportlab embeds only glyf), and given
a family name of its own so it never clashes with an installed font. The licence texts are copied
beside them. Takes a few minutes; run it only to change the bundled fonts.
"""

from __future__ import annotations

import gzip
import os
import shutil
import sys
from pathlib import Path

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTFont, newTable

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "fonts"
NOTO = Path("/usr/share/fonts/opentype/noto")
ZHUQUE = Path(
    os.environ.get(
        "ZHUQUE_FANGSONG", ROOT.parent / "shared" / "fonts" / "ZhuqueFangsong-Regular.ttf"
    )
)

# (file name, source, family wanted in the source collection, charset)
FACES = [
    ("NianbaoFangsong-Regular.ttf", ZHUQUE, "Zhuque Fangsong", "gb2312"),
    ("NianbaoSerif-Regular.ttf", NOTO / "NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC", "gb2312"),
    ("NianbaoSerif-Bold.ttf", NOTO / "NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC", "gb2312"),
    ("NianbaoSans-Regular.ttf", NOTO / "NotoSansCJK-Regular.ttc", "Noto Sans CJK SC", "gb2312"),
    (
        "NianbaoKai-Regular.ttf",
        Path("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"),
        "LXGW WenKai",
        "gb2312",
    ),
    (
        "NianbaoRare-Regular.ttf",
        Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
        "WenQuanYi Micro Hei",
        "gbk",
    ),
]
LICENCES = {
    "Zhuque-Fangsong-OFL.txt": ZHUQUE.with_name("ZhuqueFangsong-OFL.txt"),
    "Noto-CJK-COPYRIGHT.txt": Path("/usr/share/doc/fonts-noto-cjk/copyright"),
    "LXGW-WenKai-COPYRIGHT.txt": Path("/usr/share/doc/fonts-lxgw-wenkai/copyright"),
    "WenQuanYi-Micro-Hei-COPYRIGHT.txt": Path("/usr/share/doc/fonts-wqy-microhei/copyright"),
}
COMMON = (
    set(range(0x20, 0x7F))
    | set(range(0xA0, 0x100))
    | set(range(0x2000, 0x2070))
    | set(range(0x3000, 0x3040))
    | set(range(0xFF00, 0xFFF0))
    | {0x2212, 0x2116, 0x2160, 0x2161, 0x2162, 0x2163, 0x2164, 0x2165, 0x2166, 0x2167, 0x2168}
)


def charset(name: str) -> set[int]:
    """Every character of GB2312 (or GBK plus CJK Extension A), and the common ranges."""
    chars = set(COMMON)
    first_bytes = range(0xA1, 0xF8) if name == "gb2312" else range(0x81, 0xFF)
    second_bytes = range(0xA1, 0xFF) if name == "gb2312" else range(0x40, 0xFF)
    for first in first_bytes:
        for second in second_bytes:
            try:
                chars.add(ord(bytes([first, second]).decode(name)))
            except UnicodeDecodeError:
                pass
    if name == "gbk":
        chars |= set(range(0x3400, 0x4DC0))
    return chars


def open_face(path: Path, family: str) -> TTFont:
    index = 0
    while True:
        font = TTFont(path, fontNumber=index, lazy=False)
        if font["name"].getDebugName(1) == family:
            return font
        index += 1


def build(target: str, source: Path, family: str, chars: str) -> None:
    font = open_face(source, family)
    options = Options()
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "vhea", "vmtx", "VORG"]
    options.name_IDs = []
    options.hinting = False
    options.notdef_outline = True
    subsetter = Subsetter(options)
    subsetter.populate(unicodes=charset(chars))
    subsetter.subset(font)
    if "CFF " in font:
        to_truetype(font)
    name = Path(target).stem
    family_name, _dash, style = name.partition("-")
    set_names(font, family_name, style, f"{family} (subset, {chars.upper()})")
    font.save(OUT / target)
    print(f"{target}: {(OUT / target).stat().st_size / 1e6:.1f} MB from {source.name}")


def to_truetype(font: TTFont) -> None:
    """Replace CFF outlines by quadratic TrueType ones."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for glyph_name in order:
        pen = TTGlyphPen(None)
        glyph_set[glyph_name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[glyph_name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    font.sfntVersion = "\x00\x01\x00\x00"
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    maxp.maxComponentDepth = 0
    font["head"].glyphDataFormat = 0
    font["head"].indexToLocFormat = 1
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order


def set_names(font: TTFont, family: str, style: str, source: str) -> None:
    table = font["name"]
    table.names = [n for n in table.names if n.nameID in (0, 7, 8, 9, 11, 12, 13, 14)]
    full = f"{family} {style}"
    for name_id, value in (
        (1, family),
        (2, style),
        (3, f"{family}-{style};nianbao"),
        (4, full),
        (5, f"Version 1.0; {source}"),
        (6, f"{family}-{style}"),
    ):
        table.setName(value, name_id, 3, 1, 0x409)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    selected = sys.argv[1:]
    for face in FACES:
        if not selected or face[0] in selected:
            build(*face)
    for target, source in LICENCES.items():
        if not source.exists():
            print(f"{target}: kept as it is ({source} is not on this machine)")
        elif source.suffix == ".gz":
            (OUT / target).write_bytes(gzip.decompress(source.read_bytes()))
        else:
            shutil.copyfile(source, OUT / target)


if __name__ == "__main__":
    main()
