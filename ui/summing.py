"""文件 › 汇总多份报告…: one year's reports — stored in the open database, or exchange files —
summed into a new report of the agency the clerk names, and, if wanted, the overview beside it
(one row per report, .xlsx).

Reports of mixed years or formats, or a file that is not an exchange file, are refused with one
sentence on the library's error channel, before the agency's name is asked; nothing is stored
then. The stored reports are offered one year at a time (ui/sum_dialog.py).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

from models.aggregate import aggregate, overview, refuse_unsummable
from models.exchange import read_report
from models.files import write_atomically
from models.i18n import _
from models.report import Report
from ui.printing import ReportOutput

TITLE = _("汇总多份报告")


def sum_reports(output: ReportOutput, on_report: int | None = None) -> int | None:
    """Ask for the reports (of the year of `on_report`, the report open or selected, first) and
    the agency, store the sum as a new report; its id, or None."""
    from ui.sum_dialog import FROM_FILES, SumDialog  # loaded when the clerk first sums

    parent, library = output.parent, output.library
    reports = library.reports()
    year = next((r.year for r in reports if r.id == on_report), None)
    dialog = SumDialog(reports, TITLE, parent, year)
    answer = dialog.exec()
    if answer == FROM_FILES:
        sources = _from_files(output)
    elif answer == QDialog.DialogCode.Accepted:
        sources = _stored(output, [summary.id for summary in dialog.chosen()])
    else:
        return None
    if sources is None:
        return None
    # Mixed years, mixed formats, one report twice: refused before the clerk types a name.
    if not library.succeeds(lambda: refuse_unsummable(sources)):
        return None
    agency = _ask_agency(parent)
    if not agency:
        return None
    total = library.attempt(lambda: aggregate(sources, agency))
    report_id = None if total is None else library.add(total)
    if report_id is None:
        return None
    question = _(
        "已把 {count} 份报告汇总为「{agency}」的报告。"
        "另存一份汇总概览（Excel，每份报告一行，含各自的错误、提示数）吗？"
    ).format(count=len(sources), agency=agency)
    if QMessageBox.question(parent, TITLE, question) == QMessageBox.StandardButton.Yes:
        _save_overview(output, sources, agency)
    return report_id


def _from_files(output: ReportOutput) -> list[tuple[str, Report]] | None:
    """The exchange files the clerk picks, each named by its file name; None when fewer than
    two are picked or one is not a report (said on the library's `error`)."""
    library = output.library
    chosen, _filter = QFileDialog.getOpenFileNames(
        output.parent, TITLE, str(output.folder()), _("交换文件") + " (*.json)"
    )
    if len(chosen) == 1:
        library.error.emit(_("请至少选择两份报告（按住 Ctrl 多选）"))
    if len(chosen) < 2:
        return None
    sources = library.attempt(lambda: [(Path(p).name, read_report(Path(p))) for p in chosen])
    if sources is not None:
        output.remember(Path(chosen[0]))
    return sources


def _stored(output: ReportOutput, report_ids: list[int]) -> list[tuple[str, Report]] | None:
    """The stored reports ticked, each named by its agency and number."""
    reports = output.library.load(report_ids)
    if reports is None:
        return None
    return [
        (_("{agency}（编号 {id}）").format(agency=report.agency.name, id=report_id), report)
        for report_id, report in zip(report_ids, reports, strict=True)
    ]


def _ask_agency(parent) -> str | None:
    """The name the sum is published under; None when the clerk cancels."""
    label = _("汇总后的机关名称（如「××市人民政府」）：")
    while True:
        text, ok = QInputDialog.getText(parent, TITLE, label)
        if not ok:
            return None
        if text.strip():
            return text.strip()
        label = _("请填写机关名称：")


def _save_overview(output: ReportOutput, sources: list[tuple[str, Report]], agency: str) -> None:
    from export.excel import render_overview  # openpyxl loads only when it is needed

    proposed = output.proposed(_("{agency}汇总概览").format(agency=agency), ".xlsx")
    chosen, _filter = QFileDialog.getSaveFileName(
        output.parent, _("保存汇总概览"), proposed, "Excel (*.xlsx)"
    )
    if not chosen:
        return
    path = Path(chosen)
    if path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")
    data = render_overview(overview(sources))
    if output.library.succeeds(lambda: write_atomically(path, data)):
        output.parent.statusBar().showMessage(_("已导出 {path}").format(path=path), 8000)
