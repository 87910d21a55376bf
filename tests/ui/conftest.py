"""The fixtures of the window's tests: a database and settings file of their own, the window on
them with the sample report open, and Qt's own words in Chinese."""

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from tests.clerk import window_on
from ui.app import install_qt_chinese


@pytest.fixture
def paths(tmp_path):
    return tmp_path / "drafts.db", tmp_path / "settings.ini"


@pytest.fixture
def window(qtbot, paths):
    window = window_on(qtbot, paths)
    yield window
    window.close()
    window.store.close()


@pytest.fixture
def chinese_qt(qtbot, tmp_path, monkeypatch):
    """Qt's own words in Chinese, as ui.app.run sets them; a 文档 folder in a home of our own."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    (tmp_path / "home" / "Documents").mkdir(parents=True)
    app = QApplication.instance()
    locale = QLocale()
    translator = install_qt_chinese(app)
    yield
    app.removeTranslator(translator)
    QLocale.setDefault(locale)
