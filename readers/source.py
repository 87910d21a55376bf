"""What a reader finds in a file before it knows the report: lines of text and tables of cells.

Each file reader (Word, PDF, web page, text) turns its file into a `Source`: the paragraphs and the
tables in the order of the document, each with the page it is on. The interpretation
(readers/interpret.py) then finds the report in it, the same way for every kind of file.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Paragraph:
    text: str
    page: int | None = None


@dataclass
class SourceRow:
    """The cells of one table row as printed, each merged cell once, left to right."""

    cells: list[str]
    page: int | None = None
    doubt: str = ""  # what the file reader was unsure of in this row ("" when sure)


@dataclass
class SourceTable:
    rows: list[SourceRow] = field(default_factory=list)
    number: int = 0  # the table's place in the file, from 1


@dataclass
class Source:
    """A file as paragraphs and tables in reading order."""

    kind: str  # "docx", "pdf", "html", "text"
    items: list[Paragraph | SourceTable] = field(default_factory=list)
    pages: int | None = None
    notes: list[str] = field(default_factory=list)  # what the file reader changed, and why
    tables: int = field(default=0, compare=False)  # tables added so far: the next one's number - 1

    def add_table(self, rows: list[SourceRow]) -> None:
        if any(any(cell.strip() for cell in row.cells) for row in rows):
            self.tables += 1
            self.items.append(SourceTable(rows, self.tables))

    def add_paragraph(self, text: str, page: int | None = None) -> None:
        if text.strip():
            self.items.append(Paragraph(text.strip(), page))
