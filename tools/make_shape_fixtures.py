"""Make the fixtures of the shapes a published report reaches a reviewer in (issue 20), from reports
the tests already have, into tests/fixtures/published/.

    python tools/make_shape_fixtures.py

- *-one-line.txt: text copied from an archived page that lost every line break: headings,
  paragraphs and tables run together, each row's label glued to its digits, table 四's fifteen
  numbers space-separated after all its headers. Made for the city report (tests/fixtures/
  city-2022.json, published as tools/make_reader_fixtures.py publishes it), the 2020 report in
  the 2019 format (county-2020.json), a district's 2022 report whose texts state its figures and
  whose last year's report is known (region/qingshan-2022.json), the city report with the four
  slips real reports have (city-2022-slips.json: `check` must find them in what was read), and
  the published sample's text with its line breaks and
  tabs removed (akqi-education-2021.txt, slips and all).
- city-2022-page-foot-wps.pdf, city-2022-split-row-wps.pdf: the city report in the Word template
  (its 一、总体情况 made longer so that table 三 crosses a page), printed by LibreOffice and
  written again as WPS writes PDFs (tools/make_wps_pdf.py). In the first, with no rule where
  a page cuts a table, 「1.本机关不掌握相关政府信息」 is the last row at the foot of page 3,
  「2.没有现成信息需要另行制作」 opens page 4 and table 二's last row opens page 3; in the
  second, the three-line label of （六）1. is cut by the page break, 「申请」 left alone in a
  row of its own at the top of page 4. Their `pdftotext -layout` text is kept too (*-layout.txt): wrapped labels on the lines
  above and below their numbers. Needs `libreoffice` and `pdftotext`.
- county-2020-pdftotext.txt: `pdftotext` (without -layout) of our PDF of the 2019 report
  (county-2020.pdf): a cell a line in the order of the page's columns, so that a row label of
  table 二 (政府集中采购) comes before its block's headers and its numbers after them.
- *-converter.md: a third-party converter's Markdown: each table a Markdown table whose header
  row names the columns 数据1…数据N, table 三 cut into one table a row group, a spurious header
  row in the middle of a table, each label in a row of its own above the row of its numbers (in
  table 三's tables of （四） and （五）, all the labels first and then all the numbers), a
  numbered label's point escaped (「1\\.」), a long label broken with <br>, and a year heading
  (「2022 年」) above table 四.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.exchange import read_report  # noqa: E402
from models.format.blocks import Table  # noqa: E402
from models.format.layout import GridCell, Kind, table_layout  # noqa: E402
from models.report import Report, date_text, format_value  # noqa: E402
from tools.make_reader_fixtures import (  # noqa: E402
    FIXTURES,
    OUT,
    fill_word_template,
    libreoffice_pdf,
    published_city_report,
)
from tools.make_wps_pdf import wps_pdf  # noqa: E402
from tools.measure_reading import published_qingshan_report  # noqa: E402


def main() -> None:
    city = published_city_report()
    county = read_report(FIXTURES / "county-2020.json")
    qingshan = published_qingshan_report()
    written = {
        "city-2022-one-line.txt": one_line_text(city),
        "county-2020-one-line.txt": one_line_text(county),
        "qingshan-2022-one-line.txt": one_line_text(qingshan),
        "city-2022-slips-one-line.txt": one_line_text(read_report(OUT / "city-2022-slips.json")),
        "akqi-education-2021-one-line.txt": one_line_copy(OUT / "akqi-education-2021.txt"),
        "city-2022-converter.md": converter_markdown(city),
        "county-2020-converter.md": converter_markdown(county),
    }
    for name, text in written.items():
        (OUT / name).write_text(text, encoding="utf-8")
        print(f"tests/fixtures/published/{name}\t{len(text)} characters")
    county_text = OUT / "county-2020-pdftotext.txt"
    subprocess.run(["pdftotext", OUT / "county-2020.pdf", county_text], check=True, timeout=60)
    for name, (longer, open_breaks) in PAGE_BREAKS.items():
        pdf = OUT / f"{name}.pdf"
        broken_pdf(long_city_report(longer), pdf, open_breaks)
        layout = OUT / f"{name}-layout.txt"
        subprocess.run(["pdftotext", "-layout", pdf, layout], check=True, timeout=60)
        print(f"tests/fixtures/published/{pdf.name}\t{pdf.stat().st_size} bytes")


# The fixtures whose table 三 a page break cuts: how many sentences make 一 long enough, and
# whether the rules are left out where the page cuts the table.
PAGE_BREAKS = {"city-2022-page-foot-wps": (12, True), "city-2022-split-row-wps": (8, False)}
SENTENCE = "本机关认真贯彻落实《中华人民共和国政府信息公开条例》，推进政务公开工作。"


def long_city_report(sentences: int) -> Report:
    """The published city report with its 一、总体情况 longer by that many sentences."""
    report = published_city_report()
    report.texts["overview"] += SENTENCE * sentences
    return report


def broken_pdf(report: Report, out: Path, open_breaks: bool) -> None:
    """The report in the Word template, printed by LibreOffice, written as WPS writes PDFs
    (with `open_breaks`, no rule where a page cuts a table)."""
    with tempfile.TemporaryDirectory() as folder:
        docx_path = Path(folder) / "report.docx"
        fill_word_template(report, OUT / "word-template-2021.docx", docx_path)
        libreoffice_pdf(docx_path, Path(folder) / "libreoffice.pdf")
        out.write_bytes(wps_pdf(Path(folder) / "libreoffice.pdf", open_breaks=open_breaks))


def _grid_rows(report: Report, table: Table) -> list[list[tuple[GridCell, str]]]:
    """The table's printed grid: each row's cells left to right, with the text each shows."""
    rows: dict[int, list[tuple[GridCell, str]]] = {}
    for cell in sorted(table_layout(table).cells, key=lambda c: (c.row, c.column)):
        text = cell.text
        if cell.kind in (Kind.VALUE, Kind.TOTAL):
            text = format_value(report.values.get(cell.key))
        rows.setdefault(cell.row, []).append((cell, text))
    return [rows[r] for r in sorted(rows)]


def _parts(report: Report) -> list[tuple[str, str, Table | None]]:
    """(heading, text, table) of each part after the opening, subsections included, in order."""
    parts = []
    for section in report.format.sections[1:]:
        parts.append((section.heading, report.texts.get(section.id, ""), section.table))
        for sub in section.subsections:
            parts.append((sub.heading, report.texts.get(sub.id, ""), None))
    return parts


def one_line_text(report: Report) -> str:
    """The report as one line: every line break gone, each row's cells glued to its label."""
    pieces = [report.title, report.texts.get("preamble", "")]
    for heading, text, table in _parts(report):
        pieces.append(heading)
        if table is not None:
            joiner = " " if table.id == "litigation" else ""
            for row in _grid_rows(report, table):
                labels = "".join(t for c, t in row if c.kind not in (Kind.VALUE, Kind.TOTAL))
                values = [t for c, t in row if c.kind in (Kind.VALUE, Kind.TOTAL)]
                pieces.append(labels + (joiner if labels and values else "") + joiner.join(values))
        pieces.append(text)
    pieces += [report.signing_unit, date_text(report.issued_on)]
    return "".join(p.replace("\n", "") for p in pieces) + "\n"


