"""Print preview memory: a 40-page report (20,000 characters of text) in 打印预览.

    python bench/bench_preview.py

Each figure is the growth of a fresh process's peak resident memory (ru_maxrss) while the preview
dialog paints every page, offscreen. Yardstick in the same run: the same preview with its pages
rendered at the printer's 300 dpi, as it was before the preview rendered at screen resolution.
Target: at most 300 MB for 40 pages.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHILD = """
import os, resource, sys
sys.path.insert(0, {root!r})
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from export.pdf import render_pdf
from models.exchange import read_report
import ui.preview as preview
app = QApplication([])
data, pages = render_pdf(read_report({report!r}))
if {at_print_dpi}:
    preview.preview_dpi = lambda: preview.PRINT_DPI
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
dialog = preview.PrintPreview(data, "bench")
QTimer.singleShot(0, dialog.reject)
dialog.exec()
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(pages, (after - before) / 1024)
"""


def measure(report: Path, at_print_dpi: bool) -> tuple[int, float]:
    code = CHILD.format(root=str(ROOT), report=str(report), at_print_dpi=at_print_dpi)
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    ).stdout.split()
    return int(out[0]), float(out[1])


def main() -> None:
    from models.exchange import write_report
    from tests.reports import long_report

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.json"
        write_report(long_report(), path)
        pages, ours = measure(path, at_print_dpi=False)
        _pages, yardstick = measure(path, at_print_dpi=True)
    print(f"preview of {pages} pages: {ours:.0f} MB at screen resolution")
    print(f"yardstick, every page at 300 dpi: {yardstick:.0f} MB")
    print(f"ratio: {ours / yardstick:.2f}")


if __name__ == "__main__":
    main()
