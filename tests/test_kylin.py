"""The Kylin/UOS build (tools/build_kylin.py): what it leaves to the desktop, and Chinese typed
through fcitx 5 into the bundled Qt with the fcitx plug-in it ships."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE, main_py

sys.path.insert(0, str(ROOT / "tools"))
from build_kylin import CACHE, leave_to_desktop  # noqa: E402
from build_kylin_arm64 import DESKTOP_ZLIB, SYSROOT  # noqa: E402
from kylin_fcitx import PLUGIN  # noqa: E402
from kylin_python import installed  # noqa: E402

KYLIN_BUNDLE = ROOT / "dist" / "kylin" / "nianbao"


def test_the_desktops_libraries_go_and_the_wheels_own_copies_stay(tmp_path):
    internal = tmp_path / "nianbao" / "_internal"
    (internal / "pillow.libs").mkdir(parents=True)
    (internal / "pillow.libs" / "libzstd-40ad5e7e.so.1.5.7").write_bytes(b"\x7fELF")
    (internal / "libzstd-40ad5e7e.so.1.5.7").symlink_to("pillow.libs/libzstd-40ad5e7e.so.1.5.7")
    desktop = ["libstdc++.so.6", "libX11.so.6", "libglib-2.0.so.0", "libfontconfig.so.1"]
    ours = ["libpython3.11.so.1.0", "libxcb-cursor.so.0", "libxcb-icccm.so.4", "base_library.zip"]
    for name in desktop + ours:
        (internal / name).write_bytes(b"\x7fELF")

    assert sorted(leave_to_desktop(internal.parent)) == sorted(desktop)
    left = sorted(path.name for path in internal.iterdir())
    assert left == sorted([*ours, "libzstd-40ad5e7e.so.1.5.7", "pillow.libs"])


TYPE_INTO_A_FIELD = """
import sys
sys.path.insert(0, sys.argv[1])
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLineEdit
app = QApplication([])
edit = QLineEdit()
edit.setWindowTitle("nianbao-fcitx-probe")
edit.show()
edit.activateWindow()
edit.setFocus()
print("ready", flush=True)
settled = QTimer(singleShot=True, interval=1000)  # a second after the last change: done
settled.timeout.connect(app.quit)
edit.textChanged.connect(settled.start)
QTimer.singleShot(int(sys.argv[2]), app.quit)
app.exec()
print(edit.text(), flush=True)
"""
PROFILE = """[Groups/0]
Name=Default
Default Layout=us
DefaultIM=pinyin

[Groups/0/Items/0]
Name=keyboard-us
Layout=

[Groups/0/Items/1]
Name=pinyin
Layout=

