"""Which collected files the frozen program keeps: only what runs for a Chinese clerk.

Used by `tools/nianbao.spec` on the files PyInstaller's analysis collected (destination paths inside
the bundle), and by `tools/build_windows_kit.py` on the Windows wheels' files.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path, PurePosixPath

# Qt plug-ins by type: the window on X11 (Kylin, UOS; Wayland desktops run it through XWayland) and
# offscreen, GL on X11, input methods, the portal's file dialogs, printing. Not the GTK theme: it would
# drag a second copy of GTK's libraries (pango, cairo…) into the bundle that clashes with the
# desktop's own. Everything else (eglfs, evdev, network information, TLS, SQL drivers…) never runs.
QT_PLUGINS = {
    "platforms": {"offscreen", "xcb", "windows"},
    "xcbglintegrations": None,
    "platforminputcontexts": None,
    "platformthemes": {"xdgdesktopportal"},
    "printsupport": None,
    "iconengines": None,
    "imageformats": {"svg", "ico"},
    "styles": None,  # Windows: qmodernwindowsstyle
}


# Python modules the program never runs, left out of both builds: lxml's other APIs (python-docx
# and openpyxl use lxml.etree only), Pillow's codecs, font engine, colour management and image
# arithmetic that nothing decodes, draws or converts with (reportlab imports PIL.Image at start but
# draws text itself and the report has no pictures; the PDF/A colour profile is a shipped file),
# AVIF, reportlab's own tests, the command lines of sqlite-utils and pypdfium2 (with tabulate; not
# sqlite-utils' recipes and dateutil: sqlite_utils.utils imports them), charset_normalizer
# (reportlab guesses the encoding of an XMP file with it; our PDF/A metadata is written by
# export/xmp.py), and the standard library's debugging and documentation tools, asyncio and the
# pure-Python decimal (the C one, _decimal, is there).
UNUSED_MODULES = (
    *("lxml.objectify", "lxml.html", "lxml.sax", "lxml.isoschematron"),
    *("lxml.doctestcompare", "lxml.usedoctest"),
    *("PIL._webp", "PIL.WebPImagePlugin", "PIL._imagingft", "PIL.ImageFont"),
    *("PIL._imagingtk", "PIL.ImageTk", "PIL.ImageQt", "PIL._avif", "PIL.AvifImagePlugin"),
    *("PIL._imagingcms", "PIL.ImageCms", "PIL._imagingmath", "PIL.ImageMath"),
    *("PIL._imagingmorph", "PIL.ImageMorph"),
    *("reportlab.graphics.testshapes", "reportlab.lib.testutils"),
    *("sqlite_utils.cli", "pypdfium2_cli", "tabulate"),
    "charset_normalizer",
    "babel.messages",  # babel's catalogue tools (tools/catalogs.py); gettext reads the .mo files
    *("doctest", "pdb", "pydoc", "pydoc_data", "unittest", "asyncio", "_pydecimal", "xmlrpc"),
    # pypdf's optional engines for encrypted PDFs and CFF fonts (installed here for pdfplumber and
    # the tests): the PDF/A copy is never encrypted, and pypdf falls back when they are missing.
    *("cryptography", "Crypto", "fontTools"),
)
# Sources and headers for compiling against a package (lxml's Cython files and libxml2's headers).
BUILD_ONLY_SUFFIXES = (".pyx", ".pxd", ".pxi", ".h", ".c", ".pyi")
# Qt's own messages: its widgets' (qtbase) and the catalogue that includes them; not Designer's,
# Linguist's or QML's.
QT_CATALOGUES = {"qt_zh_CN.qm", "qtbase_zh_CN.qm"}


def keep(destination: str) -> bool:
    """False for a collected file the program never loads (`destination`: path inside the bundle)."""
    parts = PurePosixPath(destination.replace("\\", "/")).parts
    name = parts[-1]
    if "locale-data" in parts and parts[-2] == "locale-data":  # babel: the Chinese locales only
        return name.startswith(("root.", "zh.", "zh_Hans.", "zh_Hans_CN."))
    if "translations" in parts and name.endswith(".qm"):
        return name in QT_CATALOGUES
    if name.endswith(BUILD_ONLY_SUFFIXES):
        return False
    if parts[:2] == ("reportlab", "fonts"):  # its demo and Type 1 fonts: the PDF embeds ours
        return False
    if parts[-3:-1] == ("resources", "fonts") and name.endswith(".ttf"):
        return name in program_fonts()
    if "plugins" in parts and parts.index("plugins") + 2 < len(parts):
        kind = parts[parts.index("plugins") + 1]
        if kind not in QT_PLUGINS:
            return False
        wanted = QT_PLUGINS[kind]
        return wanted is None or _plugin_name(name) in wanted
    return True


@cache
def program_fonts() -> frozenset[str]:
    """The font files the program prints with: the values of export/fonts.py's BUNDLED_FILES.

    resources/fonts also holds subsets only the tests and tools/make_wps_pdf.py use (to imitate
    other publishers' PDFs); read from the source, so that the build imports nothing of the program.
    """
    source = Path(__file__).resolve().parent.parent / "export" / "fonts.py"
    for node in ast.parse(source.read_text("utf-8")).body:
        names = (
            [t.id for t in node.targets if isinstance(t, ast.Name)]
            if isinstance(node, ast.Assign)
            else []
        )
        if names == ["BUNDLED_FILES"] and isinstance(node.value, ast.Dict):
            return frozenset(ast.literal_eval(value) for value in node.value.values)
    raise LookupError(f"no BUNDLED_FILES in {source}")


def _plugin_name(file_name: str) -> str:
    """libqxcb.so → xcb, qwindows.dll → windows, libqxdgdesktopportal.so → xdgdesktopportal."""
    stem = file_name.split(".")[0]
    stem = stem.removeprefix("lib")
    return stem[1:] if stem.startswith("q") and not stem.startswith("qt-") else stem


# Libraries that talk to a daemon of the desktop (the printing system, the session bus) come from the
# desktop itself, which always has them: a copy from the build machine may not match its daemon or
# configuration. Without them printing falls back to PDF and the portal is unused; nothing fails.
SYSTEM_LIBRARIES = {"libcups.so.2", "libdbus-1.so.3"}


def unreached_libraries(binaries: list[tuple[str, str, str]]) -> set[str]:
    """Shared libraries collected only for what was dropped (the GTK theme's pango, libcups's TLS…).

    `binaries`: PyInstaller's (destination, source, kind) entries. The roots are the extension
    modules and kept plug-ins; a library that no root links to (following DT_NEEDED through the
    collected libraries, never through SYSTEM_LIBRARIES) is not needed.
    """
    sources = {
        PurePosixPath(dest).name: src for dest, src, _kind in binaries if _is_dependency(dest)
    }
    pending = [src for dest, src, _kind in binaries if not _is_dependency(dest)]
    reached: set[str] = set()
    while pending:
        for name in _needed(pending.pop()):
            if name in sources and name not in reached and name not in SYSTEM_LIBRARIES:
                reached.add(name)
                pending.append(sources[name])
    return set(sources) - reached


def _needed(path: str) -> list[str]:
    """The DT_NEEDED entries of an ELF file (readelf, from binutils like strip)."""
    import subprocess

    out = subprocess.run(["readelf", "-d", path], capture_output=True, text=True).stdout
    return [line.rsplit("[", 1)[1].rstrip("]") for line in out.splitlines() if "(NEEDED)" in line]


def _is_dependency(destination: str) -> bool:
    """A library placed only because something links to it (top level, or Qt's lib folder)."""
    path = PurePosixPath(destination)
    in_lib_folder = len(path.parts) == 1 or path.parent == PurePosixPath("PySide6/Qt/lib")
    return in_lib_folder and ".so" in path.name and not path.name.startswith("libpython")
