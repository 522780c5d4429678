"""Monkey walks from every area of the app (each list, ledger, journal, report and a
document card with lines), with fixed seeds: random keys a clerk could press never crash the
app (crash_on_error), and afterwards the books still reconcile: every G/L transaction sums to
zero and every item's stock is the sum of its item ledger entries."""

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from salesdesk.app import SalesDeskApp
from salesdesk.model import DocKind
from salesdesk.model.tables import ItemLedgerEntry, ItemStock

from ..model.test_posting_support import gl_sums
from .conftest import settle
from .test_monkey import key_sequence

KEYS_PER_WALK = 60
STEER_EVERY = 20  # a walk that wandered off is brought back to its area
AREAS = sorted(SalesDeskApp.MODES)


def _books_reconcile(desk) -> None:
    assert all(total == 0 for total in gl_sums(desk).values()), gl_sums(desk)
    with desk.db.read() as s:
        ledger = dict(s.execute(select(ItemLedgerEntry.item_no, func.sum(ItemLedgerEntry.quantity))
                                .group_by(ItemLedgerEntry.item_no)).all())
        stock = dict(s.execute(select(ItemStock.item_no, func.sum(ItemStock.quantity))
                               .group_by(ItemStock.item_no)).all())
    assert {k: Decimal(v) for k, v in ledger.items() if v} == {k: Decimal(v) for k, v in stock.items() if v}


async def _walk(app, pilot, keys, steer) -> list[str]:
    pressed = []
    for index, key in enumerate(keys):
        if not app.is_running or app._exception is not None:
            break
        if index % STEER_EVERY == STEER_EVERY - 1:
            await settle(pilot, rounds=1)
            steer()
            await settle(pilot, rounds=1)
        pressed.append(f"{key}@{type(app.screen).__name__}")
        await pilot.press(key)
        if index % 5 == 4:
            await settle(pilot, rounds=1)
    await settle(pilot)
    return pressed


async def _monkey(app, desk, seed: int, steer, label: str, *, steer_first: bool = False) -> None:
    """Walk ``app`` with the keys of ``seed``, brought back by ``steer``; no crash, and the
    books reconcile afterwards. A failure names the walk and its last keys."""
    pressed: list[str] = []
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            if steer_first:
                steer()
                await settle(pilot, rounds=4)
            pressed = await _walk(app, pilot, key_sequence(seed, KEYS_PER_WALK), steer)
            assert app.is_running and app._exception is None
    except BaseException as err:
        err.add_note(f"monkey {label} seed={seed}; last keys (key@screen): {pressed[-20:]}")
        raise
    _books_reconcile(desk)


@pytest.fixture
def demo_desk(desk):
    desk.load_demo()
    return desk


@pytest.mark.parametrize("area", AREAS)
async def test_a_walk_from_every_area_never_crashes_and_the_books_reconcile(demo_desk, make_app, area):
    app = make_app(start=area)

    def steer():
        if app.current_mode != area:
            app.switch_mode(area)

    await _monkey(app, demo_desk, 1000 + AREAS.index(area), steer, f"area={area}")


@pytest.mark.parametrize("seed", [7, 8])
async def test_a_walk_on_a_document_card_with_lines(demo_desk, make_app, seed):
    order = demo_desk.sales.create(DocKind.ORDER, "C00001")
    for item in ("I00001", "I00002", "I00003"):
        demo_desk.sales.add_line(order, item, Decimal("2"))
    app = make_app()

    def steer():
        if app.current_mode != "orders" or type(app.screen).__name__ != "DocumentScreen":
            app.open_document("order", order.no)

    await _monkey(app, demo_desk, seed, steer, "document card", steer_first=True)
