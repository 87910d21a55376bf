"""Memory and time bombs (issue 23, items 8–10): small or plain files that once took gigabytes or
minutes. Each is made here from code, read by `main.py read` in a child process under a memory
cap and a time limit, and must end in one Chinese sentence (a refusal or a reading)."""

import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from models.format.gov_2021 import FORMAT_2021 as CURRENT  # noqa: N811
from readers import narrative
from readers.html_reader import escape_stray_brackets
from readers.numbers import split_run
from tests.conftest import ROOT
from tests.readers.pdfs import HELVETICA, pdf_of, stream

MEMORY_CAP = 1024 * 1024 * 1024  # bytes of address space for the child
TIME_LIMIT = 10  # seconds
APOLOGY = "抱歉"


def _cap_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def read_capped(path: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    """`main.py read` of `path` in a child limited to MEMORY_CAP bytes and TIME_LIMIT seconds."""
    return run_capped("read", path, "-o", tmp_path / "o.json")


def run_capped(*args) -> subprocess.CompletedProcess:
    """`main.py` with `args` in a child limited to MEMORY_CAP bytes and TIME_LIMIT seconds."""
    try:
        import resource  # noqa: F401
    except ImportError:
        pytest.skip("resource limits need a POSIX system")
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        preexec_fn=_cap_memory,
    )
    assert time.monotonic() - started < TIME_LIMIT
    assert APOLOGY not in done.stderr + done.stdout
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    return done


def _refusal(done: subprocess.CompletedProcess) -> str:
    """The one Chinese sentence of a refused reading."""
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and any("\u4e00" <= c <= "\u9fff" for c in lines[0])
    return lines[0]


# 9. Algorithms linear in their input ---------------------------------------------------------


def _timed(function, *args):
    started = time.monotonic()
    result = function(*args)
    return result, time.monotonic() - started


def test_a_run_of_sixty_or_eighty_digits_is_given_up_at_once():
    columns = list(CURRENT.table("applications").blocks[0].leaf_columns())
    for digits in (60, 80, 5000):
        cuts, seconds = _timed(split_run, "1" * digits, columns)
        assert cuts == [] and seconds < 1


def test_a_run_still_cut_when_its_totals_fit():
    columns = list(CURRENT.table("litigation").blocks[0].leaf_columns())
    run = "123452412345241234524"
    cuts, seconds = _timed(split_run, run, columns)
    assert cuts == [(12, 3, 4, 5, 24) * 3] and seconds < 1


def test_phone_after_sixty_thousand_tabs_is_looked_for_once():
    agency, seconds = _timed(narrative.profile_from, "电话" + "\t" * 60_000, "某局")
    assert agency.phone == "" and seconds < 1
    assert narrative.profile_from("电话：\t\t0997-5712345。", "某局").phone == "0997-5712345"


def test_spaces_by_chinese_are_dropped_in_time_linear_in_the_run():
    text, seconds = _timed(narrative.tidy, "a" + " " * 60_000 + "b 中 文")
    assert text == "a" + " " * 60_000 + "b中文" and seconds < 1


def test_stray_brackets_are_text_and_tags_are_kept():
    assert escape_stray_brackets("<p>1 < 2</p><!-- x -->") == "<p>1 &lt; 2</p><!-- x -->"
    assert escape_stray_brackets("<!-- open <p>x") == "&lt;!-- open <p>x"
    assert escape_stray_brackets("<<</a<b>") == "&lt;&lt;&lt;/a<b>"


HOSTILE_PAGES = {
    "stray_brackets": lambda: "<" * 1_500_000,
    "stray_end_tag_openers": lambda: "</" * 750_000,
    "stray_declarations": lambda: "<!" * 750_000,
    "unclosed_elements_and_stray_end_tags": lambda: "<div>" * 20_000 + "</span>" * 200_000,
}


