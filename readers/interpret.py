"""From a file's paragraphs and tables to a report, with where each value came from.

Walks the document in order: the title, the opening paragraph, then each heading of the format
(matched by similarity) starts its part; a table goes to the part of the format its labels name
(table 三 by 申请人情况 …), or else to the part whose heading came last. Tables that cross pages
are read as one. Nothing is guessed silently: each cell records its source and doubts, each slip
and each part not found is a note.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from models.format.blocks import ColumnGroup, FormatDescription, RowGroup, Section, Table
from models.format.registry import FORMATS, newest
from models.i18n import _
from models.report import AGENCY_FIELDS, Report
from readers import layout_text, narrative, runs
from readers.labels import normalize
from readers.source import Paragraph, Source, SourceRow, SourceTable
from readers.tables import CellSource, prefer_stated, read_table
from readers.text_reader import is_row_text, text_rows


@dataclass
class Reading:
    """A published report as read: the report, each cell's source, notes and what was not found."""

    report: Report
    source: str  # the file's name
    kind: str  # docx, pdf, html, text
    cells: dict[str, CellSource] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    pages: int | None = None
    document: Source | None = field(default=None, repr=False)  # what the file reader found

    def unsure(self) -> list[str]:
        """The cell keys the reader was unsure of, in the order of the format."""
        return [k for k in self.report.format.cells if k in self.cells and self.cells[k].unsure]

    def summary(self) -> str:
        """One line: cells read, cells unsure, parts not found."""
        text = _("读取 {cells} 格，其中 {unsure} 格存疑").format(
            cells=len(self.cells), unsure=len(self.unsure())
        )
        if self.missing:
            text += _("；未找到：{parts}").format(parts="、".join(self.missing))
        return text

    def provenance(self) -> dict:
        """Where each value came from, as the exchange file's "provenance" carries it."""
        cells = {}
        for key, cell in self.cells.items():
            entry = {"page": cell.page, "table": cell.table, "row": cell.row}
            entry |= {"column": cell.column, "text": cell.text}
            if cell.unsure:
                entry["unsure"] = cell.unsure
            cells[key] = entry
        return {
            "source": self.source,
            "kind": self.kind,
            "pages": self.pages,
            "cells": cells,
            "notes": list(self.notes),
            "missing": list(self.missing),
        }


def interpret(source: Source, name: str, previous: Report | None = None) -> Reading:
    """The report in a file's paragraphs and tables; last year's report, when given, settles
    runs of digits by the relations across years (readers/tables.py)."""
    fmt = _format_of(source)
    items = _lines_of_runs(source.items, fmt)
    sections = narrative.headed_sections(fmt)
    reading = Reading(Report(format=fmt), name, source.kind, pages=source.pages)
    reading.document = source
    reading.notes += source.notes
    front: list[str] = []
    parts: dict[str, list[str]] = {s.id: [] for s in sections}
    lines: dict[str, list[str]] = {s.table.id: [] for s in sections if s.table}
    tables: dict[str, list[tuple[int, SourceRow]]] = {t: [] for t in lines}
    current = -1
    for item in items:
        section = sections[current] if current >= 0 else None
        if isinstance(item, SourceTable):
            table_id = _table_of(item, fmt) or (
                section.table.id if section and section.table else None
            )
            if table_id in tables:
                tables[table_id] += [(item.number, row) for row in item.rows]
            continue
        found = narrative.match_heading(item.text, sections, current) if item.text.strip() else None
        if found is not None:
            current, rest, slip = found
            section = sections[current]
            if slip:
                reading.notes.append(slip)
            if rest:
                parts[section.id].append(rest)
        elif section is not None and section.table is not None:
            if not _stray_row(source.kind, item, tables[section.table.id]):
                lines[section.table.id].append(item.text)
        elif item.text.strip():
            (parts[section.id] if section else front).append(narrative.tidy(item.text))
    _read_words(reading, fmt, front, parts)
    open_rows: list = []
    for table in fmt.tables():
        rows = tables[table.id] or [(0, row) for row in _text_table(lines[table.id], table)]
        open_rows += _read_values(reading, fmt, table, rows, previous)
    prefer_stated(reading.report, reading.cells, open_rows)
    return reading


def _text_table(lines: list[str], table: Table) -> list[SourceRow]:
    """A table's rows from lines of text: as `pdftotext -layout` sets them out, or as any text."""
    if len(table.blocks) == 1:
        width = len(table.blocks[0].leaf_columns())
        if layout_text.is_layout(lines, width):
            return layout_text.layout_rows(lines, table)
    return text_rows(lines)


def _stray_row(kind: str, item: Paragraph, rows: list[tuple[int, SourceRow]]) -> bool:
    """A line of a PDF, in a table's part after rows of the table, that is a row (a label and
    its numbers) whose ruling a page break left out: added to the table's rows."""
    if kind != "pdf" or not rows:
        return False
    found = text_rows([item.text])
    if len(found) != 1 or not is_row_text(found[0]):
        return False
    rows.append((rows[-1][0], SourceRow(found[0].cells, item.page)))
    return True


