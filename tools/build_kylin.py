"""Build the download for Kylin V10 / UOS 20 (glibc 2.28) on this machine: dist/kylin/nianbao/.

    pip install -e ".[bundle,kylin]" && python tools/build_kylin.py [--archive]

1. CPython 3.11 compiled with `zig cc` against glibc 2.28 (`tools/kylin_python.py`), and a venv of
   it holding pyproject.toml's dependencies as installed here, but PySide6-Essentials 6.8.2.1 (a
   manylinux_2_28 wheel, Qt 6.8.2: the Qt whose private headers Debian ships for the fcitx plug-in).
2. The usual one-folder build (`tools/build_bundle.py`, the same spec) run by that interpreter.
3. The desktop's own libraries (`DESKTOP_LIBRARIES`) taken out again: Kylin and UOS have them, and
   the build machine's copies need its newer glibc.
4. The fcitx input-context plug-in (`tools/kylin_fcitx.py`) put beside Qt's own.
5. Checks, each failing the build: every ELF file needs at most GLIBC_2.28 (a report per file);
   every input-context plug-in loads into the bundled Qt (QPluginLoader); the frozen program checks
   and exports the sample and its window stays up (offscreen).

Everything built or downloaded is kept in a cache folder (`--cache`, default
~/.cache/nianbao-build): a second run takes minutes. `docs/kylin.md` says what it takes.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import kylin_fcitx  # noqa: E402
from build_bundle import _shown, _version, folder_size, glibc_needs, pack  # noqa: E402
from bundle_deps import ROOT, installed_closure, pip_download  # noqa: E402
from kylin_python import interpreter  # noqa: E402

MAX_GLIBC = "2.28"
CACHE = Path.home() / ".cache" / "nianbao-build"
ARCHIVE = "nianbao-kylin-x86_64.tar.xz"
PYSIDE = "6.8.2.1"  # Qt 6.8.2, as Debian trixie's qt6-base
BUILD_TOOLS = ["pyinstaller>=6.10", "packaging>=23"]
# Libraries every Kylin / UOS desktop has (the window runs on them), by file-name prefix.
DESKTOP_LIBRARIES = (
    "libstdc++.so",
    "libgcc_s.so",
    "libX11",
    "libxcb.so",
    "libXau",
    "libXdmcp",
    "libbsd.so",
    "libmd.so",
    "libglib-2.0",
    "libgobject-2.0",
    "libgthread-2.0",
    "libgmodule-2.0",
    "libgio-2.0",
    "libpcre",
    "libfontconfig",
    "libfreetype",
    "libbrotli",
    "libxkbcommon",
    "libexpat",
    "libzstd",
    "liblzma",
    "libpng16",
    "libsqlite3",
    "libz.so",
    "libbz2",
    "libffi",
    "libEGL",
    "libGL",
    "libOpenGL",
    "libuuid",
)
SAMPLE = ROOT / "resources" / "samples" / "akqi-education-2021.json"


# a step of the frozen program: its name, whether it passed, and its run
Step = tuple[str, bool, "subprocess.CompletedProcess[Any]"]


def environment(cache: Path, python: Path) -> Path:
    """A venv of the glibc 2.28 interpreter with the bundle's wheels (manylinux ≤ 2.28)."""
    pins = {d.metadata["Name"]: d.version for d in installed_closure().values()}
    pins |= {"PySide6_Essentials": PYSIDE, "shiboken6": PYSIDE}
    wanted = [f"{name}=={version}" for name, version in sorted(pins.items())] + BUILD_TOOLS
    venv = cache / f"venv-pyside{PYSIDE}"
    marker = venv / "WANTED"
    if marker.exists() and marker.read_text() == "\n".join(wanted):
        return venv
    wheels = cache / "wheels"
    # This machine's pip downloads (the new interpreter has no TLS); the new one installs. pip
    # takes a platform literally: every manylinux tag up to 2.28 is named.
    platforms = [f"manylinux_2_{minor}_x86_64" for minor in range(28, 4, -1)]
    platforms += ["manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64"]
    platform = [f"--platform={p}" for p in platforms]
    pip_download(wheels, ["--only-binary=:all:", *platform, "--python-version", "3.11", *wanted])
    shutil.rmtree(venv, ignore_errors=True)
    env = with_libpython(python)
    subprocess.run([str(python), "-m", "venv", str(venv)], env=env, check=True)
    subprocess.run(
        [
            str(venv / "bin/python"),
            "-m",
            "pip",
            "install",
            "-q",
            "--no-index",
            "--find-links",
            str(wheels),
            *wanted,
        ],
        env=env,
        check=True,
    )
    marker.write_text("\n".join(wanted))
    return venv


