"""models/review.py: which names are one agency, which file is last year's, what is summed."""

from __future__ import annotations

import pytest

from models.exchange import read_report
from models.review import CLEAN, ERRORS, UNREAD, ReadFile, last_year, review, similar_agency
from tests.conftest import CITY, REGION


@pytest.mark.parametrize(
    ("name", "other"),
    [
        ("平潭综合实验区", "平潭综合实验区管委会"),
        ("福建省平潭综合实验区管理委员会", "平潭综合实验区"),
        ("江州市青山区人民政府办公室", "青山区人民政府办公室"),
        ("福建省福州市鼓楼区人民政府", "鼓楼区政府"),
        ("青山县人民政府", "青山县政府"),
        ("江州市 教育局", "江州市教育局"),
    ],
)
def test_one_agency_written_two_ways(name, other):
    assert similar_agency(name, other) and similar_agency(other, name)


@pytest.mark.parametrize(
    ("name", "other"),
    [
        ("青山县人民政府", "青山县人民政府办公室"),
        ("江州市城东街道办事处", "江州市城西街道办事处"),
        ("江州市政府办公室", "湖州市政府办公室"),
        ("江州市教育局", "湖州市教育局"),
        ("江州市人民政府", "湖州市人民政府"),
        ("福建省福州市鼓楼区人民政府", "福建省厦门市鼓楼区人民政府"),
        ("", "江州市教育局"),
    ],
)
def test_two_agencies(name, other):
    assert not similar_agency(name, other)


def _read(name: str, path, agency: str | None = None) -> ReadFile:
    report = read_report(path)
    if agency is not None:
        report.agency.name = agency
    return ReadFile(name, report, cells=len(report.values))


def test_last_year_prefers_the_name_written_the_same():
    now = _read("2022.json", REGION / "qingshan-2022.json")
    similar = _read("a-2021.json", REGION / "qingshan-2021.json", "青山区人民政府办公室")
    same = _read("b-2021.json", REGION / "qingshan-2021.json")
    other = _read("c-2021.json", REGION / "qingshan-2021.json", "青山县人民政府办公室")
    two_before = _read("2020.json", REGION / "qingshan-2021.json")
    two_before.report.year = 2020
    assert last_year(now, [similar, same, other, two_before, now]) is same
    assert last_year(now, [similar, other]) is similar
    assert last_year(now, [other, two_before]) is None


def test_an_unread_file_is_a_row_with_its_reason_and_no_sum_without_reports():
    result = review([ReadFile("坏.pdf", reason="坏.pdf 不是有效的 PDF 文件，或已损坏")])
    assert [(row.verdict, row.reason) for row in result.files] == [
        (UNREAD, "坏.pdf 不是有效的 PDF 文件，或已损坏")
    ]
    assert result.unread == 1 and result.summed is None


def test_a_report_doubted_is_not_summed_and_its_error_is_a_hint_of_the_reading():
    clean = _read("市.json", CITY)
    doubted = _read("区.json", CITY, "江州市青山区人民政府办公室")
    key = "applications.received.total"
    doubted.report.values[key] += 1
    doubted = ReadFile(doubted.name, doubted.report, doubted=frozenset({key}), cells=200, unsure=1)
    result = review([clean, doubted])
    verdicts = {row.file: row.verdict for row in result.files}
    assert verdicts["市.json"] == CLEAN and verdicts["区.json"] != ERRORS
    assert any(p.doubted and "可能是读取问题" in p.message for p in result.problems)
    assert result.summed is not None
    assert [name for name, _report in result.summed.sources] == ["市.json"]
    assert result.summed.left_out == (("区.json", "未完整读取（有存疑或未找到的格子）"),)
