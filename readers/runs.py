"""A report that lost its line breaks (text copied from an archived page: the title, headings,
paragraphs and tables on one line), cut back into its lines by the format's own words.

The headings are found in the order of the format (as printed, or without their number when a
report leaves it out); the title ends at its 「年度报告」; the signing unit and the date are the
end. Inside a table's part each row starts at its label (block titles and row labels of the
format, in their order) or, for a label printed with a slip, where its words follow the digits of
the row before — the 「2.」 of a numbered label that sticks to those digits goes with its label.
The table's lines are then read as any text table's are (readers/text_reader.py, readers/tables.py).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from models.format.blocks import FormatDescription, RowGroup, Section, Table
from readers.labels import normalize
from readers.narrative import PORTAL_LABEL, headed_sections

LEAST_HEADINGS = 2  # a paragraph holding this many of the format's headings is a whole report
_NUMBERING = re.compile(r"^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、)")
# Digits, and what stands between the digits of one row: spaces, a decimal point, a minus sign.
_DIGIT_RUN = re.compile(r"[0-9０-９]+(?:[.．,，\s\-−－]+[0-9０-９]+)*")
_NUMBER_MARK = ".．、"
_DATE_AT_END = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
_SENTENCE_END = "。；！？"
TITLE_END = "年度报告"
_CRUMBS = ">›»|"
_OPENING_MARKS = ("根据《", "。")
_PORTAL_VALUE = re.compile(
    r"\s*(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?|\S+)"
)
LONGEST_TITLE = 80
LONGEST_UNIT = 40


class _Text:
    """A paragraph and its normalised form (readers/labels.py), with each normalised character's
    place in the paragraph, to find labels as they are compared and cut where they are printed."""

    def __init__(self, text: str) -> None:
        self.text = text
        places: list[int] = []
        chars: list[str] = []
        for index, char in enumerate(text):
            if not char.isspace():
                after_digit = bool(chars) and chars[-1].isdigit()
                chars.append("." if char == "、" and after_digit else normalize(char) or char)
                places.append(index)
        self.plain = "".join(chars)
        self.places = places + [len(text)]

    def find(self, label: str, start: int, end: int | None = None) -> tuple[int, int] | None:
        """(start, end) in the paragraph of the label's first whole occurrence in [start, end)."""
        wanted = normalize(label)
        if not wanted:
            return None
        begin = self._plain_index(start)
        found = self.plain.find(wanted, begin, None if end is None else self._plain_index(end))
        if found < 0:
            return None
        return self.places[found], self.places[found + len(wanted) - 1] + 1

    def _plain_index(self, place: int) -> int:
        return bisect_left(self.places, place)


def is_run_together(text: str, fmt: FormatDescription) -> bool:
    """A paragraph that holds at least two of the format's headings: a report that lost its
    line breaks."""
    plain = normalize(text)
    found = sum(normalize(s.heading) in plain for s in headed_sections(fmt))
    return found >= LEAST_HEADINGS


def cut(text: str, fmt: FormatDescription) -> list[str]:
    """The lines of a report run together on one line (see the module's docstring)."""
    run = _Text(text)
    sections = headed_sections(fmt)
    spans = _heading_spans(run, sections)
    cuts: set[int] = set()
    first_heading = spans[0][0] if spans else len(text)
    title = _title_end(run, first_heading)
    if title:
        cuts |= {_title_start(text, title), title} | _portal_cuts(text, title, first_heading)
    for index, (start, end, section) in enumerate(spans):
        cuts |= {start, end}
        after = spans[index + 1][0] if index + 1 < len(spans) else len(text)
        if section.table is not None:
            cuts |= _row_cuts(run, section.table, end, after)
    cuts |= _closing_cuts(text, spans[-1][1] if spans else 0)
    places = sorted(c for c in cuts if 0 < c < len(text))
    pieces = [text[a:b] for a, b in zip([0, *places], [*places, len(text)], strict=True)]
    return [piece.strip() for piece in pieces if piece.strip()]


