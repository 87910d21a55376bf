"""The exchange file: one report as versioned JSON (see docs/exchange-format.md).

Reading reports the first problem as a Chinese sentence with its JSON path; writing then reading
gives back the same report. Amounts are written as strings so that no decimal passes through a float.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

from models.checks.characters import one_line
from models.checks.reading import doubted_cells
from models.errors import ClerkError
from models.files import os_reason, write_atomically
from models.format.blocks import AMOUNT_PLACES, FormatDescription, ValueType, cell_key
from models.format.registry import FORMATS
from models.i18n import _
from models.report import (
    AGENCY_FIELDS,
    YEARS,
    Acknowledgement,
    Agency,
    Report,
    Value,
    format_value,
    unsigned_zero,
)

KIND = "nianbao-report"
VERSION = 1
# A report's file is some tens of kilobytes; a bigger one is not a report, and is not read whole.
MAX_FILE_BYTES = 4 * 1024 * 1024  # texts at their longest (models/sizes.py) take some 1.5 MB
# Digits a number may have before and after the point. Longer is no number of a report, and is
# refused before any arithmetic (1e999999999 would otherwise take minutes and gigabytes).
MAX_DIGITS = 20
_PLAIN_AMOUNT = re.compile(rf"[+-]?[0-9]{{1,{MAX_DIGITS}}}(\.[0-9]{{1,{MAX_DIGITS}}})?")


class ExchangeError(ClerkError, ValueError):
    """The file cannot be read as a report; the message says where and why."""


def read_report(path: Path) -> Report:
    """Read an exchange file, or raise ExchangeError with a one-line Chinese message."""
    return read_reading(path)[0]


def read_reading(path: Path) -> tuple[Report, set[str] | None]:
    """An exchange file and, when it was written by `read` from a published report (it has a
    "provenance"), the cells the reader was unsure of or did not find; None for a report typed
    in. ExchangeError with a one-line Chinese message when the file cannot be read."""
    path = Path(path)
    try:
        raw = _read_regular_file(path)
    except FileNotFoundError:
        raise ExchangeError(_("找不到文件：{path}").format(path=path)) from None
    except IsADirectoryError:
        raise ExchangeError(_("{path} 是文件夹，不是报告文件").format(path=path)) from None
    except OSError as error:
        raise ExchangeError(
            _("无法读取 {path}：{reason}").format(path=path, reason=os_reason(error))
        ) from None
    data = _parsed(raw, str(path))  # parsed once, for the report and for its provenance
    report = report_from_dict(data, str(path))
    return report, _doubted(data, report)


def _doubted(data: dict[str, Any], report: Report) -> set[str] | None:
    """The cells a reading marked 存疑, and those of its tables it left blank (not found)."""
    provenance = data.get("provenance")
    if not isinstance(provenance, dict):
        return None
    cells = provenance.get("cells", {})
    unsure = [k for k, v in cells.items() if isinstance(v, dict) and v.get("unsure")]
    return doubted_cells(report, unsure, (k for k in cells if isinstance(k, str)))


def _read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file; a pipe, device or socket is refused without waiting on it."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as file:
        status = os.fstat(fd)
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(status.st_mode):
            raise ExchangeError(
                _("{path} 不是普通文件（可能是管道或设备），不能作为报告读取").format(path=path)
            )
        if status.st_size > MAX_FILE_BYTES:
            raise ExchangeError(
                _("{path} 有 {size:.1f} MB，太大，不是报告文件").format(
                    path=path, size=status.st_size / (1024 * 1024)
                )
            )
        return file.read(MAX_FILE_BYTES + 1)


def loads_report(raw: bytes, source: str = "") -> Report:
    """Parse the bytes of an exchange file."""
    return report_from_dict(_parsed(raw, source), source)


def _parsed(raw: bytes, source: str) -> Any:
    """The JSON of an exchange file's bytes, refused in one Chinese sentence when it is none."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data":
            raise ExchangeError(
                _("{source}：文件不完整，在第 {offset} 字节处中断").format(
                    source=source, offset=error.start
                )
            ) from None
        raise ExchangeError(
            _("{source}：不是 UTF-8 编码的文本（第 {offset} 字节）").format(
                source=source, offset=error.start
            )
        ) from None
    try:
        data = json.loads(
            text,
            parse_float=Decimal,
            parse_int=_integer,
            parse_constant=_reject_constant,
            object_pairs_hook=_unique_keys,
        )
    except json.JSONDecodeError as error:
        raise ExchangeError(
            _("{source}：不是完整有效的 JSON（第 {line} 行第 {column} 列：{reason}）").format(
                source=source, line=error.lineno, column=error.colno, reason=_json_reason(error)
            )
        ) from None
    except _Refused as refused:
        raise ExchangeError(f"{source}：{refused}" if source else str(refused)) from None
    except RecursionError:
        raise ExchangeError(
            _("{source}：括号嵌套层次太深，不是报告文件").format(source=source)
        ) from None
    return data


