"""Word, web page and Excel: each output read back with the library made for it."""

import re
import shutil
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import docx
import openpyxl
import pdfplumber
import pytest
from docx.oxml.ns import qn

from export.errors import ExportRefused, UnknownFormat
from export.page import (
    CHAR_PITCH,
    LEFT_MARGIN,
    TEXT_WIDTH,
    column_widths,
)
from export.word import GRID_SIZE
from export.writers import WRITERS, export_report
from models.checks.check import check
from models.exchange import read_report, write_report
from models.format.blocks import ValueType
from models.format.gov_2021 import FORMAT_2021
from models.format.layout import Kind, table_layout
from models.report import Report, format_value
from tests.conftest import CITY, SAMPLE, main_py
from tools.export_pages import libreoffice_pdf

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def city_in_millions() -> Report:
    """The city fixture scaled to a big city's figures: seven-digit counts, every rule kept."""
    report = read_report(CITY)
    for key, value in report.values.items():
        if key.startswith(("applications.", "litigation.")):
            report.values[key] = value * 10_000
    report.texts["overview_requests"] = "2022年共收到政府信息公开申请5280000件，上年结转310000件。"
    report.texts["other"] = report.texts["other"].replace("收费通知3件", "收费通知30000件")
    return report


@pytest.fixture(scope="module")
def big_city():
    report = city_in_millions()
    assert not check(report), "the scaled fixture must check clean"
    assert max(report.values.values()) >= 1_000_000
    return report


def expected_cells(report: Report, table) -> set[tuple]:
    """(row, column, rowspan, colspan, text) of every cell of the official table."""
    cells = set()
    for cell in table_layout(table).cells:
        text = cell.text
        if cell.kind in (Kind.VALUE, Kind.TOTAL):
            text = format_value(report.values.get(cell.key))
        cells.add((cell.row, cell.column, cell.rowspan, cell.colspan, text))
    return cells


def place(rows: list[list[tuple[int, int, str]]]) -> set[tuple]:
    """Lay rows of (rowspan, colspan, text) out on a grid as a browser does."""
    taken: set[tuple[int, int]] = set()
    placed = set()
    for r, row in enumerate(rows):
        c = 0
        for rowspan, colspan, text in row:
            while (r, c) in taken:
                c += 1
            placed.add((r, c, rowspan, colspan, text))
            taken |= {(r + i, c + j) for i in range(rowspan) for j in range(colspan)}
            c += colspan
    return placed


# Exports with the suffix ----------------------------------------------------------------


def test_an_unknown_suffix_is_refused_with_the_formats_we_write(tmp_path):
    result = main_py("export", SAMPLE, "-o", tmp_path / "报告.doc")
    assert result.returncode == 2
    assert "「.doc」" in result.stderr
    for suffix in (".pdf", ".docx", ".html", ".xlsx"):
        assert suffix in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_export_help_names_each_format_of_the_registry():
    """The command line lists the formats from the registry, as the 文件 menu does."""
    result = main_py("export", "--help")
    assert result.returncode == 0, result.stderr
    text = re.sub(r"\s+", "", result.stdout)  # argparse wraps the help at any width
    for suffix, writer in WRITERS.items():
        assert suffix + "（" + writer.name.replace(" ", "") + "）" in text


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".html", ".xlsx"])
def test_every_format_refuses_a_report_with_errors_unless_draft(sample_report, tmp_path, suffix):
    sample_report.values["applications.received.total"] += 1
    target = tmp_path / f"report{suffix}"
    with pytest.raises(ExportRefused):
        export_report(sample_report, target)
    assert not target.exists()
    assert export_report(sample_report, target, draft=True).path == target
    assert target.stat().st_size > 0


def test_the_suffix_is_read_whatever_its_case(sample_report, tmp_path):
    with pytest.raises(UnknownFormat):
        export_report(sample_report, tmp_path / "report.txt")
    assert export_report(sample_report, tmp_path / "REPORT.PDF").pages > 1


@pytest.mark.parametrize("suffix", [".docx", ".html", ".xlsx"])
def test_export_command_writes_each_format(tmp_path, suffix):
    target = tmp_path / f"报告{suffix}"
    result = main_py("export", CITY, "-o", target)
    assert result.returncode == 0, result.stderr
    assert str(target) in result.stdout
    assert target.stat().st_size > 1000


