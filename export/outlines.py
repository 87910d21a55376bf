"""Text drawn as shapes: a TrueType glyph's outline, read from a font reportlab has parsed.

The draft watermark is drawn this way, so that it is seen on the page but never copied, searched or
read back as text with the report (GB/T 9704 text stays what the clerk wrote).
"""

from __future__ import annotations

import struct

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

Contour = list[tuple[float, float, bool]]  # (x, y, on the curve) in font units

_ON_CURVE, _X_SHORT, _Y_SHORT, _REPEAT, _X_SAME, _Y_SAME = 1, 2, 4, 8, 16, 32
_WORDS, _SCALE, _MORE, _XY_SCALE, _TWO_BY_TWO = 1, 8, 32, 64, 128


def draw_text_outline(canvas, text: str, font_name: str, size: float, x: float, y: float) -> None:
    """Fill `text`'s outlines at (x, y), its baseline's left end, in the canvas's fill colour."""
    font = pdfmetrics.getFont(font_name)
    assert isinstance(font, TTFont)  # only TrueType fonts are registered for the export
    face = font.face
    scale = size / face.unitsPerEm
    path = canvas.beginPath()
    for char in text:
        glyph = face.charToGlyph.get(ord(char), 0)
        for contour in glyph_contours(face, glyph):
            _add_contour(path, contour, x, y, scale)
        x += pdfmetrics.stringWidth(char, font_name, size)
    canvas.drawPath(path, stroke=0, fill=1, fillMode=0)  # TrueType's rule: non-zero winding


def glyph_contours(face, glyph: int, depth: int = 0) -> list[Contour]:
    """The glyph's closed contours; a composite glyph's parts moved (and scaled) into place."""
    start = face.table["glyf"]["offset"] + face.glyphPos[glyph]
    data = face._ttf_data[start : face.table["glyf"]["offset"] + face.glyphPos[glyph + 1]]
    if len(data) < 10:
        return []  # a space: no outline
    count = struct.unpack(">h", data[:2])[0]
    if count >= 0:
        return _simple(data, count)
    return _composite(face, data, depth) if depth < 8 else []


def _simple(data: bytes, count: int) -> list[Contour]:
    ends = struct.unpack(f">{count}H", data[10 : 10 + 2 * count])
    points = ends[-1] + 1 if ends else 0
    offset = 10 + 2 * count
    offset += 2 + struct.unpack(">H", data[offset : offset + 2])[0]  # skip the instructions
    flags: list[int] = []
    while len(flags) < points:
        flag = data[offset]
        offset += 1
        repeat = 1
        if flag & _REPEAT:
            repeat += data[offset]
            offset += 1
        flags += [flag] * repeat
    xs, offset = _coordinates(data, offset, flags, _X_SHORT, _X_SAME)
    ys, offset = _coordinates(data, offset, flags, _Y_SHORT, _Y_SAME)
    contours: list[Contour] = []
    first = 0
    for end in ends:
        contours.append([(xs[i], ys[i], bool(flags[i] & _ON_CURVE)) for i in range(first, end + 1)])
        first = end + 1
    return contours


def _coordinates(
    data: bytes, offset: int, flags: list[int], short: int, same: int
) -> tuple[list[int], int]:
    values, value = [], 0
    for flag in flags:
        if flag & short:
            value += data[offset] if flag & same else -data[offset]
            offset += 1
        elif not flag & same:
            value += struct.unpack(">h", data[offset : offset + 2])[0]
            offset += 2
        values.append(value)
    return values, offset


def _composite(face, data: bytes, depth: int) -> list[Contour]:
    contours: list[Contour] = []
    offset, flags = 10, _MORE
    while flags & _MORE:
        flags, glyph = struct.unpack(">HH", data[offset : offset + 4])
        offset += 4
        if flags & _WORDS:
            dx, dy = struct.unpack(">hh", data[offset : offset + 4])
            offset += 4
        else:
            dx, dy = struct.unpack(">bb", data[offset : offset + 2])
            offset += 2
        xx, xy, yx, yy = 1.0, 0.0, 0.0, 1.0
        for present, count in ((_SCALE, 1), (_XY_SCALE, 2), (_TWO_BY_TWO, 4)):
            if flags & present:  # 2.14 fixed-point numbers
                raw = struct.unpack(f">{count}h", data[offset : offset + 2 * count])
                offset += 2 * count
                values = [v / 16384 for v in raw]
                if count == 1:
                    xx = yy = values[0]
                elif count == 2:
                    xx, yy = values
                else:
                    xx, xy, yx, yy = values
        for contour in glyph_contours(face, glyph, depth + 1):
            contours.append(
                [(xx * px + yx * py + dx, xy * px + yy * py + dy, on) for px, py, on in contour]
            )
    return contours


def _add_contour(path, contour: Contour, x: float, y: float, scale: float) -> None:
    """Quadratic TrueType segments as the cubic curves a PDF path draws."""
    if not contour:
        return
    points = [(x + px * scale, y + py * scale, on) for px, py, on in contour]
    start = next((i for i, p in enumerate(points) if p[2]), None)
    if start is None:  # all off the curve: start half way between the first two
        a, b = points[0], points[1 % len(points)]
        points.insert(0, ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, True))
        start = 0
    points = points[start:] + points[:start] + [points[start]]
    current = points[0][:2]
    path.moveTo(*current)
    control: tuple[float, float] | None = None
    for px, py, on in points[1:]:
        if on:
            current = _segment(path, current, control, (px, py))
            control = None
        elif control is None:
            control = (px, py)
        else:
            middle = ((control[0] + px) / 2, (control[1] + py) / 2)
            current = _segment(path, current, control, middle)
            control = (px, py)
    path.close()


def _segment(path, start, control, end) -> tuple[float, float]:
    if control is None:
        path.lineTo(*end)
    else:
        path.curveTo(
            start[0] + 2 / 3 * (control[0] - start[0]),
            start[1] + 2 / 3 * (control[1] - start[1]),
            end[0] + 2 / 3 * (control[0] - end[0]),
            end[1] + 2 / 3 * (control[1] - end[1]),
            *end,
        )
    return end
