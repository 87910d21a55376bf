"""One way out for every format: the window and the command line call `export_report`, which
picks the writer by the file's suffix, applies the validation gate, and writes atomically.

The writers load lazily, so exporting a web page never imports reportlab, nor a PDF python-docx.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from export.errors import UnknownFormat, refuse_unless_clean
from models.files import write_atomically
from models.findings import Finding
from models.i18n import _
from models.report import Report
from models.rules import check

# suffix → (the format's name for the clerk, the module that renders it)
FORMATS = {
    ".pdf": (_("PDF"), "export.pdf"),
    ".docx": (_("Word 文档"), "export.word"),
    ".html": (_("网页"), "export.web"),
    ".xlsx": (_("Excel 工作簿"), "export.excel"),
}


@dataclass(frozen=True)
class ExportResult:
    path: Path
    pages: int | None = None  # known for a PDF only
    fonts: list[str] = field(default_factory=list)  # which font serves each role


def export_report(
    report: Report,
    path: Path,
    *,
    draft: bool = False,
    findings: list[Finding] | None = None,
    fingerprint: str | None = None,
    pdfa: bool = False,
) -> ExportResult:
    """Write the report in the format its suffix names (.pdf, .docx, .html, .xlsx); a PDF as
    PDF/A-2b with `pdfa` (the other formats have no archival variant and ignore it).

    Raises UnknownFormat for another suffix, ExportRefused for a report with 错误 unless `draft`,
    another ExportError or models.files.FileWriteError when the file cannot be made; a file that
    was there before is then left as it was.
    """
    path = Path(path)
    with _no_cycle_collection():
        module = importlib.import_module(writer_module(path))
        findings = check(report) if findings is None else findings
        refuse_unless_clean(findings, draft)
        if path.suffix.lower() == ".pdf":
            return module.export_pdf(
                report, path, draft=draft, fingerprint=fingerprint, findings=findings, pdfa=pdfa
            )
        data = module.render(report, draft=draft, fingerprint=fingerprint, findings=findings)
        write_atomically(path, data)
        return ExportResult(path, fonts=getattr(module, "FONT_NOTES", []))


def writer_module(path: Path) -> str:
    """The module that writes files like `path`, or UnknownFormat naming the formats we write."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise UnknownFormat(suffix, [f"{s}（{name}）" for s, (name, _m) in FORMATS.items()])
    return FORMATS[suffix][1]


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
