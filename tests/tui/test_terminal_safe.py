"""The second guard: control characters from data are shown as U+FFFD."""

import pytest
from rich.text import Text
from textual.content import Content

from salesdesk.widgets.terminal_safe import REPLACEMENT, install, terminal_safe


@pytest.mark.parametrize("raw", ["\x1b[2J", "\x1b]0;t\x07", "\x00", "\x9b31m", "\x7f", "a\ud800"])
def test_control_characters_are_replaced(raw):
    safe = terminal_safe(raw)
    assert REPLACEMENT in safe
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in safe)
    safe.encode("utf-8")


def test_tab_newline_and_text_are_kept():
    assert terminal_safe("Pépinière\tMoreau\n2") == "Pépinière\tMoreau\n2"


def test_every_rich_text_and_textual_content_is_filtered_once_installed():
    install()
    assert "\x1b" not in Text("a\x1b[2Jb").plain
    assert "\x1b" not in Content("a\x1b]0;x\x07b").plain
