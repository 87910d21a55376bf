"""What the clerk types or pastes into a cell, parsed as a spreadsheet would (hypothesis)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.format.blocks import ValueType
from models.report import InputError, parse_cell_text

FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")
spaces = st.sampled_from(["", " ", "\u3000", "\t", "  "])


@given(st.integers(min_value=0, max_value=10**9), spaces, spaces, st.booleans())
def test_any_whole_number_is_accepted_in_any_width(number, before, after, full_width):
    text = str(number).translate(FULL_WIDTH) if full_width else str(number)
    assert parse_cell_text(before + text + after, ValueType.COUNT) == number


@given(st.integers(min_value=1000, max_value=10**9))
def test_thousands_separators_from_spreadsheets(number):
    assert parse_cell_text(f"{number:,}", ValueType.COUNT) == number


@given(st.integers(min_value=1, max_value=10**6))
def test_negative_counts_are_refused(number):
    with pytest.raises(InputError, match="不能为负数"):
        parse_cell_text(f"-{number}", ValueType.COUNT)


@given(st.decimals(min_value=0, max_value=10**6, places=4).filter(lambda d: d != int(d)))
def test_fractions_are_refused_in_counts_and_kept_exactly_in_amounts(amount):
    with pytest.raises(InputError, match="不能有小数"):
        parse_cell_text(str(amount), ValueType.COUNT)
    assert parse_cell_text(str(amount), ValueType.AMOUNT) == amount


@given(st.text(alphabet="abcxyz元件约左右，。/", min_size=1, max_size=8))
def test_text_is_refused_with_the_text_named(text):
    with pytest.raises(InputError) as refused:
        parse_cell_text("12" + text, ValueType.COUNT)
    assert "不是数字" in str(refused.value)


def test_empty_cell_clears_and_too_many_places_are_refused():
    assert parse_cell_text(" \u3000 ", ValueType.COUNT) is None
    with pytest.raises(InputError, match="最多保留 6 位小数"):
        parse_cell_text("1.2345678", ValueType.AMOUNT)
    assert parse_cell_text("１２．５０", ValueType.AMOUNT) == Decimal("12.50")


def test_an_amount_is_shown_in_digits_however_it_was_written():
    from models.report import format_value

    assert format_value(Decimal("1E+3")) == "1000"
    assert format_value(Decimal("12.5000")) == "12.5000"
    assert format_value(None) == "" and format_value(7) == "7"
