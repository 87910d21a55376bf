"""The printed page as a 办公室 reviewer measures it: GB/T 9704's grid, the 仿宋, the 落款, and
nothing on the paper or in the file that is not the report. Exported with the bundled fonts only,
as on a PC without the office fonts."""

import io
import shutil
from collections import defaultdict
from decimal import Decimal

import docx
import pdfplumber
import pypdf
import pytest

from export.fonts import load_fonts
from export.page import BOTTOM, CHAR_PITCH, LEFT_MARGIN, TEXT_WIDTH, TOP
from export.pdf import export_pdf, render_pdf
from export.text import NO_LINE_END, NO_LINE_START
from export.writers import export_report
from models.exchange import read_report
from models.format.layout import Kind, table_layout
from tests.conftest import SAMPLE
from tests.reports import LONG, long_report
from tools.export_pages import libreoffice_pdf

MARKS = set("，。、；：）》」』】〕〗（《「『【〔〖")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def bundled():
    return load_fonts(use_system=False)


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory, bundled):
    path = tmp_path_factory.mktemp("long") / "long.pdf"
    result = export_pdf(long_report(), path, fonts=bundled)
    return path, result


def body_lines(path) -> list[list[dict]]:
    """The lines of 三号 text outside the tables, each its characters left to right."""
    lines = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            text = page
            for table in page.find_tables():
                text = text.outside_bbox(table.bbox)
            rows: dict[float, list[dict]] = defaultdict(list)
            for char in text.chars:
                if abs(char["size"] - 16) < 0.1 and char["top"] < page.height - BOTTOM:
                    rows[_baseline(char)].append(char)
            top_down = sorted(rows, reverse=True)
            lines += [sorted(rows[baseline], key=lambda c: c["x0"]) for baseline in top_down]
    return lines


def test_long_report_has_28_characters_in_every_full_line(long_pdf):
    path, _result = long_pdf
    lines = body_lines(path)
    assert sum(len(line) for line in lines) > LONG
    right = LEFT_MARGIN + TEXT_WIDTH
    full = 0
    for line, following in zip(lines, lines[1:], strict=False):
        text = "".join(c["text"] for c in line)
        if abs(line[-1]["x1"] - right) > 0.5 or any(abs(c["width"] - 16) > 0.1 for c in line):
            continue  # a paragraph's last line, or one with digits, Latin or narrow quotes
        if any(a in MARKS and b in MARKS for a, b in zip(text, text[1:], strict=False)):
            continue  # adjacent punctuation set closer: half a column
        indent = round((line[0]["x0"] - LEFT_MARGIN) / CHAR_PITCH)
        assert indent in (0, 2), text
        next_text = "".join(c["text"] for c in following)
        broken_early = next_text[1:2] in NO_LINE_START or next_text[:1] in NO_LINE_END
        if broken_early:
            continue  # kept off the line for the punctuation rules: spread out, off the grid
        assert len(line) == 28 - indent, text
        full += 1
        for column, char in enumerate(line, indent):  # every character on its grid column
            assert abs(char["x0"] - LEFT_MARGIN - column * CHAR_PITCH) < 0.3, (text, column)
    assert full > 400  # the long report has about 480 such lines


def _baseline(char: dict) -> float:
    return round(char["matrix"][5], 1)


def test_line_pitch_puts_22_lines_on_a_page(long_pdf):
    path, _result = long_pdf
    pages: dict[int, set[float]] = defaultdict(set)
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages):
            for char in page.chars:
                if abs(char["size"] - 16) < 0.1 and char["top"] < page.height - BOTTOM:
                    pages[number].add(char["matrix"][5])
    assert max(len({round(y, 1) for y in lines}) for lines in pages.values()) == 22
    pitch = 225 * 72 / 25.4 / 22
    steps = [
        high - low
        for lines in pages.values()
        for low, high in zip(sorted(lines), sorted(lines)[1:], strict=False)
        if high - low > 1  # one line's characters in several fonts
    ]
    assert len(steps) > 700
    for step in steps:  # adjacent lines one pitch apart; wider gaps hold a table or the seal
        assert step == pytest.approx(pitch, abs=0.05) or step > 1.5 * pitch


def _font_names(path) -> dict[str, int]:
    """How many characters each embedded font (subset tag removed) printed."""
    names: dict[str, int] = defaultdict(int)
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for char in page.chars:
                names[char["fontname"].split("+")[-1]] += 1
    return names


