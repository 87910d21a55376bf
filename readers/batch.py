"""Reading many files for a review: the published reports in folders, each read into a plain
models.review.ReadFile — a file that cannot be read is one with the reason, never a stop.

An entry point beside the readers (it calls read_published and models.exchange, nothing inside
them), for the review's command and window.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from models.checks.reading import doubted_cells
from models.errorlog import logger
from models.exchange import ExchangeError, read_reading
from models.i18n import _
from models.report import Report
from models.review import BOOK_CATEGORY, ReadFile, last_year
from readers import SUFFIXES, ReadError, read_published

EXCHANGE = ".json"
REVIEWED = (*SUFFIXES, EXCHANGE)


def published_files(paths: Iterable[Path]) -> list[tuple[Path, str]]:
    """Every file to review, with the name it is shown by: a file named as it is named, a
    folder's reports (sub-folders too; office lock files, hidden files and the workbooks of
    earlier reviews skipped) by their path below the folder."""
    found: list[tuple[Path, str]] = []
    for path in map(Path, paths):
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if _is_report_file(p, path))
            found += [(p, p.relative_to(path).as_posix()) for p in inside]
        else:
            found.append((path, path.name))
    return list(dict.fromkeys(found))


def _is_report_file(path: Path, folder: Path) -> bool:
    parts = path.relative_to(folder).parts
    hidden = any(part.startswith((".", "~$")) for part in parts)
    if hidden or path.suffix.lower() not in REVIEWED or not path.is_file():
        return False
    return path.suffix.lower() != ".xlsx" or not _is_review_book(path)


def _is_review_book(path: Path) -> bool:
    """Whether a workbook is one a review wrote (审查结果.xlsx left beside the reports)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as book:
            properties = book.read("docProps/core.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False  # not ours: the reader says what it is
    return f"<cp:category>{BOOK_CATEGORY}</cp:category>".encode() in properties


def read_for_review(path: Path, name: str, previous: Report | None = None) -> ReadFile:
    """The file read: a published report (Word, PDF, web page, text, workbook) or an exchange
    file; a ReadFile with the reason when it cannot be read. Last year's report of the agency,
    when given, settles numbers printed run together that several cuts fit."""
    try:
        if path.suffix.lower() == EXCHANGE:
            return _exchange(path, name)
        return _published(path, name, previous)
    except (ReadError, ExchangeError) as error:
        return ReadFile(name, reason=str(error))
    except Exception:  # a fault of ours must not stop the review of the other files
        logger.exception("review %s", path)
        return ReadFile(name, reason=_("读取时程序遇到意外问题，详细信息已记录在日志中"))


@dataclass(frozen=True)
class Reread:
    """A file to read again beside last year's report of its agency."""

    index: int  # of the file among those read
    path: Path
    last_year: Report


def rereads(
    read: Sequence[ReadFile], paths: Sequence[Path], previous: Sequence[ReadFile] = ()
) -> list[Reread]:
    """The files of `read` to read again: those whose reading doubted cells, beside last year's
    report of the same agency when that is among those read (`read`, `previous`); not exchange
    files, which are not read by cutting text. `paths` are the files of `read`, in its order."""
    candidates = [*read, *previous]
    found = []
    for index, (file, path) in enumerate(zip(read, paths, strict=True)):
        last = last_year(file, candidates) if file.doubted else None
        if last is not None and last.report is not None and path.suffix.lower() != EXCHANGE:
            found.append(Reread(index, path, last.report))
    return found


def reread(file: ReadFile, again: Reread) -> ReadFile:
    """`file` read again as `again` says: the second reading when it doubts fewer cells, else
    the first."""
    second = read_for_review(again.path, file.name, again.last_year)
    better = second.report is not None and len(second.doubted) < len(file.doubted)
    return second if better else file


def settle_by_last_year(
    read: list[ReadFile], paths: list[Path], previous: Sequence[ReadFile] = ()
) -> list[ReadFile]:
    """The files read, each doubting file read again beside last year's report (`rereads`)."""
    settled = list(read)
    for again in rereads(read, paths, previous):
        settled[again.index] = reread(read[again.index], again)
    return settled


def _published(path: Path, name: str, previous: Report | None = None) -> ReadFile:
    if path.suffix.lower() == ".pdf":
        _load_pdf_reader()
    reading = read_published(path, previous)
    report = reading.report
    unsure = reading.unsure()
    return ReadFile(
        name,
        report,
        doubted=frozenset(doubted_cells(report, unsure, reading.cells)),
        cells=len(reading.cells),
        unsure=len(unsure),
        missing=tuple(reading.missing),
    )


def _load_pdf_reader() -> None:
    """Load PDFium and the PDF reader into this process once: each PDF is read in a forked child
    (readers/isolated.py), which then starts with them loaded instead of loading them again —
    half of a PDF's time in a review of many (155 → 67 ms a file on the benchmark's PDFs)."""
    import pypdfium2  # noqa: F401

    import readers.pdf_reader  # noqa: F401


def _exchange(path: Path, name: str) -> ReadFile:
    report, doubted = read_reading(path)
    return ReadFile(
        name,
        report,
        doubted=frozenset(doubted or ()),
        cells=len(report.values),
        unsure=len(doubted or ()),
    )
