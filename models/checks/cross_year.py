"""The checks against last year's report, from the format's CarryOver, Stock and Trend rules.

All are 提示: a stock is re-counted after a clean-up, a year can be unusual; the clerk says so with
a 说明 (已核实). Last year's report may come from anywhere — the store, an exchange file, or a report
of the previous format converted to this one's counterparts: a rule whose cells last year's report
does not have is named once as one that could not be applied.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

from models.checks.findings import Finding, Severity, section_of
from models.format.blocks import CellRef, FormatDescription, cell_key
from models.i18n import _
from models.report import Report, Value, carried_from, stock_of


def other_agency(report: Report, previous: Report) -> list[Finding]:
    """The 提示 that last year's report is of another agency and was not compared."""
    years = _Years(report.year, previous.year)
    message = _(
        "{before}报告的机关为「{last}」，与本报告的「{this}」不是同一机关，未与本年对照核对；"
        "如确为同一机关（如更名），请加 --previous-any-agency"
    ).format(before=years.before, last=previous.agency.name, this=report.agency.name)
    return [_hint(report.format, "cross_year_other_agency", message, "agency.name", (), ())]


# The parts evaluators compare with last year's (一's sub-parts included): a paragraph of them
# (nearly) the same as one of last year's is 「与上年报告雷同」.
_COMPARED_TEXTS = ("overview", "problems", "other")
_SAME_TEXT = 0.9  # difflib's ratio from which two paragraphs read as one copied
_SHORTEST = 15  # characters: a shorter paragraph (「无。」) is no copy
_DIGITS = re.compile(r"[0-9０-９.．]+")


def copied_texts(report: Report, previous: Report) -> list[Finding]:
    """One 提示 per part of 一, 五 or 六 with paragraphs (nearly) the same as last year's."""
    fmt = report.format
    years = _Years(report.year, previous.year)
    findings = []
    for top in fmt.sections:
        if top.id not in _COMPARED_TEXTS:
            continue
        for section in (top, *top.subsections):
            now = report.texts.get(section.id, "")
            before = previous.texts.get(section.id, "")
            numbers_matter = top.id != "problems"
            copies = _copied(now, before, numbers_matter) if now and before else ()
            if copies:
                location = f"texts.{section.id}"
                message = _(
                    "{section}：有 {count} 段与{before}报告几乎相同（「{quote}」），"
                    "评估中常被认为照搬上年，请按本年情况写"
                ).format(
                    section=section.heading or top.heading,
                    count=len(copies),
                    before=years.before,
                    quote=copies[0][:30] + ("…" if len(copies[0]) > 30 else ""),
                )
                findings.append(_hint(fmt, "copied_text", message, location, (), ()))
    return findings


@lru_cache(maxsize=64)
def _copied(now: str, before: str, numbers_matter: bool) -> tuple[str, ...]:
    """This year's paragraphs (nearly) the same as one of last year's, kept per pair of texts
    (the check runs on every edit; a text changes one at a time). Where `numbers_matter`, a
    paragraph whose wording stays but whose numbers were brought up to date is this year's
    account in last year's words (「全年受理申请95件」), not a copy; in 五 it is a copy all the same."""
    last = [p.strip() for p in before.split("\n") if len(p.strip()) >= _SHORTEST]
    copies = []
    for paragraph in (p.strip() for p in now.split("\n")):
        if len(paragraph) < _SHORTEST:
            continue
        words = _DIGITS.sub("", paragraph)
        for old in last:
            matcher = difflib.SequenceMatcher(None, words, _DIGITS.sub("", old), autojunk=False)
            if matcher.real_quick_ratio() < _SAME_TEXT or matcher.quick_ratio() < _SAME_TEXT:
                continue
            if matcher.ratio() < _SAME_TEXT:
                continue
            if numbers_matter and _DIGITS.findall(paragraph) != _DIGITS.findall(old):
                continue
            copies.append(paragraph)
            break
    return tuple(copies)


def not_compared(report: Report, previous: Report) -> list[Finding]:
    """The 提示 that last year's report, of a format that cannot be carried into this one's, was
    not compared."""
    years = _Years(report.year, previous.year)
    message = _("{before}报告为「{format}」，未与本年对照核对").format(
        before=years.before, format=previous.format.name
    )
    return [_hint(report.format, "cross_year_unavailable", message, "year", (), ())]


def check_across_years(report: Report, previous: Report) -> list[Finding]:
    """Every cross-year 提示 of the report against last year's, of the same format (one of an
    earlier format is carried into this one's first, see models.checks.check)."""
    fmt = report.format
    years = _Years(report.year, previous.year)
    findings: list[Finding] = []
    missing: dict[str, list[tuple[str, str]]] = {}  # rule → (this year's cell, last year's)
    for key, ref in fmt.cells.items():
        source = carried_from(ref)
        if source is not None:
            if source not in previous.values:
                missing.setdefault(ref.row.label, []).append((key, source))
            elif key in report.values:
                findings += _carry_over(fmt, years, ref, source, report.values, previous.values)
        stock = stock_of(ref)
        if stock is not None and ref.column.id == stock.column:
            if key not in previous.values:
                missing.setdefault(ref.column.label, []).append((key, key))
            else:
                findings += _stock(fmt, years, ref, stock, report.values, previous.values)
    for table in fmt.tables():
        for trend in table.trends:
            key = cell_key(table.id, trend.row, trend.column)
            if key in report.values and key in previous.values:
                findings += _trend(fmt, years, trend, key, report.values[key], previous.values[key])
    findings += [_not_applied(fmt, years, rule, cells) for rule, cells in missing.items()]
    return findings


