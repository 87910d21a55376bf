"""Chinese paragraphs for reportlab: our own line breaking, justification and font fallback.

reportlab's own CJK wrapping lets 「，」 start a line and cannot justify Chinese (docs: fonts.md), so
paragraphs are broken here: closing punctuation never starts a line, opening punctuation never ends
one, numbers and Latin words (www.xjahq.gov.cn) stay whole, and full lines are justified by spreading
the remainder evenly between the characters. A style with a character pitch lays its text out on the
GB/T 9704 grid: every character takes the pitch in place of its size (28 a line of 156 mm, as Word's
document grid does), the first-line indent is two columns, and full lines end at the margin. Each character is drawn in the first font of its
role's chain that has a visible glyph for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable

from export.fonts import FontSet

# Characters that may not begin a line (closing punctuation) or end one (opening punctuation).
NO_LINE_START = set("，。、；：？！）」』”’》〉】〕〗…—·%‰℃,.;:?!)]}>")
NO_LINE_END = set("（「『“‘《〈【〔〖([{<")
_WORD = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789./:-_@%?=&#+~,")

LEFT, CENTER, RIGHT, JUSTIFY = "left", "center", "right", "justify"
LONG_ADDRESS = 12  # characters: a longer address breaks anywhere
# Adjacent punctuation is set closer, as WPS and Word do (「》（」 took two full columns): a mark
# whose glyph fills only its left half (closing and stops) before another mark, or an opening
# mark before another opening one, takes half a column.
_LEFT_HALF = set("，。、；：）》」』】〕〗")
_OPENING = set("（《「『【〔〖")
_MARKS = _LEFT_HALF | _OPENING
# Full-width digits, printed as the Arabic digits of the official layout when the role's font has
# none (朱雀仿宋 has no ０–９): a 黑体 digit in 仿宋 text would stand out.
HALF_WIDTH_DIGITS = {chr(0xFF10 + n): str(n) for n in range(10)}


@dataclass(frozen=True)
class TextStyle:
    role: str
    size: float
    leading: float
    indent_chars: float = 0  # first-line indent, in characters of this size
    align: str = JUSTIFY
    right_indent: float = 0  # in points
    pitch: float = 0  # the grid's column width in points; 0: characters take their own widths

    @property
    def scale(self) -> float:
        """How much narrower the grid lays a character out than its font draws it."""
        return self.pitch / self.size if self.pitch else 1.0

    @property
    def column(self) -> float:
        """The width of one character column: the pitch, else the size."""
        return self.pitch or self.size


Piece = tuple[str, str, float]  # (character, font name, width)


@dataclass
class _Line:
    units: list[list[Piece]] = field(default_factory=list)  # unbreakable runs
    last: bool = False  # the last line of its paragraph: not stretched
    indent: float = 0

    @property
    def chars(self) -> list[Piece]:
        return [piece for unit in self.units for piece in unit]

    @property
    def width(self) -> float:
        return sum(w for unit in self.units for _c, _f, w in unit)


class ChineseParagraph(Flowable):
    """One paragraph of Chinese text that breaks, justifies and splits across pages."""

    def __init__(self, text: str, style: TextStyle, fonts: FontSet, lines=None) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.fonts = fonts
        self._lines: list[_Line] = [] if lines is None else lines
        self.outline: tuple[str, int] | None = None  # a bookmark (title, level) where it is drawn
        self._laid_width: float | None = None if lines is None else -1

    # reportlab protocol ----------------------------------------------------------------------

    def wrap(self, availWidth, availHeight):
        if self._laid_width not in (availWidth, -1):
            self._lines = self._break(availWidth)
            self._laid_width = availWidth
        self.width = availWidth
        self.height = len(self._lines) * self.style.leading
        return availWidth, self.height

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        # The frame's height, less what is above, carries rounding: 22 lines fill a page.
        fit = int((availHeight + 1e-9) // self.style.leading)  # less than reportlab's _FUZZ
        lines = self._lines
        if fit >= len(lines):
            return [self]
        # No widow: the next page does not start with a paragraph's lone last line.
        if fit >= 1 and lines[fit].last and not lines[fit - 1].last:
            fit -= 1
        # No orphan: this page does not end with a paragraph's lone first line.
        if fit >= 1 and (fit == 1 or lines[fit - 2].last) and not lines[fit - 1].last:
            fit -= 1
        if fit <= 0:
            return []
        head = ChineseParagraph(self.text, self.style, self.fonts, self._lines[:fit])
        tail = ChineseParagraph(self.text, self.style, self.fonts, self._lines[fit:])
        return [head, tail]

    @property
    def line_count(self) -> int:
        """The lines it was laid out in (after `wrap`)."""
        return len(self._lines)

    def split_last(
        self, width: float, count: int
    ) -> tuple[ChineseParagraph | None, ChineseParagraph]:
        """The paragraph laid out `width` wide, as all but its last `count` lines (None when
        that is nothing) and those lines."""
        self.wrap(width, 0)
        if len(self._lines) <= count:
            return None, self
        head = ChineseParagraph(self.text, self.style, self.fonts, self._lines[:-count])
        return head, ChineseParagraph(self.text, self.style, self.fonts, self._lines[-count:])

    def draw(self):
        canvas = self.canv
        style = self.style
        baseline = (
            self.height - style.leading + (style.leading - style.size) / 2 + 0.12 * style.size
        )
        for line in self._lines:
            self._draw_line(canvas, line, baseline)
            baseline -= style.leading

    # Layout ----------------------------------------------------------------------------------

    def _break(self, width: float) -> list[_Line]:
        style = self.style
        usable = width - style.right_indent
        lines: list[_Line] = []
        for paragraph in self.text.split("\n") or [""]:
            units = self._units(paragraph)
            indent = style.indent_chars * style.column
            current = _Line(indent=indent)
            filled = indent  # current.indent + current.width, kept as units are added
            for unit in units:
                unit_width = sum(w for _c, _f, w in unit)
                if current.units and filled + unit_width > usable + 0.01:
                    carried = _fix_line_end(current, unit)
                    lines.append(current)
                    current = _Line(units=carried)
                    filled = current.width
                    if unit_width > usable:  # a Latin run longer than a line: break it by char
                        for piece in unit:
                            if current.units and filled + piece[2] > usable + 0.01:
                                lines.append(current)
                                current = _Line()
                                filled = 0.0
                            current.units.append([piece])
                            filled += piece[2]
                        continue
                current.units.append(unit)
                filled += unit_width
            current.last = True
            lines.append(current)
        for line in lines:
            _full_width_at_line_end(line, style)
        return lines

    def _units(self, text: str) -> list[list[tuple[str, str, float]]]:
        """Unbreakable pieces: a Latin/number run, or one character with its punctuation. A long
        address (www.xjahq.gov.cn/…) may break anywhere: moved whole to the next line, it left
        the line above spread out letter by letter."""
        units: list[list[tuple[str, str, float]]] = []
        size, role, scale = self.style.size, self.style.role, self.style.scale
        for char in text:
            if char in HALF_WIDTH_DIGITS and not self.fonts.fonts[role].covers(char):
                char = HALF_WIDTH_DIGITS[char]
            font = self.fonts.font_for(char, role)
            name = font.name if font else self.fonts.fonts[role].name
            piece = (char, name, _width(char, name, size) * scale)
            if units and char in _WORD and units[-1][-1][0] in _WORD:
                units[-1].append(piece)
            else:
                units.append([piece])
        return _compress_punctuation([part for unit in units for part in _address_pieces(unit)])

    def _draw_line(self, canvas, line: _Line, baseline: float) -> None:
        style = self.style
        gaps = len(line.chars) - 1
        natural = line.indent + line.width  # as laid out: on the grid when the style has one
        available = self.width - style.right_indent
        spacing = style.pitch - style.size if style.pitch else 0.0  # each character a column
        if style.align == JUSTIFY and not line.last and gaps > 0:
            drawn = line.indent + line.width / style.scale  # as the font draws it, unspaced
            spacing = (available - drawn) / gaps
        if style.align == CENTER:
            x = (available - natural) / 2 + line.indent
        elif style.align == RIGHT:
            x = available - natural + line.indent
        else:
            x = line.indent
        text = canvas.beginText(x, baseline)
        text.setCharSpace(spacing)
        chars = line.chars
        for start, piece in _draw_pieces(chars, style, canvas):
            font = chars[start][1]
            text.setTextOrigin(x, baseline)
            text.setFont(font, style.size)
            text.textOut(piece)
            x += sum(w for _c, _f, w in chars[start : start + len(piece)]) / style.scale
            x += len(piece) * spacing
        canvas.drawText(text)


def _draw_pieces(chars: list[Piece], style: TextStyle, canvas) -> list[tuple[int, str]]:
    """The line's characters in the strings drawn each at its own place: one font's run, cut
    where reportlab changes subsets and after a character set narrower than its glyph (half a
    column of punctuation), so that the next one is placed, not left to the glyph's advance."""
    pieces: list[tuple[int, str]] = []
    start = 0
    while start < len(chars):
        font, end = chars[start][1], start
        while end < len(chars) and chars[end][1] == font:
            end += 1
            char, _font, width = chars[end - 1]
            if char in _MARKS and width / style.scale < _width(char, font, style.size) - 0.01:
                break
        for piece in _subset_pieces("".join(c for c, _f, _w in chars[start:end]), font, canvas):
            pieces.append((start, piece))
            start += len(piece)
    return pieces


