"""Hostile input: huge numbers, wrong types, odd characters, pipes. Each gets a one-line Chinese
refusal naming the file and the place, or a finding; never a hang, never the program-bug apology."""

import json
import os
import runpy
import subprocess
import sys
import time
from collections import Counter
from decimal import Decimal

import pdfplumber
import pytest

from export.fonts import load_fonts
from export.pdf import MissingGlyphs, export_pdf, render_pdf
from models.checks.characters import COVERAGE_FILE
from models.checks.check import check
from models.exchange import ExchangeError, dumps_report, loads_report
from models.format.blocks import AMOUNT_PLACES, ValueType
from models.report import MAX_VALUE, InputError, format_value, parse_cell_text
from models.service import ReportService
from models.storage.store import Store
from tests.conftest import ROOT, SAMPLE, main_py

APOLOGY = "抱歉"


def _sample() -> dict:
    return json.loads(SAMPLE.read_text("utf-8"))


def _text(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False)


def _with_cell(raw: str, row: str = "received", column: str = "natural_person") -> bytes:
    """The sample with one cell of table 三 written as `raw` JSON text (json.dumps cannot)."""
    data = _sample()
    data["tables"]["applications"][row][column] = "@@"
    return _text(data).replace('"@@"', raw).encode()


def _refusal(raw: bytes) -> str:
    started = time.monotonic()
    with pytest.raises(ExchangeError) as caught:
        loads_report(raw, "bad.json")
    assert time.monotonic() - started < 1
    message = str(caught.value)
    assert message.startswith("bad.json：") and "\n" not in message
    return message


# 5. Sizes are limited where values are parsed -----------------------------------------------


@pytest.mark.parametrize("raw", ["1e999999999", "1E+999999999", "0e999999999", "9" * 5000])
def test_a_huge_count_is_refused_at_once_with_its_place(raw):
    message = _refusal(_with_cell(raw))
    assert "$.tables.applications.received.natural_person：数字过大或位数过多" in message


def test_an_amount_in_exponent_notation_is_refused_before_any_arithmetic():
    data = _sample()
    data["tables"]["active"]["fees"]["amount"] = "1e999999999"
    message = _refusal(_text(data).encode())
    assert "$.tables.active.fees.amount：金额应写成普通的数字" in message


def test_a_count_above_a_million_millions_is_an_error_not_a_computation():
    report = loads_report(_with_cell(str(10**12 + 1)))
    errors = [f for f in check(report) if f.rule == "type"]
    assert len(errors) == 1 and "数值过大，应不超过 1000000000000" in errors[0].message
    assert not any(f.rule == "type" for f in check(loads_report(_with_cell(str(10**12)))))


def test_a_long_amount_is_an_error():
    data = _sample()
    data["tables"]["active"]["fees"]["amount"] = "9999999999999999.9999"
    report = loads_report(_text(data).encode())
    assert any(f.rule == "type" and "数值过大" in f.message for f in check(report))


@pytest.mark.parametrize("typed", ["1e999999999", "1e13", "10000000000001"])
def test_typing_a_huge_number_in_a_cell_is_refused_at_once(typed):
    started = time.monotonic()
    with pytest.raises(InputError, match="数值过大"):
        parse_cell_text(typed, ValueType.COUNT)
    with pytest.raises(InputError, match="数值过大"):
        parse_cell_text(typed, ValueType.AMOUNT)
    assert time.monotonic() - started < 1


def test_an_amount_typed_as_1e3_is_written_in_digits():
    report = loads_report(SAMPLE.read_bytes())
    report.values["active.fees.amount"] = parse_cell_text("1e3", ValueType.AMOUNT)
    text = dumps_report(report)
    assert '"amount": "1000"' in text
    assert loads_report(text.encode()) == report


@pytest.mark.parametrize(
    ("typed", "stored"), [("0e-999999999", "0.0000"), ("0e999999999", "0"), ("1e3", "1000")]
)
def test_an_amount_typed_with_an_exponent_is_kept_in_plain_digits(typed, stored):
    started = time.monotonic()
    value = parse_cell_text(typed, ValueType.AMOUNT)
    assert format_value(value) == stored.replace("0.0000", "0." + "0" * AMOUNT_PLACES)
    assert time.monotonic() - started < 1