def one_line_copy(path: Path) -> str:
    """A text file with its line breaks and tabs removed."""
    text = path.read_text(encoding="utf-8")
    return "".join(text.replace("\t", "").split("\n")) + "\n"


def converter_markdown(report: Report) -> str:
    """The report as a converter writes Markdown (see the module's docstring)."""
    lines = [f"# {report.title}", "", report.texts.get("preamble", ""), ""]
    for heading, text, table in _parts(report):
        lines += [f"## {heading}" if heading[:1] != "（" else f"**{heading}**", ""]
        if table is not None:
            if table.id == "litigation":
                lines += [f"### {report.year} 年", ""]
            lines += _markdown_tables(report, table)
        if text:
            lines += [text, ""]
    lines += [report.signing_unit, "", date_text(report.issued_on), ""]
    return "\n".join(lines)


def _markdown_tables(report: Report, table: Table) -> list[str]:
    """Markdown tables: a new one at each row group of table 三, each label in a row of its own
    above its numbers; in the tables of （四） and （五） all the labels come first, then all
    the numbers."""
    grid = _grid_rows(report, table)
    width = max(sum(c.colspan for c, _t in row) for row in grid)
    lines: list[str] = []
    held: list[str] = []  # the numbers of a table whose labels come first
    groups = 0
    for index, row in enumerate(grid):
        labels = [t for c, t in row if c.kind not in (Kind.VALUE, Kind.TOTAL)]
        values = [t for c, t in row if c.kind in (Kind.VALUE, Kind.TOTAL)]
        new_group = table.id == "applications" and any(
            c.kind is Kind.LABEL and c.rowspan > 1 and c.level > 0 for c, _t in row
        )
        if not index or new_group:
            names = [f"数据{i}" for i in range(1, width + 1)]
            lines += [*held, "", _md_row(names, width), _md_row(["---"] * width, width)]
            held, groups = [], groups + new_group
        if values and labels:
            numbers = _md_row([""] * (width - len(values)) + values, width)
            lines.append(_md_row(labels, width))
            (held if groups in (2, 3) else lines).append(numbers)
        else:
            lines.append(_md_row(labels + values, width))
        if table.id == "applications" and index == len(grid) // 2:
            header = [t for c, t in grid[1] if c.kind is Kind.HEADER]
            lines.append(_md_row(header, width))  # the page's repeated header, mid-table
    return lines + held + [""]


def _md_row(cells: list[str], width: int) -> str:
    """A Markdown table row as converters write it: a numbered label's point escaped (「1\\.」),
    a long label broken with <br>."""
    cells = [_escaped(cell) for cell in (cells + [""] * width)[:width]]
    return "| " + " | ".join(cells) + " |"


def _escaped(cell: str) -> str:
    cell = re.sub(r"^(\d)\.", r"\1\\.", cell)
    if len(cell) > 20 and "、" in cell:
        cell = cell.replace("、", "、<br>", 1)
    return cell


if __name__ == "__main__":
    main()
