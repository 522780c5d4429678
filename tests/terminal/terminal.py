"""A real terminal for the real program: salesdesk runs in a pseudo-terminal (ptyprocess),
its output is read by a VT100 emulator (pyte), and keys are written to it at a clerk's
speed, with no waiting for the app between them (unlike Textual's Pilot)."""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import ptyprocess
import pyte

KEYS = {
    "enter": "\r", "tab": "\t", "escape": "\x1b", "backspace": "\x7f", "space": " ",
    "up": "\x1b[A", "down": "\x1b[B", "right": "\x1b[C", "left": "\x1b[D",
    "home": "\x1b[H", "end": "\x1b[F", "delete": "\x1b[3~", "pageup": "\x1b[5~", "pagedown": "\x1b[6~",
    "f1": "\x1bOP", "f2": "\x1bOQ", "f3": "\x1bOR", "f4": "\x1bOS", "f5": "\x1b[15~",
    "f6": "\x1b[17~", "f7": "\x1b[18~", "f8": "\x1b[19~", "f9": "\x1b[20~", "f10": "\x1b[21~",
}


def key_bytes(key: str) -> str:
    """``enter``, ``f9``, ``ctrl+n``, ``alt+p`` or one character, as a terminal sends it."""
    if key in KEYS:
        return KEYS[key]
    if key.startswith("ctrl+") and len(key) == 6:
        return chr(ord(key[-1].lower()) - ord("a") + 1)
    if key.startswith("alt+") and len(key) == 5:
        return "\x1b" + key[-1]
    if len(key) == 1:
        return key
    raise ValueError(f"unknown key {key!r}")


class Terminal:
    """``salesdesk --db DB`` in a pty of ``columns`` x ``lines``."""

    def __init__(self, db: Path, *, columns: int = 120, lines: int = 40, args: tuple[str, ...] = (),
                 env: dict[str, str] | None = None):
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        environment = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns),
                       "LINES": str(lines), **(env or {})}
        environment.pop("TEXTUAL", None)
        self.process = ptyprocess.PtyProcess.spawn(
            [sys.executable, "-m", "salesdesk", "--db", str(db), *args],
            dimensions=(lines, columns), env=environment)
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = self.process.read(65536)
            except EOFError:
                return
            with self._lock:
                self.stream.feed(data)

    def text(self) -> str:
        with self._lock:
            return "\n".join(self.screen.display)

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        """Wait until ``text`` is on screen; the screen's text."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.text()
            if text in shown:
                return shown
            if not self.process.isalive():
                break
            time.sleep(0.05)
        raise AssertionError(f"{text!r} not on screen after {timeout} s:\n{self.text()}")

    def press(self, *keys: str, delay: float = 0.0) -> None:
        """Type ``keys``: with no delay, in one write (a burst, as a scanner or a paste-less
        fast typist delivers them); else ``delay`` seconds apart, not waiting for the app."""
        data = "".join(key_bytes(key) for key in keys)
        if not delay:
            self.process.write(data.encode())
            return
        for key in keys:
            self.process.write(key_bytes(key).encode())
            time.sleep(delay)

    def type(self, text: str, delay: float = 0.0) -> None:
        self.press(*text, delay=delay)

    def close(self) -> None:
        if self.process.isalive():
            self.process.terminate(force=True)
