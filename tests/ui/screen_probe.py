"""Open the window and each dialog the clerk's way, on whatever screen this process has, and print
(as JSON) the screen's available geometry and where every window and button landed.

Run in a child process by tests/test_fits_screen.py, with the offscreen platform's screen size
and QT_SCALE_FACTOR set, since a screen cannot change under a running QApplication.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSettings, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialogButtonBox,
    QTextBrowser,
    QWidget,
)

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from models.exchange import read_report  # noqa: E402
from models.storage.store import Store  # noqa: E402
from tests.clerk import menu_item  # noqa: E402
from tests.conftest import SAMPLE  # noqa: E402
from ui.dialogs import AcknowledgeDialog  # noqa: E402
from ui.import_dialog import import_published  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

PDF = ROOT / "tests" / "fixtures" / "published" / "akqi-education-2021-wps.pdf"


def _rect(widget: QWidget) -> list[int]:
    """The widget's rectangle on the screen (a window's with its frame)."""
    if widget.isWindow():
        frame = widget.frameGeometry()
    else:
        frame = QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())
    return [frame.x(), frame.y(), frame.width(), frame.height()]


def _window_record(window: QWidget) -> dict:
    """Where a window and each of its dialog buttons are, and whether they are shown."""
    buttons = [
        b
        for box in window.findChildren(QDialogButtonBox)
        for b in box.findChildren(QAbstractButton)
    ]
    return {
        "title": window.windowTitle(),
        "rect": _rect(window),
        "buttons": {b.text(): [_rect(b), b.isVisible()] for b in buttons},
    }


def _modal(record: dict, name: str, trigger, more=None) -> None:
    """Trigger something that shows a modal dialog; record the dialog (and what `more` records
    of it), then close it."""

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(50, look)
            return
        QApplication.processEvents()
        record[name] = _window_record(dialog) | (more(dialog) if more else {})
        dialog.reject()

    QTimer.singleShot(100, look)
    trigger()


def probe(folder: Path) -> dict:
    """Every window and dialog of the clerk's day, where it landed on this screen."""
    app = QApplication.instance() or QApplication([])
    store = Store(folder / "drafts.db", exclusive=True)
    store.create(read_report(SAMPLE))
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(store, settings)
    window.show()
    window.open_report(store.list_reports()[0].id)
    app.processEvents()
    record: dict = {"screen": _rect_of(app.primaryScreen().availableGeometry())}
    record["main"] = _window_record(window)
    record["status bar"] = _rect(window.statusBar())
    record["problems"] = _rect(window.editor.problems)
    panel = window.editor.problems
    panel.setCurrentItem(panel.topLevelItem(0).child(0))
    _modal(record, "acknowledge", panel.acknowledge_action.trigger)
    long = AcknowledgeDialog("行政许可·本年新收申请数量：" + "与上年相比变化很大，" * 60, window)
    long.show()
    app.processEvents()
    record["acknowledge, a long finding"] = _window_record(long)
    long.close()
    _modal(record, "new report", menu_item(window, "文件", "新建年度报告…").trigger)
    _modal(record, "backups", menu_item(window, "文件", "备份与恢复…").trigger)
    _modal(record, "import", lambda: import_published(window, window.library.service, PDF))
    _modal(record, "sum", menu_item(window, "文件", "汇总多份报告…").trigger)
    _modal(record, "help", menu_item(window, "帮助", "填报说明").trigger, _text_view)
    view = window.editor.table_view("applications")
    history = view.show_history(view.currentIndex())
    app.processEvents()
    record["history"] = _window_record(history)
    history.close()
    # A geometry saved on a larger screen comes back on this one, clamped.
    window.showNormal()
    window.setGeometry(200, 150, 1900, 1200)
    window.close()
    again = MainWindow(store, settings)
    again.show()
    app.processEvents()
    record["restored"] = _window_record(again)
    again.close()
    store.close()
    return record


def _text_view(dialog: QWidget) -> dict:
    """Where the dialog's text view is, and its scroll bar: (range, shown); {} without one."""
    view = dialog.findChild(QTextBrowser)
    if view is None:
        return {}
    bar = view.verticalScrollBar()
    return {"text": _rect(view), "scroll": [bar.maximum(), bar.isVisible()]}


def _rect_of(rect: QRect) -> list[int]:
    return [rect.x(), rect.y(), rect.width(), rect.height()]


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        print(json.dumps(probe(Path(folder)), ensure_ascii=False))
