"""Build dist/nianbao/: the program, its Python and its libraries in one folder (PyInstaller).

    pip install -e ".[bundle]" && python tools/build_bundle.py

dist/nianbao/nianbao opens the window, `dist/nianbao/nianbao check FILE.json` and every other
sub-command of main.py work as from source. What ships is pyproject.toml's dependencies as installed
(tools/bundle_deps.py), filtered to what runs (tools/bundle_filter.py); the spec is tools/nianbao.spec.
The build runs on the oldest glibc it is meant for: see README 「安装到办公电脑」 for Kylin/UOS.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "tools" / "nianbao.spec"
ARCHIVE = "nianbao-linux-x86_64.tar.xz"


def build(dist: Path = ROOT / "dist", work: Path = ROOT / "build" / "pyinstaller") -> Path:
    """Run PyInstaller on the spec; returns the bundle folder."""
    try:
        import PyInstaller.__main__
    except ImportError:
        sys.exit("PyInstaller is missing: pip install -e '.[bundle]'")
    PyInstaller.__main__.run(
        [
            str(SPEC),
            "--noconfirm",
            "--log-level=WARN",
            f"--distpath={dist}",
            f"--workpath={work}",
        ]
    )
    return dist / "nianbao"


# xz's x86 branch filter first (most of the bundle is machine code, which then packs 5% smaller),
# then LZMA2 -9e with a dictionary that holds the whole bundle (libraries it repeats far apart);
# one thread: more would split it into blocks. Unpacking needs about 200 MB of memory.
XZ_FILTERS = ["--x86", "--lzma2=preset=9e,dict=192MiB", "-T1"]


def pack(bundle: Path, target: Path) -> Path:
    """The download for Linux: `bundle` as a .tar.xz (XZ_FILTERS), written atomically."""
    partial = target.with_name(target.name + ".part")
    with open(partial, "wb") as out:
        tar = subprocess.Popen(
            ["tar", "-C", str(bundle.parent), "-cf", "-", bundle.name], stdout=subprocess.PIPE
        )
        subprocess.run(["xz", *XZ_FILTERS, "-c"], stdin=tar.stdout, stdout=out, check=True)
        if tar.wait():
            sys.exit("tar failed")
    partial.replace(target)
    return target


def glibc_needs(bundle: Path) -> dict[str, tuple[int, ...]]:
    """For each ELF file in the bundle, the newest GLIBC_x.y symbol version it needs."""
    needs = {}
    for path in bundle.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        with open(path, "rb") as file:
            if file.read(4) != b"\x7fELF":
                continue
        info = subprocess.run(["readelf", "-V", "-W", str(path)], capture_output=True, text=True)
        versions = re.findall(r"Name: GLIBC_([0-9.]+)", info.stdout)
        if versions:
            needs[str(path.relative_to(bundle))] = max(_version(v) for v in versions)
    return needs


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def _shown(version: tuple[int, ...]) -> str:
    return ".".join(map(str, version))


def folder_size(folder: Path) -> int:
    """Bytes of the files under `folder` (symbolic links not followed)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--archive", action="store_true", help=f"also write {ARCHIVE}")
    parser.add_argument(
        "--max-glibc", metavar="X.Y", help="fail when the bundle needs a newer glibc (Kylin: 2.28)"
    )
    args = parser.parse_args()
    start = time.perf_counter()
    bundle = build(args.dist, args.work)
    print(
        f"{bundle}: {folder_size(bundle) / 2**20:.1f} MiB "
        f"in {time.perf_counter() - start:.0f} s; run {bundle / 'nianbao'}"
    )
    needs = glibc_needs(bundle)
    newest = max(needs.values())
    print(f"needs glibc ≥ {_shown(newest)}")
    if args.max_glibc:
        over = {f: v for f, v in needs.items() if v > _version(args.max_glibc)}
        for file, version in sorted(over.items(), key=lambda item: item[1]):
            print(f"  glibc {_shown(version)}: {file}")
        if over:
            sys.exit(
                f"needs glibc {_shown(newest)}, more than {args.max_glibc}: build on an older system"
            )
    if args.archive:
        archive = pack(bundle, args.dist / ARCHIVE)
        print(f"{archive}: {archive.stat().st_size / 2**20:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
