"""Numbers as printed in a table cell, and a row's numbers run together with no separator."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from models.format.blocks import Column, ValueType
from models.i18n import _
from models.report import MAX_VALUE, unsigned_zero

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋−", "0123456789.,-+-")
_BLANKS = {"", "/", "／", "-", "—", "–", "——", "无", "空", "\\"}
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
MAX_SPLITS = 50
LONGEST_PIECE = len(str(MAX_VALUE))  # digits of the largest count a report can hold
LONGEST_NUMBER = 2 * LONGEST_PIECE + 1  # characters of the longest amount: 13 digits, point, places
SPLIT_STEPS = 20_000  # cuts tried before a run of digits is given up as unreadable


def is_value_text(text: str) -> bool:
    """A cell that holds a number or is blank, as opposed to a label; a workbook's formula whose
    result is unknown («=B5*2») holds a number too, which parse_number then reports unread."""
    cleaned = "".join(text.translate(_FULL_WIDTH).split())
    return (
        cleaned in _BLANKS
        or cleaned.startswith("=")
        or bool(re.fullmatch(r"[+-]?[\d,]*\.?\d*", cleaned))
    )


def parse_number(text: str, value_type: ValueType):
    """(value or None, what the reader was unsure of or "") for a printed cell. A number longer
    than any of a report's, or above MAX_VALUE, is not read; a negative one is read and doubted;
    「-0」 is read as 0."""
    cleaned = "".join(text.translate(_FULL_WIDTH).split())
    if cleaned in _BLANKS:
        return None, (_("「{text}」读作空白").format(text=cleaned) if cleaned else "")
    if _GROUPED.match(cleaned):
        cleaned = cleaned.replace(",", "")
    if len(cleaned) > LONGEST_NUMBER:
        return None, _("「{text}…」有 {length} 位，不是报告中的数，未读取").format(
            text=cleaned[:LONGEST_PIECE], length=len(cleaned)
        )
    try:
        number = unsigned_zero(Decimal(cleaned))
    except InvalidOperation:
        return None, _("「{text}」不是数字，未读取").format(text=text.strip())
    if abs(number) > MAX_VALUE:
        return None, _("「{text}」超过 {limit}，不是报告中的数，未读取").format(
            text=cleaned, limit=MAX_VALUE
        )
    note = _("「{text}」是负数").format(text=text.strip()) if number < 0 else ""
    if value_type is ValueType.AMOUNT:
        return number, note
    if number != number.to_integral_value():
        return None, _("「{text}」应为整数，未读取").format(text=text.strip())
    if value_type is ValueType.CHANGE:
        note = ""  # 本年增/减 may be negative
    return int(number), note


# What one column's piece of a run may be: no leading zeros; a sign only in 本年增/减, a decimal
# point only in an amount.
_PIECES = {
    ValueType.COUNT: re.compile(r"0|[1-9]\d*"),
    ValueType.CHANGE: re.compile(r"-?(0|[1-9]\d*)"),
    ValueType.AMOUNT: re.compile(r"(0|[1-9]\d*)(\.\d+)?"),
}


def _longest(column: Column) -> int:
    """The most characters a column's piece of a run can have."""
    return LONGEST_PIECE if column.value_type is ValueType.COUNT else LONGEST_NUMBER


def is_run(text: str) -> bool:
    """Digits run together, perhaps with a minus sign or a decimal point among them."""
    return bool(re.fullmatch(r"-?\d[\d.\-]*", text))


def split_run(digits: str, columns: list[Column]) -> list[tuple]:
    """Every way to cut a run of digits into one number per column (no leading zeros; a minus sign
    starts a 本年增/减, a decimal point stays in an amount), each total the sum of its parts; at
    most MAX_SPLITS of them. A cut is dropped as soon as the digits left are too few for the
    columns after it (a total is at least as long as its parts' sum so far). After SPLIT_STEPS
    steps the run is given up ([]): the reader reports a row it could not read."""
    if len(digits) > LONGEST_NUMBER * len(columns):
        return []
    ids = {c.id: i for i, c in enumerate(columns)}
    found: list[tuple] = []
    steps = 0

    def bounds_after(index: int, values: list) -> tuple[int, int]:
        """The fewest and the most digits the columns from `index` on can take, given the
        values so far: a total is at least as long as its parts' sum so far, and exactly as
        long as the sum once all its parts are placed."""
        least = most = 0
        for column in columns[index:]:
            done = [values[ids[p]] for p in column.total_of if ids[p] < len(values)]
            digits_so_far = len(str(sum(done))) if done else 1
            least += digits_so_far
            complete = column.total_of and len(done) == len(column.total_of)
            most += digits_so_far if complete else _longest(column)
        return least, most

    def place(position: int, index: int, values: list) -> bool:
        """False once the budget is spent."""
        nonlocal steps
        steps += 1
        if steps > SPLIT_STEPS:
            return False
        if len(found) >= MAX_SPLITS or index == len(columns):
            if index == len(columns) and position == len(digits):
                found.append(tuple(values))
            return True
        column = columns[index]
        if column.total_of:
            text = str(sum(values[ids[part]] for part in column.total_of))
            if digits.startswith(text, position):
                return place(position + len(text), index + 1, values + [int(text)])
            return True
        pattern = _PIECES[column.value_type]
        for length in range(1, min(len(digits) - position, _longest(column)) + 1):
            piece = digits[position : position + length]
            if not pattern.fullmatch(piece):
                if pattern.fullmatch(piece + "0"):
                    continue  # 「-」 or 「12.」: a longer piece may be a number
                break
            number = Decimal(piece) if column.value_type is ValueType.AMOUNT else int(piece)
            after = values + [number]
            least, most = bounds_after(index + 1, after)
            if len(digits) - position - length < least:
                break  # a longer piece leaves fewer digits and makes sums no shorter
            if len(digits) - position - length > most:
                continue
            if not place(position + length, index + 1, after):
                return False
        return True

    return found if place(0, 0, []) else []


def nearest_splits(digits: str, columns: list[Column]) -> tuple[list[tuple], int]:
    """When no cut makes each total the sum of its parts (a report whose row total is a slip):
    the cuts whose totals miss their parts' sums by the least, and by how much (every total's
    miss added up). ([], 0) when there is none, or the search passes SPLIT_STEPS."""
    ids = {c.id: i for i, c in enumerate(columns)}
    best: list[tuple] = []
    least = -1
    steps = 0

    def place(position: int, values: list) -> bool:
        nonlocal steps, least, best
        steps += 1
        if steps > SPLIT_STEPS:
            return False
        index = len(values)
        if index == len(columns):
            if position == len(digits):
                miss = sum(
                    abs(values[i] - sum(values[ids[p]] for p in c.total_of))
                    for i, c in enumerate(columns)
                    if c.total_of
                )
                if least < 0 or miss < least:
                    best, least = [tuple(values)], miss
                elif miss == least and len(best) < MAX_SPLITS:
                    best.append(tuple(values))
            return True
        pattern = _PIECES[columns[index].value_type]
        left = len(columns) - index - 1
        for length in range(1, min(len(digits) - position - left, _longest(columns[index])) + 1):
            piece = digits[position : position + length]
            if not pattern.fullmatch(piece):
                if pattern.fullmatch(piece + "0"):
                    continue
                break
            number = Decimal(piece) if columns[index].value_type is ValueType.AMOUNT else int(piece)
            if not place(position + length, values + [number]):
                return False
        return True

    if len(digits) > LONGEST_NUMBER * len(columns) or not place(0, []):
        return [], 0
    return best, max(least, 0)
