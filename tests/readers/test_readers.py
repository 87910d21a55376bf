"""Reading published reports: the fixtures in tests/fixtures/published/ were made from real shapes
by tools/make_reader_fixtures.py (the Word template filled in, LibreOffice's PDF of it, our own
PDF, a portal page, text with run-together rows, the published sample's text)."""

import json
from pathlib import Path

import pytest

from models.checks.check import check
from models.exchange import read_report
from models.report import standard_preamble
from readers import ReadError, read_published
from readers.numbers import split_run
from readers.source import SourceRow
from readers.tables import read_table
from tests.conftest import PUBLISHED, ROOT, SAMPLE, main_py

CITY_FILES = ["city-2022.docx", "city-2022-libreoffice.pdf", "city-2022-ours.pdf", "city-2022.html"]


@pytest.fixture
def published_city(city_report):
    city_report.texts["preamble"] = standard_preamble(city_report)
    return city_report


def findings(report):
    return [(f.rule, f.location, f.message) for f in check(report)]


def assert_same_report(read, original):
    assert read.format_id == original.format_id
    assert read.values == original.values
    assert read.texts == {k: v for k, v in original.texts.items() if v}
    assert vars(read.agency) == vars(original.agency)
    for name in ("year", "period_start", "period_end", "signing_unit", "issued_on"):
        assert getattr(read, name) == getattr(original, name), name
    assert findings(read) == findings(original)


@pytest.mark.parametrize("name", CITY_FILES)
def test_every_cell_and_text_of_the_city_report_reads_back(name, published_city):
    reading = read_published(PUBLISHED / name)
    assert_same_report(reading.report, published_city)
    assert reading.unsure() == [] and reading.missing == []
    assert len(reading.cells) == len(published_city.format.cells)


