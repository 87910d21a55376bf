"""Export the city fixture as Word and web page and render them to PNG, so anyone can look.

    python tools/export_pages.py [OUT_FOLDER]   (default: a new folder in /tmp)

The .docx goes through LibreOffice (`soffice --convert-to pdf`, then pdftoppm), the .html through
headless Chromium, each where installed. Neither program is given the official fonts here: a
fontconfig file maps 仿宋_GB2312, 方正小标宋简体, 宋体, 黑体 and 楷体_GB2312 to the bundled fonts, as
an office PC maps them to its own.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from export.writers import export_report  # noqa: E402
from models.exchange import read_report  # noqa: E402

CITY = ROOT / "tests" / "fixtures" / "city-2022.json"
STAND_INS = {
    "仿宋_GB2312": "NianbaoFangsong",
    "方正小标宋简体": "NianbaoSerif",
    "宋体": "NianbaoSerif",
    "黑体": "NianbaoSans",
    "楷体_GB2312": "NianbaoKai",
}


def font_environment(folder: Path) -> dict[str, str]:
    """The environment for a program that finds fonts with fontconfig: the bundled fonts, and
    the official names mapped to them."""
    aliases = "".join(
        f'<alias binding="strong"><family>{name}</family><prefer><family>{font}</family>'
        "</prefer></alias>"
        for name, font in STAND_INS.items()
    )
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf'
        f"</include><dir>{ROOT / 'resources' / 'fonts'}</dir><cachedir>{folder / 'fc'}</cachedir>"
        f"{aliases}</fontconfig>",
        "utf-8",
    )
    return os.environ | {"FONTCONFIG_FILE": str(config)}


def libreoffice_pdf(path: Path, folder: Path) -> Path:
    """LibreOffice's PDF of `path`, in `folder`, with a profile of its own (a shared profile
    makes concurrent conversions fail with "source file could not be loaded")."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{folder}/lo-profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
        env=font_environment(folder),
    )
    return folder / (path.stem + ".pdf")


def chromium_png(page: Path, png: Path, folder: Path) -> None:
    """Headless Chromium's picture of the fragment, set in a bare page as a CMS would."""
    wrapper = folder / "page.html"
    wrapper.write_text(
        '<!doctype html><html><head><meta charset="utf-8"></head><body>'
        + page.read_text("utf-8")
        + "</body></html>",
        "utf-8",
    )
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--user-data-dir={folder / 'chromium-profile'}",
            f"--screenshot={png}",
            "--window-size=1000,1400",  # the title, the texts, 表二 and the start of 表三
            wrapper.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
        env=font_environment(folder),
    )


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="nianbao-"))
    out.mkdir(parents=True, exist_ok=True)
    report = read_report(CITY)
    docx = export_report(report, out / "city.docx").path
    html = export_report(report, out / "city.html").path
    if shutil.which("soffice") or shutil.which("libreoffice"):
        pdf = libreoffice_pdf(docx, out)
        subprocess.run(
            ["pdftoppm", "-r", "80", "-png", str(pdf), str(out / "city-word")], check=True
        )
        print(f"{docx} → {pdf} → {out}/city-word-*.png")
    if shutil.which("chromium") or shutil.which("chromium-browser"):
        chromium_png(html, out / "city-web.png", out)
        print(f"{html} → {out}/city-web.png")


if __name__ == "__main__":
    main()
