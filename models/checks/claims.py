"""What the texts state about the tables: each number bound to its keyword, read against the cells.

「办结320件（含上年结转15件）」 states 办结 320 and 上年结转 15: a number is bound to the keyword
nearest before it, since the previous number. Text pasted from a PDF (hard line breaks inside a
sentence, spaces around numbers) is read as the sentences it was. The claims themselves are data
beside the format (models/format/claims_2021.py).
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache

from models.checks.findings import Finding, Severity, section_of
from models.format.blocks import ClaimTopic, FormatDescription, Section, TextClaim
from models.i18n import _
from models.report import Report, Value

_SENTENCE_END = "。！？!?"
_CLAUSE_END = "，,、；;：:"
# Between keyword and number, these make the number a change, a share or an estimate.
_NOT_A_COUNT = (
    "增加", "增长", "减少", "下降", "上升", "同比", "环比", "较", "比上", "平均", "日均",
    "占", "约", "近", "超过", "逾", "不足", "至少", "多达",
)  # fmt: skip
_NEGATION = "不未没无非"
_MOST_NUMBERS = 200  # numbers read in one sentence: a real one has a few dozen at most
_QUOTE_MARGIN = 40
_OTHER_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})年")
_LAST_YEAR = re.compile(r"去年|前年|上年|上一年")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
_CHINESE_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}


def check_text_claims(report: Report, fmt: FormatDescription) -> list[Finding]:
    """A 提示 for every number the texts state that no reading of the tables gives."""
    findings = []
    for section in fmt.text_sections():
        text = report.texts.get(section.id, "")
        if not text:
            continue
        for statement in _text_statements(text, section.id, report.year, fmt):
            finding = statement.check(report, fmt, section)
            if finding is not None:
                findings.append(finding)
    return findings


def sentences(text: str) -> list[str]:
    """The sentences of a text, hard line breaks and spaces inside a sentence taken out."""
    flat = re.sub(r"\s+", "", text.translate(_FULL_WIDTH))
    return [s for s in re.split(f"(?<=[{_SENTENCE_END}])", flat) if s]


@dataclass(frozen=True)
class _Statement:
    """One number the text states, the claim it states it for, and the words that say it."""

    claim: TextClaim
    stated: Decimal
    unit: str
    quote: str

    def check(self, report: Report, fmt: FormatDescription, section: Section) -> Finding | None:
        """A 提示 when no reading of the tables agrees with the stated number."""
        sums = []
        for reading in self.claim.readings:
            if all(key in report.values for key in reading):
                sums.append((reading, sum(report.values[key] for key in reading)))
        if not sums or any(self._agrees(total) for _reading, total in sums):
            return None
        cells, actual = sums[0]
        described = _("；").join(
            _("{table}「{cells}」为 {value}").format(
                table=fmt.cells[reading[0]].table.short_name,
                cells=reading_name(fmt, reading),
                value=total,
            )
            for reading, total in sums
        )
        template = (
            _("{section}：文中写「{quote}」，而{described}，不应多于文中的 {stated}")
            if self.claim.at_least
            else _("{section}：文中写「{quote}」，而{described}")
        )
        location = f"texts.{section.id}"
        return Finding(
            "text_claim",
            Severity.HINT,
            template.format(
                section=section.heading or _("开头段"),
                quote=self.quote,
                described=described,
                stated=self.stated,
            ),
            location,
            section_of(fmt, location),
            cells,
            (),
            actual,
            self.stated,
        )

    def _agrees(self, total: Value) -> bool:
        if self.claim.at_least:
            return total <= self.stated
        if self.unit == "元":
            total = Decimal(total) * 10000
        exponent = self.stated.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        try:  # the table's value to the places the text gives (1268.4375 is 「1268.44万元」)
            return round(Decimal(total), places) == self.stated
        except ArithmeticError:  # more places than a Decimal holds: only equal is equal
            return Decimal(total) == self.stated


def reading_name(fmt: FormatDescription, reading: tuple[str, ...]) -> str:
    """A cell by its official name; several by what they have in common and a plus sign."""
    refs = [fmt.cells[key] for key in reading]
    if len(refs) == 1:
        return refs[0].name
    if len(refs) <= 3:
        return " + ".join(ref.name for ref in refs)
    rows = _common_prefix([ref.row_path for ref in refs])
    columns = _common_prefix([ref.column_path for ref in refs])
    whole = "".join(rows) + ("·" + "·".join(columns) if columns else "")
    return _("{whole}（{count} 项之和）").format(whole=whole, count=len(refs))


def _common_prefix(paths: list[tuple[str, ...]]) -> tuple[str, ...]:
    prefix: list[str] = []
    for parts in zip(*paths, strict=False):
        if len(set(parts)) != 1:
            break
        prefix.append(parts[0])
    return tuple(prefix)


@lru_cache(maxsize=256)
def _text_statements(
    text: str, section_id: str, year: int | None, fmt: FormatDescription
) -> tuple[_Statement, ...]:
    """What a text states; kept per text (most edits are in cells) and per sentence (typing)."""
    return tuple(
        s for sentence in sentences(text) for s in _statements(sentence, section_id, year, fmt)
    )


@lru_cache(maxsize=4096)
def _statements(
    sentence: str, section_id: str, year: int | None, fmt: FormatDescription
) -> tuple[_Statement, ...]:
    """What a sentence states; kept, since typing changes one sentence at a time."""
    return tuple(_read_sentence(sentence, section_id, year, fmt))


def _read_sentence(text: str, section_id: str, year: int | None, fmt: FormatDescription):
    """Every (claim, number) the sentence states, skipping changes, shares and other years."""
    topics = {t.id for t in fmt.claim_topics if _in_context(t, text, section_id)}
    claims = [c for c in fmt.claims if c.topic in topics]
    if not claims:
        return
    sentence = _Sentence(text, fmt, year)
    previous_end = 0
    for number in itertools.islice(_numbers(fmt).finditer(text), _MOST_NUMBERS):
        phrase_start, start = previous_end, number.start()
        previous_end = number.end()
        if sentence.other_year(start):
            continue
        bound = _bound_keyword(text, phrase_start, start, claims, number.group("unit"))
        if bound is None:
            continue
        keyword_start, keyword, candidates = bound
        between = text[keyword_start + len(keyword) : start]
        if any(w in between for w in _NOT_A_COUNT) or _negated(text, keyword_start):
            continue
        if _LAST_YEAR.search(_without_keywords(text[phrase_start:start], fmt)):
            continue  # 「上年度收到申请80件」 is about last year
        context = text[max(sentence.clause_start(keyword_start), phrase_start) : start]
        for claim in candidates:
            subject_at = sentence.subject_before(claim, start)
            if claim.subject and subject_at is None:
                continue
            if any(w in context for w in claim.excludes):
                continue
            begin = keyword_start if subject_at is None else min(keyword_start, subject_at)
            quote = sentence.quote(begin, number.end())
            yield _Statement(claim, _value(number.group("number")), number.group("unit"), quote)
            break
    for claim in claims:  # 「未收到…申请」 states 0
        for pattern in claim.none_patterns:
            match = re.search(pattern, text)
            if match and not sentence.other_year(match.start()):
                quote = sentence.quote(match.start(), match.end())
                yield _Statement(claim, Decimal(0), claim.units[0], quote)
                break


class _Sentence:
    """A sentence with where its clauses end, the years it names and the subjects it names, so
    that each number is placed without reading the sentence again."""

    def __init__(self, text: str, fmt: FormatDescription, year: int | None) -> None:
        self.text = text
        self.bounds = [i for i, c in enumerate(text) if c in _CLAUSE_END + _SENTENCE_END]
        years = [] if year is None else _OTHER_YEAR.finditer(text)
        self.other_years = [m.start() for m in years if int(m.group(1)) != year]
        self.subjects = {
            topic.id: sorted(
                (m.start(), subject)
                for subject, pattern in topic.subjects
                for m in re.finditer(pattern, text)
            )
            for topic in fmt.claim_topics
        }

    def clause_start(self, position: int) -> int:
        i = bisect.bisect_left(self.bounds, position)
        return self.bounds[i - 1] + 1 if i else 0

    def clause_end(self, position: int) -> int:
        i = bisect.bisect_left(self.bounds, position)
        return self.bounds[i] if i < len(self.bounds) else len(self.text)

    def other_year(self, position: int) -> bool:
        """The clause around `position` names another year (「2021年收到申请80件」 in 2022)."""
        i = bisect.bisect_left(self.other_years, self.clause_start(position))
        return i < len(self.other_years) and self.other_years[i] < self.clause_end(position)

    def subject_before(self, claim: TextClaim, position: int) -> int | None:
        """Where the claim's subject is named last before `position`, if it is the last named."""
        named = self.subjects.get(claim.topic, [])
        i = bisect.bisect_left(named, (position, ""))
        if not claim.subject or i == 0:
            return None
        at, subject = named[i - 1]
        return at if subject == claim.subject else None

    def quote(self, start: int, end: int) -> str:
        """The clauses from `start` to `end`, at most a few dozen characters either side."""
        begin = max(self.clause_start(start), start - _QUOTE_MARGIN)
        return self.text[begin : min(self.clause_end(end), end + _QUOTE_MARGIN)]


