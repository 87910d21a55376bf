"""The checks over words: the profile, the contact details, the texts, and what the texts say
about the tables (a number that contradicts table 三, the agency's name written another way)."""

from __future__ import annotations

import re
from datetime import date

from models.checks.claims import check_text_claims
from models.checks.findings import PROFILE_SECTION, Finding, Severity, section_of
from models.format.blocks import FormatDescription, Mention
from models.i18n import _
from models.report import AGENCY_FIELDS, Report, date_text


def check_words(report: Report, fmt: FormatDescription) -> list[Finding]:
    """Every finding about the profile and the texts."""
    return (
        _check_profile(report)
        + _check_texts(report, fmt)
        + _check_unconfirmed(report, fmt)
        + check_text_claims(report, fmt)
        + _check_mentions(report, fmt)
        + _check_name_variants(report, fmt)
    )


def _check_profile(report: Report) -> list[Finding]:
    fmt = report.format
    findings: list[Finding] = []

    def add(rule: str, severity: Severity, location: str, message: str) -> None:
        findings.append(Finding(rule, severity, message, location, PROFILE_SECTION))

    if not report.agency.name.strip():
        add("required", Severity.ERROR, "agency.name", _("基本信息：未填写机关名称"))
    if report.year is None:
        add("required", Severity.ERROR, "year", _("基本信息：未填写报告年度"))
    _check_dates(report, add)
    if report.period_start and report.period_end and report.period_end < report.period_start:
        add(
            "period_order",
            Severity.ERROR,
            "period_end",
            _("基本信息：统计期限止 {end} 早于统计期限起 {start}").format(
                end=date_text(report.period_end), start=date_text(report.period_start)
            ),
        )
    if (
        report.year is not None
        and report.period_start
        and report.period_end
        and (report.period_start, report.period_end)
        != (date(report.year, 1, 1), date(report.year, 12, 31))
    ):
        add(
            "period",
            Severity.HINT,
            "period_start",  # a real location, so the form shows it beside the field
            _("基本信息：统计期限通常为 {year} 年 1 月 1 日至 12 月 31 日").format(
                year=report.year
            ),
        )
    for name, severity, pattern, message in _CONTACT_FORMATS:
        value = getattr(report.agency, name).strip()
        if value and not pattern.fullmatch(value):
            add(name, severity, f"agency.{name}", message.format(value=value))
    missing = [f"agency.{n}" for n in AGENCY_FIELDS[1:] if not getattr(report.agency, n).strip()]
    if not report.signing_unit.strip():
        missing.append("signing_unit")
    if missing:  # one 提示 for what the profile still lacks, at the first of them
        findings.append(
            Finding(
                "required",
                Severity.HINT,
                _("基本信息：未填写{fields}").format(
                    fields="、".join(fmt.profile_label(m) for m in missing)
                ),
                missing[0],
                PROFILE_SECTION,
                covers=tuple(missing),
            )
        )
    return findings


# The contact details printed in the opening paragraph look like what they are.
_CONTACT_FORMATS = (
    (
        "postcode",
        Severity.ERROR,
        re.compile(r"[0-9]{6}"),
        _("基本信息：邮编应为 6 位数字，现为「{value}」"),
    ),
    (
        "phone",
        Severity.HINT,
        re.compile(r"[0-9０-９()（）\-—+＋ 、,，/转]{7,}"),
        _("基本信息：电话「{value}」看起来不像电话号码"),
    ),
    (
        "website",
        Severity.HINT,
        re.compile(r"(https?://)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(/\S*)?"),
        _("基本信息：网站「{value}」看起来不像网址，如 www.example.gov.cn"),
    ),
)


