"""Pilot helpers: the app built like the command line builds it, on the test's desk."""

import asyncio

import pytest

from salesdesk.app import SalesDeskApp
from salesdesk.config import Settings


@pytest.fixture
def make_app(desk, tmp_path):
    def make(**kwargs) -> SalesDeskApp:
        settings = Settings(db=str(tmp_path / "test.db"), log_file=tmp_path / "salesdesk.log")
        return SalesDeskApp(settings, desk=desk, crash_on_error=True, **kwargs)

    return make


async def settle(pilot, rounds: int = 4) -> None:
    """Let workers and thread calls finish and the screen repaint (no fixed sleeps)."""
    for _ in range(rounds):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await asyncio.sleep(0.02)
    await pilot.pause()


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


async def open_card(pilot, kind: str, no: str):
    """The app's document card for ``kind`` ``no``, opened and settled; the screen."""
    await settle(pilot)
    pilot.app.open_document(kind, no)
    await settle(pilot, rounds=6)
    return pilot.app.screen
