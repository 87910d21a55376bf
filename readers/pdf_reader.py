"""PDFs with a text layer (Word, WPS, LibreOffice, our own print), with pdfplumber.

Tables are found by their ruling lines; a cell's lines are joined, so a label wrapped over two or
three lines, or written top to bottom one character a line, reads whole. The text outside the
tables is put back into paragraphs: a line starts a paragraph when it is indented or the line before
it stopped short. Page numbers (「- 1 -」, 「— 1 —」, 「第1页」) and running headers are dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from readers.source import Source, SourceRow

_PAGE_NUMBER = re.compile(
    r"^[-—–－_\s]*(第\s*)?\d+\s*(页)?(\s*/\s*\d+|\s*共\s*\d+\s*页)?[-—–－_\s]*$"
)


class NoTextLayer(Exception):
    """The PDF has no text to read: a scan."""


def read_pdf(path: Path) -> Source:
    """The paragraphs and ruled tables of a PDF, page by page."""
    import pdfplumber

    source = Source("pdf")
    pages: list[list[tuple[float, object]]] = []
    with pdfplumber.open(str(path)) as pdf:
        source.pages = len(pdf.pages)
        for number, page in enumerate(pdf.pages, start=1):
            pages.append(_page_items(page, number))
    if not any(isinstance(item, dict) for page in pages for _top, item in page) and not any(
        page for page in pages
    ):
        raise NoTextLayer()
    headers = _running_headers(pages)
    body = [i for page in pages for _top, i in page if isinstance(i, dict)]
    margins = (min(i["x0"] for i in body), max(i["x1"] for i in body)) if body else (0, 0)
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
    if not source.items:
        raise NoTextLayer()
    return source


def _page_items(page, number: int) -> list[tuple[float, object]]:
    """The page's text lines (dicts) and tables (lists of rows), from top to bottom."""
    items: list[tuple[float, object]] = []
    tables = page.find_tables()
    outside = page
    for table in tables:
        rows = [
            SourceRow([cell for cell in row if cell is not None], number)
            for row in table.extract(x_tolerance=1.5)
        ]
        items.append((table.bbox[1], rows))
        outside = outside.outside_bbox(table.bbox)
    for line in outside.extract_text_lines(return_chars=False):
        text = line["text"].strip()
        if text:
            items.append((line["top"], {**line, "text": text, "page": number}))
    items.sort(key=lambda item: item[0])
    return items


def _running_headers(pages: list[list[tuple[float, object]]]) -> set[str]:
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
