"""The checks a reviewer makes: last year's report, every number the text states, what 六 must say,
hints that matter (blank cells grouped, 已核实), and the false alarms real reports proved wrong."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.checks.check import check
from models.checks.findings import Severity, counts
from models.checks.rules import zero_fill
from models.exchange import read_report, write_report
from models.format.gov_2021 import FORMAT_2021
from models.format.registry import for_year, upgrade
from models.report import Report
from models.service import ReportService
from models.storage.store import Store, StoreError
from tests.conftest import CITY, COUNTY, PUBLISHED, REGION, SAMPLE, main_py
from tests.reports import consistent_reports

SAMPLE_TEXT = PUBLISHED / "akqi-education-2021.txt"  # the published sample as its text


def region(year: int) -> Report:
    return read_report(REGION / f"qingshan-{year}.json")


def claims(report: Report) -> list:
    return [f for f in check(report) if f.rule == "text_claim"]


def with_text(report: Report, text: str, section: str = "overview_requests") -> Report:
    report.texts[section] = text
    return report


# Issue 11, items 9–11: false alarms on correct published reports ------------------------------


def test_an_amount_published_to_the_fen_is_correct(city_report):
    city_report.values["active.fees.amount"] = Decimal("1268.437512")
    assert check(city_report) == []


def test_the_number_bound_to_the_keyword_is_the_one_checked(city_report):
    with_text(city_report, "本年度办结527件（含上年结转31件），结转下年度继续办理32件。")
    assert check(city_report) == []
    with_text(city_report, "本年度办结527件（含上年结转15件），结转下年度继续办理32件。")
    (finding,) = check(city_report)
    assert finding.message == (
        "（二）依申请公开情况：文中写「本年度办结527件（含上年结转15件）」，"
        "而表三「二、上年结转政府信息公开申请数量·总计」为 31"
    )
    assert finding.lhs_cells == ("applications.carried_over.total",)
    assert (finding.lhs_value, finding.rhs_value) == (31, 15)


def test_text_pasted_from_a_pdf_is_read_as_one_sentence(city_report):
    pasted = "2022 年，共收到政府信息公开申\n请 528 件，上年结转\n 31 件，办结\n527 件。"
    assert check(with_text(city_report, pasted)) == []
    (finding,) = check(with_text(city_report, pasted.replace("31", "13")))
    assert "「上年结转13件」" in finding.message and "\n" not in finding.message


def test_blank_result_totals_are_named_not_taken_for_zero(city_report):
    result_rows = [
        r.id
        for r in FORMAT_2021.table("applications").blocks[0].leaf_rows()
        if r.id not in ("received", "carried_over", "carried_forward", "results_total")
    ]
    for row in result_rows:
        del city_report.values[f"applications.{row}.total"]
    key = "applications.results_total.total"
    (finding,) = [
        f for f in check(city_report) if f.location == key and f.rule.endswith("results_total")
    ]
    assert "应为 0" not in finding.message
    assert finding.message.startswith("三、本年度办理结果（七）总计·总计：现为 527，无法核对：")
    assert "三、本年度办理结果（一）予以公开·总计等 21 格未填写" in finding.message


# Issue 13.1: against last year's report ----------------------------------------------------


def test_five_years_of_a_region_each_against_the_year_before():
    flagged = {}
    for year in range(2022, 2026):
        findings = check(region(year), region(year - 1))
        flagged[year] = [f for f in findings if f.rule.startswith("stock.")]
        assert not [f for f in findings if f.rule.startswith("carry.")]
    assert not flagged[2022] and not flagged[2024]  # these follow from the year before
    (y2023,) = flagged[2023]
    (y2025,) = flagged[2025]
    assert y2023.location == y2025.location == "active.normative_documents.in_force"
    assert y2023.message == (
        "第二十条第（一）项·行政规范性文件·现行有效件数：2023 年为 150，而 2022 年为 173，"
        "173 + 本年制发件数 25 − 本年废止件数 40 = 158（相差 8；如有清理，请核实后注明）"
    )
    assert (y2025.lhs_value, y2025.rhs_value, y2025.difference) == (170, 177, -7)


def test_a_text_quoting_a_stock_its_table_contradicts_names_both_numbers():
    (finding,) = claims(region(2024))
    assert finding.location == "texts.overview_active"
    assert "现行有效173件" in finding.message
    assert finding.message.endswith("表二「第二十条第（一）项·行政规范性文件·现行有效件数」为 163")


def test_carry_over_names_both_years_cells_and_the_difference():
    now, before = region(2023), region(2022)
    now.values["applications.carried_over.business"] += 2
    now.values["applications.carried_over.total"] += 2
    found = [f for f in check(now, before) if f.rule == "carry.applications.carried_over"]
    assert [f.location for f in found] == [
        "applications.carried_over.business",
        "applications.carried_over.total",
    ]
    expected = before.values["applications.carried_forward.business"]
    assert found[0].message == (
        f"二、上年结转政府信息公开申请数量·法人或其他组织·商业企业：2023 年为 {expected + 2}，"
        f"2022 年报告「四、结转下年度继续办理·法人或其他组织·商业企业」为 {expected}（相差 2）"
    )
    assert found[0].severity is Severity.HINT


def test_a_converted_older_report_says_which_rules_it_cannot_apply():
    now, before = region(2023), region(2022)
    for row in ("regulations", "normative_documents"):  # the 2019 format had no 现行有效件数
        del before.values[f"active.{row}.in_force"]
    found = [f for f in check(now, before) if f.severity is Severity.HINT]
    (missing,) = [f for f in found if f.rule == "cross_year_unavailable"]
    assert missing.message == (
        "2022 年报告中没有「第二十条第（一）项·规章·现行有效件数」等 2 格，无法核对现行有效件数"
    )
    assert not [f for f in found if f.rule.startswith("stock.")]


def test_last_years_report_of_a_format_without_conversion_is_named_not_compared(monkeypatch):
    from models.format.blocks import FormatDescription
    from models.format.registry import FORMATS

    other = FormatDescription(
        "gov-2030", "政府信息公开工作年度报告格式（2030年）", "", FORMAT_2021.sections, 2030
    )
    monkeypatch.setitem(FORMATS, other.id, other)
    before = region(2022)
    before.format = other
    (finding,) = [f for f in check(region(2023), before) if f.rule.startswith("cross_year")]
    assert (
        finding.message
        == "2022 年报告为「政府信息公开工作年度报告格式（2030年）」，未与本年对照核对"
    )
    assert finding.location == "year"


def test_a_2019_format_report_is_compared_through_its_2021_counterparts():
    last = read_report(COUNTY)
    assert last.format_id == "gov-2019"
    carried = upgrade(last, for_year(2021))
    assert carried is not None
    this = carried[0].next_year()  # 上年结转 ← 结转下年度, in the 2021 format
    assert this.format_id == FORMAT_2021.id
    findings = check(this, last)
    assert not [f for f in findings if f.rule.startswith("carry")]
    (unavailable,) = [f for f in findings if f.rule == "cross_year_unavailable"]
    assert "现行有效件数" in unavailable.message  # the 2019 format had no such column: said so
    key = "applications.carried_over.natural_person"
    this.values[key] += 1
    (finding,) = [f for f in check(this, last) if f.rule.startswith("carry")]
    assert finding.location == key and "2020 年" in finding.message and "2021 年" in finding.message


def test_a_paragraph_copied_from_last_years_report_is_named(city_report):
    """「与上年报告雷同」: a paragraph of 一, 五 or 六 that is last year's again is a 提示; one whose
    words stay while its numbers are this year's is this year's account, except in 五."""
    last = read_report(CITY)
    last.year = 2021
    last.texts = {}  # last year's other texts were its own
    last.texts["problems"] = "一是公开内容还不够细化，二是培训覆盖面不足。下一步将加强培训。"
    last.texts["overview_requests"] = "全年共收到政府信息公开申请520件，均按时答复。"
    city_report.texts["problems"] = last.texts["problems"]
    city_report.texts["overview_requests"] = "全年共收到政府信息公开申请528件，均按时答复。"
    (copied,) = [f for f in check(city_report, last) if f.rule == "copied_text"]
    assert copied.location == "texts.problems" and copied.severity is Severity.HINT
    assert "与2021 年报告几乎相同（「一是公开内容还不够细化" in copied.message
    city_report.texts["problems"] = "一是依申请公开答复质量有待提高。下一步将规范答复文书。"
    assert not [f for f in check(city_report, last) if f.rule == "copied_text"]


def test_a_report_of_another_years_format_is_an_error(city_report):
    """A 2022 report on the 2019 notice's tables, or a 2020 report on the 2021 notice's."""
    assert not [f for f in check(city_report) if f.rule == "format_year"]
    city_report.year = 2020
    (wrong,) = [f for f in check(city_report) if f.rule == "format_year"]
    assert wrong.severity is Severity.ERROR and wrong.location == "year"
    assert (
        "2020 年度的报告应按中华人民共和国政府信息公开工作年度报告格式（2019年）" in wrong.message
    )


def test_check_against_last_years_exchange_file_and_stored_report(tmp_path):
    file_2023, file_2022 = REGION / "qingshan-2023.json", REGION / "qingshan-2022.json"
    result = main_py("check", file_2023, "--previous", file_2022)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("[stock.active.in_force]") == 1
    # the region's 五 is the same words every year: evaluators call that 雷同
    assert (
        result.stdout.count(
            "[copied_text] 五、存在的主要问题及改进情况：有 1 段与2022 年报告几乎相同"
        )
        == 1
    )
    assert "0 个错误，2 个提示，0 个已核实" in result.stderr
    db = tmp_path / "x.db"
    assert main_py("--db", db, "import", file_2022).returncode == 0
    by_name = main_py(
        "--db", db, "check", file_2023, "--previous", "江州市青山区人民政府办公室", "2022"
    )
    assert by_name.stdout == result.stdout
    by_id = main_py("--db", db, "check", file_2023, "--previous", "1")
    assert by_id.stdout == result.stdout
    unknown = main_py("--db", db, "check", file_2023, "--previous", "某局", "2022")
    assert unknown.returncode == 2 and "没有 某局 2022 年的报告" in unknown.stderr
    typo = main_py("--db", tmp_path / "none.db", "check", file_2023, "--previous", "qingshan.jsn")
    assert typo.returncode == 2 and "找不到上年报告「qingshan.jsn」" in typo.stderr
    assert not (tmp_path / "none.db").exists()


def test_the_store_finds_last_year_however_it_got_there(tmp_path):
    with Store(tmp_path / "x.db") as store:
        store.create(region(2022))  # imported
        typed = store.create(Report(FORMAT_2021, year=2023, agency=region(2023).agency))
        store.edit(typed, {"active.normative_documents.in_force": 150})
        store.edit(typed, {"active.normative_documents.issued": 25})
        store.edit(typed, {"active.normative_documents.repealed": 40})
        (stock,) = [f for f in ReportService(store).findings(typed) if f.rule.startswith("stock.")]
        assert "173 + 本年制发件数 25 − 本年废止件数 40 = 158" in stock.message


# Issue 13.5: year-on-year sense ---------------------------------------------------------------


def test_received_changing_more_than_fivefold_is_a_hint():
    now, before = region(2023), region(2022)
    assert not [f for f in check(now, before) if f.rule.startswith("trend.")]
    before.values["applications.received.total"] = 20
    (trend,) = [f for f in check(now, before) if f.rule.startswith("trend.")]
    assert trend.message == (
        "一、本年新收政府信息公开申请数量·总计：2023 年为 169，2022 年为 20，变化超过 5 倍，请核实"
    )


def test_decisions_falling_to_zero_from_hundreds_is_a_hint():
    now, before = region(2023), region(2022)
    now.values["active.penalties.decisions"] = 0
    (trend,) = [f for f in check(now, before) if f.rule.startswith("trend.")]
    assert trend.location == "active.penalties.decisions"
    assert (
        trend.message
        == "第二十条第（六）项·行政处罚·本年处理决定数量：2023 年为 0，2022 年为 332，请核实"
    )


# Issue 13.3: what 六 must say ----------------------------------------------------------------


def test_six_must_speak_of_the_information_processing_fee(city_report):
    city_report.texts["other"] = "本年度政务公开工作要点均已落实。"
    (finding,) = check(city_report)
    assert (finding.rule, finding.location, finding.severity) == (
        "mention",
        "texts.other",
        Severity.HINT,
    )
    assert finding.message.startswith("六、其他需要报告的事项：未说明信息处理费的收取情况")


def test_what_six_must_speak_of_follows_its_text_through_other_edits(tmp_path, city_report):
    """A text is searched again only when it changes (a cell edit must not search a million
    characters): the 信息处理费 hint stays while cells are edited, goes when the fee is written
    in, and comes back when it is taken out again — in each report; a blank text is only blank."""
    with Store(tmp_path / "drafts.db") as store:
        service = ReportService(store)
        first, second = store.create(city_report), store.create(city_report)

        def fee_hints(report_id):
            return [f for f in service.findings(report_id) if f.rule == "mention"]

        silent = "本年度政务公开工作要点均已落实。" * 1000
        service.edit(first, {"texts.other": silent})
        assert [f.location for f in fee_hints(first)] == ["texts.other"]
        assert fee_hints(second) == []
        for number in range(3):
            service.edit(first, {"applications.received.natural_person": number})
            assert len(fee_hints(first)) == 1
        service.edit(second, {"texts.other": silent})
        service.edit(first, {"texts.other": silent + "本年度未收取信息处理费。"})
        assert fee_hints(first) == [] and len(fee_hints(second)) == 1
        service.edit(first, {"texts.other": silent})
        assert len(fee_hints(first)) == 1
        service.edit(first, {"texts.other": " \n "})
        assert fee_hints(first) == []


@pytest.mark.parametrize(
    "text",
    [
        "本年度未发出收费通知，未产生信息处理费。",
        "本年度未向申请人发出收费通知，未收取信息处理费。",
        "本年度共发出收费通知0件，收取信息处理费0元。",
        "本年度未产生信息处理费。",
    ],
)
def test_a_dropped_unpaid_application_needs_a_fee_notice(city_report, text):
    assert city_report.values["applications.other_handling_2.total"] == 1
    city_report.texts["other"] = text
    (finding,) = check(city_report)
    assert finding.rule == "text_claim" and finding.location == "texts.other"
    assert "申请人逾期未按收费通知要求缴纳费用" in finding.message
    assert "为 1，不应多于文中的 0" in finding.message
    city_report.values["applications.other_handling_2.natural_person"] = 0
    city_report.values["applications.other_handling_3.natural_person"] += 1
    city_report.fill_totals()
    assert check(city_report) == []


# Issue 13.2: every number the text states, over a corpus of real phrasings --------------------

# Each agrees with tests/fixtures/city-2022.json: (section, text).
CONSISTENT = [
    ("overview_requests", "予以公开及部分公开303件。"),
    ("overview_requests", "全部或部分公开303件，占办结总数的六成。"),
    (
        "overview_requests",
        "2022年，本机关共收到政府信息公开申请528件，上年结转政府信息公开申请31件。",
    ),
    (
        "overview_requests",
        "全年共受理政府信息公开申请559件（其中新收528件，上年结转31件），已全部按法定时限答复527件，"
        "结转下年度继续办理32件。",
    ),
    ("overview_requests", "受理政府信息公开申请528件，办结率100%。"),
    ("overview_requests", "从申请人类型看，自然人申请412件，占78%；法人或其他组织申请116件。"),
    ("overview_requests", "其中商业企业61件、科研机构4件、社会公益组织9件、法律服务机构27件。"),
    (
        "overview_requests",
        "从办理结果看，予以公开249件，部分公开54件，不予公开59件，无法提供108件，不予处理37件，"
        "其他处理20件。",
    ),
    ("overview_requests", "本年度共办结政府信息公开申请527件，结转下年度继续办理32件。"),
    ("overview_requests", "2022年度，共新收政府信息公开申请528件，办理完毕527件。"),
    ("overview_requests", "结转下年度继续办理三十二件。"),
    ("overview_requests", "收到申请528件，较上年增加48件，增长10%。"),
    ("overview_requests", "其中，通过网络平台收到312件，信函申请100件，当面申请116件。"),
    ("overview_requests", "全年受理12345热线转办件1200件，答复网民留言86件。"),
    ("overview_requests", "2021年收到申请480件，2022年收到申请528件。"),
    ("overview_requests", "依申请公开平均办理时限为10个工作日，没有不予受理3件以上的情形。"),
    ("overview", "全年共受理政府信息公开申请559件，同比增长12%。"),
    ("overview", "全区受理行政许可申请15000件，办理人大代表建议45件、政协提案60件。"),
    ("overview_active", "2022年，制定并公开规章4件，废止规章1件，现行有效规章37件。"),
    ("overview_active", "印发行政规范性文件26件，废止9件，现行有效行政规范性文件214件。"),
    (
        "overview_active",
        "全年共作出行政许可决定3,985,758件、行政处罚决定12876件、行政强制决定341件，"
        "收取行政事业性收费1268.44万元。",
    ),
    ("overview_active", "行政事业性收费12684375元。主动公开政府信息1.2万条。"),
    ("overview_active", "完善行政许可事项清单156项，开展行政处罚案卷评查50件，完善规章制度3件。"),
    (
        "overview",
        "全年因政府信息公开申请引发行政复议10件，其中结果维持6件、结果纠正2件、其他结果1件、"
        "尚未审结1件。",
    ),
    ("overview", "因政府信息公开被提起行政诉讼9件，其中未经复议直接起诉6件、复议后起诉3件。"),
    ("overview", "涉及政府信息公开的行政复议和行政诉讼共19件。"),
    ("other", "本年度共发出收费通知3件，收取信息处理费合计0.1250万元。"),
    ("other", "本年度没有收取信息处理费。"),
    ("overview_oversight", "组织政务公开培训3次；全年共办理行政复议案件143件。"),
    ("overview_requests", "全年新收政府信息公开申请528件，连同上年结转的31件，共计559件。"),
    ("overview_requests", "按申请人类型分，自然人提出申请412件、法人或者其他组织提出申请116件。"),
    ("overview_requests", "已答复527件，结转至2023年继续办理32件。"),
    ("overview_active", "清理规范性文件45件，宣布失效2件。"),
    ("overview_active", "2022年，全区共办理行政许可事项23456件。"),
    ("overview_active", "收取行政事业性收费1268.437500000000000000000000000000万元。"),
    ("overview_requests", "上年度共收到申请80件，本年度收到政府信息公开申请528件。"),
    (
        "overview_requests",
        "本机关2022年度共收到政府信息公开申请559件（含上年度结转31件），均已办结。",
    ),
    ("overview_requests", "已按期答复527件，32件结转至2023年度办理。"),
    ("overview_requests", "其中收到涉及征地拆迁的申请45件，关于社会保障的申请120件。"),
    ("overview_requests", "全年收到政府信息公开申请528件，同比下降8.1%，其中当面申请5件。"),
    ("overview", "本年度发生政府信息公开行政复议案件10起，行政诉讼案件9起。"),
    ("overview_active", "现行有效的规范性文件共214件，主动公开政府信息5000余条。"),
]


@pytest.mark.parametrize(("section", "text"), CONSISTENT)
def test_real_phrasings_that_agree_raise_no_alarm(city_report, section, text):
    assert claims(with_text(city_report, text, section)) == []


# Each states one cell the city fixture holds: (section, text, the number as written, the cell).
STATED = [
    ("overview_requests", "新收政府信息公开申请528件。", "528", "applications.received.total"),
    ("overview_requests", "予以公开249件。", "249", "applications.disclosed.total"),
    ("overview_requests", "部分公开54件。", "54", "applications.partly_disclosed.total"),
    ("overview_requests", "结转下年度继续办理32件。", "32", "applications.carried_forward.total"),
    ("overview_requests", "结转下一年度办理32件。", "32", "applications.carried_forward.total"),
    ("overview_requests", "法律服务机构申请27件。", "27", "applications.received.legal_services"),
    ("overview_active", "制发规章4件。", "4", "active.regulations.issued"),
    ("overview_active", "制发规章4件，废止1件。", "1", "active.regulations.repealed"),
    (
        "overview_active",
        "现行有效行政规范性文件214件。",
        "214",
        "active.normative_documents.in_force",
    ),
    ("overview_active", "作出行政处罚决定12876件。", "12876", "active.penalties.decisions"),
    ("overview_active", "收取行政事业性收费1268.4375万元。", "1268.4375", "active.fees.amount"),
    ("overview", "因政府信息公开申请行政复议10件。", "10", "litigation.cases.review_total"),
    (
        "overview",
        "因政府信息公开申请行政复议10件，其中维持6件。",
        "6",
        "litigation.cases.review_upheld",
    ),
]


def test_disclosed_and_partly_disclosed_together_are_the_sum_of_both_rows(city_report):
    """「予以公开及部分公开」 states （一）+（二）, not the （二） row (two real reports got a false
    提示); a number that is neither is said to differ from the sum."""
    assert claims(with_text(city_report, "予以公开及部分公开303件。")) == []
    (finding,) = claims(with_text(city_report, "予以公开及部分公开300件。"))
    assert set(finding.lhs_cells) >= {
        "applications.disclosed.total",
        "applications.partly_disclosed.total",
    }


@pytest.mark.parametrize(("section", "text", "number", "key"), STATED)
def test_each_claim_breaks_with_its_cell_and_names_it(city_report, section, text, number, key):
    city_report.texts[section] = text
    assert claims(city_report) == []
    city_report.values[key] += 1
    (finding,) = claims(city_report)
    assert key in finding.lhs_cells
    assert FORMAT_2021.cells[key].name in finding.message
    assert f"{city_report.values[key]}" in finding.message and number in finding.message


def test_last_years_text_copied_forward_is_flagged():
    now, before = region(2023), region(2022)
    now.texts["overview_requests"] = before.texts["overview_requests"]
    found = claims(now)
    assert found and all(f.location == "texts.overview_requests" for f in found)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["收到", "受理", "上年结转", "办结", "自然人", "规章", "制发", "现行有效", "行政复议",
             "维持", "诉讼", "收费通知", "行政事业性收费", "未收到", "申请", "信息公开", "2021年",
             "较上年", "件", "万元", "元", "，", "。", "（", "）", "\n", " ", "十", "两", "百", "零",
             "0", "7", "1,234", "99999999999999999999999999999999", ".", "0000000000000000000000001"]
        ),
        max_size=40,
    )
)  # fmt: skip
def test_any_text_is_read_without_failing(words):
    report = read_report(CITY)
    report.texts["overview_requests"] = "".join(words)
    assert all(f.severity is Severity.HINT for f in check(report))  # the texts add 提示 only


@pytest.mark.parametrize(
    "text", ["收到1件" * 50000, "收到申请" + "1件" * 50000, "收到申请，" * 100000 + "1件"]
)
def test_a_huge_text_is_read_in_a_moment(city_report, text):
    import time

    city_report.texts["overview_requests"] = text
    start = time.perf_counter()
    found = claims(city_report)
    assert time.perf_counter() - start < 2  # was 5 s for 8,000 numbers, growing as their square
    assert len(found) <= 200 and all(len(f.message) < 300 for f in found)


def test_inclusive_phrasing_agrees_with_either_reading(city_report):
    for text in ("受理政府信息公开申请528件。", "受理政府信息公开申请559件。"):
        assert claims(with_text(city_report, text)) == []
    (finding,) = claims(with_text(city_report, "受理政府信息公开申请560件。"))
    assert "为 528；" in finding.message and "为 559" in finding.message


def test_suits_are_both_kinds_and_appeals_all_three(city_report):
    city_report.texts["overview"] = (
        "因政府信息公开被提起行政诉讼9件；涉及政府信息公开的复议和诉讼共19件。"
    )
    assert claims(city_report) == []
    city_report.values["litigation.cases.direct_suit_total"] += 1
    suits, both = claims(city_report)
    assert suits.message.endswith(
        "而表四「行政诉讼·未经复议直接起诉·总计 + 行政诉讼·复议后起诉·总计」为 10"
    )
    assert both.message.endswith(
        "而表四「行政复议·总计 + 行政诉讼·未经复议直接起诉·总计 + 行政诉讼·复议后起诉·总计」为 20"
    )


def test_applicant_kinds_are_read(city_report):
    (finding,) = claims(with_text(city_report, "收到申请528件，其中自然人申请98件。"))
    assert "文中写「其中自然人申请98件」" in finding.message
    assert finding.lhs_cells == ("applications.received.natural_person",)


def test_the_published_sample_and_its_text_raise_no_false_claim(sample_report):
    assert claims(sample_report) == []
    sample_report.texts["overview"] = SAMPLE_TEXT.read_text(encoding="utf-8")
    assert claims(sample_report) == []
    sample_report.texts["overview_requests"] = "2021年收到依申请公开3件。"
    assert len(claims(sample_report)) == 1  # the sample says it received none


def test_the_region_fixtures_are_what_their_script_makes(tmp_path, capsys):
    import runpy

    tool = runpy.run_path(str(REGION.parent.parent.parent / "tools" / "make_region_fixtures.py"))
    tool["main"](tmp_path)
    for year in range(2021, 2026):
        name = f"qingshan-{year}.json"
        assert (tmp_path / name).read_bytes() == (REGION / name).read_bytes()


def test_the_region_fixtures_state_their_tables():
    for year in range(2021, 2026):
        report = region(year)
        assert len(claims(report)) == (1 if year == 2024 else 0), year
        report.values["applications.carried_over.total"] += 1
        if year > 2021:  # the years whose text states 上年结转
            assert any("上年结转" in f.message for f in claims(report)), year


# Issue 13.4: hints that matter --------------------------------------------------------------


def test_blank_cells_are_one_finding_per_table_at_the_first():
    report = Report(
        FORMAT_2021, year=2025, period_start=date(2025, 1, 1), period_end=date(2025, 12, 31)
    )
    report.agency.name = report.signing_unit = "某县某局"
    findings = check(report)
    assert len(findings) <= 12
    blank = {f.section: f for f in findings if f.rule == "blank"}
    assert blank["applications"].message == "表三：144 个空格未填写（打印的报告应填 0）"
    assert blank["applications"].location == "applications.received.natural_person"
    assert len(blank["applications"].covers) == 144  # the cells typed in
    ranks = [f.rank for f in findings]
    assert ranks == sorted(ranks)


def test_errors_then_meaning_then_completeness(city_report):
    city_report.texts["overview_requests"] = "共收到政府信息公开申请17件。"
    city_report.texts["problems"] = ""
    city_report.values["litigation.cases.review_total"] = 0
    del city_report.values["active.licensing.decisions"]
    rules = [f.rule for f in check(city_report)]
    assert rules == ["sum.litigation.review_total", "text_claim", "blank", "text_empty"]


def test_zero_fill_is_one_undoable_step(tmp_path):
    with Store(tmp_path / "x.db") as store:
        report_id = store.create(Report(FORMAT_2021, year=2025))
        report = store.load(report_id)
        store.edit(report_id, zero_fill(report, "applications"))
        assert not [
            f for f in ReportService(store).findings(report_id) if f.section == "applications"
        ]
        assert report.values["applications.results_total.total"] == 0
        store.undo(report_id)
        assert not any(k.startswith("applications.") for k in report.values)
        store.edit(report_id, zero_fill(report, "active"))
        assert report.values["active.fees.amount"] == Decimal(0)


# Issue 8.10: a 提示 marked 已核实 ------------------------------------------------------------


def _trend_report(tmp_path):
    store = Store(tmp_path / "x.db")
    store.create(region(2022))
    report = region(2023)
    report.values["active.penalties.decisions"] = 0
    return store, store.create(report)


def test_an_acknowledged_hint_stays_listed_but_stops_counting(tmp_path):
    store, report_id = _trend_report(tmp_path)
    with store:
        (trend,) = [
            f for f in ReportService(store).findings(report_id) if f.rule.startswith("trend.")
        ]
        before = counts(ReportService(store).findings(report_id))
        store.acknowledge(report_id, trend, " 本年处罚职能划转至综合执法局 ")
        (acknowledged,) = [
            f for f in ReportService(store).findings(report_id) if f.rule.startswith("trend.")
        ]
        assert acknowledged.acknowledged == "本年处罚职能划转至综合执法局"
        assert ReportService(store).findings(report_id)[-1] == acknowledged  # listed last
        assert counts(ReportService(store).findings(report_id)) == (before[0], before[1] - 1, 1)
        store.unacknowledge(report_id, acknowledged)
        assert counts(ReportService(store).findings(report_id)) == before


def test_an_acknowledgement_survives_a_restart_export_and_import(tmp_path):
    store, report_id = _trend_report(tmp_path)
    with store:
        (trend,) = [
            f for f in ReportService(store).findings(report_id) if f.rule.startswith("trend.")
        ]
        store.acknowledge(report_id, trend, "职能划转")
    exported = tmp_path / "out.json"
    db = tmp_path / "x.db"
    assert main_py("--db", db, "export-json", str(report_id), "-o", exported).returncode == 0
    (entry,) = json.loads(exported.read_text(encoding="utf-8"))["acknowledged"]
    assert entry["finding"] == trend.key and entry["note"] == "职能划转"
    result = main_py("check", exported, "--previous", REGION / "qingshan-2022.json")
    assert "提示（已核实：职能划转） [trend.active.penalties]" in result.stdout
    # the stock, text and copied-五 提示 stay open
    assert "0 个错误，3 个提示，1 个已核实" in result.stderr
    other = tmp_path / "other.db"
    assert main_py("--db", other, "import", exported).returncode == 0
    with Store(other) as again:
        assert again.load(1).acknowledged == read_report(exported).acknowledged


def test_an_acknowledged_hint_opens_again_when_its_numbers_change(tmp_path):
    store, report_id = _trend_report(tmp_path)
    with store:
        (stock,) = [
            f for f in ReportService(store).findings(report_id) if f.rule.startswith("stock.")
        ]
        store.acknowledge(report_id, stock, "清理后重新统计")
        store.edit(report_id, {"active.normative_documents.in_force": 151})
        (again,) = [
            f for f in ReportService(store).findings(report_id) if f.rule.startswith("stock.")
        ]
        assert again.is_open


def test_only_hints_with_a_note_can_be_acknowledged(tmp_path):
    with Store(tmp_path / "x.db") as store:
        report_id = store.create(read_report(CITY))
        store.edit(report_id, {"texts.other": "无。"})
        (hint,) = ReportService(store).findings(report_id)
        with pytest.raises(StoreError, match="请写一句说明"):
            store.acknowledge(report_id, hint, "  ")
        store.delete(report_id)  # one report of the agency and year at a time
        report = read_report(CITY)
        report.values["litigation.cases.review_total"] = 0
        error_id = store.create(report)
        (error,) = ReportService(store).findings(error_id)
        with pytest.raises(StoreError, match="错误须改正"):
            store.acknowledge(error_id, error, "x")


def test_a_report_written_and_read_keeps_its_acknowledgements(tmp_path):
    report = read_report(SAMPLE)
    (hint,) = check(report)
    store = Store(tmp_path / "x.db")
    with store:
        report_id = store.create(report)
        store.acknowledge(report_id, hint, "原文如此")
        write_report(store.load(report_id), tmp_path / "a.json")
    (again,) = check(read_report(tmp_path / "a.json"))
    assert again.acknowledged == "原文如此"


def test_the_claims_and_cross_year_rules_are_data_of_the_format():
    for claim in FORMAT_2021.claims:
        assert {t.id for t in FORMAT_2021.claim_topics} >= {claim.topic}
        for reading in claim.readings:
            assert set(reading) <= FORMAT_2021.cells.keys(), reading
    described = json.loads(main_py("template", "--json").stdout)
    assert len(described["claims"]) == len(FORMAT_2021.claims)
    tables = {s["table"]["id"]: s["table"] for s in described["sections"] if "table" in s}
    assert tables["applications"]["carry_overs"] == [
        {"row": "carried_over", "from_row": "carried_forward"}
    ]
    assert tables["active"]["stocks"][0]["column"] == "in_force"


# Random consistent reports, their figures written in the phrasings above: no alarm; one figure
# written wrong: exactly that claim, naming its cell.
PHRASINGS = [
    ("overview_requests", "{y}年共新收政府信息公开申请{received}件，上年结转{carried_over}件。"),
    (
        "overview_requests",
        "办结{results}件（含上年结转{carried_over}件），结转下年度继续办理{forward}件。",
    ),
    ("overview_requests", "其中予以公开{disclosed}件，部分公开{partly}件。"),
    ("overview_active", "制发规章{r_issued}件，废止{r_repealed}件，现行有效{r_in_force}件；"),
    (
        "overview_active",
        "印发行政规范性文件 {n_issued}\n件，现行有效行政规范性文件{n_in_force}件。",
    ),
    ("overview", "因政府信息公开引发行政复议{review}件，其中维持{upheld}件。"),
]
FIGURES = {
    "received": "applications.received.total",
    "carried_over": "applications.carried_over.total",
    "results": "applications.results_total.total",
    "forward": "applications.carried_forward.total",
    "disclosed": "applications.disclosed.total",
    "partly": "applications.partly_disclosed.total",
    "r_issued": "active.regulations.issued",
    "r_repealed": "active.regulations.repealed",
    "r_in_force": "active.regulations.in_force",
    "n_issued": "active.normative_documents.issued",
    "n_in_force": "active.normative_documents.in_force",
    "review": "litigation.cases.review_total",
    "upheld": "litigation.cases.review_upheld",
}


@settings(max_examples=40, deadline=None)
@given(report=consistent_reports(), data=st.data())
def test_random_reports_written_up_agree_and_one_wrong_figure_is_named(report, data):
    figures = {name: report.values[key] for name, key in FIGURES.items()} | {"y": report.year}
    report.texts["other"] = "未收取信息处理费。"
    for section, phrasing in PHRASINGS:
        report.texts[section] = report.texts.get(section, "") + phrasing.format(**figures)
    assert claims(report) == []
    wrong = data.draw(st.sampled_from(sorted(FIGURES)))
    figures[wrong] += data.draw(st.integers(min_value=1, max_value=9))
    report.texts |= {section: "" for section, _phrasing in PHRASINGS}
    for section, phrasing in PHRASINGS:
        report.texts[section] += phrasing.format(**figures)
    found = claims(report)
    assert found and {f.lhs_cells for f in found} == {(FIGURES[wrong],)}


def test_empty_texts_are_named_by_their_part_and_found_on_their_tab(city_report):
    """「一、总体情况：（一）…、（五）…，共 5 段尚未填写」 names the part, not its first sub-part,
    and its parts' headings without wrapping their （一） in another pair of brackets; an empty
    opening paragraph is listed under 基本信息, where the window shows it."""
    from models.checks.findings import PROFILE_SECTION

    for key in [k for k in city_report.texts if k.startswith("overview_")] + ["preamble"]:
        city_report.texts[key] = ""
    empty = {f.location: f for f in check(city_report) if f.rule == "text_empty"}
    assert empty["texts.preamble"].section == PROFILE_SECTION
    assert empty["texts.overview_active"].message == (
        "一、总体情况：（一）主动公开情况、（二）依申请公开情况、（三）政府信息管理情况、"
        "（四）平台建设情况、（五）监督保障情况，共 5 段尚未填写"
    )
