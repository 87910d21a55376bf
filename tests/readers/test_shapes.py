"""The shapes a published report reaches a reviewer in (issue 20): one-line archived text,
converter Markdown, a WPS PDF whose labels wrap and whose table crosses a page. The fixtures were
made by tools/make_shape_fixtures.py from reports the tests already have; tools/measure_reading.py
counts the cells read right. For each: every cell right or marked 存疑, no row of the format
silently missing, and `check` on what was read gives the verdict it gives on the original."""

import pytest

from models.checks.check import check
from models.checks.findings import Severity
from models.checks.reading import as_read
from models.exchange import read_report
from readers import read_published
from tests.conftest import FIXTURES, PUBLISHED
from tools.make_shape_fixtures import one_line_text
from tools.measure_reading import SHAPES, fixture_scores, fixture_scores_of, published_city_report

REGION = FIXTURES / "region"


@pytest.mark.parametrize("shape", SHAPES)
def test_every_cell_of_a_shape_is_right_or_doubted_and_check_agrees(shape):
    names, goal = SHAPES[shape]
    right = total = 0
    for name in names:
        score, reading = fixture_scores(name)
        assert reading is not None, name
        assert score.wrong == [], name  # never a silent wrong number
        assert score.unread == [], name  # no row missing
        assert score.verdict == set(), name  # `check` agrees with its verdict on the original
        right, total = right + len(score.right), total + score.total
    assert right / total >= goal, f"{right}/{total}"


def test_a_report_on_one_line_reads_its_words_and_profile_as_published():
    original = published_city_report()
    report = read_published(PUBLISHED / "city-2022-one-line.txt").report
    assert report.texts == {k: v for k, v in original.texts.items() if v}
    assert vars(report.agency) == vars(original.agency)
    assert (report.year, report.signing_unit, report.issued_on) == (
        original.year,
        original.signing_unit,
        original.issued_on,
    )


def test_a_row_number_stuck_to_the_digits_before_it_goes_with_its_label():
    """「1.属于国家秘密10000012.其他法律行政法规禁止公开3100004」: the 「2.」 is the next row's."""
    reading = read_published(PUBLISHED / "city-2022-one-line.txt")
    values = reading.report.values
    assert values["applications.withheld_1.total"] == 1
    assert values["applications.withheld_2.natural_person"] == 3
    assert values["applications.withheld_2.total"] == 4
    assert not reading.cells["applications.withheld_2.total"].unsure


def test_glued_cells_of_table_2_that_several_cuts_fit_are_doubted_with_the_candidates():
    """「行政规范性文件269214」 fits 26 / 9 / 214 and nine other cuts: each cell says so."""
    reading = read_published(PUBLISHED / "city-2022-one-line.txt")
    cell = reading.cells["active.normative_documents.in_force"]
    assert "269214" in cell.unsure and "可能的拆分有 10 种" in cell.unsure


def test_a_2019_report_on_one_line_reads_signed_changes_and_amounts_in_its_runs():
    """「行政许可212-715236」 and 「政府集中采购412316.485200」: a minus sign starts 本年增/减, a
    decimal point stays in the amount; the cuts that fit are doubted, none is dropped."""
    reading = read_published(PUBLISHED / "county-2020-one-line.txt")
    original = read_report(PUBLISHED.parent / "county-2020.json")
    assert reading.missing == []
    for key in ("active.licensing.change", "active.procurement.procurement_amount"):
        assert str(original.values[key]) in reading.cells[key].unsure


def test_last_years_report_settles_table_2_and_the_carry_over_by_their_relations():
    """现行有效 = last year's + 本年制发 − 本年废止, and 上年结转 = last year's 结转下年度: with
    last year's report the glued cells of table 二 are read whole, without doubt."""
    path = PUBLISHED / "qingshan-2022-one-line.txt"
    alone = read_published(path)
    assert "active.normative_documents.in_force" in alone.unsure()
    reading = read_published(path, previous=read_report(REGION / "qingshan-2021.json"))
    original = read_report(REGION / "qingshan-2022.json")
    assert reading.unsure() == []
    assert reading.report.values == original.values
    assert any("由勾稽关系和上年报告确定为：22 9 173" in note for note in reading.notes)