# 6. The clerk's mistakes get a sentence, not the apology ------------------------------------


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda d: d.update(year=10000),
            "$.year：报告年度应为 2000–2100 之间的年份，现为 10000",
        ),
        (lambda d: d.update(year=2021.0), "$.year：报告年度应为 2000–2100 之间的年份"),
        (lambda d: d.update(year=1999), "$.year：报告年度应为 2000–2100 之间的年份，现为 1999"),
        (lambda d: d.update(format=[]), "$.format：未知的报告格式 列表 […]"),
        (lambda d: d.update(format={"a": 1}), "$.format：未知的报告格式 对象 {…}"),
        (lambda d: d.update(signing_unit=[["阿合奇"]]), "$.signing_unit：应为文本，现为 列表 […]"),
        (lambda d: d["agency"].update(name=[[[]]]), "$.agency.name：应为文本"),
        (lambda d: d["texts"].update(overview={"x": []}), "$.texts.overview：应为文本"),
        (
            lambda d: d.update(unconfirmed=[["texts.overview"]]),
            "$.unconfirmed[0]：报告中没有这一项",
        ),
        (lambda d: d.update(unconfirmed=[{}]), "$.unconfirmed[0]"),
        (
            lambda d: d["tables"]["applications"]["received"].update(total=[[1]]),
            "$.tables.applications.received.total：应为数字，现为 列表 […]",
        ),
        (
            lambda d: d.update(version="1"),
            '$.version：文件版本号应为数字（不带引号），如 1，现为文本 "1"',
        ),
        (lambda d: d.update(version=1.5), "$.version：文件版本号应为正整数"),
        (lambda d: d.pop("version"), "$.version：缺少文件版本号"),
    ],
)
def test_wrong_types_are_named_with_their_place(mutate, expected):
    data = _sample()
    mutate(data)
    assert expected in _refusal(_text(data).encode())


def test_an_integer_of_five_thousand_digits_as_the_year_is_refused():
    raw = _text(_sample()).replace('"year": 2021', '"year": ' + "2" * 5000).encode()
    assert "$.year：报告年度应为 2000–2100 之间的年份" in _refusal(raw)


@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_a_hundred_thousand_nested_brackets_are_refused(opening):
    closing = "]" if opening == "[" else "}"
    raw = (opening * 100_000 + "1" + closing * 100_000).encode()
    assert "括号嵌套层次太深" in _refusal(raw)


def test_a_deeply_nested_cell_value_is_named_not_printed():
    data = _sample()
    data["tables"]["applications"]["received"]["total"] = "@@"
    raw = _text(data).replace('"@@"', "[" * 800 + "]" * 800).encode()
    assert "应为数字，现为 列表 […]" in _refusal(raw)


@pytest.mark.parametrize("where", ["signing_unit", "agency.name", "texts.overview"])
def test_a_lone_surrogate_is_refused_by_check_and_import_alike(where, tmp_path):
    data = _sample()
    if where == "signing_unit":
        data["signing_unit"] = "阿合奇@@"
    else:
        group, key = where.split(".")
        data[group][key] = "阿合奇@@"
    path = tmp_path / "surrogate.json"
    path.write_text(_text(data).replace("@@", "\\ud800"), "utf-8")
    message = _refusal(path.read_bytes())
    assert "U+D800" in message
    for command in (["check", path], ["--db", tmp_path / "x.db", "import", path]):
        result = main_py(*command)
        assert result.returncode == 2 and APOLOGY not in result.stderr
        assert "U+D800" in result.stderr and len(result.stderr.splitlines()) == 1


def test_an_unknown_key_with_odd_characters_is_shown_escaped():
    raw = _text(_sample()).replace('"year": 2021', '"ye\\u0000ar\\ud800": 2021').encode()
    message = _refusal(raw)
    assert "\\u0000" in message and "\\ud800" in message and "\x00" not in message


