"""The checks: every 勾稽关系 of the format, value types, and completeness.

All table rules are derived from the format description (total rows, total columns, balances); none
is written per cell. The equations are compiled once per format, so a full check is a few hundred
dictionary look-ups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum
from functools import cache

from models.format import Balance, CellRef, FormatDescription, ValueType, cell_key
from models.formats import get_format
from models.i18n import _
from models.report import (
    AGENCY_FIELDS,
    InputError,
    Report,
    Value,
    carried_from,
    check_value,
    stock_of,
)


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

    @property
    def difference(self) -> Value | None:
        if self.lhs_value is None or self.rhs_value is None:
            return None
        return self.lhs_value - self.rhs_value


PROFILE_SECTION = "profile"  # the 基本信息 tab: agency, year, dates


def check(report: Report, previous: Report | None = None) -> list[Finding]:
    """Every finding for the report: 错误 first, then 提示, each in the order of the report.

    With last year's report, the cross-year checks (carry-overs, stocks) run too.
    """
    fmt = report.format
    findings = _check_profile(report)
    findings += _check_texts(report, fmt)
    findings += _check_cells(report, fmt)
    findings += _check_unconfirmed(report, fmt)
    findings += _check_text_claims(report, fmt)
    findings += _check_name_variants(report, fmt)
    if previous is not None and previous.format_id == report.format_id:
        findings += _check_across_years(report, previous, fmt)
    for equation in _equations(fmt.id):
        finding = equation.evaluate(report.values)
        if finding is not None:
            findings.append(finding)
    order = {PROFILE_SECTION: -1} | {s.id: i for i, s in enumerate(fmt.sections)}
    findings.sort(key=lambda f: (f.severity is not Severity.ERROR, order[f.section]))
    return findings


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


@dataclass(frozen=True)
class _Equation:
    """sum(lhs) must equal sum(rhs); a total equation has a single total cell on the left."""

    rule: str
    section: str
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]
    total: CellRef | None
    balance: Balance | None = None
    column_name: str = ""

    def evaluate(self, values: dict[str, Value]) -> Finding | None:
        left = right = 0
        for key in self.lhs:
            if key in values:
                left += values[key]
        for key in self.rhs:
            if key in values:
                right += values[key]
        if left == right:
            return None
        total_blank = self.total is not None and self.total.key not in values
        if self.total is not None:
            actual = _("现未填写") if total_blank else _("现为 {value}").format(value=left)
            message = _("{cell}：应为 {expected}（各项之和），{actual}").format(
                cell=self.total.name, expected=right, actual=actual
            )
            location = self.total.key
        else:
            message = _(
                "勾稽关系·{column}：{lhs_name}为 {lhs}，{rhs_name}为 {rhs}，两者应相等（相差 {diff}）"
            ).format(
                column=self.column_name,
                lhs_name=self.balance.lhs_name,
                lhs=left,
                rhs_name=self.balance.rhs_name,
                rhs=right,
                diff=abs(left - right),
            )
            location = self.rhs[-1]
        return Finding(
            self.rule,
            Severity.ERROR,
            message,
            location,
            self.section,
            self.lhs,
            self.rhs,
            None if total_blank else left,
            right,
        )


def describe_rules(fmt: FormatDescription) -> list[dict]:
    """The table rules of a format as data: rule id, and the cells on each side of the equation."""
    return [{"rule": e.rule, "lhs": list(e.lhs), "rhs": list(e.rhs)} for e in _equations(fmt.id)]


@cache
def _equations(format_id: str) -> tuple[_Equation, ...]:
    fmt = get_format(format_id)
    section_of = _table_sections(fmt)
    equations: list[_Equation] = []
    for ref in fmt.cells.values():
        for total_id, parts in ref.sums():
            rule = f"sum.{ref.table.id}.{total_id}"
            equations.append(_Equation(rule, section_of[ref.table.id], (ref.key,), parts, ref))
    for table in fmt.tables():
        for balance in table.balances:
            for block in table.blocks:
                first_row = block.leaf_rows()[0].id
                for column in block.leaf_columns():
                    column_path = fmt.cells[cell_key(table.id, first_row, column.id)].column_path
                    equations.append(
                        _Equation(
                            balance.id,
                            section_of[table.id],
                            tuple(cell_key(table.id, r, column.id) for r in balance.lhs),
                            tuple(cell_key(table.id, r, column.id) for r in balance.rhs),
                            None,
                            balance,
                            "·".join(column_path),
                        )
                    )
    return tuple(equations)


def _table_sections(fmt: FormatDescription) -> dict[str, str]:
    """Which top-level section (tab) shows each table."""
    return {s.table.id: s.id for s in fmt.sections if s.table is not None}


def _check_cells(report: Report, fmt: FormatDescription) -> list[Finding]:
    findings = []
    values = report.values
    for key, ref, section, is_count in _cell_plan(fmt.id):
        value = values.get(key)
        if value is None:
            findings.append(
                Finding(
                    "blank",
                    Severity.HINT,
                    _("{cell}：未填写（打印的报告应填 0）").format(cell=ref.name),
                    key,
                    section,
                )
            )
            continue
        if is_count and type(value) is int and value >= 0:
            continue  # the common case, without building an exception
        try:
            check_value(value, ref.value_type)
        except InputError as reason:
            findings.append(
                Finding(
                    "type",
                    Severity.ERROR,
                    _("{cell}：{reason}，现为 {value}").format(
                        cell=ref.name, reason=reason, value=value
                    ),
                    key,
                    section,
                )
            )
    return findings


@cache
def _cell_plan(format_id: str) -> tuple[tuple[str, CellRef, str, bool], ...]:
    """Each cell with what its check needs, looked up once per format."""
    fmt = get_format(format_id)
    section_of = _table_sections(fmt)
    return tuple(
        (key, ref, section_of[ref.table.id], ref.value_type is ValueType.COUNT)
        for key, ref in fmt.cells.items()
    )


def _check_profile(report: Report) -> list[Finding]:
    findings = []

    def error(rule: str, location: str, message: str) -> None:
        findings.append(Finding(rule, Severity.ERROR, message, location, PROFILE_SECTION))

    if not report.agency.name.strip():
        error("required", "agency.name", _("基本信息：未填写机关名称"))
    if report.year is None:
        error("required", "year", _("基本信息：未填写报告年度"))
    if report.issued_on is None:
        error("required", "issued_on", _("基本信息：未填写成文日期"))
    elif report.year is not None and report.issued_on <= date(report.year, 12, 31):
        error(
            "issued_on_after_year",
            "issued_on",
            _("基本信息：成文日期 {issued} 应在 {year} 年度结束之后").format(
                issued=report.issued_on.isoformat(), year=report.year
            ),
        )
    if (
        report.year is not None
        and report.period_start
        and report.period_end
        and (
            report.period_start != date(report.year, 1, 1)
            or report.period_end != date(report.year, 12, 31)
        )
    ):
        findings.append(
            Finding(
                "period",
                Severity.HINT,
                _("基本信息：统计期限通常为 {year} 年 1 月 1 日至 12 月 31 日").format(
                    year=report.year
                ),
                "period",
                PROFILE_SECTION,
            )
        )
    if not report.signing_unit.strip():
        findings.append(
            Finding(
                "required",
                Severity.HINT,
                _("基本信息：未填写落款单位"),
                "signing_unit",
                PROFILE_SECTION,
            )
        )
    findings += _check_contact(report)
    for name in AGENCY_FIELDS[1:]:
        if not getattr(report.agency, name).strip():
            findings.append(
                Finding(
                    "required",
                    Severity.HINT,
                    _("基本信息：未填写{field}").format(field=AGENCY_FIELD_LABELS[name]),
                    f"agency.{name}",
                    PROFILE_SECTION,
                )
            )
    return findings


_PHONE = re.compile(r"^[0-9０-９()（）\-—+＋ 、,，/转]{7,}$")
_WEBSITE = re.compile(r"^(https?://)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(/\S*)?$")


def _check_contact(report: Report) -> list[Finding]:
    """The contact details printed in the opening paragraph look like what they are."""
    agency = report.agency
    findings = []
    if agency.postcode.strip() and not re.fullmatch(r"[0-9]{6}", agency.postcode.strip()):
        findings.append(
            Finding(
                "postcode",
                Severity.ERROR,
                _("基本信息：邮编应为 6 位数字，现为「{value}」").format(value=agency.postcode),
                "agency.postcode",
                PROFILE_SECTION,
            )
        )
    if agency.phone.strip() and not _PHONE.match(agency.phone.strip()):
        findings.append(
            Finding(
                "phone",
                Severity.HINT,
                _("基本信息：电话「{value}」看起来不像电话号码").format(value=agency.phone),
                "agency.phone",
                PROFILE_SECTION,
            )
        )
    if agency.website.strip() and not _WEBSITE.match(agency.website.strip()):
        findings.append(
            Finding(
                "website",
                Severity.HINT,
                _("基本信息：网站「{value}」看起来不像网址，如 www.example.gov.cn").format(
                    value=agency.website
                ),
                "agency.website",
                PROFILE_SECTION,
            )
        )
    return findings


AGENCY_FIELD_LABELS = {
    "name": _("机关名称"),
    "office": _("联系科室"),
    "address": _("地址"),
    "postcode": _("邮编"),
    "phone": _("电话"),
    "website": _("网站"),
}


def _check_texts(report: Report, fmt: FormatDescription) -> list[Finding]:
    findings = []
    for top in fmt.sections:
        for section in [top, *top.subsections]:
            if section.has_text and not report.texts.get(section.id, "").strip():
                name = section.heading or _("开头段")
                findings.append(
                    Finding(
                        "text_empty",
                        Severity.HINT,
                        _("{section}：尚未填写内容").format(section=name),
                        f"texts.{section.id}",
                        top.id,
                    )
                )
    return findings


def section_of(fmt: FormatDescription, location: str) -> str:
    """The top-level section (tab) a location belongs to."""
    if location in fmt.cells:
        return _table_sections(fmt)[fmt.cells[location].table.id]
    if location.startswith("texts."):
        text_id = location.removeprefix("texts.")
        for top in fmt.sections:
            if text_id in {top.id, *(s.id for s in top.subsections)}:
                return top.id
    return PROFILE_SECTION


def _check_unconfirmed(report: Report, fmt: FormatDescription) -> list[Finding]:
    return [
        Finding(
            "unconfirmed",
            Severity.HINT,
            _("{name}：沿用上年，待核对").format(name=_location_name(fmt, location)),
            location,
            section_of(fmt, location),
        )
        for location in report.locations()
        if location in report.unconfirmed
    ]


def _location_name(fmt: FormatDescription, location: str) -> str:
    if location in fmt.cells:
        return fmt.cells[location].name
    if location.startswith("texts."):
        text_id = location.removeprefix("texts.")
        section = next(s for s in fmt.all_sections() if s.id == text_id)
        return section.heading or _("开头段")
    if location.startswith("agency."):
        return _("基本信息·") + AGENCY_FIELD_LABELS[location.removeprefix("agency.")]
    return _("基本信息·") + _SCALAR_LABELS[location]


_SCALAR_LABELS = {
    "year": _("报告年度"),
    "period_start": _("统计期限起"),
    "period_end": _("统计期限止"),
    "signing_unit": _("落款单位"),
    "issued_on": _("成文日期"),
}


def _check_across_years(report: Report, previous: Report, fmt: FormatDescription) -> list[Finding]:
    """Plausibility across years (提示 only: corrections and clean-ups happen)."""
    findings = []
    now, before = report.values, previous.values
    for key, ref in fmt.cells.items():
        source = carried_from(ref)
        if source is not None and key in now and source in before and now[key] != before[source]:
            findings.append(
                Finding(
                    f"carry.{ref.table.id}.{ref.row.id}",
                    Severity.HINT,
                    _("{cell}：上年报告「{source}」为 {expected}，现为 {actual}").format(
                        cell=ref.name,
                        source="".join(fmt.cells[source].row_path),
                        expected=before[source],
                        actual=now[key],
                    ),
                    key,
                    section_of(fmt, key),
                    (key,),
                    (source,),
                    now[key],
                    before[source],
                )
            )
        stock = stock_of(ref)
        if stock is None or ref.column.id != stock.column:
            continue
        added = cell_key(ref.table.id, ref.row.id, stock.added)
        removed = cell_key(ref.table.id, ref.row.id, stock.removed)
        if not all(k in d for k, d in ((key, now), (key, before), (added, now), (removed, now))):
            continue
        expected = before[key] + now[added] - now[removed]
        if now[key] != expected:
            findings.append(
                Finding(
                    f"stock.{ref.table.id}.{ref.column.id}",
                    Severity.HINT,
                    _(
                        "{cell}：上年 {before} + {added_name} {added} − {removed_name} {removed}"
                        " = {expected}，现为 {actual}（如有清理可忽略）"
                    ).format(
                        cell=ref.name,
                        before=before[key],
                        added_name=fmt.cells[added].column.label,
                        added=now[added],
                        removed_name=fmt.cells[removed].column.label,
                        removed=now[removed],
                        expected=expected,
                        actual=now[key],
                    ),
                    key,
                    section_of(fmt, key),
                    (key,),
                    (key, added, removed),
                    now[key],
                    expected,
                )
            )
    return findings


_CLAUSE = re.compile(r"[，。；！？,;\n]")


def _check_text_claims(report: Report, fmt: FormatDescription) -> list[Finding]:
    """A number the text states that the table contradicts (「共受理申请17件」, table says 95)."""
    findings = []
    for section in fmt.text_sections():
        text = report.texts.get(section.id, "")
        for clause in _CLAUSE.split(text):
            claim = next((c for c in fmt.claims if _states(clause, c)), None)
            if claim is None or claim.cell not in report.values:
                continue
            match = re.search(r"([0-9０-９]+)\s*" + re.escape(claim.unit), clause)
            if match is None:
                continue
            stated = int(
                match.group(1).translate(str.maketrans("０１２３４５６７８９", "0123456789"))
            )
            actual = report.values[claim.cell]
            if stated != actual:
                findings.append(
                    Finding(
                        "text_claim",
                        Severity.HINT,
                        _("{section}：文中写「{clause}」，{table}「{cell}」为 {actual}").format(
                            section=section.heading or _("开头段"),
                            clause=clause.strip(),
                            table=fmt.cells[claim.cell].table.short_name,
                            cell=fmt.cells[claim.cell].name,
                            actual=actual,
                        ),
                        f"texts.{section.id}",
                        section_of(fmt, f"texts.{section.id}"),
                        (claim.cell,),
                        (),
                        actual,
                        stated,
                    )
                )
    return findings


def _states(clause: str, claim) -> bool:
    return (
        any(m in clause for m in claim.markers)
        and all(r in clause for r in claim.requires)
        and not any(x in clause for x in claim.excludes)
    )


def _check_name_variants(report: Report, fmt: FormatDescription) -> list[Finding]:
    """The agency's name written another way in the texts (「…教育局」 for 「…科学技术局」)."""
    name = report.agency.name.strip()
    if len(name) < 6:
        return []
    prefix = name[: len(name) - 2]
    findings, seen = [], set()
    for section in fmt.text_sections():
        text = report.texts.get(section.id, "")
        start = text.find(prefix)
        while start != -1:
            variant = _variant_at(text, start, name)
            if variant and variant not in seen:
                seen.add(variant)
                location = f"texts.{section.id}"
                findings.append(
                    Finding(
                        "name_variant",
                        Severity.HINT,
                        _(
                            "{section}：机关名称写作「{variant}」，与基本信息中的「{name}」不一致"
                        ).format(
                            section=section.heading or _("开头段"), variant=variant, name=name
                        ),
                        location,
                        section_of(fmt, location),
                    )
                )
            start = text.find(prefix, start + 1)
    return findings


def _variant_at(text: str, start: int, name: str) -> str | None:
    """At `start` the text begins like the name: the differently written name, if it is one."""
    if text.startswith(name, start):
        return None
    for extra in (0, 1, 2, 3, -1, -2):  # as long as the name, or a few characters off
        candidate = text[start : start + len(name) + extra]
        if len(candidate) == len(name) + extra and candidate[-1] in _INSTITUTION_ENDINGS:
            return candidate
    return None


# The last character of the names of agencies and their offices (局, 办公室, 委员会, 中心 …).
_INSTITUTION_ENDINGS = set("局室厅委会院所部处站办司馆队社心府")
