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


def cache_folder() -> Path:
    """Where the program keeps what it can make again (parsed fonts, unpacked files): beside the
    database NIANBAO_DB names, else the platform's cache folder, which a Windows domain's roaming
    profile does not carry from PC to PC."""
    if os.environ.get(ENV_DB):
        return Path(os.environ[ENV_DB]).parent
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "nianbao"
