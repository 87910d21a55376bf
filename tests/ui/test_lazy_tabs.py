"""A report opens with only the tab the clerk is on made; each other tab is made on its first
visit and behaves as if it had been there all along: it shows the report, takes the keys, and a
jump from the problems panel or a kept place reaches a cell in it."""

import json
import subprocess
import sys

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from models.exchange import read_report
from models.report import format_value
from models.storage.store import Store
from tests.clerk import problem_items, type_text
from tests.conftest import ROOT, SAMPLE
from ui.main_window import settings_path

# The program started as main.py starts it (cli.main → ui.app.run); once its window is up, what
# it shows and which modules the start loaded are printed, and it quits.
PROBE = """
import json, sys
sys.path.insert(0, {root!r})
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

app = QApplication([])

def seen():
    from ui.main_window import MainWindow

    (window,) = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow)]
    tabs = window.editor.tabs
    print(json.dumps({{
        "modules": sorted(sys.modules),
        "title": window.windowTitle(),
        "tab": tabs.current_key(),
        "made": [key for key in tabs.keys() if tabs.is_made(key)],
        "cell": window.editor.place()[1],
    }}))
    app.quit()

QTimer.singleShot(0, seen)
import cli
sys.exit(cli.main(["--db", {db!r}]))
"""
NEVER_AT_START = [
    "sqlite_utils",
    "pypdfium2",
    "reportlab",
    "readers",
    "ui.dialogs",
    "models.aggregate",
]
TABLE_MODULES = ["ui.table_view", "ui.table_model", "ui.frozen", "ui.cell_editor"]
CELL = "applications.received.natural_person"


def _started(tmp_path, place: tuple[str, str] | None = None) -> dict:
    """What the window shows after a start on a database whose report was open when it closed."""
    db = tmp_path / "nianbao.db"
    with Store(db) as store:
        report_id = store.create(read_report(SAMPLE))
    settings = QSettings(str(settings_path(db)), QSettings.Format.IniFormat)
    settings.setValue("last_report", report_id)
    if place is not None:
        settings.setValue(f"place/{report_id}", list(place))
    settings.sync()
    code = PROBE.format(root=str(ROOT), db=str(db))
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.splitlines()[-1])


def test_a_report_reopened_on_its_first_tab_makes_no_table(tmp_path):
    seen = _started(tmp_path)
    assert seen["title"].startswith("阿合奇县教育和科学技术局2021年")
    assert seen["tab"] == "profile" and seen["made"] == ["profile"]
    loaded = set(seen["modules"])
    assert [name for name in TABLE_MODULES + NEVER_AT_START if name in loaded] == []


def test_a_report_reopens_on_the_table_and_cell_the_clerk_was_on(tmp_path):
    seen = _started(tmp_path, ("applications", CELL))
    assert seen["tab"] == "applications" and seen["made"] == ["applications"]
    assert seen["cell"] == CELL
    assert [name for name in NEVER_AT_START if name in set(seen["modules"])] == []


def _click_tab(qtbot, window, key: str) -> None:
    tabs = window.editor.tabs
    bar = tabs.tabBar()
    index = tabs.keys().index(key)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    QApplication.processEvents()


def test_every_tab_shows_the_report_when_clicked(window, qtbot):
    report, tabs = window.session.report, window.editor.tabs
    assert not tabs.is_made("applications") and not tabs.is_made("overview")
    for key in reversed(tabs.keys()):
        _click_tab(qtbot, window, key)
        page = tabs.currentWidget()
        assert page.isVisible() and page is window.editor.pages[key]
        view = getattr(page, "view", None)
        if view is not None:  # a table: its cells show the report's numbers
            model = view.table_model()
            cells = [k for k in model.keys() if k in report.values]
            assert cells, key
            for cell in cells:
                shown = model.data(model.index_of(cell), Qt.ItemDataRole.DisplayRole)
                assert shown == format_value(report.values[cell]), cell
        elif key != "profile":  # texts: each part shows its text
            for location, part in page.editors.items():
                assert part.editor.toPlainText() == report.texts[location.removeprefix("texts.")]


def test_keys_typed_after_opening_a_new_tab_go_into_its_first_field(window, qtbot):
    office = window.editor.pages["profile"].widgets["agency.office"]
    qtbot.mouseClick(office, Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() is office
    before = window.session.report.texts["other"]
    assert not window.editor.tabs.is_made("other")
    _click_tab(qtbot, window, "other")
    type_text(qtbot, "abc")
    assert window.editor.pages["other"].editors["texts.other"].editor.hasFocus()
    qtbot.waitUntil(lambda: window.session.report.texts["other"] == "abc" + before)


def test_the_problems_panel_jumps_to_a_cell_of_a_tab_not_yet_opened(window, qtbot):
    window.session.edit({"applications.carried_over.research": 2})
    assert not window.editor.tabs.is_made("applications")
    panel = window.editor.problems
    (item,) = [i for i in problem_items(panel) if "勾稽关系·法人或其他组织·科研机构" in i.text(0)]
    item.parent().setExpanded(True)
    panel.scrollToItem(item)
    point = panel.visualItemRect(item).center()
    # A double click as the system delivers it: a click, then the second press as a double click.
    qtbot.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(panel.viewport(), Qt.MouseButton.LeftButton, pos=point)
    QApplication.processEvents()
    assert window.editor.tabs.current_key() == "applications"
    view = window.editor.table_view("applications")
    assert view.isVisible()
    assert view.table_model().key_at(view.currentIndex()) == "applications.carried_forward.research"