@pytest.mark.parametrize(
    ("issued_on", "printed"),
    [(date(2022, 1, 5), "2022年1月5日"), (date(2022, 11, 30), "2022年11月30日")],
)
def test_each_document_signs_with_the_date_as_gb_t_9704_writes_it(
    sample_report, tmp_path, issued_on, printed
):
    """The 落款's 成文日期 under the signing unit, without leading zeros, in the PDF, the Word
    file and the web page."""
    sample_report.issued_on = issued_on
    unit = sample_report.signing_unit
    pdf = export_report(sample_report, tmp_path / "r.pdf").path
    with pdfplumber.open(pdf) as opened:
        lines = [line.strip() for line in opened.pages[-1].extract_text().splitlines()]
    assert lines[-3:-1] == [unit, printed]  # the last line is the page number
    word = docx.Document(export_report(sample_report, tmp_path / "r.docx").path)
    assert [p.text.strip() for p in word.paragraphs[-2:]] == [unit, printed]
    page = parse_page(export_report(sample_report, tmp_path / "r.html").path)
    assert page.texts[-2:] == [unit, printed]


# Web page -------------------------------------------------------------------------------


class _Page(HTMLParser):
    """Every tag and attribute, the tables as rows of (rowspan, colspan, text), the texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.tables: list[list[list[tuple[int, int, str]]]] = []
        self.texts: list[str] = []
        self._cell: list | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = [int(attrs.get("rowspan", 1)), int(attrs.get("colspan", 1)), ""]

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.tables[-1][-1].append(tuple(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[2] += data
        elif data.strip():
            self.texts.append(data.strip())


def parse_page(path) -> _Page:
    page = _Page()
    page.feed(path.read_text("utf-8"))
    return page


def test_web_page_tables_have_every_label_and_value_in_its_cell(big_city, tmp_path):
    path = export_report(big_city, tmp_path / "report.html").path
    page = parse_page(path)
    tables = big_city.format.tables()
    assert len(page.tables) == len(tables)
    for parsed, table in zip(page.tables, tables, strict=True):
        assert place(parsed) == expected_cells(big_city, table), table.id


def test_web_page_is_a_self_contained_fragment(big_city, tmp_path):
    path = export_report(big_city, tmp_path / "report.html").path
    page = parse_page(path)
    tags = {tag for tag, _attrs in page.tags}
    assert not tags & {"script", "style", "link", "img", "iframe", "html", "head", "body"}
    assert tags >= {"h1", "h2", "h3", "p", "table", "tr", "td", "th"}
    for tag, attrs in page.tags:
        assert not {"src", "href", "class", "id"} & set(attrs), tag
        assert not any(name.startswith("on") for name in attrs), tag
        assert "style" in attrs or tag in ("tr", "thead", "tbody"), tag
    assert "url(" not in path.read_text("utf-8")
    assert page.texts[0] == big_city.title
    for section in big_city.format.all_sections():
        if section.heading:
            assert section.heading in page.texts
        for line in big_city.texts.get(section.id, "").split("\n"):
            assert not line.strip() or line.strip() in page.texts
    assert page.texts[-2:] == ["江州市人民政府办公室", "2023年1月18日"]


def test_web_page_repeats_table_headers_in_thead_and_marks_a_draft(sample_report, tmp_path):
    path = export_report(sample_report, tmp_path / "draft.html", draft=True).path
    page = parse_page(path)
    assert page.texts[0] == "草稿"
    html = path.read_text("utf-8")
    assert html.count("<thead>") == 2  # 表三 and 表四; 表二's blocks carry their own headers


# Word -----------------------------------------------------------------------------------


def docx_grid(table) -> set[tuple]:
    """The table's cells as (row, column, rowspan, colspan, text), from gridSpan and vMerge."""
    open_cells: dict[int, list] = {}
    cells = []
    for r, tr in enumerate(table._tbl.tr_lst):
        column = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            merge = tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
            text = "".join(t.text for t in tc.iter(qn("w:t")))
            if merge is not None and merge.get(qn("w:val")) != "restart":
                open_cells[column][2] += 1
            else:
                cell = [r, column, 1, span, text]
                cells.append(cell)
                open_cells[column] = cell
            column += span
    return {tuple(c) for c in cells}


