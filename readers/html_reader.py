"""Web pages saved from a portal (.html/.htm), with the standard library's html.parser.

Portals put the report inside layout tables; only a table with no table inside it is read as a
table, the others as text. A cell spanning rows is read once, where it starts (rowspan/colspan);
&nbsp; is a blank.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from readers.source import Source, SourceRow

_BLOCKS = {
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "section",
    "article", "td", "th", "title", "blockquote", "pre",
}  # fmt: skip
_SKIP = {"script", "style", "head", "noscript"}
_VOID = {"br", "img", "hr", "meta", "link", "input", "col", "wbr"}
# End tags HTML lets a page leave out (and portals do): a start tag closes the open element it
# names, looking no further up than the element that bounds it.
_CLOSED_BY = {
    "li": ({"li"}, {"ul", "ol", "table"}),
    "tr": ({"tr"}, {"table"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
    "dt": ({"dt", "dd"}, {"dl", "table"}),
    "dd": ({"dt", "dd"}, {"dl", "table"}),
    "option": ({"option"}, {"select"}),
}
# A paragraph ends where a block starts.
_ENDS_PARAGRAPH = {
    "p", "div", "table", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "pre", "section", "article", "header", "footer", "form", "hr", "address", "center",
}  # fmt: skip
_PARAGRAPH = ({"p"}, {"td", "th", "table", "li", "div", "blockquote", "section", "article"})


class _Node:
    __slots__ = ("tag", "children")

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.children: list[_Node | str] = []


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs) -> None:
        if tag in _ENDS_PARAGRAPH:
            self._close(*_PARAGRAPH)
        if tag in _CLOSED_BY:
            self._close(*_CLOSED_BY[tag])
        node = _Node(tag)
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def _close(self, names: set[str], bounds: set[str]) -> None:
        """Close the innermost open element among `names`, if no element in `bounds` is nearer."""
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag in names:
                del self.stack[depth:]
                return
            if self.stack[depth].tag in bounds:
                return

    def handle_endtag(self, tag) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data) -> None:
        self.stack[-1].children.append(data)


def read_html(path: Path) -> Source:
    """The paragraphs and innermost tables of a saved web page."""
    raw = Path(path).read_bytes()
    builder = _TreeBuilder()
    builder.feed(_decode(raw))
    builder.close()
    source = Source("html")
    lines: list[str] = []
    _walk(builder.root, source, lines)
    _flush(source, lines)
    return source


def _decode(raw: bytes) -> str:
    """The page's text: UTF-8 when it is valid UTF-8 (a GB-encoded page almost never is, while a
    UTF-8 page may well name 仿宋_GB2312 in its styles), else the charset it declares, else GB18030
    (a superset of GB2312 and GBK)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = re.search(rb"charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", raw[:4096])
    if declared is not None:
        name = declared.group(1).decode("ascii").lower()
        if not name.startswith(("gb", "utf")):
            try:
                return raw.decode(name, errors="replace")
            except LookupError:
                pass
    return raw.decode("gb18030", errors="replace")


def _walk(node: _Node, source: Source, lines: list[str]) -> None:
    for child in node.children:
        if isinstance(child, str):
            if lines:
                lines[-1] += child
            else:
                lines.append(child)
            continue
        if child.tag in _SKIP:
            continue
        if child.tag == "table" and not _has_table(child):
            _flush(source, lines)
            source.add_table(_rows(child))
            continue
        if child.tag in _BLOCKS:
            _flush(source, lines)
        _walk(child, source, lines)
        if child.tag in _BLOCKS:
            _flush(source, lines)


def _flush(source: Source, lines: list[str]) -> None:
    for line in lines:
        source.add_paragraph(_clean(line))
    lines.clear()


def _clean(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def _has_table(node: _Node) -> bool:
    return any(isinstance(c, _Node) and (c.tag == "table" or _has_table(c)) for c in node.children)


def _rows(table: _Node) -> list[SourceRow]:
    rows = []
    for tr in _descendants(table, "tr"):
        cells = [
            _clean(_text(td))
            for td in tr.children
            if isinstance(td, _Node) and td.tag in ("td", "th")
        ]
        rows.append(SourceRow(cells))
    return rows


def _descendants(node: _Node, tag: str):
    for child in node.children:
        if isinstance(child, _Node):
            if child.tag == tag:
                yield child
            else:
                yield from _descendants(child, tag)


def _text(node: _Node) -> str:
    parts = []
    for child in node.children:
        parts.append(child if isinstance(child, str) else _text(child))
    return "".join(parts)
