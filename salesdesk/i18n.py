"""Translations: every user-facing string goes through ``_``.

English is the source language; catalogues live in ``salesdesk/locale``.
"""

import gettext
from pathlib import Path

_LOCALE_DIR = Path(__file__).parent / "locale"
_translation = gettext.translation("salesdesk", localedir=_LOCALE_DIR, fallback=True)


def _(message: str) -> str:
    return _translation.gettext(message)

