"""Formats have a life: each declares its years, a year's report gets its format, and a report of
one format is carried into a later one step by step — and a new notice is one new module."""

import sys
import textwrap
from datetime import date

import pytest

from models.exchange import read_report, write_report
from models.format import registry
from models.format.gov_2019 import FORMAT_2019
from models.format.gov_2021 import FORMAT_2021
from models.format.registry import for_year, newest, upgrade
from models.service import ReportService
from models.storage.store import Store
from tests.conftest import CITY, COUNTY

# A made-up notice of 2031: table 二 gains a row, everything else as 2021 prints it. Written the
# way a real revision would be: one module, nothing else touched.
NOTICE_2031 = """
from dataclasses import replace

from models.format import common
from models.format.blocks import Block, Column, FormatDescription, Row
from models.format.gov_2021 import ACTIVE_TABLE, APPLICATIONS_TABLE, FORMAT_2021

ACTIVE_TABLE_2031 = replace(
    ACTIVE_TABLE,
    blocks=ACTIVE_TABLE.blocks
    + (
        Block(
            id="art20_9",
            title="第二十条第（九）项",
            corner=common.CONTENT,
            columns=(Column("projects", "本年采购项目数量"),),
            rows=(Row("procurement", "政府采购"),),
        ),
    ),
)


def from_2021(previous, values):
    return dict(values), []


FORMAT_2031 = FormatDescription(
    id="gov-2031",
    name="政府信息公开工作年度报告格式（2031年）",
    document_no="国办公开办函〔2031〕1号",
    sections=common.sections(ACTIVE_TABLE_2031, APPLICATIONS_TABLE),
    first_year=2031,
    profile=common.PROFILE,
    key_figures=common.KEY_FIGURES,
    claim_topics=FORMAT_2021.claim_topics,
    claims=FORMAT_2021.claims,
    previous=FORMAT_2021.id,
    upgrade=from_2021,
)
"""


@pytest.fixture
def notice_2031(tmp_path, monkeypatch):
    """The 2031 notice as a module of its own, and its registry row."""
    (tmp_path / "gov_2031.py").write_text(textwrap.dedent(NOTICE_2031), "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    module = __import__("gov_2031")
    registry.register(module.FORMAT_2031)
    yield module.FORMAT_2031
    del registry.FORMATS[module.FORMAT_2031.id]
    sys.modules.pop("gov_2031", None)


def test_each_year_gets_the_format_of_its_notice():
    assert for_year(2019) is FORMAT_2019 and for_year(2020) is FORMAT_2019
    assert for_year(2021) is FORMAT_2021 and for_year(2030) is FORMAT_2021
    assert for_year(2015) is FORMAT_2019  # before every notice: the earliest
    assert for_year(None) is newest() is FORMAT_2021


def test_a_new_notice_is_one_module_and_its_registry_row(notice_2031, tmp_path):
    assert for_year(2031) is notice_2031 and for_year(2030) is FORMAT_2021
    assert newest() is notice_2031
    with Store(tmp_path / "x.db") as store:
        service = ReportService(store)
        new = store.load(service.create_for_year("江州市教育局", 2031))
        assert new.format is notice_2031
        assert "active.procurement.projects" in new.format.cells
        # A 2030 report's next year is a 2031 report, carried over as 2021 → 2031 says.
        last = read_report(CITY)
        last.year, last.period_start, last.period_end = 2030, date(2030, 1, 1), date(2030, 12, 31)
        following = store.load(service.next_year(service.add(last)))
    assert (following.format_id, following.year) == ("gov-2031", 2031)
    carried = following.values["applications.carried_over.total"]
    assert carried == last.values["applications.carried_forward.total"]
    write_report(following, tmp_path / "2031.json")
    assert read_report(tmp_path / "2031.json").format is notice_2031


def test_a_report_is_carried_through_every_notice_in_between(notice_2031):
    county_2020 = read_report(COUNTY)
    carried = upgrade(county_2020, notice_2031)
    assert carried is not None
    report, notes = carried
    assert report.format is notice_2031
    assert report.values["applications.other_handling_3.other_org"] == 1  # the 2019 → 2021 step
    assert any("政府集中采购" in note for note in notes)
    assert upgrade(report, FORMAT_2019) is None  # never backwards


def test_the_2019_format_is_its_own_description():
    """Editing the 2021 notice's module cannot change the 2019 format: its table 三 is built from
    the parts both notices print, with the one （六） row of its own."""
    rows_2019 = {r.id for r in FORMAT_2019.table("applications").blocks[0].leaf_rows()}
    rows_2021 = {r.id for r in FORMAT_2021.table("applications").blocks[0].leaf_rows()}
    assert rows_2019 - rows_2021 == {"other_handling"}
    assert rows_2021 - rows_2019 == {"other_handling_1", "other_handling_2", "other_handling_3"}
    assert FORMAT_2019.table("applications") is not FORMAT_2021.table("applications")
