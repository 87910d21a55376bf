"""Run-time hook of the frozen program, in place of PyInstaller's PySide6 hook.

PyInstaller's hook imports QtCore on every start to register a qt.conf, which costs the command line
(which never loads Qt) a third of its start-up. The PySide6 wheels' Qt is relocatable (it finds its
plug-ins beside libQt6Core), so setting the plug-in path is all that is left to do. The spec turns on
Python's UTF-8 mode; with no locale set, LC_CTYPE becomes C.UTF-8 as `python` itself would (PEP 538),
so Qt does not complain and child processes read the same text.
"""

import locale
import os
import sys

_qt = os.path.join(sys._MEIPASS, "PySide6")
if not sys.platform.startswith("win"):
    _qt = os.path.join(_qt, "Qt")
os.environ["QT_PLUGIN_PATH"] = os.path.join(_qt, "plugins")

if not sys.platform.startswith("win"):
    try:
        if locale.setlocale(locale.LC_CTYPE, "") in ("C", "POSIX"):
            locale.setlocale(locale.LC_CTYPE, "C.UTF-8")
            os.environ["LC_CTYPE"] = "C.UTF-8"
    except locale.Error:  # a locale named in the environment that is not installed
        pass
