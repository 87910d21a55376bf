"""Write a PDF the way WPS Office's 输出为PDF writes one, from the layout of another PDF.

    python tools/make_wps_pdf.py IN.pdf OUT.pdf [--radicals]

No WPS runs here, so the reader's WPS fixtures are made from what WPS's PDFs are known to contain,
read with pypdf from two real ones: pypdf's test file resources/encryption/unencrypted.pdf
(Creator "WPS Writer", 2022) and pdf2docx's test/samples/demo-issue-346.pdf (Creator "WPS 演示",
2025, Chinese text in Microsoft YaHei subsets, `/FT10 1001 Tf 0.05 0 0 -0.05 260 253.55 Tm
<06A8>Tj 1000 -0 TD <06B0>Tj …`). Both write:
- each page's content under `1 0 0 -1 0 H cm` (y runs down the page) and a clip of the whole page;
- text in one BT…ET a run of characters, the font set at size 199 and scaled by a text matrix
  `0.05 0 0 -0.05 x y` (which turns the glyphs upright again), each glyph its own `<gid> Tj`,
  moved to the next by `TD`;
- the fonts Type0 over CIDFontType2: Identity-H, CIDToGIDMap Identity (a character's code is its
  glyph number in the font), subset (ABCDEF+Name), widths (W), and a ToUnicode map.
And what the issue lists of published WPS reports: ruled tables — here every cell border a segment
of its own, the horizontal ones stroked and the vertical ones thin filled rectangles, the two ways
PDFs draw rules; page numbers 「- 1 -」 centred in the footer. With --radicals, the ToUnicode map
gives every character that has a Kangxi radical twin as that radical (⼈ for 人), as PDF makers do
that map a glyph back to the first code point the font gives it (pdfbox pull request 470,
wkhtmltopdf issue 4414): the page looks right, its text does not.

Where each character and rule stands, and each character's size, come from IN.pdf through
pdfplumber (not through the reader under test). The fonts are the bundled ones (resources/fonts),
subset with fontTools keeping glyph numbers: `pip install -e .[fonts,test]`.
"""

from __future__ import annotations

import argparse
import io
import sys
import unicodedata
import zlib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "resources" / "fonts"
SCALE = 0.05  # WPS's text matrix: the font at size/SCALE, scaled back down
RULE = 0.5  # points: the width of a table's rules
# The radicals whose compatibility mapping is an ideograph, by that ideograph.
RADICAL_OF = {
    unicodedata.normalize("NFKC", chr(code)): chr(code)
    for code in range(0x2F00, 0x2FD6)
    if len(unicodedata.normalize("NFKC", chr(code))) == 1
}


@dataclass
class Font:
    """One embedded font: its file, the glyphs used, and what each glyph is written as."""

    resource: str
    path: Path
    glyphs: dict[str, int] = field(default_factory=dict)  # character → glyph number

    def glyph(self, text: str, cmap: dict[int, str], order: dict[str, int]) -> int:
        if text not in self.glyphs:
            name = cmap.get(ord(text))
            if name is None:
                raise SystemExit(f"{self.path.name} has no glyph for {text!r}")
            self.glyphs[text] = order[name]
        return self.glyphs[text]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--radicals", action="store_true", help="write 人 as ⼈ in ToUnicode")
    parser.add_argument("--open-breaks", action="store_true", help="no rule where a page cuts")
    args = parser.parse_args()
    args.out.write_bytes(wps_pdf(args.source, radicals=args.radicals, open_breaks=args.open_breaks))
    print(f"{args.out}\t{args.out.stat().st_size} bytes")


