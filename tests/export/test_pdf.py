"""The printed report, read back from the PDF as a reader (or a checker) would read it."""

import shutil
import subprocess

import pdfplumber
import pypdf
import pytest

from export.errors import ExportRefused
from export.fonts import load_fonts
from export.page import BOTTOM, LEFT_MARGIN, TEXT_WIDTH, TOP
from export.pdf import MissingGlyphs, export_pdf
from export.text import NO_LINE_END, NO_LINE_START
from models.files import FileWriteError
from models.format.layout import Kind, table_layout
from models.report import Report
from models.service import ReportService
from tests.conftest import CITY, SAMPLE, main_py

A4 = (595.28, 841.89)


@pytest.fixture(scope="module", params=[SAMPLE, CITY], ids=["sample", "city"])
def exported(request, tmp_path_factory):
    from models.exchange import read_report

    report = read_report(request.param)
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    result = export_pdf(report, path)
    return report, path, result


def _expected_rows(report: Report, table) -> list[list[str]]:
    """What each grid row of the official table shows, left to right."""
    layout = table_layout(table)
    rows: list[list[str]] = [[] for _ in range(layout.rows)]
    for cell in sorted(layout.cells, key=lambda c: (c.row, c.column)):
        if cell.kind in (Kind.VALUE, Kind.TOTAL):
            value = report.values.get(cell.key)
            rows[cell.row].append("" if value is None else str(value))
        else:
            rows[cell.row].append(cell.text)
    return [[t for t in row if t] for row in rows]


def _extracted_tables(path) -> list[list[list[str]]]:
    """Every table fragment on every page, each a list of rows of non-empty cell texts."""
    fragments = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
                fragments.append(
                    [[c.replace("\n", "") for c in row if c] for row in table.extract()]
                )
    return fragments


def test_every_label_and_value_is_in_its_table_cell(exported):
    report, path, _result = exported
    fragments = _extracted_tables(path)
    for table in report.format.tables():
        expected = _expected_rows(report, table)
        layout = table_layout(table)
        header = [r for r in expected[: len(layout.header_rows)]]
        found: list[list[str]] = []
        while fragments and len(found) < len(expected):
            fragment = fragments.pop(0)
            if found and fragment[: len(header)] == header and len(table.blocks) == 1:
                fragment = fragment[len(header) :]  # the header repeated on a new page
            found += fragment
        tall = {c.text for c in layout.cells if c.tall}
        cleaned = [[t for t in row if t not in {f"{x}（续）" for x in tall}] for row in found]
        assert cleaned == expected, table.id


def test_fonts_are_embedded_subsets(exported):
    _report, path, result = exported
    reader = pypdf.PdfReader(path)
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (
                font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                if "/DescendantFonts" in font
                else font["/FontDescriptor"]
            )
            fonts[font["/BaseFont"]] = descriptor.get_object()
    assert fonts
    for name, descriptor in fonts.items():
        assert "/FontFile2" in descriptor, name
        tag, plus, _rest = name.lstrip("/").partition("+")
        assert plus and len(tag) == 6 and tag.isupper(), name
    assert any("正文（仿宋）" in line for line in result.fonts)
    assert "正文（仿宋）" in reader.metadata.get("/Keywords", "")


def test_a4_and_nothing_outside_the_text_block(exported):
    report, path, _result = exported
    left, right = LEFT_MARGIN - 0.5, LEFT_MARGIN + TEXT_WIDTH + 0.5
    top, bottom = TOP - 0.5, A4[1] - BOTTOM + 0.5
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            assert (round(page.width, 1), round(page.height, 1)) == (595.3, 841.9)
            outside = [
                c
                for c in page.chars
                if not (
                    left <= c["x0"]
                    and c["x1"] <= right
                    and top <= c["top"]
                    and c["bottom"] <= bottom
                )
            ]
            footer = "".join(c["text"] for c in outside)
            assert footer.replace(" ", "") == f"—{number}—", (number, footer)


def test_page_numbers_alternate_sides(exported):
    _report, path, _result = exported
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            digits = [c for c in page.chars if c["top"] > A4[1] - BOTTOM]
            middle = sum(c["x0"] for c in digits) / len(digits)
            assert (middle > A4[0] / 2) == (number % 2 == 1)


def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(exported):
    _report, path, _result = exported
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():  # table cells are checked cell by cell above
                page = page.outside_bbox(table.bbox)
            for line in page.extract_text().splitlines()[:-1]:  # the last is 「— n —」
                line = line.strip()
                if line:
                    assert line[0] not in NO_LINE_START, line
                    assert line[-1] not in NO_LINE_END, line


def test_title_signature_and_date(exported):
    report, path, _result = exported
    with pdfplumber.open(path) as pdf:
        first = pdf.pages[0].extract_text().splitlines()
        last = pdf.pages[-1].extract_text().splitlines()
    assert first[0] == report.agency.name
    assert first[1] == f"{report.year}年政府信息公开工作年度报告"
    date = f"{report.issued_on.year}年{report.issued_on.month}月{report.issued_on.day}日"
    assert last[-2:] == [report.signing_unit, date] or last[-3:-1] == [report.signing_unit, date]


def test_a_table_crossing_pages_repeats_its_header(tmp_path):
    from models.exchange import read_report

    path = tmp_path / "sample.pdf"
    export_pdf(read_report(SAMPLE), path)
    with pdfplumber.open(path) as pdf:
        pages = [
            (number, table.bbox[1])
            for number, page in enumerate(pdf.pages)
            for table in page.find_tables()
            if "申请人情况" in table.extract()[0]
        ]
    assert len(pages) == 2  # the table's first page, and the continuation
    (_first, _top), (second, top) = pages
    assert abs(top - TOP) < 1  # the continuation begins the page with the header rows


