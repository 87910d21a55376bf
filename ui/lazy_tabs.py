"""Tabs whose pages are made on the clerk's first visit, not all at the start.

A reopened report shows one tab; the others (a table with its frozen panes takes 10–20 ms) are
made when the clerk first opens them, when a jump (the problems panel, undo, the kept place)
goes there, or when the program asks for the page. Until then the tab holds an empty stand-in;
the page takes its place in the same tab, with the same title, and no tab change is signalled.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget, QWidget


class LazyTabs(QTabWidget):
    """A tab widget of pages, each known by a key and made by its function when first needed.

    The current page is always made, except while the tabs are being added (`add`), so that the
    first tab is not made for nothing when the window opens on another."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._widgets: dict[str, QWidget] = {}  # the page, or its stand-in while not made
        self._makers: dict[str, Callable[[], QWidget]] = {}  # the pages not made yet
        self.pages: Mapping[str, QWidget] = Pages(self)
        self.currentChanged.connect(self._make_at)

    def add(self, key: str, title: str, make: Callable[[], QWidget]) -> None:
        """A tab titled `title` whose page `make()` makes when it is first needed."""
        stand_in = QWidget()
        self._widgets[key] = stand_in
        self._makers[key] = make
        self.blockSignals(True)  # the first tab added becomes current: it is not made yet
        try:
            self.addTab(stand_in, title)
        finally:
            self.blockSignals(False)

    def keys(self) -> list[str]:
        """The keys of the tabs, in order."""
        return list(self._widgets)

    def page(self, key: str) -> QWidget:
        """The page of `key`, made now if it was not yet."""
        make = self._makers.pop(key, None)
        if make is not None:
            self._put(key, make())
        return self._widgets[key]

    def is_made(self, key: str) -> bool:
        """True once the page of `key` exists."""
        return key not in self._makers

    def current_key(self) -> str:
        """The key of the tab shown."""
        shown = self.currentWidget()
        return next(key for key, widget in self._widgets.items() if widget is shown)

    def make_current(self) -> None:
        """Make the page of the tab shown, if it is still a stand-in."""
        self._make_at(self.currentIndex())

    def _make_at(self, index: int) -> None:
        shown = self.widget(index)
        for key, widget in self._widgets.items():
            if widget is shown:
                self.page(key)
                return

    def _put(self, key: str, page: QWidget) -> None:
        """The page in its stand-in's tab, the same tab still current."""
        stand_in = self._widgets[key]
        index, current = self.indexOf(stand_in), self.currentIndex()
        had_focus = stand_in.hasFocus()  # the tab was opened while the focus was on the last one
        self.blockSignals(True)  # for the clerk no tab changed
        try:
            self.insertTab(index, page, self.tabText(index))
            self.removeTab(index + 1)
            self.setCurrentIndex(current)
        finally:
            self.blockSignals(False)
        self._widgets[key] = page
        stand_in.deleteLater()
        if had_focus:
            _focus_into(page)


def _focus_into(page: QWidget) -> None:
    """Focus where switching to a made page puts it: on its first widget that takes the Tab key,
    else on the page itself."""
    widget = page.nextInFocusChain()
    while widget is not None and widget is not page:
        if _takes_tab(widget) and page.isAncestorOf(widget) and widget.isVisibleTo(page):
            widget.setFocus(Qt.FocusReason.TabFocusReason)
            return
        widget = widget.nextInFocusChain()
    page.setFocus(Qt.FocusReason.TabFocusReason)


def _takes_tab(widget: QWidget) -> bool:
    policy = widget.focusPolicy()
    tab = Qt.FocusPolicy.TabFocus
    return policy & tab == tab and widget.isEnabled() and widget.focusProxy() is None


class Pages(Mapping[str, QWidget]):
    """The pages of lazy tabs by key; a page looked up is made if it was not yet."""

    def __init__(self, tabs: LazyTabs) -> None:
        self._tabs = tabs

    def __getitem__(self, key: str) -> QWidget:
        return self._tabs.page(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._tabs.keys())

    def __len__(self) -> int:
        return len(self._tabs.keys())