def test_body_is_printed_in_the_bundled_fangsong_and_said_so(long_pdf):
    path, result = long_pdf
    body = [c for line in body_lines(path) for c in line if c["text"] not in "一二三四五六"]
    faces = {c["fontname"].split("+")[-1] for c in body}
    assert "NianbaoFangsong-Regular" in faces
    assert _font_names(path)["NianbaoFangsong-Regular"] > LONG
    assert not any("Serif-Regular" in name for name in _font_names(path))
    assert "正文（仿宋）：朱雀仿宋 Zhuque Fangsong（随程序提供）" in result.fonts
    keywords = pypdf.PdfReader(path).metadata["/Keywords"]
    assert "正文（仿宋）：朱雀仿宋 Zhuque Fangsong" in keywords


def test_full_width_digits_print_as_the_official_arabic_digits(sample_report, bundled, tmp_path):
    sample_report.texts["other"] = "本年度收取信息处理费０元，共２０２１件。"
    path = tmp_path / "digits.pdf"
    export_pdf(sample_report, path, fonts=bundled)
    line = next(
        "".join(c["text"] for c in line)
        for line in body_lines(path)
        if "本年度收取" in "".join(c["text"] for c in line)
    )
    assert "本年度收取信息处理费0元，共2021件。" in line
    digits = [c for line in body_lines(path) for c in line if c["text"] in "0212"]
    assert {c["fontname"].split("+")[-1] for c in digits} == {"NianbaoFangsong-Regular"}