def test_a_stock_recounted_after_a_clean_up_leaves_the_cut_doubted(tmp_path):
    """2023's 现行有效 was re-counted: no cut fits last year's relation, so none is chosen by it."""
    report = read_report(REGION / "qingshan-2023.json")
    path = tmp_path / "qingshan-2023.txt"
    path.write_text(one_line_text(report), "utf-8")
    reading = read_published(path, previous=read_report(REGION / "qingshan-2022.json"))
    key = "active.normative_documents.in_force"
    assert key in reading.unsure() and "可能的拆分有" in reading.cells[key].unsure


def test_the_headers_run_into_a_row_are_not_part_of_its_printed_label():
    """「…其他总计一、本年新收政府信息公开申请数量41261492715528」: the row is 一、本年新收…"""
    reading = read_published(PUBLISHED / "city-2022-one-line.txt")
    assert reading.cells["applications.received.total"].row == "一、本年新收政府信息公开申请数量"
    assert reading.cells["active.regulations.issued"].row == "规章"


def test_converter_markdown_reads_without_its_escapes_breaks_and_column_names():
    """「1\\.属于国家秘密」, 「…、<br>行政机关…」 and a header row 数据1…数据10 are the converter's,
    not the report's: no label is read as a slip and no header row is left unrecognised."""
    reading = read_published(PUBLISHED / "city-2022-converter.md")
    notes = "\n".join(reading.notes)
    assert "\\" not in notes and "数据1" not in notes and "<br>" not in notes
    assert "未能识别" not in notes
    assert reading.cells["applications.withheld_1.total"].row == "（三）不予公开1.属于国家秘密"


def test_a_year_heading_just_above_table_4s_numbers_is_no_value(tmp_path):
    """「### 2022 年」 between table 四's headers and its numbers was read into 行政复议·结果维持."""
    text = (PUBLISHED / "city-2022-converter.md").read_text("utf-8")
    text = text.replace("### 2022 年\n", "").replace("| 6 | 2 | 1 |", "### 2022 年\n| 6 | 2 | 1 |")
    path = tmp_path / "converted.md"
    path.write_text(text, "utf-8")
    reading = read_published(path)
    original = published_city_report()
    keys = [k for k in original.format.cells if k.startswith("litigation.")]
    assert [reading.report.values[k] for k in keys] == [original.values[k] for k in keys]
    assert not [k for k in keys if reading.cells[k].unsure]


def test_rows_a_page_break_left_without_their_rules_are_read_where_they_stand():
    """The last row at a page's foot with no rule under it, the row continued at the next page's
    top with none over it, and table 二's last row alone at a page's top (the rows real WPS PDFs
    lost without a word): each is read, and a table row outside the rules does not widen the
    text block (the opening paragraph's 「电\\n话」 was not joined)."""
    reading = read_published(PUBLISHED / "city-2022-page-foot-wps.pdf")
    assert reading.missing == [] and reading.unsure() == []
    cells = reading.cells
    assert (
        cells["applications.unavailable_1.total"].page,
        cells["applications.unavailable_1.total"].text,
    ) == (3, "86")
    assert (
        cells["applications.unavailable_2.total"].page,
        cells["applications.unavailable_2.total"].text,
    ) == (4, "15")
    assert (cells["active.fees.amount"].page, cells["active.fees.amount"].text) == (3, "1268.4375")
    assert reading.report.agency.phone == "0791-86200000"