def _lines_of_runs(items: list, fmt: FormatDescription) -> list:
    """The items, each paragraph that holds a whole report run together cut into its lines."""
    out: list = []
    for item in items:
        if isinstance(item, Paragraph) and runs.is_run_together(item.text, fmt):
            out += [Paragraph(line, item.page) for line in runs.cut(item.text, fmt)]
        else:
            out.append(item)
    return out


def _format_of(source: Source) -> FormatDescription:
    """The format whose own labels the file prints (at least two of them), else the newest."""
    text = normalize(
        "".join(
            _table_text(item) if isinstance(item, SourceTable) else item.text
            for item in source.items
        )
    )
    scores = {
        fmt.id: sum(mark in text for mark in marks)
        for fmt, marks in _distinctive_labels(tuple(FORMATS.values())).items()
    }
    best = max(FORMATS.values(), key=lambda f: (scores[f.id], f.first_year))
    return best if scores[best.id] >= 2 else newest()


@cache
def _distinctive_labels(
    formats: tuple[FormatDescription, ...],
) -> dict[FormatDescription, tuple[str, ...]]:
    """Each format's table labels (of four characters or more) that no other format prints,
    normalised; what tells a 2019 report (本年新制作数量, 政府集中采购) from a 2021 one."""
    labels = {fmt: {normalize(label) for label in _labels(fmt)} for fmt in formats}
    # every other format's labels in one string: one search a label (the read is timed)
    others = {
        fmt: "\n".join(label for o, theirs in labels.items() if o is not fmt for label in theirs)
        for fmt in formats
    }
    return {
        fmt: tuple(sorted(label for label in own if len(label) >= 4 and label not in others[fmt]))
        for fmt, own in labels.items()
    }


def _labels(fmt: FormatDescription) -> list[str]:
    """Every label the format's tables print: block titles, headers, row labels."""
    found: list[str] = []
    for table in fmt.tables():
        for block in table.blocks:
            found += [block.title, block.corner]
            found += _node_labels(block.columns) + _node_labels(block.rows)
    return [label for label in found if label]


def _node_labels(nodes: tuple) -> list[str]:
    out: list[str] = []
    for node in nodes:
        out.append(node.label)
        if isinstance(node, (ColumnGroup, RowGroup)):
            out += _node_labels(node.children)
    return out


def _table_text(table: SourceTable) -> str:
    return "".join("".join(row.cells) for row in table.rows)


def _table_of(table: SourceTable, fmt: FormatDescription) -> str | None:
    text = normalize(_table_text(table))
    for format_table in fmt.tables():
        if any(normalize(mark) in text for mark in format_table.marks):
            return format_table.id
    return None


def _read_words(reading: Reading, fmt: FormatDescription, front, parts) -> None:
    report = reading.report
    title, preamble = narrative.split_title(front)
    preamble = [p for p in preamble if not narrative.is_portal_line(p)]
    if title:
        report.agency.name, report.year = narrative.agency_and_year(title)
    else:
        reading.missing.append(_("标题"))
    last_part = next(s.id for s in reversed(list(fmt.all_sections())) if s.has_text)
    parts[last_part], report.signing_unit, report.issued_on = narrative.closing(parts[last_part])
    opening_id = fmt.opening.id if fmt.opening is not None else ""
    report.texts[opening_id] = "\n".join(preamble)
    for section in narrative.headed_sections(fmt):
        if section.has_text and parts[section.id]:
            report.texts[section.id] = "\n".join(parts[section.id])
        elif section.has_text and not _has_sub_texts(section, parts):
            reading.missing.append(section.heading)
    # spaces and line breaks dropped: text from a PDF parts the digits of a date or a postcode
    # (「1 2 月」, 「3301 00」) and breaks lines inside a word (「电\n话」)
    opening = "".join(report.texts[opening_id].split())
    agency = narrative.profile_from(opening, report.agency.name)
    report.agency = agency
    report.period_start, report.period_end = narrative.period_from(opening)
    if report.year is None and report.period_end is not None:
        report.year = report.period_end.year
    unread = [f"agency.{n}" for n in AGENCY_FIELDS[1:] if not getattr(agency, n)]
    unread += [loc for loc in ("year", "signing_unit", "issued_on") if not report.get_field(loc)]
    reading.missing += [fmt.profile_label(location) for location in unread]


def _has_sub_texts(section: Section, parts) -> bool:
    return any(parts.get(s.id) for s in section.subsections)


def _read_values(reading: Reading, fmt: FormatDescription, table, rows, previous) -> list:
    """Read one table into the reading; the rows that more than one cut still fits."""
    if not rows:
        reading.missing.append(table.short_name)
        return []
    result = read_table(fmt, table, rows, previous)
    reading.report.values.update(result.values)
    reading.cells.update(result.cells)
    reading.notes += result.notes
    block_rows = {r.id for b in table.blocks for r in b.leaf_rows()}
    read_rows = {key.split(".")[1] for key in result.cells}
    lost = [r for b in table.blocks for r in b.leaf_rows() if r.id not in read_rows]
    if lost and len(lost) < len(block_rows):
        reading.missing += [f"{table.short_name}「{r.label or table.short_name}」" for r in lost]
    elif lost:
        reading.missing.append(table.short_name)
    return result.open
