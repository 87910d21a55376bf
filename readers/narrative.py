"""The words of a report: headings, title, the opening paragraph's profile, signing unit and date."""

from __future__ import annotations

import re
from datetime import date

from models.format.blocks import FormatDescription, Section
from models.i18n import _
from models.report import Agency
from readers.labels import normalize, similarity

HEADING_MATCH = 0.8
REWORDED_MATCH = 0.5
_NUMBERING = re.compile(r"^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、)")
_SEPARATORS = "。：:，,．. \u3000"
_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’《》]"
# A run of spaces is tried once, from its first space: (?<! ) keeps a long run without Chinese
# after it from being scanned again from each of its spaces.
_SPACE_BY_CJK = re.compile(rf"(?<={_CJK}) +|(?<! ) ++(?={_CJK})")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_CHINESE_DIGITS = str.maketrans("〇○零一二三四五六七八九", "00012345678" + "9")


def headed_sections(fmt: FormatDescription) -> list[Section]:
    """The sections with a printed heading, in the order of the report."""
    return [s for s in fmt.all_sections() if s.heading]


def match_heading(text: str, sections: list[Section], after: int) -> tuple[int, str, str] | None:
    """(index of the section, the text after the heading, slip note) when the paragraph starts
    with one of the headings after `after`; None for a paragraph of text."""
    plain = "".join(text.split())
    for index in range(after + 1, len(sections)):
        heading = sections[index].heading
        if len(plain) <= len(heading) + 2 and similarity(plain, heading) >= HEADING_MATCH:
            note = "" if normalize(plain) == normalize(heading) else _slip(plain, heading)
            return index, "", note
        if plain.startswith(heading) and plain[len(heading) : len(heading) + 1] in _SEPARATORS:
            return index, text.strip()[len(heading) :].lstrip(_SEPARATORS), ""
        if _reworded(plain, heading):
            return index, "", _slip(plain, heading)
    return None


def _reworded(plain: str, heading: str) -> bool:
    """A heading in the agency's own words: its number, short, not a sentence, still alike
    (「（一）主动公开方面」, 「四、因政府信息公开工作被申请行政复议、提起行政诉讼情况」)."""
    number = _NUMBERING.match(heading)
    return (
        number is not None
        and plain.startswith(number.group(0))
        and len(plain) <= 40
        and not plain.endswith(("。", "；", "，"))
        and similarity(plain, heading) >= REWORDED_MATCH
    )


def _slip(printed: str, heading: str) -> str:
    return _("标题「{printed}」按「{heading}」读取").format(printed=printed, heading=heading)


def tidy(text: str) -> str:
    """A PDF's spaces between Chinese and Latin characters removed; the text stripped."""
    return _SPACE_BY_CJK.sub("", text).strip()


def split_title(paragraphs: list[str]) -> tuple[str, list[str]]:
    """The title (joined when it runs over two or three lines) and the paragraphs after it.
    Anything before the title (a portal's breadcrumbs) is dropped."""
    end = next((i for i, p in enumerate(paragraphs[:8]) if "年度报告" in p and len(p) < 80), None)
    if end is None:
        return "", paragraphs
    title, start = "".join(paragraphs[end].split()), end
    while start > max(0, end - 2) and not _whole_title(title):
        before = "".join(paragraphs[start - 1].split())
        if len(before) > 40 or ">" in before:
            break
        title, start = before + title, start - 1
    return title, paragraphs[end + 1 :]


def _whole_title(title: str) -> bool:
    """A title that names the agency and the year: 「某局2021年政府信息公开…」, or 「2019年上海市
    人民政府办公厅政府信息公开…」 with the year first."""
    return bool(
        re.match(r"^[^\d年]+\d{4}年.*政府信息公开", title)
        or re.match(r"^\d{4}年度?[^\d年]+政府信息公开", title)
    )


def agency_and_year(title: str) -> tuple[str, int | None]:
    """「某局2021年政府信息公开工作年度报告」 → (某局, 2021); the year may come first."""
    match = re.search(r"^(.*?)(\d{4})\s*年(度)?\s*政府信息公开", title)
    if match:
        return match.group(1).strip(), int(match.group(2))
    match = re.search(r"^(\d{4})\s*年度?\s*(.+?)政府信息公开", title)
    if match:
        return match.group(2).strip(), int(match.group(1))
    match = re.search(r"^(.*?)政府信息公开", title)
    return (match.group(1).strip() if match else ""), None