def test_word_tables_have_the_official_merged_cells(big_city, tmp_path):
    path = export_report(big_city, tmp_path / "report.docx").path
    document = docx.Document(path)
    tables = big_city.format.tables()
    assert len(document.tables) == len(tables)
    for parsed, table in zip(document.tables, tables, strict=True):
        assert docx_grid(parsed) == expected_cells(big_city, table), table.id
        repeated = [
            tr for tr in parsed._tbl.tr_lst if tr.find(f".//{qn('w:tblHeader')}") is not None
        ]
        assert len(repeated) == table_layout(table).leading_header_rows
        columns = [int(c.get(qn("w:w"))) / 20 for c in parsed._tbl.tblGrid.gridCol_lst]
        size = table.print_size
        assert columns == pytest.approx(column_widths(table_layout(table), size), abs=0.05)


def test_word_page_fonts_and_spacing_follow_gb_t_9704(big_city, tmp_path):
    path = export_report(big_city, tmp_path / "report.docx").path
    document = docx.Document(path)
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    assert round(section.right_margin.mm) == 26 and round(section.bottom_margin.mm) == 35
    styles = document.styles
    for name, font, size in (
        ("公文正文", "仿宋_GB2312", GRID_SIZE),
        ("公文标题", "方正小标宋简体", 22),
        ("Heading 1", "黑体", GRID_SIZE),
        ("Heading 2", "楷体_GB2312", GRID_SIZE),
    ):
        style = styles[name]
        fonts = style.element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == font, name
        assert fonts.get(qn("w:asciiTheme")) is None, name
        assert style.font.size.pt == size, name
    body = styles["公文正文"].paragraph_format
    assert body.line_spacing.pt == pytest.approx(28.95, abs=0.01)
    assert body.line_spacing_rule == 4  # EXACTLY
    # the official fonts are named, not embedded, each with its stand-in
    font_table = document.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
    ).blob.decode("utf-8")
    assert re.search(r'w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>', font_table)
    assert not any(
        "font" in part.partname
        for part in document.part.package.iter_parts()
        if part.partname.endswith((".odttf", ".ttf"))
    )
    paragraphs = [p for p in document.paragraphs if p.text]
    assert [p.text for p in paragraphs[:2]] == [
        "江州市人民政府办公室",
        "2022年政府信息公开工作年度报告",
    ]
    assert [p.style.name for p in paragraphs if p.text == "一、总体情况"] == ["Heading 1"]
    assert paragraphs[-2].text == "江州市人民政府办公室"
    assert paragraphs[-1].text == "2023年1月18日"
    assert paragraphs[-1].paragraph_format.right_indent.pt == pytest.approx(
        4 * CHAR_PITCH, abs=0.05
    )


def test_word_lays_the_body_on_a_grid_of_28_characters(sample_report, tmp_path):
    document = docx.Document(export_report(sample_report, tmp_path / "r.docx").path)
    grid = document.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    assert int(grid.get(qn("w:linePitch"))) == int(225 / 25.4 * 72 / 22 * 20)
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    default_size = int(defaults.find(qn("w:rPr")).find(qn("w:sz")).get(qn("w:val"))) / 2
    pitch = default_size + int(grid.get(qn("w:charSpace"))) / 4096
    assert 28 * pitch <= 156 / 25.4 * 72 < 28 * pitch + 0.05
    body = document.styles["公文正文"]
    assert body.font.size.pt <= pitch  # LibreOffice spreads a wider character over two columns
    assert body.element.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    assert body.element.rPr.find(qn("w:spacing")) is None  # no squeezed character spacing
    for name in (
        "公文标题",
        "Footer",
        f"表格文字 {FORMAT_2021.table('applications').print_size:g}",
    ):
        snap = document.styles[name].element.pPr.find(qn("w:snapToGrid"))
        assert snap is not None and snap.get(qn("w:val")) == "0", name


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_sets_28_characters_a_line_and_keeps_every_full_stop(tmp_path):
    from tests.reports import long_report

    report = long_report()
    path = export_report(report, tmp_path / "long.docx").path
    pdf = libreoffice_pdf(path, tmp_path)
    right = LEFT_MARGIN + TEXT_WIDTH
    counts: dict[int, int] = {}
    text = ""
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            text += page.extract_text()
            body = page
            for table in page.find_tables():
                body = body.outside_bbox(table.bbox)
            rows: dict[float, list] = {}
            for char in body.chars:
                if abs(char["size"] - GRID_SIZE) < 0.1:
                    rows.setdefault(round(char["matrix"][5], 1), []).append(char)
            for chars in rows.values():
                chars.sort(key=lambda c: c["x0"])
                if abs(chars[-1]["x1"] - right) < 1.5 and all(c["width"] > 15 for c in chars):
                    indent = round((chars[0]["x0"] - LEFT_MARGIN) / CHAR_PITCH)
                    counts[len(chars) + indent] = counts.get(len(chars) + indent, 0) + 1
    assert counts.get(28, 0) > 400 and max(counts) == 28, counts
    assert text.count("。") == sum(t.count("。") for t in report.texts.values())


