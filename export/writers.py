"""One way out for every format: the window and the command line call `export_report`, which
picks the writer by the file's suffix from the registry (WRITERS), applies the validation gate,
and has the writer's module write the file atomically (each module's `write`).

The registry is the one list of the formats we write: the command line's help, the window's 文件
menu and save dialogs (with a format's archival variant, PDF/A-2b) and the message for an unknown
suffix all read it. The writers of the document (PDF, Word, web page) print one outline
(export/document.py); the workbook lays out the tables only.

The writers load lazily, so exporting a web page never imports reportlab, nor a PDF python-docx.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from export.errors import UnknownFormat, refuse_unless_clean
from export.outcome import ExportOptions, ExportResult
from models.checks.check import check
from models.checks.findings import Finding
from models.i18n import _
from models.report import Report


@dataclass(frozen=True)
class Writer:
    """A format we write: its name and 文件 menu title for the clerk, the module that writes it
    (its `write(report, path, options) -> ExportResult`), and the name of its archival variant
    if it has one (written when the options ask for `pdfa`)."""

    name: str
    menu_title: str
    module: str
    archival: str | None = None


# The registry, by suffix: the command line, the window's menu and its save dialogs read it.
WRITERS = {
    ".pdf": Writer(_("PDF"), _("导出 PDF"), "export.pdf", _("PDF/A-2b 归档文件")),
    ".docx": Writer(_("Word 文档"), _("导出 Word"), "export.word"),
    ".html": Writer(_("网页"), _("导出网页"), "export.web"),
    ".xlsx": Writer(_("Excel 工作簿"), _("导出 Excel"), "export.excel"),
}


def export_report(
    report: Report,
    path: Path,
    *,
    draft: bool = False,
    findings: list[Finding] | None = None,
    fingerprint: str | None = None,
    pdfa: bool = False,
) -> ExportResult:
    """Write the report in the format its suffix names (one of WRITERS); with `pdfa`, in the
    format's archival variant (a PDF as PDF/A-2b; a format without one ignores it).

    Raises UnknownFormat for another suffix, ExportRefused for a report with 错误 unless `draft`,
    another ExportError or models.files.FileWriteError when the file cannot be made; a file that
    was there before is then left as it was.
    """
    path = Path(path)
    writer = writer_for(path)
    with _no_cycle_collection():
        module = importlib.import_module(writer.module)
        findings = check(report) if findings is None else findings
        refuse_unless_clean(findings, draft)
        options = ExportOptions(draft, fingerprint, findings, pdfa and writer.archival is not None)
        return module.write(report, path, options)


def writer_for(path: Path) -> Writer:
    """The writer of files like `path`, or UnknownFormat naming the formats we write."""
    suffix = Path(path).suffix.lower()
    if suffix not in WRITERS:
        raise UnknownFormat(suffix, formats_named())
    return WRITERS[suffix]


def formats_named() -> list[str]:
    """Each format we write as the clerk reads it: 「.pdf（PDF）」, 「.docx（Word 文档）」…"""
    return [f"{suffix}（{writer.name}）" for suffix, writer in WRITERS.items()]


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """An export makes a few hundred thousand short-lived objects (the writer's modules, the
    fonts' tables, the layout) that reference counting frees; the cyclic collector's passes over
    them cost about a tenth of a cold export, so it waits until the file is written."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