def with_libpython(python: Path) -> dict[str, str]:
    """The environment that makes `python` load its own libpython, not the system's."""
    return os.environ | {"LD_LIBRARY_PATH": str(python.parent.parent / "lib")}


def leave_to_desktop(bundle: Path) -> list[str]:
    """Remove the copies of the desktop's own libraries from the bundle; their names.

    Not a wheel's own copy (auditwheel renames them, `libzstd-40ad5e7e.so.1.5.7`): its modules
    need it.
    """
    removed = []
    for path in sorted((bundle / "_internal").iterdir()):
        vendored = re.search(r"-[0-9a-f]{8}\.so", path.name)
        if path.name.startswith(DESKTOP_LIBRARIES) and ".so" in path.name and not vendored:
            path.unlink()
            removed.append(path.name)
    return removed


def glibc_report(bundle: Path) -> bool:
    """Print every ELF file with the newest glibc it needs; True when none needs more than 2.28."""
    needs = glibc_needs(bundle)
    limit = _version(MAX_GLIBC)
    for file, version in sorted(needs.items(), key=lambda item: (item[1], item[0])):
        print(f"  GLIBC_{_shown(version):<6} {'TOO NEW ' if version > limit else ''}{file}")
    over = [file for file, version in needs.items() if version > limit]
    print(f"{len(needs)} ELF files, {len(over)} needing more than GLIBC_{MAX_GLIBC}")
    print(f"libstdc++ (the desktop's): GLIBCXX_{_shown(newest_glibcxx(bundle))} at most")
    return not over


def newest_glibcxx(bundle: Path) -> tuple[int, ...]:
    """The newest GLIBCXX_x.y.z symbol version any library of the bundle needs."""
    newest: tuple[int, ...] = (0,)
    for path in bundle.rglob("*.so*"):
        if path.is_file() and not path.is_symlink():
            info = subprocess.run(
                ["readelf", "-V", "-W", str(path)], capture_output=True, text=True
            )
            found = re.findall(r"Name: GLIBCXX_([0-9.]+)", info.stdout)
            newest = max([newest, *(_version(v) for v in found)])
    return newest


LOAD_PLUGINS = """
import sys
sys.path.insert(0, sys.argv.pop(1))
from PySide6.QtCore import QLibraryInfo, QPluginLoader
from PySide6.QtGui import QGuiApplication
app = QGuiApplication([])
failed = 0
for path in sys.argv[1:]:
    loader = QPluginLoader(path)
    ok = loader.load()
    failed += not ok
    print(f"  {'loaded' if ok else 'FAILED'} into Qt {QLibraryInfo.version().toString()}: "
          f"{path.rsplit('/', 1)[-1]} {loader.metaData()['MetaData']}"
          + ("" if ok else f" ({loader.errorString()})"))
sys.exit(failed)
"""


