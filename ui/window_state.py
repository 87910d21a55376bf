"""Where the clerk is — the window, the open report's tab and cell, the panel sizes — written to
the window's settings as it changes, not only on close, so that after a crash or kill -9 the
window reopens there."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QByteArray, QObject, QSettings, QTimer

from ui.editor import ReportEditor
from ui.session import ReportSession


class Window(Protocol):
    """What the state is kept of: the main window (ui/main_window.py), as this module sees it."""

    settings: QSettings
    editor: ReportEditor | None
    session: ReportSession | None

    def saveGeometry(self) -> QByteArray: ...  # noqa: N802 (Qt's name)


DELAY_MS = 300  # the state is written this long after it last changed: one write for a run


class WindowState:
    """Keeps the window's state in its settings file, a moment after each change."""

    def __init__(self, window: Window, owner: QObject) -> None:
        self.window = window
        self.timer = QTimer(owner, singleShot=True, interval=DELAY_MS)  # goes with the window
        self.timer.timeout.connect(self.keep)

    def soon(self) -> None:
        """The state changed: write it once it has settled."""
        self.timer.start()

    def keep(self) -> None:
        """Write the state to disk now."""
        self.timer.stop()
        window, settings = self.window, self.window.settings
        settings.setValue("geometry", window.saveGeometry())
        if window.editor is not None and window.session is not None:
            settings.setValue("splitter", window.editor.saveState())
            settings.setValue(f"place/{window.session.report_id}", list(window.editor.place()))
        settings.sync()

    def place(self, report_id: int) -> tuple[str, str] | None:
        """The tab's section and the cell where the clerk last was in the report, if kept."""
        place = self.window.settings.value(f"place/{report_id}")
        if isinstance(place, list) and len(place) == 2:
            return place[0], place[1]
        return None
