"""What a writer is given (the options of an export) and what it gives back (where the file
went, its pages, the fonts that printed it): shared by export/writers.py and each writer module,
which writers.py loads by name."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from models.checks.findings import Finding


@dataclass(frozen=True)
class ExportOptions:
    """How the report goes out: as a draft, with its 定稿 fingerprint, its findings (for the
    workbook's 问题清单), and a PDF as PDF/A-2b (the other formats have no archival variant)."""

    draft: bool = False
    fingerprint: str | None = None
    findings: list[Finding] = field(default_factory=list)
    pdfa: bool = False


@dataclass(frozen=True)
class ExportResult:
    path: Path
    pages: int | None = None  # known for a PDF only
    fonts: list[str] = field(default_factory=list)  # which font serves each role
