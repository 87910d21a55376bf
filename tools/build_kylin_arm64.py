"""The command-line download for ARM64 Kylin / UOS (glibc 2.28): dist/nianbao-kylin-aarch64.tar.xz.

    pip install -e ".[bundle,kylin]" && python tools/build_kylin_arm64.py

No PySide6 wheel runs on glibc 2.28 ARM64 (6.7.3 needs 2.30, 6.9.3 needs 2.38), so this download
has no window: `check`, `export`, `read`, `review`, `aggregate` and the other sub-commands. Built
the way the x86_64 one is, without PyInstaller (it cannot build for another machine): CPython 3.11
cross-compiled by zig for aarch64 glibc 2.28 (`tools/kylin_python.py`), the dependencies' aarch64
wheels (manylinux ≤ 2.28) unpacked beside it, the program's modules and resources, and a launcher
`nianbao/nianbao`. It fails unless every ELF file needs at most GLIBC_2.28; where `qemu-aarch64`
and an aarch64 C library (Debian: qemu-user, libc6-arm64-cross, libstdc++6-arm64-cross) are
installed it also runs `check` and `export` of the sample under emulation.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_bundle import folder_size, pack  # noqa: E402
from build_kylin import CACHE, glibc_report, passed, sample_steps  # noqa: E402
from bundle_deps import ROOT, installed_closure  # noqa: E402
from debian_packages import fetch, unpack_deb  # noqa: E402
from kylin_python import interpreter, zig  # noqa: E402

MACHINE = "aarch64"
ARCHIVE = "nianbao-kylin-aarch64.tar.xz"
QT = {"pyside6-essentials", "shiboken6"}
SYSROOT = Path("/usr/aarch64-linux-gnu")  # Debian's libc6-arm64-cross
DESKTOP_ZLIB = "arm64-desktop/lib/aarch64-linux-gnu"  # in the cache; bookworm's, not under /usr
APP = ["main.py", "cli.py", "chinese_argparse.py", "models", "export", "readers", "resources"]
# Not needed to run the program: tests, tools for building extensions, the static library, Tk…
UNUSED = [
    "include",
    "share",
    "lib/pkgconfig",
    "lib/python3.11/test",
    "lib/python3.11/idlelib",
    "lib/python3.11/tkinter",
    "lib/python3.11/turtledemo",
    "lib/python3.11/ensurepip",
    "lib/python3.11/lib2to3",
    "lib/python3.11/config-3.11-aarch64-linux-gnu",
    "lib/libpython3.11.a",
    "bin/2to3-3.11",
    "bin/idle3.11",
    "bin/pydoc3.11",
    "BUILT",
]
LAUNCHER = """#!/bin/sh
# 年报填报助手 for ARM64: the command line only (no PySide6 runs on glibc 2.28 ARM64).
here=$(dirname "$(readlink -f "$0")")
if [ $# -eq 0 ]; then
  echo "这是 ARM64 的命令行版本，没有窗口。用法：$0 check 年报.json；$0 --help 列出全部命令。" >&2
  exit 2
fi
exec "$here/python/bin/python3.11" -E -s -X utf8 "$here/app/main.py" "$@"
"""


def platforms() -> list[str]:
    """pip's --platform values: every manylinux tag for aarch64 up to glibc 2.28."""
    tags = [f"manylinux_2_{minor}_{MACHINE}" for minor in range(28, 16, -1)]
    return [*tags, f"manylinux2014_{MACHINE}"]


def assemble(python: Path, bundle: Path) -> None:
    """The interpreter, the aarch64 wheels, the program and the launcher in `bundle`."""
    shutil.rmtree(bundle, ignore_errors=True)
    shutil.copytree(python.parent.parent, bundle / "python", symlinks=True)
    for path in UNUSED:
        target = bundle / "python" / path
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    # CPython's own -g, removed by zig's objcopy (binutils here reads only x86 objects).
    for path in [bundle / "python/bin/python3.11", *(bundle / "python").rglob("*.so")]:
        stripped = path.with_name(path.name + ".stripped")
        subprocess.run(
            [str(zig()), "objcopy", "--strip-debug", str(path), str(stripped)], check=True
        )
        stripped.replace(path)
    closure = installed_closure()
    pins = [f"{d.metadata['Name']}=={d.version}" for name, d in closure.items() if name not in QT]
    site = bundle / "python/lib/python3.11/site-packages"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-compile",
            "--target",
            str(site),
            "--only-binary=:all:",
            *(f"--platform={p}" for p in platforms()),
            "--python-version",
            "3.11",
            "--implementation",
            "cp",
            *pins,
        ],
        check=True,
    )
    (bundle / "app").mkdir()
    for name in APP:
        source = ROOT / name
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.po", "*.pot")
            shutil.copytree(source, bundle / "app" / name, ignore=ignore)
        else:
            shutil.copy(source, bundle / "app" / name)
    launcher = bundle / "nianbao"
    launcher.write_text(LAUNCHER)
    launcher.chmod(0o755)


def desktop_zlib(cache: Path) -> Path:
    """Debian's zlib for arm64, unpacked: what every desktop has and the cross C library lacks."""
    root = cache / "arm64-desktop"
    lib = cache / DESKTOP_ZLIB
    if not (lib / "libz.so.1").exists():
        debs = cache / "arm64-desktop-debs"
        fetch(cache, debs, ["zlib1g:arm64/bookworm"], source=False)
        for deb in debs.glob("*.deb"):
            unpack_deb(deb, root)
    return lib


def run_emulated(bundle: Path, cache: Path) -> bool | None:
    """`check` and `export` of the sample under qemu-aarch64; None when it is not installed."""
    qemu = shutil.which(f"qemu-{MACHINE}")
    if not qemu or not (SYSROOT / "lib/ld-linux-aarch64.so.1").exists():
        print(f"  not run: qemu-{MACHINE} and {SYSROOT} are needed")
        return None
    with tempfile.TemporaryDirectory(prefix="arm64-") as folder:
        python = [qemu, "-L", str(SYSROOT), str(bundle / "python/bin/python3.11"), "-E", "-s"]
        main = [*python, "-X", "utf8", str(bundle / "app/main.py")]
        env = {"HOME": folder, "PATH": "/usr/bin:/bin", "LD_LIBRARY_PATH": str(desktop_zlib(cache))}
        return passed(sample_steps(main, env, Path(folder)), f" under qemu-{MACHINE}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist" / "kylin-arm64")
    args = parser.parse_args()
    python = interpreter(args.cache, MACHINE)
    bundle = args.dist / "nianbao"
    assemble(python, bundle)
    print(f"{bundle}: {folder_size(bundle) / 2**20:.1f} MiB")
    if not glibc_report(bundle) or run_emulated(bundle, args.cache) is False:
        sys.exit("failed")
    archive = pack(bundle, args.dist.parent / ARCHIVE)
    print(f"{archive}: {archive.stat().st_size / 2**20:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
