"""Readings that were wrong without a word (issue 23, item 11): what is not seen on the printed
page is not read, a footnote mark is not part of the number it follows."""

import pytest

from readers.pdf_reader import read_pdf
from tests.test_bombs import _FONT, _pdf, _stream


def _page(text_operators: bytes, tmp_path, name: str = "page.pdf"):
    """A one-page PDF whose content is `text_operators` inside BT … ET, font F1 (Helvetica)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
        b" /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        _FONT,
        _stream(b"", b"BT /F1 12 Tf 72 700 Td " + text_operators + b" ET"),
    ]
    path = tmp_path / name
    path.write_bytes(_pdf(objects))
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