[GroupOrder]
0=Default
"""


@pytest.fixture
def fcitx5_desktop(tmp_path):
    """An X display (Xvfb), a session bus and fcitx 5 with Pinyin switched on: its environment."""
    tools = ("Xvfb", "xdotool", "dbus-daemon", "fcitx5", "fcitx5-remote")
    if not all(shutil.which(tool) for tool in tools):
        pytest.skip(f"needs {', '.join(tools)} (Debian: xvfb xdotool fcitx5 fcitx5-chinese-addons)")
    if not list(Path("/usr/share/fcitx5/addon").glob("pinyin.conf")):
        pytest.skip("needs fcitx 5's Pinyin (Debian: fcitx5-chinese-addons)")
    config = tmp_path / "config" / "fcitx5"
    config.mkdir(parents=True)
    (config / "profile").write_text(PROFILE)
    (config / "config").write_text("[Behavior]\nActiveByDefault=True\n")
    started = []
    try:
        read, write = os.pipe()
        xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "800x600x24"],
            pass_fds=[write],
            stderr=subprocess.DEVNULL,
        )
        started.append(xvfb)
        os.close(write)
        display = os.read(read, 16).decode().strip()
        bus = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--print-address"],
            stdout=subprocess.PIPE,
            text=True,
        )
        started.append(bus)
        env = {
            "HOME": str(tmp_path),
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "DISPLAY": f":{display}",
            "PATH": os.environ["PATH"],
            "DBUS_SESSION_BUS_ADDRESS": bus.stdout.readline().strip(),
        }
        started.append(
            subprocess.Popen(
                ["fcitx5", "--disable=wayland"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        deadline = time.monotonic() + 20
        while subprocess.run(["fcitx5-remote"], env=env, capture_output=True).returncode:
            assert time.monotonic() < deadline, "fcitx5 did not come up on the session bus"
            time.sleep(0.2)
        yield env
    finally:
        for process in reversed(started):
            process.terminate()
            process.wait(10)


@pytest.mark.slow
def test_pinyin_typed_through_fcitx5_reaches_a_field_of_the_bundled_qt(fcitx5_desktop):
    python = installed(CACHE) / "bin" / "python3.11"
    plugins = KYLIN_BUNDLE / "_internal/PySide6/Qt/plugins/platforminputcontexts"
    if not (plugins / PLUGIN).exists() or not python.exists():
        pytest.skip("build it first: python tools/build_kylin.py")
    env = fcitx5_desktop | {"QT_IM_MODULE": "fcitx", "QT_QPA_PLATFORM": "xcb"}
    env |= {"LD_LIBRARY_PATH": str(python.parent.parent / "lib")}
    field = subprocess.Popen(
        [python, "-I", "-c", TYPE_INTO_A_FIELD, KYLIN_BUNDLE / "_internal", "30000"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert field.stdout.readline().strip() == "ready"
    xdotool = ["xdotool", "search", "--sync", "--name", "nianbao-fcitx-probe", "windowfocus"]
    deadline = time.monotonic() + 20  # until the field has its input context, Pinyin on ("2")
    while (
        subprocess.run(["fcitx5-remote"], env=env, capture_output=True, text=True).stdout != "2\n"
    ):
        assert time.monotonic() < deadline, "the field never got an active fcitx input context"
        subprocess.run(xdotool, env=env, check=True, timeout=20)  # focus again: mapped by now
        time.sleep(0.3)
    subprocess.run(["xdotool", "type", "--delay", "80", "nianbao"], env=env, check=True)
    time.sleep(0.5)
    subprocess.run(["xdotool", "key", "space"], env=env, check=True)
    out, err = field.communicate(timeout=30)
    assert out.strip() == "年报", err


@pytest.mark.slow
def test_the_arm64_command_line_checks_the_sample_as_the_source_does(tmp_path):
    bundle = ROOT / "dist" / "kylin-arm64" / "nianbao"
    qemu = shutil.which("qemu-aarch64")
    if not (bundle / "nianbao").exists():
        pytest.skip("build it first: python tools/build_kylin_arm64.py")
    zlib = CACHE / DESKTOP_ZLIB  # fetched by the build for its own run under qemu
    if not qemu or not (SYSROOT / "lib/ld-linux-aarch64.so.1").exists() or not zlib.exists():
        pytest.skip(
            "needs qemu-aarch64 and an aarch64 C library (Debian: qemu-user, "
            "libc6-arm64-cross, libstdc++6-arm64-cross)"
        )
    env = {"HOME": str(tmp_path), "PATH": os.environ["PATH"], "QEMU_LD_PREFIX": str(SYSROOT)}
    env |= {"LD_LIBRARY_PATH": str(zlib)}
    python = [qemu, bundle / "python/bin/python3.11", "-E", "-s", "-X", "utf8"]
    result = subprocess.run(
        [*python, bundle / "app/main.py", "check", SAMPLE],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    source = main_py("check", SAMPLE)
    assert result.returncode == source.returncode == 0, result.stderr
    assert result.stdout == source.stdout
    no_window = subprocess.run([bundle / "nianbao"], env=env, capture_output=True, text=True)
    assert no_window.returncode == 2 and "命令行版本" in no_window.stderr
