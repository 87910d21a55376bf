"""The registry of format descriptions: which one a year's report is written in, and how a report
of one is carried into a later one.

A row of FORMATS is a description; it declares its first year and, but for the first, the
description it follows and how a report of that one is carried into it. A later revision of the
notice is a new module and its row here.
"""

from __future__ import annotations

from typing import Protocol, Self, TypeVar

from models.format.blocks import FormatDescription, Value
from models.format.gov_2019 import FORMAT_2019
from models.format.gov_2021 import FORMAT_2021

FORMATS: dict[str, FormatDescription] = {f.id: f for f in (FORMAT_2019, FORMAT_2021)}


class Document(Protocol):
    """What a conversion needs of a report: its format and cell values, and a copy in another."""

    @property
    def format(self) -> FormatDescription: ...

    @property
    def values(self) -> dict[str, Value]: ...

    def in_format(self, fmt: FormatDescription, values: dict[str, Value]) -> Self: ...


D = TypeVar("D", bound=Document)


def register(fmt: FormatDescription) -> None:
    """Add a description to the registry (a row of FORMATS made at run time)."""
    if fmt.id in FORMATS and FORMATS[fmt.id] is not fmt:
        raise ValueError(f"another format is registered as {fmt.id}")
    if fmt.previous is not None and fmt.previous not in FORMATS:
        raise ValueError(f"{fmt.id} follows the unknown format {fmt.previous}")
    FORMATS[fmt.id] = fmt


def get_format(format_id: str) -> FormatDescription:
    """The description with this id; KeyError for an unknown one."""
    return FORMATS[format_id]


def newest() -> FormatDescription:
    """The description of the latest first year: the one new reports are written in."""
    return max(FORMATS.values(), key=lambda f: f.first_year)


def for_year(year: int | None) -> FormatDescription:
    """The description a report of `year` is written in: the one of the latest first year not
    after it (the earliest for a year before all; the newest when the year is not known)."""
    if year is None:
        return newest()
    known = sorted(FORMATS.values(), key=lambda f: f.first_year)
    fitting = [f for f in known if f.first_year <= year]
    return fitting[-1] if fitting else known[0]


def upgrade(report: D, to: FormatDescription) -> tuple[D, list[str]] | None:
    """The report carried into `to` through each description in between (2019 → 2021 → …),
    with notes on what has no counterpart; the report itself when it is already in `to`; None
    when `to` does not follow the report's format."""
    chain: list[FormatDescription] = []
    step: FormatDescription | None = to
    while step is not None and step is not report.format:
        chain.append(step)
        step = FORMATS.get(step.previous) if step.previous is not None else None
    if step is None:
        return None
    values, notes = dict(report.values), []
    source = report.format
    for target in reversed(chain):
        assert target.upgrade is not None  # every description with a previous one has one
        values, step_notes = target.upgrade(source, values)
        notes += step_notes
        source = target
    return (report, notes) if not chain else (report.in_format(to, values), notes)
