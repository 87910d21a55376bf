"""Extract, update and compile the gettext catalogues with babel.

Run after changing any user-facing sentence (the compiled .mo ships with the program):

    python tools/catalogs.py
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "resources" / "locale"
TEMPLATE = LOCALE / "messages.pot"
LANGUAGES = ["zh_CN"]


def pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], cwd=ROOT, check=True)


def main() -> None:
    pybabel(
        "extract",
        "--no-location",
        "--sort-output",
        "-k",
        "_",
        "-o",
        str(TEMPLATE),
        "main.py",
        "cli.py",
        "models",
        "ui",
        "export",
        "readers",
        "chinese_argparse.py",
    )
    for language in LANGUAGES:
        po = LOCALE / language / "LC_MESSAGES" / "messages.po"
        if po.exists():
            pybabel(
                "update",
                "--no-fuzzy-matching",
                "-i",
                str(TEMPLATE),
                "-d",
                str(LOCALE),
                "-l",
                language,
            )
        else:
            pybabel("init", "-i", str(TEMPLATE), "-d", str(LOCALE), "-l", language)
        pybabel("compile", "-d", str(LOCALE), "-l", language)


if __name__ == "__main__":
    main()