def _in_context(topic: ClaimTopic, sentence: str, section_id: str) -> bool:
    return (
        not topic.context
        or section_id in topic.sections
        or any(word in sentence for word in topic.context)
    )


def _bound_keyword(sentence, start, end, claims, unit):
    """The keyword nearest before the number (the longest where several end at the same place; a
    weak one only where no other is in the phrase), with the claims it can state in this unit;
    None when no keyword is in the phrase."""
    best = None
    phrase = sentence[start:end]
    for claim in claims:
        if unit not in claim.units:
            continue
        for keyword in claim.keywords:
            at = phrase.rfind(keyword)
            if at == -1:
                continue
            rank = (not claim.weak, at + len(keyword), len(keyword))
            if best is None or rank > best[0]:
                best = (rank, start + at, keyword, [claim])
            elif rank == best[0] and keyword == best[2]:
                best[3].append(claim)
    if best is None:
        return None
    return best[1], best[2], best[3]


def _negated(sentence: str, keyword_start: int) -> bool:
    return any(c in _NEGATION for c in sentence[max(0, keyword_start - 2) : keyword_start])


def _without_keywords(phrase: str, fmt: FormatDescription) -> str:
    for claim in fmt.claims:
        for keyword in claim.keywords:
            phrase = phrase.replace(keyword, "")
    return phrase


@cache
def _numbers(fmt: FormatDescription) -> re.Pattern:
    """A number (digits, or Chinese numerals up to the hundreds) right before a claim's unit."""
    units = sorted({u for c in fmt.claims for u in c.units}, key=len)
    return re.compile(
        r"(?<![0-9.每这那哪某任同逐第])(?<![0-9],)"
        r"(?P<number>[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百]+)"
        r"(?P<unit>" + "|".join(map(re.escape, reversed(units))) + ")"
    )


def _value(text: str) -> Decimal:
    if text[0].isdigit():
        return Decimal(text.replace(",", ""))
    total = current = 0
    for char in text:
        if char in _CHINESE_DIGITS:
            current = _CHINESE_DIGITS[char]
        else:  # 十 or 百
            total += (current or 1) * (10 if char == "十" else 100)
            current = 0
    return Decimal(total + current)