def test_a_bad_file_does_not_stop_check_from_checking_the_next(tmp_path):
    bad = []
    for name, mutate in [
        ("year.json", lambda d: d.update(year=10000)),
        ("format.json", lambda d: d.update(format=[])),
        ("deep.json", None),
    ]:
        path = tmp_path / name
        if mutate is None:
            path.write_text("[" * 100_000 + "]" * 100_000)
        else:
            data = _sample()
            mutate(data)
            path.write_text(_text(data), "utf-8")
        bad.append(path)
    result = main_py("check", *bad, SAMPLE)
    assert result.returncode == 2 and APOLOGY not in result.stderr
    lines = result.stderr.splitlines()
    assert [line.split("：")[0] for line in lines[:3]] == [str(p) for p in bad]
    assert lines[3] == f"{SAMPLE}：0 个错误，1 个提示，0 个已核实"


def test_next_year_after_the_last_is_refused_in_a_sentence(tmp_path):
    data = _sample()
    data.update(year=2100, issued_on=None, period={"start": None, "end": None})
    path = tmp_path / "2100.json"
    path.write_text(_text(data), "utf-8")
    db = tmp_path / "x.db"
    assert main_py("--db", db, "import", path).returncode == 0
    result = main_py("--db", db, "next-year", "1")
    assert result.returncode == 2 and APOLOGY not in result.stderr
    assert result.stderr.strip() == "2100 年之后不能再新建年度报告"


# 8. Smaller slips of the input --------------------------------------------------------------


def test_a_duplicate_key_is_refused_naming_the_key():
    raw = _text(_sample()).replace('"year": 2021', '"year": 2021, "year": 2022').encode()
    assert 'bad.json：键 "year" 出现了两次' in _refusal(raw)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_is_refused_with_the_file_name(constant):
    raw = _with_cell(constant)
    assert _refusal(raw) == f"bad.json：JSON 中不允许 {constant}"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_as_input_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    for command in (["check", fifo], ["--db", tmp_path / "x.db", "import", fifo]):
        result = main_py(*command, timeout=20)
        assert result.returncode == 2
        assert result.stderr.strip() == f"{fifo} 不是普通文件（可能是管道或设备），不能作为报告读取"


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_a_device_as_input_is_refused():
    result = main_py("check", "/dev/zero", timeout=20)
    assert result.returncode == 2 and "不是普通文件" in result.stderr


def test_a_fraction_in_a_count_cell_is_refused_by_check_and_import_alike(tmp_path):
    data = _sample()
    data["tables"]["applications"]["received"]["natural_person"] = 3.5
    path = tmp_path / "fraction.json"
    path.write_text(_text(data), "utf-8")
    expected = f"{path}：$.tables.applications.received.natural_person：件数应为整数，现为 3.5"
    for command in (["check", path], ["--db", tmp_path / "x.db", "import", path]):
        result = main_py(*command)
        assert result.returncode == 2 and result.stderr.strip() == expected


def test_check_and_import_agree_on_a_huge_count(tmp_path):
    path = tmp_path / "huge.json"
    path.write_bytes(_with_cell("1e999999999"))
    checked = main_py("check", path, timeout=20)
    imported = main_py("--db", tmp_path / "x.db", "import", path, timeout=20)
    assert checked.returncode == imported.returncode == 2
    assert checked.stderr == imported.stderr


# 12. The command line speaks one language -------------------------------------------------

COMMANDS = [
    "template",
    "check",
    "list",
    "import",
    "export-json",
    "delete",
    "undelete",
    "finalize",
    "next-year",
    "export",
    "backups",
    "restore-backup",
]
ENGLISH_FRAME = ["usage:", "options", "positional arguments", "show this help", "error:"]