@pytest.mark.parametrize("name", HOSTILE_PAGES)
def test_a_hostile_web_page_of_a_megabyte_or_two_is_read_in_seconds(name, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(HOSTILE_PAGES[name](), "utf-8")
    _refusal(read_capped(page, tmp_path))


# 8, 10. Sizes checked before loading -------------------------------------------------------


def _rewritten(source: Path, target: Path, member: str, change) -> Path:
    """A copy of the package `source` with `member` changed by `change` (bytes → bytes)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            new.writestr(info.filename, change(data) if info.filename == member else data)
    return target


def _small_workbook(tmp_path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "政府信息公开工作年度报告"
    book.active["B2"] = 412
    path = tmp_path / "small.xlsx"
    book.save(path)
    return path


WORKBOOK_BOMBS = {
    "a_cell_at_the_last_row_and_column": lambda xml: xml.replace(
        b"</sheetData>",
        b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
    ),
    "a_range_merged_over_the_sheet": lambda xml: xml.replace(
        b"</sheetData>",
        b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
    ),
}


@pytest.mark.parametrize("name", WORKBOOK_BOMBS)
def test_a_one_kilobyte_workbook_reaching_over_the_sheet_is_refused(name, tmp_path):
    path = _rewritten(
        _small_workbook(tmp_path), tmp_path / "bomb.xlsx", "xl/worksheets/sheet1.xml",
        WORKBOOK_BOMBS[name],
    )  # fmt: skip
    assert path.stat().st_size < 8 * 1024
    sentence = _refusal(read_capped(path, tmp_path))
    assert sentence == (
        "bomb.xlsx 的工作表「Sheet」延伸到 1048576 行 × 16384 列，远大于年度报告的表格，未读取"
    )


def _zeros_member(member: str, megabytes: int):
    def change(_data: bytes) -> bytes:
        return b"<?xml version='1.0'?><x>" + b" " * (megabytes * 1024 * 1024) + b"</x>"

    return member, change


def test_a_word_file_whose_relationships_unpack_to_gigabytes_is_refused(tmp_path):
    from tests.conftest import PUBLISHED

    member, change = _zeros_member("_rels/.rels", 100)
    path = _rewritten(PUBLISHED / "city-2022.docx", tmp_path / "bomb.docx", member, change)
    assert path.stat().st_size < 2 * 1024 * 1024
    sentence = _refusal(read_capped(path, tmp_path))
    assert sentence.startswith("bomb.docx 中的 _rels/.rels 解压后过大")


def test_a_part_is_read_no_further_than_the_limit(tmp_path):
    from readers.budget import LARGEST_PART, TooLarge, read_member

    path = tmp_path / "big.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("_rels/.rels", b"x" * (LARGEST_PART + 10))
    with zipfile.ZipFile(path) as package:
        with pytest.raises(TooLarge, match="big.docx 中的 _rels/.rels 解压后过大"):
            read_member(package, "_rels/.rels", "big.docx")


@pytest.mark.parametrize(("suffix", "megabytes"), [(".txt", 9), (".html", 17)])
def test_a_text_or_page_larger_than_any_report_is_refused_before_it_is_read(
    suffix, megabytes, tmp_path
):
    path = tmp_path / f"huge{suffix}"
    with open(path, "wb") as file:
        file.truncate(megabytes * 1024 * 1024)  # sparse: no disk taken
    sentence = _refusal(read_capped(path, tmp_path))
    assert sentence == f"huge{suffix} 有 {megabytes} MB，远大于任何一份年度报告，未读取"


# 8, 10. PDFium runs in a child with a memory and a time limit ------------------------------


_TEXT = b"BT /F1 12 Tf 72 700 Td (Report412) Tj ET"


def _nested_forms(depth: int, copies: int) -> bytes:
    """One page drawing a form that draws the next `copies` times, `depth` deep: copies**depth
    pieces of text from a file of 3 KB."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
        b" /Resources << /XObject << /X 6 0 R >> >> /Contents 4 0 R >>",
        stream(b"", b"/X Do"),
        HELVETICA,
    ]
    for level in range(depth):
        if level == depth - 1:
            data, resources = _TEXT, b"<< /Font << /F1 5 0 R >> >>"
        else:
            data = b" ".join([b"/X Do"] * copies)
            resources = b"<< /XObject << /X %d 0 R >> >>" % (7 + level)
        form = b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources " + resources
        objects.append(stream(form, data))
    return pdf_of(objects)