def test_a_cell_knows_its_page_and_labels_as_printed():
    reading = read_published(PUBLISHED / "city-2022-ours.pdf")
    cell = reading.cells["applications.other_handling_3.research"]
    assert (cell.page, cell.row, cell.column, cell.text) == (3, "3.其他", "科研机构", "1")
    # the vertical 「三、本年度办理结果」 and a label wrapped over three lines read whole
    wrapped = reading.cells["applications.other_handling_1.total"]
    assert wrapped.row == (
        "（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    )
    assert wrapped.text == "12" and reading.cells["applications.disclosed.total"].row == (
        "三、本年度办理结果（一）予以公开"
    )


def test_the_published_sample_text_reads_with_its_slips_noted(sample_report):
    reading = read_published(PUBLISHED / "akqi-education-2021.txt")
    assert_same_report(reading.report, sample_report)
    notes = "\n".join(reading.notes)
    assert "「规范性文件」按「行政规范性文件」读取" in notes
    assert (
        "标题「收到和处理政府信息公开申请情况」按「三、收到和处理政府信息公开申请情况」读取"
        in notes
    )
    assert "按「2.申请人逾期未按收费通知要求缴纳费用" in notes


def test_run_together_rows_are_cut_by_the_totals_and_the_balances(published_city):
    reading = read_published(PUBLISHED / "city-2022-runs.txt")
    values = reading.report.values
    wrong = [k for k in published_city.values if values.get(k) != published_city.values[k]]
    assert wrong and all(reading.cells[k].unsure for k in wrong)  # never a silent guess
    doubtful_rows = {k.rsplit(".", 1)[0] for k in reading.unsure()}
    # 二 and 四 shift together: both cuts fit every rule, so the reader says so
    assert doubtful_rows == {"applications.carried_over", "applications.carried_forward"}
    assert "可能的拆分有 2 种" in reading.cells["applications.carried_over.total"].unsure
    assert any("由勾稽关系确定" in note for note in reading.notes)
    assert values["applications.disclosed.natural_person"] == 198


def test_split_run_finds_each_cut_whose_total_is_the_sum():
    columns = read_report(ROOT / "resources" / "samples" / "akqi-education-2021.json").format
    columns = columns.table("applications").blocks[0].leaf_columns()
    assert split_run("1000001", columns) == [(1, 0, 0, 0, 0, 0, 1)]
    assert (22, 5, 0, 1, 2, 1, 31) in split_run("225012131", columns)
    assert split_run("99", columns) == []


def grid(rows):
    return [(1, SourceRow(cells, 1)) for cells in rows]


def test_one_other_handling_row_in_a_2021_table_goes_under_3_other(sample_report):
    fmt = sample_report.format
    reading = read_table(
        fmt,
        fmt.table("applications"),
        grid([["（六）其他处理", "2", "0", "0", "0", "0", "1", "3"]]),
    )
    assert reading.values["applications.other_handling_3.total"] == 3
    assert "只有一行" in reading.notes[0]


def test_blanks_full_width_digits_and_thousands_separators(sample_report):
    fmt = sample_report.format
    reading = read_table(
        fmt,
        fmt.table("active"),
        grid(
            [
                ["规章", "１２", "", "1,234"],
                ["行政许可", "3,985,758"],
                ["行政事业性收费", "12.345678"],
                ["行政处罚", "/"],
            ]
        ),
    )
    values = reading.values
    assert values["active.regulations.issued"] == 12
    assert "active.regulations.repealed" not in values  # blank stays blank, not 0
    assert values["active.regulations.in_force"] == 1234
    assert values["active.licensing.decisions"] == 3985758
    assert str(values["active.fees.amount"]) == "12.345678"
    assert "active.penalties.decisions" not in values
    assert "读作空白" in reading.cells["active.penalties.decisions"].unsure


def test_a_label_with_a_character_missing_or_swapped_is_matched_and_noted(sample_report):
    fmt = sample_report.format
    reading = read_table(
        fmt,
        fmt.table("applications"),
        grid([["三、本年度办理结果", "（三）不予公开", "4.保护第三法合权益", *"1000001"]]),
    )
    assert reading.values["applications.withheld_4.total"] == 1
    assert "按「4.保护第三方合法权益」读取" in reading.notes[0]


def test_read_writes_an_exchange_file_with_provenance_and_check_agrees(tmp_path, published_city):
    out = tmp_path / "out.json"
    result = main_py("read", PUBLISHED / "city-2022.docx", "-o", out)
    assert result.returncode == 0, result.stderr
    assert "读取 200 格，其中 0 格存疑" in result.stdout
    data = json.loads(out.read_text("utf-8"))
    assert data["provenance"]["kind"] == "docx"
    assert data["provenance"]["cells"]["applications.received.total"]["row"] == (
        "一、本年新收政府信息公开申请数量"
    )
    assert read_report(out).values == published_city.values
    assert main_py("check", out).returncode == 0


def test_import_takes_a_published_file(tmp_path):
    result = main_py("--db", tmp_path / "x.db", "import", PUBLISHED / "city-2022.html")
    assert result.returncode == 0, result.stderr
    assert "已导入为报告 1：江州市人民政府办公室2022年政府信息公开工作年度报告" in result.stdout


def test_a_scanned_pdf_is_refused_with_the_reason(tmp_path):
    from reportlab.pdfgen import canvas

    scan = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(scan))
    page.rect(100, 100, 300, 300, fill=1)
    page.save()
    result = main_py("read", scan, "-o", tmp_path / "o.json")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "scan.pdf 没有文字层（可能是扫描件），本程序不做文字识别；请找原始的 Word 或网页版本"
    )
    assert not (tmp_path / "o.json").exists()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("broken.pdf", b"hello", "broken.pdf 不是有效的 PDF 文件，或已损坏"),
        ("old.docx", b"\xd0\xcf\x11\xe0", "old.docx 不是有效的 Word 文件"),
        ("old.xlsx", b"\xd0\xcf\x11\xe0", "old.xlsx 不是有效的 Excel 文件"),
        ("report.xls", b"", "只支持 Word（.docx）、PDF、网页（.html）、文本"),
        ("empty.txt", "没有什么".encode(), "empty.txt 中没有找到政府信息公开工作年度报告的内容"),
    ],
)
def test_what_cannot_be_read_is_one_chinese_line(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReadError, match=reason):
        read_published(path)
    result = main_py("read", path, "-o", tmp_path / "o.json")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "抱歉" not in result.stderr


