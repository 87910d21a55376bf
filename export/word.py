"""The report as a Word document the clerk can still polish in Word, WPS or LibreOffice.

The official layout, editable: an A4 page with the GB/T 9704 margins and its grid of 22 lines of
28 characters, the title in 方正小标宋简体 二号, the body in 仿宋_GB2312 三号 at the 公文's fixed line
spacing, headings in 黑体 and 楷体_GB2312, the three tables with the official merged cells
(models/format/layout.py, the grid the PDF and the window draw), header rows repeated on every page,
「— n —」 page numbers, signing unit and 成文日期 placed as in the PDF: the document's outline
(export/document.py) that the PDF prints. Fonts are named, not embedded: the office PC's own fonts
are used, and the font table names the usual stand-in for each (仿宋 for 仿宋_GB2312) so Word and
WPS fall back to it on a PC without the GB2312 fonts.
"""

from __future__ import annotations

import io
import math
import re
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor
from lxml import etree

from export.document import (
    KEPT_LINES,
    SEAL_LINES,
    Heading,
    Metadata,
    Outline,
    Paragraph,
    Signature,
    TableBlock,
    outline,
)
from export.outcome import ExportOptions, ExportResult
from export.page import (
    BOTTOM,
    CHAR_PITCH,
    CHARS_PER_LINE,
    LEFT_MARGIN,
    LINE,
    PAGE_HEIGHT,
    PAGE_NUMBER_GAP,
    PAGE_NUMBER_SIZE,
    PAGE_WIDTH,
    RIGHT_MARGIN,
    TEXT_WIDTH,
    TITLE_LINE,
    TITLE_SIZE,
    TOP,
    column_widths,
    em_width,
)
from export.word_rows import CELL_MARGIN, CELL_MARGIN_TWIPS, TABLE_LINE, kept_rows
from models.checks.findings import Finding
from models.files import write_atomically
from models.format.layout import Kind
from models.i18n import _
from models.report import Report

# Each official font, and the font Word and WPS use in its place (the font table's altName).
BODY_FONT, TITLE_FONT, HEADING1_FONT, HEADING2_FONT = (
    "仿宋_GB2312",
    "方正小标宋简体",
    "黑体",
    "楷体_GB2312",
)
MIN_NUMBER_SIZE = 7  # pt, as in the PDF
PAGE_NUMBER_FONT = "宋体"  # GB/T 9704: 4号半角宋体阿拉伯数字
STAND_INS = {BODY_FONT: "仿宋", TITLE_FONT: "宋体", HEADING2_FONT: "楷体", HEADING1_FONT: "SimHei"}
FONT_NOTES = [
    _(
        "字体只写名称、不嵌入，由打开文件的电脑提供：标题 {title}，正文 {body}，一级标题 {h1}，二级标题 {h2}"
    ).format(title=TITLE_FONT, body=BODY_FONT, h1=HEADING1_FONT, h2=HEADING2_FONT)
]
# The 公文's page: 22 lines of 28 characters. 28.95 pt lines fit 22 in 225 mm (29 pt leaves
# 21); the document grid (lines and characters) sets 28 characters in 156 mm, as Word and WPS
# documents of this layout do: its pitch is the default size plus charSpace 4096ths of a point.
# Word squeezes a 16 pt character into a 15.79 pt column, but LibreOffice lays it over two (13
# characters a line, measured), so the body is set at 15.5 pt, the nearest half point that one
# column holds. Text of another size (title, tables, page number) does not snap to the grid.
LINE_TWIPS = int(LINE * 20)
GRID_SIZE = 15.5  # pt: the body's size on the grid, 三号 less the half point LibreOffice needs
CHAR_SPACE = math.floor((CHAR_PITCH - GRID_SIZE) * 4096)
# The first-line indent: two columns. Word reads w:firstLineChars; LibreOffice reads w:firstLine
# and starts the text at the next column of its grid, the third at 2 × 15.79 pt: so a little less.
INDENT_TWIPS = round(1.9 * CHAR_PITCH * 20)
STYLE_BODY, STYLE_TITLE, STYLE_H1, STYLE_H2, STYLE_TABLE, STYLE_FOOTER = (
    "公文正文",
    "公文标题",
    "Heading 1",
    "Heading 2",
    "表格文字",
    "Footer",
)


def write(report: Report, path: Path, options: ExportOptions) -> ExportResult:
    """The Word file at `path`, written atomically (export.writers' registry calls it)."""
    data = render(
        report, draft=options.draft, fingerprint=options.fingerprint, findings=options.findings
    )
    write_atomically(path, data)
    return ExportResult(path, fonts=FONT_NOTES)


