"""Web pages saved from a portal (.html/.htm), with the standard library's html.parser.

Portals put the report inside layout tables; only a table with no table inside it is read as a
table, the others as text. A cell spanning rows is read once, where it starts (rowspan/colspan);
&nbsp; is a blank.
"""

from __future__ import annotations

import re
from collections import defaultdict
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
    __slots__ = ("tag", "children", "has_table")

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.children: list[_Node | str] = []
        self.has_table = False  # a table somewhere below it


class _TreeBuilder(HTMLParser):
    """The page as a tree. Each tag name keeps the depths at which it is open, so closing an
    element finds it without walking down the stack: a page of thousands of unclosed elements
    and stray end tags is built in time linear in its length."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root")
        self.stack = [self.root]
        self.open: dict[str, list[int]] = defaultdict(list)  # tag → depths on the stack

    def handle_starttag(self, tag, attrs) -> None:
        if tag in _ENDS_PARAGRAPH:
            self._close(*_PARAGRAPH)
        if tag in _CLOSED_BY:
            self._close(*_CLOSED_BY[tag])
        node = _Node(tag)
        self.stack[-1].children.append(node)
        if tag == "table":
            self._mark_table()
        if tag not in _VOID:
            self.open[tag].append(len(self.stack))
            self.stack.append(node)

    def _mark_table(self) -> None:
        """Mark the open elements as holding a table, up to the first already marked."""
        for node in reversed(self.stack):
            if node.has_table:
                return
            node.has_table = True

    def _nearest(self, names: set[str]) -> int:
        return max((self.open[name][-1] for name in names if self.open[name]), default=0)

    def _close(self, names: set[str], bounds: set[str]) -> None:
        """Close the innermost open element among `names`, if no element in `bounds` is nearer."""
        depth = self._nearest(names)
        if depth and depth > self._nearest(bounds):
            self._pop_to(depth)

    def _pop_to(self, depth: int) -> None:
        for node in self.stack[depth:]:
            self.open[node.tag].pop()
        del self.stack[depth:]

    def handle_endtag(self, tag) -> None:
        if self.open[tag]:
            self._pop_to(self.open[tag][-1])

    def handle_data(self, data) -> None:
        self.stack[-1].children.append(data)


def read_html(path: Path) -> Source:
    """The paragraphs and innermost tables of a saved web page."""
    raw = Path(path).read_bytes()
    builder = _TreeBuilder()
    builder.feed(escape_stray_brackets(_decode(raw)))
    builder.close()
    source = Source("html")
    line: list[str] = []
    _walk(builder.root, source, line)
    _flush(source, line)
    return source


def escape_stray_brackets(page: str) -> str:
    """The page with each 「<」 that opens nothing written 「&lt;」: a tag must close with 「>」
    before the next 「<」, a comment with 「-->」. html.parser looks for the end of an unclosed
    construct to the end of the page from each such 「<」, which on a page of them takes minutes;
    here each part of the page is looked at once."""
    pieces: list[str] = []
    start = 0
    gt = -1  # the first 「>」 at or after the bracket being looked at, or len(page) if none
    comments_end = True  # False once a comment was found open to the end of the page
    at = page.find("<")
    while at >= 0:
        following = page.find("<", at + 1)
        comment = page.startswith("<!--", at)
        if comment and comments_end:
            end = page.find("-->", at + 4)
            if end >= 0:
                at = page.find("<", end + 3)
                continue
            comments_end = False
        if gt < at:
            gt = page.find(">", at)
            gt = len(page) if gt < 0 else gt
        opens = page[at + 1 : at + 2].isalpha() or page[at + 1 : at + 2] in ("/", "!", "?")
        if comment or not (opens and gt < len(page) and (following < 0 or gt < following)):
            pieces += (page[start:at], "&lt;")
            start = at + 1
        at = following
    pieces.append(page[start:])
    return "".join(pieces)


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


def _walk(node: _Node, source: Source, line: list[str]) -> None:
    """Paragraphs and tables under `node`; `line` holds the pieces of the paragraph being read."""
    for child in node.children:
        if isinstance(child, str):
            line.append(child)
            continue
        if child.tag in _SKIP:
            continue
        if child.tag == "table" and not child.has_table:
            _flush(source, line)
            source.add_table(_rows(child))
            continue
        if child.tag in _BLOCKS:
            _flush(source, line)
        _walk(child, source, line)
        if child.tag in _BLOCKS:
            _flush(source, line)


def _flush(source: Source, line: list[str]) -> None:
    if line:
        source.add_paragraph(_clean("".join(line)))
    line.clear()


def _clean(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


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