def test_a_row_of_the_format_not_found_is_named_in_the_summary_and_provenance(tmp_path):
    text = (PUBLISHED / "city-2022-one-line.txt").read_text("utf-8")
    path = tmp_path / "one-line.txt"
    path.write_text(text.replace("2.没有现成信息需要另行制作1220010153", "3"), "utf-8")
    reading = read_published(path)
    named = "表三「2.没有现成信息需要另行制作」"
    assert named in reading.summary() and named in reading.provenance()["missing"]
    assert "applications.unavailable_2.total" not in reading.cells


def test_pdftotext_layout_rows_are_assembled_by_where_their_words_and_numbers_stand():
    """「年度办 （二）部分公开（区分处理的，只计这一情 … 54」, its other six numbers on the next
    line and the rest of its label on the line after; 「41 2」 for 412; a number one space after
    a wrapped label (「…重新出具已 4」)."""
    reading = read_published(PUBLISHED / "city-2022-page-foot-wps-layout.txt")
    values = reading.report.values
    row = [values[f"applications.partly_disclosed.{c}"] for c in ("natural_person", "total")]
    assert row == [41, 54]
    assert values["applications.received.natural_person"] == 412
    assert values["applications.not_processed_5.natural_person"] == 4
    assert values["active.penalties.decisions"] == 12876
    assert (reading.report.signing_unit, str(reading.report.issued_on)) == (
        "江州市人民政府办公室",
        "2023-01-18",
    )
    assert reading.report.agency.postcode == "330100"


def test_a_layout_number_midway_between_two_columns_is_doubted(tmp_path):
    text = (PUBLISHED / "city-2022-page-foot-wps-layout.txt").read_text("utf-8")
    lines = text.split("\n")
    index = next(i for i, line in enumerate(lines) if line.rstrip().endswith(" 54"))
    numbers = lines[index + 1]
    moved = numbers.replace("41       7", "41   7    ", 1)  # 7 midway between two columns
    assert moved != numbers
    lines[index + 1] = moved
    path = tmp_path / "layout.txt"
    path.write_text("\n".join(lines), "utf-8")
    reading = read_published(path)
    assert "位置不能确定" in reading.cells["applications.partly_disclosed.business"].unsure


def test_the_2019_table_2_reads_its_procurement_row_printed_before_its_headers():
    """「政府集中采购」 before 「采购项目数量」「采购总金额」 and its numbers after them (a cell a
    line): the row is read, not reported 未找到; nothing read from the text is silently wrong,
    and each row of table 三 this text's order of cells does not give is named as not found."""
    score, reading = fixture_scores("county-2020-pdftotext.txt")
    assert reading is not None and score.wrong == []
    original = read_report(PUBLISHED.parent / "county-2020.json")
    active = [k for k in original.format.cells if k.startswith("active.")]
    assert [reading.report.values.get(k) for k in active] == [original.values[k] for k in active]
    assert not [m for m in reading.missing if m.startswith("表二")]
    unread_rows = {k.split(".")[1] for k in score.unread}
    named = " ".join(reading.missing)
    assert all(f"「{_label(original, r)}」" in named for r in unread_rows)


def _label(report, row_id):
    table = report.format.table("applications")
    return next(r.label for b in table.blocks for r in b.leaf_rows() if r.id == row_id)


def test_a_report_on_one_line_behind_a_portals_breadcrumbs_and_box_reads_its_title_and_opening(
    tmp_path,
):
    """「网站首页 > 政务公开 > 政府信息公开年报 <title> 来源：… 时间：2023-01-20 10:30 索引号：…」
    before the opening paragraph, all on the one line: the agency is the title's, the portal's
    fields are not the opening paragraph."""
    text = (PUBLISHED / "city-2022-one-line.txt").read_text("utf-8")
    title = "江州市人民政府办公室2022年政府信息公开工作年度报告"
    assert text.startswith(title)
    portal = "来源：江州市人民政府办公室 时间：2023-01-20 10:30 索引号：11360100MB1234-2023-0001 "
    path = tmp_path / "archived.txt"
    path.write_text(f"网站首页 > 政务公开 > 政府信息公开年报 {title} {portal}{text[len(title) :]}")
    report = read_published(path).report
    assert (report.agency.name, report.year) == ("江州市人民政府办公室", 2022)
    assert report.texts["preamble"] == published_city_report().texts["preamble"]