def test_word_footer_numbers_pages_on_alternate_sides(sample_report, tmp_path):
    path = export_report(sample_report, tmp_path / "report.docx", fingerprint="ab" * 32).path
    document = docx.Document(path)
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, alignment in ((section.footer, 2), (section.even_page_footer, 0)):
        xml = footer._element.xml
        assert 'w:instr=" PAGE "' in xml
        assert footer.paragraphs[0].text.startswith("— ") and footer.paragraphs[0].text.endswith(
            " —"
        )
        assert footer.paragraphs[0].alignment == alignment
        assert "指纹" not in xml and "ab" * 32 not in xml  # nothing unofficial on the page
    assert "草稿" not in section.header._element.xml
    assert "ab" * 32 in document.core_properties.comments


def test_word_draft_says_so_on_every_page(sample_report, tmp_path):
    path = export_report(sample_report, tmp_path / "draft.docx", draft=True).path
    section = docx.Document(path).sections[0]
    assert section.header.paragraphs[0].text == "草稿"
    assert section.even_page_header.paragraphs[0].text == "草稿"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_prints_every_label_of_the_word_file_in_a_table_cell(big_city, tmp_path):
    path = export_report(big_city, tmp_path / "city.docx").path
    printed = libreoffice_pdf(path, tmp_path)
    cells: list[str] = []
    with pdfplumber.open(printed) as pdf:
        assert len(pdf.pages) >= 3
        text = "".join(page.extract_text() for page in pdf.pages)
        for page in pdf.pages:
            for table in page.extract_tables():
                cells += ["".join(c.split()) for row in table for c in row if c]
    joined = "".join(text.split())
    assert big_city.title in joined
    for table in big_city.format.tables():
        for cell in table_layout(table).cells:
            if cell.kind in (Kind.VALUE, Kind.TOTAL):
                assert format_value(big_city.values[cell.key]) in cells, cell.key
            elif cell.tall:  # stacked a character a line, split where the page breaks
                assert any(c and cell.text.startswith(c) for c in cells), cell.text
            elif cell.text:
                assert cell.text in cells, cell.text


# Excel ----------------------------------------------------------------------------------


def evaluate(sheet, coordinate: str):
    """A cell's value, computing =SUM(A1,B2,…) formulas as Excel does (blank counts 0)."""
    value = sheet[coordinate].value
    if isinstance(value, str) and value.startswith("=SUM("):
        parts = value[len("=SUM(") : -1].split(",")
        return sum(evaluate(sheet, part) or 0 for part in parts)
    return value


def test_excel_sheets_have_the_official_layout_values_and_formulas(big_city, tmp_path):
    path = export_report(big_city, tmp_path / "report.xlsx").path
    book = openpyxl.load_workbook(path)
    tables = big_city.format.tables()
    assert book.sheetnames == [t.short_name for t in tables] + ["问题清单"]
    for table in tables:
        sheet = book[table.short_name]
        layout = table_layout(table)
        first = 3
        merged = {
            (r.min_row - first, r.min_col - 1, r.max_row - r.min_row + 1, r.max_col - r.min_col + 1)
            for r in sheet.merged_cells.ranges
            if r.min_row >= first
        }
        spans = {
            (c.row, c.column, c.rowspan, c.colspan)
            for c in layout.cells
            if c.rowspan > 1 or c.colspan > 1
        }
        assert merged == spans, table.id
        for cell in layout.cells:
            target = sheet.cell(first + cell.row, 1 + cell.column)
            if cell.kind is Kind.VALUE:
                assert target.value == big_city.values[cell.key], cell.key
            elif cell.kind is Kind.TOTAL:
                assert target.value.startswith("=SUM("), cell.key
                assert evaluate(sheet, target.coordinate) == big_city.values[cell.key], cell.key
            else:
                assert target.value == (cell.text or None), (cell.row, cell.column)
            if cell.key:
                amount = big_city.format.cells[cell.key].value_type is ValueType.AMOUNT
                assert target.number_format == ("0.00####" if amount else "0")
        header = layout.leading_header_rows
        assert sheet.freeze_panes == sheet.cell(first + header, 1 + layout.label_columns).coordinate


