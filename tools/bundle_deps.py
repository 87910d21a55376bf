"""What a build ships: pyproject.toml's dependencies, read at build time, never a list kept by hand.

Both `tools/nianbao.spec` (the Linux one-folder build) and `tools/build_windows_kit.py` read the
dependencies here, evaluate their markers for the target (this machine, or Windows x64), and follow
each distribution's own `Requires-Dist` the same way, so a dependency added to pyproject.toml ships
with the next build and a Windows-only dependency is never left out.
"""

from __future__ import annotations

import importlib.metadata as metadata
import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"


def windows_environment(python_version: str) -> dict[str, str]:
    """The marker environment of a CPython `python_version` (e.g. "3.11.9") on Windows x64."""
    short = ".".join(python_version.split(".")[:2])
    return {
        "implementation_name": "cpython",
        "implementation_version": python_version,
        "os_name": "nt",
        "platform_machine": "AMD64",
        "platform_python_implementation": "CPython",
        "platform_release": "10",
        "platform_system": "Windows",
        "platform_version": "10.0.19045",
        "python_full_version": python_version,
        "python_version": short,
        "sys_platform": "win32",
    }


def project_requirements(environment: dict[str, str] | None = None) -> list[Requirement]:
    """pyproject.toml's [project] dependencies whose markers hold in `environment`."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    return applicable((Requirement(text) for text in project["dependencies"]), environment, ())


def applicable(
    requirements, environment: dict[str, str] | None, extras: tuple[str, ...]
) -> list[Requirement]:
    """The requirements whose markers hold for `environment` (this machine's when None)."""
    base = environment or default_environment()
    chosen = []
    for requirement in requirements:
        marker = requirement.marker
        if marker is None or any(
            marker.evaluate(base | {"extra": extra}) for extra in (extras or ("",))
        ):
            chosen.append(requirement)
    return chosen


def installed_closure(
    environment: dict[str, str] | None = None,
) -> dict[str, metadata.Distribution]:
    """Every installed distribution the project needs here, by canonical name, following Requires-Dist.

    Exits with a message when one is missing or its version is outside the range asked for.
    """
    found: dict[str, metadata.Distribution] = {}
    pending = [(requirement, "pyproject.toml") for requirement in project_requirements(environment)]
    while pending:
        requirement, wanted_by = pending.pop()
        name = canonicalize_name(requirement.name)
        if name in found:
            continue
        try:
            dist = metadata.distribution(requirement.name)
        except metadata.PackageNotFoundError:
            sys.exit(
                f"{requirement} (needed by {wanted_by}) is not installed: pip install -e '.[bundle]'"
            )
        if not requirement.specifier.contains(dist.version, prereleases=True):
            sys.exit(f"{requirement.name} {dist.version} is installed, {requirement} is needed")
        found[name] = dist
        own = [Requirement(text) for text in dist.requires or ()]
        extras = tuple(requirement.extras)
        pending += [(r, requirement.name) for r in applicable(own, environment, extras)]
    return found


def program_packages() -> list[str]:
    """The program's own top-level packages, as pyproject.toml's [tool.setuptools] names them."""
    setuptools = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["setuptools"]
    return sorted({name.split(".")[0] for name in setuptools["packages"]})


def top_level_modules(dist: metadata.Distribution) -> list[str]:
    """The importable top-level names a distribution installs (packages and modules)."""
    text = dist.read_text("top_level.txt")
    if text:
        names = text.split()
    else:
        names = []
        for file in dist.files or ():
            top = file.parts[0]
            if file.parts[-1] == "__init__.py" and len(file.parts) == 2:
                names.append(top)
            elif len(file.parts) == 1 and file.suffix in (".py", ".so", ".pyd"):
                names.append(file.name.split(".")[0])
    names = {n for n in names if n.isidentifier() and not n.startswith("_")}
    return sorted(n for n in names if importlib.util.find_spec(n))  # top_level.txt can be stale


def pip_download(folder: Path, arguments: list[str]) -> Path:
    """`pip download` (this machine's pip, which may reach PyPI) of `arguments`, requirements and
    options, into `folder`, where earlier downloads are kept; returns the newest file there."""
    folder.mkdir(parents=True, exist_ok=True)
    pip = [sys.executable, "-m", "pip", "download", "-q", "-d", str(folder)]
    subprocess.run([*pip, *arguments], check=True)
    return max(folder.iterdir(), key=lambda p: p.stat().st_mtime)
