"""Plain text (.txt, .md): text copied from a web page, a Word file or a PDF, tables included.

The lines are kept as they are (tabs, blank lines); the interpretation turns the lines under the
table headings into rows with `text_rows`: cells separated by tabs or 「|」, one cell a line as Word
copies them (a row ends at a blank line) or as a browser does (a row starts at a label after
numbers), or a label followed by its numbers on one line.
"""

from __future__ import annotations

import re
from pathlib import Path

from models.i18n import _
from readers.radicals import Radicals
from readers.source import Paragraph, Source, SourceRow

_NUMBERS_AT_END = re.compile(r"^(.*?)([\s\d,，.．０-９/／—–-]*)$")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
# A converter's header row that names the columns 数据1 … 数据N (or 列1 …): no words of the report.
_GENERIC_HEADER = re.compile(r"^\s*\|(\s*(数据|列|Column\s*)\d+\s*\|)+\s*$", re.IGNORECASE)
_YEAR_APART = re.compile(r"(\d)\s+(?=[年月日])")  # 「2022 年」 is a year, not a number and a word
_PAGE_NUMBER = re.compile(r"^\f?\s*[-—–]\s*\d+\s*[-—–]\s*$")  # 「- 2 -」 between two pages
_CELL_GAP = re.compile(r" {2,}")
_SEPARATOR_ROW = re.compile(r"^\|?\s*:?-{3,}")
_MARKDOWN = re.compile(r"^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+(?=\S))")  # heading, quote, list marks


def read_text(path: Path) -> Source:
    """Every line of a text file, blank ones included, in order."""
    text = _decode(Path(path).read_bytes())
    source = Source("text")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if Path(path).suffix.lower() == ".md":
        lines = [_markdown_line(line) for line in lines if not _GENERIC_HEADER.match(line)]
    radicals = Radicals()  # text copied from a PDF whose text layer has them
    lines = [line for line in lines if not _PAGE_NUMBER.match(line)]
    source.items = [Paragraph(radicals.read(line)) for line in lines]
    source.notes += radicals.note(_("文本"))
    return source


def _markdown_line(line: str) -> str:
    """A line of Markdown as the text it shows: no heading or list marks, no bold, no escapes
    (「1\\.」 is 「1.」), a line break inside a table cell (<br>) joined."""
    line = _MARKDOWN.sub("", line).replace("**", "").replace("__", "")
    return _ESCAPED.sub(r"\1", _BREAK.sub("", line))


def _decode(raw: bytes) -> str:
    """UTF-8, UTF-16 (Notepad's 「Unicode」, with its byte order mark or, from other programs,
    without) or GB18030."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    head = raw[:4096]
    if head.count(0) * 100 >= len(head) > 0:  # UTF-8 and GB18030 text has no NUL bytes; in UTF-16
        # every digit, space and line end has one: the byte order that reads as text is the one
        return max(
            (raw.decode(codec, errors="replace") for codec in ("utf-16-le", "utf-16-be")),
            key=lambda text: sum(c.isascii() or "\u4e00" <= c <= "\u9fff" for c in text[:2048]),
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")


def text_rows(lines: list[str]) -> list[SourceRow]:
    """Table rows from lines of text (see the module's docstring)."""
    grouped = any(line.startswith("\t") for line in lines)
    groups: list[list[str]] = [[]]
    for line in lines:
        if not line.strip():
            if grouped and groups[-1]:
                groups.append([])  # Word's copy: a blank line ends a row
        else:
            groups[-1].append(line)
    rows: list[SourceRow] = []
    for group in groups:
        tokens = [token for line in _paired(group) for token in _tokens(line)]
        rows.extend(_split_at_labels(tokens))
    return [row for row in rows if row.cells]


def _paired(lines: list[str]) -> list[str]:
    """The lines with each run of label lines followed by as many lines of numbers (a converter
    that put a table's labels apart from its numbers) interleaved: a label, its numbers. When
    there are more label lines than lines of numbers, the first are headers and stay first."""
    kinds = [_kind(line) for line in lines]
    out: list[str] = []
    index = 0
    while index < len(lines):
        labels = _run_of(kinds, index, "label")
        numbers = _run_of(kinds, index + labels, "numbers")
        if labels >= 2 and 2 <= numbers <= labels:
            headers = index + labels - numbers
            out += lines[index:headers]
            for label, values in zip(
                lines[headers : index + labels],
                lines[index + labels : index + labels + numbers],
                strict=True,
            ):
                out += [label, values]
            index += labels + numbers
        else:
            out += lines[index : index + max(labels, 1)]
            index += max(labels, 1)
    return out


def _kind(line: str) -> str:
    """「label」: words only; 「numbers」: two numbers or more and nothing else; else 「row」."""
    cells = [token for token in _tokens(line) if token]
    if cells and not any(_looks_numeric(cell) for cell in cells):
        return "label"
    if len(cells) >= 2 and all(_looks_numeric(cell) for cell in cells):
        return "numbers"
    return "row"


def _run_of(kinds: list[str], start: int, kind: str) -> int:
    end = start
    while end < len(kinds) and kinds[end] == kind:
        end += 1
    return end - start


def is_row_text(row: SourceRow) -> bool:
    """A row of text that is a label followed by numbers (「行政事业性收费 1268.4375」)."""
    cells = [cell for cell in row.cells if cell.strip()]
    return (
        len(cells) >= 2
        and not _looks_numeric(cells[0])
        and all(_looks_numeric(cell) for cell in cells[1:])
    )


def _tokens(line: str) -> list[str]:
    if "|" in line:
        if _SEPARATOR_ROW.match(line.strip()):
            return []
        return [cell.strip() for cell in line.strip().strip("|").split("|")]
    if "\t" in line:
        cells = line.split("\t")
        if line.startswith("\t"):
            cells = cells[1:]
        return [cell.strip().replace("\u3000", "") for cell in cells]
    match = _NUMBERS_AT_END.match(_YEAR_APART.sub(r"\1", line.strip()))
    assert match is not None, "both parts may be empty: the pattern matches any line"
    label, numbers = match.groups()
    if _CELL_GAP.search(numbers):  # set out as `pdftotext -layout` does: 「1 2876」, 「41 2   61」
        values = ["".join(v.split()) for v in _CELL_GAP.split(numbers.strip())]
    else:
        values = numbers.split()
    return label.split() + values  # official labels have no spaces: a space parts cells


def _split_at_labels(tokens: list[str]) -> list[SourceRow]:
    """A new row starts where a label follows a value."""
    rows: list[SourceRow] = []
    current: list[str] = []
    seen_value = False
    for token in tokens:
        is_label = bool(token) and not _looks_numeric(token)
        if is_label and seen_value:
            rows.append(SourceRow(current))
            current, seen_value = [], False
        current.append(token)
        if not is_label and current and any(_is_label(t) for t in current):
            seen_value = True
    rows.append(SourceRow(current))
    return rows


def _is_label(token: str) -> bool:
    return bool(token) and not _looks_numeric(token)


def _looks_numeric(token: str) -> bool:
    return bool(re.fullmatch(r"[\s\d,，.．０-９/／—–-]+", token))
