"""The window opens where it was closed, under a real window manager (which puts a frame around it:
the offscreen platform of the other tests has none). Skipped where Xvfb, openbox or xdotool are
not installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT

TOOLS = ("Xvfb", "openbox", "xdotool")


@pytest.fixture
def desktop(tmp_path):
    """An X server of its own with openbox on it; the environment to start the program in."""
    missing = [tool for tool in TOOLS if not shutil.which(tool)]
    if missing:
        pytest.skip(f"not installed: {missing}")
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    display = xvfb.stdout.readline().decode().strip()
    env = os.environ | {"DISPLAY": f":{display}", "NIANBAO_DB": str(tmp_path / "nianbao.db")}
    env.pop("QT_QPA_PLATFORM", None)
    manager = subprocess.Popen(["openbox"], env=env, stderr=subprocess.DEVNULL)
    time.sleep(1)
    yield env
    manager.terminate()
    xvfb.terminate()
    manager.wait(timeout=30)
    xvfb.wait(timeout=30)


def start_and_close(env: dict[str, str]) -> str:
    """Start the window, say where it is, close it with Ctrl+Q as a clerk would."""
    program = subprocess.Popen([sys.executable, str(ROOT / "main.py")], cwd=ROOT, env=env)
    try:
        found = subprocess.run(
            ["xdotool", "search", "--sync", "--name", "^年报填报助手$"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout.split()[0]
        time.sleep(1)  # the frame put around it
        place = subprocess.run(
            ["xdotool", "getwindowgeometry", found], env=env, capture_output=True, text=True
        ).stdout.splitlines()[1]  # "  Position: 36,52 (screen: 0)"
        subprocess.run(["xdotool", "windowactivate", "--sync", found, "key", "ctrl+q"], env=env)
        assert program.wait(timeout=30) == 0
    finally:
        program.kill()
    return place


@pytest.mark.slow
def test_the_window_opens_where_it_was_closed_start_after_start(desktop):
    """It crept by the frame's border at every start: the position restored before the window
    was shown is the client's, and the window was moved as if it were the frame's."""
    places = [start_and_close(desktop) for _ in range(4)]
    assert "Position" in places[0]
    assert places[1] == places[2] == places[3]
