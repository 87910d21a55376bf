"""The environment in which the benches run the program's own processes: as an installed copy runs.

An installed copy has its bytecode (pip compiles it on install, the bundle ships .pyc files). Some
machines set PYTHONDONTWRITEBYTECODE, under which every start compiles the program's modules again
(about 30 ms): the benches lift it for the processes they time and keep the bytecode in a folder
of their own (PYTHONPYCACHEPREFIX), and run each command once, uncounted, before timing it.
"""

import os
from pathlib import Path


def installed_environment(folder: Path) -> dict[str, str]:
    """The environment of a run with its bytecode kept in `folder`."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    return env
