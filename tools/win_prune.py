"""Leave out of the Windows kit what the program never loads (the Linux build's spec does the same).

PySide6-Essentials for Windows brings Qt Designer, QML, Quick and a 20 MB software OpenGL; only the
Qt modules the program imports stay, with the DLLs they link to (read with pefile).
"""

from __future__ import annotations

import modulefinder
import re
import shutil
import sys
import sysconfig
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
# What Python imports at start-up or by a name made at run time (a codec by its encoding's name):
# kept whatever the analysis of imports finds.
STARTUP_MODULES = ("site", "_sitebuiltins", "encodings")
# sqlite-utils requires pip for its `install` command, which the program never runs. tzdata comes
# with python-dateutil 4 (for sqlite-utils' recipes), which opens a zone only when asked for one, and
# nothing asks: the program shows no time zone, and babel's local zone falls back to Windows' own
# offset when tzdata is missing (its LookupError path).
UNUSED_PACKAGES = ("pip", "tzdata")
# pip's record of a wheel's installed files (importlib.metadata reads METADATA and entry_points).
UNUSED_METADATA = ("RECORD", "INSTALLER")
# Windows has no icon themes, and the program draws no SVG: Qt's SVG plug-ins (and Qt6Svg.dll,
# then linked by nothing) stay in the Linux build only, for the desktop theme's icons; so does the
# offscreen platform, for its tests (on Windows the window always has a screen).
WINDOWS_UNUSED_PLUGINS = ("iconengines/qsvgicon.dll", "imageformats/qsvg.dll")
WINDOWS_UNUSED_PLUGINS += ("platforms/qoffscreen.dll",)
# The Microsoft C++ runtime, which PySide6 and shiboken6 each bring and the embedded Python has
# in part: its DLLs' names.
RUNTIME_PREFIXES = ("msvcp", "vcruntime", "concrt")
# The embedded Python's TLS and OpenSSL hashes: the program is offline and hashlib has its own
# SHA-256 (as in the Linux build, whose spec excludes ssl and _hashlib).
UNUSED_PYTHON_FILES = ("_ssl.pyd", "libssl-3.dll", "_hashlib.pyd", "libcrypto-3.dll")
# The security catalog of the embeddable distribution's files: Python never reads it, and its hash
# of python311.zip no longer holds once the zip is rewritten here (the PE files carry their own
# signatures, checked by build_windows_kit.py).
UNUSED_PYTHON_FILES += ("python.cat",)
# Extension modules behind what UNUSED_MODULES and UNUSED_STANDARD_LIBRARY leave out (asyncio and
# its Windows I/O, msilib), and winsound, which nothing plays.
UNUSED_PYTHON_FILES += ("_asyncio.pyd", "_overlapped.pyd", "_msi.pyd", "winsound.pyd")


def used_qt_modules() -> set[str]:
    """QtCore, QtGui, QtWidgets and every PySide6 module the program's code imports."""
    used = {"QtCore", "QtGui", "QtWidgets"}
    for path in ROOT.glob("*/*.py"):
        if path.parts[-2] in ("tests", "tools", "bench"):
            continue
        used.update(re.findall(r"PySide6\.(Qt\w+)", path.read_text("utf-8")))
    return used


def prune_windows(site: Path, app: Path) -> list[str]:
    """Delete from `site` (python/Lib/site-packages) and the Python beside it what never runs
    (the program is in `app`).

    Returns the manifest's lines: how many files went, which C++ runtime stays."""
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
    for plugin in WINDOWS_UNUSED_PLUGINS:
        (pyside / "plugins" / plugin).unlink(missing_ok=True)
    for name in UNUSED_METADATA:
        for path in site.glob(f"*.dist-info/{name}"):
            path.unlink()
    for module in UNUSED_MODULES:
        _remove_module(site, module)
    for package in UNUSED_PACKAGES:
        shutil.rmtree(site / package, ignore_errors=True)
        for info in site.glob(f"{package}-*.dist-info"):
            shutil.rmtree(info)
    python = site.parent.parent
    # After the packages above are gone: what they alone import goes too.
    for library in python.glob("python3*.zip"):
        unreached = unreached_standard_library(library, site, app)
        _repack_without(library, (*UNUSED_MODULES, *UNUSED_STANDARD_LIBRARY, *unreached))
    for name in UNUSED_PYTHON_FILES:
        (python / name).unlink(missing_ok=True)
    for folder in (pyside, site / "shiboken6"):
        for name in _unreached_dlls(folder):
            (folder / name).unlink()
    runtime = one_runtime(python, site)
    removed = before - sum(1 for p in site.rglob("*") if p.is_file())
    return [
        f"pruned {removed} files the program never loads (tools/win_prune.py)",
        f"C++ runtime beside python.exe, the newest copy of each: {', '.join(runtime)}",
    ]


