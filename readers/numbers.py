"""Numbers as printed in a table cell, and a row's numbers run together with no separator."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from models.format.blocks import Column, ValueType
from models.i18n import _

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋−", "0123456789.,-+-")
_BLANKS = {"", "/", "／", "-", "—", "–", "——", "无", "空", "\\"}
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
MAX_SPLITS = 50


def is_value_text(text: str) -> bool:
    """A cell that holds a number or is blank, as opposed to a label."""
    cleaned = "".join(text.translate(_FULL_WIDTH).split())
    return cleaned in _BLANKS or bool(re.fullmatch(r"[+-]?[\d,]*\.?\d*", cleaned))


def parse_number(text: str, value_type: ValueType):
    """(value or None, what the reader was unsure of or "") for a printed cell."""
    cleaned = "".join(text.translate(_FULL_WIDTH).split())
    if cleaned in _BLANKS:
        return None, (_("「{text}」读作空白").format(text=cleaned) if cleaned else "")
    note = ""
    if _GROUPED.match(cleaned):
        cleaned = cleaned.replace(",", "")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None, _("「{text}」不是数字，未读取").format(text=text.strip())
    if value_type is ValueType.AMOUNT:
        return number, note
    if number != number.to_integral_value():
        return None, _("「{text}」应为整数，未读取").format(text=text.strip())
    if number < 0 and value_type is ValueType.COUNT:
        note = _("「{text}」是负数").format(text=text.strip())
    return int(number), note


def split_run(digits: str, columns: list[Column]) -> list[tuple[int, ...]]:
    """Every way to cut a run of digits into one whole number per column (no leading zeros),
    where each total column equals the sum of its parts; at most MAX_SPLITS of them."""
    ids = [c.id for c in columns]
    found: list[tuple[int, ...]] = []

    def place(position: int, index: int, values: list[int]) -> None:
        if len(found) >= MAX_SPLITS:
            return
        if index == len(columns):
            if position == len(digits):
                found.append(tuple(values))
            return
        left = len(columns) - index - 1
        column = columns[index]
        if column.total_of:
            text = str(sum(values[ids.index(part)] for part in column.total_of))
            if digits.startswith(text, position):
                place(position + len(text), index + 1, values + [int(text)])
            return
        longest = len(digits) - position - left
        for length in range(1, longest + 1):
            piece = digits[position : position + length]
            if length > 1 and piece[0] == "0":
                break
            place(position + length, index + 1, values + [int(piece)])

    place(0, 0, [])
    return found
