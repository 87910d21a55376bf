"""Printed labels matched to the format's labels by similarity: published reports have slips."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

_UNIFY = str.maketrans(
    {
        "(": "（",
        ")": "）",
        "．": ".",
        ":": "：",
        "\u201c": '"',
        "\u201d": '"',
        "＂": '"',
        "，": ",",
    }
    | {chr(0xFF10 + i): str(i) for i in range(10)}
)
_NUMBER_MARK = re.compile(r"(?<![\d.])(\d)\s*[、.](?=\D)")
FLOOR = 0.5  # below this no caller takes a label for another, so it is reported as 0


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """A label without spaces, line breaks or the punctuation variants of typing and PDF text."""
    text = "".join(text.split()).translate(_UNIFY)
    return _NUMBER_MARK.sub(r"\1.", text)


@lru_cache(maxsize=16384)
def similarity(printed: str, label: str) -> float:
    """0 to 1: how alike a printed label is to the format's label."""
    a, b = normalize(printed), normalize(label)
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < FLOOR or matcher.quick_ratio() < FLOOR:
        return 0.0  # the bounds are cheap; the ratio itself is what costs
    return matcher.ratio()


def same(printed: str, label: str) -> bool:
    return normalize(printed) == normalize(label)
