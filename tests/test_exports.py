"""Word, web page and Excel: each output read back with the library made for it."""

import pytest

from export.errors import ExportRefused, UnknownFormat
from export.writers import export_report
from tests.conftest import SAMPLE, main_py


def test_an_unknown_suffix_is_refused_with_the_formats_we_write(tmp_path):
    result = main_py("export", SAMPLE, "-o", tmp_path / "报告.doc")
    assert result.returncode == 2
    assert "「.doc」" in result.stderr
    for suffix in (".pdf", ".docx", ".html", ".xlsx"):
        assert suffix in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".html", ".xlsx"])
def test_every_format_refuses_a_report_with_errors_unless_draft(sample_report, tmp_path, suffix):
    sample_report.values["applications.received.total"] += 1
    target = tmp_path / f"report{suffix}"
    with pytest.raises(ExportRefused):
        export_report(sample_report, target)
    assert not target.exists()
    assert export_report(sample_report, target, draft=True).path == target
    assert target.stat().st_size > 0


def test_the_suffix_is_read_whatever_its_case(sample_report, tmp_path):
    with pytest.raises(UnknownFormat):
        export_report(sample_report, tmp_path / "report.txt")
    assert export_report(sample_report, tmp_path / "REPORT.PDF").pages > 1
