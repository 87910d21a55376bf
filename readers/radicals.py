"""Radicals in place of the characters they look like (⼈ U+2F08 for 人).

A PDF maker that writes each glyph's character by looking the glyph up in the font may take the
Kangxi radical that shares the glyph: the page looks right, its text does not, and text copied
from it carries the radicals along. Each radical with a compatibility mapping to an ideograph (all
214 Kangxi radicals; of the CJK Radicals Supplement only two) is read as that ideograph, and the
reading says how many were.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

FIRST, LAST = 0x2E80, 0x2FDF  # CJK Radicals Supplement and Kangxi Radicals
_ANY = re.compile(f"[{chr(FIRST)}-{chr(LAST)}]")


class Radicals:
    """The radicals read as ideographs so far, counted for the note."""

    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()

    def read(self, text: str) -> str:
        """`text` with each radical that stands for an ideograph replaced by it."""
        return _ANY.sub(self._ideograph, text) if _ANY.search(text) else text

    def _ideograph(self, match: re.Match) -> str:
        radical = match.group()
        ideograph = unicodedata.normalize("NFKC", radical)
        if ideograph == radical or len(ideograph) != 1:
            return radical
        self.seen[ideograph] += 1
        return ideograph

    def note(self, kind: str) -> list[str]:
        """What was read otherwise, naming the characters only (the window's fonts often have no
        radicals, which would show as boxes); none when nothing was."""
        if not self.seen:
            return []
        from models.i18n import _

        examples = "".join(f"「{ideograph}」" for ideograph, _n in self.seen.most_common(3))
        return [
            _("{kind}把 {count} 个汉字（如{examples}）写成了形近的部首字符，已按汉字读取").format(
                kind=kind, count=sum(self.seen.values()), examples=examples
            )
        ]
