"""Monkey test: no traceback whatever keys are pressed.

For each area the app is started on the demo company and fed a seeded pseudo-random
sequence of keys a clerk could press. The app runs with crash_on_error=True, so any
unhandled exception ends the run and fails the test; the failure names the area, the seed
and the keys pressed so far, which is enough to replay it by hand.
"""

import random

import pytest

from .conftest import settle

KEYS_PER_AREA = 140
SETTLE_EVERY = 5
STEER_EVERY = 25  # a clerk who wandered off goes back to the area under test: F2, then its key
AREA_KEY = {"customers": "c", "items": "i", "setup": "s"}
# Seeds picked so that, between them, the walks reach every kind of screen: lists, cards,
# the F4 lookup, Adjust Inventory (F6), the setup lists and cards, confirmations.
SEEDS = {"desk": 22, "customers": 36, "items": 11, "setup": 2}

# (key, weight): letters and digits dominate, as they do at a real keyboard.
LETTERS = [(ch, 1) for ch in "abcdefghijklmnopqrstuvwxyz"] + [(ch, 1) for ch in "CIS"]
DIGITS = [(ch, 1) for ch in "0123456789"] + [("-", 1), (".", 1), ("@", 1)]
NAMED = [
    ("space", 2), ("tab", 6), ("shift+tab", 3), ("enter", 6), ("escape", 3),
    ("up", 3), ("down", 5), ("pageup", 1), ("pagedown", 1), ("home", 1), ("end", 1),
    ("backspace", 2), ("delete", 1), ("f2", 1), ("f4", 3), ("f5", 1), ("f6", 3),
    ("ctrl+n", 3), ("ctrl+s", 4), ("ctrl+o", 2), ("ctrl+x", 2), ("ctrl+delete", 2),
    ("ctrl+f7", 2), ("y", 4), ("n", 3),
]
KEYS, WEIGHTS = zip(*(LETTERS + DIGITS + NAMED))
FORBIDDEN = {"ctrl+q", "ctrl+c", "ctrl+p"}
assert not FORBIDDEN & set(KEYS)


def key_sequence(seed: int, length: int = KEYS_PER_AREA) -> list[str]:
    return random.Random(seed).choices(KEYS, weights=WEIGHTS, k=length)


def _where(app) -> str:
    try:
        return type(app.screen).__name__
    except Exception:  # the app may be gone already
        return "?"


@pytest.fixture
def demo_desk(desk):
    desk.load_demo()
    return desk


@pytest.mark.parametrize("start", list(SEEDS))
async def test_random_keys_never_crash_the_app(demo_desk, make_app, start):
    seed = SEEDS[start]
    keys = key_sequence(seed)
    pressed: list[str] = []
    app = make_app(start=start)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            for index, key in enumerate(keys):
                if not app.is_running or app._exception is not None:
                    break
                if index % STEER_EVERY == STEER_EVERY - 1 and start in AREA_KEY and app.current_mode != start:
                    for steer in ("f2", AREA_KEY[start]):
                        pressed.append(f"{steer}@{_where(app)}")
                        await pilot.press(steer)
                    await settle(pilot, rounds=1)
                pressed.append(f"{key}@{_where(app)}")
                await pilot.press(key)
                if index % SETTLE_EVERY == SETTLE_EVERY - 1:
                    await settle(pilot, rounds=1)
            await settle(pilot)
            assert app.is_running, f"the app stopped after {len(pressed)} keys: {pressed[-20:]}"
            assert app.screen_stack, "the screen stack is empty"
            assert app._exception is None
    except BaseException as err:
        err.add_note(f"monkey area={start} seed={seed}; {len(pressed)} keys pressed (key@screen), "
                     f"last 25: {pressed[-25:]}")
        raise
    assert len(pressed) >= KEYS_PER_AREA


async def test_palette_opens_and_closes(demo_desk, make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screens_before = len(app.screen_stack)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert len(app.screen_stack) == screens_before + 1
        for key in ("j", "a", "r", "d"):
            await pilot.press(key)
        await settle(pilot, rounds=6)
        await pilot.press("backspace", "backspace", "x")
        await settle(pilot, rounds=6)
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running
        assert len(app.screen_stack) == screens_before