def test_the_real_errors_of_a_report_on_one_line_are_each_named_by_check_on_what_was_read():
    """The city report with four slips, on one line: a row total that is not its row's sum
    leaves no cut that fits, so the cut whose total misses by the least is read, doubted. Each
    错误 `check` finds in the original is found in what was read, as an 错误 or, where it rests
    on a doubted cell, as 「可能是读取问题」; no number is silently wrong."""
    score, reading = fixture_scores("city-2022-slips-one-line.txt")
    assert reading is not None and score.wrong == [] and score.unread == []
    original = read_report(PUBLISHED / "city-2022-slips.json")
    doubted = set(score.unsure)
    found = {
        (f.rule, f.location): f for f in as_read(reading.report, check(reading.report), doubted)
    }
    for finding in check(original):
        if finding.severity is Severity.ERROR:
            read = found[(finding.rule, finding.location)]
            assert read.severity is Severity.ERROR or read.message.startswith("可能是读取问题")
    received = reading.cells["applications.received.total"]
    assert received.text == "529" and "相差最小（1）" in received.unsure


def test_a_row_label_a_page_break_cuts_is_made_whole_not_called_a_slip():
    """（六）1.'s three-line label cut by a page break, 「申请」 alone at the next page's top."""
    reading = read_published(PUBLISHED / "city-2022-split-row-wps.pdf")
    assert reading.notes == [] and reading.missing == []
    cell = reading.cells["applications.other_handling_1.total"]
    assert cell.row.endswith("行政机关不再处理其政府信息公开申请") and cell.text == "12"


def test_rows_read_blank_before_a_row_with_too_many_numbers_are_doubted(tmp_path):
    """（四）'s labels first, then all their numbers in one row: the two rows read with no number
    are doubted (their numbers are likely those), not read as blanks, the report's error."""
    text = (PUBLISHED / "city-2022-converter.md").read_text("utf-8")
    rows = ["|  |  |  | 67 | 9 | 1 | 2 | 4 | 3 | 86 |", "|  |  |  | 12 | 2 | 0 | 0 | 1 | 0 | 15 |"]
    assert all(row in text for row in rows)
    text = text.replace(rows[0] + "\n" + rows[1] + "\n", "").replace(
        "|  |  |  | 5 | 1 | 0 | 0 | 0 | 1 | 7 |",
        "| 67 | 9 | 1 | 2 | 4 | 3 | 86 | 12 | 2 | 0 | 0 | 1 | 0 | 15 | 5 | 1 | 0 | 0 | 0 | 1 | 7 |",
    )
    path = tmp_path / "city-2022-converted.md"
    path.write_text(text, "utf-8")
    score, _reading = fixture_scores_of(path)
    assert score.wrong == []
    assert {"applications.unavailable_1.total", "applications.unavailable_2.total"} <= set(
        score.unsure
    )


def test_the_number_the_text_states_picks_the_cut_of_glued_cells_and_they_stay_doubted():
    """「制发行政规范性文件22件，废止9件，现行有效173件」 in 一 and 「行政规范性文件229173」 in
    table 二: of the ten cuts only 22 / 9 / 173 agrees with the text; still marked 存疑."""
    reading = read_published(PUBLISHED / "qingshan-2022-one-line.txt")
    cells = ("issued", "repealed", "in_force")
    keys = [f"active.normative_documents.{c}" for c in cells]
    assert [reading.report.values[k] for k in keys] == [22, 9, 173]
    assert all("正文中的数字与拆分「22 9 173」相符" in reading.cells[k].unsure for k in keys)
