"""Export time of every format, against LibreOffice converting the same report's .docx to PDF.

    python bench/bench_exports.py [REPORT.json]   (default: the shipped sample)

For each format (.pdf, .docx, .html, .xlsx): cold = a fresh `main.py export` process, start to
exit (the clerk's or a script's case); warm = `export_report` again in one process (the window's
case). Medians of RUNS. Yardsticks in the same run, where LibreOffice is installed: `soffice
--headless --convert-to pdf` of our .docx of the same report, and of a .docx with only its text
(the yardstick bench_pdf.py used). Each LibreOffice run has its own profile folder, created once
before timing so that its first-start cost is not counted.
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

from export.writers import FORMATS, export_report  # noqa: E402
from models.exchange import read_report  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "akqi-education-2021.json"
RUNS = 7


def cold(source: Path, target: Path) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "export", str(source), "-o", str(target)],
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def warm(source: Path, target: Path) -> float:
    report = read_report(source)
    export_report(report, target)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        export_report(report, target)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def libreoffice(soffice: str, docx: Path, folder: Path) -> float:
    command = [
        soffice,
        f"-env:UserInstallation=file://{folder}/lo-profile",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(folder / "lo-out"),
        str(docx),
    ]
    subprocess.run(command, check=True, capture_output=True)  # creates the profile
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def text_only_docx(soffice: str, source: Path, folder: Path) -> Path:
    text = folder / "text-only.txt"
    text.write_text("\n\n".join(read_report(source).texts.values()), "utf-8")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{folder}/lo-profile",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            str(folder),
            str(text),
        ],
        check=True,
        capture_output=True,
    )
    return folder / "text-only.docx"


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLE
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        results = {
            s: (cold(source, folder / f"out{s}"), warm(source, folder / f"w{s}")) for s in FORMATS
        }
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        sticks = {}
        if soffice:
            sticks["LibreOffice docx→pdf, our .docx"] = libreoffice(
                soffice, folder / "out.docx", folder
            )
            plain = text_only_docx(soffice, source, folder)
            sticks["LibreOffice docx→pdf, text only"] = libreoffice(soffice, plain, folder)
        else:
            print("LibreOffice is not installed: no yardstick")
        print(f"{source.name}, median of {RUNS}")
        for label, seconds in sticks.items():
            print(f"yardstick {label}: {seconds * 1000:.0f} ms")
        for suffix, (c, w) in results.items():
            ratios = "".join(
                f", {c / s:.2f}× ({label.split(', ')[1]})" for label, s in sticks.items()
            )
            print(f"{suffix:6} cold {c * 1000:4.0f} ms{ratios}; warm {w * 1000:4.0f} ms")


if __name__ == "__main__":
    main()