def test_the_help_frame_is_chinese():
    result = main_py("--help")
    assert result.returncode == 0
    assert result.stdout.startswith("用法：main.py")
    assert "\n选项：\n" in result.stdout and "\n子命令：\n" in result.stdout
    assert "显示本帮助并退出" in result.stdout
    assert not [word for word in ENGLISH_FRAME if word in result.stdout]


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_says_what_it_reads_writes_and_its_exit_codes(command):
    result = main_py(command, "-h")
    assert result.returncode == 0 and result.stdout.startswith(f"用法：main.py {command}")
    assert "\n读取：" in result.stdout and "\n写出：" in result.stdout
    assert "\n退出码：0" in result.stdout
    assert not [word for word in ENGLISH_FRAME if word in result.stdout]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["chek"], "main.py：错误：参数 子命令：无效的子命令或选项值：'chek'"),
        (["check"], "main.py check：错误：缺少必需的参数：文件.json"),
        (["list", "--bogus"], "main.py：错误：无法识别的参数：--bogus"),
        (["--db"], "main.py：错误：参数 --db：需要一个值"),
        (["export", "x.json"], "main.py export：错误：缺少必需的参数：-o/--output"),
    ],
)
def test_usage_mistakes_are_told_in_chinese(args, expected):
    result = main_py(*args)
    assert result.returncode == 2
    *usage, message = result.stderr.splitlines()  # the usage may wrap over lines
    assert usage[0].startswith("用法：main.py") and message.startswith(expected)


def _bare_python(*args):
    """main.py under this Python without its site-packages: none of our dependencies."""
    return subprocess.run(
        [sys.executable, "-S", str(ROOT / "main.py"), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


@pytest.mark.parametrize(
    ("args", "package"),
    [
        (["import", SAMPLE], "sqlite_utils"),
        (["export", SAMPLE, "-o", "x.pdf"], "reportlab"),
        ([], "PySide6"),
    ],
)
def test_without_the_dependencies_it_says_how_to_install_them(args, package, tmp_path):
    result = _bare_python("--db", tmp_path / "x.db", *args)
    assert result.returncode == 2 and APOLOGY not in result.stderr
    assert result.stderr.startswith(f"缺少本程序所需的软件包 {package}")
    assert "pip install -e ." in result.stderr and len(result.stderr.splitlines()) == 1


def test_help_and_check_need_no_dependencies():
    assert _bare_python("--help").stdout.startswith("用法：main.py")
    result = _bare_python("check", SAMPLE)
    assert result.returncode == 0 and "0 个错误" in result.stderr


# 7. check, import and export agree --------------------------------------------------------


def test_the_coverage_file_is_what_the_bundled_fonts_print():
    build = runpy.run_path(str(ROOT / "tools" / "build_coverage.py"))
    assert json.loads(COVERAGE_FILE.read_text("utf-8")) == build["coverage"]()


@pytest.mark.parametrize(
    ("where", "char", "error", "printed"),
    [
        ("texts.overview", "😀", True, False),  # emoji
        ("texts.overview", "𠀀", True, False),  # CJK Extension B: in no bundled font
        ("texts.overview", "㐀", True, False),  # Extension A beyond GBK
        ("texts.overview", "\x0b", True, False),
        ("texts.overview", "\t", True, False),
        ("texts.overview", "堃", False, True),  # GBK: the rare-character font has it
        ("texts.overview", "\n", False, True),  # a new paragraph
        ("agency.name", "😀", True, False),
        ("agency.name", "𣇉", True, False),
        ("agency.name", "堃", False, True),
        ("agency.name", "\n", True, True),  # prints, but splits the rows of `list`
        ("signing_unit", "\u200b", True, False),  # a zero-width space
    ],
)
def test_check_finds_what_export_would_refuse(where, char, error, printed, sample_report):
    report = sample_report
    if where == "signing_unit":
        report.signing_unit = f"阿合奇{char}局"
    else:
        current = report.get_field(where)
        report.set_field(where, f"{current[:5]}{char}{current[5:]}")
    found = [f for f in check(report) if f.rule == "character"]
    assert bool(found) == error
    # a rare Chinese character (a name) is a 提示: the PDF looks in the PC's installed fonts
    severity = "提示" if char in "𠀀㐀𣇉" else "错误"
    assert all(f.location == where and f.severity.value == severity for f in found)
    try:
        render_pdf(report, draft=True, fonts=load_fonts(use_system=False))
        assert printed
    except MissingGlyphs:
        assert not printed


def test_a_name_with_a_line_break_is_an_error_and_keeps_list_rows_whole(tmp_path):
    data = _sample()
    data["agency"]["name"] = "阿合奇县\n教育局"
    path = tmp_path / "name.json"
    path.write_text(_text(data), "utf-8")
    checked = main_py("check", path)
    assert checked.returncode == 1
    assert "错误 [character] 基本信息·机关名称：含有控制字符 U+000A" in checked.stdout
    db = tmp_path / "x.db"
    imported = main_py("--db", db, "import", path)
    assert imported.returncode == 0 and len(imported.stdout.splitlines()) == 1
    listed = main_py("--db", db, "list").stdout.splitlines()
    assert len(listed) == 1 and listed[0].split("\t")[1] == "阿合奇县\\u000a教育局"


# 8. The widest number stays inside its printed cell ---------------------------------------


def _cell_texts(path) -> tuple[Counter, int]:
    """The digits inside each table cell of the PDF, and how many digits lie in no one cell."""
    by_cell: dict[tuple, list[dict]] = {}
    outside = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            cells = [box for table in page.find_tables() for box in table.cells]
            for char in page.chars:
                if char["text"] not in "0123456789." or not cells:
                    continue
                holding = [
                    (x0, top, x1, bottom)
                    for x0, top, x1, bottom in cells
                    if x0 - 0.01 <= char["x0"]
                    and char["x1"] <= x1 + 0.01
                    and top - 0.01 <= char["top"]
                    and char["bottom"] <= bottom + 0.01
                ]
                if not holding:
                    outside += any(
                        x0 < char["x1"]
                        and char["x0"] < x1
                        and top < char["bottom"]
                        and char["top"] < bottom
                        for x0, top, x1, bottom in cells
                    )
                    continue
                box = min(holding, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
                by_cell.setdefault((page.page_number, box), []).append(char)
    texts = Counter(
        "".join(c["text"] for c in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])))
        for chars in by_cell.values()
    )
    return texts, outside


