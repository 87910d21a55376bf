"""The fcitx input-context plug-in for the Kylin bundle, compiled for exactly the bundled Qt.

Kylin V10 and UOS 20 type Chinese through fcitx (`QT_IM_MODULE=fcitx`); the PySide6 wheels carry
only the ibus and compose plug-ins. A plug-in uses Qt's private API, so it loads only into the Qt
version whose private headers it was compiled against: this one is fcitx5-qt 5.1.9 (it speaks to
fcitx 5 and to fcitx 4, Kylin V10's) compiled against the headers of Debian trixie's Qt 6.8.2
(`qt6-base-dev`, `qt6-base-private-dev`; their moc, run with trixie's own loader and libraries) and
linked against the Qt 6.8.2 libraries of the PySide6-Essentials 6.8.2.1 wheel. The compiler is the
glibc 2.28 zig wrapper of `tools/kylin_python.py` (libc++ linked in statically and hidden, so the
plug-in needs no libstdc++ newer than Kylin's). Not CMake: only the plug-in's own sources are
built, with fcitx5-qt's D-Bus proxies compiled in (what `-DBUILD_ONLY_PLUGIN=ON` does).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from debian_packages import fetch, unpack_deb

QT_VERSION = "6.8.2"
FCITX5_QT = "5.1.9"
PLUGIN = "libfcitx5platforminputcontextplugin.so"
# Binary packages unpacked (not installed) for their headers, and for moc with what it runs on.
QT_PACKAGES = [
    f"{name}/trixie"
    for name in (
        "qt6-base-dev",
        "qt6-base-private-dev",
        "qt6-base-dev-tools",
        "libc6",
        "libstdc++6",
        "libgcc-s1",
        "libpcre2-16-0",
    )
]
HEADER_PACKAGES = ["libxkbcommon-dev/bookworm", "libxcb1-dev/bookworm", "libstdc++-12-dev/bookworm"]
QT_MODULES = ("QtCore", "QtGui", "QtDBus", "QtWidgets")
# GCC 11's headers call this from std::allocator; the libstdc++ of Kylin V10 and UOS 20 (GCC 7, 8)
# lacks it (GLIBCXX_3.4.29). Defined here, hidden, the plug-in needs no libstdc++ newer than Qt's.
ALLOCATOR_SHIM = """#include <new>
namespace std {
__attribute__((visibility("hidden"))) void __throw_bad_array_new_length() {
    throw bad_array_new_length();
}
}  // namespace std
"""
EXPORT_HEADER = """#pragma once
#define FCITX5QT6DBUSADDONS_EXPORT
#define FCITX5QT6DBUSADDONS_NO_EXPORT
"""


def qt_root(cache: Path) -> Path:
    """Trixie's Qt headers and moc, unpacked under `cache`/qt-6.8.2/root (once)."""
    root = cache / f"qt-{QT_VERSION}" / "root"
    include = root / "usr/include/x86_64-linux-gnu/qt6"
    if (include / "QtGui" / QT_VERSION).is_dir() and (root / "usr/include/c++/12").is_dir():
        return root
    debs = cache / f"qt-{QT_VERSION}" / "debs"
    shutil.rmtree(debs, ignore_errors=True)
    fetch(cache, debs, QT_PACKAGES + HEADER_PACKAGES, source=False)
    for deb in sorted(debs.glob("*.deb")):
        unpack_deb(deb, root)
    if not (include / "QtGui" / QT_VERSION).is_dir():
        sys.exit(f"trixie's Qt is no longer {QT_VERSION}: the plug-in needs that very version")
    return root


def sources(cache: Path) -> Path:
    """fcitx5-qt's source tree: `cache`/src/fcitx5-qt-5.1.9 (Debian trixie's source package)."""
    folder = cache / "src" / f"fcitx5-qt-{FCITX5_QT}"
    if folder.is_dir():
        return folder
    fetch(cache, cache / "src", [f"fcitx5-qt={FCITX5_QT}-1"], source=True)
    subprocess.run(
        ["tar", "-xf", f"fcitx5-qt_{FCITX5_QT}.orig.tar.xz"], cwd=cache / "src", check=True
    )
    return folder


def moc(root: Path, header: Path, out: Path, includes: list[str], defines: list[str]) -> None:
    """trixie's moc 6.8.2, run with trixie's loader and libraries (it needs glibc 2.38)."""
    libs = root / "usr/lib/x86_64-linux-gnu"
    command = [
        str(root / "usr/lib64/ld-linux-x86-64.so.2"),
        "--library-path",
        str(libs),
        str(root / "usr/lib/qt6/libexec/moc"),
        *includes,
        *defines,
        str(header),
        "-o",
        str(out),
    ]
    subprocess.run(command, check=True)


