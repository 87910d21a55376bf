"""PDFs with a text layer (Word, WPS, LibreOffice, our own print), with pypdfium2.

Tables are found by their ruling lines (stroked lines, and filled rectangles a line thin); two
grid cells with no line between them are one merged cell. A cell's characters are put in lines,
so a label wrapped over two or three lines, or written top to bottom a character a line, reads
whole. The text outside the tables is put back into paragraphs: a line starts a paragraph when
it is indented or the line before it stopped short. Page numbers (「- 1 -」, 「— 1 —」, 「第1页」)
and running headers are dropped.
"""

from __future__ import annotations

import bisect
import ctypes
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from models.i18n import _
from readers.budget import check_pages
from readers.radicals import FIRST as RADICALS_FIRST
from readers.radicals import LAST as RADICALS_LAST
from readers.radicals import Radicals
from readers.source import Source, SourceRow

# What a page holds, by its top: a text line (a dict of its text and edges) or a table's rows.
_Item = tuple[float, dict | list[SourceRow]]

_PAGE_NUMBER = re.compile(
    r"^[-—–－_\s]*(第\s*)?\d+\s*(页)?(\s*/\s*\d+|\s*共\s*\d+\s*页)?[-—–－_\s]*$"
)
_TABLE_ROW = re.compile(r"(\s[\d.,]+){2,}$")  # a row of a table drawn without lines: never joined
SNAP = 2.0  # points: lines this close are one line
THIN = 2.0  # points: a filled rectangle this thin is a line
WATERMARK_SIZE = 3  # characters this many times the usual size are a watermark


def _upright(angle: float) -> bool:
    """Text set straight or turned by a right angle; a watermark is slanted."""
    turns = angle / (math.pi / 2)
    return angle < 0 or abs(turns - round(turns)) < 0.01


class NoTextLayer(Exception):
    """The PDF has no text to read: a scan."""


class _Char:
    """A character and its box in top-down coordinates; a page has thousands of them."""

    __slots__ = ("text", "x0", "x1", "top", "bottom", "size", "middle")

    def __init__(self, text: str, x0: float, x1: float, top: float, bottom: float) -> None:
        self.text, self.x0, self.x1, self.top, self.bottom = text, x0, x1, top, bottom
        self.size = max(bottom - top, 1.0)
        self.middle = (top + bottom) / 2


