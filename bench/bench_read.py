"""Reading published reports: a six-page PDF and a Word file, each as a whole process
(`python main.py read FILE -o OUT.json`), against `pdftotext -layout` of the same PDF in the same
run as yardstick (target: at most 10× the yardstick); and the city report as text that lost its
line breaks (tests/fixtures/published/city-2022-one-line.txt), against `pdftotext -layout` of the
same report's PDF (city-2022-ours.pdf), the same target.

    python bench/bench_read.py

The PDF is the published sample (akqi-education-2021) printed by export/pdf.py, its longest texts
shortened until it is six pages; the Word file is the Word template filled in with the same report
(tools/make_reader_fixtures.py). Each figure is the median of RUNS fresh processes, after one
run that is not counted.

The processes run as an installed copy runs, with their bytecode (bench/installed.py).
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
from export.pdf import export_pdf  # noqa: E402
from models.exchange import read_report  # noqa: E402
from tools.make_reader_fixtures import OUT, fill_word_template  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "akqi-education-2021.json"
RUNS = 11


def median_seconds(command: list[str], env: dict[str, str]) -> float:
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env=env)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        report = read_report(SAMPLE)
        pdf = folder / "sample.pdf"
        pages = export_pdf(report, pdf).pages
        while pages > 6:
            longest = max(report.texts, key=lambda k: len(report.texts[k]))
            report.texts[longest] = report.texts[longest][: len(report.texts[longest]) * 2 // 3]
            pages = export_pdf(report, pdf).pages
        docx = folder / "sample.docx"
        fill_word_template(report, OUT / "word-template-2021.docx", docx)
        out = str(folder / "out.json")
        read = [sys.executable, str(ROOT / "main.py"), "read"]
        env = installed_environment(folder)
        figures = {
            f"main.py read（PDF，{pages} 页）": median_seconds([*read, str(pdf), "-o", out], env),
            "main.py read（Word）": median_seconds([*read, str(docx), "-o", out], env),
        }
        one_line = median_seconds([*read, str(OUT / "city-2022-one-line.txt"), "-o", out], env)
        yardstick = _pdftotext(pdf, folder, env)
        print(f"yardstick pdftotext -layout: {yardstick * 1000:.0f} ms")
        for label, seconds in figures.items():
            print(f"{label}: {seconds * 1000:.0f} ms = {seconds / yardstick:.1f}× yardstick")
        city = _pdftotext(OUT / "city-2022-ours.pdf", folder, env)
        print(f"yardstick pdftotext -layout of the city report's PDF: {city * 1000:.0f} ms")
        print(
            f"main.py read（一行文本，城市年报）: {one_line * 1000:.0f} ms = "
            f"{one_line / city:.1f}× yardstick"
        )


def _pdftotext(pdf: Path, folder: Path, env: dict[str, str]) -> float:
    """The median time of `pdftotext -layout` of a PDF, or of a bare Python if it is missing."""
    if shutil.which("pdftotext"):
        return median_seconds(["pdftotext", "-layout", str(pdf), str(folder / "p.txt")], env)
    print("pdftotext not installed: yardstick is a bare `python -c pass`")
    return median_seconds([sys.executable, "-c", "pass"], env)


if __name__ == "__main__":
    main()
