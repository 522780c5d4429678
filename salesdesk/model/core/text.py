"""Text folding for search: case- and accent-insensitive keys."""

import unicodedata


def fold(text: str | None) -> str:
    """Lower-case ``text`` and strip accents: "Éric Dupré" -> "eric dupre"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def search_key(*parts: str | None) -> str:
    """One folded string of all searchable parts, separated by a unit separator."""
    return "\x1f".join(fold(p) for p in parts if p)


def control_character(text: str, *, multi_line: bool = False) -> str | None:
    """The first character of ``text`` that no clerk types and a terminal would obey or choke
    on (a C0 control but tab, and newline in a multi-line field; DEL; a C1 control; a lone
    surrogate), described for a message; None when the text is clean."""
    for ch in text:
        code = ord(ch)
        if ch == "\t" or (multi_line and ch == "\n"):
            continue
        if code < 0x20 or 0x7F <= code < 0xA0:
            return f"U+{code:04X}"
        if 0xD800 <= code <= 0xDFFF:
            return f"U+{code:04X}"
    return None


def without_control_characters(text: str) -> str:
    """``text`` from outside (a bank file) with each control character and lone surrogate
    made U+FFFD: kept readable, never able to drive a terminal or break a file."""
    if control_character(text) is None:
        return text
    return "".join("\ufffd" if control_character(ch) else ch for ch in text)