def read_pdf(path: Path) -> Source:
    """The paragraphs and ruled tables of a PDF, page by page."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    radicals = Radicals()
    try:
        check_pages(len(document), Path(path).name)
        marks: list[str] = []
        read = [_page_items(document[i], i + 1, radicals, marks) for i in range(len(document))]
        source = Source("pdf", pages=len(document))
    finally:
        document.close()
    source.notes += radicals.note(_("PDF 的文字层")) + marks
    if not any(texts for _items, texts in read):
        raise NoTextLayer()
    pages = [items for items, _texts in read]
    headers = _running_headers(pages)
    body = [item for page in pages for _top, item in page if isinstance(item, dict)]
    text = [line for line in body if not line["ruled"]] or body
    margins = (min(i["x0"] for i in text), max(i["x1"] for i in text)) if text else (0, 0)
    lines: list[dict] = []
    for page in pages:
        for _top, item in page:
            if isinstance(item, dict):
                if not _PAGE_NUMBER.match(item["text"]) and item["text"] not in headers:
                    lines.append(item)
            else:
                _add_paragraphs(source, lines, margins)
                source.add_table(item)
    _add_paragraphs(source, lines, margins)
    return source


def _page_items(page, number: int, radicals: Radicals, marks: list[str]) -> tuple[list[_Item], int]:
    """The page's text lines (dicts) and tables (lists of rows), from top to bottom, and how many
    characters the page has; a note for each footnote mark left out is added to `marks`."""
    chars, reading = _chars(page, radicals)
    chars, dropped = _without_footnote_marks(chars)
    marks += [
        _("PDF 第 {page} 页：数字后的上标「{mark}」读作脚注标记，未计入数字").format(
            page=number, mark=mark
        )
        for mark in dropped
    ]
    count = len(chars)
    horizontal, vertical = _rulings(page, reading)
    items: list[_Item] = []
    for grid in _tables(horizontal, vertical):
        inside: list[_Char] = []
        outside: list[_Char] = []
        for char in chars:
            (inside if grid.contains(char) else outside).append(char)
        rows = grid.rows(inside, number)
        above, below, chars = _cut_off(grid, outside)
        if above:
            rows.insert(0, grid.edge_row(above, 0, number))
        if below:
            rows.append(grid.edge_row(below, len(grid.ys) - 2, number))
        items.append((min([grid.ys[0], *(c.top for c in above)]), rows))
    for line in _lines(chars):
        text = _line_text(line).strip()
        if text:
            x0, x1 = line[0].x0, line[-1].x1
            top, bottom = min(c.top for c in line), max(c.bottom for c in line)
            items.append(
                (
                    top,
                    {
                        "text": text,
                        "x0": x0,
                        "x1": x1,
                        "top": top,
                        "bottom": bottom,
                        "page": number,
                        "ruled": _ruled(vertical, x0, x1, (top + bottom) / 2),
                    },
                )
            )
    items.sort(key=lambda item: item[0])
    return items, count


def _ruled(vertical: list[tuple], x0: float, x1: float, middle: float) -> bool:
    """A line of text with a table's vertical rules on its left and right (a row a page break
    left out of its table's horizontal rules): not a line of the text block."""
    beside = [x for x, y0, y1 in vertical if y0 <= middle <= y1]
    return any(x <= x0 + SNAP for x in beside) and any(x >= x1 - SNAP for x in beside)


