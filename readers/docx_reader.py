"""Word and WPS files (.docx): the body's paragraphs and tables, in order (python-docx)."""

from __future__ import annotations

from pathlib import Path

from readers.source import Source, SourceRow

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(path: Path) -> Source:
    """The paragraphs and tables of a .docx body; a merged cell counts once, where it starts."""
    import docx
    from docx.text.paragraph import Paragraph as DocxParagraph

    document = docx.Document(str(path))
    source = Source("docx")
    for element in document.element.body.iterchildren():
        if element.tag == f"{_W}p":
            source.add_paragraph(DocxParagraph(element, document).text)
        elif element.tag == f"{_W}tbl":
            source.add_table(_rows(element))
    return source


def _rows(table) -> list[SourceRow]:
    rows = []
    for tr in table.iterchildren(f"{_W}tr"):
        cells = []
        for tc in tr.iterchildren(f"{_W}tc"):
            merge = tc.find(f"{_W}tcPr/{_W}vMerge")
            if merge is not None and merge.get(f"{_W}val", "continue") == "continue":
                continue  # the lower part of a cell merged downwards
            cells.append(_cell_text(tc))
        rows.append(SourceRow(cells))
    return rows


def _cell_text(tc) -> str:
    paragraphs = []
    for p in tc.iter(f"{_W}p"):
        paragraphs.append("".join(t.text or "" for t in p.iter(f"{_W}t")))
    return "\n".join(paragraphs)