def test_page_numbers_and_running_headers_are_dropped_and_paragraphs_join_across_pages(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from readers.pdf_reader import read_pdf

    pdfmetrics.registerFont(TTFont("Serif", str(ROOT / "resources/fonts/NianbaoSerif-Regular.ttf")))
    path = tmp_path / "paged.pdf"
    page = canvas.Canvas(str(path))
    line = "本机关全年主动公开政府信息一千二百件，其中规范性文件四十件"
    for number in range(1, 4):
        page.setFont("Serif", 12)
        page.drawString(80, 800, "江州市人民政府办公室文件")
        for row in range(3):
            page.drawString(80, 700 - 20 * row, line)
        page.drawString(290, 60, f"- {number} -" if number != 2 else f"— {number} —")
        page.showPage()
    page.save()
    texts = [item.text for item in read_pdf(path).items]
    assert texts == [line * 9]


def test_the_2019_format_table_is_told_apart_by_its_labels():
    reading = read_published(PUBLISHED / "county-2020.pdf")
    assert reading.report.format_id == "gov-2019"


def test_headings_in_the_agencys_own_words_are_found_by_their_numbers(tmp_path, sample_report):
    text = (PUBLISHED / "akqi-education-2021.txt").read_text("utf-8")
    text = text.replace("（一）主动公开情况", "（一）主动公开方面")
    text = text.replace(
        "四、政府信息公开行政复议、行政诉讼情况",
        "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
    )
    path = tmp_path / "reworded.txt"
    path.write_text(text, "utf-8")
    reading = read_published(path)
    assert reading.report.texts == sample_report.texts
    assert reading.report.values == sample_report.values
    assert "标题「（一）主动公开方面」按「（一）主动公开情况」读取" in reading.notes


def test_a_workbook_with_a_sheet_a_table_reads_back(tmp_path, city_report):
    import openpyxl

    from models.format.layout import Kind, table_layout
    from models.report import format_value

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for table in city_report.format.tables():
        sheet = workbook.create_sheet(table.short_name)
        for cell in table_layout(table).cells:
            text = cell.text
            if cell.kind in (Kind.VALUE, Kind.TOTAL):
                value = city_report.values.get(cell.key)
                text = value if isinstance(value, int) else format_value(value)
            sheet.cell(cell.row + 1, cell.column + 1, text)
            if cell.rowspan > 1 or cell.colspan > 1:
                sheet.merge_cells(
                    start_row=cell.row + 1,
                    start_column=cell.column + 1,
                    end_row=cell.row + cell.rowspan,
                    end_column=cell.column + cell.colspan,
                )
    path = tmp_path / "tables.xlsx"
    workbook.save(path)
    reading = read_published(path)
    assert reading.report.values == city_report.values and reading.unsure() == []


def test_a_workbook_that_is_not_a_report_is_refused_with_the_reason(tmp_path, city_report):
    """汇总多份报告's overview (one row per report, the key figures in columns) has numbers in a
    table but nothing of a report: refused, saying why, rather than read as 表四."""
    from export.excel import render_overview
    from models.aggregate import overview

    path = tmp_path / "汇总概览.xlsx"
    path.write_bytes(render_overview(overview([("a.json", city_report), ("b.json", city_report)])))
    with pytest.raises(ReadError) as refused:
        read_published(path)
    reason = str(refused.value)
    assert reason.startswith("汇总概览.xlsx 不是政府信息公开工作年度报告：没有找到报告的各部分")
    assert "个数都不能确认" in reason
    result = main_py("import", path)
    assert result.returncode == 2 and result.stderr.strip() == reason


def test_a_pdf_with_a_password_says_so(tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(PUBLISHED / "city-2022-ours.pdf").pages[:1]:
        writer.add_page(page)
    writer.encrypt("secret")
    path = tmp_path / "locked.pdf"
    with open(path, "wb") as file:
        writer.write(file)
    with pytest.raises(ReadError, match="^locked.pdf 有密码保护，无法读取$"):
        read_published(path)


def test_a_row_of_numbers_without_a_label_in_table_3_is_noted_not_placed(sample_report):
    fmt = sample_report.format
    reading = read_table(fmt, fmt.table("applications"), grid([["", *"1000001"]]))
    assert reading.values == {}
    assert reading.notes == ["表三：未能识别的行「 1 0 0 0 0 0 1」，未读取"]


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        (
            "本年度报告电子版可在“中国南平”网站（http://www.np.gov.cn/）下载。若有疑问，可直接与"
            "南平市政府信息公开工作领导小组办公室联系（办公地址:福建省南平市八一路439号,邮编:353000,"
            "电话:0599-8830330,传真:0599-8891101）。",
            (
                "南平市政府信息公开工作领导小组办公室",
                "福建省南平市八一路439号",
                "353000",
                "0599-8830330",
                "http://www.np.gov.cn/",
            ),
        ),
        (
            "本报告电子版可在jtt.hunan.gov.cn查阅。如对本报告有疑问，请联系：厅办公室；"
            "地址：长沙市韶山北路1号；邮政编码：410011；联系电话：0731-88888888。",
            ("厅办公室", "长沙市韶山北路1号", "410011", "0731-88888888", "jtt.hunan.gov.cn"),
        ),
    ],
)
def test_the_profile_is_found_in_opening_paragraphs_written_other_ways(opening, expected):
    from readers.narrative import profile_from

    agency = profile_from(opening, "某机关")
    assert (
        agency.office,
        agency.address,
        agency.postcode,
        agency.phone,
        agency.website,
    ) == expected


