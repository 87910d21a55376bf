"""The characters of the profile and the texts: what the PDF can print, and no control characters.

Which characters the bundled fonts print is data (resources/fonts/coverage.json, written by
tools/build_coverage.py), so the check knows it without reportlab. The bundled fonts are on every
PC and stay last in every chain of fonts the PDF uses (export/fonts.py), so what passes here prints
everywhere; an official font the PC has may print more, but a report that needs it would not print
on the next PC.
"""

from __future__ import annotations

import json
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from models.checks.findings import PROFILE_SECTION, Finding, Severity, section_of
from models.i18n import _
from models.report import AGENCY_FIELDS, Report

COVERAGE_FILE = Path(__file__).resolve().parents[2] / "resources" / "fonts" / "coverage.json"
TITLE, BODY = "title", "body"  # the roles of export/fonts.py whose fonts print what the clerk types
_SHOWN = 5  # characters a finding lists
# The findings of each field as last checked, with the text they were found in: a text is checked
# again only when it changed (a cell edit must not re-read a million characters of text).
_Where = tuple[str, str, str, tuple[str, ...], str]  # location, section, where, roles, allowed
_kept: dict[_Where, tuple[str, tuple[Finding, ...]]] = {}


def check_characters(report: Report) -> list[Finding]:
    """错误 for each field holding control characters or characters no bundled font prints;
    a rare Chinese character (a person's or a place's name) is a 提示: Word, the web page and
    Excel carry it as text, and the PDF looks for it in the PC's installed fonts (export/fonts.py)."""
    fmt = report.format
    findings: list[Finding] = []
    single_line = [(f"agency.{name}", getattr(report.agency, name)) for name in AGENCY_FIELDS]
    single_line.append(("signing_unit", report.signing_unit))
    for location, text in single_line:
        where = _("基本信息·{field}").format(field=fmt.profile_label(location))
        roles = (TITLE, BODY) if location == "agency.name" else (BODY,)
        findings += _checked(text, (location, PROFILE_SECTION, where, roles, ""))
    headings = {s.id: s.heading or _("开头段") for s in fmt.text_sections()}
    for text_id, text in report.texts.items():
        location = f"texts.{text_id}"
        where = headings.get(text_id, text_id)
        findings += _checked(text, (location, section_of(fmt, location), where, (BODY,), "\n"))
    return findings


def one_line(text: str) -> str:
    """The text with its control, format and unpaired characters written as \\uXXXX: one line,
    every character visible, and printable to any terminal."""
    return "".join(
        f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp") else c
        for c in text
    )


def unprintable(distinct: Iterable[str], role: str) -> list[str]:
    """The characters of `distinct` (each once) that no bundled font of `role` prints, in order."""
    firsts, lasts = _coverage(role)
    missing = []
    for char in distinct:
        code = ord(char)
        at = bisect_right(firsts, code) - 1  # the last range that starts at or before it
        if (at < 0 or code > lasts[at]) and not _is_control(char):
            missing.append(char)
    return missing


@cache
def _coverage(role: str) -> tuple[list[int], list[int]]:
    """The code point ranges the role's chain of bundled fonts prints with a visible glyph: their
    first and last code points, in order (a few hundred ranges, not twenty thousand characters:
    read in well under a millisecond when the first report is checked)."""
    firsts, lasts = [], []
    for item in json.loads(COVERAGE_FILE.read_text("utf-8"))[role].split():
        first, _dash, last = item.partition("-")
        firsts.append(int(first, 16))
        lasts.append(int(last or first, 16))
    return firsts, lasts


def _checked(text: str, field: _Where) -> tuple[Finding, ...]:
    """The findings of the field's text: kept from the last check while the text is the same."""
    kept = _kept.get(field)
    if kept is None or kept[0] != text:  # the same str object compares equal at once
        kept = (text, tuple(_findings(text, *field)))
        _kept[field] = kept
    return kept[1]


def _findings(
    text: str, location: str, section: str, where: str, roles: tuple[str, ...], allowed: str
) -> list[Finding]:
    findings = []
    distinct = dict.fromkeys(text)  # each character once: a long text has a few thousand
    controls = [c for c in distinct if _is_control(c) and c not in allowed]
    if controls:
        codes = "、".join(f"U+{ord(c):04X}" for c in controls[:_SHOWN])
        message = _("{where}：含有控制字符 {codes}（如制表符、换行），请删去").format(
            where=where, codes=codes
        )
        findings.append(Finding("character", Severity.ERROR, message, location, section))
    missing = list(dict.fromkeys(c for role in roles for c in unprintable(distinct, role)))
    rare = [c for c in missing if is_ideograph(c)]
    others = [c for c in missing if not is_ideograph(c)]
    if others:
        message = _("{where}：{chars} 没有字体能打印，请改用常用字").format(
            where=where, chars=_listed(others)
        )
        findings.append(Finding("character", Severity.ERROR, message, location, section))
    if rare:
        message = _(
            "{where}：{chars} 是生僻字，随程序提供的字体没有；Word、网页、Excel 照常导出，"
            "PDF 将用本机已安装的含此字的字体（如 SimSun-ExtB）印出，本机没有时无法导出 PDF"
        ).format(where=where, chars=_listed(rare))
        findings.append(Finding("character", Severity.HINT, message, location, section))
    return findings


def is_ideograph(char: str) -> bool:
    """A Chinese character: CJK ideographs, Extension A, the compatibility block, and the
    Supplementary and Tertiary Ideographic Planes (Extensions B to J, as Unicode adds them)."""
    code = ord(char)
    return any(first <= code <= last for first, last in _IDEOGRAPHS)


_IDEOGRAPHS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF))


def _listed(chars: list[str]) -> str:
    return "、".join(f"「{c}」（U+{ord(c):04X}）" for c in chars[:_SHOWN])


def _is_control(char: str) -> bool:
    return unicodedata.category(char) == "Cc" or char in "\u2028\u2029"
