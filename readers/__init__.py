"""Reading published reports: Word, PDF, web page, text or workbook → a report, and where each
value came from.

    reading = read_published(Path("2021年报.pdf"))
    reading.report, reading.cells[key].page, reading.summary()

The file readers (docx_reader, pdf_reader, html_reader, text_reader, xlsx_reader) turn a file into
paragraphs and tables (readers/source.py); readers/interpret.py finds the report in them by the
format's labels. No Qt here.
"""

from __future__ import annotations

from pathlib import Path

from models.errors import ClerkError
from models.i18n import _
from models.os_errors import os_reason
from models.report import Report
from readers.budget import TooLarge, check_size
from readers.interpret import Reading, interpret

SUFFIXES = (".docx", ".pdf", ".html", ".htm", ".txt", ".md", ".xlsx")


class ReadError(ClerkError, ValueError):
    """The file cannot be read as a published report; the message says why, in Chinese."""


def read_published(path: Path, previous: Report | None = None) -> Reading:
    """Read a published report, or raise ReadError with a one-line Chinese reason. Last year's
    report of the agency, when the caller has it, settles numbers printed run together that
    several cuts fit (上年结转, 现行有效)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ReadError(
            _(
                "不能读取 {name}：只支持 Word（.docx）、PDF、网页（.html）、文本（.txt、.md）"
                "和 Excel（.xlsx）文件"
            ).format(name=path.name)
        )
    if path.is_dir():
        raise ReadError(_("{path} 是文件夹，请选择其中的年报文件").format(path=path))
    if not path.is_file():
        raise ReadError(_("找不到文件：{path}").format(path=path))
    try:
        check_size(path, suffix)
        source = _source(path, suffix)
    except TooLarge as error:
        raise ReadError(str(error)) from None
    reading = interpret(source, path.name, previous)
    reading.report.normalise_texts()
    texts = reading.report.texts
    opening = reading.report.format.opening
    if any(v for k, v in texts.items() if opening is None or k != opening.id):
        return reading
    if not reading.cells:
        raise ReadError(_("{name} 中没有找到政府信息公开工作年度报告的内容").format(name=path.name))
    unsure = reading.unsure()
    if len(unsure) == len(reading.cells):  # another kind of table: a 汇总概览, a list of sums
        first = reading.cells[unsure[0]]
        raise ReadError(
            _(
                "{name} 不是政府信息公开工作年度报告：没有找到报告的各部分，"
                "表格中读到的 {count} 个数都不能确认（如「{row}」：{reason}）"
            ).format(name=path.name, count=len(unsure), row=first.row, reason=first.unsure)
        )
    return reading


def _source(path: Path, suffix: str):
    try:
        if suffix == ".docx":
            from readers.docx_reader import read_docx

            return read_docx(path)
        if suffix == ".pdf":
            return _pdf(path)
        if suffix == ".xlsx":
            from readers.xlsx_reader import read_xlsx

            return read_xlsx(path)
        if suffix in (".html", ".htm"):
            from readers.html_reader import read_html

            return read_html(path)
        from readers.text_reader import read_text

        return read_text(path)
    except (ReadError, TooLarge):
        raise
    except _not_word() as error:
        raise ReadError(str(error) or _not_valid(path, suffix)) from None
    except _bad_zip():
        raise ReadError(_not_valid(path, suffix)) from None
    except OSError as error:
        if error.errno is None and suffix == ".xlsx":  # openpyxl's word for a damaged workbook
            raise ReadError(_damaged_workbook(path)) from None
        raise ReadError(
            _("无法读取 {name}：{reason}").format(name=path.name, reason=os_reason(error))
        ) from None
    except RecursionError:  # markup nested thousands deep: no program that writes reports does it
        raise ReadError(_("{name} 的结构嵌套过深，无法读取").format(name=path.name)) from None
    except Exception:
        if suffix != ".xlsx":
            raise  # a fault of ours: the command's own handler logs it
        # openpyxl raises what its parsers raise on a damaged workbook: say so, keep the details
        from models.errorlog import logger

        logger.exception("read %s", path)
        raise ReadError(_damaged_workbook(path)) from None


def _not_valid(path: Path, suffix: str) -> str:
    """A Word file or workbook that is no ZIP package, or no Word document inside one."""
    return _("{name} 不是有效的 {kind} 文件；旧的 .doc/.xls 文件请先另存为 .docx/.xlsx").format(
        name=path.name, kind="Excel" if suffix == ".xlsx" else "Word"
    )


def _damaged_workbook(path: Path) -> str:
    return _("{name} 不是有效的 Excel 文件，或已损坏").format(name=path.name)


def _bad_zip() -> type[Exception]:
    """zipfile's BadZipFile, loaded only when an error is being handled (as the next)."""
    from zipfile import BadZipFile

    return BadZipFile


def _not_word() -> type[Exception]:
    from readers.docx_reader import NotWordFile

    return NotWordFile


def _pdf(path: Path):
    from readers.budget import check_pdf_objects
    from readers.isolated import PdfFailed, read_pdf_isolated
    from readers.pdf_reader import NoTextLayer

    check_pdf_objects(path)
    try:
        return read_pdf_isolated(path)
    except NoTextLayer:
        raise ReadError(
            _(
                "{name} 没有文字层（可能是扫描件），本程序不做文字识别；请找原始的 Word 或网页版本"
            ).format(name=path.name)
        ) from None
    except PdfFailed as error:
        if "password" in str(error).lower():
            raise ReadError(_("{name} 有密码保护，无法读取").format(name=path.name)) from None
        raise ReadError(_("{name} 不是有效的 PDF 文件，或已损坏").format(name=path.name)) from None
