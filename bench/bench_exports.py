"""Export time of every format, against LibreOffice converting the same report's .docx to PDF.

    python bench/bench_exports.py [REPORT.json]   (default: the shipped sample)

For each format (.pdf, .docx, .html, .xlsx): cold = a fresh `main.py export` process, start to
exit (the clerk's or a script's case); warm = `export_report` again in one process (the window's
case). Yardsticks, where LibreOffice is installed: `soffice --headless --convert-to pdf` of our
.docx of the same report, and of a .docx with only its text (the yardstick of bench_pdf.py).
The cold runs and the yardsticks take turns, round after round, so that a busy machine slows
them alike; each figure is the median of ROUNDS. LibreOffice gets a profile folder of its own,
made before timing so that its first start is not counted. Our processes run as an installed copy
runs, with their bytecode (bench/installed.py).
"""

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.installed import installed_environment  # noqa: E402
from export.writers import WRITERS, export_report  # noqa: E402
from models.exchange import read_report  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "akqi-education-2021.json"
ROUNDS = 7


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    time.sleep(0.5)  # LibreOffice's helper processes outlive the command by a moment
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def warm(report, target: Path) -> float:
    export_report(report, target)
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        export_report(report, target)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def yardsticks(source: Path, folder: Path) -> dict[str, list[str]]:
    """The LibreOffice commands to time, each run once already (profile made, files ready)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("LibreOffice is not installed: no yardstick")
        return {}
    ours = export_report(read_report(source), folder / "ours.docx").path
    text = folder / "text-only.txt"
    text.write_text("\n\n".join(read_report(source).texts.values()), "utf-8")
    office = [soffice, f"-env:UserInstallation=file://{folder}/lo-profile", "--headless"]
    subprocess.run(
        [*office, "--convert-to", "docx", "--outdir", str(folder), str(text)],
        check=True,
        capture_output=True,
    )
    commands = {}
    for label, docx in (("our .docx", ours), ("text only", folder / "text-only.docx")):
        commands[label] = [
            *office,
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder / "lo"),
            str(docx),
        ]
        subprocess.run(commands[label], check=True, capture_output=True)
    return commands


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLE
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        exports = {
            suffix: [
                sys.executable,
                str(ROOT / "main.py"),
                "export",
                str(source),
                "-o",
                str(folder / f"out{suffix}"),
            ]
            for suffix in WRITERS
        }
        sticks = yardsticks(source, folder)
        env = installed_environment(folder)
        for command in exports.values():
            subprocess.run(command, check=True, capture_output=True, env=env)
        times: dict[str, list[float]] = {key: [] for key in [*exports, *sticks]}
        for _ in range(ROUNDS):
            for key, command in exports.items():
                times[key].append(timed(command, env))
            for key, command in sticks.items():
                times[key].append(timed(command))
        median = {key: statistics.median(values) for key, values in times.items()}
        report = read_report(source)
        print(f"{source.name}, medians of {ROUNDS} interleaved rounds")
        for label in sticks:
            print(f"yardstick: LibreOffice docx→pdf, {label}: {median[label] * 1000:.0f} ms")
        for suffix in exports:
            ratios = "".join(f", {median[suffix] / median[s]:.2f}× ({s})" for s in sticks)
            print(
                f"{suffix:6} cold {median[suffix] * 1000:4.0f} ms{ratios}; "
                f"warm {warm(report, folder / f'warm{suffix}') * 1000:4.0f} ms"
            )


if __name__ == "__main__":
    main()
