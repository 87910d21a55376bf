"""Windows and dialogs that fit the screen they open on, buttons included.

A size asked for in pixels (1280×720, a dialog's 1200×720) is only a wish: on a 1024×600 netbook,
on a screen with a taskbar, or at 125 % and 150 % scaling (where Qt's pixels are larger), the
window takes at most the screen's available geometry, less room for the title bar and frame the
window manager adds. A window that would not fit its wish opens maximised; a geometry restored
from the settings is clamped to the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# What the window manager adds around a window before it is shown and its frame is known.
FRAME = QSize(16, 40)


def available(widget: QWidget) -> QRect:
    """The part of the widget's screen (else the primary screen) that windows may use."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def room(widget: QWidget) -> QSize:
    """The largest client size whose frame still fits the available geometry."""
    area = available(widget).size()
    return QSize(max(1, area.width() - FRAME.width()), max(1, area.height() - FRAME.height()))


def fit_window(window: QWidget, wish: QSize) -> None:
    """Size a top-level window as wished, or maximise it when the wish does not fit."""
    space = room(window)
    window.resize(wish.boundedTo(space))
    center(window)
    if wish.width() > space.width() or wish.height() > space.height():
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def fit_dialog(dialog: QWidget, wish: QSize | None = None) -> None:
    """Size a dialog as wished (else its size hint), never larger than the screen allows, and
    cap its maximum size so its contents lay out inside it (long labels must wrap)."""
    space = room(dialog)
    dialog.setMaximumSize(space)
    wanted = (wish or dialog.sizeHint()).expandedTo(dialog.minimumSizeHint())
    dialog.resize(wanted.boundedTo(space))
    center(dialog)


def clamp(window: QWidget) -> None:
    """Move and shrink a (restored) window so that all of its frame is on the screen.

    Works on the client geometry: before the window is shown that is all Qt knows (a restored
    geometry is the client's), and move() would put the frame where the client was — the
    window crept by a border's width at every start."""
    area = available(window)
    left, top, right, bottom = _frame_margins(window)
    size = window.size().boundedTo(area.size() - QSize(left + right, top + bottom))
    if size != window.size():
        window.resize(size)
    client = window.geometry()
    x = min(max(client.x(), area.left() + left), area.right() + 1 - right - client.width())
    y = min(max(client.y(), area.top() + top), area.bottom() + 1 - bottom - client.height())
    if (x, y) != (client.x(), client.y()):
        window.setGeometry(QRect(x, y, client.width(), client.height()))


def _frame_margins(window: QWidget) -> tuple[int, int, int, int]:
    """Left, top, right and bottom of the window manager's frame: as it is once the window is
    shown, else a usual one (the title bar on top, thin borders)."""
    if window.isVisible():
        frame, client = window.frameGeometry(), window.geometry()
        return (
            client.left() - frame.left(),
            client.top() - frame.top(),
            frame.right() - client.right(),
            frame.bottom() - client.bottom(),
        )
    side = FRAME.width() // 2
    return side, FRAME.height() - side, side, side


def center(window: QWidget) -> None:
    """Put the window in the middle of its parent's window, else of the screen, on the screen."""
    parent = window.parentWidget()
    outer = parent.window().frameGeometry() if parent is not None else available(window)
    frame = QRect(0, 0, window.width() + FRAME.width(), window.height() + FRAME.height())
    frame.moveCenter(outer.center())
    window.move(frame.topLeft())
    clamp(window)