def render(
    report: Report,
    *,
    draft: bool = False,
    fingerprint: str | None = None,
    findings: list[Finding] | None = None,
) -> bytes:
    """The .docx file's bytes."""
    return document_bytes(outline(report, draft=draft, fingerprint=fingerprint))


def document_bytes(source: Outline) -> bytes:
    """The outline as a .docx file's bytes."""
    document = Document()
    _page(document)
    _styles(document, {block.table.print_size for block in source.tables()})
    _font_table(document)
    _properties(document, source.metadata)
    _package(document)
    for line in source.title.lines(lambda text: em_width(text) * TITLE_SIZE <= TEXT_WIDTH):
        document.add_paragraph(line, STYLE_TITLE)
    document.paragraphs[-1].paragraph_format.space_after = Pt(LINE_TWIPS / 20)
    for block in source.blocks:
        if isinstance(block, Heading):
            document.add_paragraph(block.text, STYLE_H1 if block.level == 1 else STYLE_H2)
        elif isinstance(block, Paragraph):
            document.add_paragraph(block.text, STYLE_BODY)
        else:
            _table(document, block)
    _signature(document, source.signature)
    _footers(document)  # the fingerprint is in the core properties, not on the page
    if source.draft:
        _draft_header(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# Page, styles, fonts ---------------------------------------------------------------------


def _page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Pt(PAGE_WIDTH), Pt(PAGE_HEIGHT)
    section.top_margin, section.bottom_margin = Pt(TOP), Pt(BOTTOM)
    section.left_margin, section.right_margin = Pt(LEFT_MARGIN), Pt(RIGHT_MARGIN)
    section.header_distance = Pt(TOP / 2)
    # the page number's line, 7 mm below the text block
    section.footer_distance = Pt(BOTTOM - PAGE_NUMBER_GAP - PAGE_NUMBER_SIZE * 1.3)
    grid = section._sectPr.find(qn("w:docGrid"))
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(LINE_TWIPS))
    grid.set(qn("w:charSpace"), str(CHAR_SPACE))
    document.settings.odd_and_even_pages_header_footer = True


def _styles(document, table_sizes: set[float]) -> None:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    _set_fonts(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")), BODY_FONT)
    lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    # the character grid's pitch is reckoned from the default size: 三号, as in Normal
    for tag in ("w:sz", "w:szCs"):
        defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn(tag)).set(
            qn("w:val"), str(round(2 * GRID_SIZE))
        )
    normal = styles["Normal"]
    _style_text(normal, BODY_FONT, GRID_SIZE, LINE_TWIPS / 20)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.widow_control = False  # the grid, not the orphans, sets the lines
    body = _new_style(styles, STYLE_BODY, BODY_FONT, GRID_SIZE, LINE_TWIPS / 20)
    _two_column_indent(body)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    title = _new_style(styles, STYLE_TITLE, TITLE_FONT, TITLE_SIZE, TITLE_LINE)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for name, font, level in ((STYLE_H1, HEADING1_FONT, 0), (STYLE_H2, HEADING2_FONT, 1)):
        style = styles[name]
        for old in style.element.findall(qn("w:pPr")) + style.element.findall(qn("w:rPr")):
            style.element.remove(old)
        _style_text(style, font, GRID_SIZE, LINE_TWIPS / 20)
        fmt = style.paragraph_format
        _two_column_indent(style)
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.keep_with_next = True
        _outline_level(style, level)
    for size in table_sizes:
        table = _new_style(styles, f"{STYLE_TABLE} {size:g}", BODY_FONT, size, size * TABLE_LINE)
        table.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer = styles[STYLE_FOOTER]
    _style_text(footer, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE, PAGE_NUMBER_SIZE * 1.3)
    for style in [title, footer] + [s for s in styles if s.name.startswith(STYLE_TABLE)]:
        _off_the_grid(style)  # text of another size keeps its own pitch


def _two_column_indent(style) -> None:
    style.paragraph_format.first_line_indent = Pt(INDENT_TWIPS / 20)
    style.element.pPr.find(qn("w:ind")).set(qn("w:firstLineChars"), "200")


def _off_the_grid(style) -> None:
    """The style's paragraphs do not snap to the document grid (w:snapToGrid off)."""
    element = OxmlElement("w:snapToGrid")
    element.set(qn("w:val"), "0")
    style.element.get_or_add_pPr().insert_element_before(element, *_AFTER_SNAP_TO_GRID)


def _outline_level(style, level: int) -> None:
    """Word's navigation pane lists the headings by their outline level."""
    element = OxmlElement("w:outlineLvl")
    element.set(qn("w:val"), str(level))
    style.element.get_or_add_pPr().insert_element_before(element, *_AFTER_OUTLINE_LEVEL)


