"""Sane sizes of a report's words: a field far longer than any agency writes is an 错误.

The longest 机关名称 in use runs to some 40 characters (「某某自治州某某县某某局某某中心」);
200 is already absurd. A 联系科室 or 地址 is a line, a 邮编, 电话 or 网站 a few dozen
characters. A text section of the annual report is a few pages: 30,000 characters are some
twenty pages, ten times what any report prints in one part. Beyond these, a value is a paste gone
wrong (or a hostile file), and the PDF it would print runs to thousands of pages.
"""

from __future__ import annotations

from models.checks.findings import PROFILE_SECTION, Finding, Severity, section_of
from models.i18n import _
from models.report import AGENCY_FIELDS, Report

LONGEST_LINE = 200  # characters of 机关名称, 联系科室, 地址, 落款单位
LONGEST_SHORT_FIELD = 100  # characters of 邮编, 电话, 网站
LONGEST_TEXT = 30_000  # characters of one text section
_SHORT = ("postcode", "phone", "website")


def check_sizes(report: Report) -> list[Finding]:
    """An 错误 for each field or text longer than any report's, saying how long it is."""
    fmt = report.format
    fields = [(f"agency.{name}", getattr(report.agency, name)) for name in AGENCY_FIELDS]
    fields.append(("signing_unit", report.signing_unit))
    findings = []
    for location, text in fields:
        limit = LONGEST_SHORT_FIELD if location.removeprefix("agency.") in _SHORT else LONGEST_LINE
        if len(text) > limit:
            where = _("基本信息·{field}").format(field=fmt.profile_label(location))
            findings.append(_too_long(where, len(text), limit, location, PROFILE_SECTION))
    headings = {s.id: s.heading or _("开头段") for s in fmt.text_sections()}
    for text_id, text in report.texts.items():
        if len(text) > LONGEST_TEXT:
            location = f"texts.{text_id}"
            where = headings.get(text_id, text_id)
            findings.append(
                _too_long(where, len(text), LONGEST_TEXT, location, section_of(fmt, location))
            )
    return findings


def _too_long(where: str, length: int, limit: int, location: str, section: str) -> Finding:
    message = _(
        "{where}：有 {length} 个字，远超合理长度（至多 {limit} 字），请核对是否粘贴有误"
    ).format(where=where, length=length, limit=limit)
    return Finding("size", Severity.ERROR, message, location, section)
