"""The report as one web page fragment for the portal's CMS editor.

Self-contained: no scripts, no style sheet, no images or fonts to fetch; every style inline, so it
survives being pasted into an editor. The document's outline (export/document.py) as in the
printed report, the three tables with rowspan/colspan exactly as the official template
(models/format/layout.py) merges them.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from export.document import SEAL_LINES, Heading, Outline, Paragraph, Signature, TableBlock, outline
from export.outcome import ExportOptions, ExportResult
from export.page import SIZE_3
from models.checks.findings import Finding
from models.files import write_atomically
from models.format.layout import Kind
from models.i18n import _
from models.report import Report

# The official font first, then what Windows, macOS and Linux readers have.
BODY_FONTS = "仿宋_GB2312, 仿宋, FangSong, STFangsong, 'Noto Serif CJK SC', serif"
TITLE_FONTS = "方正小标宋简体, 'FZXiaoBiaoSong-B05S', 华文中宋, STZhongsong, SimSun, serif"
HEADING1_FONTS = "黑体, SimHei, STHeiti, 'Noto Sans CJK SC', sans-serif"
HEADING2_FONTS = "楷体_GB2312, 楷体, KaiTi, STKaiti, serif"

_TEXT = (
    f"margin:0;text-indent:2em;text-align:justify;font-family:{BODY_FONTS};"
    f"font-size:{SIZE_3}pt;line-height:1.8"
)
_CELL = f"border:1px solid #000;padding:2px 4px;vertical-align:middle;font-family:{BODY_FONTS};"
_STYLES = {
    "page": f"font-family:{BODY_FONTS};color:#000;max-width:52em;margin:0 auto",
    "draft": "margin:0 0 1em;text-align:center;color:#c00;font-size:16pt;font-weight:bold",
    "title": f"margin:0 0 1em;text-align:center;font-family:{TITLE_FONTS};"
    "font-size:22pt;font-weight:normal;line-height:1.45",
    "h2": f"margin:0;text-indent:2em;font-family:{HEADING1_FONTS};"
    f"font-size:{SIZE_3}pt;font-weight:normal;line-height:1.8",
    "h3": f"margin:0;text-indent:2em;font-family:{HEADING2_FONTS};"
    f"font-size:{SIZE_3}pt;font-weight:normal;line-height:1.8",
    "p": _TEXT,
    "table": "border-collapse:collapse;width:100%;margin:0.5em 0 1em",
    "cell": _CELL + "text-align:center;font-weight:normal",
    "value": _CELL + "text-align:center;font-weight:normal;white-space:nowrap",
    "label": _CELL + "text-align:left;font-weight:normal",
    "sign": f"margin:0;text-align:right;font-family:{BODY_FONTS};font-size:{SIZE_3}pt;"
    "line-height:1.8",
}


def write(report: Report, path: Path, options: ExportOptions) -> ExportResult:
    """The web page fragment at `path`, written atomically (export.writers' registry calls it)."""
    data = render(
        report, draft=options.draft, fingerprint=options.fingerprint, findings=options.findings
    )
    write_atomically(path, data)
    return ExportResult(path)


def render(
    report: Report,
    *,
    draft: bool = False,
    fingerprint: str | None = None,
    findings: list[Finding] | None = None,
) -> bytes:
    """The fragment as UTF-8 bytes (one <div>, ready to paste)."""
    return render_html(report, draft=draft, fingerprint=fingerprint).encode("utf-8")


def render_html(report: Report, *, draft: bool = False, fingerprint: str | None = None) -> str:
    """The fragment: the title, every section with its text and table, the signature."""
    return page_html(outline(report, draft=draft, fingerprint=fingerprint))


def page_html(document: Outline) -> str:
    """The outline as the fragment; the fingerprint as an attribute, not on the page."""
    fingerprint = document.metadata.fingerprint
    mark = f' data-fingerprint="{escape(fingerprint)}"' if fingerprint else ""
    parts = [f'<div style="{_STYLES["page"]}"{mark}>']
    if document.draft:
        parts.append(_element("p", _("草稿"), "draft"))
    parts.append(_element("h1", document.title.text, "title"))
    for block in document.blocks:
        if isinstance(block, Heading):
            tag = "h2" if block.level == 1 else "h3"
            parts.append(_element(tag, block.text, tag))
        elif isinstance(block, Paragraph):
            parts.append(_element("p", block.text, "p"))
        else:
            parts += _table(block)
    parts += _signature(document.signature)
    parts.append("</div>")
    return "\n".join(parts) + "\n"


def _table(block: TableBlock) -> list[str]:
    layout = block.layout
    size = block.table.print_size
    rows: list[list[str]] = [[] for _ in range(layout.rows)]
    for cell in sorted(layout.cells, key=lambda c: (c.row, c.column)):
        spans = "".join(
            f' {name}="{count}"'
            for name, count in (("rowspan", cell.rowspan), ("colspan", cell.colspan))
            if count > 1
        )
        if cell.kind in (Kind.VALUE, Kind.TOTAL):
            text, tag, style = block.values[cell.key], "td", "value"
        elif cell.kind is Kind.HEADER and len(cell.text) <= 3:  # 总计, 其他: never 总/计
            text, tag, style = cell.text, "th", "value"
        elif cell.kind is Kind.LABEL and cell.rowspan == 1:  # left, not bold, without styles
            text, tag, style = cell.text, "td", "label"
        else:
            text, tag, style = cell.text, "th", "cell"
            spans += ' scope="row"' if cell.kind is Kind.LABEL else ""
        rows[cell.row].append(f'<{tag}{spans} style="{_STYLES[style]}">{escape(text)}</{tag}>')
    head = layout.leading_header_rows
    # The borders also as HTML attributes: a CMS that filters CSS keeps them.
    lines = [
        '<table border="1" cellspacing="0" cellpadding="4" width="100%" '
        f'style="{_STYLES["table"]};font-size:{size:g}pt">'
    ]
    for name, group in (("thead", rows[:head]), ("tbody", rows[head:])):
        if group:
            lines += [f"<{name}>", *(f"<tr>{''.join(r)}</tr>" for r in group), f"</{name}>"]
    lines.append("</table>")
    return lines


def _signature(signature: Signature) -> list[str]:
    """Signing unit over the 成文日期, which stands four characters in from the right."""
    seal = 1.8 * SEAL_LINES  # the body's lines are 1.8 em
    unit = f"margin-top:{seal:g}em;margin-right:{signature.unit_right:g}em"
    return [
        f'<p style="{_STYLES["sign"]};{unit}">{escape(signature.unit)}</p>',
        f'<p style="{_STYLES["sign"]};margin-right:{signature.date_right:g}em">'
        f"{escape(signature.issued_on)}</p>",
    ]


def _element(tag: str, text: str, style: str) -> str:
    return f'<{tag} style="{_STYLES[style]}">{escape(text)}</{tag}>'
