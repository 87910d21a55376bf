"""Every rule, one broken cell at a time, and random consistent reports."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.checks.check import check
from models.checks.findings import Severity
from models.format.gov_2021 import FORMAT_2021
from models.report import Report
from tests.reports import APPLICANT_COLUMNS, INPUT_CELLS, consistent_reports


def errors(report):
    return [f for f in check(report) if f.severity is Severity.ERROR]


def only_error(report):
    found = errors(report)
    assert len(found) == 1, [f.message for f in found]
    return found[0]


def test_sample_and_city_reports_check_clean(sample_report, city_report):
    # The published sample has no 错误; its one 提示 is a real slip of the published text.
    (hint,) = check(sample_report)
    assert (hint.rule, hint.severity, hint.location) == (
        "name_variant",
        Severity.HINT,
        "texts.preamble",
    )
    assert "「阿合奇县教育和科学技术教育局」" in hint.message
    assert check(city_report) == []


def test_results_total_wrong_names_row_and_column(city_report):
    key = "applications.results_total.natural_person"
    expected = city_report.values[key]
    city_report.values[key] = expected - 2
    found = [f for f in errors(city_report) if f.location == key]
    assert len(found) == 1
    finding = found[0]
    assert finding.rule == "sum.applications.results_total"
    assert finding.message == (
        f"三、本年度办理结果（七）总计·自然人：应为 {expected}（各项之和），现为 {expected - 2}"
    )
    assert finding.difference == -2
    assert "applications.withheld_3.natural_person" in finding.rhs_cells


def test_row_total_wrong_names_the_row(city_report):
    key = "applications.unavailable_2.total"
    city_report.values[key] += 5
    (finding,) = [f for f in errors(city_report) if f.location == key]
    assert (finding.rule, finding.location, finding.difference) == (
        "sum.applications.total",
        key,
        5,
    )
    assert finding.message.startswith(
        "三、本年度办理结果（四）无法提供2.没有现成信息需要另行制作·总计："
    )
    assert finding.rhs_cells == tuple(f"applications.unavailable_2.{c}" for c in APPLICANT_COLUMNS)


def test_carried_forward_breaks_the_balance_of_its_column(city_report):
    key = "applications.carried_forward.research"
    city_report.values[key] += 1
    city_report.values["applications.carried_forward.total"] += 1  # keep the row sum right
    found = errors(city_report)
    assert {f.rule for f in found} == {"applications.balance"}
    assert {f.location for f in found} == {key, "applications.carried_forward.total"}
    (finding,) = [f for f in found if f.location == key]
    assert finding.difference == -1
    assert key in finding.rhs_cells and "applications.received.research" in finding.lhs_cells
    assert "法人或其他组织·科研机构" in finding.message and "相差 1" in finding.message


@pytest.mark.parametrize("group", ["review", "direct_suit", "suit_after_review"])
def test_litigation_total_of_each_group(city_report, group):
    key = f"litigation.cases.{group}_total"
    city_report.values[key] = 0
    finding = only_error(city_report)
    assert finding.rule == f"sum.litigation.{group}_total"
    assert finding.location == key
    parts = sum(
        city_report.values[f"litigation.cases.{group}_{s}"]
        for s in ("upheld", "corrected", "other", "pending")
    )
    assert finding.difference == -parts
    assert finding.message.endswith(f"总计：应为 {parts}（各项之和），现为 0")


def test_blank_total_above_non_zero_parts_is_an_error(city_report):
    del city_report.values["litigation.cases.review_total"]
    found = [f for f in check(city_report) if f.location == "litigation.cases.review_total"]
    (error,) = found  # the sum's 错误 says it is blank: no second, 「未填写」 提示 at a total
    assert error.message == "行政复议·总计：应为 10（各项之和），现未填写"


def test_blank_cell_is_a_hint_not_a_zero(city_report):
    del city_report.values["active.licensing.decisions"]
    (finding,) = check(city_report)
    assert finding.severity is Severity.HINT and finding.rule == "blank"
    assert (
        finding.message
        == "第二十条第（五）项·行政许可·本年处理决定数量：未填写（打印的报告应填 0）"
    )


@pytest.mark.parametrize(
    ("key", "value", "reason"),
    [
        ("active.penalties.decisions", -1, "不能为负数"),
        ("active.coercion.decisions", Decimal("2.5"), "件数应为整数"),
        ("active.fees.amount", Decimal("1.2345678"), "最多保留 6 位小数"),
        ("active.fees.amount", Decimal("-0.5"), "不能为负数"),
    ],
)
def test_type_rule(sample_report, key, value, reason):
    sample_report.values[key] = value
    finding = only_error(sample_report)
    assert (finding.rule, finding.location) == ("type", key)
    assert reason in finding.message and str(value) in finding.message


def test_amount_with_trailing_zeros_is_fine(city_report):
    city_report.values["active.fees.amount"] = Decimal("12.340000")
    assert check(city_report) == []


@pytest.mark.parametrize(
    ("change", "location"),
    [
        (lambda r: setattr(r.agency, "name", " "), "agency.name"),
        (lambda r: setattr(r, "year", None), "year"),
        (lambda r: setattr(r, "issued_on", None), "issued_on"),
        (lambda r: setattr(r, "issued_on", date(2021, 12, 30)), "issued_on"),
    ],
)
def test_required_profile(sample_report, change, location):
    change(sample_report)
    finding = only_error(sample_report)
    assert finding.location == location and finding.message.startswith("基本信息：")


def test_findings_on_the_issued_on_name_it_as_the_form_shows_it(sample_report):
    sample_report.issued_on = date(2021, 12, 30)
    assert only_error(sample_report).message == (
        "基本信息：成文日期 2021年12月30日 应在 2021 年度结束之后"
    )
    sample_report.issued_on = date(2022, 2, 8)
    (late,) = [f for f in check(sample_report) if f.location == "issued_on"]
    assert late.severity is Severity.HINT
    assert late.message.startswith("基本信息：成文日期 2022年2月8日 晚于 2022 年 1 月 31 日")


def test_empty_text_is_a_hint(city_report):
    city_report.texts["problems"] = "  \n"
    (finding,) = check(city_report)
    assert finding.severity is Severity.HINT
    assert finding.message == "五、存在的主要问题及改进情况：尚未填写内容"
    assert finding.section == "problems"


def test_blank_report_lists_errors_before_hints():
    findings = check(Report(FORMAT_2021))
    severities = [f.severity for f in findings]
    assert severities == sorted(severities, key=lambda s: s is Severity.HINT)
    blanks = [f for f in findings if f.rule == "blank"]
    assert len(blanks) == len(FORMAT_2021.tables())  # one per table, not one per cell
    assert sum(len(f.covers) for f in blanks) == len(INPUT_CELLS)  # totals fill themselves


@settings(max_examples=60, deadline=None)
@given(report=consistent_reports(), data=st.data())
def test_random_consistent_report_is_clean_and_any_perturbed_input_is_named(report, data):
    assert check(report) == []
    ref = data.draw(st.sampled_from([r for r in INPUT_CELLS if not r.key.startswith("active.")]))
    report.values[ref.key] += data.draw(st.integers(min_value=1, max_value=50))
    found = errors(report)
    assert found
    assert any(ref.key in f.lhs_cells + f.rhs_cells for f in found)


@pytest.mark.parametrize(
    ("field", "value", "rule", "severity"),
    [
        ("postcode", "84350", "postcode", Severity.ERROR),
        ("postcode", "８４３５００x", "postcode", Severity.ERROR),
        ("phone", "请致电办公室", "phone", Severity.HINT),
        ("website", "阿合奇县政府网", "website", Severity.HINT),
    ],
)
def test_contact_details_are_checked(city_report, field, value, rule, severity):
    setattr(city_report.agency, field, value)
    (finding,) = check(city_report)
    assert (finding.rule, finding.severity, finding.location) == (rule, severity, f"agency.{field}")
    assert value in finding.message


def test_standard_preamble_is_written_from_the_profile(city_report):
    from models.report import standard_preamble

    text = standard_preamble(city_report)
    assert text.startswith(
        "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定，江州市人民政府办公室"
    )
    assert "自2022年1月1日起至2022年12月31日止" in text
    assert "www.jiangzhou.gov.cn" in text and "邮编：330100" in text


def test_text_that_contradicts_the_table_is_named(city_report):
    city_report.texts["overview_requests"] = (
        "2022年共受理政府信息公开申请17件，上年结转31件，均已按时答复。"
    )
    (finding,) = check(city_report)
    assert (finding.rule, finding.severity) == ("text_claim", Severity.HINT)
    assert finding.location == "texts.overview_requests"
    assert finding.message == (
        "（二）依申请公开情况：文中写「2022年共受理政府信息公开申请17件」，"
        "而表三「一、本年新收政府信息公开申请数量·总计」为 528；"
        "表三「一、本年新收政府信息公开申请数量·总计 + 二、上年结转政府信息公开申请数量·总计」为 559"
    )
    assert (finding.lhs_value, finding.rhs_value) == (528, 17)


def test_text_that_agrees_with_the_table_is_fine(city_report):
    city_report.texts["overview"] = "全年新收政府信息公开申请５２８件，结转下年度继续办理32件。"
    assert check(city_report) == []


def test_the_agency_name_written_another_way_is_named(city_report):
    city_report.texts["problems"] = (
        "公开深度不够，江州市人民政府办公厅将继续改进。江州市人民政府办公室负责落实。"
    )
    (finding,) = check(city_report)
    assert finding.rule == "name_variant" and finding.location == "texts.problems"
    assert finding.message == (
        "五、存在的主要问题及改进情况：机关名称写作「江州市人民政府办公厅」，"
        "与基本信息中的「江州市人民政府办公室」不一致"
    )


def test_an_unusual_statistics_period_is_a_hint_beside_its_field(city_report):
    city_report.period_start = date(2022, 2, 1)
    (finding,) = check(city_report)
    assert (finding.rule, finding.severity, finding.location) == (
        "period",
        Severity.HINT,
        "period_start",
    )
    assert "period_start" in city_report.locations()
