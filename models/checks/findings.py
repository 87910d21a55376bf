"""What a check finds: a Finding with its severity, and where in the report it is."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from models.format.blocks import FormatDescription, Value

PROFILE_SECTION = "profile"  # the 基本信息 tab: agency, year, dates


class Severity(Enum):
    ERROR = "错误"  # must be fixed before the final PDF
    HINT = "提示"  # worth a look; may be acknowledged


@dataclass(frozen=True)
class Finding:
    """One problem. `location` is a cell key, or a field such as "agency.name" or "texts.other"."""

    rule: str
    severity: Severity
    message: str
    location: str
    section: str  # the id of the top-level section (tab) the location belongs to
    lhs_cells: tuple[str, ...] = ()
    rhs_cells: tuple[str, ...] = ()
    lhs_value: Value | None = None
    rhs_value: Value | None = None
    covers: tuple[str, ...] = ()  # every location a grouped finding is about (blank cells)
    acknowledged: str | None = None  # the clerk's 说明 when a 提示 is marked 已核实

    @property
    def difference(self) -> Value | None:
        if self.lhs_value is None or self.rhs_value is None:
            return None
        return self.lhs_value - self.rhs_value

    @property
    def key(self) -> str:
        """What names this finding from one check to the next, so an acknowledgement sticks."""
        return "|".join((self.rule, self.location, *self.lhs_cells))

    @property
    def is_open(self) -> bool:
        """An 错误, or a 提示 not yet marked 已核实: what counts."""
        return self.acknowledged is None

    @property
    def rank(self) -> int:
        """The order findings are listed in: 错误, hints about meaning, completeness, 已核实."""
        if self.severity is Severity.ERROR:
            return 0
        if self.acknowledged is not None:
            return 3
        return 2 if self.rule in COMPLETENESS_RULES else 1


# 提示 that only say something is not filled in yet, listed after those about what it says.
COMPLETENESS_RULES = frozenset({"blank", "text_empty", "required", "unconfirmed"})


def counts(findings: list[Finding]) -> tuple[int, int, int]:
    """(错误, open 提示, 已核实 提示) of a list of findings."""
    errors = sum(f.severity is Severity.ERROR for f in findings)
    acknowledged = sum(f.acknowledged is not None for f in findings)
    return errors, len(findings) - errors - acknowledged, acknowledged


def table_sections(fmt: FormatDescription) -> dict[str, str]:
    """Which top-level section (tab) shows each table."""
    return {s.table.id: s.id for s in fmt.sections if s.table is not None}


def section_of(fmt: FormatDescription, location: str) -> str:
    """The top-level section (tab) a location belongs to; the opening paragraph is on 基本信息."""
    if location in fmt.cells:
        return table_sections(fmt)[fmt.cells[location].table.id]
    if location.startswith("texts."):
        text_id = location.removeprefix("texts.")
        for top in fmt.sections:
            if top.opening and text_id == top.id:
                return PROFILE_SECTION
            if text_id in {top.id, *(s.id for s in top.subsections)}:
                return top.id
    return PROFILE_SECTION


def in_order(fmt: FormatDescription, findings: list[Finding]) -> list[Finding]:
    """The findings in the order the clerk reads them: 错误, hints about meaning, completeness,
    已核实 — each in the order of the report (基本信息 first)."""
    order = {PROFILE_SECTION: -1} | {s.id: i for i, s in enumerate(fmt.sections)}
    return sorted(findings, key=lambda f: (f.rank, order[f.section]))
