"""Make a folder of published reports the way a supervising office receives them, for `review`.

    python tools/make_review_folder.py FOLDER

From the fixtures (tests/fixtures/: the city report, the 青山区 reports of 2021 and 2022, the 2020
county report in the 2019 format, the Word template and our own PDF of the city report):
- 江州市人民政府办公室2022年报.pdf / .docx: a clean report, as our PDF and as the Word template;
- 发改委/江州市发展和改革委员会2022年报.html: a portal page whose 表三 总计 is not its sum;
- 江州市教育局2022年报.docx: 一's text names other numbers than 表三;
- 青山区/…2021年报.html and 青山区/青山区人民政府办公室2022年报.docx: one agency's two years (named
  with and without its city), 五 copied from last year's;
- 青山县人民政府办公室2022年报.pdf: a 2022 report printed in the 2019 format;
- 关于做好春节期间安全生产工作的通知.docx: not a report;
- 江州市财政局2022年报.pdf: a PDF cut off in the middle (damaged);
- 江州市审计局2022年报（扫描件）.pdf: a page of a PDF as an image, without text.
"""

from __future__ import annotations

import argparse
import copy
import io
import shutil
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from export.pdf import export_pdf  # noqa: E402
from models.exchange import read_report  # noqa: E402
from models.report import Report, standard_preamble  # noqa: E402
from tools.make_reader_fixtures import fill_word_template, portal_page  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
PUBLISHED = FIXTURES / "published"
TEMPLATE = PUBLISHED / "word-template-2021.docx"
COPIED_PROBLEMS = (
    "一是政策解读的形式较为单一，图解、视频等解读占比不高；二是部分栏目更新不够及时。"
    "下一步，我们将丰富解读形式，建立栏目更新提醒机制，定期检查，确保信息及时准确。"
)


def make_review_folder(out: Path) -> None:
    """Write the review folder's files into `out` (made if missing)."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "发改委").mkdir(exist_ok=True)
    (out / "青山区").mkdir(exist_ok=True)
    shutil.copyfile(PUBLISHED / "city-2022-ours.pdf", out / "江州市人民政府办公室2022年报.pdf")
    shutil.copyfile(PUBLISHED / "city-2022.docx", out / "江州市人民政府办公室2022年报.docx")
    sums = _city_as("江州市发展和改革委员会")
    sums.values["applications.received.total"] += 5  # 总计 is not the sum of its row
    (out / "发改委" / "江州市发展和改革委员会2022年报.html").write_text(
        portal_page(sums), encoding="utf-8"
    )
    contradicting = _city_as("江州市教育局")
    contradicting.texts["overview_requests"] = "2022年共收到政府信息公开申请17件，上年结转31件。"
    fill_word_template(contradicting, TEMPLATE, out / "江州市教育局2022年报.docx")
    before, now = _two_years()
    (out / "青山区" / "江州市青山区人民政府办公室2021年报.html").write_text(
        portal_page(before), encoding="utf-8"
    )
    fill_word_template(now, TEMPLATE, out / "青山区" / "青山区人民政府办公室2022年报.docx")
    # printed as the agency printed it: its own program let the format through
    export_pdf(_old_format_2022(), out / "青山县人民政府办公室2022年报.pdf", findings=[])
    _not_a_report(out / "关于做好春节期间安全生产工作的通知.docx")
    whole = (PUBLISHED / "city-2022-ours.pdf").read_bytes()
    (out / "江州市财政局2022年报.pdf").write_bytes(whole[: len(whole) // 3])
    (out / "江州市审计局2022年报（扫描件）.pdf").write_bytes(
        _scan(PUBLISHED / "city-2022-ours.pdf")
    )


def _published(report: Report) -> Report:
    """The report with its opening paragraph written from its profile, as portals print it."""
    report.texts["preamble"] = standard_preamble(report)
    return report


def _city_as(agency: str) -> Report:
    """The city report (of 2022) as another agency's."""
    report = read_report(FIXTURES / "city-2022.json")
    report.agency.name = agency
    report.signing_unit = agency
    return _published(report)


def _two_years() -> tuple[Report, Report]:
    """青山区's 2021 and 2022 reports, the second named without its city and 五 copied."""
    before = read_report(FIXTURES / "region" / "qingshan-2021.json")
    now = read_report(FIXTURES / "region" / "qingshan-2022.json")
    now.agency.name = now.signing_unit = "青山区人民政府办公室"
    before.texts["problems"] = now.texts["problems"] = COPIED_PROBLEMS
    return _published(before), _published(now)


def _old_format_2022() -> Report:
    """The 2020 county report (2019 format) made a 2022 report, its format left as it was."""
    report = copy.deepcopy(read_report(FIXTURES / "county-2020.json"))
    report.year = 2022
    report.period_start, report.period_end = date(2022, 1, 1), date(2022, 12, 31)
    report.issued_on = date(2023, 1, 16)
    return _published(report)


def _not_a_report(path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("关于做好春节期间安全生产工作的通知", level=1)
    document.add_paragraph("各科室、各直属单位：")
    document.add_paragraph(
        "春节将至，为切实做好节日期间安全生产工作，现就有关事项通知如下：一、落实值班制度；"
        "二、开展隐患排查；三、做好应急准备。"
    )
    document.add_paragraph("江州市应急管理局　2023年1月10日")
    document.save(str(path))


def _scan(pdf: Path) -> bytes:
    """The first page of `pdf` as a picture in a PDF of its own: a scan, with no text layer."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        image = document[0].render(scale=100 / 72).to_pil().convert("RGB")
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=100)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    make_review_folder(parser.parse_args().folder)


if __name__ == "__main__":
    main()
