"""Word and WPS files (.docx): the body's paragraphs and tables, in order.

The body is WordprocessingML read with the standard library (zipfile, ElementTree), not
python-docx: the reader needs only the text of paragraphs and the cells of tables, and python-docx
costs 35 ms to import (its whole object model) where the rest of `main.py read` takes 100 ms. Its
paragraph text also leaves out runs inside tracked insertions, smart tags and content controls,
which a published report's text may sit in; this walker keeps them, in paragraphs and cells alike.
export/word.py, which writes Word files, keeps python-docx.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree

from readers.budget import check_package, read_member
from readers.source import Source, SourceRow

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OFFICE_DOCUMENT = "/officeDocument"  # the end of the main part's relationship type
# What a run's inner elements read as (python-docx's mapping); a page or column break reads as
# nothing, a line break as a new line.
_CHARACTERS = {f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}
# Subtrees with no text of the paragraph: properties (tab stops are w:tab too), deleted text,
# text moved away, text boxes and drawings (their own paragraphs), ruby text over characters, and
# the second copy of content Word writes twice (mc:Fallback of mc:AlternateContent).
_SKIPPED = {
    f"{_W}{name}"
    for name in ("pPr", "rPr", "del", "moveFrom", "txbxContent", "drawing", "pict", "rt")
} | {f"{_MC}Fallback"}
_WRAPPERS = {f"{_W}{name}" for name in ("sdt", "sdtContent", "customXml", "ins", "moveTo")}


class NotWordFile(Exception):
    """The file is a ZIP package without a Word document inside, its XML or its compression is
    broken, or it cannot be read for the reason given (in Chinese)."""


def read_docx(path: Path) -> Source:
    """The paragraphs and tables of a .docx body; a merged cell counts once, where it starts."""
    from models.i18n import _

    with zipfile.ZipFile(path) as package:
        check_package(package, path.name)
        try:
            part = _main_part(package, path.name)
            body = ElementTree.fromstring(read_member(package, part, path.name)).find(f"{_W}body")
        except RuntimeError as error:  # zipfile: an entry encrypted with a ZIP password
            if "encrypted" in str(error):
                raise NotWordFile(_("{name} 有密码保护，无法读取").format(name=path.name)) from None
            raise
        except (KeyError, ElementTree.ParseError, zlib.error, NotImplementedError, EOFError):
            raise NotWordFile() from None  # no document, broken XML, data or compression
    if body is None:
        raise NotWordFile()
    source = Source("docx")
    try:
        _add_blocks(source, body)
    except RecursionError:  # elements nested thousands deep: no word processor writes that
        raise NotWordFile() from None
    return source


def _main_part(package: zipfile.ZipFile, name: str) -> str:
    """The name of the main document part, as the package's relationships give it."""
    try:
        relationships = ElementTree.fromstring(read_member(package, "_rels/.rels", name))
    except (KeyError, ElementTree.ParseError):
        return "word/document.xml"
    for relationship in relationships.iter(_RELATIONSHIPS):
        if relationship.get("Type", "").endswith(_OFFICE_DOCUMENT):
            return posixpath.normpath(relationship.get("Target", "").lstrip("/"))
    return "word/document.xml"


def _add_blocks(source: Source, parent: ElementTree.Element) -> None:
    """Paragraphs and tables in document order, looking into content controls."""
    for element in parent:
        if element.tag == f"{_W}p":
            source.add_paragraph(_paragraph_text(element))
        elif element.tag == f"{_W}tbl":
            source.add_table(_rows(element))
        elif element.tag in _WRAPPERS:
            _add_blocks(source, element)


def _rows(table: ElementTree.Element) -> list[SourceRow]:
    rows = []
    for tr in _children(table, f"{_W}tr"):
        cells = []
        for tc in _children(tr, f"{_W}tc"):
            merge = tc.find(f"{_W}tcPr/{_W}vMerge")
            if merge is not None and merge.get(f"{_W}val", "continue") == "continue":
                continue  # the lower part of a cell merged downwards
            cells.append(_cell_text(tc))
        rows.append(SourceRow(cells))
    return rows


def _children(parent: ElementTree.Element, tag: str):
    """The elements `tag` under `parent`, through content controls and tracked insertions."""
    for element in parent:
        if element.tag == tag:
            yield element
        elif element.tag in _WRAPPERS:
            yield from _children(element, tag)


def _cell_text(tc: ElementTree.Element) -> str:
    return "\n".join(_paragraph_text(p) for p in _paragraphs(tc))


def _paragraphs(parent: ElementTree.Element):
    """The paragraphs under `parent`, nested tables' included, text boxes' not."""
    for element in parent:
        if element.tag == f"{_W}p":
            yield element
        elif element.tag not in _SKIPPED:
            yield from _paragraphs(element)


def _paragraph_text(p: ElementTree.Element) -> str:
    parts: list[str] = []
    _collect(p, parts)
    return "".join(parts)


def _collect(element: ElementTree.Element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag == f"{_W}t":
            parts.append(child.text or "")
        elif tag == f"{_W}br":
            if child.get(f"{_W}type", "textWrapping") == "textWrapping":
                parts.append("\n")
        elif tag in _CHARACTERS:
            parts.append(_CHARACTERS[tag])
        elif tag == f"{_W}r" and _hidden(child):
            continue  # hidden text (w:vanish): not on the printed page
        elif tag not in _SKIPPED:
            _collect(child, parts)


def _hidden(run: ElementTree.Element) -> bool:
    vanish = run.find(f"{_W}rPr/{_W}vanish")
    return vanish is not None and vanish.get(f"{_W}val", "true") not in ("0", "false", "off")
