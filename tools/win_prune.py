"""Leave out of the Windows kit what the program never loads (the Linux build's spec does the same).

PySide6-Essentials for Windows brings Qt Designer, QML, Quick and a 20 MB software OpenGL; only the
Qt modules the program imports stay, with the DLLs they link to (read with pefile).
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

from bundle_deps import ROOT
from bundle_filter import UNUSED_MODULES

# Tools, headers and QML; resources/ holds only QtWebEngine's ICU data (Qt uses Windows' own ICU).
PYSIDE_FOLDERS = ("qml", "include", "typesystems", "glue", "metatypes", "scripts", "doc", "lib")
PYSIDE_FOLDERS += ("resources",)
# Link libraries are for compiling against Qt; the input method plug-in of Qt's virtual keyboard
# needs a Qt module the wheel does not have.
UNUSED_FILES = ("*.lib", "qtvirtualkeyboardplugin.dll")
# The embedded Python's standard library (python311.zip) besides UNUSED_MODULES: Python 2
# conversion, building and installing packages, Tk, IDLE, Windows Installer files, mail, news and
# web servers: what PyInstaller's analysis of the program never collects on Linux.
UNUSED_STANDARD_LIBRARY = (
    *("lib2to3", "distutils", "ensurepip", "venv", "idlelib", "tkinter", "turtledemo", "turtle"),
    *("msilib", "mailbox", "wsgiref", "ftplib", "imaplib", "smtplib", "nntplib", "poplib"),
    *("telnetlib", "cgi", "cgitb", "webbrowser"),
)
# sqlite-utils requires pip for its `install` command, which the program never runs.
UNUSED_PACKAGES = ("pip",)
# The embedded Python's TLS and OpenSSL hashes: the program is offline and hashlib has its own
# SHA-256 (as in the Linux build, whose spec excludes ssl and _hashlib).
UNUSED_PYTHON_FILES = ("_ssl.pyd", "libssl-3.dll", "_hashlib.pyd", "libcrypto-3.dll")
# The security catalog of the embeddable distribution's files: Python never reads it, and its hash
# of python311.zip no longer holds once the zip is rewritten here (the PE files carry their own
# signatures, checked by build_windows_kit.py).
UNUSED_PYTHON_FILES += ("python.cat",)
# Extension modules behind what UNUSED_MODULES and UNUSED_STANDARD_LIBRARY leave out (asyncio,
# msilib), and winsound, which nothing plays.
UNUSED_PYTHON_FILES += ("_asyncio.pyd", "_msi.pyd", "winsound.pyd")


def used_qt_modules() -> set[str]:
    """QtCore, QtGui, QtWidgets and every PySide6 module the program's code imports."""
    used = {"QtCore", "QtGui", "QtWidgets"}
    for path in ROOT.glob("*/*.py"):
        if path.parts[-2] in ("tests", "tools", "bench"):
            continue
        used.update(re.findall(r"PySide6\.(Qt\w+)", path.read_text("utf-8")))
    return used


def prune_windows(site: Path) -> int:
    """Delete from `site` (python/Lib/site-packages) and the Python beside it what never runs.

    Returns the number of files removed from `site`."""
    before = sum(1 for p in site.rglob("*") if p.is_file())
    pyside = site / "PySide6"
    for folder in PYSIDE_FOLDERS:
        shutil.rmtree(pyside / folder, ignore_errors=True)
    used = used_qt_modules()
    for path in [*pyside.glob("*.exe"), *pyside.glob("opengl32sw.dll"), *site.rglob("*.pyi")]:
        path.unlink()
    for path in pyside.glob("Qt*.pyd"):
        if path.name.split(".")[0] not in used:
            path.unlink()
    for pattern in UNUSED_FILES:
        for path in site.rglob(pattern):
            path.unlink()
    for module in UNUSED_MODULES:
        _remove_module(site, module)
    python = site.parent.parent
    for library in python.glob("python3*.zip"):
        _repack_without(library, (*UNUSED_MODULES, *UNUSED_STANDARD_LIBRARY))
    for package in UNUSED_PACKAGES:
        shutil.rmtree(site / package, ignore_errors=True)
        for info in site.glob(f"{package}-*.dist-info"):
            shutil.rmtree(info)
    for name in UNUSED_PYTHON_FILES:
        (python / name).unlink(missing_ok=True)
    for folder in (pyside, site / "shiboken6"):  # shiboken6 carries its own C++ runtime too
        for name in _unreached_dlls(folder):
            (folder / name).unlink()
    return before - sum(1 for p in site.rglob("*") if p.is_file())


def _remove_module(site: Path, module: str) -> None:
    """Delete a module's package folder, source or extension files (`module`: "lxml.html")."""
    path = site.joinpath(*module.split("."))
    shutil.rmtree(path, ignore_errors=True)
    for file in path.parent.glob(f"{path.name}.*"):
        if file.suffix in (".py", ".pyd", ".pyc") and file.is_file():
            file.unlink()


def _repack_without(library: Path, modules: tuple[str, ...]) -> None:
    """Rewrite the embedded standard library's zip without `modules` (their .pyc and packages)."""
    partial = library.with_name(library.name + ".part")
    with zipfile.ZipFile(library) as source, zipfile.ZipFile(partial, "w") as target:
        for info in source.infolist():
            module = info.filename.removesuffix(".pyc").replace("/", ".")
            if any(module == name or module.startswith(name + ".") for name in modules):
                continue
            target.writestr(info, source.read(info), info.compress_type, compresslevel=9)
    partial.replace(library)


def _unreached_dlls(folder: Path) -> set[str]:
    """The DLLs beside the modules of `folder` (PySide6, shiboken6) that no kept module or Qt
    plug-in imports (transitively): Qt's, and the parts of the C++ runtime (AMP, OpenMP, C++/CX)
    that the wheels bring whole."""
    import pefile

    dlls = {p.name.lower(): p for p in folder.glob("*.dll")}
    pending = [*folder.glob("*.pyd"), *(folder / "plugins").rglob("*.dll")]
    reached: set[str] = set()
    while pending:
        pe = pefile.PE(str(pending.pop()), fast_load=True)
        pe.parse_data_directories(
            directories=[pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_IMPORT"]]
        )
        for entry in getattr(pe, "DIRECTORY_ENTRY_IMPORT", []):
            name = entry.dll.decode("ascii").lower()
            if name in dlls and name not in reached:
                reached.add(name)
                pending.append(dlls[name])
        pe.close()
    # The C++ runtime is loaded by shiboken and Qt alike; keep it whatever links to it.
    runtime = {n for n in dlls if n.startswith(("msvcp", "vcruntime", "concrt"))}
    return {dlls[n].name for n in set(dlls) - reached - runtime}