def test_excel_amount_keeps_its_decimals(sample_report, tmp_path):
    sample_report.values["active.fees.amount"] = Decimal("12.3400")
    path = export_report(sample_report, tmp_path / "report.xlsx").path
    sheet = openpyxl.load_workbook(path)["表二"]
    amounts = [c for row in sheet.iter_rows() for c in row if c.number_format.startswith("0.0")]
    assert [Decimal(str(c.value)) for c in amounts] == [Decimal("12.34")]


def test_excel_lists_the_findings_of_a_draft(sample_report, tmp_path):
    sample_report.values["applications.received.total"] += 1
    findings = check(sample_report)
    path = export_report(sample_report, tmp_path / "draft.xlsx", draft=True).path
    book = openpyxl.load_workbook(path)
    sheet = book["问题清单"]
    rows = list(sheet.iter_rows(values_only=True))
    errors = sum(f.severity.value == "错误" for f in findings)
    assert f"{errors} 个错误" in rows[0][0] and errors
    assert rows[1][:3] == ("严重程度", "位置", "说明")  # no internal rule ids
    assert [r[2] for r in rows[2:]] == [f.message for f in findings]
    assert rows[2][0] == "错误"
    assert "一、本年新收政府信息公开申请数量" in rows[2][1]
    assert not any(f.rule in str(cell) for f in findings for r in rows[1:] for cell in r[:2])
    assert book["表三"]["A1"].value.endswith("（草稿）")


def test_seven_digit_city_report_round_trips_its_exchange_file(big_city, tmp_path):
    write_report(big_city, tmp_path / "big.json")
    for suffix in (".docx", ".html", ".xlsx"):
        result = main_py("export", tmp_path / "big.json", "-o", tmp_path / f"big{suffix}")
        assert result.returncode == 0, result.stderr
    assert docx.Document(tmp_path / "big.docx").tables
    assert openpyxl.load_workbook(tmp_path / "big.xlsx")["表三"]["D6"].value == 4_120_000
    assert "5280000" in (tmp_path / "big.html").read_text("utf-8")


# Round trips through the readers (issue 10 builds on them; they arrive with the readers package)


@pytest.mark.parametrize("suffix", [".docx", ".html"])
def test_read_gives_back_every_value_of_our_word_and_web_files(big_city, tmp_path, suffix):
    readers = pytest.importorskip("readers")
    path = export_report(big_city, tmp_path / f"city{suffix}").path
    reading = readers.read_published(path)
    assert reading.report.values == big_city.values
    assert reading.report.texts == big_city.texts
    assert (reading.report.agency.name, reading.report.year) == (big_city.agency.name, 2022)
    assert reading.report.issued_on == big_city.issued_on


def test_the_workbooks_findings_say_which_were_checked_and_where_in_words(tmp_path, city_report):
    """问题清单 as check prints it: 「提示（已核实：说明）」, and 位置 in the report's words, never an
    internal key such as texts.overview."""
    import openpyxl

    from models.checks.check import check
    from models.report import Acknowledgement

    city_report.texts["overview"] = "全年共收到政府信息公开申请20件。"
    (claim,) = [f for f in check(city_report) if f.rule == "text_claim"]
    city_report.acknowledged[claim.key] = Acknowledgement(claim.message, "含上年结转，共20件")
    path = export_report(city_report, tmp_path / "r.xlsx", draft=True).path
    sheet = openpyxl.load_workbook(path)["问题清单"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    (row,) = [r for r in rows if r[2] == claim.message]
    assert row[0] == "提示（已核实：含上年结转，共20件）" and row[1] == "一、总体情况"
    assert not any(str(r[1]).startswith(("texts.", "agency.")) for r in rows if r[1])
    assert rows[0][0].endswith("1 个已核实")
