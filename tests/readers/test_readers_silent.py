"""Readings that were wrong without a word (issue 23, item 11): what is not seen on the printed
page is not read, a footnote mark is not part of the number it follows."""

import pytest

from readers.pdf_reader import read_pdf
from tests.readers.pdfs import HELVETICA, pdf_of, stream


def _page(text_operators: bytes, tmp_path, name: str = "page.pdf"):
    """A one-page PDF whose content is `text_operators` inside BT … ET, font F1 (Helvetica)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
        b" /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        HELVETICA,
        stream(b"", b"BT /F1 12 Tf 72 700 Td " + text_operators + b" ET"),
    ]
    path = tmp_path / name
    path.write_bytes(pdf_of(objects))
    return path


def _texts(path):
    """The page's text, spaces left out (a number's cell is read without them: the gap where a
    hidden digit was reads as a space)."""
    return ["".join(item.text.split()) for item in read_pdf(path).items]


@pytest.mark.parametrize(
    ("hidden", "how"),
    [
        (b"1 1 1 rg (9) Tj 0 0 0 rg", "white on the white page"),
        (b"3 Tr (9) Tj 0 Tr", "render mode 3, invisible"),
        (b"7 Tr (9) Tj 0 Tr", "render mode 7, clip only"),
        (b"1 1 1 RG 1 Tr (9) Tj 0 Tr", "stroked in white"),
    ],
)
def test_a_digit_not_seen_on_the_page_is_not_read(hidden, how, tmp_path):
    path = _page(b"(Received41) Tj " + hidden + b" (2) Tj", tmp_path)
    assert _texts(path) == ["Received412"], how


def test_a_digit_outside_the_page_is_not_read(tmp_path):
    path = _page(b"(Received412) Tj 600 0 Td (9) Tj", tmp_path)
    assert _texts(path) == ["Received412"]


def test_a_coloured_digit_is_still_read(tmp_path):
    path = _page(b"(Received41) Tj 0.8 0 0 rg (9) Tj 0 g (2) Tj", tmp_path)
    assert _texts(path) == ["Received4192"]


def test_a_footnote_mark_after_a_number_is_left_out_and_said(tmp_path):
    path = _page(b"(Received412) Tj /F1 6 Tf 5 Ts (1) Tj 0 Ts /F1 12 Tf (, all) Tj", tmp_path)
    source = read_pdf(path)
    assert [item.text for item in source.items] == ["Received412,all"]
    assert source.notes == ["PDF 第 1 页：数字后的上标「1」读作脚注标记，未计入数字"]


def test_a_small_digit_on_the_line_is_no_footnote_mark(tmp_path):
    path = _page(b"(Received412) Tj /F1 6 Tf (1) Tj", tmp_path)
    assert _texts(path) == ["Received4121"]


APPLICANTS = ["自然人", "法人或其他组织", "总计"]
ORGANISATIONS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


def _received(organisations: list[str], numbers: list[str]):
    from models.format.gov_2021 import FORMAT_2021 as CURRENT
    from readers.source import SourceRow
    from readers.tables import read_table

    rows = [
        ["申请人情况"],
        APPLICANTS,
        organisations,
        ["一、本年新收政府信息公开申请数量", *numbers],
    ]
    fmt = CURRENT
    return read_table(fmt, fmt.table("applications"), [(1, SourceRow(r, 1)) for r in rows])


def test_swapped_columns_are_placed_by_their_headers_and_the_swap_is_said():
    swapped = ["科研机构", "商业企业", "社会公益组织", "法律服务机构", "其他"]
    reading = _received(swapped, ["412", "4", "61", "9", "27", "15", "528"])
    values = reading.values
    assert values["applications.received.business"] == 61
    assert values["applications.received.research"] == 4
    assert values["applications.received.total"] == 528
    assert reading.notes == [
        "表三：表头中「科研机构」、「商业企业」的位置与标准格式不同，数字按表头放置"
    ]


def test_columns_in_the_formats_order_are_placed_without_a_note():
    reading = _received(ORGANISATIONS, ["412", "61", "4", "9", "27", "15", "528"])
    assert reading.values["applications.received.business"] == 61 and reading.notes == []


def test_a_repeated_header_row_does_not_swap_the_columns_back():
    from models.format.gov_2021 import FORMAT_2021 as CURRENT
    from readers.headers import Headers

    columns = tuple(CURRENT.table("applications").blocks[0].leaf_columns())
    swapped = ["科研机构", "商业企业", "社会公益组织", "法律服务机构", "其他"]
    headers = Headers()
    headers.add(swapped)
    once = headers.order(columns)
    headers.add(swapped)
    assert headers.order(columns) == once
    assert [c.id for c in once[0]][1:3] == ["research", "business"]
    assert once[1] == ("科研机构", "商业企业")
