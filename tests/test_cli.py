"""The command line, run as the clerk or a script would run it."""

import json

import pytest

from tests.conftest import CITY, SAMPLE, main_py


@pytest.mark.parametrize("path", [SAMPLE, CITY])
def test_check_clean_report_exits_0(path):
    result = main_py("check", path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert all(line.startswith("提示 [") for line in result.stdout.splitlines())
    assert "0 个错误" in result.stderr


def test_check_one_changed_count_exits_1_and_names_the_cell(tmp_path):
    data = json.loads(SAMPLE.read_text("utf-8"))
    data["tables"]["applications"]["withheld_4"]["legal_services"] = 3
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    result = main_py("check", changed)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert all(line.startswith(("错误 [", "提示 [")) for line in lines)
    assert any(
        "三、本年度办理结果（三）不予公开4.保护第三方合法权益·总计：应为 3（各项之和），现为 0"
        in line
        for line in lines
    )
    assert any(
        "三、本年度办理结果（七）总计·法人或其他组织·法律服务机构：应为 3" in line for line in lines
    )


def test_check_truncated_file_exits_2_without_traceback(tmp_path):
    truncated = tmp_path / "truncated.json"
    truncated.write_bytes(SAMPLE.read_bytes()[:1000])
    result = main_py("check", truncated)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "不是完整有效的 JSON" in result.stderr and "第" in result.stderr


def test_check_missing_file_exits_2(tmp_path):
    result = main_py("check", tmp_path / "nothing.json")
    assert result.returncode == 2 and "找不到文件" in result.stderr
    assert "Traceback" not in result.stderr


def test_template_schema_is_valid_json():
    result = main_py("template", "--schema")
    assert json.loads(result.stdout)["properties"]["kind"]["const"] == "nianbao-report"


def test_writing_over_a_folder_says_why_in_chinese(tmp_path):
    assert main_py("--db", tmp_path / "d.db", "import", SAMPLE).returncode == 0
    result = main_py("--db", tmp_path / "d.db", "export-json", "1", "-o", tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "这是文件夹，请给出文件名" in result.stderr


def test_importing_the_same_file_twice_stores_one_report(tmp_path):
    db = tmp_path / "d.db"
    first = main_py("--db", db, "import", SAMPLE)
    assert first.returncode == 0 and "已导入为报告 1" in first.stdout
    again = main_py("--db", db, "import", SAMPLE)
    assert again.returncode == 0, again.stderr
    assert "已存在相同的报告 1" in again.stdout and "未重复导入" in again.stdout
    listed = main_py("--db", db, "list").stdout.splitlines()
    assert len(listed) == 1 and listed[0].startswith("1\t")


def test_a_report_named_in_quotes_with_its_year_is_found(tmp_path):
    db = tmp_path / "d.db"
    assert main_py("--db", db, "import", SAMPLE).returncode == 0
    out = tmp_path / "x.json"
    result = main_py("--db", db, "export-json", "阿合奇县教育和科学技术局 2021", "-o", out)
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text("utf-8"))["agency"]["name"] == "阿合奇县教育和科学技术局"


def test_tabs_and_broken_lines_from_word_are_not_errors(tmp_path):
    """Text pasted from Word or a web page carries tabs and hard line breaks: a tab is a space,
    a line break inside 地址 joins the line; neither blocks the report (issue 20, item 8)."""
    data = json.loads(SAMPLE.read_text("utf-8"))
    data["texts"]["overview"] = "\t" + data["texts"]["overview"].replace("。", "。\t", 1)
    data["agency"]["address"] = "新疆阿合奇县\r\n团结路1号"
    pasted = tmp_path / "pasted.json"
    pasted.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    result = main_py("check", pasted)
    assert result.returncode == 0, result.stdout
    assert "控制字符" not in result.stdout
    db = tmp_path / "d.db"
    assert main_py("--db", db, "import", pasted).returncode == 0
    out = tmp_path / "out.json"
    assert main_py("--db", db, "export-json", "1", "-o", out).returncode == 0
    stored = json.loads(out.read_text("utf-8"))
    assert stored["agency"]["address"] == "新疆阿合奇县团结路1号"
    assert "\t" not in stored["texts"]["overview"]


def test_one_report_a_year_per_agency_on_the_command_line(tmp_path):
    """Another report of an agency and year already stored is refused by import, and a report
    of the bin is not taken back over one made since (a clerk's walk found both)."""
    db = tmp_path / "d.db"
    assert main_py("--db", db, "import", SAMPLE).returncode == 0
    data = json.loads(SAMPLE.read_text("utf-8"))
    data["texts"]["other"] += "另有说明。"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    refused = main_py("--db", db, "import", changed)
    assert refused.returncode == 2
    assert refused.stderr.strip() == "阿合奇县教育和科学技术局2021 年的报告已经存在（编号 1）"
    assert main_py("--db", db, "delete", "1").returncode == 0
    assert main_py("--db", db, "import", changed).returncode == 0  # report 2
    taken_back = main_py("--db", db, "undelete", "1")
    assert taken_back.returncode == 2 and "已经存在（编号 2）" in taken_back.stderr
    assert len(main_py("--db", db, "list").stdout.splitlines()) == 1


def test_commands_say_what_they_did_and_when_there_is_nothing(tmp_path):
    db = tmp_path / "d.db"
    listed = main_py("--db", db, "list")
    assert listed.stdout == "" and listed.stderr.strip() == "数据库中还没有报告"
    assert main_py("--db", db, "list", "--bin").stderr.strip() == "回收站是空的"
    assert main_py("--db", db, "import", SAMPLE).returncode == 0
    out = tmp_path / "x.json"
    written = main_py("--db", db, "export-json", "1", "-o", out)
    assert written.stdout.strip() == f"已写入 {out}"


def test_the_standard_opening_paragraph_gives_the_statistics_period_as_set():
    from datetime import date

    from models.exchange import read_report
    from models.report import standard_preamble

    report = read_report(SAMPLE)
    report.period_start, report.period_end = date(2021, 1, 1), date(2021, 11, 30)
    assert "统计期限自2021年1月1日起至2021年11月30日止" in standard_preamble(report)
    report.period_start = report.period_end = None
    assert "统计期限自2021年1月1日起至2021年12月31日止" in standard_preamble(report)