def test_report_with_errors_is_refused_unless_draft(sample_report, tmp_path):
    sample_report.values["applications.received.natural_person"] = 3
    with pytest.raises(ExportRefused) as refused:
        export_pdf(sample_report, tmp_path / "final.pdf")
    assert refused.value.findings and not (tmp_path / "final.pdf").exists()
    export_pdf(sample_report, tmp_path / "draft.pdf", draft=True)
    with pdfplumber.open(tmp_path / "draft.pdf") as pdf:
        for page in pdf.pages:  # the watermark is drawn, in the middle, and is not text
            assert not {"草", "稿"} & {c["text"] for c in page.chars}
            middle = [
                c
                for c in page.curves
                if c["fill"] and abs((c["x0"] + c["x1"]) / 2 - page.width / 2) < 150
            ]
            assert len(middle) >= 2


def test_clean_report_has_no_watermark(exported):
    _report, path, _result = exported
    with pdfplumber.open(path) as pdf:
        assert not any("稿" in {c["text"] for c in page.chars} for page in pdf.pages)


def test_missing_glyph_names_the_character_and_where(sample_report, tmp_path):
    sample_report.texts["problems"] = "第一段。\n地名𠀀（扩展B）不在任何字体中。"
    with pytest.raises(MissingGlyphs) as missing:
        # bundled fonts only: no installed font is looked at
        export_pdf(
            sample_report, tmp_path / "x.pdf", draft=True, fonts=load_fonts(use_system=False)
        )
    message = str(missing.value)
    assert "「𠀀」（U+20000）在 五、存在的主要问题及改进情况 第 2 段" in message
    assert not (tmp_path / "x.pdf").exists()


def test_rare_character_falls_back_to_a_font_that_has_it(sample_report, tmp_path):
    sample_report.signing_unit = "喆堃县教育局"  # GBK, not GB2312
    path = tmp_path / "rare.pdf"
    export_pdf(sample_report, path)
    with pdfplumber.open(path) as pdf:
        chars = [c for c in pdf.pages[-1].chars if c["text"] in "喆堃"]
    assert {c["fontname"].split("+")[1] for c in chars} == {"NianbaoRare-Regular"}


def test_locked_target_keeps_the_old_file(sample_report, tmp_path):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"%PDF-old")
    if subprocess.run(["chattr", "+i", str(target)], capture_output=True).returncode != 0:
        pytest.skip("this file system cannot lock a file")
    try:
        with pytest.raises(FileWriteError, match="无法写入"):
            export_pdf(sample_report, target)
    finally:
        subprocess.run(["chattr", "-i", str(target)], check=True)
    assert target.read_bytes() == b"%PDF-old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is installed by .ci/run")
def test_qpdf_check_passes(exported):
    _report, path, _result = exported
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_export_command(tmp_path):
    out = tmp_path / "sample.pdf"
    result = main_py("export", str(SAMPLE), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "正文（仿宋）" in result.stdout and out.read_bytes().startswith(b"%PDF")


def test_final_report_keeps_its_fingerprint_in_the_metadata_not_on_the_page(tmp_path):
    from models.exchange import read_report
    from models.storage.store import Store

    db = tmp_path / "drafts.db"
    with Store(db) as store:
        report_id = store.create(read_report(SAMPLE))
        final = ReportService(store).finalize(report_id)
    out = tmp_path / "final.pdf"
    result = main_py("--db", str(db), "export", "阿合奇县教育和科学技术局", "2021", "-o", str(out))
    assert result.returncode == 0, result.stderr
    reader = pypdf.PdfReader(out)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "指纹" not in text and final.short_fingerprint not in text
    with pdfplumber.open(out) as pdf:
        last = pdf.pages[-1].extract_text().splitlines()
    assert last[-3:] == ["阿合奇县教育和科学技术局", "2022年1月5日", "— 8 —"]
    assert final.short_fingerprint in reader.metadata["/Keywords"]


def test_draft_from_the_database_is_refused_with_its_findings(tmp_path):
    from models.exchange import read_report
    from models.storage.store import Store

    db = tmp_path / "drafts.db"
    with Store(db) as store:
        report_id = store.create(read_report(SAMPLE))
        store.edit(report_id, {"issued_on": None})
    result = main_py("--db", str(db), "export", str(report_id), "-o", str(tmp_path / "x.pdf"))
    assert result.returncode == 1
    assert "错误 [required] 基本信息：未填写成文日期" in result.stdout
    assert not (tmp_path / "x.pdf").exists()


def test_a_table_heading_never_stands_alone_at_the_foot_of_a_page():
    """二、三、四 go to the next page with their table's header and first rows when these do not
    fit under them (a clerk's PDF had 「三、收到和处理…」 alone at the foot of page 1)."""
    import io
    from datetime import date

    from export.pdf import render_pdf
    from models.format.gov_2021 import FORMAT_2021

    fonts = load_fonts(use_system=False)
    follows = {
        "二、主动公开政府信息情况": "信息内容",
        "三、收到和处理政府信息公开申请情况": "申请人情况",
        "四、政府信息公开行政复议、行政诉讼情况": "行政复议",
    }
    alone = []
    for length in range(0, 1200, 40):
        report = Report(FORMAT_2021, year=2025, issued_on=date(2026, 1, 20))
        report.agency.name = report.signing_unit = "测试县教育局"
        report.texts["overview"] = "本年度政府信息公开工作稳步推进。" * (length // 16 + 1)
        data, _pages = render_pdf(report, draft=True, fonts=fonts)
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                text = "".join((page.extract_text() or "").split())
                for heading, first in follows.items():
                    if heading in text and first not in text.split(heading, 1)[1]:
                        alone.append((length, heading))
    assert alone == []
