"""gettext for every user-facing sentence.

The source strings are Simplified Chinese, the program's default language; the catalogues in
resources/locale (managed with babel, see tools/catalogs.py) can carry other languages.
"""

import gettext
import os
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "resources" / "locale"
DOMAIN = "messages"

_translation = gettext.translation(
    DOMAIN,
    localedir=LOCALE_DIR,
    languages=[os.environ.get("NIANBAO_LANG", "zh_CN")],
    fallback=True,
)


def _(message: str) -> str:
    """The message in the user's language."""
    return _translation.gettext(message)
