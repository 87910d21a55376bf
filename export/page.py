"""The printed page every writer lays out: GB/T 9704-2012 geometry and type sizes, in points.

The PDF draws it exactly; Word gets the same margins, sizes and fixed line spacing, so that the
clerk's edited document prints like ours.
"""

from __future__ import annotations

from models.format.layout import TableLayout

MM = 72 / 25.4  # points per millimetre

# A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm, 22 lines of 28 characters.
PAGE_WIDTH, PAGE_HEIGHT = 210 * MM, 297 * MM
TOP, LEFT_MARGIN = 37 * MM, 28 * MM
TEXT_WIDTH, TEXT_HEIGHT = 156 * MM, 225 * MM
BOTTOM = PAGE_HEIGHT - TOP - TEXT_HEIGHT
RIGHT_MARGIN = PAGE_WIDTH - LEFT_MARGIN - TEXT_WIDTH
BODY_SIZE = 16  # 3号
CHARS_PER_LINE = 28
CHAR_PITCH = TEXT_WIDTH / CHARS_PER_LINE  # about 15.79 pt: the grid's column, a little under 3号
LINE = TEXT_HEIGHT / 22  # about 29 pt: Word calls it 固定值
TITLE_SIZE = 22  # 2号
TITLE_LINE = TITLE_SIZE * 1.45
PAGE_NUMBER_SIZE = 14  # 4号
PAGE_NUMBER_GAP = 7 * MM  # from the foot of the text block
SIZE_3 = 16  # 3号, as Word and the web page name the body size
SIGNATURE_INDENT = 4  # 成文日期 stands this many characters in from the right margin


def em_width(text: str) -> float:
    """The width of `text` in ems of its size: Chinese characters one em, ASCII half (as the
    仿宋 and 黑体 of office PCs set digits)."""
    return sum(0.5 if ord(char) < 0x80 else 1.0 for char in text)


def column_widths(layout: TableLayout, size: float) -> list[float]:
    """Value columns share what the row labels leave; nested label columns are narrow."""
    label_columns = layout.label_columns
    value_columns = layout.columns - label_columns
    if label_columns == 0:
        return [TEXT_WIDTH / value_columns] * value_columns
    if label_columns == 1:
        label = TEXT_WIDTH * (0.42 if value_columns > 2 else 0.5)
        return [label] + [(TEXT_WIDTH - label) / value_columns] * value_columns
    value = 3.0 * size
    outer = [1.6 * size + 4, 5.0 * size + 4][: label_columns - 1]
    inner = TEXT_WIDTH - value * value_columns - sum(outer)
    return outer + [inner] + [value] * value_columns
