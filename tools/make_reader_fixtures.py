"""Make the published-report fixtures the readers are tested on (tests/fixtures/published/).

    python tools/make_reader_fixtures.py [--word-template PATH]

From the city-level report (tests/fixtures/city-2022.json, its opening paragraph written from its
profile as published reports have it):
- city-2022.docx: the Word template that circulates among agencies (word-template-2021.docx, kept
  beside the fixtures), filled in with python-docx;
- city-2022-libreoffice.pdf: that file turned into PDF by LibreOffice (needs `libreoffice`; the PDF
  is committed, so the tests do not);
- city-2022-ours.pdf: our own print (export/pdf.py), table 三 across pages, vertical label, 「— 1 —」;
- city-2022.html: a portal page: the report inside a layout table, merged cells, &nbsp; for blanks;
- city-2022-runs.txt: the page copied as text, each row of table 三 with its numbers run together.
From the 2020 report in the 2019 format (tests/fixtures/county-2020.json): county-2020.pdf (ours).
The published sample's text (akqi-education-2021.txt) is copied as it is.
Written the way WPS Office writes PDFs (tools/make_wps_pdf.py, from LibreOffice's PDF of the
filled Word template; needs `pip install -e .[fonts,test]`):
- akqi-education-2021-wps.pdf: the published sample (resources/samples), its long texts wrapped
  over pages with 「- 1 -」 page numbers;
- city-2022-slips-wps.pdf: the city report with four slips real reports have (a row total that is
  not the sum of its row, a 总计 of 0 above non-zero parts, 结转 that does not balance, a text
  that names another number than the table), kept as city-2022-slips.json; its text layer gives
  characters with a Kangxi radical twin as the radical (⼈ for 人).
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import subprocess
import sys
import tempfile
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from export.pdf import export_pdf  # noqa: E402
from models.exchange import read_report, write_report  # noqa: E402
from models.format.blocks import leaves  # noqa: E402
from models.format.layout import Kind, table_layout  # noqa: E402
from models.report import Report, date_text, format_value, standard_preamble  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
OUT = FIXTURES / "published"
# ../shared beside the checkout (or beside the folder of worktrees)
SHARED = next(
    (
        p / "shared" / "samples"
        for p in (ROOT.parent, ROOT.parent.parent)
        if (p / "shared").is_dir()
    ),
    ROOT.parent / "shared" / "samples",
)


def published_city_report() -> Report:
    """The city fixture as it would be published: its opening paragraph names its profile."""
    report = read_report(FIXTURES / "city-2022.json")
    report.texts["preamble"] = standard_preamble(report)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--word-template", type=Path, default=OUT / "word-template-2021.docx")
    parser.add_argument("--sample-text", type=Path, default=SHARED / "akqi-education-2021.txt")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    city = published_city_report()
    docx_path = OUT / "city-2022.docx"
    fill_word_template(city, args.word_template, docx_path)
    libreoffice_pdf(docx_path, OUT / "city-2022-libreoffice.pdf")
    export_pdf(city, OUT / "city-2022-ours.pdf")
    (OUT / "city-2022.html").write_text(portal_page(city), encoding="utf-8")
    (OUT / "city-2022-runs.txt").write_text(run_together_text(city), encoding="utf-8")
    county = read_report(FIXTURES / "county-2020.json")
    export_pdf(county, OUT / "county-2020.pdf")
    shutil.copyfile(args.sample_text, OUT / "akqi-education-2021.txt")
    slips = slipped_city_report()
    write_report(slips, OUT / "city-2022-slips.json")
    wps_fixture(slips, args.word_template, OUT / "city-2022-slips-wps.pdf", radicals=True)
    sample = read_report(ROOT / "resources" / "samples" / "akqi-education-2021.json")
    wps_fixture(sample, args.word_template, OUT / "akqi-education-2021-wps.pdf", radicals=False)
    for path in sorted(OUT.iterdir()):
        print(f"{path.relative_to(ROOT)}\t{path.stat().st_size} bytes")


def slipped_city_report() -> Report:
    """The city report with the slips real published reports show, each one `check` finds."""
    report = published_city_report()
    values = report.values
    values["applications.received.total"] += 1  # a row total that is not the sum of its row
    values["applications.results_total.natural_person"] = 0  # 总计 0 above non-zero parts
    values["applications.carried_forward.other_org"] += 3  # 结转 that does not balance
    report.texts["overview_requests"] = "2022年共收到政府信息公开申请17件，上年结转31件。"
    return report


def wps_fixture(report: Report, template: Path, out: Path, radicals: bool) -> None:
    """The report in the Word template, printed by LibreOffice, written again as WPS writes PDFs."""
    from tools.make_wps_pdf import wps_pdf

    with tempfile.TemporaryDirectory() as folder:
        docx_path = Path(folder) / (out.stem + ".docx")
        fill_word_template(report, template, docx_path)
        libreoffice_pdf(docx_path, Path(folder) / "libreoffice.pdf")
        out.write_bytes(wps_pdf(Path(folder) / "libreoffice.pdf", radicals=radicals))


def fill_word_template(report: Report, template: Path, out: Path) -> None:
    """The Word template with the report's title, texts, tables, signing unit and date."""
    import docx

    document = docx.Document(str(template))
    paragraphs = document.paragraphs
    _set_text(paragraphs[1], report.title)
    placeholders = [p for p in paragraphs if p.text.startswith("（文字描述")]
    fmt = report.format
    sections = {s.id: s for s in fmt.all_sections()}
    _insert_after(paragraphs[1], placeholders[0], [report.texts.get("preamble", "")])
    overview = [report.texts.get("overview", "")]
    for sub in sections["overview"].subsections:
        overview += [sub.heading, report.texts.get(sub.id, "")]
    _fill(placeholders[0], overview)
    _fill(placeholders[1], [report.texts.get("problems", "")])
    _fill(placeholders[2], [report.texts.get("other", ""), report.signing_unit])
    _insert_after(paragraphs[-1], placeholders[0], [date_text(report.issued_on)])
    for table, source in zip(fmt.tables(), document.tables, strict=True):
        value_rows = [row for row in source.rows if _is_value_row(row, table)]
        for row_node, row in zip(_leaf_rows(table), value_rows, strict=True):
            cells = _distinct_cells(row)
            columns = _columns_of(table, row_node.id)
            for column, cell in zip(columns, cells[-len(columns) :], strict=True):
                key = f"{table.id}.{row_node.id}.{column.id}"
                _set_cell(cell, format_value(report.values.get(key)))
    document.save(str(out))