def wps_pdf(source: Path, radicals: bool = False, open_breaks: bool = False) -> bytes:
    """The PDF written again as WPS writes one. With `open_breaks`, a table that crosses a page
    has no rule where the page cuts it: the row at the page's foot has no rule under it and the
    row continued at the next page's top none over it."""
    import pdfplumber
    from fontTools.ttLib import TTFont

    fonts: dict[str, Font] = {}
    loaded: dict[Path, tuple[dict[int, str], dict[str, int]]] = {}

    def font_for(name: str) -> Font:
        path = FONTS / (
            "NianbaoSerif-Bold.ttf"
            if "Bold" in name
            else "NianbaoSans-Regular.ttf"
            if "Sans-" in name and "DejaVu" not in name
            else "NianbaoSerif-Regular.ttf"
        )
        if path not in loaded:
            tt = TTFont(path)
            loaded[path] = (tt.getBestCmap(), {n: i for i, n in enumerate(tt.getGlyphOrder())})
        key = path.stem
        if key not in fonts:
            fonts[key] = Font(f"FT{len(fonts) + 1}", path)
        return fonts[key]

    pages = []
    with pdfplumber.open(source) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            width, height = float(page.width), float(page.height)
            ops = [f"1 0 0 -1 0 {height:.2f} cm", "q", f"0 0 {width:.2f} {height:.2f} re W* n"]
            ops += _rules(_open(page.edges, height) if open_breaks else page.edges)
            runs = _runs(page.chars)
            footer = _page_number(number, width, height)
            for run in [*runs, footer]:
                font = font_for(run[0]["fontname"])
                cmap, order = loaded[font.path]
                ops += _text(run, font, [font.glyph(c["text"], cmap, order) for c in run])
            ops.append("Q")
            pages.append((width, height, "\n".join(ops).encode("ascii")))
    return _write(pages, fonts, radicals)


def _open(edges: list[dict], height: float) -> list[dict]:
    """The edges without the rule a page break cuts a table at: the lowest one when it is in the
    page's lowest fifth, the highest one when it is in its highest fifth."""
    tops = [e["top"] for e in edges if e["orientation"] == "h"]
    cut = {
        t for t in (min(tops, default=height), max(tops, default=0)) if not 0.2 < t / height < 0.8
    }
    return [e for e in edges if e["orientation"] != "h" or all(abs(e["top"] - t) > 2 for t in cut)]


def _rules(edges: list[dict]) -> list[str]:
    """Each cell border a segment of its own: a long rule is cut where other rules cross it."""
    horizontal = [e for e in edges if e["orientation"] == "h"]
    vertical = [e for e in edges if e["orientation"] == "v"]
    ops = [f"{RULE} w 0 0 0 RG 0 0 0 rg"]
    for edge in horizontal:
        y = edge["top"]
        crossing = [v["x0"] for v in vertical if v["top"] - 1 <= y <= v["bottom"] + 1]
        for a, b in _pieces(edge["x0"], edge["x1"], crossing):
            ops.append(f"{a:.2f} {y:.2f} m {b:.2f} {y:.2f} l S")
    for edge in vertical:
        x = edge["x0"]
        crossing = [h["top"] for h in horizontal if h["x0"] - 1 <= x <= h["x1"] + 1]
        for a, b in _pieces(edge["top"], edge["bottom"], crossing):
            ops.append(f"{x - RULE / 2:.2f} {a:.2f} {RULE:.2f} {b - a:.2f} re f")
    return ops


def _pieces(start: float, end: float, cuts: list[float]) -> list[tuple[float, float]]:
    stops = sorted({start, end, *(c for c in cuts if start < c < end)})
    return list(zip(stops, stops[1:], strict=False))


def _runs(chars: list[dict]) -> list[list[dict]]:
    """Characters in runs: same font, size and baseline, each close after the one before."""
    runs: list[list[dict]] = []
    for char in chars:
        if char["text"].isspace():
            continue
        if runs:
            last = runs[-1][-1]
            same_line = abs(_baseline(char) - _baseline(last)) < 0.1
            close = 0 <= char["x0"] - last["x1"] < char["size"]
            if (
                same_line
                and close
                and (char["fontname"], char["size"])
                == (
                    last["fontname"],
                    last["size"],
                )
            ):
                runs[-1].append(char)
                continue
        runs.append([char])
    return runs


def _baseline(char: dict) -> float:
    """The top-down baseline of an upright character."""
    return char["bottom"] - (char["bottom"] - char["top"]) * 0.12


def _page_number(number: int, width: float, height: float) -> list[dict]:
    """「- 1 -」 in 四号 (14 pt), centred, 20 mm above the bottom edge."""
    text = f"- {number} -"
    size = 14.0
    advance = size * 0.5
    left = (width - advance * len(text)) / 2
    top = height - 56.7 - size
    return [
        {"text": t, "fontname": "NianbaoSerif", "size": size, "x0": left + i * advance}
        | {"x1": left + (i + 1) * advance, "top": top, "bottom": top + size}
        for i, t in enumerate(text)
        if not t.isspace()
    ]


