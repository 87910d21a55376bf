"""Export the sample and the city fixture to PDF and render every page to PNG, so anyone can look.

    python tools/pdf_pages.py [OUT_FOLDER]      (default: a new folder in /tmp; needs pdftoppm)

With ImageMagick's montage, each report also gets one sheet with all its pages side by side.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from export.pdf import export_pdf  # noqa: E402
from models.exchange import read_report  # noqa: E402

REPORTS = {
    "sample": ROOT / "resources" / "samples" / "akqi-education-2021.json",
    "city": ROOT / "tests" / "fixtures" / "city-2022.json",
}


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="nianbao-pdf-"))
    out.mkdir(parents=True, exist_ok=True)
    if shutil.which("pdftoppm") is None:
        sys.exit("pdftoppm is missing: apt-get install poppler-utils")
    for name, source in REPORTS.items():
        pdf = out / f"{name}.pdf"
        result = export_pdf(read_report(source), pdf)
        subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(out / name)], check=True)
        pages = sorted(out.glob(f"{name}-*.png"))
        if shutil.which("montage"):
            subprocess.run(
                [
                    "montage",
                    *map(str, pages),
                    "-tile",
                    f"{len(pages)}x1",
                    "-geometry",
                    "+6+6",
                    str(out / f"{name}-all.png"),
                ],
                check=True,
            )
        print(f"{pdf}: {result.pages} pages → {len(pages)} PNG in {out}")


if __name__ == "__main__":
    main()