def _chars(page, radicals: Radicals) -> tuple[list[_Char], tuple]:
    """The page's characters with their boxes in the page's reading frame, and the matrix to that
    frame; a watermark's (slanted, or several times the size of the text) left out; radicals read
    as the characters they stand for (counted)."""
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        box = pdfium_c.FS_RECTF()
        found = []
        seen = _Visibility(page)
        turns = [0, 0, 0, 0]  # characters by quarter turns of their text (PDFium's angle)
        for index in range(pdfium_c.FPDFText_CountChars(raw)):
            code = pdfium_c.FPDFText_GetUnicode(raw, index)
            if code in (0, 0xFFFE, 0xFFFF):
                continue
            text = chr(code)
            if text.isspace():
                continue
            if RADICALS_FIRST <= code <= RADICALS_LAST:
                text = radicals.read(text)
            # PDFium adds spaces, line breaks and hyphens of its own: never letters or digits
            if not text.isalnum() and pdfium_c.FPDFText_IsGenerated(raw, index) == 1:
                continue
            angle = pdfium_c.FPDFText_GetCharAngle(raw, index)
            if angle and not _upright(angle):
                continue
            turns[round(angle / (math.pi / 2)) % 4 if angle else 0] += 1
            pdfium_c.FPDFText_GetLooseCharBox(raw, index, box)  # the font's box: one height a line
            left, right, bottom, top = box.left, box.right, box.bottom, box.top
            if not seen.visible(raw, index, text, left + right, bottom + top, top - bottom):
                continue
            found.append((text, left, right, bottom, top))
        turn = turns.index(max(turns))
        height = page.get_height()
        reading = _reading_matrix(turn, page.get_width(), height)
        if turn == 0:
            chars = [
                _Char(t, left, right, height - top, height - bottom)
                for t, left, right, bottom, top in found
            ]
        else:
            chars = [_Char(t, *_box(reading, *box)) for t, *box in found]
        if chars:
            sizes = sorted(c.size for c in chars)
            usual = sizes[len(sizes) // 2]  # the usual size (statistics costs 2 ms to import)
            chars = [c for c in chars if c.size <= WATERMARK_SIZE * usual]
        return chars, reading
    finally:
        textpage.close()


FOOTNOTE_SIZE = 0.75  # a digit this much smaller than the digit before it, and raised, is a mark


def _without_footnote_marks(chars: list[_Char]) -> tuple[list[_Char], list[str]]:
    """The characters without the footnote marks glued to numbers (「412¹」 set as a small raised
    「1」 would read 4121), and the marks left out."""
    kept: list[_Char] = []
    dropped: list[str] = []
    mark = ""
    for char in chars:
        before = kept[-1] if kept else None
        if (
            char.text.isdigit()
            and before is not None
            and (before.text.isdigit() or mark)
            and char.size <= FOOTNOTE_SIZE * before.size
            and char.bottom < before.bottom - 0.2 * before.size
        ):
            mark += char.text
            continue
        if mark:
            dropped.append(mark)
            mark = ""
        kept.append(char)
    if mark:
        dropped.append(mark)
    return kept, dropped


class _Visibility:
    """Whether a character is seen on the printed page: not of zero size, not outside the page,
    and, for a digit, not drawn invisible (render mode 3 or clip only) nor white (or fully
    transparent) on the white page. A hidden digit changes a number without a word; asking each
    character's text object costs a call, so only digits are asked, each object once."""

    _SMALLEST = 0.5  # points: a character box lower than this is no printed character

    def __init__(self, page) -> None:
        left, bottom, right, top = page.get_bbox()
        self.across, self.up = (2 * left, 2 * right), (2 * bottom, 2 * top)
        self.inked: dict[int | None, bool] = {}

    def visible(self, raw, index: int, text: str, across: float, up: float, height: float) -> bool:
        """`across` and `up`: twice the middle of the character's box; `height`: its height."""
        if height < self._SMALLEST:
            return False
        if not (self.across[0] <= across <= self.across[1] and self.up[0] <= up <= self.up[1]):
            return False
        if not text.isdigit():
            return True
        import pypdfium2.raw as pdfium_c

        text_object = pdfium_c.FPDFText_GetTextObject(raw, index)
        address = ctypes.cast(text_object, ctypes.c_void_p).value
        if address not in self.inked:
            self.inked[address] = address is None or _inked(text_object)
        return self.inked[address]


def _inked(text_object) -> bool:
    """Whether a text object leaves ink: filled or stroked in a colour that is not white."""
    import pypdfium2.raw as pdfium_c

    mode = pdfium_c.FPDFTextObj_GetTextRenderMode(text_object)
    if mode in (pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE, pdfium_c.FPDF_TEXTRENDERMODE_CLIP):
        return False
    stroked_only = mode in (
        pdfium_c.FPDF_TEXTRENDERMODE_STROKE,
        pdfium_c.FPDF_TEXTRENDERMODE_STROKE_CLIP,
    )
    colour = (
        pdfium_c.FPDFPageObj_GetStrokeColor if stroked_only else pdfium_c.FPDFPageObj_GetFillColor
    )
    r, g, b, a = (ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint())
    if not colour(text_object, r, g, b, a):
        return True
    return a.value > 0 and min(r.value, g.value, b.value) < 250


def _reading_matrix(turn: int, width: float, height: float) -> tuple:
    """From page space to the frame the text is read in, y down: the page's own, or, where the
    text runs up or down the page (a landscape page printed turned, shown upright by /Rotate),
    that frame turned by quarter turns so that the lines run across again."""
    return (  # by PDFium's angle of the text, which turns clockwise
        (1.0, 0.0, 0.0, -1.0, 0.0, height),  # as printed
        (0.0, -1.0, -1.0, 0.0, height, width),  # a quarter right: reads down the page
        (-1.0, 0.0, 0.0, 1.0, width, 0.0),  # upside down
        (0.0, 1.0, 1.0, 0.0, 0.0, 0.0),  # a quarter left: reads up the page
    )[turn]


def _box(matrix: tuple, left: float, right: float, bottom: float, top: float) -> tuple:
    """A box (left, right, bottom, top) through `matrix`: (x0, x1, top, bottom), y down."""
    a, b, c, d, e, f = matrix
    if b == 0 and c == 0:  # not turned (every character of most pages): two products each way
        x0, x1, y0, y1 = a * left + e, a * right + e, d * bottom + f, d * top + f
        return min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
    corners = [_apply(matrix, x, y) for x in (left, right) for y in (bottom, top)]
    xs = [x for x, _y in corners]
    ys = [y for _x, y in corners]
    return min(xs), max(xs), min(ys), max(ys)


def _rulings(page, reading: tuple) -> tuple[list[tuple], list[tuple]]:
    """Horizontal lines (y, x0, x1) and vertical lines (x, y0, y1), in the reading frame.

    A path whose box is a line thin is that line, whatever drew it (a stroked segment, a filled
    rectangle); only the others are walked segment by segment, which costs ten times more.
    """
    import pypdfium2.raw as pdfium_c

    horizontal: list[tuple] = []
    vertical: list[tuple] = []
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    left, bottom, right, top = (ctypes.c_float() for _corner in range(4))
    raw = page.raw
    objects = _paths(
        pdfium_c,
        pdfium_c.FPDFPage_CountObjects(raw),
        lambda index: pdfium_c.FPDFPage_GetObject(raw, index),
        _IDENTITY,
        0,
    )
    for obj, matrix in objects:
        pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke)
        if not (fill.value or stroke.value):
            continue  # a clipping path: drawn nowhere
        pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
        to_reading = reading if matrix is _IDENTITY else _compose(matrix, reading)
        x0, x1, y0, y1 = _box(to_reading, left.value, right.value, bottom.value, top.value)
        if y1 - y0 <= THIN and x1 - x0 > THIN:
            horizontal.append(((y0 + y1) / 2, x0, x1))
        elif x1 - x0 <= THIN and y1 - y0 > THIN:
            vertical.append(((x0 + x1) / 2, y0, y1))
        elif stroke.value:
            _stroked(_points(pdfium_c, obj, to_reading), horizontal, vertical)
    return horizontal, vertical


