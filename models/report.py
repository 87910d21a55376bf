"""The report document: what the clerk fills in, independent of how it is stored or shown."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import overload

from models.format.blocks import (
    AMOUNT_PLACES,
    CellRef,
    FormatDescription,
    Value,
    ValueType,
    cell_key,
)
from models.i18n import _

# No count or amount of a report comes near 10¹² (a 万元 amount that large is 10¹⁶ yuan): larger is
# a slip of the hand, refused in a cell and an 错误 in a file.
MAX_VALUE = 10**12
YEARS = range(2000, 2101)  # the years a report can be for, in a file and in the window


class InputError(ValueError):
    """Text that cannot go into a cell; the message says why, in Chinese."""


@dataclass
class Agency:
    """The agency profile printed in the opening paragraph and the title."""

    name: str = ""
    office: str = ""  # whom to contact about the report, e.g. 办公室
    address: str = ""
    postcode: str = ""
    phone: str = ""
    website: str = ""


AGENCY_FIELDS = ("name", "office", "address", "postcode", "phone", "website")


@dataclass(frozen=True)
class Acknowledgement:
    """A 提示 the clerk has checked (已核实): what it said then, the clerk's 说明, and when."""

    message: str
    note: str
    at: str = ""


@dataclass
class Report:
    """One agency's report for one year, in one format description (models.format.registry
    says which a year's report is written in). A cell absent from `values` was never filled."""

    format: FormatDescription
    year: int | None = None
    agency: Agency = field(default_factory=Agency)
    period_start: date | None = None
    period_end: date | None = None
    signing_unit: str = ""
    issued_on: date | None = None  # 成文日期
    texts: dict[str, str] = field(default_factory=dict)
    values: dict[str, Value] = field(default_factory=dict)
    # Locations copied from last year's report and not yet edited or confirmed (沿用上年，待核对).
    unconfirmed: set[str] = field(default_factory=set)
    # 提示 marked 已核实, by Finding.key; they stay listed but stop counting.
    acknowledged: dict[str, Acknowledgement] = field(default_factory=dict)

    @property
    def format_id(self) -> str:
        return self.format.id

    @property
    def title(self) -> str:
        year = f"{self.year}年" if self.year else ""
        return f"{self.agency.name}{year}政府信息公开工作年度报告"

    def value(self, table_id: str, row_id: str, column_id: str) -> Value | None:
        return self.values.get(cell_key(table_id, row_id, column_id))

    def set_value(self, key: str, value: Value | None) -> None:
        """Set one cell (None clears it); an unknown cell key raises KeyError."""
        if key not in self.format.cells:
            raise KeyError(key)
        if value is None:
            self.values.pop(key, None)
        else:
            self.values[key] = value

    def get_field(self, location: str) -> Field:
        """The value at a location: a cell key, "agency.name", "texts.overview", "year", …"""
        kind, name = _split(self.format, location)
        if kind == "cell":
            return self.values.get(location)
        if kind == "agency":
            return getattr(self.agency, name)
        if kind == "text":
            return self.texts.get(name, "")
        return getattr(self, name)

    def set_field(self, location: str, value: Field) -> None:
        """Set the value at a location; editing a location confirms it."""
        kind, name = _split(self.format, location)
        if kind == "cell":
            if isinstance(value, (str, date)):
                raise TypeError(f"{location} holds a number, not {value!r}")
            self.set_value(location, value)
        elif kind in ("agency", "text"):
            if value is not None and not isinstance(value, str):
                raise TypeError(f"{location} holds a text, not {value!r}")
            if kind == "agency":
                setattr(self.agency, name, one_line_text(value or ""))
            else:
                self.texts[name] = paragraph_text(value or "")
        elif name == "signing_unit" and isinstance(value, str):
            self.signing_unit = one_line_text(value)
        else:
            setattr(self, name, value)
        self.unconfirmed.discard(location)

    def locations(self) -> list[str]:
        """Every location of the report, in the order of the report."""
        fmt = self.format
        return (
            list(_SCALARS)
            + [f"agency.{name}" for name in AGENCY_FIELDS]
            + [f"texts.{s.id}" for s in fmt.text_sections()]
            + list(fmt.cells)
        )

    def next_year(self) -> Report:
        """Next year's report started from this one, in the same format (see docs: 沿用上年; a
        report whose next year is written in a later format is first carried into it, see
        models.format.registry.upgrade).

        The agency profile, signing unit and texts are copied and marked unconfirmed (the opening
        paragraph with its years moved on, see shift_years); each
        carry-over row is pre-filled from last year's row it continues (二、上年结转 from
        四、结转下年度继续办理), each stock column from last year's value as a baseline to update.
        """
        year = self.year + 1 if self.year else None
        nxt = Report(
            format=self.format,
            year=year,
            agency=Agency(**{name: getattr(self.agency, name) for name in AGENCY_FIELDS}),
            period_start=date(year, 1, 1) if year else None,
            period_end=date(year, 12, 31) if year else None,
            signing_unit=self.signing_unit,
            texts=dict(self.texts),
        )
        opening = self.format.opening
        if year and self.year and opening is not None and opening.id in nxt.texts:
            # the opening paragraph's statistics period is this year's
            nxt.texts[opening.id] = shift_years(nxt.texts[opening.id], self.year, year)
        nxt.unconfirmed = {f"agency.{n}" for n in AGENCY_FIELDS if getattr(self.agency, n)}
        nxt.unconfirmed |= {f"texts.{k}" for k, v in self.texts.items() if v}
        if self.signing_unit:
            nxt.unconfirmed.add("signing_unit")
        for ref in self.format.cells.values():
            if ref.is_total:
                continue
            source = carried_from(ref)
            if source is not None and source in self.values:
                nxt.values[ref.key] = self.values[source]
            elif stock_of(ref) is not None and ref.key in self.values:
                nxt.values[ref.key] = self.values[ref.key]
                nxt.unconfirmed.add(ref.key)
        nxt.fill_totals()
        return nxt

    def fill_totals(self) -> None:
        """Compute every total from its parts; a total whose parts are all blank stays blank."""
        values = self.values
        for key, parts in _totals_in_order(self.format):
            filled = [values[k] for k in parts if k in values]
            if filled:
                values[key] = sum(filled)
            else:
                values.pop(key, None)

    def normalise_texts(self) -> None:
        """Whitespace as text from Word, WPS or a web page brings it, made what the report means:
        a tab is a space, and a line break inside a one-line field (地址, 机关名称) joins the line
        (see one_line_text); a text's paragraphs stay."""
        for name in AGENCY_FIELDS:
            setattr(self.agency, name, one_line_text(getattr(self.agency, name)))
        self.signing_unit = one_line_text(self.signing_unit)
        self.texts = {k: paragraph_text(v) for k, v in self.texts.items()}

    def in_format(self, fmt: FormatDescription, values: dict[str, Value]) -> Report:
        """The report written in another format with these values: the profile, dates and texts
        kept; what was unconfirmed stays so where it is not a cell; nothing acknowledged."""
        return Report(
            format=fmt,
            year=self.year,
            agency=Agency(**vars(self.agency)),
            period_start=self.period_start,
            period_end=self.period_end,
            signing_unit=self.signing_unit,
            issued_on=self.issued_on,
            texts=dict(self.texts),
            values=dict(values),
            unconfirmed={loc for loc in self.unconfirmed if loc not in self.format.cells},
        )