def _heading_spans(run: _Text, sections: list[Section]) -> list[tuple[int, int, Section]]:
    """Where each heading found stands, in order: as printed, else without its number between
    the headings found around it."""
    exact: list[tuple[int, int, Section] | Section] = []
    position = 0
    for section in sections:
        found = run.find(section.heading, position)
        if found is None:
            exact.append(section)
        else:
            exact.append((*found, section))
            position = found[1]
    spans: list[tuple[int, int, Section]] = []
    for index, item in enumerate(exact):
        if isinstance(item, tuple):
            spans.append(item)
            continue
        start = spans[-1][1] if spans else 0
        later = next((e for e in exact[index + 1 :] if isinstance(e, tuple)), None)
        words = _NUMBERING.sub("", item.heading)
        found = run.find(words, start, later[0] if later else None) if len(words) >= 4 else None
        if found is not None:
            spans.append((*found, item))
    return spans


def _title_end(run: _Text, first_heading: int) -> int | None:
    """Just after the title's 「年度报告」, when the title is at the start."""
    found = run.find(TITLE_END, 0, min(first_heading, LONGEST_TITLE + len(TITLE_END)))
    return found[1] if found else None


def _title_start(text: str, end: int) -> int:
    """Where the title ending at `end` begins: after the portal's breadcrumbs before it
    (「网站首页 > 政务公开 > 年报 」), at the last space or 「>」 before it."""
    start = end
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in _CRUMBS:
        start -= 1
    return start


def _portal_cuts(text: str, start: int, end: int) -> set[int]:
    """Around each field of the portal's box between the title and the opening paragraph's
    first sentence (「来源：某局 时间：2023-01-20 10:30 索引号：…」)."""
    opening = [text.find(mark, start, end) for mark in _OPENING_MARKS]
    end = min([place for place in opening if place >= 0] + [end])
    cuts: set[int] = set()
    for label in PORTAL_LABEL.finditer(text, start, end):
        value = _PORTAL_VALUE.match(text, label.end())
        cuts |= {label.start(), value.end() if value else label.end()}
    return cuts


def _row_cuts(run: _Text, table: Table, start: int, end: int) -> set[int]:
    """Where the rows of a table printed in [start, end) begin."""
    cuts: set[int] = set()
    position = start
    for label in _printed_labels(table):
        found = run.find(label, position, end)
        if found is not None:
            cuts.add(found[0])
            position = found[1]
    text = run.text
    for match in _DIGIT_RUN.finditer(text, start, end):
        after = match.end()
        if after >= end or text[after].isspace():
            continue
        if text[after] in _NUMBER_MARK:
            if len(match.group(0)) == 1:
                continue  # a label's own number
            after -= 1  # the next label's 「2.」 stuck to this row's digits
        cuts.add(after)
    return cuts


def _printed_labels(table: Table) -> list[str]:
    """The block titles, group labels and row labels of a table, in the order printed."""
    labels: list[str] = []

    def walk(nodes) -> None:
        for node in nodes:
            if node.label:
                labels.append(node.label)
            if isinstance(node, RowGroup):
                walk(node.children)

    for block in table.blocks:
        if block.title:
            labels.append(block.title)
        walk(block.rows)
    return labels


def _closing_cuts(text: str, start: int) -> set[int]:
    """Before the date at the end, and before the signing unit when a short run of words without
    punctuation stands between the last sentence and the date."""
    match = _DATE_AT_END.search(text, start)
    if match is None:
        return set()
    cuts = {match.start()}
    before = text[start : match.start()]
    sentence = max(before.rfind(mark) for mark in _SENTENCE_END)
    unit = before[sentence + 1 :].strip()
    if sentence >= 0 and 2 < len(unit) <= LONGEST_UNIT and not any(p in unit for p in "，：,:"):
        cuts.add(start + sentence + 1)
    return cuts
