"""Where the program keeps the clerk's database unless told otherwise: NIANBAO_DB, else the
platform's usual data folder. Apart from models/storage/database.py so that a command that never opens
the database (`read`, `template`) does not load SQLite to know where its error log goes."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ENV_DB = "NIANBAO_DB"


def default_path() -> Path:
    """The database in the platform's usual data folder, unless NIANBAO_DB names another."""
    if os.environ.get(ENV_DB):
        return Path(os.environ[ENV_DB])
    return platform_path()


def platform_path() -> Path:
    """The database in the platform's usual data folder (created on first use)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "nianbao" / "nianbao.db"
