"""The program's version: pyproject.toml is the one source, installed or run from the folder."""

from __future__ import annotations

import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def version() -> str:
    """「0.1.0」: from the checkout's pyproject.toml, else from the installed package's metadata."""
    try:
        with open(PYPROJECT, "rb") as file:
            return tomllib.load(file)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        from importlib import metadata  # ~15 ms to import: only for an installed copy

        try:
            return metadata.version("nianbao")
        except metadata.PackageNotFoundError:
            return "?"