_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
FORM_DEPTH = 8  # form XObjects nested deeper than this are not looked into


def _paths(pdfium_c, count: int, get, matrix: tuple, depth: int):
    """Each path object with the matrix from its container's space to the page's, looking into
    form XObjects (a page drawn once and placed, as some printers to PDF do)."""
    for index in range(count):
        obj = get(index)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            yield obj, matrix
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < FORM_DEPTH:
            yield from _paths(
                pdfium_c,
                pdfium_c.FPDFFormObj_CountObjects(obj),
                lambda i, form=obj: pdfium_c.FPDFFormObj_GetObject(form, i),
                _compose(_matrix(pdfium_c, obj), matrix),
                depth + 1,
            )


def _points(pdfium_c, obj, matrix: tuple) -> list[tuple]:
    """A path's segments as (kind, x, y, closes) through `matrix` (container to reading frame)."""
    x, y = ctypes.c_float(), ctypes.c_float()
    to_page = _compose(_matrix(pdfium_c, obj), matrix)
    points = []
    for index in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, index)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        px, py = _apply(to_page, x.value, y.value)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        points.append((kind, px, py, pdfium_c.FPDFPathSegment_GetClose(segment)))
    return points


def _matrix(pdfium_c, obj) -> tuple:
    """A page object's own matrix (a, b, c, d, e, f)."""
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: tuple, outer: tuple) -> tuple:
    """The matrix that applies `inner`, then `outer`."""
    a, b, c, d, e, f = inner
    oa, ob, oc, od, oe, of = outer
    return (
        a * oa + b * oc,
        a * ob + b * od,
        c * oa + d * oc,
        c * ob + d * od,
        e * oa + f * oc + oe,
        e * ob + f * od + of,
    )