Field = Value | str | date | None

# Report attributes addressed by their own name, and how each is stored as text.
_SCALARS = {
    "year": "int",
    "period_start": "date",
    "period_end": "date",
    "signing_unit": "str",
    "issued_on": "date",
}


def _split(fmt: FormatDescription, location: str) -> tuple[str, str]:
    if location in fmt.cells:
        return "cell", location
    if location in _SCALARS:
        return "scalar", location
    prefix, _dot, name = location.partition(".")
    if prefix == "agency" and name in AGENCY_FIELDS:
        return "agency", name
    if prefix == "texts" and name in {s.id for s in fmt.text_sections()}:
        return "text", name
    raise KeyError(location)


_LINE_BREAK = re.compile(r"\r\n|[\r\n\v\f\x85\u2028\u2029]")
_TABS = re.compile(r"[\t\u00a0]")  # a tab, and the no-break space web pages put between words


def one_line_text(text: str) -> str:
    """A one-line field as the clerk meant it: a line break joins its two lines (with nothing
    between two Chinese characters, 「北京市海淀区\n中关村」; with a space between other words) and a
    tab is a space. Spaces the clerk is typing at the end stay."""
    pieces = _LINE_BREAK.split(_TABS.sub(" ", text))
    joined = pieces[0]
    for piece in pieces[1:]:
        left, right = joined.rstrip(), piece.lstrip()
        if left and right and not (_wide(left[-1]) and _wide(right[0])):
            left += " "
        joined = left + right
    return joined