def test_the_widest_legal_numbers_lie_inside_their_cells(sample_report, tmp_path):
    widest_amount = Decimal("999999999999." + "9" * AMOUNT_PLACES)
    counts = 0
    for key, ref in sample_report.format.cells.items():
        if ref.value_type is ValueType.AMOUNT:
            sample_report.values[key] = widest_amount
        else:
            sample_report.values[key] = MAX_VALUE
            counts += 1
    sample_report.values["litigation.cases.review_total"] = 10**19  # beyond legal, in a draft
    path = tmp_path / "wide.pdf"
    export_pdf(sample_report, path, draft=True, fonts=load_fonts(use_system=False))
    texts, outside = _cell_texts(path)
    assert outside == 0
    assert texts[str(MAX_VALUE)] == counts - 1
    assert texts[str(widest_amount)] == 1 and texts[str(10**19)] == 1


# 5. … and in the window --------------------------------------------------------------------


@pytest.fixture
def window(qtbot, tmp_path):
    from tests.clerk import window_on

    window = window_on(qtbot, (tmp_path / "drafts.db", tmp_path / "settings.ini"))
    yield window
    window.close()
    window.store.close()


@pytest.mark.parametrize(
    ("section", "key"),
    [("applications", "applications.received.natural_person"), ("active", "active.fees.amount")],
)
def test_typing_a_huge_number_in_the_window_is_refused_at_once(window, qtbot, section, key):
    from tests.clerk import table_of, type_into

    view, model = table_of(window, section)
    before = model.data(model.index_of(key))
    messages = []
    view.message.connect(messages.append)
    started = time.monotonic()
    type_into(qtbot, view, key, "1e999999999")
    assert time.monotonic() - started < 2
    assert model.data(model.index_of(key)) == before
    assert messages and "数值过大，应不超过 1000000000000" in messages[-1]


def test_an_amount_with_a_tiny_exponent_shows_in_plain_digits(window, qtbot):
    from tests.clerk import table_of, type_into

    view, model = table_of(window, "active")
    started = time.monotonic()
    type_into(qtbot, view, "active.fees.amount", "0e-999999999")
    assert model.data(model.index_of("active.fees.amount")) == "0." + "0" * AMOUNT_PLACES
    assert time.monotonic() - started < 2


