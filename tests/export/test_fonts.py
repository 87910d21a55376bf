"""Which font serves each role: the PC's official fonts when it has usable ones."""

import shutil
import struct

import pdfplumber

from export.fonts import BUNDLED, ENV_FONT_DIR, load_fonts
from export.pdf import export_pdf
from tests.conftest import SAMPLE, main_py


def _with_fs_type(source, target, fs_type):
    """A copy of a TrueType font whose OS/2 table forbids (or allows) embedding."""
    data = bytearray(source.read_bytes())
    tables = struct.unpack(">H", data[4:6])[0]
    for index in range(tables):
        entry = 12 + 16 * index
        if data[entry : entry + 4] == b"OS/2":
            offset = struct.unpack(">I", data[entry + 8 : entry + 12])[0]
            data[offset + 8 : offset + 10] = struct.pack(">H", fs_type)
    target.write_bytes(bytes(data))


def test_an_installed_official_font_is_preferred_and_named(tmp_path, monkeypatch, sample_report):
    shutil.copy(BUNDLED / "NianbaoKai-Regular.ttf", tmp_path / "SIMKAI.TTF")
    monkeypatch.setenv(ENV_FONT_DIR, str(tmp_path))
    fonts = load_fonts(use_system=True)
    assert fonts.fonts["heading2"].path == tmp_path / "SIMKAI.TTF"
    assert "二级标题（楷体）：NianbaoKai-Regular（本机字体）" in fonts.describe()
    # no path: on Windows a path names the clerk
    assert not any(str(tmp_path) in line for line in fonts.describe())
    path = tmp_path / "report.pdf"
    export_pdf(sample_report, path, fonts=fonts)
    with pdfplumber.open(path) as pdf:
        names = {c["fontname"].split("+")[-1] for p in pdf.pages for c in p.chars}
    assert "NianbaoKai-Regular" in names  # the system copy, embedded under its own name


def test_a_font_that_forbids_embedding_falls_back_to_the_bundled_one(tmp_path, monkeypatch):
    _with_fs_type(BUNDLED / "NianbaoFangsong-Regular.ttf", tmp_path / "simfang.ttf", 0x0002)
    monkeypatch.setenv(ENV_FONT_DIR, str(tmp_path))
    fonts = load_fonts(use_system=True)
    assert fonts.fonts["body"].bundled
    assert "正文（仿宋）：朱雀仿宋 Zhuque Fangsong（随程序提供）" in fonts.describe()


def test_bundled_only():
    fonts = load_fonts(use_system=False)
    assert all(font.bundled for font in fonts.fonts.values())


def test_parsed_fonts_are_cached_and_a_damaged_cache_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("NIANBAO_DB", str(tmp_path / "data" / "nianbao.db"))
    outputs = []
    for run in range(3):
        out = tmp_path / f"run{run}.pdf"
        result = main_py("export", SAMPLE, "-o", out)
        assert result.returncode == 0, result.stderr
        outputs.append(out)
        caches = sorted((tmp_path / "data" / "font-cache").glob("*.marshal"))
        assert len(caches) == 4  # title, body, 黑体, 楷体; the rare-character face was not needed
        if run == 1:
            for cache in caches:
                cache.write_bytes(b"not a cache")
    texts = []
    for out in outputs:
        with pdfplumber.open(out) as pdf:
            texts.append(
                [(c["text"], c["fontname"].split("+")[1]) for p in pdf.pages for c in p.chars]
            )
    assert texts[0] == texts[1] == texts[2]