def test_the_real_errors_of_a_published_report_are_found_in_what_was_read(tmp_path, published_city):
    from tools.make_reader_fixtures import fill_word_template, portal_page

    report = published_city
    report.values["applications.results_total.natural_person"] = 400  # rows add to 412
    report.values["litigation.cases.review_total"] = 0  # 结果维持 6, 结果纠正 2 …
    for key in [k for k in report.values if k.endswith(".total") and "applications." in k]:
        del report.values[key]  # 总计 column left blank in every row
    report.values.pop("active.coercion.decisions")  # a blank cell, not 0
    report.texts["overview_requests"] = "2022年共受理政府信息公开申请17件。"
    expected = findings(report)
    assert {"sum.applications.results_total", "sum.litigation.review_total", "blank"} <= {
        rule for rule, _location, _message in expected
    }
    docx = tmp_path / "errors.docx"
    fill_word_template(report, PUBLISHED / "word-template-2021.docx", docx)
    html = tmp_path / "errors.html"
    html.write_text(portal_page(report), "utf-8")
    for path in (docx, html):
        assert findings(read_published(path).report) == expected


def test_markdown_marks_are_not_part_of_the_headings(tmp_path, sample_report):
    text = (PUBLISHED / "akqi-education-2021.txt").read_text("utf-8")
    for heading in ("一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        text = text.replace(f"\n{heading}\n", f"\n## {heading}\n")
    text = text.replace("（一）主动公开情况", "**（一）主动公开情况**")
    path = tmp_path / "report.md"
    path.write_text(text, "utf-8")
    reading = read_published(path)
    assert reading.report.texts == sample_report.texts
    assert not any("#" in note or "*" in note for note in reading.notes)


def test_a_table_copied_one_cell_a_line_reads_back(tmp_path, published_city):
    from models.format.layout import Kind, table_layout
    from models.report import format_value

    lines = []
    for section in published_city.format.sections:
        lines.append(section.heading or published_city.title)
        if section.table is not None:
            cells = sorted(table_layout(section.table).cells, key=lambda c: (c.row, c.column))
            for cell in cells:
                text = cell.text
                if cell.kind in (Kind.VALUE, Kind.TOTAL):
                    text = format_value(published_city.values.get(cell.key))
                if text:
                    lines.append(text)
    path = tmp_path / "copied.txt"
    path.write_text("\n".join(lines), "utf-8")
    reading = read_published(path)
    assert reading.report.values == published_city.values and reading.unsure() == []


def test_a_pdf_table_without_ruling_lines_is_read_from_its_text_lines(tmp_path, city_report):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("Serif", str(ROOT / "resources/fonts/NianbaoSerif-Regular.ttf")))
    path = tmp_path / "unruled.pdf"
    page = canvas.Canvas(str(path))
    page.setFont("Serif", 7)
    table = city_report.format.table("applications")
    page.drawString(60, 800, "三、收到和处理政府信息公开申请情况")
    y = 780
    for row, row_path in [
        (r, city_report.format.cells[f"applications.{r.id}.total"].row_path)
        for r in table.blocks[0].leaf_rows()
    ]:
        page.drawString(40, y, " ".join(row_path))
        for i, column in enumerate(table.blocks[0].leaf_columns()):
            page.drawString(
                400 + 25 * i, y, str(city_report.values[f"applications.{row.id}.{column.id}"])
            )
        y -= 14
    page.drawString(60, y - 20, "四、政府信息公开行政复议、行政诉讼情况")
    page.save()
    reading = read_published(path)
    read = {k: v for k, v in reading.report.values.items() if k.startswith("applications.")}
    assert read == {k: v for k, v in city_report.values.items() if k.startswith("applications.")}


