"""A workbook's sheets measured from their XML before openpyxl loads them, and the sums its
formulas stand for.

openpyxl makes an object for every cell of a merged range, and a reader walking a sheet row by row
walks its whole extent: a 1 KB workbook with one merged range over the sheet, or one value at
XFD1048576, takes gigabytes. Here each sheet's XML is read as a stream, element by element, and
only what it needs kept: the extent of the cells holding something, the merged ranges, and the
cells whose formula has no stored result.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from xml.etree import ElementTree

from models.i18n import _
from readers.budget import TooLarge, read_member

LARGEST_GRID = 100_000  # cells in a sheet's extent or one merged range: a report table has ~500
LARGEST_MERGES = 10_000  # merged ranges in a sheet
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_REFERENCE = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")
_SUM = re.compile(r"^=\s*SUM\((.*)\)\s*$", re.IGNORECASE)


@dataclass
class Survey:
    """What a sheet holds: its extent and the cells whose formula has no stored result."""

    rows: int = 0
    columns: int = 0
    merges: int = 0
    uncached: set[tuple[int, int]] = field(default_factory=set)


def survey_sheets(package: zipfile.ZipFile, name: str) -> dict[str, Survey]:
    """Each sheet's survey by its title; TooLarge for a sheet no report's table can fill."""
    surveys = {}
    for title, member in _sheet_parts(package, name):
        survey = _survey(package, member)
        if survey.rows * survey.columns > LARGEST_GRID or survey.merges > LARGEST_MERGES:
            raise TooLarge(
                _(
                    "{name} 的工作表「{sheet}」延伸到 {rows} 行 × {columns} 列，"
                    "远大于年度报告的表格，未读取"
                ).format(name=name, sheet=title, rows=survey.rows, columns=survey.columns)
            )
        surveys[title] = survey
    return surveys


def _sheet_parts(package: zipfile.ZipFile, name: str) -> list[tuple[str, str]]:
    """(title, part name) of each sheet, as the workbook and its relationships give them."""
    try:
        book = ElementTree.fromstring(read_member(package, "xl/workbook.xml", name))
        links = ElementTree.fromstring(read_member(package, "xl/_rels/workbook.xml.rels", name))
    except (KeyError, ElementTree.ParseError):
        return []  # openpyxl says the workbook is damaged
    targets = {r.get("Id"): r.get("Target", "") for r in links.iter(_PACKAGE_REL)}
    parts = []
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_REL), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        parts.append((sheet.get("name", ""), posixpath.normpath(part)))
    return parts


def _survey(package: zipfile.ZipFile, member: str) -> Survey:
    survey = Survey()
    try:
        stream = package.open(member)
    except KeyError:
        return survey
    with stream:
        for _event, element in ElementTree.iterparse(stream):
            if element.tag == f"{_MAIN}c":
                _cell(element, survey)
                element.clear()
            elif element.tag == f"{_MAIN}mergeCell":
                _merge(element.get("ref", ""), survey)
            elif element.tag == f"{_MAIN}row":
                element.clear()
    return survey


def _cell(element: ElementTree.Element, survey: Survey) -> None:
    place = _place(element.get("r", ""))
    value, formula = element.find(f"{_MAIN}v"), element.find(f"{_MAIN}f")
    if place is None or (value is None and formula is None and element.find(f"{_MAIN}is") is None):
        return
    survey.rows, survey.columns = max(survey.rows, place[0]), max(survey.columns, place[1])
    if formula is not None and (value is None or value.text is None):
        survey.uncached.add(place)


def _merge(ref: str, survey: Survey) -> None:
    """Count a merged range; one over more cells than a report's table extends the extent to
    its far corner (and so is refused): openpyxl would make an object for each of its cells."""
    first, _colon, last = ref.partition(":")
    start, end = _place(first), _place(last or first)
    survey.merges += 1
    if start and end and (end[0] - start[0] + 1) * (end[1] - start[1] + 1) > LARGEST_GRID:
        survey.rows, survey.columns = max(survey.rows, end[0]), max(survey.columns, end[1])


def _place(reference: str) -> tuple[int, int] | None:
    """(row, column) from 1 of 「B5」 or 「$B$5」."""
    match = _REFERENCE.match(reference.upper())
    if match is None:
        return None
    column = 0
    for letter in match.group(1):
        column = column * 26 + ord(letter) - ord("A") + 1
    return int(match.group(2)), column


def compute(formula, value: Callable[[int, int], object]):
    """The sum a formula stands for (「=SUM(B5,C5)」, 「=SUM(B5:G5)」, 「=B5+C5」), from `value` of
    each cell it names; the formula's text when it is anything else or names a cell without a
    number."""
    text = str(formula or "")
    match = _SUM.match(text)
    terms = match.group(1).split(",") if match else text.lstrip("=").split("+")
    total = Decimal(0)
    for term in terms:
        first, _colon, last = term.strip().partition(":")
        start, end = _place(first), _place(last or first)
        if not text.startswith("=") or start is None or end is None:
            return text
        if (end[0] - start[0] + 1) * (end[1] - start[1] + 1) > LARGEST_GRID:
            return text
        for row in range(start[0], end[0] + 1):
            for column in range(start[1], end[1] + 1):
                found = value(row, column)
                if isinstance(found, bool) or not isinstance(
                    found, (int, float, Decimal, type(None))
                ):
                    return text
                total += Decimal(str(found)) if found is not None else 0
    return int(total) if total == total.to_integral_value() else total
