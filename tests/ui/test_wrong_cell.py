"""The cell the clerk sees selected is the cell that is current and the cell typing goes into,
whatever they did before: a refused value, clicks, Esc, undo, paste, tab switches."""

import random

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.clerk import CELL, table_of

OTHER = "applications.withheld_1.business"
NO_KEYS = Qt.KeyboardModifier.NoModifier


def _click(qtbot, view, index) -> None:
    view.scrollTo(index)
    QApplication.processEvents()
    point = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    QApplication.processEvents()


def _typed(qtbot, text: str) -> None:
    """Keys sent where the clerk's keys go: the focused widget."""
    for char in text:
        qtbot.keyClicks(QApplication.focusWidget(), char)


def _key(qtbot, key) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key)
    QApplication.processEvents()


def test_a_number_typed_after_a_refusal_and_a_click_goes_into_the_clicked_cell(window, qtbot):
    view, model = table_of(window)
    view.select_key(CELL)
    _typed(qtbot, "1.5")
    _key(qtbot, Qt.Key.Key_Return)
    assert "不能有小数" in view.note.text() and view.note.isVisible()
    _click(qtbot, view, model.index_of(OTHER))
    qtbot.wait(20)
    assert view.currentIndex() == model.index_of(OTHER)
    assert not view.note.isVisible()
    assert "1.5" in window.statusBar().currentMessage()  # what was not taken, and why
    assert "不能有小数" in window.statusBar().currentMessage()
    _key(qtbot, Qt.Key.Key_Escape)
    _typed(qtbot, "4")
    _key(qtbot, Qt.Key.Key_Return)
    assert window.session.report.values[OTHER] == 4
    assert window.session.report.values[CELL] == 0


def test_digits_typed_after_the_click_go_into_the_clicked_cell(window, qtbot):
    view, model = table_of(window)
    view.select_key(CELL)
    _typed(qtbot, "-2")
    _key(qtbot, Qt.Key.Key_Return)
    _click(qtbot, view, model.index_of(OTHER))
    qtbot.wait(20)
    _typed(qtbot, "7")
    assert view.indexWidget(model.index_of(OTHER)) is QApplication.focusWidget()
    _key(qtbot, Qt.Key.Key_Return)
    assert window.session.report.values[OTHER] == 7
    assert window.session.report.values[CELL] == 0


def test_a_click_elsewhere_in_another_widget_keeps_the_refused_value(window, qtbot):
    """Focus leaving the table (the problems list, another window) moves no cell: the refused
    value stays open on its cell, and keys typed back in the table go on into it."""
    view, model = table_of(window)
    view.select_key(CELL)
    _typed(qtbot, "1.5")
    _key(qtbot, Qt.Key.Key_Return)
    problems = window.editor.problems
    qtbot.mouseClick(problems, Qt.MouseButton.LeftButton, pos=problems.rect().center())
    QApplication.processEvents()
    assert view.currentIndex() == model.index_of(CELL)
    assert view.indexWidget(model.index_of(CELL)).text() == "1.5"
    qtbot.mouseClick(view.indexWidget(model.index_of(CELL)), Qt.MouseButton.LeftButton)
    _key(qtbot, Qt.Key.Key_End)
    _key(qtbot, Qt.Key.Key_Backspace)
    _key(qtbot, Qt.Key.Key_Backspace)
    _key(qtbot, Qt.Key.Key_Return)
    assert window.session.report.values[CELL] == 1


# The random walk -------------------------------------------------------------------------------


class Walk:
    """A clerk doing random things to table 三; `check` holds the one-cell property."""

    def __init__(self, qtbot, window, seed: int) -> None:
        self.qtbot, self.window = qtbot, window
        self.random = random.Random(seed)
        self.view, self.model = table_of(window)
        self.keys = sorted(k for k in self.model.keys() if not k.endswith(".total"))
        self.log: list[str] = []

    def step(self) -> None:
        name = self.random.choice(
            ["click", "number", "refused", "esc", "move", "undo", "paste", "tabs"]
        )
        self.log.append(name)
        getattr(self, name)()
        QApplication.processEvents()

    def click(self) -> None:
        _click(self.qtbot, self.view, self.model.index_of(self.random.choice(self.keys)))

    def number(self) -> None:
        aimed = self.model.key_at(self.view.currentIndex())
        refused_open = self.view.indexWidget(self.view.currentIndex()) is not None
        number = self.random.randint(1, 99)
        _typed(self.qtbot, str(number))
        _key(self.qtbot, Qt.Key.Key_Return)
        if not refused_open and aimed in self.keys:
            assert self.window.session.report.values[aimed] == number, (aimed, self.log)

    def refused(self) -> None:
        _typed(self.qtbot, self.random.choice(["1.5", "-3", "x"]))
        _key(self.qtbot, Qt.Key.Key_Return)

    def esc(self) -> None:
        _key(self.qtbot, Qt.Key.Key_Escape)

    def move(self) -> None:
        keys = [Qt.Key.Key_Tab, Qt.Key.Key_Down, Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_Up]
        _key(self.qtbot, self.random.choice(keys))

    def undo(self) -> None:
        self.qtbot.keyClick(
            QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
        )

    def paste(self) -> None:
        QGuiApplication.clipboard().setText(
            f"{self.random.randint(0, 9)}\t{self.random.randint(0, 9)}\n"
        )
        self.qtbot.keyClick(
            QApplication.focusWidget(), Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier
        )

    def tabs(self) -> None:
        """Click another tab, then 三 申请处理 again."""
        tabs = self.window.editor.tabs
        bar = tabs.tabBar()
        for tab in (
            self.random.randrange(bar.count()),
            tabs.indexOf(self.window.editor.pages["applications"]),
        ):
            self.qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tab).center())
            QApplication.processEvents()

    def check(self) -> None:
        view = self.view
        current = view.currentIndex()
        assert current.isValid(), self.log
        selected = view.selectionModel().selectedIndexes()
        assert current in selected, (self.log, current, selected)
        if self.log[-1] != "paste":
            assert selected == [current], (self.log, current, selected)
        focus = QApplication.focusWidget()
        editors = [
            view.indexWidget(view.model().index(r, c))
            for r in range(view.model().rowCount())
            for c in range(view.model().columnCount())
        ]
        open_editors = [e for e in editors if e is not None]
        assert open_editors in ([], [view.indexWidget(current)]), self.log
        assert focus in (view, view.indexWidget(current)), (self.log, focus)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(4))
def test_the_selected_cell_is_the_current_cell_and_takes_the_typing(window, qtbot, seed):
    walk = Walk(qtbot, window, seed)
    walk.view.select_key(walk.keys[0])
    for _ in range(60):
        walk.step()
        walk.check()


def test_a_click_on_a_cell_under_the_refusal_note_goes_to_that_cell(window, qtbot):
    view, model = table_of(window)
    view.select_key(CELL)
    _typed(qtbot, "1.5")
    _key(qtbot, Qt.Key.Key_Return)
    note = view.note.geometry()
    under = view.indexAt(note.center() - view.viewport().pos())
    assert under.isValid() and under != model.index_of(CELL)
    # Through the window, which hands the click to the widget the pointer is over.
    point = view.note.mapTo(window, view.note.rect().center())
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, NO_KEYS, point)
    qtbot.wait(20)
    assert view.currentIndex() == under and not view.note.isVisible()