def test_text_in_tracked_insertions_and_content_controls_is_read(tmp_path, published_city):
    """Word keeps an edit made with 修订 on as w:ins until it is accepted, and templates put
    fields in content controls (w:sdt): the text in them is the report's; deleted text is not."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document(str(PUBLISHED / "city-2022.docx"))
    body = document.element.body
    for number, paragraph in enumerate(body.iterchildren(qn("w:p"))):
        runs = paragraph.findall(qn("w:r"))
        if not runs:
            continue
        inserted = OxmlElement("w:ins")
        inserted.set(qn("w:id"), str(number))
        inserted.set(qn("w:author"), "科员")
        runs[0].addprevious(inserted)
        for run in runs:
            inserted.append(run)
        deleted = OxmlElement("w:del")
        deleted.set(qn("w:id"), str(1000 + number))
        deleted.set(qn("w:author"), "科员")
        run = OxmlElement("w:r")
        gone = OxmlElement("w:delText")
        gone.text = "已删去的字"
        run.append(gone)
        deleted.append(run)
        paragraph.append(deleted)
    for table in body.findall(qn("w:tbl")):
        control, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
        table.addprevious(control)
        control.append(content)
        content.append(table)
    path = tmp_path / "tracked.docx"
    document.save(str(path))
    assert all(p.text == "" for p in docx.Document(str(path)).paragraphs)  # python-docx's view

    reading = read_published(path)
    assert_same_report(reading.report, published_city)
    assert not any("已删去" in text for text in reading.report.texts.values())


def test_a_pdf_whose_pages_were_placed_as_forms_reads_back(tmp_path, published_city):
    """A page printed to PDF "fit to page": its content drawn once as a form XObject and placed
    shrunk and shifted. The ruling lines are found where the page shows them."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, StreamObject

    writer = PdfWriter()
    for page in PdfReader(PUBLISHED / "city-2022-ours.pdf").pages:
        form = StreamObject()
        form.set_data(page.get_contents().get_data())
        form[NameObject("/Type")] = NameObject("/XObject")
        form[NameObject("/Subtype")] = NameObject("/Form")
        form[NameObject("/BBox")] = ArrayObject(FloatObject(v) for v in page.mediabox)
        form[NameObject("/Resources")] = page["/Resources"].get_object().clone(writer)
        placed = writer.add_blank_page(page.mediabox.width, page.mediabox.height)
        xobjects = DictionaryObject({NameObject("/Page"): writer._add_object(form)})
        placed[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjects})
        content = StreamObject()
        content.set_data(b"q 0.9 0 0 0.9 30 40 cm /Page Do Q")
        placed[NameObject("/Contents")] = writer._add_object(content)
    path = tmp_path / "placed.pdf"
    with open(path, "wb") as file:
        writer.write(file)

    reading = read_published(path)
    assert_same_report(reading.report, published_city)
    assert reading.unsure() == []


# Written the way WPS Office writes PDFs (tools/make_wps_pdf.py): y down the page, a text matrix
# scaled by 0.05, a Tj a glyph, subset CID fonts with ToUnicode; ruled tables crossing pages,
# 「- 1 -」 page numbers; the second with radicals for some characters in its text layer.
WPS_SHAPED = [
    ("akqi-education-2021-wps.pdf", SAMPLE),
    ("city-2022-slips-wps.pdf", PUBLISHED / "city-2022-slips.json"),
]


@pytest.mark.parametrize(("name", "original"), WPS_SHAPED)
def test_a_pdf_written_the_way_wps_writes_reads_back_whole(name, original):
    reading = read_published(PUBLISHED / name)
    assert_same_report(reading.report, read_report(original))
    assert reading.unsure() == [] and reading.missing == []


def test_the_slips_of_a_wps_pdf_are_found_by_check_on_what_was_read(tmp_path):
    read = tmp_path / "read.json"
    result = main_py("read", PUBLISHED / "city-2022-slips-wps.pdf", "-o", read)
    assert result.returncode == 0, result.stderr
    notes = json.loads(read.read_text("utf-8"))["provenance"]["notes"]
    assert (
        notes[0]
        == "PDF 的文字层把 81 个汉字（如「行」「人」「一」）写成了形近的部首字符，已按汉字读取"
    )
    result = main_py("check", read)
    assert result.returncode == 1
    found = result.stdout
    assert "一、本年新收政府信息公开申请数量·总计：应为 528（各项之和），现为 529" in found
    assert "[sum.applications.results_total] 三、本年度办理结果（七）总计·自然人：应为 412" in found
    assert "[applications.balance]" in found
    assert "文中写「2022年共收到政府信息公开申请17件」" in found


def test_text_copied_from_a_pdf_with_radicals_reads_as_its_characters(tmp_path):
    """⼈ for 人 comes along when text is copied out of such a PDF: read as 人, and said."""
    import unicodedata

    radical_of = {unicodedata.normalize("NFKC", chr(c)): chr(c) for c in range(0x2F00, 0x2FD6)}
    original = (PUBLISHED / "akqi-education-2021.txt").read_text("utf-8")
    copied = "".join(radical_of.get(c, c) for c in original)
    changed = sum(a != b for a, b in zip(original, copied, strict=True))
    assert changed > 100
    path = tmp_path / "copied.txt"
    path.write_text(copied, "utf-8")

    reading = read_published(path)
    expected = read_published(PUBLISHED / "akqi-education-2021.txt")
    assert reading.report.texts == expected.report.texts
    assert reading.report.values == expected.report.values
    assert vars(reading.report.agency) == vars(expected.report.agency)
    assert f"文本把 {changed} 个汉字" in reading.notes[0]