def _subset_pieces(run: str, font: str, canvas) -> list[str]:
    """The run in the pieces reportlab writes as one string each (a TrueType font's subsets of
    256 glyphs). Each piece is placed by itself: the character spacing after a string's last
    character is then not left to the reader (pdfminer, and so pdfplumber, drops it)."""
    face = pdfmetrics.getFont(font)
    if not isinstance(face, TTFont):
        return [run]
    pieces, start = [], 0
    for _subset, data in face.splitString(run, canvas._doc):
        pieces.append(run[start : start + len(data)])
        start += len(data)
    return pieces


def _compress_punctuation(units: list[list[Piece]]) -> list[list[Piece]]:
    """Half a column for a mark before another (see _LEFT_HALF)."""
    pieces = [piece for unit in units for piece in unit]
    halved = {
        index
        for index, (char, _font, _width) in enumerate(pieces[:-1])
        if pieces[index + 1][0] in _MARKS
        and (char in _LEFT_HALF or (char in _OPENING and pieces[index + 1][0] in _OPENING))
    }
    if not halved:
        return units
    result, index = [], 0
    for unit in units:
        changed = []
        for char, font, width in unit:
            changed.append((char, font, width / 2 if index in halved else width))
            index += 1
        result.append(changed)
    return result


def _full_width_at_line_end(line: _Line, style: TextStyle) -> None:
    """A mark set in half a column before one that went to the next line takes its whole
    column again (its glyph box stays inside the margin; the line's spacing absorbs it)."""
    if not line.units:
        return
    char, font, width = line.units[-1][-1]
    full = _width(char, font, style.size) * style.scale
    if width < full - 0.01:
        line.units[-1][-1] = (char, font, full)


