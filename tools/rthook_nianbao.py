"""Run-time hook of the frozen program, in place of PyInstaller's PySide6 hook.

PyInstaller's hook imports QtCore on every start to register a qt.conf, which costs the command line
(which never loads Qt) a third of its start-up. The PySide6 wheels' Qt is relocatable (it finds its
plug-ins beside libQt6Core), so setting the plug-in path is all that is left to do.
"""

import os
import sys

_qt = os.path.join(sys._MEIPASS, "PySide6")
if not sys.platform.startswith("win"):
    _qt = os.path.join(_qt, "Qt")
os.environ["QT_PLUGIN_PATH"] = os.path.join(_qt, "plugins")