def _docx_with_body(tmp_path, name: str, change) -> Path:
    """The city report's Word file with its document.xml changed by `change(xml) -> xml`."""
    import zipfile

    path = tmp_path / name
    with zipfile.ZipFile(PUBLISHED / "city-2022.docx") as source:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                data = source.read(item)
                if item.filename == "word/document.xml":
                    data = change(data.decode("utf-8")).encode("utf-8")
                target.writestr(item, data)
    return path


LICENSING = "active.licensing.decisions"  # 3985758 in the city report


@pytest.mark.parametrize(
    ("name", "wrap"),
    [
        # Word writes content twice inside mc:AlternateContent: the Choice and a Fallback
        (
            "alternate.docx",
            lambda run: (
                '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/'
                f'markup-compatibility/2006"><mc:Choice Requires="wps">{run}</mc:Choice>'
                f"<mc:Fallback>{run}</mc:Fallback></mc:AlternateContent>"
            ),
        ),
        ("hidden.docx", lambda run: run + "<w:r><w:rPr><w:vanish/></w:rPr><w:t>99</w:t></w:r>"),
        (
            "ruby.docx",
            lambda run: (
                "<w:r><w:ruby><w:rt><w:r><w:t>7</w:t></w:r></w:rt><w:rubyBase>"
                f"{run}</w:rubyBase></w:ruby></w:r>"
            ),
        ),
        (
            "textbox.docx",
            lambda run: (
                run + '<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml">'
                "<v:textbox><w:txbxContent><w:p><w:r><w:t>5</w:t></w:r></w:p></w:txbxContent>"
                "</v:textbox></v:shape></w:pict></w:r>"
            ),
        ),
    ],
)
def test_a_number_is_read_as_printed_not_with_what_word_keeps_unprinted(tmp_path, name, wrap):
    """Hidden text, ruby text, a text box's text and Word's second copy are not the number."""
    import re

    def change(xml: str) -> str:
        run = re.search(r"<w:r>(?:(?!</w:r>).)*<w:t[^>]*>3985758</w:t></w:r>", xml).group()
        return xml.replace(run, wrap(run), 1)

    reading = read_published(_docx_with_body(tmp_path, name, change))
    assert reading.report.values[LICENSING] == 3985758


def test_damaged_and_oversized_word_files_are_refused_in_one_sentence(tmp_path):
    import re
    import zipfile

    deep = _docx_with_body(
        tmp_path, "deep.docx", lambda xml: xml.replace("<w:body>", "<w:body>" + "<w:sdt>" * 3000)
    )
    big = tmp_path / "big.docx"
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b" " * (65 * 1024 * 1024))
    corrupt = tmp_path / "corrupt.docx"
    data = bytearray((PUBLISHED / "city-2022.docx").read_bytes())
    with zipfile.ZipFile(PUBLISHED / "city-2022.docx") as package:
        info = package.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + 100 : start + 140] = b"\xff" * 40  # inside the compressed document
    corrupt.write_bytes(bytes(data))
    folder = tmp_path / "x.docx"
    folder.mkdir()
    for path, reason in [
        (deep, "deep.docx 不是有效的 Word 文件"),
        (big, "big.docx 中的 word/document.xml 解压后过大"),
        (corrupt, "corrupt.docx 不是有效的 Word 文件"),
        (folder, "x.docx 是文件夹，请选择其中的年报文件"),
    ]:
        with pytest.raises(ReadError, match=re.escape(reason)):
            read_published(path)


def test_a_damaged_workbook_is_refused_in_one_sentence(tmp_path):
    import zipfile

    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/workbook.xml", "<broken")
    result = main_py("--db", tmp_path / "x.db", "read", path, "-o", tmp_path / "o.json")
    assert result.returncode == 2
    assert result.stderr.strip() == "damaged.xlsx 不是有效的 Excel 文件，或已损坏"