def _leaf_rows(table):
    return [row for block in table.blocks for row in block.leaf_rows()]


def _columns_of(table, row_id):
    block = next(b for b in table.blocks if row_id in {r.id for r in b.leaf_rows()})
    return block.leaf_columns()


def _is_value_row(row, table) -> bool:
    """A row of the template where numbers go: the first cell is a row label (or table 四's row)."""
    first = row.cells[0].text.strip()
    labels = {r.label for r in _leaf_rows(table)} | {
        g.label for b in table.blocks for g in b.rows if not hasattr(g, "id")
    }
    if table.id == "litigation":
        return not first
    return first in labels


def _distinct_cells(row):
    seen, cells = set(), []
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            cells.append(cell)
    return cells


def _set_cell(cell, text: str) -> None:
    paragraph = cell.paragraphs[0]
    for run in paragraph.runs[1:]:
        run._r.getparent().remove(run._r)
    if paragraph.runs:
        paragraph.runs[0].text = text
    else:
        paragraph.add_run(text)


def _set_text(paragraph, text: str) -> None:
    runs = paragraph.runs
    for run in runs[1:]:
        run._r.getparent().remove(run._r)
    runs[0].text = text


def _insert_after(anchor, model, texts: list[str]) -> None:
    """New paragraphs after `anchor`, formatted like `model`."""
    for text in reversed(texts):
        new = copy.deepcopy(model._p)
        anchor._p.addnext(new)
        from docx.text.paragraph import Paragraph

        _set_text(Paragraph(new, anchor._parent), text)


