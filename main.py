"""年报填报助手: the desktop program by default, headless sub-commands for batch use (cli.py).

Only this launcher is run as a script; Python compiles a script on every start but keeps the
compiled form of a module, so the commands live in cli.py (3 ms of every command's start).
"""

import gc
import sys

from cli import main

if __name__ == "__main__":
    # What the start loaded (modules, classes, the format descriptions) lives as long as the
    # process: frozen, the collector no longer walks it on each collection nor at exit (a tenth
    # of `main.py read`'s time).
    gc.freeze()
    sys.exit(main())
