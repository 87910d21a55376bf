"""The window frame: the report list or the open report, the menus, the status bar.

The frame only routes: store-wide work goes to the library (ui/library.py), the open report's
work to its session (ui/session.py), exporting and printing to ui/printing.py; every refusal
arrives on the library's one error channel and is shown the same way.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from PySide6.QtCore import QSettings, QSize
from PySide6.QtWidgets import (
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
)

from models.checks.findings import section_of
from models.i18n import _
from models.lookup import stored_already
from models.steps import describe_step, typed_changes
from models.storage.store import Store
from ui.actions import ON_A_REPORT, build_menus, export_action
from ui.editor import ReportEditor
from ui.fit import clamp, fit_window
from ui.library import Library
from ui.printing import EXPORT_TITLES, ReportOutput
from ui.report_list import ReportList
from ui.session import ReportSession
from ui.status import ReportStatus, state_words
from ui.window_state import WindowState

APP_NAME = _("年报填报助手")
WINDOW_SIZE = QSize(1280, 720)  # the first window, where the screen has room for it


def settings_path(database: Path) -> Path:
    """The window's settings file beside its database, one per database (nianbao.db's is
    nianbao-window.ini): two databases in one folder do not share a window."""
    return database.with_name(f"{database.stem}-window.ini")


def _dialogs() -> ModuleType:
    """The dialogs, loaded when the first is shown (12 ms of the window's start otherwise)."""
    from ui import dialogs

    return dialogs


def _help(window: MainWindow) -> None:
    """帮助 › 填报说明: the help window loads when first chosen."""
    from ui.help_window import HelpDialog

    HelpDialog(window).exec()


def _review(window: MainWindow) -> None:
    """文件 › 审查已发布的年报…: the review (and the readers) load when first chosen."""
    from ui.review import show_review

    show_review(window, window.library.service, window.output, window.open_report)


def _opened_instead(window: MainWindow, title: str, agency: str, year: int) -> bool:
    """True when the agency has a report for the year: the clerk is asked to open it (and it is
    opened, or nothing is done); False when a new one may be made."""
    existing = stored_already(window.store, agency, year)
    if existing is not None and _dialogs().open_existing(window, title, agency, year, existing):
        window.open_report(existing)
    return existing is not None


class MainWindow(QMainWindow):
    """The report list (start page) or one open report, with the menus and the status bar."""

    def __init__(self, store: Store, settings: QSettings | None = None) -> None:
        super().__init__()
        # Beside the database, not in ~/.config or the Windows registry: all the program keeps is there.
        self.settings = settings or QSettings(
            str(settings_path(store.path)), QSettings.Format.IniFormat
        )
        self.state = WindowState(self, self)
        self.library = Library(store, self)
        self.library.error.connect(self.show_error)
        self.session: ReportSession | None = None
        self.editor: ReportEditor | None = None
        self.output = ReportOutput(self, self.library, self.settings)
        self.menu_actions = build_menus(self, self._slots())
        self.list_page = ReportList(self.library, self.menu_actions)
        self.list_page.open_requested.connect(self.open_report)
        self.list_page.selection_changed.connect(self._update_actions)
        self.list_page.message.connect(self.say)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list_page)
        self.setCentralWidget(self.stack)
        self.status = ReportStatus(self.statusBar())
        self.summary, self.saved = self.status.summary, self.status.saved
        geometry = self.settings.value("geometry")
        if geometry is not None and self.restoreGeometry(geometry):
            clamp(self)  # saved on a larger screen, or at a smaller scale
        else:
            fit_window(self, WINDOW_SIZE)
        last = self.settings.value("last_report")
        if last is not None and self.library.has(int(last)):
            self.open_report(int(last))
        else:
            self.show_list()

    @property
    def store(self) -> Store:
        """The database the library works on (tools and tests read it; the window does not)."""
        return self.library.store

    def _slots(self) -> dict:
        return {
            "new_report": self.new_report,
            "show_list": self.show_list,
            "open_sample": self.open_sample,
            "next_year": self.next_year,
            "import_json": self.import_json,
            "export_json": lambda: self._on_report(self.output.export_json),
            **{
                export_action(suffix): lambda suffix=suffix: self._on_report(
                    lambda session: self.output.export(session, suffix)
                )
                for suffix in EXPORT_TITLES
            },
            "import_published": self.import_published,
            "aggregate": self.aggregate,
            "review_published": lambda: _review(self),
            "print": lambda: self._on_report(self.output.print_report),
            "finalize": lambda: self._on_report(self.finalize),
            "backups": self.choose_backup,
            "save": self.confirm_saved,
            "quit": self.close,
            "undo": lambda: self._step(undo=True),
            "redo": lambda: self._step(undo=False),
            "copy": lambda: self._table_call("copy_selection"),
            "paste": lambda: self._table_call("paste"),
            "help": lambda: _help(self),
            "about": lambda: _dialogs().show_about(self, self.library.path),
        }

    # Pages -----------------------------------------------------------------------------------

    def show_list(self) -> None:
        """The report list; the open report is closed (everything in it is saved already) and
        stays selected, however it was opened, so that Enter or 打开 takes the clerk back."""
        closed = self.session.report_id if self.session is not None else None
        self._close_editor()
        self.list_page.refresh(select=closed)
        self.stack.setCurrentWidget(self.list_page)
        self.list_page.table.setFocus()
        self.setWindowTitle(APP_NAME)
        self.status.clear()
        self._update_actions()

    def open_report(self, report_id: int) -> bool:
        """Show the report for editing; False (and said why) when it cannot be opened."""
        self._close_editor()
        session = self.library.session(report_id)
        if session is None:
            self.show_list()
            return False
        self.session = session
        # Where the clerk was, even after a crash: only that tab is made now.
        self.editor = ReportEditor(session, self.state.place(report_id))
        self.editor.message.connect(self.say)
        splitter = self.settings.value("splitter")
        if splitter is not None:
            self.editor.restoreState(splitter)
        self.stack.addWidget(self.editor)
        self.stack.setCurrentWidget(self.editor)
        self.editor.moved.connect(self.state.soon)
        self.status.follow(session)
        session.findings_changed.connect(self._update_title)
        session.changed.connect(lambda _c: self._update_actions())
        session.ask_reopen = lambda version: _dialogs().reopen_final(self, version)
        self.settings.setValue("last_report", report_id)
        self._update_title()
        self._update_actions()
        return True

    def open_target(self, words: list[str]) -> bool:
        """Open what the command line named: an exchange file, or a stored report."""
        if len(words) == 1 and (words[0].lower().endswith(".json") or Path(words[0]).is_file()):
            return self.open_file(Path(words[0]))
        report_id = self.library.find(words)
        return report_id is not None and self.open_report(report_id)

    def open_file(self, path: Path) -> bool:
        """Open an exchange file: imported, or the stored copy when it is there already."""
        opened = self.library.open_file(path)
        if opened is None:
            return False
        report_id, imported = opened
        self.say(_("已导入 {path}") if imported else _("{path} 已在库中，已打开"), path=path)
        return self.open_report(report_id)

    def _close_editor(self) -> None:
        if self.editor is not None:
            self.state.keep()
            self.stack.removeWidget(self.editor)
            self.editor.deleteLater()
            if self.session is not None:
                self.session.deleteLater()
            self.editor = self.session = None

    # State shown -----------------------------------------------------------------------------

    def _update_actions(self) -> None:
        """Report actions work on what the clerk sees: the open report or the selected row."""
        session = self.session
        has_report = session is not None or self.list_page.active_id() is not None
        for name in ON_A_REPORT:
            self.menu_actions[name].setEnabled(has_report)
        self.menu_actions["undo"].setEnabled(session is not None and session.can_undo())
        self.menu_actions["redo"].setEnabled(session is not None and session.can_redo())
        for name in ("copy", "paste"):
            self.menu_actions[name].setEnabled(session is not None)

    def _update_title(self) -> None:
        if self.session is not None:
            state = state_words(*self.session.state())
            shown = (
                f"{self.session.report.title}（{state}）" if state else self.session.report.title
            )
            title = f"{shown} — {APP_NAME}"
            if self.windowTitle() != title:
                self.setWindowTitle(title)

    def say(self, text: str, **values) -> None:
        """A passing message in the status bar."""
        self.statusBar().showMessage(text.format(**values) if values else text, 8000)

    def show_error(self, text: str) -> None:
        """The one way a refusal is shown: a message box with the sentence."""
        QMessageBox.warning(self, APP_NAME, text)

    # Work on one report ----------------------------------------------------------------------

    def _on_report(self, work) -> None:
        """Run `work(session)` on the open report, or on the one selected in the list."""
        if self.session is not None:
            work(self.session)
            return
        report_id = self.list_page.active_id()
        session = None if report_id is None else self.library.session(report_id)
        if session is not None:
            try:
                work(session)
            finally:
                session.deleteLater()
                self.list_page.refresh()

    def _step(self, *, undo: bool) -> None:
        """Undo or redo, then say what it did and show where (its tab, its cell or field)."""
        session = self.session
        if session is None or not session.may_change():
            return
        changes = session.store.next_step(session.report_id, undo=undo)
        done = self.library.attempt(session.undo if undo else session.redo)
        self._update_actions()
        if done is None or self.editor is None:  # refused, and said so
            return
        fmt, names = session.report.format, self.editor.names
        self.say(describe_step(fmt, changes, undo=undo, section_name=lambda s: names.get(s, s)))
        typed = typed_changes(fmt, changes)
        if typed:
            section = section_of(fmt, typed[0].location)
            self.editor.jump_to(section, typed[0].location)

    def _table_call(self, name: str) -> None:
        page = self.editor.tabs.currentWidget() if self.editor else None
        view = getattr(page, "view", None)
        if view is not None:
            getattr(view, name)()

    def finalize(self, session: ReportSession) -> None:
        """定稿, after asking about 提示 nobody has looked into."""
        hints = session.hints()
        if hints and not session.errors():
            answer = QMessageBox.question(
                self,
                _("定稿"),
                _("还有 {count} 个提示未核实（见问题列表）。仍然定稿吗？").format(count=len(hints)),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        final = self.library.attempt(session.finalize)
        if final is not None:
            QMessageBox.information(
                self,
                _("定稿"),
                _(
                    "已定稿（第 {version} 版），指纹 {fingerprint}。再修改会成为新的草稿版本。"
                ).format(version=final.version, fingerprint=final.short_fingerprint),
            )

    # Store-wide work -------------------------------------------------------------------------

    def new_report(self) -> None:
        answer = _dialogs().NewReportDialog.ask(self)
        if answer is not None and not _opened_instead(self, _("新建年度报告"), *answer):
            report_id = self.library.create(*answer)
            if report_id is not None:
                self.open_report(report_id)

    def open_sample(self) -> None:
        """Open the sample report, the copy already made if there is one."""
        report_id = self.library.sample()
        if report_id is not None:
            self.open_report(report_id)

    def next_year(self) -> None:
        report_id = self.session.report_id if self.session else self.list_page.active_id()
        if report_id is None:
            return
        report = self.store.load(report_id)
        if report.year and _opened_instead(
            self, _("新建下一年度"), report.agency.name, report.year + 1
        ):
            return
        new_id = self.library.next_year(report_id)
        if new_id is not None:
            self.open_report(new_id)

    def import_json(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("导入交换文件"), str(self.output.folder()), "JSON (*.json)"
        )
        if path:
            self.open_file(Path(path))

    def import_published(self) -> None:
        """Read a published report (PDF, Word, web page, text), check it, store it, open it."""
        from ui.import_dialog import import_published  # the readers load when first needed

        report_id = import_published(self, self.library.service, output=self.output)
        if report_id is not None:
            self.open_report(report_id)

    def aggregate(self) -> None:
        """Sum several reports of one year into a new one, and open it."""
        from ui.summing import sum_reports  # loads models/aggregate.py when first needed

        on_report = self.session.report_id if self.session else self.list_page.active_id()
        report_id = sum_reports(self.output, on_report)
        if report_id is not None:
            self.open_report(report_id)

    def choose_backup(self) -> None:
        """List the backups with what each holds; put the chosen one back after asking."""
        dialog = _dialogs().BackupDialog(self.library.backups(), self)
        if dialog.exec() and dialog.chosen is not None:
            self._close_editor()  # no session may hold the database being replaced
            restored = self.library.restore_backup(dialog.chosen)
            self.show_list()
            if restored:
                self.say(_("已恢复备份 {name}"), name=dialog.chosen.name)

    def confirm_saved(self) -> None:
        """Ctrl+S: every edit is saved the moment it is made; say so, with the time."""
        self.say(self.status.confirmation(self.session))

    def closeEvent(self, event) -> None:
        self.state.keep()
        super().closeEvent(event)
