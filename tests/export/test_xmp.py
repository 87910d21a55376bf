"""The XMP packet of the PDF/A copy: PDF dates written as XMP dates, markup escaped."""

import pytest
from pypdf.generic import DecodedStreamObject
from pypdf.xmp import XmpInformation

from export.xmp import xmp_date, xmp_packet


@pytest.mark.parametrize(
    ("pdf", "xmp"),
    [
        ("D:20261205035056+00'00'", "2026-12-05T03:50:56+00:00"),
        ("D:20261205115056+08'00", "2026-12-05T11:50:56+08:00"),
        ("D:20261205035056Z", "2026-12-05T03:50:56Z"),
        ("D:202612050350", "2026-12-05T03:50"),
        ("D:2026", "2026"),
    ],
)
def test_pdf_dates_become_xmp_dates(pdf, xmp):
    assert xmp_date(pdf) == xmp


def test_a_string_that_is_no_pdf_date_is_refused():
    with pytest.raises(ValueError):
        xmp_date("2026-12-05")


def test_markup_in_a_title_stays_text():
    stream = DecodedStreamObject()
    stream.set_data(xmp_packet({"/Title": "A&B <年报>", "/Author": "某局"}))
    xmp = XmpInformation(stream)
    assert xmp.dc_title == {"x-default": "A&B <年报>"} and xmp.dc_creator == ["某局"]
    assert (xmp.custom_properties, xmp.xmp_create_date) == ({}, None)