def test_a_frame_round_the_page_does_not_swallow_its_text(tmp_path, published_city):
    """A border drawn round each page is one box, not a table holding every character."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ContentStream, NameObject, StreamObject

    writer = PdfWriter(clone_from=PdfReader(PUBLISHED / "city-2022-ours.pdf"))
    for page in writer.pages:
        frame = StreamObject()
        frame.set_data(b"q 0.75 w 30 30 535.27 781.89 re S Q")
        contents = page.get_contents()
        data = contents.get_data() if isinstance(contents, ContentStream) else b""
        joined = StreamObject()
        joined.set_data(data + b"\n" + frame.get_data())
        page[NameObject("/Contents")] = writer._add_object(joined)
    path = tmp_path / "framed.pdf"
    writer.write(path)
    assert_same_report(read_published(path).report, published_city)


def test_a_portal_page_that_leaves_out_end_tags_reads_whole(tmp_path, published_city):
    """HTML lets a page leave out </p>, </li>, </td> and </tr>; old portals do."""
    import re

    page = (PUBLISHED / "city-2022.html").read_text("utf-8")
    bare = re.sub(r"</(p|td|th|tr)>", "", page)
    bare = bare.replace("<body>", "<body>" + "<p>新闻条目" * 1200 + "<ul>" + "<li>栏目" * 1200)
    bare = bare.replace("</ul>", "") + "</ul>"
    path = tmp_path / "bare.html"
    path.write_text(bare, "utf-8")
    reading = read_published(path)
    assert reading.report.values == published_city.values


def test_text_saved_as_unicode_by_notepad_reads(tmp_path, published_city):
    """Notepad's 「Unicode」 is UTF-16 with a byte order mark, other programs' UTF-16 may have none;
    old Macs end lines with CR only."""
    text = (PUBLISHED / "city-2022-runs.txt").read_text("utf-8")
    expected = read_published(PUBLISHED / "city-2022-runs.txt").report.values
    for name, data in [
        ("le.txt", text.encode("utf-16")),
        ("be.txt", b"\xfe\xff" + text.encode("utf-16-be")),
        ("le-unmarked.txt", text.encode("utf-16-le")),
        ("be-unmarked.txt", text.encode("utf-16-be")),
        ("cr.txt", text.replace("\n", "\r").encode("utf-8")),
    ]:
        path = tmp_path / name
        path.write_bytes(data)
        assert read_published(path).report.values == expected, name
    prose = PUBLISHED / "akqi-education-2021.txt"  # mostly Chinese: few NUL bytes in UTF-16
    path = tmp_path / "prose.txt"
    path.write_bytes(prose.read_text("utf-8").encode("utf-16-le"))
    assert read_published(path).report.texts == read_published(prose).report.texts


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_pages_printed_turned_and_shown_upright_by_rotate_read_back(tmp_path, published_city, turn):
    """Some printers to PDF lay a page out turned (a quarter, into a landscape box, or upside
    down) and set /Rotate so that it shows upright: as stored, its text runs up, down or back."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, NumberObject, RectangleObject, StreamObject

    writer = PdfWriter(clone_from=PdfReader(PUBLISHED / "city-2022-ours.pdf"))
    for page in writer.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        # turned a quarter left (text reads upwards) or right (downwards), into a landscape box
        turned = {
            90: f"0 1 -1 0 {height} 0",
            180: f"-1 0 0 -1 {width} {height}",
            270: f"0 -1 1 0 0 {width}",
        }[turn]
        content = StreamObject()
        content.set_data(f"q {turned} cm\n".encode() + page.get_contents().get_data() + b"\nQ")
        page[NameObject("/Contents")] = writer._add_object(content)
        if turn != 180:
            page.mediabox = RectangleObject([0, 0, height, width])
        page[NameObject("/Rotate")] = NumberObject(turn)
    path = tmp_path / "turned.pdf"
    writer.write(path)
    reading = read_published(path)
    assert_same_report(reading.report, published_city)
    assert reading.unsure() == []


