"""The window and every dialog fit a small screen and a scaled one, with their buttons on it.

Each screen is a child process (tests/ui/screen_probe.py) on Qt's offscreen platform with the screen
size set in its configuration file, and QT_SCALE_FACTOR for 150 %; the window is opened there the
clerk's way and reports where everything landed. Nothing here depends on this machine's fonts or
display: only on the rectangles Qt gives the widgets.
"""

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

SCREENS = {  # name: (width, height, scale)
    "1024x600": (1024, 600, 1),
    "1366x768 at 150%": (1366, 768, 1.5),
}
WINDOWS = (
    "main",
    "acknowledge",
    "acknowledge, a long finding",
    "new report",
    "backups",
    "import",
    "sum",
    "help",
    "history",
    "restored",
)


def _inside(rect, area) -> bool:
    x, y, width, height = rect
    left, top, area_width, area_height = area
    return (
        x >= left
        and y >= top
        and x + width <= left + area_width
        and y + height <= top + area_height
        and width > 0
        and height > 0
    )


@pytest.fixture(scope="module", params=SCREENS)
def landed(request, tmp_path_factory) -> dict:
    width, height, scale = SCREENS[request.param]
    config = tmp_path_factory.mktemp("screen") / "screen.json"
    screen = {"name": "s", "x": 0, "y": 0, "width": width, "height": height}
    config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96, "dpr": 1}]}))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "QT_SCALE_FACTOR": str(scale),
    }
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "ui" / "screen_probe.py")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    record = json.loads(result.stdout)
    assert record["screen"][2:] == [round(width / scale), round(height / scale)]
    return record


@pytest.mark.parametrize("name", WINDOWS)
def test_each_window_and_its_buttons_are_on_the_screen(landed, name):
    window = landed[name]
    assert _inside(window["rect"], landed["screen"]), (name, window["rect"], landed["screen"])
    for text, (rect, visible) in window["buttons"].items():
        assert visible and _inside(rect, window["rect"]), (name, text, rect, window["rect"])


def test_the_status_bar_and_the_problems_panel_are_on_the_screen(landed):
    for part in ("status bar", "problems"):
        assert _inside(landed[part], landed["screen"]), (part, landed[part], landed["screen"])


def test_the_import_dialog_and_acknowledge_have_their_buttons(landed):
    assert {"保存为报告", "取消"} <= set(landed["import"]["buttons"])
    assert len(landed["acknowledge"]["buttons"]) == 2


def test_the_help_has_its_text_in_a_view_that_scrolls_and_a_close_button(landed):
    shown = landed["help"]
    assert _inside(shown["text"], shown["rect"]) and "关闭" in shown["buttons"]
    maximum, visible = shown["scroll"]
    assert maximum == 0 or visible  # all of the text is in view, or the clerk can scroll to it