def _pages(count: int) -> bytes:
    """`count` pages of one line of text each."""
    first = 4
    kids = b" ".join(b"%d 0 R" % (first + i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
        HELVETICA,
    ]
    contents = first + count
    for _i in range(count):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
            b" /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % contents
        )
    objects.append(stream(b"", _TEXT))
    return pdf_of(objects)


def test_a_three_kilobyte_pdf_of_nested_forms_is_refused_for_its_memory(tmp_path):
    path = tmp_path / "forms.pdf"
    path.write_bytes(_nested_forms(12, 8))
    assert path.stat().st_size < 4096
    sentence = _refusal(read_capped(path, tmp_path))
    assert sentence.startswith("读取 forms.pdf 时所需内存超过 768 MB，未读取")


def test_the_same_pdf_as_last_years_report_of_check_is_refused_alike(tmp_path):
    from tests.conftest import SAMPLE

    path = tmp_path / "forms.pdf"
    path.write_bytes(_nested_forms(12, 8))
    sentence = _refusal(run_capped("check", SAMPLE, "--previous", path))
    assert sentence.startswith("读取 forms.pdf 时所需内存超过 768 MB，未读取")


def test_a_pdf_of_five_thousand_pages_is_refused_by_its_page_count(tmp_path):
    path = tmp_path / "pages.pdf"
    path.write_bytes(_pages(5000))
    sentence = _refusal(read_capped(path, tmp_path))
    assert sentence == "pages.pdf 有 5000 页，远多于任何一份年度报告（至多 500 页），未读取"


def test_a_pdf_declaring_millions_of_objects_is_refused_before_pdfium_reads_it(tmp_path):
    path = tmp_path / "objects.pdf"
    path.write_bytes(_pages(1).replace(b"/Size 6 ", b"/Size 90000000 "))
    sentence = _refusal(read_capped(path, tmp_path))
    assert sentence == "objects.pdf 声明有 90000000 个对象，远多于任何一份年度报告，未读取"


def test_a_pdf_within_the_limits_is_read_through_the_child(tmp_path):
    from readers.isolated import read_pdf_isolated

    path = tmp_path / "one.pdf"
    path.write_bytes(_pages(1))
    source = read_pdf_isolated(path)
    assert source.pages == 1 and [p.text for p in source.items] == ["Report412"]


def test_a_reading_over_its_time_is_ended_and_said_in_one_sentence(tmp_path, monkeypatch):
    from readers import isolated
    from readers.budget import TooLarge

    path = tmp_path / "slow.pdf"
    path.write_bytes(_pages(400))
    monkeypatch.setattr(isolated, "CHILD_SECONDS", 0.01)
    started = time.monotonic()
    with pytest.raises(TooLarge, match="^读取 slow.pdf 超过 0 秒，未读取"):
        isolated.read_pdf_isolated(path)
    assert time.monotonic() - started < 2


def test_a_web_page_repeating_a_report_to_three_megabytes_is_read_in_seconds(tmp_path):
    from tests.conftest import PUBLISHED

    page = (PUBLISHED / "city-2022.html").read_text("utf-8")
    body = page[page.index("<body") : page.rindex("</body>")]
    path = tmp_path / "repeated.html"
    path.write_text(page.replace(body, body * (3_000_000 // len(body) + 1)), "utf-8")
    done = read_capped(path, tmp_path)
    assert done.returncode == 0 and "读取 200 格，其中 0 格存疑" in done.stdout
