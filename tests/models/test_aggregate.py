"""Summing departments' reports into one, and the overview of what each still has to fix."""

import dataclasses
from decimal import Decimal

import openpyxl
import pytest

from models.aggregate import AggregateError, aggregate, overview
from models.checks.check import check
from models.exchange import read_report, write_report
from models.format.gov_2021 import FORMAT_2021
from models.format.registry import FORMATS
from models.storage.store import Store
from tests.conftest import CITY, SAMPLE, main_py


def three_departments() -> list[tuple[str, object]]:
    """Three clean 2022 reports with different figures, one with blank cells."""
    first = read_report(CITY)
    second = read_report(CITY)
    for key in second.values:
        second.values[key] *= 3
    second.texts["overview_requests"] = "2022年共收到政府信息公开申请1584件，上年结转93件。"
    third = read_report(CITY)
    third.values = {k: v for k, v in third.values.items() if not k.startswith("litigation.")}
    third.values["active.fees.amount"] = Decimal("0.0005")
    for report in (first, second):
        assert not check(report)
    assert {f.rule for f in check(third)} == {"blank"}  # 表四 left blank: 提示 only
    return [("a.json", first), ("b.json", second), ("c.json", third)]


def test_the_sum_adds_every_cell_and_its_tables_check_clean():
    sources = three_departments()
    total = aggregate(sources, "江州市人民政府")
    keys = set().union(*(r.values for _n, r in sources))
    assert set(total.values) == keys
    for key in keys:
        assert total.values[key] == sum(r.values.get(key, 0) for _n, r in sources), key
    assert total.values["active.fees.amount"] == Decimal("1268.4375") * 4 + Decimal("0.0005")
    table_sections = {s.id for s in total.format.sections if s.table is not None}
    assert [f for f in check(total) if f.section in table_sections] == []


def test_a_cell_is_blank_in_the_sum_only_if_blank_in_every_report():
    sources = three_departments()
    for _name, report in sources[:2]:
        report.values.pop("active.licensing.decisions")
    sources[0][1].values.pop("active.penalties.decisions")
    total = aggregate(sources, "江州市人民政府")
    assert (
        total.values["active.licensing.decisions"]
        == sources[2][1].values["active.licensing.decisions"]
    )
    for _name, report in sources:
        report.values.pop("active.licensing.decisions", None)
    assert "active.licensing.decisions" not in aggregate(sources, "江州市人民政府").values
    assert total.values["active.penalties.decisions"] == 12876 * 3 + 12876


def test_the_sum_is_the_named_agencys_report_without_texts():
    total = aggregate(three_departments(), "江州市人民政府")
    assert total.agency.name == total.signing_unit == "江州市人民政府"
    assert (total.agency.office, total.agency.phone) == ("", "")
    assert total.texts == {}
    assert total.year == 2022 and str(total.period_start) == "2022-01-01"
    assert total.title == "江州市人民政府2022年政府信息公开工作年度报告"


def test_mixed_years_or_formats_are_refused_naming_the_files(monkeypatch):
    sources = three_departments()
    sources[1][1].year = 2021
    with pytest.raises(AggregateError) as refused:
        aggregate(sources, "江州市人民政府")
    assert "2021：b.json" in str(refused.value) and "2022：a.json、c.json" in str(refused.value)
    sources[1][1].year = 2022
    other = dataclasses.replace(FORMAT_2021, id="gov-test")
    monkeypatch.setitem(FORMATS, "gov-test", other)
    sources[2][1].format = other
    with pytest.raises(AggregateError, match="报告格式.*gov-test：c.json"):
        aggregate(sources, "江州市人民政府")


def test_overview_has_each_reports_figures_and_finding_counts():
    sources = three_departments()
    sources[1][1].values["applications.received.total"] += 1
    rows = overview(sources)
    assert [r.source for r in rows] == ["a.json", "b.json", "c.json"]
    assert (rows[0].received, rows[0].carried_over, rows[0].results, rows[0].carried_forward) == (
        528,
        31,
        527,
        32,
    )
    assert (rows[0].reviews, rows[0].suits) == (10, 6 + 3)
    assert (rows[2].reviews, rows[2].suits) == (None, None)
    assert rows[0].errors == 0 and rows[1].errors == 2


def test_aggregate_command_writes_the_sum_and_the_overview(tmp_path):
    names = []
    for name, report in three_departments():
        write_report(report, tmp_path / name)
        names.append(tmp_path / name)
    result = main_py(
        "aggregate",
        *names,
        "--agency",
        "江州市人民政府",
        "-o",
        tmp_path / "sum.json",
        "--overview",
        tmp_path / "overview.xlsx",
    )
    assert result.returncode == 0, result.stderr
    assert "已把 3 份报告汇总为" in result.stdout
    total = read_report(tmp_path / "sum.json")
    assert total.values["applications.received.total"] == 528 * 5
    sheet = openpyxl.load_workbook(tmp_path / "overview.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("报告", "机关名称", "年度", "本年新收")
    assert [r[0] for r in rows[1:]] == [str(n) for n in names]
    assert rows[2][3] == 528 * 3 and rows[2][-2:] == (0, 0)


def test_aggregate_command_refuses_mixed_years_with_exit_2(tmp_path):
    result = main_py(
        "aggregate", CITY, SAMPLE, "--agency", "江州市人民政府", "-o", tmp_path / "sum.json"
    )
    assert result.returncode == 2
    assert str(CITY) in result.stderr and str(SAMPLE) in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "sum.json").exists()


def test_aggregate_command_takes_stored_reports_by_id(tmp_path):
    db = tmp_path / "x.db"
    *stored, (_name, third) = three_departments()
    with Store(db) as store:
        ids = [store.create(report) for _name, report in stored]
    write_report(third, tmp_path / "c.json")
    result = main_py(
        "--db",
        db,
        "aggregate",
        *ids,
        tmp_path / "c.json",
        "--agency",
        "江州市人民政府",
        "-o",
        tmp_path / "s.json",
    )
    assert result.returncode == 0, result.stderr
    assert read_report(tmp_path / "s.json").values["applications.received.total"] == 528 * 5


def test_overview_does_not_count_a_hint_marked_checked(tmp_path):
    """A 提示 marked 已核实 no longer counts: not in check's summary, not in the overview."""
    sources = three_departments()
    name, third = sources[2]
    (blank,) = check(third)
    assert overview(sources)[2].hints == 1
    with Store(tmp_path / "x.db") as store:
        report_id = store.create(third)
        store.acknowledge(report_id, blank, "表四本年没有复议、诉讼，故空白")
        sources[2] = (name, store.load(report_id))
    assert overview(sources)[2].hints == 0
    write_report(sources[2][1], tmp_path / "c.json")
    result = main_py(
        "aggregate",
        CITY,
        tmp_path / "c.json",
        "--agency",
        "江州市人民政府",
        "-o",
        tmp_path / "sum.json",
        "--overview",
        tmp_path / "overview.xlsx",
    )
    assert result.returncode == 0, result.stderr
    sheet = openpyxl.load_workbook(tmp_path / "overview.xlsx").active
    header = [cell.value for cell in sheet[1]]
    assert sheet.cell(3, header.index("提示") + 1).value == 0
