"""Starting the desktop program: fonts, the database, the window — and no traceback, ever."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from models import errorlog
from models.i18n import _
from models.places import default_path
from models.service import restore_backup
from models.shipped import shipped
from models.storage.database import DatabaseError
from models.storage.store import Store

UI_FONT = "fonts/NianbaoSans-Regular.ttf"  # the bundled 黑体, as shipped (models/shipped.py)


def run(
    db_path: Path | None = None, argv: list[str] | None = None, target: list[str] | None = None
) -> int:
    """The window on the database; `target` names a report file or a stored report to open."""
    app = QApplication.instance() or QApplication(argv or sys.argv)
    app.setApplicationName("nianbao")
    app.setOrganizationName("nianbao")
    ensure_chinese_font()
    install_qt_chinese(app)
    path = db_path if db_path is not None else default_path()
    errorlog.start(path)
    _install_excepthook()
    store = open_store(path)
    if store is None:
        return 2
    from ui.main_window import MainWindow

    window = MainWindow(store)
    window.show()
    if target:
        window.open_target(target)
    try:
        return app.exec()
    finally:
        store.close()


def open_store(path: Path) -> Store | None:
    """The database for the window; on a damaged file, offer to put the newest backup back.

    What the clerk should know about the opening (read-only, no backup on a full disk) is shown once.
    """
    while True:
        try:
            store = Store(path, exclusive=True)
        except DatabaseError as error:
            box = QMessageBox(QMessageBox.Icon.Critical, _("年报填报助手"), str(error))
            restore = None
            if error.backups:
                box.setInformativeText(newest_backup_text(error.backups[0]))
                restore = box.addButton(_("恢复最新备份"), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(_("退出"), QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if restore is None or box.clickedButton() is not restore:
                return None
            try:
                restore_backup(error.backups[0], path)
            except DatabaseError as failed:
                QMessageBox.critical(None, _("年报填报助手"), str(failed))
                return None
            continue
        if store.warnings:
            QMessageBox.warning(None, _("年报填报助手"), "\n".join(store.warnings))
        return store


def newest_backup_text(path: Path) -> str:
    """The backup 恢复最新备份 would put back, as the clerk knows it: when it was taken and the
    reports it holds (not its file name)."""
    from models.storage.backup_info import describe_backup
    from ui.dialogs import moment_text  # as the backup list shows it

    info = describe_backup(path)
    when = moment_text(info.taken_at)
    if info.problem:
        return _("最新的备份（{when}）{problem}").format(when=when, problem=info.problem)
    shown = "、".join(info.titles[:3]) + (_(" 等") if len(info.titles) > 3 else "")
    return _("最新的备份是 {when} 的，含 {count} 份报告：{titles}").format(
        when=when, count=info.reports, titles=shown
    )


class QtChinese(QTranslator):
    """Qt's own catalogue; where Qt has since added a mnemonic (「&Look in:」 for 「Look in:」,
    which the file dialog shows), the catalogue's older entry is used, without the mnemonic."""

    def translate(self, context, source, disambiguation=None, n=-1):
        found = super().translate(context, source, disambiguation, n)
        if not found and source and "&" in source:
            found = super().translate(context, source.replace("&", ""), disambiguation, n)
        return found


def install_qt_chinese(app: QCoreApplication) -> QTranslator | None:
    """Qt's own words in Chinese (是/否, the file and print dialogs, the calendar), zh_CN dates.

    Returns the installed translator (None when PySide6 ships no Chinese catalogue).
    """
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QtChinese(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load("qtbase_zh_CN", folder):
        return None
    app.installTranslator(translator)
    return translator


def ensure_chinese_font() -> None:
    """Use the bundled 黑体 when the system has no Chinese font, so no glyph is a box."""
    if not QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        try:
            font_id = QFontDatabase.addApplicationFont(str(shipped(UI_FONT)))
        except OSError:
            return  # not unpacked (disk full, damaged kit): Qt's own fallback glyphs, not a crash
        families = QFontDatabase.applicationFontFamilies(font_id)
        if families:
            QApplication.setFont(QFont(families[0], 10))


def _install_excepthook() -> None:
    """Unexpected errors go to the error log; the clerk sees a short apology with its path."""

    def hook(kind, value, tb) -> None:
        errorlog.logger.error("unexpected error", exc_info=(kind, value, tb))
        QMessageBox.critical(
            None,
            _("年报填报助手"),
            _(
                "抱歉，程序遇到了意外问题。显示「已保存」的内容都在数据库中；"
                "最后一处修改若未显示「已保存」，请重新打开后核对。\n详细信息已记录在：{path}"
            ).format(path=errorlog.where()),
        )

    sys.excepthook = hook