def _our_workbook(tmp_path, report, change=None):
    """Our own Excel export of `report` (totals as formulas), with its sheet of table 三 changed
    by `change` when given."""
    import zipfile

    from export.excel import render

    path = tmp_path / "ours.xlsx"
    path.write_bytes(render(report))
    if change is None:
        return path
    changed = tmp_path / "changed.xlsx"
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(changed, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = change(data)
            new.writestr(info.filename, data)
    return changed


def test_our_own_excel_export_is_read_back_with_every_total(tmp_path, city_report):
    reading = read_published(_our_workbook(tmp_path, city_report))
    totals = [k for k, ref in city_report.format.cells.items() if ref.is_total]
    assert len(totals) == 34
    assert all(reading.report.values[k] == city_report.values[k] for k in totals)
    assert reading.report.values == city_report.values and reading.unsure() == []


def test_a_total_formula_that_is_no_sum_is_unsure_not_blank(tmp_path, city_report):
    import re

    def double_first_sum(xml: bytes) -> bytes:
        # a formula with no stored result, as programs that do not compute them write it
        return re.sub(rb"<f>SUM\([^<]*\)</f>(<v>[^<]*</v>)?", b"<f>B5*2</f>", xml, count=1)

    reading = read_published(_our_workbook(tmp_path, city_report, double_first_sum))
    unsure = reading.unsure()
    assert len(unsure) == 1 and "「=B5*2」不是数字" in reading.cells[unsure[0]].unsure


def test_sum_formulas_without_stored_results_are_computed(tmp_path, city_report):
    """A workbook whose program stored no formula results (openpyxl, some converters): each
    SUM total is computed from the cells it adds, never read as blank."""
    import re

    def without_results(xml: bytes) -> bytes:
        return re.sub(rb"(<f>[^<]*</f>)<v>[^<]*</v>", rb"\1", xml)

    reading = read_published(_our_workbook(tmp_path, city_report, without_results))
    keys = [k for k, ref in city_report.format.cells.items() if k.startswith("applications.")]
    totals = [k for k in keys if city_report.format.cells[k].is_total]
    assert totals and all(reading.report.values[k] == city_report.values[k] for k in totals)


def test_a_portal_copy_with_the_year_first_its_box_and_an_e_mail_reads_the_profile(tmp_path):
    """The title begins with the year, the portal's 「来源：… 时间：…」 line and metadata box stand
    between it and the report, and the opening paragraph gives an e-mail address (issue 20,
    item 4): the agency and year come from the title, the portal's lines are not the preamble,
    and no website is made of the e-mail's domain."""
    lines = (PUBLISHED / "akqi-education-2021.txt").read_text("utf-8").split("\n")
    assert lines[2] == "信息公开工作年度报告"
    opening = lines[4].replace("形成本年度报告。", "形成本年度报告。电子邮箱：akqjky@163.com。")
    portal = [
        "2021年阿合奇县教育和科学技术局政府信息公开工作年度报告",
        "来源：阿合奇县教育和科学技术局　　时间：2022-01-20",
        "索引号：11653023MB1234\t发布机构：阿合奇县教育和科学技术局",
        opening,
    ]
    path = tmp_path / "portal.txt"
    path.write_text("\n".join(portal + lines[5:]), "utf-8")
    report = read_published(path).report
    assert (report.agency.name, report.year) == ("阿合奇县教育和科学技术局", 2021)
    assert "来源" not in report.texts["preamble"] and "索引号" not in report.texts["preamble"]
    assert report.texts["preamble"].startswith("根据《中华人民共和国政府信息公开条例》")
    assert "163.com" not in report.agency.website


def test_check_of_what_was_read_tells_reading_doubts_from_the_reports_errors(tmp_path):
    """A finding that rests on a cell the reader doubted is 「可能是读取问题」 and a 提示, not an 错误
    of the report; the same slip in a cell read clearly is an 错误; a 成文日期 the page does not
    print is a 提示 of the reading (issue 20, item 6)."""
    read = tmp_path / "city.json"
    assert main_py("read", PUBLISHED / "city-2022.html", "-o", read).returncode == 0
    data = json.loads(read.read_text("utf-8"))
    assert main_py("check", read).returncode == 0  # read whole, it checks clean
    data["tables"]["applications"]["disclosed"]["natural_person"] += 7
    data["issued_on"] = None
    slipped = tmp_path / "slipped.json"
    slipped.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    result = main_py("check", slipped)
    assert result.returncode == 1 and "错误 [sum.applications" in result.stdout
    assert "提示 [required] 基本信息：未填写成文日期" in result.stdout
    data["provenance"]["cells"]["applications.disclosed.natural_person"]["unsure"] = "两个数字粘连"
    slipped.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    result = main_py("check", slipped)
    assert result.returncode == 0, result.stdout
    assert "可能是读取问题：" in result.stdout and "错误 [" not in result.stdout


def test_our_own_workbook_reads_back_with_its_agency_and_year(tmp_path, city_report):
    """The title our Excel export writes above each table names the agency and the year (a
    clerk's walk imported one as a report of no agency and no year)."""
    reading = read_published(_our_workbook(tmp_path, city_report))
    assert (reading.report.agency.name, reading.report.year) == ("江州市人民政府办公室", 2022)
    assert all(reading.report.values[k] == v for k, v in city_report.values.items())