def write_report(report: Report, path: Path, provenance: dict | None = None) -> None:
    """Write the report as an exchange file, atomically (with where a read report came from)."""
    write_atomically(Path(path), dumps_report(report, provenance).encode("utf-8"))


def dumps_report(report: Report, provenance: dict | None = None) -> str:
    return json.dumps(report_to_dict(report, provenance), ensure_ascii=False, indent=2) + "\n"


def report_to_dict(report: Report, provenance: dict | None = None) -> dict[str, Any]:
    """The report as the JSON-ready structure of the exchange format."""
    fmt = report.format
    tables: dict[str, dict[str, dict[str, Any]]] = {}
    for key, ref in fmt.cells.items():
        if key in report.values:
            value = report.values[key]
            row = tables.setdefault(ref.table.id, {}).setdefault(ref.row.id, {})
            amount = ref.value_type is ValueType.AMOUNT
            row[ref.column.id] = format_value(value) if amount else value
    data = {
        "kind": KIND,
        "version": VERSION,
        "format": report.format_id,
        "year": report.year,
        "agency": {name: getattr(report.agency, name) for name in AGENCY_FIELDS},
        "period": {"start": _iso(report.period_start), "end": _iso(report.period_end)},
        "signing_unit": report.signing_unit,
        "issued_on": _iso(report.issued_on),
        "texts": {s.id: report.texts[s.id] for s in fmt.text_sections() if s.id in report.texts},
        "tables": tables,
        "unconfirmed": sorted(report.unconfirmed),
    }
    if report.acknowledged:
        data["acknowledged"] = [
            {"finding": key, "message": a.message, "note": a.note, "at": a.at}
            for key, a in sorted(report.acknowledged.items())
        ]
    if provenance is not None:
        data["provenance"] = provenance
    return data


def report_from_dict(data: Any, source: str = "") -> Report:
    """Build a report from the parsed JSON, checking every key and type."""
    reader = _Reader(source)
    reader.expect_object(data, "$")
    reader.known_keys(data, "$", _TOP_KEYS)
    if data.get("kind") != KIND:
        reader.fail("$.kind", _('不是年报填报助手的报告文件（应为 "{kind}"）').format(kind=KIND))
    reader.version(data.get("version"))
    format_id = data.get("format")
    if not isinstance(format_id, str) or format_id not in FORMATS:
        reader.fail("$.format", _("未知的报告格式 {value}").format(value=_shown(format_id)))
    fmt = FORMATS[format_id]
    report = Report(format=fmt)
    year = data.get("year")
    if year is not None and (not _is_integer(year) or year not in YEARS):
        reader.fail(
            "$.year",
            _("报告年度应为 {first}–{last} 之间的年份，现为 {value}").format(
                first=YEARS.start, last=YEARS.stop - 1, value=_shown(year)
            ),
        )
    report.year = year
    agency = data.get("agency", {})
    reader.expect_object(agency, "$.agency")
    reader.known_keys(agency, "$.agency", AGENCY_FIELDS)
    report.agency = Agency(
        **{k: reader.string(agency.get(k, ""), f"$.agency.{k}") for k in AGENCY_FIELDS}
    )
    period = data.get("period", {})
    reader.expect_object(period, "$.period")
    reader.known_keys(period, "$.period", ("start", "end"))
    report.period_start = reader.date(period.get("start"), "$.period.start")
    report.period_end = reader.date(period.get("end"), "$.period.end")
    report.signing_unit = reader.string(data.get("signing_unit", ""), "$.signing_unit")
    report.issued_on = reader.date(data.get("issued_on"), "$.issued_on")
    texts = data.get("texts", {})
    reader.expect_object(texts, "$.texts")
    text_ids = [s.id for s in fmt.text_sections()]
    reader.known_keys(texts, "$.texts", text_ids)
    report.texts = {k: reader.string(v, f"$.texts.{k}") for k, v in texts.items()}
    report.values = reader.values(data.get("tables", {}), fmt)
    unconfirmed = data.get("unconfirmed", [])
    if not isinstance(unconfirmed, list):
        reader.fail("$.unconfirmed", _("应为列表"))
    locations = set(report.locations())
    for i, location in enumerate(unconfirmed):
        if not isinstance(location, str) or location not in locations:
            reader.fail(f"$.unconfirmed[{i}]", _("报告中没有这一项"))
    report.unconfirmed = set(unconfirmed)
    report.acknowledged = reader.acknowledgements(data.get("acknowledged", []))
    report.normalise_texts()  # tabs and broken lines of text pasted from Word into a file
    if "provenance" in data:
        reader.expect_object(data["provenance"], "$.provenance")
    return report


