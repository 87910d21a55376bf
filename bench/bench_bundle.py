"""The offline builds: size on disk and packed, and start-up frozen against the same from source.

    python tools/build_bundle.py && python tools/build_windows_kit.py && python bench/bench_bundle.py

Sizes: dist/nianbao/ on disk, packed as tar.xz (the Linux download) and as zip (for comparison),
and dist/nianbao-windows-x64.zip (the Windows download). Start-up, median of fresh processes with a
warm disk cache: `check` of the sample (whole process), and the window from process start until X
shows it (an Xvfb of its own, and xdotool). Wall and CPU
time both: on a loaded machine CPU time is the steadier figure.
Targets (issues 12 and 22): each download ≤ 40 MiB, frozen window ≤ source, frozen check ≤ 1.2 × source.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from build_bundle import ARCHIVE, folder_size, pack  # noqa: E402

BUNDLE = ROOT / "dist" / "nianbao"
KIT = ROOT / "dist" / "nianbao-windows-x64.zip"
SAMPLE = ROOT / "resources" / "samples" / "akqi-education-2021.json"
RUNS = 7
MIB = 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--no-sizes", action="store_true", help="start-up only (packing takes minutes)"
    )
    args = parser.parse_args()
    if not (BUNDLE / "nianbao").exists():
        sys.exit("build it first: python tools/build_bundle.py")
    with tempfile.TemporaryDirectory(prefix="bench-bundle-") as folder:
        scratch = Path(folder)
        if not args.no_sizes:
            sizes(scratch)
        env = os.environ | {"HOME": str(scratch), "NIANBAO_DB": str(scratch / "bench.db")}
        frozen, source = [str(BUNDLE / "nianbao")], [sys.executable, str(ROOT / "main.py")]
        compare("check", lambda cmd: whole([*cmd, "check", SAMPLE], env), frozen, source, 1.2)
        with display() as env_x:
            # the window on our Xvfb, whatever platform the caller's environment names
            # (an inherited QT_QPA_PLATFORM=offscreen shows no window to wait for)
            env_x |= {"QT_QPA_PLATFORM": "xcb"}
            compare("window", lambda cmd: window(cmd, env | env_x), frozen, source, 1.0)
    return 0


def sizes(scratch: Path) -> None:
    print(f"dist/nianbao on disk            {folder_size(BUNDLE) / MIB:6.1f} MiB")
    start = time.perf_counter()
    tar = pack(BUNDLE, scratch / ARCHIVE).stat().st_size
    print(
        f"{ARCHIVE}   {tar / MIB:6.1f} MiB  (target ≤ 40; "
        f"{time.perf_counter() - start:.0f} s to pack)"
    )
    with zipfile.ZipFile(scratch / "nianbao.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(BUNDLE.rglob("*")):
            if path.is_file() and not path.is_symlink():
                archive.write(path, path.relative_to(BUNDLE.parent))
    print(
        f"dist/nianbao as zip             {(scratch / 'nianbao.zip').stat().st_size / MIB:6.1f} MiB"
    )
    if KIT.exists():
        print(f"{KIT.name}       {KIT.stat().st_size / MIB:6.1f} MiB  (target ≤ 40)")
    else:
        print(f"{KIT.name}: not built (python tools/build_windows_kit.py)")


def compare(what: str, run, frozen: list, source: list, target: float) -> None:
    """Median wall and CPU time of `run` on each command, runs interleaved; ratios to the target.

    CPU time (user + system) is printed beside wall time: on a loaded machine it is the steadier.
    """
    run(frozen), run(source)  # warm the disk cache
    samples: dict[str, list[tuple[float, float]]] = {"frozen": [], "source": []}
    for _ in range(RUNS):
        samples["frozen"].append(run(frozen))
        samples["source"].append(run(source))
    wall = {k: statistics.median(s[0] for s in v) for k, v in samples.items()}
    cpu = {k: statistics.median(s[1] for s in v) for k, v in samples.items()}
    for kind in ("frozen", "source"):
        print(f"{what}, {kind:6}  wall {wall[kind] * 1000:6.0f} ms  cpu {cpu[kind] * 1000:6.0f} ms")
    print(
        f"{what}: frozen/source wall {wall['frozen'] / wall['source']:.2f}, "
        f"cpu {cpu['frozen'] / cpu['source']:.2f} (target ≤ {target:.2f})"
    )


def whole(command: list, env: dict) -> tuple[float, float]:
    """Wall and CPU seconds of the whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, capture_output=True, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def window(command: list, env: dict) -> tuple[float, float]:
    """Wall and CPU seconds from starting the program until X shows its window 年报填报助手."""
    # What the program says goes to a file: a pipe nobody reads fills up and stops the program,
    # and reading a pipe of a program still running waits for it.
    with tempfile.TemporaryFile() as said:
        start = time.perf_counter()
        program = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=said)
        try:
            # xdotool's own --sync polls twice a second: too coarse, so ask every few milliseconds.
            search = ["xdotool", "search", "--onlyvisible", "--name", "年报填报助手"]
            while subprocess.run(search, env=env, capture_output=True).returncode != 0:
                if program.poll() is not None or time.perf_counter() - start > 30:
                    _stop(program)
                    said.seek(0)
                    raise RuntimeError(f"no window: {said.read().decode(errors='replace')}")
                time.sleep(0.005)
            wall = time.perf_counter() - start
            fields = Path(f"/proc/{program.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return wall, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        finally:
            _stop(program)


def _stop(program: subprocess.Popen) -> None:
    """End the program: asked first, killed when it does not go within five seconds."""
    program.terminate()
    try:
        program.wait(timeout=5)
    except subprocess.TimeoutExpired:
        program.kill()
        program.wait()


class display:
    """An Xvfb of the run's own, with -noreset: a server that resets whenever its last client
    leaves refuses the next program now and then, between two timed runs."""

    def __init__(self) -> None:
        self.server = None

    def __enter__(self) -> dict[str, str]:
        if not (shutil.which("xdotool") and shutil.which("Xvfb")):
            sys.exit("Xvfb and xdotool are needed to see the window appear (apt-get install ...)")
        read, write = os.pipe()
        self.server = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-noreset", "-screen", "0", "1280x720x24"],
            pass_fds=[write],
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as number:
            return {"DISPLAY": ":" + number.readline().strip()}

    def __exit__(self, *exc) -> None:
        self.server.terminate()
        self.server.wait()


if __name__ == "__main__":
    sys.exit(main())
