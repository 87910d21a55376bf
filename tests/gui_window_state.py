"""Child process of the window-state kill test: opens the report, goes to table 三 by a click
on its tab, moves to a cell with the arrow keys and drags the problems panel's handle, then
prints where it is and waits to be killed.

python tests/gui_window_state.py DB SETTINGS REPORT_ID
"""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QPoint, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from models.storage.store import Store  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.window_state import DELAY_MS  # noqa: E402


def main() -> None:
    db, settings, report_id = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    app = QApplication([])
    window = MainWindow(Store(db, exclusive=True), QSettings(settings, QSettings.Format.IniFormat))
    window.resize(1280, 720)
    window.show()
    window.open_report(report_id)
    editor = window.editor
    bar = editor.tabs.tabBar()
    index = editor.tabs.indexOf(editor.pages["applications"])
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    view = editor.table_view("applications")
    view.setFocus()
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Right):
        QTest.keyClick(view, key)
    handle = editor.handle(1)
    middle = handle.rect().center()
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, pos=middle)
    QTest.mouseMove(handle, middle - QPoint(0, 120))
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=middle - QPoint(0, 120))

    def report() -> None:
        section, key = editor.place()
        sizes = ",".join(map(str, editor.sizes()))
        print(section, key, sizes, flush=True)

    QTimer.singleShot(DELAY_MS * 3, report)  # after the state has been kept
    app.exec()


if __name__ == "__main__":
    main()
