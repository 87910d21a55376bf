"""Debian packages for the Kylin build, fetched by apt with a configuration of its own in the cache.

`tools/build_kylin.py` needs source packages (bookworm's CPython and its libraries, trixie's
fcitx5-qt) and a few binary packages only for their files (trixie's Qt 6.8.2 headers and moc).
The system's apt sources stay untouched: the lists live in `cache`/apt, fetched with
`apt-get update` when missing or when `SOURCES_LIST` changed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

MIRROR = "http://deb.debian.org/debian"
SOURCES_LIST = f"""\
deb [arch=amd64,arm64] {MIRROR} bookworm main
deb-src {MIRROR} bookworm main
deb {MIRROR} trixie main
deb-src {MIRROR} trixie main
"""


def apt_environment(cache: Path) -> dict[str, str]:
    """APT_CONFIG pointing to `cache`/apt; its package lists fetched on first use."""
    folder = cache / "apt"
    lists = folder / "lists"
    for sub in (lists / "partial", folder / "archives" / "partial"):
        sub.mkdir(parents=True, exist_ok=True)
    sources = folder / "sources.list"
    changed = not sources.exists() or sources.read_text() != SOURCES_LIST
    sources.write_text(SOURCES_LIST)
    config = folder / "apt.conf"
    config.write_text(
        f'Dir::Etc::sourcelist "{folder}/sources.list";\n'
        'Dir::Etc::sourceparts "-";\n'
        f'Dir::State::Lists "{lists}";\n'
        f'Dir::Cache::archives "{folder}/archives";\n'
        'Acquire::Languages "none";\n'
        'APT::Architectures { "amd64"; "arm64"; };\n'  # arm64: zlib for the emulated ARM check
        'APT::Sandbox::User "root";\n'
    )
    env = os.environ | {"APT_CONFIG": str(config)}
    if changed or not any(lists.glob("*_Sources*")):
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=True)
    return env


def fetch(cache: Path, into: Path, packages: list[str], *, source: bool) -> None:
    """`apt-get source -d` (source) or `apt-get download` of `packages` into the folder `into`."""
    into.mkdir(parents=True, exist_ok=True)
    command = ["apt-get", "source", "-d"] if source else ["apt-get", "download"]
    print(*command, *packages, flush=True)
    result = subprocess.run([*command, "-qq", *packages], cwd=into, env=apt_environment(cache))
    if result.returncode:
        sys.exit(f"apt could not fetch {' '.join(packages)} from {MIRROR}")


def unpack_deb(deb: Path, root: Path) -> None:
    """The files of a binary package under `root` (dpkg-deb -x: nothing is installed)."""
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