def paragraph_text(text: str) -> str:
    """A text of paragraphs: every kind of line break one 「\n」, a tab a space."""
    return _LINE_BREAK.sub("\n", _TABS.sub(" ", text))


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def format_value(value: Value | None) -> str:
    """A cell's value as the form and the printed table show it: digits, never 1E+3."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def encode_field(value: Field) -> str | None:
    """A value as it is stored in text: ISO dates, exact decimals."""
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def stored_text_shown(location: str, text: str) -> str:
    """A value as stored (encode_field) as the clerk reads it: a date field's 2022-01-05 as
    2022年1月5日, anything else as it is."""
    if _SCALARS.get(location) != "date" or not text:
        return text
    try:
        return date_text(date.fromisoformat(text))
    except ValueError:  # not written by encode_field: shown as found
        return text


def decode_field(fmt: FormatDescription, location: str, text: str | None) -> Field:
    """The inverse of encode_field, by what the location holds."""
    kind, name = _split(fmt, location)
    if text is None:
        return None if kind in ("cell", "scalar") else ""
    if kind == "cell":
        return Decimal(text) if fmt.cells[location].value_type is ValueType.AMOUNT else int(text)
    if kind == "scalar":
        converter = _SCALARS[name]
        if converter == "int":
            return int(text)
        if converter == "date":
            return date.fromisoformat(text)
    return text


def shift_years(text: str, old: int, new: int) -> str:
    """Move every date and year of `old` in the text to `new`: 「自2021年1月1日起至2021年12月31日止」
    becomes 「自2022年1月1日起至2022年12月31日止」. Other years are left for the clerk to check."""
    return re.sub(rf"(?<!\d){old}(?=\s*(?:年|[-/.]\d))", str(new), text)


def carried_from(ref: CellRef) -> str | None:
    """The cell of last year's report this cell carries over, if it is a carry-over cell."""
    for carry in ref.table.carry_overs:
        if carry.row == ref.row.id:
            return cell_key(ref.table.id, carry.from_row, ref.column.id)
    return None


def stock_of(ref: CellRef):
    """The Stock rule this cell is the running total of, if any."""
    return next((s for s in ref.table.stocks if s.column == ref.column.id), None)


def total_keys(fmt: FormatDescription) -> list[str]:
    """Every total cell of the format: what an edit can change besides the edited cells."""
    return [key for key, _parts in _totals_in_order(fmt)]


