"""The registry of known format descriptions; a report names the one it was written against."""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.format.blocks import FormatDescription
from models.format.gov_2019 import FORMAT_2019, as_2021
from models.format.gov_2021 import FORMAT_2021

if TYPE_CHECKING:
    from models.report import Report

CURRENT = FORMAT_2021
FORMATS: dict[str, FormatDescription] = {f.id: f for f in (FORMAT_2021, FORMAT_2019)}


def get_format(format_id: str) -> FormatDescription:
    """The description with this id; KeyError for an unknown one."""
    return FORMATS[format_id]


# How a report of an older format is carried into a newer one: (from, to) → converter.
_CONVERSIONS = {(FORMAT_2019.id, FORMAT_2021.id): as_2021}


def converted(report: Report, format_id: str) -> tuple[Report, list[str]] | None:
    """The report in the counterparts of `format_id`, with notes on what has none; None when no
    conversion between the two formats is known."""
    if report.format_id == format_id:
        return report, []
    conversion = _CONVERSIONS.get((report.format_id, format_id))
    return None if conversion is None else conversion(report)