_TOP_KEYS = (
    "kind",
    "version",
    "format",
    "year",
    "agency",
    "period",
    "signing_unit",
    "issued_on",
    "texts",
    "tables",
    "unconfirmed",
    "acknowledged",
    "provenance",
)
_ACKNOWLEDGEMENT_KEYS = ("finding", "message", "note", "at")


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _json_reason(error: json.JSONDecodeError) -> str:
    """The JSON parser's reason in the clerk's words."""
    if not error.doc[error.pos :].strip() or error.msg.startswith("Unterminated string"):
        return _("文件在此处中断，可能不完整")
    for start, reason in (
        ("Expecting value", _("此处缺少值")),
        ("Expecting ',' delimiter", _("此处缺少逗号")),
        ("Expecting ':' delimiter", _("此处缺少冒号")),
        ("Expecting property name", _("键名应放在双引号内")),
        ("Extra data", _("数据结束后还有多余内容")),
        ("Invalid control character", _("文本中有不允许的控制字符")),
        ("Invalid \\escape", _("文本中有无效的转义符")),
    ):
        if error.msg.startswith(start):
            return reason
    return _("格式错误")


class _Refused(ValueError):
    """What the JSON parser's hooks refuse; loads_report adds the file name."""


def _reject_constant(name: str) -> None:
    raise _Refused(_("JSON 中不允许 {name}").format(name=name))


def _integer(text: str) -> int | Decimal:
    """A JSON integer; a very long one stays a Decimal (whose size the reader then refuses),
    as Python refuses to make an int of more than 4,300 digits from text."""
    return int(text) if len(text) <= MAX_DIGITS + 1 else Decimal(text)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object; a key given twice is refused, as only one of the two could be kept."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Refused(_("键 {key} 出现了两次，不知道该用哪一个").format(key=_shown(key)))
        result[key] = value
    return result


def _is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _shown(value: Any, limit: int = 40) -> str:
    """A value of the file as a message quotes it: short, one line, every character printable."""
    if isinstance(value, dict):
        return _("对象 {…}")
    if isinstance(value, list):
        return _("列表 […]")
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, Decimal) else str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return one_line(text)


def _key(key: str) -> str:
    """A key of the file as a JSON path shows it: one line, every character printable."""
    return one_line(json.dumps(key, ensure_ascii=False)[1:-1])[:40]


