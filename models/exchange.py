"""The exchange file: one report as versioned JSON (see docs/exchange-format.md).

Reading reports the first problem as a Chinese sentence with its JSON path; writing then reading
gives back the same report. Amounts are written as strings so that no decimal passes through a float.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from models.files import os_reason, write_atomically
from models.format import AMOUNT_PLACES, FormatDescription, ValueType, cell_key
from models.formats import FORMATS
from models.i18n import _
from models.report import AGENCY_FIELDS, Agency, Report, Value

KIND = "nianbao-report"
VERSION = 1


class ExchangeError(ValueError):
    """The file cannot be read as a report; the message says where and why."""


def read_report(path: Path) -> Report:
    """Read an exchange file, or raise ExchangeError with a one-line Chinese message."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ExchangeError(_("找不到文件：{path}").format(path=path)) from None
    except IsADirectoryError:
        raise ExchangeError(_("{path} 是文件夹，不是报告文件").format(path=path)) from None
    except OSError as error:
        raise ExchangeError(
            _("无法读取 {path}：{reason}").format(path=path, reason=os_reason(error))
        ) from None
    return loads_report(raw, str(path))


def loads_report(raw: bytes, source: str = "") -> Report:
    """Parse the bytes of an exchange file."""
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
        data = json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise ExchangeError(
            _("{source}：不是完整有效的 JSON（第 {line} 行第 {column} 列：{reason}）").format(
                source=source, line=error.lineno, column=error.colno, reason=_json_reason(error)
            )
        ) from None
    return report_from_dict(data, source)


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
            row[ref.column.id] = str(value) if ref.value_type is ValueType.AMOUNT else value
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
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        reader.fail("$.version", _("缺少文件版本号"))
    if version > VERSION:
        reader.fail(
            "$.version",
            _("文件版本 {version} 比本程序新（本程序支持到 {supported}），请升级程序").format(
                version=version, supported=VERSION
            ),
        )
    format_id = data.get("format")
    if format_id not in FORMATS:
        reader.fail("$.format", _("未知的报告格式 {value}").format(value=json.dumps(format_id)))
    fmt = FORMATS[format_id]
    report = Report(format_id=format_id)
    year = data.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool) or year < 1900):
        reader.fail("$.year", _("报告年度应为四位数的年份"))
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
        if location not in locations:
            reader.fail(f"$.unconfirmed[{i}]", _("报告中没有这一项"))
    report.unconfirmed = set(unconfirmed)
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
    "provenance",
)


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


def _reject_constant(name: str) -> None:
    raise ExchangeError(_("JSON 中不允许 {name}").format(name=name))


class _Reader:
    """Type checks that name the JSON path of the first problem."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, reason: str) -> None:
        prefix = f"{self.source}：" if self.source else ""
        raise ExchangeError(f"{prefix}{path}：{reason}")

    def expect_object(self, value: Any, path: str) -> None:
        if not isinstance(value, dict):
            self.fail(path, _("应为对象 {…}"))

    def known_keys(self, value: dict, path: str, known) -> None:
        for key in value:
            if key not in known:
                self.fail(f"{path}.{key}", _("未知的项目"))

    def string(self, value: Any, path: str) -> str:
        if not isinstance(value, str):
            self.fail(path, _("应为文本"))
        return value

    def date(self, value: Any, path: str) -> date | None:
        if value is None:
            return None
        try:
            return date.fromisoformat(self.string(value, path))
        except ValueError:
            self.fail(path, _("应为日期，格式如 2022-01-05"))

    def values(self, tables: Any, fmt: FormatDescription) -> dict[str, Value]:
        self.expect_object(tables, "$.tables")
        values: dict[str, Value] = {}
        for table_id, rows in tables.items():
            path = f"$.tables.{table_id}"
            self.expect_object(rows, path)
            for row_id, columns in rows.items():
                self.expect_object(columns, f"{path}.{row_id}")
                for column_id, value in columns.items():
                    key = cell_key(table_id, row_id, column_id)
                    cell_path = f"{path}.{row_id}.{column_id}"
                    ref = fmt.cells.get(key)
                    if ref is None:
                        self.fail(cell_path, _("表格中没有这一格"))
                    if value is not None:
                        values[key] = self.number(value, ref.value_type, cell_path)
        return values

    def number(self, value: Any, value_type: ValueType, path: str) -> Value:
        """A number as stored; its range and places are the rules' business, not the reader's."""
        if value_type is ValueType.AMOUNT and isinstance(value, str):
            try:
                value = Decimal(value.strip())
            except ArithmeticError:
                self.fail(path, _("金额应为数字，现为 {value}").format(value=json.dumps(value)))
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            self.fail(
                path,
                _("应为数字，现为 {value}").format(value=json.dumps(value, ensure_ascii=False)),
            )
        if isinstance(value, Decimal) and not value.is_finite():
            self.fail(path, _("应为有限的数字"))
        whole = value_type in (ValueType.COUNT, ValueType.CHANGE)
        if whole and isinstance(value, Decimal) and value == int(value):
            return int(value)
        return value


def json_schema(fmt: FormatDescription) -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of an exchange file written against `fmt`."""
    text = {"type": "string"}
    day = {"type": ["string", "null"], "format": "date"}
    count = {"type": ["integer", "null"], "minimum": 0}
    change = {"type": ["integer", "null"], "description": "本年增/减: may be negative"}
    amount = {
        "type": ["string", "null"],
        "pattern": rf"^[0-9]+(\.[0-9]{{1,{AMOUNT_PLACES}}})?$",
        "description": "万元, written as a string so that no decimal passes through a float",
    }
    tables: dict[str, Any] = {}
    for ref in fmt.cells.values():
        rows = tables.setdefault(
            ref.table.id, {"type": "object", "additionalProperties": False, "properties": {}}
        )["properties"]
        columns = rows.setdefault(
            ref.row.id, {"type": "object", "additionalProperties": False, "properties": {}}
        )["properties"]
        columns[ref.column.id] = {
            ValueType.AMOUNT: amount,
            ValueType.CHANGE: change,
            ValueType.COUNT: count,
        }[ref.value_type]
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
            "year": {"type": ["integer", "null"], "minimum": 1900},
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