def test_a_texts_character_findings_follow_its_text_through_other_edits(tmp_path, sample_report):
    """A text is checked again only when it changes: its findings stay while other fields are
    edited, go when the character is taken out, and come back with it — in each report."""
    with Store(tmp_path / "drafts.db") as store:
        service = ReportService(store)
        first = store.create(sample_report)
        second = store.create(sample_report)
        plain = sample_report.texts["overview"]

        def characters(report_id):
            return [f.message for f in service.findings(report_id) if f.rule == "character"]

        service.edit(first, {"texts.overview": plain + "😀"})
        assert ["😀" in m for m in characters(first)] == [True]
        assert characters(second) == []
        for number in range(3):
            service.edit(first, {"applications.received.natural_person": number})
            assert ["😀" in m for m in characters(first)] == [True]
        service.edit(second, {"texts.overview": plain + "𠀀"})
        assert ["𠀀" in m for m in characters(second)] == [True]
        assert ["😀" in m for m in characters(first)] == [True]
        service.edit(first, {"texts.overview": plain})
        assert characters(first) == []
        service.edit(first, {"texts.overview": plain + "😀"})
        assert ["😀" in m for m in characters(first)] == [True]


# Issue 23 · 10. A report has sane sizes ------------------------------------------------------


def test_an_agency_name_of_two_hundred_characters_is_absurd_and_check_says_so(sample_report):
    from models.checks.sizes import LONGEST_LINE

    sample_report.agency.name = "阿合奇县教育和科学技术局" * 17  # 204 characters
    errors = [f for f in check(sample_report) if f.rule == "size"]
    assert [f.message for f in errors] == [
        "基本信息·机关名称：有 204 个字，远超合理长度（至多 200 字），请核对是否粘贴有误"
    ]
    assert errors[0].location == "agency.name"
    sample_report.agency.name = "局" * LONGEST_LINE
    assert not any(f.rule == "size" for f in check(sample_report))


def test_a_six_million_character_name_is_found_within_seconds(sample_report):
    sample_report.agency.name = "局" * 6_000_000
    started = time.monotonic()
    findings = check(sample_report)
    assert time.monotonic() - started < 5
    assert any(f.rule == "size" and "有 6000000 个字" in f.message for f in findings)


