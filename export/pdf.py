"""The print-ready PDF: GB/T 9704-2012 page, the official tables, signing unit and date.

Everything is drawn from the document's outline (export/document.py: the headings, paragraphs,
tables from models/format/layout.py, and the 落款); no label is written here. Before anything is written, every character is checked against the visible glyphs
of its fonts, and a report with 错误 is refused unless it is exported as a draft.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle
from reportlab.platypus.doctemplate import BaseDocTemplate, PageTemplate
from reportlab.platypus.frames import Frame

from export.document import (
    KEPT_LINES,
    SEAL_LINES,
    Heading,
    Outline,
    Paragraph,
    Signature,
    TableBlock,
    Title,
    outline,
)
from export.errors import ExportError, refuse_unless_clean
from export.fonts import BODY, HEADING1, HEADING2, TITLE, FontSet, load_fonts
from export.outcome import ExportOptions, ExportResult
from export.outlines import draw_text_outline
from export.page import (
    BODY_SIZE,
    BOTTOM,
    CHAR_PITCH,
    LEFT_MARGIN,
    LINE,
    PAGE_HEIGHT,
    PAGE_NUMBER_GAP,
    PAGE_NUMBER_SIZE,
    PAGE_WIDTH,
    TEXT_HEIGHT,
    TEXT_WIDTH,
    TITLE_LINE,
    TITLE_SIZE,
    column_widths,
)
from export.text import CENTER, JUSTIFY, LEFT, ChineseParagraph, TextStyle, VerticalLabel
from models.checks.characters import one_line
from models.checks.check import check
from models.checks.findings import Finding
from models.files import write_atomically
from models.format.layout import Kind, TableLayout
from models.i18n import _
from models.report import Report

STYLES = {
    "title": TextStyle(TITLE, TITLE_SIZE, TITLE_LINE, align=CENTER),
    "body": TextStyle(BODY, BODY_SIZE, LINE, indent_chars=2, pitch=CHAR_PITCH),
    "heading1": TextStyle(HEADING1, BODY_SIZE, LINE, indent_chars=2, align=LEFT, pitch=CHAR_PITCH),
    "heading2": TextStyle(HEADING2, BODY_SIZE, LINE, indent_chars=2, align=LEFT, pitch=CHAR_PITCH),
}
RULE = 0.75  # table line width, pt
CELL_PADDING = 4  # pt left and right of a cell's text: at 2 pt labels touched the rules
MIN_NUMBER_SIZE = 7  # a number too wide for its cell shrinks to this size, then takes more lines
LAYOUT_FUZZ = 1e-6  # pt: rounding in the frame's arithmetic, as reportlab's own _FUZZ
rl_config.useA85 = 0  # binary streams: no Base85 pass over the fonts, and a fifth smaller


class MissingGlyphs(ExportError):
    """Characters no available font can print; each with where it is."""

    def __init__(self, missing: list[tuple[str, str]]) -> None:
        lines = [
            _("「{char}」（U+{code:04X}）在 {where}").format(char=one_line(c), code=ord(c), where=w)
            for c, w in missing
        ]
        super().__init__(
            _(
                "以下字符在随程序提供的字体和本机已安装的字体中都没有，无法导出 PDF"
                "（可安装含这些字的字体，如 SimSun-ExtB，再导出；Word、网页、Excel 不受影响）：\n"
            )
            + "\n".join(lines)
        )
        self.missing = missing


def write(report: Report, path: Path, options: ExportOptions) -> ExportResult:
    """The PDF at `path` (export.writers' registry calls it)."""
    return export_pdf(
        report,
        path,
        draft=options.draft,
        fingerprint=options.fingerprint,
        findings=options.findings,
        pdfa=options.pdfa,
    )


def export_pdf(
    report: Report,
    path: Path,
    *,
    draft: bool = False,
    fingerprint: str | None = None,
    findings: list[Finding] | None = None,
    fonts: FontSet | None = None,
    pdfa: bool = False,
) -> ExportResult:
    """Write the report as a PDF (PDF/A-2b with `pdfa`), atomically; the previous file stays
    intact on any failure."""
    fonts = fonts or load_fonts()
    data, pages = render_pdf(
        report, draft=draft, fingerprint=fingerprint, findings=findings, fonts=fonts
    )
    if pdfa:
        from export.pdfa import make_pdfa  # pypdf loads only for the archival copy

        data = make_pdfa(data)
    write_atomically(Path(path), data)
    return ExportResult(Path(path), pages, fonts.describe())


def render_pdf(
    report: Report,
    *,
    draft: bool = False,
    fingerprint: str | None = None,
    findings: list[Finding] | None = None,
    fonts: FontSet | None = None,
) -> tuple[bytes, int]:
    """The PDF bytes and the page count."""
    fonts = fonts or load_fonts()
    refuse_unless_clean(check(report) if findings is None else findings, draft)
    return document_pdf(outline(report, draft=draft, fingerprint=fingerprint), fonts)


def document_pdf(document: Outline, fonts: FontSet) -> tuple[bytes, int]:
    """The outline as PDF bytes, and the page count; MissingGlyphs when a character is in no
    font, bundled or installed."""
    _check_glyphs(document, fonts)
    metadata = document.metadata
    note = metadata.fingerprint_note
    buffer = io.BytesIO()
    decorate = _PageDecoration(fonts, document.draft)
    frame = Frame(
        LEFT_MARGIN,
        BOTTOM,
        TEXT_WIDTH,
        TEXT_HEIGHT,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="text",
    )
    pdf = _Document(
        buffer,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        pageTemplates=[PageTemplate("page", [frame], onPage=decorate)],
        title=metadata.title,
        author=metadata.author,
        subject=metadata.subject,
        creator=_("年报填报助手"),
        keywords=fonts.describe() + ([note] if note else []),
        initialFontName=fonts.fonts[BODY].name,
        initialFontSize=BODY_SIZE,
        lang=metadata.language,
    )
    pdf.build(_story(document, fonts))
    return buffer.getvalue(), decorate.pages


class _Document(BaseDocTemplate):
    """Bookmarks: each flowable with an `outline` (title, level) marks where it was drawn."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.marks = 0

    def afterFlowable(self, flowable) -> None:
        outline = getattr(flowable, "outline", None)
        if outline is None:
            return
        title, level = outline
        self.marks += 1
        key = f"outline{self.marks}"
        height = getattr(flowable, "height", None) or getattr(flowable, "_height", 0)
        top = vars(self.frame)["_y"] + height  # the frame's y is below what it has just drawn
        self.canv.bookmarkPage(key, fit="XYZ", top=top)
        self.canv.addOutlineEntry(title, key, level=level, closed=False)
        self.canv.showOutline()


def title_lines(title: Title, fonts: FontSet) -> list[str]:
    """The title on one line, or broken after the agency name when it does not fit."""
    font = fonts.fonts[TITLE].name
    return title.lines(lambda text: stringWidth(text, font, TITLE_SIZE) <= TEXT_WIDTH)


# The story ---------------------------------------------------------------------------------


def _story(document: Outline, fonts: FontSet) -> list:
    def para(text: str, style: str) -> ChineseParagraph:
        return ChineseParagraph(text, STYLES[style], fonts)

    blocks = document.blocks
    tables = {i: _table(b, fonts) for i, b in enumerate(blocks) if isinstance(b, TableBlock)}
    story: list = [para("\n".join(title_lines(document.title, fonts)), "title"), Spacer(1, LINE)]
    for index, block in enumerate(blocks):
        if isinstance(block, Heading) and block.level == 1:
            heading = para(block.text, "heading1")
            heading.outline = (block.text, 0)
            # A heading that a table follows directly goes to the next page with the table's
            # header rows and first rows: never alone at the foot of a page.
            table = tables.get(index + 1)
            needed = 3 * LINE if table is None else 2 * LINE + LINE / 3 + _first_rows_height(table)
            story += [_room_for(needed), heading]
        elif isinstance(block, Heading):
            story += [_room_for(2 * LINE), para(block.text, "heading2")]
        elif isinstance(block, Paragraph):
            story.append(para(block.text, "body"))
        else:
            story += [Spacer(1, LINE / 3), tables[index], Spacer(1, LINE / 2)]
    return _closing(story, _signature(document.signature, fonts))


def _room_for(height: float) -> CondPageBreak:
    """A page break unless `height` is left: the frame's height less what is above carries
    rounding (three lines left measured 2.9999999 lines)."""
    return CondPageBreak(height - LAYOUT_FUZZ)


def _closing(story: list[Flowable], signature: list[Flowable]) -> list[Flowable]:
    """The 落款 kept on one page with the last KEPT_LINES lines of the text before it (from the
    paragraphs or headings that end the report, or with the spacing after a table), so that it
    never stands alone on the last page."""
    kept: list[Flowable] = []
    lines = 0
    while lines < KEPT_LINES and story and isinstance(last := story[-1], ChineseParagraph):
        story.pop()
        head, tail = last.split_last(TEXT_WIDTH, KEPT_LINES - lines)
        kept.insert(0, tail)
        lines += tail.line_count
        if head is not None:
            story.append(head)
    if not kept:
        kept = [story.pop()]
    return story + [KeepTogether([*kept, *signature])]


def _first_rows_height(table: Table, rows_after_header: int = 4) -> float:
    """The height of a table's header rows and its first rows (表二's first block whole: its title,
    header and two rows), as laid out on the page."""
    table.wrap(TEXT_WIDTH, 10**6)
    head = table.repeatRows if isinstance(table.repeatRows, int) else len(table.repeatRows)
    heights: list[float] = table._rowHeights  # type: ignore[attr-defined]  # reportlab's own
    return float(sum(heights[: head + rows_after_header]))


def _signature(signature: Signature, fonts: FontSet) -> list[Flowable]:
    """Signing unit centred over the 成文日期, which stands four characters in from the right."""

    def line(text: str, right: float) -> ChineseParagraph:
        style = TextStyle(
            BODY, BODY_SIZE, LINE, align="right", right_indent=right * CHAR_PITCH, pitch=CHAR_PITCH
        )
        return ChineseParagraph(text, style, fonts)

    return [
        Spacer(1, SEAL_LINES * LINE),  # room for the seal
        line(signature.unit, signature.unit_right),
        line(signature.issued_on, signature.date_right),
    ]


# Tables ------------------------------------------------------------------------------------


class _OfficialTable(Table):
    """A reportlab Table that, split across pages, repeats a tall row label on the continuation."""

    source_rows: list[int]
    outline: tuple[str, int] | None
    continuation: dict[int, tuple[int, Callable[[], Flowable]]]
    _cellvalues: list[list[Any]]  # reportlab's own, not in its stubs

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        if len(parts) != 2:
            return parts
        first, rest = parts
        if not isinstance(first, _OfficialTable) or not isinstance(rest, _OfficialTable):
            return parts  # reportlab makes both halves of our class; anything else stays as is
        head = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
        taken = len(first._cellvalues)
        first.outline, rest.outline = self.outline, None  # the bookmark goes to the first page
        first.source_rows = self.source_rows[:taken]
        rest.source_rows = self.source_rows[:head] + self.source_rows[taken:]
        first.continuation = rest.continuation = self.continuation
        # Close the boxes that continue on the next page, at both sides of the break.
        first.setStyle([("LINEBELOW", (0, -1), (-1, -1), RULE, "black")])
        rest.setStyle([("LINEABOVE", (0, head), (-1, head), RULE, "black")])
        label = self.continuation.get(rest.source_rows[head])
        if label is not None:
            column, make = label
            rest._cellvalues[head][column] = make()
        return parts

    def _drawCell(self, cellval, cellstyle, pos, size):
        for value in cellval if isinstance(cellval, (list, tuple)) else [cellval]:
            if isinstance(value, VerticalLabel):
                value.available = size[1] - cellstyle.topPadding - cellstyle.bottomPadding
        super()._drawCell(cellval, cellstyle, pos, size)  # type: ignore[misc]  # not in the stubs


def _table(block: TableBlock, fonts: FontSet) -> Table:
    table, layout = block.table, block.layout
    size = table.print_size
    widths = column_widths(layout, size)
    body = fonts.fonts[BODY].name
    centred = TextStyle(BODY, size, size * 1.3, align=CENTER)
    left = TextStyle(BODY, size, size * 1.3, align=JUSTIFY)
    data: list[list] = [[""] * layout.columns for _ in range(layout.rows)]
    commands: list = [
        ("FONTNAME", (0, 0), (-1, -1), body),
        ("FONTSIZE", (0, 0), (-1, -1), size),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    continuation: dict[int, tuple[int, Callable[[], Flowable]]] = {}
    for cell in layout.cells:
        last = (cell.column + cell.colspan - 1, cell.row + cell.rowspan - 1)
        commands.append(("BOX", (cell.column, cell.row), last, RULE, "black"))
        if cell.kind in (Kind.VALUE, Kind.TOTAL):
            text = block.values[cell.key]
            fitted, lines = fit_number(
                text, body, size, _span_width(widths, cell) - 2 * CELL_PADDING
            )
            data[cell.row][cell.column] = "\n".join(lines)
            if fitted < size:
                commands.append(("FONTSIZE", (cell.column, cell.row), last, fitted))
                commands.append(("LEADING", (cell.column, cell.row), last, fitted * 1.2))
        else:
            style = left if cell.kind is Kind.LABEL and cell.rowspan == 1 else centred
            if cell.kind is Kind.CORNER and len(cell.text) > 8:
                style = left
            data[cell.row][cell.column] = ChineseParagraph(cell.text, style, fonts)
        segments = _segments(layout, cell, size) if cell.kind is Kind.LABEL else []
        if len(segments) > 1:
            data[cell.row][cell.column] = VerticalLabel(cell.text, centred, fonts)
            for start, height, _whole in segments:
                commands.append(("SPAN", (cell.column, start), (cell.column, start + height - 1)))
            for start, _height, whole in segments[1:]:  # a short last group: 「（续）」 only
                text = cell.text + _("（续）") if whole else _("（续）")
                continuation[start] = (cell.column, partial(VerticalLabel, text, centred, fonts))
        elif cell.rowspan > 1 or cell.colspan > 1:
            commands.append(("SPAN", (cell.column, cell.row), last))
    header = layout.leading_header_rows
    if len(table.blocks) > 1:  # keep each small block whole: no title alone at a page foot
        starts = sorted({c.row for c in layout.cells if c.kind is Kind.TITLE}) + [layout.rows]
        for start, end in zip(starts, starts[1:], strict=False):
            commands.append(("NOSPLIT", (0, start), (-1, end - 1)))
    result = _OfficialTable(
        data, colWidths=widths, repeatRows=header, style=TableStyle(commands), splitByRow=1
    )
    result.source_rows = list(range(layout.rows))
    result.continuation = continuation
    result.outline = (block.bookmark, 1)
    return result


def _segments(layout: TableLayout, cell, size: float) -> list[tuple[int, int, bool]]:
    """A label spanning a third of a page or more is drawn in pieces, each a run of whole
    sub-groups tall enough for the label and 「（续）」, so that the table can break between them
    instead of moving the whole block to the next page (a vertical span never splits in
    reportlab). A last run too short for that stays a piece of its own if 「（续）」 fits (it then
    continues with 「（续）」 alone): merged into the run before, it moved 12 rows of 表三 whole and
    left 44 % of a page empty. Each piece: (first row, rows, whether the whole label fits)."""
    if not cell.tall:
        return []
    children = sorted(
        (c.row, c.rowspan)
        for c in layout.cells
        if c.kind is Kind.LABEL
        and c.column == cell.column + 1
        and cell.row <= c.row < cell.row + cell.rowspan
    )
    needed = _rows_for(len(cell.text) + 3)
    segments: list[list[int]] = []
    for start, height in children:
        if segments and segments[-1][1] < needed:
            segments[-1][1] += height
        else:
            segments.append([start, height])
    if len(segments) > 1 and segments[-1][1] < _rows_for(3):
        segments[-2][1] += segments.pop()[1]
    return [(start, height, height >= needed) for start, height in segments]


def _rows_for(characters: int) -> int:
    """Table rows a vertical label of so many characters needs: a row is about 1.8 characters
    tall."""
    return math.ceil(characters / 1.8)


def _span_width(widths: list[float], cell) -> float:
    return sum(widths[cell.column : cell.column + cell.colspan])


def fit_number(text: str, font: str, size: float, width: float) -> tuple[float, list[str]]:
    """The number in a cell `width` wide: on one line at the largest size down to
    MIN_NUMBER_SIZE that fits, else at that size broken over as many lines as it takes."""
    while size > MIN_NUMBER_SIZE and stringWidth(text, font, size) > width:
        size = max(MIN_NUMBER_SIZE, size - 0.5)
    if stringWidth(text, font, size) <= width:
        return size, [text]
    per_line = max(1, int(width // stringWidth("0", font, size)))  # no character is wider than 0
    count = math.ceil(len(text) / per_line)
    length = math.ceil(len(text) / count)  # lines of even length: no lone digit on the last
    return size, [text[i : i + length] for i in range(0, len(text), length)]


# Pages -------------------------------------------------------------------------------------


class _PageDecoration:
    """Page numbers 「— 1 —」 and the 草稿 watermark on every page; nothing else is printed on the
    official text (the 定稿 fingerprint is in the file's metadata)."""

    def __init__(self, fonts: FontSet, draft: bool) -> None:
        self.fonts = fonts
        self.draft = draft
        self.pages = 0

    def __call__(self, canvas, document) -> None:
        self.pages = page = document.page
        canvas.saveState()
        body = self.fonts.fonts[BODY].name
        text = f"— {page} —"
        y = BOTTOM - PAGE_NUMBER_GAP - PAGE_NUMBER_SIZE
        canvas.setFont(body, PAGE_NUMBER_SIZE)
        if page % 2:  # odd pages at the right, even at the left, one character in
            canvas.drawRightString(LEFT_MARGIN + TEXT_WIDTH - PAGE_NUMBER_SIZE, y, text)
        else:
            canvas.drawString(LEFT_MARGIN + PAGE_NUMBER_SIZE, y, text)
        if self.draft:  # shapes, not text: never copied or read back with the report
            title = self.fonts.fonts[TITLE].name
            canvas.setFillColorRGB(0.55, 0.55, 0.55, alpha=0.3)
            canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
            canvas.rotate(45)
            mark = _("草稿")
            width = stringWidth(mark, title, 120)
            draw_text_outline(canvas, mark, title, 120, -width / 2, -40)
        canvas.restoreState()


# Glyphs ------------------------------------------------------------------------------------


def _check_glyphs(document: Outline, fonts: FontSet) -> None:
    """Every character printable: a rare one from an installed font, else MissingGlyphs."""
    missing = _missing_glyphs(document, fonts)
    if missing:
        fonts.look_up_installed([char for char, _where in missing])
        missing = [(char, where) for char, where in missing if char not in fonts.installed]
    if missing:
        raise MissingGlyphs(missing)


def _missing_glyphs(document: Outline, fonts: FontSet) -> list[tuple[str, str]]:
    missing: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()

    def scan(text: str, role: str, where: str) -> None:
        for char in text:
            if char != "\n" and fonts.font_for(char, role) is None and (char, where) not in seen:
                seen.add((char, where))
                missing.append((char, where))

    scan(document.title.text, TITLE, _("标题"))
    section = ""
    for block in document.blocks:
        if isinstance(block, Heading):
            section = block.text if block.level == 1 else section
            scan(block.text, HEADING1 if block.level == 1 else HEADING2, block.text)
        elif isinstance(block, Paragraph):
            scan(block.text, BODY, block.where)
        else:
            for cell in block.layout.cells:
                scan(cell.text, BODY, section)
    scan(document.signature.unit, BODY, _("落款单位"))
    scan(document.signature.issued_on + "— 0123456789 —", BODY, _("成文日期和页码"))
    if document.draft:
        scan(_("草稿"), TITLE, _("草稿水印"))
    return missing