# What may follow w:snapToGrid and w:outlineLvl in a paragraph's properties, in the schema's
# order (ECMA-376 §17.3.1.32, §17.3.1.26): new elements go before the first present.
_AFTER_SNAP_TO_GRID = (
    "w:spacing w:ind w:contextualSpacing w:mirrorIndents w:suppressOverlap w:jc "
    "w:textDirection w:textAlignment w:textboxTightWrap w:outlineLvl w:divId w:cnfStyle w:rPr "
    "w:sectPr w:pPrChange"
).split()
_AFTER_OUTLINE_LEVEL = ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _new_style(styles, name: str, font: str, size: float, line: float):
    style = styles.add_style(name, 1)  # a paragraph style
    style.base_style = styles["Normal"]
    style.quick_style = True
    _style_text(style, font, size, line)
    return style


def _style_text(style, font: str, size: float, line: float) -> None:
    style.font.size = Pt(size)
    style.font.bold = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    _set_fonts(style.element.get_or_add_rPr(), font)
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line)


def _set_fonts(rpr, font: str) -> None:
    """Name the font for Chinese (w:eastAsia) and Latin text alike; no theme font overrides it."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for name in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(name), font)
    fonts.set(qn("w:hint"), "eastAsia")


def _font_table(document) -> None:
    """Declare each official font as a GB2312 font with its usual stand-in as w:altName."""
    part = document.part.part_related_by(RT.FONT_TABLE)
    table = parse_xml(part.blob)
    for font, stand_in in STAND_INS.items():
        table.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{font}"><w:altName w:val="{stand_in}"/>'
                '<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/>'
                "</w:font>"
            )
        )
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def _properties(document, metadata: Metadata) -> None:
    properties = document.core_properties
    properties.title = metadata.title
    properties.author = metadata.author
    properties.subject = metadata.subject
    note = metadata.fingerprint_note
    properties.comments = _("年报填报助手导出") + ("；" + note if note else "")
    properties.created = properties.modified = datetime.now().replace(microsecond=0)
    properties.last_modified_by = metadata.author
    properties.language = metadata.language


# What python-docx's template leaves: Word 2010's compatibility mode (Word 2013 and later show
# 「兼容模式」), a Mac Word application name, a blank preview picture, Japanese theme fonts.
_APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>{application}</Application><DocSecurity>0</DocSecurity>"
    "<Company>{company}</Company></Properties>"
)


def _package(document) -> None:
    """Compatibility mode 15, adjacent punctuation compressed, the program and agency in
    app.xml, no thumbnail, Chinese theme."""
    settings = document.settings.element
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    for control in settings.iter(qn("w:characterSpacingControl")):  # 「》（」 set closer, as WPS
        control.set(qn("w:val"), "compressPunctuation")
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rel_id)
    for part in package.iter_parts():
        if part.partname == "/docProps/app.xml":
            part._blob = _APP_XML.format(
                application=escape(_("年报填报助手")),
                company=escape(document.core_properties.author),
            ).encode("utf-8")
        elif part.partname == "/word/theme/theme1.xml":
            theme = re.sub(rb'<a:font script="Jpan" typeface="[^"]*"/>', b"", part.blob)
            part._blob = theme.replace(b'<a:ea typeface=""/>', '<a:ea typeface="宋体"/>'.encode())


# The story -------------------------------------------------------------------------------


def _signature(document, signature: Signature) -> None:
    """Signing unit centred over the 成文日期, which stands four characters in from the right;
    the text's last KEPT_LINES lines come to its page (Word's widow control keeps two)."""
    _keep_last_lines_with_next(document.paragraphs)
    lines = ((signature.unit, signature.unit_right), (signature.issued_on, signature.date_right))
    for index, (text, right) in enumerate(lines):
        paragraph = document.add_paragraph(text, "Normal")
        fmt = paragraph.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        fmt.right_indent = Pt(right * CHAR_PITCH)
        if index == 0:
            fmt.space_before = Pt(SEAL_LINES * LINE_TWIPS / 20)  # room for the seal
            fmt.keep_with_next = True


def _keep_last_lines_with_next(paragraphs) -> None:
    """The last paragraph kept with what follows, its last two lines at least (widow control);
    a paragraph of one line brings the one before it along too."""
    for paragraph in reversed(paragraphs[-KEPT_LINES:]):
        fmt = paragraph.paragraph_format
        fmt.keep_with_next = True
        fmt.widow_control = True
        lines = math.ceil((em_width(paragraph.text) + 2) / CHARS_PER_LINE)
        if lines >= KEPT_LINES or paragraph.style.name != STYLE_BODY:
            return


# Tables ----------------------------------------------------------------------------------


def _table(document, block: TableBlock) -> None:
    """The official grid as WordprocessingML: gridSpan for merged columns, vMerge for rows.

    Written as XML in one go: python-docx's cell() and merge() rescan the whole table each time.
    """
    table, layout = block.table, block.layout
    size = table.print_size
    widths = column_widths(layout, size)
    style = document.styles[f"{STYLE_TABLE} {size:g}"].style_id
    starts = {(c.row, c.column): c for c in layout.cells}
    covering = {
        (row, c.column): c for c in layout.cells for row in range(c.row + 1, c.row + c.rowspan)
    }
    kept = kept_rows(layout, widths, size)
    rows = []
    for row in range(layout.rows):
        header = row < layout.leading_header_rows
        keep = row in kept
        cells = []
        for column in range(layout.columns):
            if (row, column) in starts:
                spec = starts[(row, column)]
                cells.append(_cell_xml(spec, block, widths, style, size, keep, start=True))
            elif (row, column) in covering:
                spec = covering[(row, column)]
                cells.append(_cell_xml(spec, block, widths, style, size, keep, start=False))
        properties = "<w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
        rows.append(f"<w:tr><w:trPr>{properties}</w:trPr>{''.join(cells)}</w:tr>")
    grid = "".join(f'<w:gridCol w:w="{round(w * 20)}"/>' for w in widths)
    margins = "".join(
        f'<w:{side} w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/>'
        for side in ("top", "left", "bottom", "right")
    )
    table_style = document.styles["Table Grid"].style_id
    xml = (
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="{table_style}"/>'
        f'<w:tblW w:w="{round(sum(widths) * 20)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblLayout w:type="fixed"/><w:tblCellMar>{margins}</w:tblCellMar>'
        f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        f'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )
    document.element.body.sectPr.addprevious(parse_xml(xml))
    document.add_paragraph("", "Normal").paragraph_format.line_spacing = Pt(LINE_TWIPS / 40)


def _cell_xml(
    spec, block: TableBlock, widths, style: str, size: float, keep: bool, start: bool
) -> str:
    width = sum(widths[spec.column : spec.column + spec.colspan])
    span = f'<w:gridSpan w:val="{spec.colspan}"/>' if spec.colspan > 1 else ""
    if spec.rowspan > 1:
        span += '<w:vMerge w:val="restart"/>' if start else "<w:vMerge/>"
    properties = f'<w:tcW w:w="{round(width * 20)}" w:type="dxa"/>{span}<w:vAlign w:val="center"/>'
    paragraph = f'<w:pStyle w:val="{style}"/>' + ("<w:keepNext/>" if keep else "")
    run = ""  # the continuation of a merged cell holds an empty paragraph
    if not start:
        return _tc(properties, paragraph, run)
    if spec.kind in (Kind.VALUE, Kind.TOTAL):
        text = block.values[spec.key]
        fitted = ""
        room = width - 2 * CELL_MARGIN
        if em_width(text) * size > room:  # a long number shrinks, down to 7 pt, then wraps
            half_points = max(2 * MIN_NUMBER_SIZE, int(2 * room / em_width(text)))
            fitted = f'<w:rPr><w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr>'
        run = f"<w:r>{fitted}<w:t>{escape(text)}</w:t></w:r>"
    else:
        long_corner = spec.kind is Kind.CORNER and len(spec.text) > 8
        if (spec.kind is Kind.LABEL and spec.rowspan == 1) or long_corner:
            paragraph += '<w:jc w:val="both"/>'
        run = f"<w:r><w:t>{escape(spec.text)}</w:t></w:r>"
    return _tc(properties, paragraph, run)


def _tc(properties: str, paragraph: str, run: str) -> str:
    return f"<w:tc><w:tcPr>{properties}</w:tcPr><w:p><w:pPr>{paragraph}</w:pPr>{run}</w:p></w:tc>"


# Headers and footers ---------------------------------------------------------------------


def _footers(document) -> None:
    """「— n —」 at the right of odd pages and the left of even ones, one character in."""
    section = document.sections[0]
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        paragraph = footer.paragraphs[0]
        paragraph.style = document.styles[STYLE_FOOTER]
        fmt = paragraph.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
        fmt.first_line_indent = None
        if odd:
            fmt.right_indent = Pt(PAGE_NUMBER_SIZE)
        else:
            fmt.left_indent = Pt(PAGE_NUMBER_SIZE)
        paragraph.add_run("— ")
        paragraph._p.append(
            parse_xml(
                f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
            )
        )
        paragraph.add_run(" —")


def _draft_header(document) -> None:
    """「草稿」 at the top of every page, where no one can miss it."""
    section = document.sections[0]
    for header in (section.header, section.even_page_header):
        paragraph = header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(_("草稿"))
        run.font.size = Pt(26)
        run.font.bold = True
        run.font.color.rgb = RGBColor(0xC0, 0, 0)
        _set_fonts(run._r.get_or_add_rPr(), HEADING1_FONT)