def _fill(placeholder, texts: list[str]) -> None:
    _set_text(placeholder, texts[0])
    _insert_after(placeholder, placeholder, texts[1:])


def libreoffice_pdf(docx_path: Path, out: Path) -> None:
    """LibreOffice's PDF of the file; our bundled fonts stand in for 仿宋/黑体 where none is installed."""
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "fonts.conf"
        config.write_text(
            "<?xml version='1.0'?><fontconfig><include ignore_missing='yes'>/etc/fonts/fonts.conf"
            f"</include><dir>{ROOT / 'resources' / 'fonts'}</dir></fontconfig>",
            encoding="utf-8",
        )
        subprocess.run(
            ["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", folder, docx_path],
            check=True,
            capture_output=True,
            timeout=180,
            env={**os.environ, "FONTCONFIG_FILE": str(config)},
        )
        shutil.move(Path(folder) / (docx_path.stem + ".pdf"), out)


def portal_page(report: Report) -> str:
    """A portal's page: a layout table around the report, the official tables with merged cells."""
    parts = [f"<h1>{escape(report.title)}</h1>", _p(report.texts.get("preamble", ""))]
    for section in report.format.sections[1:]:
        parts.append(f"<p><strong>{escape(section.heading)}</strong></p>")
        if section.table is not None:
            parts.append(_html_table(report, section.table))
        for part in [section, *section.subsections]:
            if part is not section:
                parts.append(f"<p>{escape(part.heading)}</p>")
            if part.has_text:
                parts.append(_p(report.texts.get(part.id, "")))
    parts += [_p(report.signing_unit), _p(date_text(report.issued_on))]
    body = "\n".join(parts)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>"
        f"{escape(report.title)}</title></head><body>"
        "<table width='100%'><tr><td>网站首页 &gt; 政府信息公开 &gt; 年报</td></tr>"
        f"<tr><td class='content'>{body}</td></tr></table></body></html>\n"
    )


def _p(text: str) -> str:
    return "".join(f"<p>{escape(line)}</p>" for line in text.split("\n"))


def _html_table(report: Report, table) -> str:
    layout = table_layout(table)
    rows: dict[int, list[str]] = {}
    for cell in layout.cells:
        text = cell.text
        if cell.kind in (Kind.VALUE, Kind.TOTAL):
            text = format_value(report.values.get(cell.key))
        spans = ""
        if cell.rowspan > 1:
            spans += f" rowspan='{cell.rowspan}'"
        if cell.colspan > 1:
            spans += f" colspan='{cell.colspan}'"
        rows.setdefault(cell.row, []).append(f"<td{spans}>{escape(text) or '&nbsp;'}</td>")
    lines = ["<tr>" + "".join(rows[r]) + "</tr>" for r in sorted(rows)]
    return "<table border='1'>" + "\n".join(lines) + "</table>"


def run_together_text(report: Report) -> str:
    """The portal page copied as text: labels, and each row's numbers with no separator."""
    lines = [report.title, report.texts.get("preamble", "")]
    for section in report.format.sections[1:]:
        lines.append(section.heading)
        if section.table is not None:
            for block in section.table.blocks:
                if block.title:
                    lines.append(block.title)
                joiner = "" if section.table.id == "applications" else " "
                for row in block.leaf_rows():
                    digits = joiner.join(
                        format_value(report.values.get(f"{section.table.id}.{row.id}.{c.id}"))
                        for c in leaves(block.columns)
                    )
                    lines.append(f"{row.label}{joiner}{digits}")
        for part in [section, *section.subsections]:
            if part is not section:
                lines.append(part.heading)
            if part.has_text:
                lines.append(report.texts.get(part.id, ""))
    lines += [report.signing_unit, date_text(report.issued_on)]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
