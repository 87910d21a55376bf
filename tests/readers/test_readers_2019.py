"""The 2019 format (国办公开办函〔2019〕60号): a 2020 report read, checked, printed, and carried
over into the 2021 format's year."""

import json

from models.checks.check import check
from models.exchange import read_report
from models.format.gov_2021 import FORMAT_2021
from models.format.registry import upgrade
from models.service import ReportService
from models.storage.store import Store
from readers import read_published
from tests.conftest import FIXTURES, main_py

COUNTY = FIXTURES / "county-2020.json"


def test_a_2020_report_in_the_2019_format_reads_back_and_checks_the_same():
    original = read_report(COUNTY)
    reading = read_published(FIXTURES / "published" / "county-2020.pdf")
    report = reading.report
    assert report.format_id == "gov-2019" and reading.unsure() == []
    assert report.values == original.values
    assert report.values["active.licensing.change"] == -7  # 本年增/减 may be negative
    assert str(report.values["active.procurement.procurement_amount"]) == "2316.485200"
    assert report.texts == original.texts and report.issued_on == original.issued_on
    assert [(f.rule, f.location) for f in check(report)] == [
        (f.rule, f.location) for f in check(original)
    ]


def test_its_rules_add_up_the_single_other_handling_row():
    report = read_report(COUNTY)
    report.values["applications.other_handling.natural_person"] += 1
    rules = {f.rule for f in check(report)}
    assert {"sum.applications.results_total", "sum.applications.total"} <= rules


def test_upgrade_to_2021_carries_tables_three_and_four_and_names_what_has_no_counterpart():
    carried = upgrade(read_report(COUNTY), FORMAT_2021)
    assert carried is not None
    converted, notes = carried
    assert converted.format_id == "gov-2021"
    assert converted.values["applications.other_handling_3.other_org"] == 1
    assert converted.values["applications.carried_forward.total"] == 4
    assert converted.values["active.licensing.decisions"] == 15236
    assert "active.regulations.issued" not in converted.values
    assert any("政府集中采购" in note and "没有对应项" in note for note in notes)
    assert any("（六）3.其他" in note for note in notes)


def test_next_year_of_a_2020_report_is_a_2021_format_report_with_its_carry_over(tmp_path):
    with Store(tmp_path / "x.db") as store:
        last = store.create(read_report(COUNTY))
        new = store.load(ReportService(store).next_year(last))
    assert (new.format_id, new.year) == ("gov-2021", 2021)
    assert new.values["applications.carried_over.natural_person"] == 4
    assert new.values["applications.carried_over.total"] == 4


def test_template_and_schema_of_the_2019_format():
    described = json.loads(main_py("template", "--json", "--format", "gov-2019").stdout)
    active = described["sections"][2]["table"]["blocks"]
    assert [b["title"] for b in active][-1] == "第二十条第（九）项"
    schema = json.loads(main_py("template", "--schema", "--format", "gov-2019").stdout)
    row = schema["properties"]["tables"]["properties"]["active"]["properties"]["licensing"]
    assert "minimum" not in row["properties"]["change"]


def test_a_2019_format_report_prints(tmp_path):
    result = main_py("export", COUNTY, "-o", tmp_path / "out.pdf")
    assert result.returncode == 0, result.stderr
    import pdfplumber

    with pdfplumber.open(tmp_path / "out.pdf") as pdf:
        text = "".join(page.extract_text() for page in pdf.pages)
    assert "其他对外管理服务事项" in text and "2316.485200" in text


def test_the_window_shows_the_2019_tables_and_takes_a_negative_change(qtbot, tmp_path):
    from PySide6.QtCore import Qt

    from ui.editor import ReportEditor
    from ui.session import ReportSession

    with Store(tmp_path / "x.db") as store:
        report_id = store.create(read_report(COUNTY))
        editor = ReportEditor(ReportSession(ReportService(store), report_id))
        qtbot.addWidget(editor)
        editor.show()
        editor.tabs.setCurrentWidget(editor.pages["active"])
        view = editor.table_view("active")
        titles = {view.model().index(r, 0).data() for r in range(view.model().rowCount())}
        assert {"第二十条第（九）项", "其他对外管理服务事项", "政府集中采购"} <= titles
        view.select_key("active.licensing.change")
        qtbot.keyClicks(view, "-")
        qtbot.keyClicks(view.indexWidget(view.currentIndex()), "9")
        qtbot.keyClick(view.indexWidget(view.currentIndex()), Qt.Key.Key_Return)
        assert store.load(report_id).values["active.licensing.change"] == -9


def test_a_draft_with_its_watermark_reads_as_the_report(tmp_path):
    from export.pdf import export_pdf

    original = read_report(COUNTY)
    export_pdf(original, tmp_path / "draft.pdf", draft=True)
    reading = read_published(tmp_path / "draft.pdf")
    assert reading.report.values == original.values
    assert reading.report.texts == original.texts and reading.notes == []
