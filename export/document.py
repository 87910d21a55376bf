"""The report as one outline of blocks, made once for every writer that prints the document.

The PDF, the Word file and the web page lay out the same sequence: the title, each section's
heading, the clerk's paragraphs, the sub-headings above what was written under them, the tables
(their grid from models/format/layout.py with the printed text of each value), and the 落款. What
is printed and what is not is decided here, once: a sub-heading only above written text, blank
lines dropped, the 定稿 fingerprint in the file's metadata and never on the page, and the 落款
kept on its page with the last lines of the text before it. The writers decide only how a block
looks in their format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from export.page import SIGNATURE_INDENT, em_width
from models.format.blocks import Section
from models.format.blocks import Table as FormatTable
from models.format.layout import Kind, TableLayout, table_layout
from models.i18n import _
from models.report import Report, date_text, format_value

SEAL_LINES = 2  # blank lines above the signing unit: room for the seal
KEPT_LINES = 2  # lines of text kept on the 落款's page: it never stands alone


@dataclass(frozen=True)
class Title:
    """The report's title; a title too long for a line breaks after the agency name."""

    text: str
    agency: str

    def lines(self, fits: Callable[[str], bool]) -> list[str]:
        """The title on one line if `fits` says it does, else the agency name and the rest."""
        rest = self.text[len(self.agency) :] if self.text.startswith(self.agency) else ""
        if fits(self.text) or not (self.agency and rest):
            return [self.text]
        return [self.agency, rest]


@dataclass(frozen=True)
class Heading:
    """一、… (level 1, bookmarked) or （一）… (level 2)."""

    text: str
    level: int


@dataclass(frozen=True)
class Paragraph:
    """One paragraph the clerk wrote; `where` names it for a message (「三、… 第 2 段」)."""

    text: str
    where: str


@dataclass(frozen=True)
class TableBlock:
    """An official table: its grid and the printed text of each value cell by key."""

    table: FormatTable
    layout: TableLayout
    values: dict[str, str]

    @property
    def bookmark(self) -> str:
        """The table's entry in the PDF's bookmarks: 表二, 表三 …"""
        return self.table.short_name


@dataclass(frozen=True)
class Signature:
    """The 落款: the signing unit centred over the 成文日期, each ending so many characters (ems
    of the body size) in from the right margin, below SEAL_LINES blank lines; the last
    KEPT_LINES lines of the text before it go to its page."""

    unit: str
    issued_on: str
    unit_right: float
    date_right: float


Block = Heading | Paragraph | TableBlock


@dataclass(frozen=True)
class Metadata:
    """What the file says about itself, never printed: its title, the agency as its author, the
    subject, the language and the 定稿 fingerprint."""

    title: str
    author: str
    subject: str
    language: str
    fingerprint: str | None

    @property
    def fingerprint_note(self) -> str | None:
        """「定稿指纹 …」 for a field of the metadata, or None for a report not finalized."""
        if self.fingerprint is None:
            return None
        return _("定稿指纹 {fingerprint}").format(fingerprint=self.fingerprint)


@dataclass(frozen=True)
class Outline:
    """The document every writer prints: the title, the blocks in order, the 落款."""

    title: Title
    blocks: tuple[Block, ...]
    signature: Signature
    metadata: Metadata
    draft: bool

    def tables(self) -> list[TableBlock]:
        """The official tables, in the order they print."""
        return [block for block in self.blocks if isinstance(block, TableBlock)]


def outline(report: Report, *, draft: bool = False, fingerprint: str | None = None) -> Outline:
    """The report as the writers print it."""
    blocks: list[Block] = []
    for section in report.format.sections:
        blocks += _section_blocks(report, section)
    metadata = Metadata(
        report.title,
        report.agency.name,
        _("政府信息公开工作年度报告"),
        "zh-CN",
        fingerprint,
    )
    return Outline(
        Title(report.title, report.agency.name),
        tuple(blocks),
        _signature(report),
        metadata,
        draft,
    )


def _section_blocks(report: Report, section: Section) -> list[Block]:
    blocks: list[Block] = [Heading(section.heading, 1)] if section.heading else []
    name = section.heading or _("开头段")
    if section.has_text:
        blocks += _paragraphs(report.texts.get(section.id, ""), name)
    for sub in section.subsections:
        paragraphs = _paragraphs(report.texts.get(sub.id, ""), sub.heading)
        if paragraphs:  # 一 written as one block prints no empty （一）…（五）
            blocks += [Heading(sub.heading, 2), *paragraphs]
    if section.table is not None:
        blocks.append(_table_block(report, section.table))
    return blocks


def _paragraphs(text: str, section: str) -> list[Paragraph]:
    """The text's paragraphs, blank lines left out; each named by its line in the text."""
    return [
        Paragraph(line.strip(), _("{section} 第 {n} 段").format(section=section, n=number))
        for number, line in enumerate(text.split("\n"), 1)
        if line.strip()
    ]


def _table_block(report: Report, table: FormatTable) -> TableBlock:
    layout = table_layout(table)
    values = {
        cell.key: format_value(report.values.get(cell.key))
        for cell in layout.cells
        if cell.kind in (Kind.VALUE, Kind.TOTAL)
    }
    return TableBlock(table, layout, values)


def _signature(report: Report) -> Signature:
    """The date four characters in from the right, the unit centred over it (GB/T 9704 with a
    seal)."""
    unit, issued_on = report.signing_unit or report.agency.name, date_text(report.issued_on)
    date_right = float(SIGNATURE_INDENT)
    unit_right = max(0.0, date_right + (em_width(issued_on) - em_width(unit)) / 2)
    return Signature(unit, issued_on, unit_right, date_right)