def _check_texts(report: Report, fmt: FormatDescription) -> list[Finding]:
    """One 提示 per part of the report for its texts not yet written, at the first of them."""
    findings = []
    for top in fmt.sections:
        empty = [
            section
            for section in [top, *top.subsections]
            if section.has_text and not report.texts.get(section.id, "").strip()
        ]
        if not empty:
            continue
        names = [section.heading or _("开头段") for section in empty]
        message = (
            _("{section}：尚未填写内容").format(section=names[0])
            if len(empty) == 1
            else _("{section}：{names}，共 {count} 段尚未填写").format(
                section=top.heading or _("开头段"), count=len(empty), names="、".join(names)
            )
        )
        locations = tuple(f"texts.{section.id}" for section in empty)
        section_id = section_of(fmt, locations[0])  # the opening paragraph is on 基本信息
        findings.append(
            Finding(
                "text_empty", Severity.HINT, message, locations[0], section_id, covers=locations
            )
        )
    return findings


def _check_dates(report: Report, add) -> None:
    """成文日期: given, after the report year, and by 31 January of the year after."""
    if report.issued_on is None:
        add("required", Severity.ERROR, "issued_on", _("基本信息：未填写成文日期"))
    elif report.year is not None and report.issued_on <= date(report.year, 12, 31):
        add(
            "issued_on_after_year",
            Severity.ERROR,
            "issued_on",
            _("基本信息：成文日期 {issued} 应在 {year} 年度结束之后").format(
                issued=date_text(report.issued_on), year=report.year
            ),
        )
    deadline = date(report.year + 1, 1, 31) if report.year is not None else None
    if deadline is not None and report.issued_on is not None and report.issued_on > deadline:
        add(
            "issued_on_deadline",
            Severity.HINT,
            "issued_on",
            _(
                "基本信息：成文日期 {issued} 晚于 {year} 年 1 月 31 日"
                "（《条例》规定每年 1 月 31 日前公布上一年度的报告）"
            ).format(issued=date_text(report.issued_on), year=deadline.year),
        )


# Whether a text speaks of what it must, as last found, with the text it was found in: a text is
# searched again only when it changed (a cell edit must not search a million characters of text).
_mentioned: dict[tuple[str, Mention], tuple[str, bool]] = {}


def _check_mentions(report: Report, fmt: FormatDescription) -> list[Finding]:
    """What a written text must speak of: 六 reports the 信息处理费 collected, or that none was."""
    findings = []
    for section in fmt.text_sections():
        text = report.texts.get(section.id, "")
        if not text or text.isspace():
            continue  # an empty text is named as such
        for mention in section.mentions:
            if not _speaks_of(section.id, mention, text):
                location = f"texts.{section.id}"
                findings.append(
                    Finding(
                        "mention",
                        Severity.HINT,
                        _("{section}：未说明{what}").format(
                            section=section.heading, what=mention.what
                        ),
                        location,
                        section_of(fmt, location),
                    )
                )
    return findings


def _speaks_of(text_id: str, mention: Mention, text: str) -> bool:
    kept = _mentioned.get((text_id, mention))
    if kept is None or kept[0] != text:  # the same str object compares equal at once
        kept = (text, any(word in text for word in mention.words))
        _mentioned[(text_id, mention)] = kept
    return kept[1]


def _check_unconfirmed(report: Report, fmt: FormatDescription) -> list[Finding]:
    if not report.unconfirmed:
        return []
    return [
        Finding(
            "unconfirmed",
            Severity.HINT,
            _("{name}：沿用上年，待核对").format(name=location_name(fmt, location)),
            location,
            section_of(fmt, location),
        )
        for location in report.locations()
        if location in report.unconfirmed
    ]


def location_name(fmt: FormatDescription, location: str) -> str:
    """How the clerk knows a location: a cell's row and column, a text's heading, a field's label."""
    if location in fmt.cells:
        return fmt.cells[location].name
    if location.startswith("texts."):
        text_id = location.removeprefix("texts.")
        section = next(s for s in fmt.all_sections() if s.id == text_id)
        return section.heading or _("开头段")
    return _("基本信息·") + fmt.profile_label(location)


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