def _last_page_lines(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [line for line in pdf.pages[-1].extract_text().splitlines() if line.strip()]


@pytest.mark.slow
def test_the_signature_never_stands_alone_on_the_last_page(bundled):
    """Every length of 六 over a whole page of text (a page holds 22 × 28 characters)."""
    report = read_report(SAMPLE)
    closing = report.texts["other"]
    day = report.issued_on
    alone = []
    for added in range(0, 22 * 28 + 8, 8):
        report.texts["other"] = "保" * added + closing
        data, _pages = render_pdf(report, fonts=bundled)
        lines = _last_page_lines(data)
        assert lines[-3:-1] == [report.signing_unit, f"{day.year}年{day.month}月{day.day}日"], added
        if len(lines) < 5:  # the unit, the date, the page number: and the text's last two lines
            alone.append(added)
    assert not alone


def test_word_keeps_the_last_paragraph_with_the_signature(sample_report, tmp_path):
    document = docx.Document(export_report(sample_report, tmp_path / "r.docx").path)
    paragraphs = document.paragraphs
    assert paragraphs[-2].text == sample_report.signing_unit
    last_text = paragraphs[-3].paragraph_format
    assert paragraphs[-3].text == sample_report.texts["other"]
    assert last_text.keep_with_next and last_text.widow_control  # its last two lines come along
    assert paragraphs[-2].paragraph_format.keep_with_next


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_prints_the_sample_signature_with_text_above_it(sample_report, tmp_path):
    path = export_report(sample_report, tmp_path / "sample.docx").path
    with pdfplumber.open(libreoffice_pdf(path, tmp_path)) as pdf:
        lines = [ln for ln in pdf.pages[-1].extract_text().splitlines() if ln.strip()]
    assert lines[-4] == sample_report.texts["other"]


def test_web_page_keeps_the_fingerprint_off_the_page(sample_report):
    from export.web import render_html

    page = render_html(sample_report, fingerprint="cd" * 32)
    assert f'data-fingerprint="{"cd" * 32}"' in page
    assert "指纹" not in page and page.count("cd" * 32) == 1


def test_one_block_under_a_heading_prints_no_empty_sub_headings(sample_report, bundled, tmp_path):
    from export.web import render_html

    report = sample_report
    for sub in ("active", "requests", "management", "platform", "oversight"):
        report.texts["overview"] += report.texts.pop(f"overview_{sub}")
    report.texts["overview_requests"] = "依申请公开情况另写一段。"
    headings = [
        "（一）主动公开情况",
        "（三）政府信息管理情况",
        "（四）平台建设情况",
        "（五）监督保障情况",
    ]
    path = tmp_path / "one-block.pdf"
    export_pdf(report, path, fonts=bundled)
    with pdfplumber.open(path) as pdf:
        text = "".join(page.extract_text() for page in pdf.pages)
    assert "（二）依申请公开情况" in text and not any(h in text for h in headings)
    document = docx.Document(export_report(report, tmp_path / "one-block.docx").path)
    word = [p.text for p in document.paragraphs]
    assert "（二）依申请公开情况" in word and not any(t.startswith(tuple(headings)) for t in word)
    page = render_html(report)
    assert "（二）依申请公开情况" in page and not any(h in page for h in headings)


def _outline(reader: pypdf.PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, page number) of every bookmark, in order."""
    entries: list[tuple[int, str, int]] = []

    def walk(items, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                entries.append((level, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return entries


def test_metadata_names_the_report_with_no_path_and_bookmarks_its_parts(
    sample_report, tmp_path, monkeypatch
):
    from export.fonts import BUNDLED, ENV_FONT_DIR

    fonts_folder = tmp_path / "clerk-张三" / "Fonts"
    fonts_folder.mkdir(parents=True)
    shutil.copy(BUNDLED / "NianbaoKai-Regular.ttf", fonts_folder / "simkai.ttf")
    monkeypatch.setenv(ENV_FONT_DIR, str(fonts_folder))
    path = tmp_path / "report.pdf"
    export_pdf(sample_report, path, fonts=load_fonts(use_system=True), fingerprint="ef" * 32)
    raw = path.read_bytes()
    reader = pypdf.PdfReader(path)
    info = {key: str(value) for key, value in reader.metadata.items()}
    for text in [raw.decode("latin-1"), *info.values()]:
        assert "clerk" not in text and str(tmp_path) not in text and "张三" not in text
    assert info["/Title"] == sample_report.title
    assert info["/Author"] == sample_report.agency.name
    assert "二级标题（楷体）：NianbaoKai-Regular（本机字体）" in info["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"
    with pdfplumber.open(path) as pdf:
        pages = {
            line: number
            for number, page in enumerate(pdf.pages, 1)
            for line in page.extract_text().splitlines()
        }
    headings = [s.heading for s in sample_report.format.sections if s.heading]
    tables = [t.short_name for t in sample_report.format.tables()]
    outline = _outline(reader)
    assert [title for level, title, _page in outline if level == 0] == headings
    assert [title for level, title, _page in outline if level == 1] == tables
    for level, title, page in outline:
        if level == 0:
            assert pages[title] == page, title  # the bookmark opens the heading's page


# What a CMS that filters CSS keeps: structural tags and table attributes, no style at all.
CMS_TAGS = {"div", "p", "h1", "h2", "h3", "table", "thead", "tbody", "tr", "td", "th", "br"}
CMS_ATTRIBUTES = {
    "table": {"border", "cellspacing", "cellpadding", "width"},
    "td": {"rowspan", "colspan", "align", "valign"},
    "th": {"rowspan", "colspan", "align", "valign"},
}


def test_web_tables_keep_their_borders_and_plain_labels_through_a_cms(rare_report_html):
    import nh3

    report, page = rare_report_html
    cleaned = nh3.clean(page, tags=CMS_TAGS, attributes=CMS_ATTRIBUTES)
    assert "style=" not in cleaned
    tables = cleaned.count("<table")
    assert tables == len(report.format.tables())
    assert cleaned.count('<table border="1" cellspacing="0" cellpadding="4"') == tables
    plain = {
        c.text
        for t in report.format.tables()
        for c in table_layout(t).cells
        if c.kind is Kind.LABEL and c.rowspan == 1
    }
    assert plain
    for label in plain:  # a 「td」: left-aligned and not bold in any browser without styles
        assert f"<th>{label}</th>" not in cleaned and f">{label}</td>" in cleaned


def test_web_text_elements_carry_the_font_themselves(rare_report_html):
    _report, page = rare_report_html
    for tag in ("<p ", "<td ", "<h2 ", "<h3 "):
        pieces = page.split(tag)[1:]
        assert pieces and all("font-family:" in p.split(">", 1)[0] for p in pieces), tag


@pytest.fixture
def rare_report_html(sample_report):
    from export.web import render_html

    sample_report.agency.name = sample_report.signing_unit = "䶮𠀋县教育局"
    return sample_report, render_html(sample_report)


# Excel ------------------------------------------------------------------------------------


def _workbook_values(path) -> dict[tuple[str, str], object]:
    import openpyxl

    book = openpyxl.load_workbook(path, data_only=True)  # what any reader but Excel shows
    return {
        (sheet.title, cell.coordinate): cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
    }


def test_workbook_totals_read_as_numbers_without_excel(tmp_path):
    import openpyxl

    from tests.conftest import CITY

    report = read_report(CITY)
    path = export_report(report, tmp_path / "city.xlsx").path
    formulas = openpyxl.load_workbook(path)
    shown = _workbook_values(path)
    totals = 0
    for table in report.format.tables():
        sheet = formulas[table.short_name]
        for cell in table_layout(table).cells:
            if cell.kind is Kind.TOTAL:
                coordinate = sheet.cell(3 + cell.row, 1 + cell.column).coordinate
                assert str(sheet[coordinate].value).startswith("=SUM(")
                assert shown[(table.short_name, coordinate)] == report.values[cell.key]
                totals += 1
    assert totals > 20


def test_a_typed_total_that_is_not_the_sum_shows_as_typed_and_marked(sample_report, tmp_path):
    import openpyxl

    key = "applications.received.total"
    sample_report.values[key] += 1
    path = export_report(sample_report, tmp_path / "draft.xlsx", draft=True).path
    sheet = openpyxl.load_workbook(path)["表三"]
    layout = table_layout(sample_report.format.tables()[1])
    cell = next(c for c in layout.cells if c.key == key)
    target = sheet.cell(3 + cell.row, 1 + cell.column)
    assert target.value == sample_report.values[key]  # the typed number, not a formula
    assert target.fill.fgColor.rgb.endswith("FFC7CE")
    assert "不符" in target.comment.text


def test_amounts_show_two_to_six_decimals_and_tables_print_on_a4_landscape(sample_report, tmp_path):
    import openpyxl

    from models.format.blocks import ValueType

    sample_report.values["active.fees.amount"] = Decimal("12.3456")
    book = openpyxl.load_workbook(export_report(sample_report, tmp_path / "r.xlsx").path)
    for table in sample_report.format.tables():
        sheet = book[table.short_name]
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
        setup = sheet.page_setup  # fitToWidth 1 is the default XlsxWriter leaves unwritten
        assert setup.fitToWidth in (None, 1) and setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sample_report.title in sheet.oddHeader.center.text
        layout = table_layout(table)
        if layout.leading_header_rows:
            assert sheet.print_title_rows == f"$3:${2 + layout.leading_header_rows}"
        for cell in layout.cells:
            if cell.key and sample_report.format.cells[cell.key].value_type is ValueType.AMOUNT:
                target = sheet.cell(3 + cell.row, 1 + cell.column)
                assert target.number_format == "0.00####"  # 12.3456, 5.00; never 5.000000


def test_word_file_is_word_2013_mode_with_the_agency_properties(sample_report, tmp_path):
    import zipfile

    path = export_report(sample_report, tmp_path / "r.docx").path
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        settings = package.read("word/settings.xml").decode()
        app = package.read("docProps/app.xml").decode()
        theme = package.read("word/theme/theme1.xml").decode()
        rels = package.read("_rels/.rels").decode()
    assert (
        'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"'
        in settings
    )
    assert "<Application>年报填报助手</Application>" in app and "Macintosh" not in app
    assert f"<Company>{sample_report.agency.name}</Company>" in app
    assert not any("thumbnail" in name for name in names) and "thumbnail" not in rels
    assert 'script="Jpan"' not in theme
    core = docx.Document(path).core_properties
    assert (core.title, core.author, core.language) == (
        sample_report.title,
        sample_report.agency.name,
        "zh-CN",
    )


# PDF/A-2b ---------------------------------------------------------------------------------


def _fonts_of(pdf) -> list:
    fonts = []
    for page in pdf.pages:
        for font in page.Resources.Font.values():
            fonts += [font] + list(font.get("/DescendantFonts", []))
    return fonts


def test_export_pdfa_writes_xmp_an_output_intent_and_embedded_fonts(tmp_path):
    import pikepdf

    from tests.conftest import main_py

    out = tmp_path / "archive.pdf"
    result = main_py("export", SAMPLE, "-o", out, "--pdfa")
    assert result.returncode == 0 and not result.stderr, result.stderr
    with pikepdf.open(out) as pdf:
        raw = pdf.Root.Metadata.read_raw_bytes()
        assert "/Filter" not in pdf.Root.Metadata and raw.startswith(b"<?xpacket begin=")
        meta = pdf.open_metadata()
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "B")
        info = pdf.docinfo
        assert meta["dc:title"] == str(info["/Title"])
        assert meta["dc:creator"] == [str(info["/Author"])]
        assert meta["pdf:Keywords"] == str(info["/Keywords"])
        assert meta["xmp:CreatorTool"] == str(info["/Creator"])
        assert "/Trapped" not in info
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and intent.DestOutputProfile.N == 3
        profile = intent.DestOutputProfile.read_bytes()
        assert profile[36:40] == b"acsp" and profile[16:20] == b"RGB "  # an RGB ICC profile
        for font in _fonts_of(pdf):
            if font.Subtype != "/Type0":
                assert "/FontFile2" in font.FontDescriptor, font.BaseFont
        assert not pdf.is_encrypted and "/Encrypt" not in pdf.trailer
        assert not {"/OpenAction", "/AA", "/Names"} & set(pdf.Root.keys())
        for page in pdf.pages:
            assert "/Trans" not in page.obj and "/AA" not in page.obj
            for state in page.Resources.get("/ExtGState", {}).values():
                assert float(state.get("/CA", 1)) == 1 and float(state.get("/ca", 1)) == 1
                assert state.get("/SMask", "/None") == "/None"
        assert pdf.Root.Lang == "zh-CN"


# Layout details ---------------------------------------------------------------------------


def test_a_long_address_breaks_anywhere_instead_of_spreading_the_line_above(
    sample_report, bundled, tmp_path
):
    address = "https://www.xjahq.gov.cn/xjahq/c113393/zfxxgk_list.shtml"
    sample_report.texts["other"] = "本机关政府信息公开年度报告全文可在门户网站" + address + "查阅。"
    path = tmp_path / "address.pdf"
    export_pdf(sample_report, path, fonts=bundled)
    lines = [
        line
        for line in body_lines(path)
        if any(c["text"] == "户" for c in line) or any(c["text"] == "x" for c in line)
    ]
    assert len(lines) >= 2
    for line in lines[:-1]:  # justified: no gap much wider than the grid's
        for char, after in zip(line, line[1:], strict=False):
            assert after["x0"] - char["x1"] < 1.5, "".join(c["text"] for c in line)


def test_table_text_keeps_clear_of_the_rules(sample_report, bundled, tmp_path):
    path = tmp_path / "tables.pdf"
    export_pdf(sample_report, path, fonts=bundled)
    with pdfplumber.open(path) as pdf:
        checked = 0
        for page in pdf.pages:
            for table in page.find_tables():
                for row in table.rows:
                    for cell in row.cells:
                        if cell is None:
                            continue
                        inside = page.crop(cell).chars
                        if inside and inside[0]["upright"]:
                            left = min(c["x0"] for c in inside)
                            right = max(c["x1"] for c in inside)
                            assert left - cell[0] > 2.4 and cell[2] - right > 2.4, cell
                            checked += 1
    assert checked > 100


def test_adjacent_punctuation_is_set_half_a_column_closer(sample_report, bundled, tmp_path):
    path = tmp_path / "marks.pdf"
    export_pdf(sample_report, path, fonts=bundled)
    first = next(
        line for line in body_lines(path) if "".join(c["text"] for c in line[:3]) == "根据《"
    )
    text = "".join(c["text"] for c in first)
    close, open_ = text.index("》（"), text.index("》（") + 1
    assert first[open_]["x0"] - first[close]["x0"] == pytest.approx(CHAR_PITCH / 2, abs=0.6)
    assert first[close]["x0"] - first[close - 1]["x0"] == pytest.approx(CHAR_PITCH, abs=0.6)
    assert abs(first[-1]["x1"] - (LEFT_MARGIN + TEXT_WIDTH)) < 0.5  # still justified


def test_word_compresses_adjacent_punctuation(sample_report, tmp_path):
    import zipfile

    path = export_report(sample_report, tmp_path / "r.docx").path
    with zipfile.ZipFile(path) as package:
        settings = package.read("word/settings.xml").decode()
    assert '<w:characterSpacingControl w:val="compressPunctuation"/>' in settings


def test_no_page_is_left_a_quarter_empty_before_a_table_continues(long_pdf):
    path, _result = long_pdf
    with pdfplumber.open(path) as pdf:
        pages = pdf.pages
        for number, (page, following) in enumerate(zip(pages, pages[1:], strict=False), 1):
            tables = following.find_tables()
            if not tables or tables[0].bbox[1] > TOP + 1:
                continue  # the next page does not begin with a table's continuation
            foot = page.height - BOTTOM + 1  # below: the page number
            bottom = max(o["bottom"] for o in page.chars + page.lines if o["bottom"] < foot)
            empty = (page.height - BOTTOM - bottom) / (225 * 72 / 25.4)
            assert empty < 0.25, (number, round(empty, 2))


def test_pdfa_xmp_dates_are_the_document_information_dates(tmp_path):
    import datetime

    from pypdf import PdfReader

    from tests.conftest import main_py

    out = tmp_path / "archive.pdf"
    assert main_py("export", SAMPLE, "-o", out, "--pdfa").returncode == 0
    reader = PdfReader(out)
    xmp = reader.xmp_metadata
    info = reader.metadata
    utc = datetime.UTC  # pypdf reads XMP dates as naive UTC
    assert xmp.xmp_create_date == info.creation_date.astimezone(utc).replace(tzinfo=None)
    assert xmp.xmp_modify_date == info.modification_date.astimezone(utc).replace(tzinfo=None)
    assert xmp.pdf_producer == info.producer and xmp.dc_description == {"x-default": info.subject}