def _text(run: list[dict], font: Font, glyphs: list[int]) -> list[str]:
    size = run[0]["size"]
    x, y = run[0]["x0"], _baseline(run[0])
    parts = [
        f"BT 0 0 0 rg /{font.resource} {size / SCALE:.0f} Tf",
        f"{SCALE} 0 0 -{SCALE} {x:.2f} {y:.2f} Tm <{glyphs[0]:04X}>Tj",
    ]
    for previous, char, glyph in zip(run, run[1:], glyphs[1:], strict=False):
        parts.append(f"{(char['x0'] - previous['x0']) / SCALE:.3f} 0 TD <{glyph:04X}>Tj")
    parts.append("ET")
    return [" ".join(parts)]


def _write(
    pages: list[tuple[float, float, bytes]], fonts: dict[str, Font], radicals: bool
) -> bytes:
    """The PDF file: catalogue, pages, and each font subset with its widths and ToUnicode."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(data: bytes, extra: str = "") -> bytes:
        packed = zlib.compress(data)
        head = f"<< /Length {len(packed)} /Filter /FlateDecode {extra}>>\nstream\n"
        return head.encode("ascii") + packed + b"\nendstream"

    font_refs = {}
    for number, font in enumerate(fonts.values()):
        tt = TTFont(font.path)
        options = subset.Options()
        options.retain_gids = True
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[ord(c) for c in font.glyphs])
        subsetter.subset(tt)
        data = io.BytesIO()
        tt.save(data)
        name = "".join(chr(ord("A") + (number + i) % 26) for i in range(6)) + "+" + font.path.stem
        units = tt["head"].unitsPerEm
        widths = " ".join(
            f"{gid} [{tt['hmtx'][tt.getGlyphOrder()[gid]][0] * 1000 // units}]"
            for gid in sorted(font.glyphs.values())
        )
        file_ref = add(stream(data.getvalue(), f"/Length1 {len(data.getvalue())} "))
        descriptor = add(
            f"<< /Type /FontDescriptor /FontName /{name} /Flags 6 /FontBBox [0 -200 1000 900] "
            f"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 "
            f"/FontFile2 {file_ref} 0 R >>".encode("ascii")
        )
        cid_font = add(
            f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} /CIDSystemInfo "
            f"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor "
            f"{descriptor} 0 R /CIDToGIDMap /Identity /DW 1000 /W [{widths}] >>".encode("ascii")
        )
        to_unicode = add(stream(_to_unicode(font, radicals)))
        font_refs[font.resource] = add(
            f"<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H "
            f"/DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>".encode("ascii")
        )
    resources = " ".join(f"/{r} {ref} 0 R" for r, ref in font_refs.items())
    pages_ref = len(objects) + 1 + 2 * len(pages)  # after each page's content and page object
    page_refs = []
    for width, height, content in pages:
        content_ref = add(stream(content))
        page_refs.append(
            add(
                f"<< /Type /Page /Parent {pages_ref} 0 R /MediaBox [0 0 {width:.2f} {height:.2f}] "
                f"/Resources << /Font << {resources} >> >> /Contents {content_ref} 0 R >>".encode(
                    "ascii"
                )
            )
        )
    kids = " ".join(f"{ref} 0 R" for ref in page_refs)
    assert (
        add(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode("ascii")) == pages_ref
    )
    catalog = add(f"<< /Type /Catalog /Pages {pages_ref} 0 R >>".encode("ascii"))
    info = add(b"<< /Creator (tools/make_wps_pdf.py: WPS Writer's way) /Producer () >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode("ascii") + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii"))
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode("ascii"))
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R /Info {info} 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n".encode("ascii")
    )
    return out.getvalue()


def _to_unicode(font: Font, radicals: bool) -> bytes:
    entries = []
    for text, gid in sorted(font.glyphs.items(), key=lambda item: item[1]):
        written = RADICAL_OF.get(text, text) if radicals else text
        entries.append(f"<{gid:04X}> <{written.encode('utf-16-be').hex().upper()}>")
    lines = [
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    for start in range(0, len(entries), 100):
        chunk = entries[start : start + 100]
        lines += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
    lines += ["endcmap CMapName currentdict /CMap defineresource pop end end"]
    return "\n".join(lines).encode("ascii")


if __name__ == "__main__":
    sys.exit(main())