def unreached_standard_library(library: Path, site: Path, app: Path) -> tuple[str, ...]:
    """The top-level modules and packages of the embedded standard library (`library`) that no
    module of the program (`app`) or of `site` imports, directly or through others, in any branch
    of its code (Python's modulefinder, as PyInstaller's analysis decides what a frozen program
    holds).

    The standard library analysed is the build's own, so the build must run on the kit's Python
    3.11; on another, or where the analysis fails, nothing is found unreached."""
    if sys.version_info[:2] != (3, 11):
        print("the kit's standard library is not pruned: the build runs on Python", sys.version)
        return ()
    paths = sysconfig.get_paths()
    stdlib = [paths["stdlib"], paths["platstdlib"], str(Path(paths["stdlib"]) / "lib-dynload")]
    finder = modulefinder.ModuleFinder(path=[str(app), str(site), *stdlib])
    for name in [*_modules_in(app), *_modules_in(site)]:
        try:
            finder.import_hook(name)
        except (ImportError, SyntaxError):
            continue  # a module that does not import here (Windows-only): its own name counts
        except Exception as error:  # modulefinder's own failures: prune nothing on a guess
            print(f"the kit's standard library is not pruned: {name}: {error!r}")
            return ()
    reached = {name.split(".")[0] for name in [*finder.modules, *finder.badmodules]}
    with zipfile.ZipFile(library) as archive:
        tops = {name.split("/")[0].removesuffix(".pyc") for name in archive.namelist()}
    return tuple(sorted(tops - reached - set(STARTUP_MODULES)))


def _modules_in(folder: Path) -> list[str]:
    """The dotted names of the Python modules under `folder`."""
    names = []
    for path in sorted(folder.rglob("*.py")):
        parts = path.relative_to(folder).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts and all(part.isidentifier() for part in parts):
            names.append(".".join(parts))
    return names


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
            # Stored: the kit's zip deflates the library whole, 0.3 MiB smaller than its members
            # deflated one by one, and an import inflates nothing.
            target.writestr(info, source.read(info), zipfile.ZIP_STORED)
    partial.replace(library)


def one_runtime(python: Path, site: Path) -> list[str]:
    """One C++ runtime for the whole process, beside python.exe: of each runtime DLL that a module
    of the kit imports (transitively), the newest copy the kit holds; the others are deleted.

    PySide6 and shiboken6 each bring a whole runtime (AMP, OpenMP and C++/CX parts included) and
    the embedded Python an older vcruntime140.dll, which Windows loads first: a DLL of a name already
    loaded is not loaded again, so the copies in the packages' folders mixed two versions in one
    process. python.exe's folder is searched for every DLL and extension module loaded.
    Returns the runtime's DLLs with their version, for the manifest."""
    copies: dict[str, list[Path]] = {}
    for path in [*python.glob("*.dll"), *site.rglob("*.dll")]:
        if path.name.lower().startswith(RUNTIME_PREFIXES):
            copies.setdefault(path.name.lower(), []).append(path)
    modules = [*python.glob("*.pyd"), *python.glob("*.exe"), *site.rglob("*.pyd")]
    modules += [
        p for p in [*python.glob("*.dll"), *site.rglob("*.dll")] if p.name.lower() not in copies
    ]
    pending = [name for module in modules for name in imports(module) if name in copies]
    needed: set[str] = set()
    while pending:
        name = pending.pop()
        if name not in needed:
            needed.add(name)
            pending += [n for n in imports(copies[name][0]) if n in copies]
    kept = []
    for name, paths in sorted(copies.items()):
        newest = max(paths, key=file_version)
        if name in needed:
            version = ".".join(map(str, file_version(newest)))
            kept.append(f"{newest.name} {version} (from {newest.parent.name}/)")
            if newest.parent != python:
                for path in paths:
                    if path.parent == python:  # older; its name may differ in case
                        path.unlink()
                shutil.copy2(newest, python / newest.name)
        for path in paths:
            if path.parent != python or name not in needed:
                path.unlink(missing_ok=True)
    return kept


def imports(path: Path) -> list[str]:
    """The DLL names a PE file imports, lower case."""
    import pefile

    pe = pefile.PE(str(path), fast_load=True)
    pe.parse_data_directories(directories=[pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_IMPORT"]])
    names = [e.dll.decode("ascii").lower() for e in getattr(pe, "DIRECTORY_ENTRY_IMPORT", [])]
    pe.close()
    return names


def file_version(path: Path) -> tuple[int, int, int, int]:
    """A PE file's version resource (FILEVERSION), (0, 0, 0, 0) without one."""
    import pefile

    pe = pefile.PE(str(path), fast_load=True)
    pe.parse_data_directories(
        directories=[pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_RESOURCE"]]
    )
    info = getattr(pe, "VS_FIXEDFILEINFO", None)
    pe.close()
    if not info:
        return (0, 0, 0, 0)
    high, low = info[0].FileVersionMS, info[0].FileVersionLS
    return (high >> 16, high & 0xFFFF, low >> 16, low & 0xFFFF)


def _unreached_dlls(folder: Path) -> set[str]:
    """The DLLs beside the modules of `folder` (PySide6, shiboken6) that no kept module or Qt
    plug-in imports (transitively)."""
    dlls = {p.name.lower(): p for p in folder.glob("*.dll")}
    pending = [*folder.glob("*.pyd"), *(folder / "plugins").rglob("*.dll")]
    reached: set[str] = set()
    while pending:
        for name in imports(pending.pop()):
            if name in dlls and name not in reached:
                reached.add(name)
                pending.append(dlls[name])
    return {dlls[n].name for n in set(dlls) - reached}
