"""The second guard against text that would drive the terminal: names, descriptions and bank
text come from outside, and an ESC in one could clear the screen or retitle the window. The
model refuses control characters on input; whatever gets through anyway (an old database, a
file) is shown with each control character as U+FFFD, never sent to the terminal."""

from __future__ import annotations

REPLACEMENT = "\ufffd"
# C0 (tab and newline are layout, not control), DEL, C1
CONTROL_CODES = [*(c for c in range(0x20) if c not in (0x09, 0x0A)), 0x7F, *range(0x80, 0xA0)]
_TRANSLATE = {code: REPLACEMENT for code in CONTROL_CODES}


def terminal_safe(text: str) -> str:
    """``text`` with every control character (and any lone surrogate) replaced by U+FFFD."""
    safe = text.translate(_TRANSLATE)
    try:
        safe.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: the pair decoder turns it into U+FFFD
        safe = safe.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return safe


def install() -> None:
    """Make Rich's and Textual's own control-code filters (every Text and Content passes
    through them) replace every control character, not only BEL, BS, VT, FF and CR."""
    from rich import control
    from textual import content

    for table in (control._CONTROL_STRIP_TRANSLATE, content._CONTROL_STRIP_TRANSLATE):
        for code in CONTROL_CODES:
            table.setdefault(code, REPLACEMENT)