def test_a_text_of_twenty_pages_and_more_is_an_error(sample_report):
    from models.checks.sizes import LONGEST_TEXT

    sample_report.texts["overview"] = "本机关依法公开政府信息。" * (LONGEST_TEXT // 12 + 1)
    errors = [f for f in check(sample_report) if f.rule == "size"]
    assert len(errors) == 1 and errors[0].location == "texts.overview"
    assert "一、总体情况：有 30012 个字，远超合理长度（至多 30000 字）" in errors[0].message


def test_an_exchange_file_of_megabytes_is_refused_before_it_is_parsed(tmp_path):
    data = _sample()
    data["texts"]["overview"] = "公开" * 1_200_000  # 7 MB of UTF-8
    path = tmp_path / "huge.json"
    path.write_text(_text(data), "utf-8")
    result = main_py("check", path)
    assert result.returncode == 2 and APOLOGY not in result.stderr
    assert result.stderr.strip() == f"{path} 有 6.9 MB，太大，不是报告文件"


# Issue 23 · 11, 12. Numbers no report holds, and a zero with a sign -------------------------


def _published_text(tmp_path, cell: str):
    """The published sample as text, with 一、本年新收 of 自然人 written as `cell`."""
    lines = (ROOT / "tests" / "fixtures" / "published" / "akqi-education-2021.txt").read_text(
        "utf-8"
    )
    lines = lines.split("\n")
    lines[lines.index("\t一、本年新收政府信息公开申请数量") + 1] = cell
    path = tmp_path / "published.txt"
    path.write_text("\n".join(lines), "utf-8")
    return path


@pytest.mark.parametrize(
    ("cell", "doubt"),
    [
        ("1" * 25, "「1111111111111111111111111」超过 1000000000000，不是报告中的数，未读取"),
        ("9" * 5000, "「9999999999999…」有 5000 位，不是报告中的数，未读取"),
    ],
)
def test_a_number_no_report_holds_is_unsure_and_not_read(cell, doubt, tmp_path):
    target = tmp_path / "read.json"
    result = main_py("read", _published_text(tmp_path, cell), "-o", target)
    assert result.returncode == 0 and APOLOGY not in result.stderr + result.stdout
    assert "读取 200 格，其中 1 格存疑" in result.stdout
    assert f"存疑「一、本年新收政府信息公开申请数量」：{doubt}" in result.stdout
    read = json.loads(target.read_text("utf-8"))
    assert "natural_person" not in read["tables"]["applications"]["received"]


def test_minus_zero_enters_as_zero_by_every_way_in(sample_report):
    from readers.numbers import parse_number

    typed = parse_cell_text("-0", ValueType.AMOUNT)
    assert format_value(typed) == "0" and not typed.is_signed()
    assert format_value(parse_cell_text("－0.0000", ValueType.AMOUNT)) == "0.0000"
    assert parse_number("-0", ValueType.AMOUNT) == (Decimal(0), "")
    assert not parse_number("-0", ValueType.AMOUNT)[0].is_signed()
    data = _sample()
    data["tables"]["active"]["fees"]["amount"] = "-0.0000"
    loaded = loads_report(_text(data).encode())
    assert format_value(loaded.values["active.fees.amount"]) == "0.0000"
    assert '"amount": "0.0000"' in dumps_report(loaded)


def test_a_negative_amount_is_refused_by_check_and_doubted_by_the_reader(sample_report):
    from readers.numbers import parse_number

    sample_report.values["active.fees.amount"] = Decimal("-0.5")
    assert any(f.rule == "type" and "不能为负数" in f.message for f in check(sample_report))
    assert parse_number("-0.5", ValueType.AMOUNT) == (Decimal("-0.5"), "「-0.5」是负数")


# Issue 23 · 13. Last year's report of another agency ------------------------------------------


@pytest.mark.parametrize(
    ("name", "other", "same"),
    [
        ("江州市人民政府办公室", " 江州市人民政府办公室\u3000", True),
        ("ＸＹ开发区管理委员会", "XY开发区管委会", True),
        ("阿合奇县人民政府", "阿合奇县政府", True),
        ("阿合奇县人民政府", "阿合奇县人民政府办公室", False),
        ("阿合奇县教育和科学技术局", "阿合奇县卫生健康委员会", False),
        ("江州市人民政府办公室", "", True),
    ],
)
def test_agency_names_are_compared_conservatively(name, other, same):
    from models.checks.cross_year import same_agency

    assert same_agency(name, other) is same and same_agency(other, name) is same


def test_check_with_another_agencys_previous_report_says_so_and_skips_the_cross_year_rules(
    tmp_path,
):
    from tests.conftest import CITY

    data = json.loads(CITY.read_text("utf-8"))
    this = tmp_path / "this.json"
    this.write_text(_text(data), "utf-8")
    data["year"] -= 1
    data["agency"]["name"] = "江州市教育局"
    data["tables"]["applications"]["carried_over"]["natural_person"] = 7  # no carry-over fits
    previous = tmp_path / "previous.json"
    previous.write_text(_text(data), "utf-8")
    cross_year = ("[cross_year", "[carry.", "[stock.", "[trend.")
    told = main_py("check", this, "--previous", previous)
    assert [
        line for line in told.stdout.splitlines() if line.split()[1].startswith(cross_year)
    ] == [
        "提示 [cross_year_other_agency] 2021 年报告的机关为「江州市教育局」，与本报告的"
        "「江州市人民政府办公室」不是同一机关，未与本年对照核对；"
        "如确为同一机关（如更名），请加 --previous-any-agency"
    ]
    anyway = main_py("check", this, "--previous", previous, "--previous-any-agency")
    assert "[cross_year_other_agency]" not in anyway.stdout
    assert "[carry.applications.carried_over]" in anyway.stdout