# Written forms of one agency's name that differ only in how its kind is spelt out.
_SAME_KIND = (("管理委员会", "管委会"), ("人民政府", "政府"))
_IGNORED = set(" \u3000·•.。()（）〔〕[]【】")


def same_agency(name: str, other: str) -> bool:
    """Whether two 机关名称 name the same agency, conservatively: equal once full-width forms,
    spaces and brackets are set aside and 管理委员会/人民政府 are read as 管委会/政府; any other
    difference (「某县人民政府」 and 「某县人民政府办公室」) is another agency. A name left blank
    is taken as the same (nothing says otherwise)."""
    first, second = _canonical(name), _canonical(other)
    return not first or not second or first == second


def _canonical(name: str) -> str:
    text = "".join(c for c in unicodedata.normalize("NFKC", name) if c not in _IGNORED)
    for long, short in _SAME_KIND:
        text = text.replace(long, short)
    return text


class _Years:
    """How the messages name the two years: 「2022 年」, or 本年/上年 when a year is not filled."""

    def __init__(self, now: int | None, before: int | None) -> None:
        self.now = _("{year} 年").format(year=now) if now else _("本年")
        self.before = _("{year} 年").format(year=before) if before else _("上年")


def _carry_over(fmt, years, ref: CellRef, source: str, now: dict, before: dict) -> list[Finding]:
    if now[ref.key] == before[source]:
        return []
    message = _("{cell}：{now}为 {actual}，{before}报告「{source}」为 {expected}（相差 {diff}）")
    return [
        _hint(
            fmt,
            f"carry.{ref.table.id}.{ref.row.id}",
            message.format(
                cell=ref.name,
                now=years.now,
                actual=now[ref.key],
                before=years.before,
                source=fmt.cells[source].name,
                expected=before[source],
                diff=abs(now[ref.key] - before[source]),
            ),
            ref.key,
            (ref.key,),
            (source,),
            now[ref.key],
            before[source],
        )
    ]


def _stock(fmt, years, ref: CellRef, stock, now: dict, before: dict) -> list[Finding]:
    added = cell_key(ref.table.id, ref.row.id, stock.added)
    removed = cell_key(ref.table.id, ref.row.id, stock.removed)
    if not all(k in now for k in (ref.key, added, removed)):
        return []
    expected = before[ref.key] + now[added] - now[removed]
    if now[ref.key] == expected:
        return []
    message = _(
        "{cell}：{now}为 {actual}，而 {before}为 {last}，{last} + {added_name} {added} − "
        "{removed_name} {removed} = {expected}（相差 {diff}；如有清理，请核实后注明）"
    )
    return [
        _hint(
            fmt,
            f"stock.{ref.table.id}.{ref.column.id}",
            message.format(
                cell=ref.name,
                now=years.now,
                actual=now[ref.key],
                before=years.before,
                last=before[ref.key],
                added_name=fmt.cells[added].column.label,
                added=now[added],
                removed_name=fmt.cells[removed].column.label,
                removed=now[removed],
                expected=expected,
                diff=abs(now[ref.key] - expected),
            ),
            ref.key,
            (ref.key,),
            (ref.key, added, removed),
            now[ref.key],
            expected,
        )
    ]


def _trend(fmt, years, trend, key: str, now: Value, before: Value) -> list[Finding]:
    ref = fmt.cells[key]
    if trend.drop_from is not None and now == 0 and before >= trend.drop_from:
        message = _("{cell}：{now}为 0，{before}为 {last}，请核实")
    elif (
        trend.factor is not None
        and min(now, before) > 0
        and max(now, before) >= trend.floor
        and max(now, before) > trend.factor * min(now, before)
    ):
        message = _("{cell}：{now}为 {actual}，{before}为 {last}，变化超过 {factor} 倍，请核实")
    else:
        return []
    text = message.format(
        cell=ref.name,
        now=years.now,
        actual=now,
        before=years.before,
        last=before,
        factor=trend.factor,
    )
    return [
        _hint(fmt, f"trend.{ref.table.id}.{ref.row.id}", text, key, (key,), (key,), now, before)
    ]


def _not_applied(fmt: FormatDescription, years: _Years, rule: str, cells: list) -> Finding:
    location, source = cells[0]
    message = _("{before}报告中没有「{cell}」等 {count} 格，无法核对{rule}").format(
        before=years.before, cell=fmt.cells[source].name, count=len(cells), rule=rule
    )
    return _hint(fmt, "cross_year_unavailable", message, location, (location,), ())


def _hint(fmt, rule, message, location, lhs, rhs, lhs_value=None, rhs_value=None) -> Finding:
    return Finding(
        rule,
        Severity.HINT,
        message,
        location,
        section_of(fmt, location),
        lhs,
        rhs,
        lhs_value,
        rhs_value,
    )
