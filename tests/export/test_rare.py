"""Rare characters of names (䶮, 𠀋): Word, web page and Excel always export; the PDF prints them
from a font installed on the PC and says which, and refuses only when no installed font has them."""

import os

import docx
import openpyxl
import pdfplumber
import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

import export.fonts
from export.fonts import ENV_FONT_DIR, load_fonts
from export.pdf import MissingGlyphs, export_pdf
from export.writers import export_report
from models.checks.check import check
from models.checks.findings import Severity

RARE = "䶮𠀋"  # CJK Extension A and B: in no bundled font
AGENCY = "䶮𠀋县教育局"


def install_font(folder, family: str, chars: str) -> None:
    """A TrueType font that draws a filled square for each of `chars`, as a PC's font would."""
    names = [".notdef"] + [f"uni{ord(c):X}" for c in chars]
    glyphs = {}
    for name in names:
        pen = TTGlyphPen(None)
        if name != ".notdef":
            for x, y in ((100, 100), (900, 100), (900, 900), (100, 900)):
                (pen.lineTo if (x, y) != (100, 100) else pen.moveTo)((x, y))
            pen.closePath()
        glyphs[name] = pen.glyph()
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({ord(c): f"uni{ord(c):X}" for c in chars})
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics({name: (1000, 100) for name in names})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": family, "styleName": "Regular"})
    builder.setupOS2(fsType=0, sTypoAscender=880, sTypoDescender=-120)
    builder.setupPost()
    builder.save(os.fspath(folder / f"{family}.ttf"))


@pytest.fixture
def rare_report(sample_report):
    sample_report.agency.name = AGENCY
    sample_report.signing_unit = AGENCY
    return sample_report


@pytest.fixture
def no_installed_fonts(tmp_path, monkeypatch):
    """A PC whose only installed fonts are those a test puts in the returned folder."""
    folder = tmp_path / "fonts"
    folder.mkdir()
    monkeypatch.setattr(export.fonts, "_font_folders", lambda: [folder])
    monkeypatch.setenv("PATH", "")  # no fontconfig
    monkeypatch.delenv(ENV_FONT_DIR, raising=False)
    return folder


def test_check_gives_a_hint_not_an_error_for_a_rare_name(rare_report):
    found = [f for f in check(rare_report) if f.rule == "character"]
    assert found and all(f.severity is Severity.HINT for f in found)
    assert any("「䶮」（U+4DAE）" in f.message and "「𠀋」（U+2000B）" in f.message for f in found)


def test_word_web_and_excel_export_a_rare_name(rare_report, tmp_path):
    document = docx.Document(export_report(rare_report, tmp_path / "r.docx").path)
    assert AGENCY in [p.text for p in document.paragraphs]
    page = export_report(rare_report, tmp_path / "r.html").path.read_text("utf-8")
    assert page.count(AGENCY) >= 2  # the title and the signing unit
    workbook = openpyxl.load_workbook(export_report(rare_report, tmp_path / "r.xlsx").path)
    cells = [c.value for sheet in workbook for row in sheet.iter_rows() for c in row]
    assert any(isinstance(v, str) and AGENCY in v for v in cells)


def test_pdf_prints_a_rare_name_from_an_installed_font_and_names_it(
    rare_report, no_installed_fonts, tmp_path
):
    install_font(no_installed_fonts, "ClerkRare", RARE)
    path = tmp_path / "rare.pdf"
    result = export_pdf(rare_report, path, fonts=load_fonts(use_system=True))
    with pdfplumber.open(path) as pdf:
        chars = [c for page in pdf.pages for c in page.chars if c["text"] in RARE]
    assert {c["text"] for c in chars} == set(RARE)
    assert {c["fontname"].split("+")[-1] for c in chars} == {"ClerkRare"}
    assert "生僻字「䶮」：ClerkRare（本机字体）" in result.fonts
    assert "生僻字「𠀋」：ClerkRare（本机字体）" in result.fonts


def test_pdf_refuses_only_when_no_installed_font_has_it(rare_report, no_installed_fonts, tmp_path):
    install_font(no_installed_fonts, "HalfRare", "䶮")
    with pytest.raises(MissingGlyphs) as missing:
        export_pdf(rare_report, tmp_path / "x.pdf", fonts=load_fonts(use_system=True))
    message = str(missing.value)
    assert "「𠀋」（U+2000B）在 落款单位" in message and "「𠀋」（U+2000B）在 标题" in message
    assert "䶮" not in message  # the installed font has that one
    assert not (tmp_path / "x.pdf").exists()
