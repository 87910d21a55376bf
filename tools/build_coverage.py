"""Write resources/fonts/coverage.json: which characters the bundled fonts print, per role.

    python tools/build_coverage.py

The check (models/checks/characters.py) reads this file, so that it knows without reportlab what the PDF
can print on any PC: every character of the role's chain of bundled fonts with a visible glyph.
Run it after changing the bundled fonts (tools/build_fonts.py); a test keeps the file current.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from export.fonts import BODY, TITLE, load_fonts  # noqa: E402
from models.checks.characters import COVERAGE_FILE  # noqa: E402


def coverage() -> dict[str, str]:
    """For the title and body roles, the code points the bundled chain prints, as hex ranges."""
    fonts = load_fonts(use_system=False)
    result = {}
    for role in (TITLE, BODY):
        codes = sorted({ord(c) for font in fonts.chain(role) for c in font.coverage})
        result[role] = " ".join(_ranges(codes))
    return result


def _ranges(codes: list[int]) -> list[str]:
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return [f"{a:x}" if a == b else f"{a:x}-{b:x}" for a, b in ranges]


if __name__ == "__main__":
    text = json.dumps(coverage(), indent=1) + "\n"
    COVERAGE_FILE.write_text(text, "utf-8")
    print(f"{COVERAGE_FILE}: {len(text)} bytes")
