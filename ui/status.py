"""The window's status bar for the open report: its key figures with its 错误 and 提示, and
whether everything typed is saved (「已保存 16:05:31」, or 「未保存：」 and why)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QSizePolicy, QStatusBar

from models.checks.findings import counts
from models.i18n import _
from models.storage.store import FINAL
from ui.session import ReportSession


def state_words(status: str, version: int) -> str:
    """「已定稿 · 第 1 版」, 「草稿 · 第 2 版」 after a 定稿 was reopened; "" for a first draft."""
    if status == FINAL:
        return _("已定稿 · 第 {version} 版").format(version=version)
    if version > 1:
        return _("草稿 · 第 {version} 版").format(version=version)
    return ""


class ReportStatus:
    """The two fields of the status bar that follow the open report."""

    def __init__(self, bar: QStatusBar) -> None:
        self.summary = QLabel()
        self.saved = QLabel()
        # Text changes on every edit must not re-lay out the window: fixed room for both labels.
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.saved.setMinimumWidth(self.saved.fontMetrics().horizontalAdvance("已保存 00:00:00  "))
        bar.addWidget(self.summary, 1)
        bar.addPermanentWidget(self.saved)
        self.last_saved: str | None = None

    def clear(self) -> None:
        self.summary.clear()
        self.saved.clear()

    def follow(self, session: ReportSession) -> None:
        """Show the report just opened, and follow its findings and saves."""
        session.findings_changed.connect(lambda: self.show_summary(session))
        session.saved.connect(self.show_saved)
        session.refused.connect(lambda _locations, reason: self.show_refused(reason))
        self.last_saved = None
        self.show_summary(session)
        self.saved.setText(_("已保存"))

    def show_summary(self, session: ReportSession) -> None:
        report = session.report
        errors, hints, _acknowledged = counts(session.findings)
        received = report.format.key_figure("received", report.values)
        results = report.format.key_figure("results", report.values)
        figures = _(
            "本年新收申请 {received} 件 · 办理结果 {results} 件 · {errors} 个错误、{hints} 个提示"
        ).format(
            received="—" if received is None else received,
            results="—" if results is None else results,
            errors=errors,
            hints=hints,
        )
        state = state_words(*session.state())
        self.summary.setText(f"{state} · {figures}" if state else figures)

    def show_saved(self, time: str) -> None:
        self.last_saved = time
        text = _("已保存 {time}").format(time=time)
        if self.saved.text() != text:
            self.saved.setText(text)

    def show_refused(self, reason: str) -> None:
        """No 「已保存」 while the database refuses: 「未保存」 and why, until the next save."""
        self.saved.setText(_("未保存：{reason}").format(reason=reason))

    def confirmation(self, session: ReportSession | None) -> str:
        """What Ctrl+S says: every edit is saved the moment it is made, with the time."""
        if session is None:
            return _("没有打开的报告")
        if session.unsaved:
            return self.saved.text()
        if self.last_saved is None:
            return _("打开后还没有修改；报告已在数据库中")
        return _("所有修改都已保存（最后一次 {time}）").format(time=self.last_saved)
