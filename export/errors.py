"""The export's errors and its validation gate, importable without loading any format library
(the window and the command line catch them before choosing a writer)."""

from __future__ import annotations

from models.checks.findings import Finding, Severity
from models.errors import ClerkError
from models.i18n import _


class ExportError(ClerkError):
    """The file was not written; the message says why in Chinese."""


class ExportRefused(ExportError):
    """The report has 错误 and may only be exported as a draft."""

    def __init__(self, findings: list[Finding]) -> None:
        errors = [f for f in findings if f.severity is Severity.ERROR]
        super().__init__(
            _("报告还有 {count} 个错误，不能导出正式文本；改正后再导出，或导出草稿。").format(
                count=len(errors)
            )
        )
        self.findings = errors


class UnknownFormat(ExportError):
    """The output file's suffix names no format we write."""

    def __init__(self, suffix: str, known: list[str]) -> None:
        super().__init__(
            _("不能导出为「{suffix}」文件；可导出的格式：{known}").format(
                suffix=suffix or _("无扩展名"), known="、".join(known)
            )
        )


def refuse_unless_clean(findings: list[Finding], draft: bool) -> None:
    """The validation gate of every format: a report with 错误 is written only as a draft."""
    if not draft and any(f.severity is Severity.ERROR for f in findings):
        raise ExportRefused(findings)