def load_input_plugins(bundle: Path, python: Path) -> bool:
    """Load every input-context plug-in of the bundle into the bundle's own Qt (QPluginLoader)."""
    internal = bundle / "_internal"
    plugins = sorted((internal / "PySide6/Qt/plugins/platforminputcontexts").glob("*.so"))
    # The bundle's modules (sourceless .pyc) on the path of the very interpreter it was made from.
    env = {"HOME": tempfile.gettempdir(), "QT_QPA_PLATFORM": "offscreen"}
    env |= {"LD_LIBRARY_PATH": str(python.parent.parent / "lib")}
    command = [str(python), "-I", "-c", LOAD_PLUGINS, str(internal), *map(str, plugins)]
    result = subprocess.run(command, env=env)
    return result.returncode == 0 and len(plugins) >= 3


def sample_steps(program: list[str], env: dict[str, str], folder: Path) -> list[Step]:
    """`check` and `export` of the sample by `program` (the command's first words), in `folder`."""
    pdf = folder / "年报.pdf"
    check = subprocess.run([*program, "check", str(SAMPLE)], env=env, capture_output=True)
    export = subprocess.run(
        [*program, "export", str(SAMPLE), "-o", str(pdf)], env=env, capture_output=True
    )
    return [
        ("check", check.returncode == 0, check),
        ("export", export.returncode == 0 and pdf.read_bytes()[:5] == b"%PDF-", export),
    ]


def passed(steps: list[Step], where: str = "") -> bool:
    """Print each step (ok or FAILED, `where` it ran) and the end of what a failed one said."""
    for step, ok, _run in steps:
        print(f"  {'ok' if ok else 'FAILED'}{where}: {step}")
    for _step, _ok, run in steps:
        if run.returncode not in (0, 124):  # 124: still running when timeout stopped it
            print(run.stderr.decode(errors="replace")[-2000:])
    return all(ok for _step, ok, _run in steps)


def run_frozen(bundle: Path) -> bool:
    """The clerk's first steps, on a fresh account: check and export the sample, open the window."""
    with tempfile.TemporaryDirectory(prefix="kylin-") as folder:
        env = {"HOME": folder, "QT_QPA_PLATFORM": "offscreen"}
        program = str(bundle / "nianbao")
        steps = sample_steps([program], env, Path(folder))
        window = subprocess.run(["timeout", "-k", "5", "4", program], env=env, capture_output=True)
        steps.append(("window (still up after 4 s)", window.returncode == 124, window))
        return passed(steps)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist" / "kylin")
    parser.add_argument("--archive", action="store_true", help=f"also write dist/{ARCHIVE}")
    args = parser.parse_args()
    start = time.perf_counter()
    python = interpreter(args.cache)
    venv = environment(args.cache, python)
    work = args.cache / "pyinstaller"
    subprocess.run(
        [
            str(venv / "bin/python"),
            str(ROOT / "tools/build_bundle.py"),
            "--dist",
            str(args.dist),
            "--work",
            str(work),
        ],
        env=with_libpython(python),
        check=True,
    )
    bundle = args.dist / "nianbao"
    print("left to the desktop:", " ".join(leave_to_desktop(bundle)))
    qt = venv / "lib/python3.11/site-packages/PySide6/Qt"
    plugin = kylin_fcitx.build(
        args.cache, qt / "lib", args.cache / f"fcitx5-qt-qt{kylin_fcitx.QT_VERSION}"
    )
    shutil.copy(
        plugin, bundle / "_internal/PySide6/Qt/plugins/platforminputcontexts" / kylin_fcitx.PLUGIN
    )
    print(f"{bundle}: {folder_size(bundle) / 2**20:.1f} MiB in {time.perf_counter() - start:.0f} s")
    checks = {
        f"every ELF file ≤ GLIBC_{MAX_GLIBC}": glibc_report(bundle),
        "input-context plug-ins load": load_input_plugins(bundle, python),
        "frozen program runs": run_frozen(bundle),
    }
    if not all(checks.values()):
        sys.exit("failed: " + ", ".join(name for name, ok in checks.items() if not ok))
    if args.archive:
        archive = pack(bundle, args.dist.parent / ARCHIVE)
        print(f"{archive}: {archive.stat().st_size / 2**20:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
