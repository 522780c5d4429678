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
