"""One outline of the document, printed alike by the PDF, the Word file and the web page: the same
headings and paragraphs in the same order, blank lines left out, and the 落款 kept with the last
two lines of text in every writer. Exported with the bundled fonts only."""

from collections import defaultdict
from html.parser import HTMLParser

import docx
import pdfplumber
import pypdf
import pytest

from export.fonts import load_fonts
from export.page import BOTTOM, CHAR_PITCH, LEFT_MARGIN, LINE
from export.pdf import export_pdf
from export.writers import export_report
from tests.reports import long_report


@pytest.fixture(scope="module")
def bundled():
    return load_fonts(use_system=False)


class _Blocks(HTMLParser):
    """The web page's headings and paragraphs, outside the tables, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[tuple[str, str]] = []
        self._open: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("h2", "h3", "p"):
            self._open = tag
            self.blocks.append((tag, ""))

    def handle_endtag(self, tag):
        self._open = None if tag == self._open else self._open

    def handle_data(self, data):
        if self._open:
            tag, text = self.blocks[-1]
            self.blocks[-1] = (tag, text + data)


def _word_blocks(path) -> list[tuple[str, str]]:
    kinds = {"Heading 1": "h2", "Heading 2": "h3", "公文正文": "p"}
    document = docx.Document(path)
    return [(kinds[p.style.name], p.text) for p in document.paragraphs if p.style.name in kinds]


def _web_blocks(path) -> list[tuple[str, str]]:
    parser = _Blocks()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.blocks[:-2]  # the signing unit and the date close the page


@pytest.fixture
def written(sample_report):
    """The sample with a blank line and an indented line in 五, and 一 written as one block."""
    report = sample_report
    report.texts["problems"] = "信息发布不够及时。\n\n   下一步将加强培训。\n"
    for sub in ("active", "management", "platform", "oversight"):
        report.texts["overview"] += report.texts.pop(f"overview_{sub}")
    return report


def test_pdf_word_and_web_print_the_same_headings_and_paragraphs(written, bundled, tmp_path):
    word = _word_blocks(export_report(written, tmp_path / "r.docx").path)
    web = _web_blocks(export_report(written, tmp_path / "r.html").path)
    assert word == web
    assert ("p", "下一步将加强培训。") in word and ("p", "") not in word
    assert [text for tag, text in word if tag == "h3"] == ["（二）依申请公开情况"]
    path = tmp_path / "r.pdf"
    export_pdf(written, path, fonts=bundled)
    with pdfplumber.open(path) as pdf:
        text = "".join(page.extract_text().replace("\n", "") for page in pdf.pages)
    position = 0
    for _tag, block in word:  # in the PDF too, each in the same order
        found = text.find(block[:20], position)
        assert found >= 0, block
        position = found
    bookmarks = [item.title for item in pypdf.PdfReader(path).outline if not isinstance(item, list)]
    assert [b for b in bookmarks if not b.startswith("表")] == [t for g, t in word if g == "h2"]


def _line_tops(path, texts: list[str]) -> list[float]:
    """The top of the line each text begins, on the page where it is."""
    tops = []
    with pdfplumber.open(path) as pdf:
        for text in texts:
            for page in pdf.pages:
                found = page.search(text)
                if found:
                    tops.append(found[0]["top"])
                    break
    return tops


def test_a_blank_line_in_the_text_prints_no_empty_line_in_the_pdf(written, bundled, tmp_path):
    path = tmp_path / "r.pdf"
    export_pdf(written, path, fonts=bundled)
    first, second = _line_tops(path, ["信息发布不够及时。", "下一步将加强培训。"])
    assert second - first == pytest.approx(LINE, abs=0.5)  # no empty line between
    with pdfplumber.open(path) as pdf:
        line = next(
            page.search("下一步将加强培训。") for page in pdf.pages if page.search("下一步")
        )
    assert line[0]["x0"] == pytest.approx(
        LEFT_MARGIN + 2 * CHAR_PITCH, abs=0.5
    )  # indent: 2 columns


def test_word_keeps_a_one_line_last_paragraph_and_the_one_before_with_the_signature(
    sample_report, tmp_path
):
    sample_report.texts["other"] = "本年度未收取信息处理费。" * 6 + "\n特此报告。"
    document = docx.Document(export_report(sample_report, tmp_path / "r.docx").path)
    paragraphs = document.paragraphs
    assert [p.text for p in paragraphs[-4:-2]] == ["本年度未收取信息处理费。" * 6, "特此报告。"]
    for paragraph in paragraphs[-4:-2]:  # two lines of text at least come to the 落款's page
        assert paragraph.paragraph_format.keep_with_next, paragraph.text
        assert paragraph.paragraph_format.widow_control, paragraph.text


def test_pdf_keeps_the_last_lines_of_two_paragraphs_with_the_signature(
    sample_report, bundled, tmp_path
):
    """A last paragraph of one line: the line before it comes along to the 落款's page."""
    report = sample_report
    closing = "特此报告。"
    for added in range(0, 22 * 28, 28):  # the break falls at every line of a page once
        report.texts["other"] = "保" * (added + 20) + "。\n" + closing
        path = tmp_path / f"r{added}.pdf"
        export_pdf(report, path, fonts=bundled)
        with pdfplumber.open(path) as pdf:
            lines = [ln for ln in pdf.pages[-1].extract_text().splitlines() if ln.strip()]
        assert lines.index(closing) >= 1, added  # 保… ends on the 落款's page too
        assert lines[lines.index(closing) - 1].endswith("保。"), added


def _page_lines(path) -> list[list[float]]:
    """Per page without a table, the left edge of each line of 三号 body text, top down."""
    pages = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            if page.find_tables():
                pages.append([])
                continue
            rows: dict[float, float] = defaultdict(lambda: 1e9)
            for char in page.chars:
                if abs(char["size"] - 16) < 0.1 and char["top"] < page.height - BOTTOM:
                    top = round(char["top"], 1)
                    rows[top] = min(rows[top], char["x0"])
            pages.append([rows[top] for top in sorted(rows)])
    return pages


@pytest.mark.slow
def test_a_page_broken_inside_a_paragraph_holds_22_lines(bundled, tmp_path):
    """Only the widow rule (a paragraph's last line never alone on the next page) shortens a page
    that a paragraph runs over; rounding in the frame once cost pages 4, 18 and 25 a line."""
    path = tmp_path / "long.pdf"
    export_pdf(long_report(), path, fonts=bundled)
    pages = _page_lines(path)
    indented = LEFT_MARGIN + 1.5 * CHAR_PITCH
    checked = 0
    for page, following in zip(pages, pages[1:], strict=False):
        if not page or not following or following[0] > indented:
            continue  # a table, or the next page starts a paragraph
        continued = next((n for n, x in enumerate(following) if x > indented), len(following))
        widow = continued == 2  # the paragraph's last two lines went over together
        assert len(page) == 22 or (widow and len(page) == 21), (pages.index(page) + 1, len(page))
        checked += 1
    assert checked > 20