class _Reader:
    """Type checks that name the JSON path of the first problem."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, reason: str) -> NoReturn:
        prefix = f"{self.source}：" if self.source else ""
        raise ExchangeError(f"{prefix}{path}：{reason}")

    def expect_object(self, value: Any, path: str) -> None:
        if not isinstance(value, dict):
            self.fail(path, _("应为对象 {…}"))

    def known_keys(self, value: dict[str, Any], path: str, known: Iterable[str]) -> None:
        for key in value:
            if key not in known:
                self.fail(
                    f"{path}.{_key(key)}",
                    _(
                        "有本程序不认识的项目「{key}」：这可能不是本程序导出的交换文件，"
                        "或是更新版本的程序导出的，或被改动过"
                    ).format(key=_key(key)),
                )

    def version(self, version: Any) -> None:
        if version is None:
            self.fail("$.version", _("缺少文件版本号"))
        if isinstance(version, str):
            self.fail(
                "$.version",
                _("文件版本号应为数字（不带引号），如 {version}，现为文本 {value}").format(
                    version=VERSION, value=_shown(version)
                ),
            )
        if not _is_integer(version) or version < 1:
            self.fail(
                "$.version",
                _("文件版本号应为正整数，如 {version}，现为 {value}").format(
                    version=VERSION, value=_shown(version)
                ),
            )
        if version > VERSION:
            self.fail(
                "$.version",
                _("文件版本 {version} 比本程序新（本程序支持到 {supported}），请升级程序").format(
                    version=version, supported=VERSION
                ),
            )

    def string(self, value: Any, path: str) -> str:
        if not isinstance(value, str):
            self.fail(path, _("应为文本，现为 {value}").format(value=_shown(value)))
        unpaired = next((c for c in value if "\ud800" <= c <= "\udfff"), None)
        if unpaired is not None:  # not a character: no UTF-8 file or database can hold it
            self.fail(
                path,
                _("文本中有无效的字符 U+{code:04X}（不成对的代理码），请删去").format(
                    code=ord(unpaired)
                ),
            )
        return value

    def date(self, value: Any, path: str) -> date | None:
        if value is None:
            return None
        try:
            return date.fromisoformat(self.string(value, path))
        except ValueError:
            self.fail(path, _("应为日期，格式如 2022-01-05"))

    def acknowledgements(self, items: Any) -> dict[str, Acknowledgement]:
        """The 提示 marked 已核实: each the finding's key, its message then, the 说明 and when."""
        if not isinstance(items, list):
            self.fail("$.acknowledged", _("应为列表"))
        found = {}
        for i, item in enumerate(items):
            path = f"$.acknowledged[{i}]"
            self.expect_object(item, path)
            self.known_keys(item, path, _ACKNOWLEDGEMENT_KEYS)
            fields = {k: self.string(item.get(k, ""), f"{path}.{k}") for k in _ACKNOWLEDGEMENT_KEYS}
            if not fields["finding"]:
                self.fail(f"{path}.finding", _("缺少所核实的提示"))
            key = fields.pop("finding")
            found[key] = Acknowledgement(**fields)
        return found

    def values(self, tables: Any, fmt: FormatDescription) -> dict[str, Value]:
        self.expect_object(tables, "$.tables")
        values: dict[str, Value] = {}
        for table_id, rows in tables.items():
            path = f"$.tables.{_key(table_id)}"
            self.expect_object(rows, path)
            for row_id, columns in rows.items():
                self.expect_object(columns, f"{path}.{_key(row_id)}")
                for column_id, value in columns.items():
                    key = cell_key(table_id, row_id, column_id)
                    cell_path = f"{path}.{_key(row_id)}.{_key(column_id)}"
                    ref = fmt.cells.get(key)
                    if ref is None:
                        self.fail(cell_path, _("表格中没有这一格"))
                    if value is not None:
                        values[key] = self.number(value, ref.value_type, cell_path)
        return values

    def number(self, value: Any, value_type: ValueType, path: str) -> Value:
        """A number as stored; its range and places are the rules' business, not the reader's,
        but a number too long to be any report's is refused here, before any arithmetic."""
        if value_type is ValueType.AMOUNT and isinstance(value, str):
            if not _PLAIN_AMOUNT.fullmatch(value.strip()):
                self.fail(
                    path,
                    _('金额应写成普通的数字，如 "12.5000"，现为 {value}').format(
                        value=_shown(value)
                    ),
                )
            value = Decimal(value.strip())
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            self.fail(path, _("应为数字，现为 {value}").format(value=_shown(value)))
        if isinstance(value, Decimal):
            if not value.is_finite():
                self.fail(path, _("应为有限的数字"))
            exponent = value.as_tuple().exponent  # an int, the number being finite
            if value.adjusted() >= MAX_DIGITS or (
                isinstance(exponent, int) and exponent < -MAX_DIGITS
            ):
                self.fail(
                    path,
                    _(
                        "数字过大或位数过多（最多 {digits} 位整数、{digits} 位小数），现为 {value}"
                    ).format(digits=MAX_DIGITS, value=_shown(value)),
                )
            if value_type in (ValueType.COUNT, ValueType.CHANGE):
                if value != value.to_integral_value():  # no fraction enters: none can be typed
                    self.fail(path, _("件数应为整数，现为 {value}").format(value=_shown(value)))
                return int(value)
        return unsigned_zero(value)


