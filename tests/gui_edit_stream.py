"""Child process of the window kill test: types numbers into a cell of 三 through the real keys
and prints each number once the window says 已保存 for it.

python tests/gui_edit_stream.py DB REPORT_ID START
"""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from models.storage.store import Store  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

CELL = "applications.received.natural_person"


def main() -> None:
    db, report_id, number = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    app = QApplication([])
    store = Store(db, exclusive=True)
    window = MainWindow(store, QSettings(str(db) + ".ini", QSettings.Format.IniFormat))
    window.show()
    window.open_report(report_id)
    window.editor.tabs.setCurrentWidget(window.editor.pages["applications"])
    view = window.editor.table_view("applications")
    typed = {}
    window.session.saved.connect(lambda _time: print(typed["number"], flush=True))
    while True:
        typed["number"] = number
        view.select_key(CELL)
        QTest.keyClicks(view, str(number)[0])
        QTest.keyClicks(view.indexWidget(view.currentIndex()), str(number)[1:])
        QTest.keyClick(view.indexWidget(view.currentIndex()), Qt.Key.Key_Return)
        app.processEvents()
        number += 1


if __name__ == "__main__":
    main()
