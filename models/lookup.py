"""Naming a stored report the way a clerk types it: its id, or 「机关名称 年度」."""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.i18n import _

if TYPE_CHECKING:  # the store (and sqlite-utils) loads only where a command opens it
    from models.storage.store import Store


def stored_already(store: Store, agency: str, year: int) -> int | None:
    """The id of the agency's report for the year already stored (the oldest), or None."""
    found = store.find_all(agency.strip(), year)
    return found[0] if found else None


def already_sentence(agency: str, year: int, report_id: int) -> str:
    """The question asked before a second report of the same agency and year is made."""
    return _("{agency}{year} 年的报告已经存在（编号 {id}），打开它吗？").format(
        agency=agency.strip(), year=year, id=report_id
    )


def is_report_name(words: list[str]) -> bool:
    """Whether `words` have the shape of a stored report's name: an id, or 机关名称 and 年度
    (as two words, or as one in quotes: 「"阿合奇县教育和科学技术局 2021"」)."""
    words = _split(words)
    return (len(words) == 1 and words[0].isdigit()) or (len(words) == 2 and words[1].isdigit())


def _split(words: list[str]) -> list[str]:
    """A name and year given as one quoted word are two words."""
    if len(words) == 1 and " " in words[0].strip():
        name, _space, year = words[0].strip().rpartition(" ")
        return [name.strip(), year]
    return words


def find_report(store: Store, words: list[str], *, deleted: bool = False) -> int:
    """The id of the report named by `words` (looked for in the bin with `deleted`); StoreError
    says what to give when nothing matches."""
    words = _split(words)
    if not is_report_name(words):
        from models.storage.store import StoreError

        raise StoreError(_("请给出报告编号，或机关名称和年度"))
    if len(words) == 1:
        report_id = int(words[0])
        store.summary(report_id)
        return report_id
    return store.find(words[0], int(words[1]), deleted=deleted)