def _address_pieces(unit: list[Piece]) -> list[list[Piece]]:
    """A web or mail address longer than LONG_ADDRESS characters as pieces of one character."""
    if len(unit) <= LONG_ADDRESS:
        return [unit]
    text = "".join(char for char, _font, _width in unit)
    if any(mark in text for mark in "/@") or text.count(".") > 1:
        return [[piece] for piece in unit]
    return [unit]


def _fix_line_end(line: _Line, next_unit: list[Piece]) -> list[list[Piece]]:
    """Move whole units to the next line so that it does not start with closing punctuation and
    this one does not end with opening punctuation; returns what the next line starts with."""
    carried: list[list[Piece]] = []
    if next_unit[0][0] in NO_LINE_START:
        while len(line.units) > 1:
            carried.insert(0, line.units.pop())
            if carried[0][0][0] not in NO_LINE_START:
                break
    while len(line.units) > 1 and line.units[-1][-1][0] in NO_LINE_END:
        carried.insert(0, line.units.pop())
    return carried


_widths: dict[tuple[str, str, float], float] = {}


def _width(char: str, font: str, size: float) -> float:
    key = (char, font, size)
    if key not in _widths:
        _widths[key] = stringWidth(char, font, size)
    return _widths[key]


class VerticalLabel(Flowable):
    """A label written top to bottom in a tall, narrow table cell (三、本年度办理结果).

    It asks for no height of its own, so that its rows keep their natural heights; the table tells
    it the height of its cell before drawing (`available`), and the characters are spaced to fit.
    """

    _ROTATED = set("（）()")  # brackets turn with the writing direction

    def __init__(self, text: str, style: TextStyle, fonts: FontSet) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.fonts = fonts
        self.available = len(text) * style.size * 1.15

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        return availWidth, 0

    def draw(self):
        canvas = self.canv
        size = self.style.size
        step = min(size * 1.15, self.available / max(1, len(self.text)))
        top = step * len(self.text) / 2
        for index, char in enumerate(self.text):
            font = self.fonts.font_for(char, self.style.role) or self.fonts.fonts[self.style.role]
            y = top - (index + 1) * step + (step - size) / 2 + 0.12 * size
            canvas.setFont(font.name, size)
            if char in self._ROTATED:
                canvas.saveState()
                canvas.translate(self.width / 2, y + size * 0.38)
                canvas.rotate(-90)
                canvas.drawCentredString(0, -size * 0.38, char)
                canvas.restoreState()
            else:
                canvas.drawCentredString(self.width / 2, y, char)