# What a portal prints around a report and is not its opening paragraph: 「来源：… 时间：…」, and
# the metadata box (索引号 / 发布机构 / 公开日期 …, often one label a line or tab-separated).
_PORTAL_LABELS = (
    "来源",
    "发布时间",
    "时间",
    "索引号",
    "发布机构",
    "发文机关",
    "公开日期",
    "发布日期",
    "成文日期",
    "生成日期",
    "名称",
    "文号",
    "主题分类",
    "公开方式",
    "浏览次数",
    "字号",
)
PORTAL_LABEL = re.compile(rf"(?:{'|'.join(_PORTAL_LABELS)})\s*[：:]")
_PORTAL_LINE = re.compile(rf"^\s*{PORTAL_LABEL.pattern}")


def is_portal_line(paragraph: str) -> bool:
    """A line of the portal's page (「来源：某局 时间：2022-01-20」, 「索引号：…」), not the report."""
    return bool(_PORTAL_LINE.match(paragraph)) and len(paragraph) < 200


def profile_from(preamble: str, name: str) -> Agency:
    """The contact details of the opening paragraph."""

    def find(pattern: str) -> str:
        match = re.search(pattern, preamble)
        return match.group(1).strip(" ，,；;。") if match else ""

    return Agency(
        name=name,
        office=find(
            r"(?:请联系|联系单位|联系部门)[：:]?\s*([^；;，,。：:（(]+?)(?=[；;，,。（(]|地址|$)"
        )
        or find(r"(?:直接)?与([^，,。；;：:]{4,30}?)联系"),
        address=find(r"地址[：:为]?\s*([^；;，,。)）]+)"),
        postcode=find(r"邮[政编]*编?码?[：:为]?\s*(\d{6})"),
        phone=find(_PHONE),
        website=find(_WEBSITE),
    )


# Starts at the first character that is no space, and is at most 40 long: a run of blanks after
# 「电话」 is passed once, not tried at each of its lengths.
_PHONE = r"电话[：:为]?\s*+([0-9０-９()（）][0-9０-９()（）\-－—\s]{5,38}[0-9０-９])"

# Starts only where a run of letters and digits starts (not after 「@」: an e-mail address names no
# website), and a label is never given back: a long run without dots is passed over in one step
# instead of tried from each of its characters.
_WEBSITE = (
    r"(?<![A-Za-z0-9.\-@])((?:https?://)?(?:(?>[A-Za-z0-9-]+)\.)+"
    r"(?:gov\.cn|com\.cn|org\.cn|cn|com|net|org)"
    r"(?:/[A-Za-z0-9./_\-]*)?)"
)


def period_from(preamble: str) -> tuple[date | None, date | None]:
    found = re.findall(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", preamble)
    if len(found) < 2:
        return None, None
    try:
        start, end = (date(int(y), int(m), int(d)) for y, m, d in found[:2])
    except ValueError:
        return None, None
    return start, end


def closing(paragraphs: list[str]) -> tuple[list[str], str, date | None]:
    """The last part's paragraphs without the signing unit and 成文日期 at its end."""
    paragraphs = list(paragraphs)
    signed, issued = "", None
    if paragraphs:
        last = "".join(paragraphs[-1].split()).translate(_CHINESE_DIGITS)
        match = _DATE.search(last)
        if match and len(last) - len(match.group(0)) < 40:
            try:
                issued = date(*(int(g) for g in match.groups()))
            except ValueError:
                issued = None
            rest = last[: match.start()].strip()
            paragraphs.pop()
            if rest:
                signed = rest
            elif paragraphs and _looks_like_unit(paragraphs[-1]):
                signed = paragraphs.pop().strip()
    return paragraphs, signed, issued


def _looks_like_unit(text: str) -> bool:
    plain = text.strip()
    return 2 < len(plain) <= 40 and not any(p in plain for p in "。；：，")