def build(cache: Path, qt_lib: Path, out: Path) -> Path:
    """Compile the plug-in against `qt_lib` (the wheel's PySide6/Qt/lib) into `out`; returns it."""
    target = out / PLUGIN
    if target.exists():
        return target
    from kylin_python import toolchain

    env = toolchain(cache)
    root, src = qt_root(cache), sources(cache)
    work = cache / f"fcitx5-qt-{FCITX5_QT}-build"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    (work / "fcitx5qt6dbusaddons_export.h").write_text(EXPORT_HEADER)
    (work / "allocator_shim.cpp").write_text(ALLOCATOR_SHIM)
    data = (src / "qt6/platforminputcontext/fcitx5.json.in").read_text()
    (work / "fcitx5.json").write_text(data.replace("@FCITX5_QT_EXTRA_PLUGIN_NAME@", '"fcitx",'))
    qt = root / "usr/include/x86_64-linux-gnu/qt6"
    folders = [work, src / "common", src / "qt6/dbusaddons", src / "qt6/platforminputcontext", qt]
    folders += [qt / m for m in QT_MODULES] + [qt / m / QT_VERSION for m in QT_MODULES]
    folders += [qt / m / QT_VERSION / m for m in QT_MODULES] + [root / "usr/include"]
    includes = [f"-I{folder}" for folder in folders]
    defines = [
        f"-D{d}"
        for d in (
            "QT_NO_DEBUG",
            "QT_CORE_LIB",
            "QT_GUI_LIB",
            "QT_DBUS_LIB",
            "QT_WIDGETS_LIB",
            "ENABLE_X11",
            "FCITX5QT6DBUSADDONS_STATIC_DEFINE",
            "FCITX5_QT_WITH_FCITX_NAME",
            f'FCITX5_QT_VERSION="{FCITX5_QT}"',
            f'FCITX_PLUGIN_DATA_FILE_PATH="{work / "fcitx5.json"}"',
        )
    ]
    units = sorted((src / "qt6/dbusaddons").glob("*.cpp"))
    units += sorted((src / "qt6/platforminputcontext").glob("*.cpp"))
    for header in sorted((src / "qt6").glob("*/*.h")):
        if header.parent.name in ("dbusaddons", "platforminputcontext") and (
            "Q_OBJECT" in header.read_text() or "Q_GADGET" in header.read_text()
        ):
            moc(root, header, work / f"moc_{header.stem}.cpp", includes, defines)
    units += [*sorted(work.glob("moc_*.cpp")), work / "allocator_shim.cpp"]
    flags = ["-std=c++17", "-O2", "-fPIC", "-fvisibility=hidden", "-fvisibility-inlines-hidden"]
    # libstdc++'s headers (GCC 12), not zig's libc++: Qt's API passes std::function and chrono.
    cxx = root / "usr/include"
    flags += ["-nostdinc++", f"-I{cxx}/c++/12", f"-I{cxx}/x86_64-linux-gnu/c++/12"]

    def compile_unit(unit: Path) -> Path:
        obj = work / f"{unit.parent.name}-{unit.stem}.o"
        command = ["nice", "-n", "10", env["CXX"], *flags, *includes, *defines, "-c", str(unit)]
        result = subprocess.run([*command, "-o", str(obj)], env=env, capture_output=True, text=True)
        if result.returncode:
            sys.exit(f"{unit}:\n{result.stderr[-3000:]}")
        return obj

    with ThreadPoolExecutor(2) as pool:
        objects = list(pool.map(compile_unit, units))
    libraries = [str(qt_lib / f"lib{m.replace('Qt', 'Qt6')}.so.6") for m in QT_MODULES]
    system = [
        "/usr/lib/x86_64-linux-gnu/libxkbcommon.so.0",
        "/usr/lib/x86_64-linux-gnu/libxcb.so.1",
    ]
    system += [
        str(root / "usr/lib/x86_64-linux-gnu" / lib) for lib in ("libstdc++.so.6", "libgcc_s.so.1")
    ]
    out.mkdir(parents=True, exist_ok=True)
    # Found beside the wheel's own plug-ins: Qt's libraries are two folders up, as for theirs.
    link = [
        env["CXX"],
        "-shared",
        "-nostdlib++",
        "-Wl,--no-undefined",
        "-Wl,--as-needed",
        "-Wl,-rpath,$ORIGIN/../../lib",
        *map(str, objects),
        *libraries,
        *system,
        "-o",
        str(target),
    ]
    subprocess.run(["nice", "-n", "10", *link], env=env, check=True)
    subprocess.run(["strip", "--strip-unneeded", str(target)], check=True)
    return target
