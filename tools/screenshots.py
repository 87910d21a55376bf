"""Render every tab of the window offscreen to PNG, so anyone can look without a screen.

    python tools/screenshots.py [OUT_FOLDER]      (default: docs/screenshots)

The window shows the city fixture (tests/fixtures/city-2022.json) with one wrong cell, so that the
markers and the problems panel are visible too.
"""

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from models.exchange import read_report  # noqa: E402
from models.storage.store import Store  # noqa: E402
from ui.app import ensure_chinese_font  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    ensure_chinese_font()
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "shots.db", exclusive=True)
        report_id = store.create(read_report(ROOT / "tests" / "fixtures" / "city-2022.json"))
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(store, settings)
        window.resize(1280, 720)
        window.show()
        window.open_report(report_id)
        window.session.edit({"applications.carried_over.research": 2})  # one visible mistake
        names = ["profile", "overview", "active", "applications", "litigation", "problems", "other"]
        for index, name in enumerate(names):
            window.editor.tabs.setCurrentIndex(index)
            app.processEvents()
            window.grab().save(str(out / f"{index}-{name}.png"))
        window.close()
        store.close()
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main()
