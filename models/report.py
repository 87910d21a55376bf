"""The report document: what the clerk fills in, independent of how it is stored or shown."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from models.format import AMOUNT_PLACES, CellRef, FormatDescription, ValueType, cell_key
from models.formats import CURRENT, get_format
from models.i18n import _

Value = int | Decimal


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


@dataclass
class Report:
    """One agency's report for one year. A cell absent from `values` was never filled."""

    format_id: str = CURRENT.id
    year: int | None = None
    agency: Agency = field(default_factory=Agency)
    period_start: date | None = None
    period_end: date | None = None
    signing_unit: str = ""
    issued_on: date | None = None  # 成文日期
    texts: dict[str, str] = field(default_factory=dict)
    values: dict[str, Value] = field(default_factory=dict)

    @property
    def format(self) -> FormatDescription:
        return get_format(self.format_id)

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

    def fill_totals(self) -> None:
        """Compute every total from its parts; a total whose parts are all blank stays blank."""
        for ref in _totals_in_order(self.format):
            _, parts = ref.sums()[0]
            filled = [self.values[k] for k in parts if k in self.values]
            if filled:
                self.values[ref.key] = sum(filled)
            else:
                self.values.pop(ref.key, None)


def _totals_in_order(fmt: FormatDescription) -> list[CellRef]:
    # Total rows first (one per column), then total columns, which then see the row totals.
    row_totals = [r for r in fmt.cells.values() if r.row.is_total and not r.column.is_total]
    column_totals = [r for r in fmt.cells.values() if r.column.is_total]
    return row_totals + column_totals


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
    if number < 0:
        raise InputError(_("不能为负数"))
    if value_type is ValueType.COUNT:
        if number != int(number):
            raise InputError(_("件数应为整数，不能有小数"))
        return int(number)
    amount = Decimal(number)
    if amount.as_tuple().exponent < -AMOUNT_PLACES and amount != round(amount, AMOUNT_PLACES):
        raise InputError(
            _("金额最多保留 {places} 位小数（单位：万元）").format(places=AMOUNT_PLACES)
        )
    return amount


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