@cache
def _totals_in_order(fmt: FormatDescription) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each total cell with the cells it adds up, in an order where parts come before sums:
    total rows first (one per column), then total columns, which then see the row totals."""
    cells = fmt.cells.values()
    row_totals = [r for r in cells if r.row.is_total and not r.column.is_total]
    column_totals = [r for r in cells if r.column.is_total]
    return tuple((ref.key, ref.sums()[0][1]) for ref in row_totals + column_totals)


_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋−", "0123456789.,-+-")


def parse_cell_text(text: str, value_type: ValueType) -> Value | None:
    """Parse what the clerk typed or pasted into a cell; None for an empty cell.

    Full-width digits and surrounding spaces are accepted; text, negative numbers, fractions in a
    count cell and amounts with too many places are refused with an InputError saying why.
    """
    cleaned = text.translate(_FULL_WIDTH).strip()
    if not cleaned:
        return None
    number_text = cleaned.replace(",", "") if _is_grouped(cleaned) else cleaned
    try:
        number = Decimal(number_text)
    except InvalidOperation:
        raise InputError(_("「{text}」不是数字").format(text=text.strip())) from None
    if not number.is_finite():
        raise InputError(_("「{text}」不是数字").format(text=text.strip()))
    return check_value(number, value_type)


def check_value(number: Value, value_type: ValueType) -> Value:
    """The value as stored (int for counts, Decimal for amounts), or InputError with the reason."""
    if isinstance(number, bool):
        raise InputError(_("应为数字"))
    number = unsigned_zero(number)
    if value_type is ValueType.CHANGE:
        if number != int(number):
            raise InputError(_("件数应为整数，不能有小数"))
        return int(number)
    if number < 0:
        raise InputError(_("不能为负数"))
    if number > MAX_VALUE:  # before any arithmetic: int(1e999999999) would take minutes
        raise InputError(_("数值过大，应不超过 {limit}").format(limit=MAX_VALUE))
    if value_type is ValueType.COUNT:
        if number != int(number):
            raise InputError(_("件数应为整数，不能有小数"))
        return int(number)
    amount = Decimal(number)
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -AMOUNT_PLACES:
        if amount != round(amount, AMOUNT_PLACES):
            raise InputError(
                _("金额最多保留 {places} 位小数（单位：万元）").format(places=AMOUNT_PLACES)
            )
        return round(amount, AMOUNT_PLACES)  # 0e-999999999 would print a billion zeros
    if isinstance(exponent, int) and exponent > 0:
        return amount.quantize(Decimal(1))  # 1e3 is 1000
    return amount


@overload
def unsigned_zero(number: Decimal) -> Decimal: ...
@overload
def unsigned_zero(number: Value) -> Value: ...
def unsigned_zero(number: Value) -> Value:
    """「-0」 and 「-0.0000」 as 0 and 0.0000: a zero has no sign in a report."""
    if isinstance(number, Decimal) and number.is_zero() and number.is_signed():
        return abs(number)
    return number


_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_DATE_DIGITS = re.compile(r"(\d{4})(\d{2})(\d{2})")  # 20260115, as ERP and OA systems write it


def parse_date_text(text: str) -> date | None:
    """A date as a clerk types it: 2026-01-15, 2026/1/15, 2026.1.15, 2026年1月15日 or 20260115
    (full-width digits too); None for an empty field, InputError saying why for anything else."""
    cleaned = text.translate(_FULL_WIDTH).replace("／", "/").replace(" ", "").strip()
    if not cleaned:
        return None
    match = _DATE.fullmatch(cleaned) or _DATE_DIGITS.fullmatch(cleaned)
    if match is None:
        raise InputError(
            _("「{text}」不是日期，请写成 2026-01-15 或 2026年1月15日").format(text=text.strip())
        )
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise InputError(
            _("没有{year}年{month}月{day}日这一天").format(year=year, month=month, day=day)
        ) from None


def date_text(value: date | None) -> str:
    """A date as the report prints it and the form shows it, in GB/T 9704's form: 2026年1月15日
    (no leading zeros; babel's long date of zh_CN); "" for no date."""
    if value is None:
        return ""
    from babel.dates import format_date  # loaded with the first date shown, not at every import

    return format_date(value, "long", locale="zh_CN")


def _is_grouped(text: str) -> bool:
    """1,234,567 with thousands separators, as spreadsheets copy them."""
    integer = text.split(".", 1)[0].lstrip("+-")
    groups = integer.split(",")
    return (
        len(groups) > 1
        and 1 <= len(groups[0]) <= 3
        and all(len(g) == 3 and g.isdigit() for g in groups[1:])
        and groups[0].isdigit()
    )


def standard_preamble(report: Report) -> str:
    """The usual opening paragraph, written from the profile: legal basis, statistics period,
    where the report is published, and whom to ask."""
    agency = report.agency
    year = report.year
    start = report.period_start or (date(year, 1, 1) if year else None)
    end = report.period_end or (date(year, 12, 31) if year else None)
    parts = [
        _(
            "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定，{name}编制本年度报告。"
        ).format(name=agency.name),
        _("本报告中所列数据的统计期限自{start}起至{end}止。").format(
            start=date_text(start), end=date_text(end)
        ),
    ]
    if agency.website:
        parts.append(_("本报告电子版可在{website}查阅或下载。").format(website=agency.website))
    contact = [
        text.format(value=value)
        for text, value in (
            (_("{value}"), agency.office),
            (_("地址：{value}"), agency.address),
            (_("邮编：{value}"), agency.postcode),
            (_("电话：{value}"), agency.phone),
        )
        if value
    ]
    if contact:
        parts.append(_("如对本报告有疑问，请联系：{contact}。").format(contact="；".join(contact)))
    return "".join(parts)