_TEXT = {"type": "string"}
_DAY = {"type": ["string", "null"], "format": "date"}
_CELL_SCHEMAS = {
    ValueType.COUNT: {"type": ["integer", "null"], "minimum": 0},
    ValueType.CHANGE: {"type": ["integer", "null"], "description": "本年增/减: may be negative"},
    ValueType.AMOUNT: {
        "type": ["string", "null"],
        "pattern": rf"^[0-9]+(\.[0-9]{{1,{AMOUNT_PLACES}}})?$",
        "description": "万元, written as a string so that no decimal passes through a float",
    },
}
_ACKNOWLEDGED_SCHEMA = {
    "type": "array",
    "description": "提示 the clerk marked 已核实: the finding's key (rule|location|cells),"
    " its message when it was checked (a changed message opens it again), the 说明",
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["finding", "message", "note"],
        "properties": {
            "finding": {"type": "string", "minLength": 1},
            "message": _TEXT,
            "note": _TEXT,
            "at": _TEXT,
        },
    },
}


def _tables_schema(fmt: FormatDescription) -> dict[str, Any]:
    """Table → row → column → the schema of the cell's value type."""
    tables: dict[str, Any] = {}
    for ref in fmt.cells.values():
        rows = tables.setdefault(
            ref.table.id, {"type": "object", "additionalProperties": False, "properties": {}}
        )["properties"]
        columns = rows.setdefault(
            ref.row.id, {"type": "object", "additionalProperties": False, "properties": {}}
        )["properties"]
        columns[ref.column.id] = _CELL_SCHEMAS[ref.value_type]
    return tables


def json_schema(fmt: FormatDescription) -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of an exchange file written against `fmt`."""
    text, day, tables = _TEXT, _DAY, _tables_schema(fmt)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"年报填报助手 exchange file, version {VERSION}, format {fmt.id}",
        "type": "object",
        "additionalProperties": False,
        "required": ["kind", "version", "format"],
        "properties": {
            "kind": {"const": KIND},
            "version": {"const": VERSION},
            "format": {"const": fmt.id},
            "year": {
                "type": ["integer", "null"],
                "minimum": YEARS.start,
                "maximum": YEARS.stop - 1,
            },
            "agency": {
                "type": "object",
                "additionalProperties": False,
                "properties": {name: text for name in AGENCY_FIELDS},
            },
            "period": {
                "type": "object",
                "additionalProperties": False,
                "properties": {"start": day, "end": day},
            },
            "signing_unit": text,
            "issued_on": day,
            "texts": {
                "type": "object",
                "additionalProperties": False,
                "properties": {s.id: text for s in fmt.text_sections()},
            },
            "tables": {"type": "object", "additionalProperties": False, "properties": tables},
            "unconfirmed": {
                "type": "array",
                "items": {"type": "string"},
                "description": "locations copied from last year and not yet checked (沿用上年，待核对)",
            },
            "acknowledged": _ACKNOWLEDGED_SCHEMA,
            "provenance": _PROVENANCE_SCHEMA,
        },
    }


_PROVENANCE_SCHEMA = {
    "type": "object",
    "description": "where a report read from a published file (main.py read) came from",
    "properties": {
        "source": {"type": "string", "description": "the file's name"},
        "kind": {"enum": ["docx", "pdf", "html", "text", "xlsx"]},
        "pages": {"type": ["integer", "null"]},
        "cells": {
            "type": "object",
            "description": "per cell key: where its value was printed, and what the reader doubted",
            "additionalProperties": {
                "type": "object",
                "properties": {
                    "page": {"type": ["integer", "null"]},
                    "table": {"type": "integer", "description": "the table's place in the file"},
                    "row": {"type": "string", "description": "the row label as printed"},
                    "column": {"type": "string", "description": "the column label as printed"},
                    "text": {"type": "string", "description": "the cell as printed"},
                    "unsure": {"type": "string", "description": "what the reader was unsure of"},
                },
            },
        },
        "notes": {"type": "array", "items": {"type": "string"}},
        "missing": {"type": "array", "items": {"type": "string"}},
    },
}