def _apply(m: tuple, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _stroked(points, horizontal, vertical) -> None:
    import pypdfium2.raw as pdfium_c

    start = previous = None
    for kind, px, py, close in points:
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or previous is None:
            start = previous = (px, py)
            continue
        if kind == pdfium_c.FPDF_SEGMENT_LINETO:
            _add_line(previous, (px, py), horizontal, vertical)
        previous = (px, py)
        if close and start is not None:
            _add_line(previous, start, horizontal, vertical)


def _add_line(a, b, horizontal, vertical) -> None:
    (ax, ay), (bx, by) = a, b
    if abs(ay - by) < 0.5 and abs(ax - bx) > 1:
        horizontal.append((ay, min(ax, bx), max(ax, bx)))
    elif abs(ax - bx) < 0.5 and abs(ay - by) > 1:
        vertical.append((ax, min(ay, by), max(ay, by)))


@dataclass
class _Grid:
    xs: list[float]
    ys: list[float]
    horizontal: list[tuple]
    vertical: list[tuple]

    def __post_init__(self) -> None:
        # the spans of the lines at each grid position: vertical lines by x, horizontal by y
        self.at_x = _spans_at(self.xs, self.vertical)
        self.at_y = _spans_at(self.ys, self.horizontal)

    def contains(self, char: _Char) -> bool:
        cx = (char.x0 + char.x1) / 2
        return self.xs[0] <= cx <= self.xs[-1] and self.ys[0] <= char.middle <= self.ys[-1]

    def rows(self, chars: list[_Char], page: int) -> list[SourceRow]:
        """Each merged cell once, in the grid row where it starts."""
        cells = self._cells()
        texts: dict[int, list[_Char]] = {}
        for char in chars:
            column = bisect.bisect(self.xs, (char.x0 + char.x1) / 2) - 1
            row = bisect.bisect(self.ys, char.middle) - 1
            texts.setdefault(cells.get((row, column), -1), []).append(char)
        starts: dict[int, tuple[int, int]] = {}
        for (row, column), cell in sorted(cells.items()):
            starts.setdefault(cell, (row, column))
        rows: dict[int, list[tuple[int, str]]] = {}
        for cell, (row, column) in starts.items():
            text = "\n".join(_line_text(line) for line in _lines(texts.get(cell, [])))
            rows.setdefault(row, []).append((column, text))
        return [SourceRow([t for _c, t in sorted(rows[r])], page) for r in sorted(rows)]

    def column_of(self, char: _Char) -> int:
        return bisect.bisect(self.xs, (char.x0 + char.x1) / 2) - 1

    def holds(self, line: list[_Char], row: int) -> bool:
        """A line that could be a row next to grid row `row`: within the grid, no character
        across a rule that parts that row's cells."""
        middle = (self.ys[row] + self.ys[row + 1]) / 2
        rules = [x for i, x in enumerate(self.xs) if _covered(self.at_x[i], middle)][1:-1]
        return all(
            self.xs[0] <= (c.x0 + c.x1) / 2 <= self.xs[-1]
            and not any(c.x0 < x - SNAP < x + SNAP < c.x1 for x in rules)
            for c in line
        )

    def edge_row(self, chars: list[_Char], row: int, page: int) -> SourceRow:
        """The cells of a row left outside the grid, parted as grid row `row` is."""
        cells = self._cells()
        owners = [cells[(row, column)] for column in range(len(self.xs) - 1)]
        texts: dict[int, list[_Char]] = {}
        for char in chars:
            column = min(max(self.column_of(char), 0), len(owners) - 1)
            texts.setdefault(owners[column], []).append(char)
        return SourceRow(
            [
                "\n".join(_line_text(line) for line in _lines(texts.get(owner, [])))
                for owner in dict.fromkeys(owners)
            ],
            page,
        )

    def _cells(self) -> dict[tuple[int, int], int]:
        """The grid's (row, column) boxes, each mapped to the merged cell it belongs to."""
        parent = list(range((len(self.ys) - 1) * (len(self.xs) - 1)))
        columns = len(self.xs) - 1

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for row in range(len(self.ys) - 1):
            middle_y = (self.ys[row] + self.ys[row + 1]) / 2
            for column in range(columns):
                middle_x = (self.xs[column] + self.xs[column + 1]) / 2
                here = row * columns + column
                if column + 1 < columns and not _covered(self.at_x[column + 1], middle_y):
                    parent[find(here + 1)] = find(here)
                if row + 2 < len(self.ys) and not _covered(self.at_y[row + 1], middle_x):
                    parent[find(here + columns)] = find(here)
        return {(i // columns, i % columns): find(i) for i in range(len(parent))}


def _cut_off(grid: _Grid, chars: list[_Char]) -> tuple[list[_Char], list[_Char], list[_Char]]:
    """The characters of a row a page break left without its rule: over it at the page's top
    (above the grid) or under it at the page's foot (below the grid); and the others."""
    lines = _lines(chars)
    over = [line for line in lines if max(c.bottom for c in line) <= grid.ys[0] + SNAP]
    under = [line for line in lines if min(c.top for c in line) >= grid.ys[-1] - SNAP]
    above = _band(grid, over[::-1], 0)
    below = _band(grid, under, len(grid.ys) - 2)
    taken = {id(c) for c in above + below}
    return above, below, [c for c in chars if id(c) not in taken]


def _band(grid: _Grid, lines: list[list[_Char]], row: int) -> list[_Char]:
    """The characters of the lines next to grid row `row` (`lines` in order away from it) that
    are a row of the table: each line close to the one before, within the table's cells, in two
    columns or more with a number after the first; nothing but a page number further out."""
    reach = grid.ys[0] if row == 0 else grid.ys[-1]
    band: list[list[_Char]] = []
    for line in lines:
        top, bottom = min(c.top for c in line), max(c.bottom for c in line)
        gap = reach - bottom if row == 0 else top - reach
        if (
            gap > 1.5 * max(c.size for c in line)
            or not grid.holds(line, row)
            or _PAGE_NUMBER.match(_line_text(line).strip())
        ):
            break
        band.append(line)
        reach = top if row == 0 else bottom
    further = lines[len(band) :]
    chars = [c for line in band for c in line]
    columns = {grid.column_of(c) for c in chars}
    numbered = any(c.text.isdigit() and grid.column_of(c) > min(columns) for c in chars)
    if len(columns) < 2 or not numbered:
        return []
    if any(not _PAGE_NUMBER.match(_line_text(line).strip()) for line in further):
        return []
    return chars


def _spans_at(positions: list[float], lines: list[tuple]) -> list[list[tuple[float, float]]]:
    """The lines' spans, each under the grid position nearest to it (positions are sorted)."""
    spans: list[list[tuple[float, float]]] = [[] for _p in positions]
    for at, a, b in lines:
        index = bisect.bisect(positions, at)
        if index == len(positions) or (
            index and at - positions[index - 1] <= positions[index] - at
        ):
            index -= 1
        spans[index].append((a, b))
    return spans


def _covered(spans: list[tuple[float, float]], across: float) -> bool:
    return any(a - SNAP <= across <= b + SNAP for a, b in spans)


def _tables(horizontal: list[tuple], vertical: list[tuple]) -> list[_Grid]:
    """Groups of crossing lines with at least two lines each way, as grids."""
    horizontal, vertical = _joined(horizontal), _joined(vertical)
    lines = [("h", *h) for h in horizontal] + [("v", *v) for v in vertical]
    parent = list(range(len(lines)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first = len(horizontal)
    order = sorted(range(first, len(lines)), key=lambda j: lines[j][1])
    at = [lines[j][1] for j in order]
    for i, (_k, y, x0, x1) in enumerate(lines[:first]):
        for j in order[bisect.bisect_left(at, x0 - SNAP) : bisect.bisect_right(at, x1 + SNAP)]:
            _k2, _x, y0, y1 = lines[j]
            if y0 - SNAP <= y <= y1 + SNAP:
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(lines)):
        groups.setdefault(find(i), []).append(i)
    grids = []
    for members in groups.values():
        hs = [lines[i][1:] for i in members if lines[i][0] == "h"]
        vs = [lines[i][1:] for i in members if lines[i][0] == "v"]
        ys, xs = _snap([h[0] for h in hs]), _snap([v[0] for v in vs])
        if len(ys) >= 2 and len(xs) >= 2 and len(ys) + len(xs) > 4:  # one box: a frame, no table
            grids.append(_Grid(xs, ys, hs, vs))
    grids.sort(key=lambda g: g.ys[0])
    return grids


def _joined(lines: list[tuple]) -> list[tuple]:
    """Segments end to end on one line joined into one (printers draw a rule a cell at a time):
    the same coverage, a fraction of the crossings to test."""
    rows: list[list[tuple]] = []
    for line in sorted(lines):  # by position across: lines within half a point are one line
        if rows and line[0] - rows[-1][0][0] <= 0.5:
            rows[-1].append(line)
        else:
            rows.append([line])
    joined: list[tuple] = []
    for row in rows:
        at = row[0][0]
        start, end = None, None
        for _at, a, b in sorted(row, key=lambda line: line[1]):
            if end is not None and a <= end + SNAP:
                end = max(end, b)
                continue
            if end is not None:
                joined.append((at, start, end))
            start, end = a, b
        joined.append((at, start, end))
    return joined


def _snap(values: list[float]) -> list[float]:
    snapped: list[float] = []
    for value in sorted(values):
        if not snapped or value - snapped[-1] > SNAP:
            snapped.append(value)
    return snapped


def _lines(chars: list[_Char]) -> list[list[_Char]]:
    """Characters grouped into lines, top to bottom, each left to right."""
    lines: list[list[_Char]] = []
    for char in sorted(chars, key=lambda c: c.middle):
        if lines:
            last = lines[-1][-1]
            if abs(char.middle - last.middle) <= 0.5 * min(char.size, last.size):
                lines[-1].append(char)
                continue
        lines.append([char])
    return [sorted(line, key=lambda c: c.x0) for line in lines]


def _line_text(line: list[_Char]) -> str:
    """A line's characters, with a space where a gap is wider than a third of a character."""
    text = ""
    for previous, char in zip([None, *line], line, strict=False):
        if previous is not None and char.x0 - previous.x1 > char.size / 3:
            text += " "
        text += char.text
    return text


def _running_headers(pages: list[list[_Item]]) -> set[str]:
    """Lines printed at the top of most pages (an agency's name over every page)."""
    if len(pages) < 3:
        return set()
    firsts = Counter(page[0][1]["text"] for page in pages if page and isinstance(page[0][1], dict))
    return {text for text, count in firsts.items() if count >= max(2, len(pages) // 2)}


def _add_paragraphs(source: Source, lines: list[dict], margins: tuple[float, float]) -> None:
    """Join wrapped lines into paragraphs (`margins`: the text block's left and right edges)."""
    if not lines:
        return
    left, right = margins
    paragraph: list[str] = []
    page = None
    previous = None
    for line in lines:
        size = max(line["bottom"] - line["top"], 1.0)
        starts = (
            previous is None
            or line["x0"] > left + 1.2 * size
            or previous["x1"] < right - 1.5 * size
            or _TABLE_ROW.search(line["text"])
            or _TABLE_ROW.search(previous["text"])
        )
        if starts and paragraph:
            source.add_paragraph(_join(paragraph), page)
            paragraph = []
        if not paragraph:
            page = line["page"]
        paragraph.append(line["text"])
        previous = line
    source.add_paragraph(_join(paragraph), page)
    lines.clear()


def _join(parts: list[str]) -> str:
    text = parts[0]
    for part in parts[1:]:
        latin = text[-1:].isascii() and text[-1:].isalnum() and part[:1].isascii()
        text += (" " if latin and part[:1].isalnum() else "") + part
    return text
