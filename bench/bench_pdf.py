"""PDF export time: the sample, and a report with 20,000 characters of text; fonts cold and warm.

    python bench/bench_pdf.py

Each figure is the median of fresh processes (cold: fonts registered in that process) or of runs in
one process (warm). Yardstick in the same run: LibreOffice converting an equivalent .docx to PDF
(`soffice --headless --convert-to pdf`) where it is installed, else a bare `python -c pass`. Our
processes run as an installed copy runs, with their bytecode (bench/installed.py).
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
from export.fonts import load_fonts  # noqa: E402
from export.pdf import render_pdf  # noqa: E402
from models.exchange import read_report, write_report  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "akqi-education-2021.json"
RUNS = 5


def long_report(folder: Path) -> Path:
    """The sample with its texts repeated to 20,000 characters."""
    report = read_report(SAMPLE)
    sections = [k for k in report.texts]
    base = "\n".join(report.texts.values())
    filler = (base * (20000 // len(base) + 1))[:20000]
    chunk = len(filler) // len(sections)
    for index, key in enumerate(sections):
        report.texts[key] = filler[index * chunk : (index + 1) * chunk]
    path = folder / "long.json"
    write_report(report, path)
    return path


def cold(path: Path, folder: Path) -> float:
    command = [
        sys.executable,
        str(ROOT / "main.py"),
        "export",
        str(path),
        "-o",
        str(folder / "o.pdf"),
    ]
    env = installed_environment(folder)
    subprocess.run(command, check=True, capture_output=True, env=env)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def warm(path: Path) -> float:
    report = read_report(path)
    fonts = load_fonts()
    render_pdf(report, fonts=fonts)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        render_pdf(report, fonts=fonts)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def yardstick(folder: Path) -> tuple[str, float]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        docx = folder / "equivalent.docx"
        text = "\n\n".join(read_report(SAMPLE).texts.values())
        (folder / "equivalent.txt").write_text(text, "utf-8")
        subprocess.run(
            [
                soffice,
                "--headless",
                "--convert-to",
                "docx",
                "--outdir",
                str(folder),
                str(folder / "equivalent.txt"),
            ],
            check=True,
            capture_output=True,
        )
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            subprocess.run(
                [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(docx)],
                check=True,
                capture_output=True,
            )
            times.append(time.perf_counter() - start)
        return "soffice --convert-to pdf (same text as .docx)", statistics.median(times)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        times.append(time.perf_counter() - start)
    return "python -c pass (LibreOffice not installed)", statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        long_path = long_report(folder)
        label, stick = yardstick(folder)
        print(f"yardstick: {label}: {stick * 1000:.0f} ms")
        for title, path in (("sample", SAMPLE), ("20,000 characters", long_path)):
            c, w = cold(path, folder), warm(path)
            print(
                f"{title}: cold (whole process) {c * 1000:.0f} ms = {c / stick:.2f}×, "
                f"warm {w * 1000:.0f} ms = {w / stick:.2f}×"
            )


if __name__ == "__main__":
    main()
