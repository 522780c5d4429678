"""Adjust Cost - Item Entries (Business Central's batch), for what the postings left: costs
are adjusted inside each posting already (costing.py), so the batch finds work only after a
writer of inbound entries that did not call ``finish_inbound``. Item by item, one transaction
each: the value entries not yet posted go to G/L, and an Average item's Unit Cost is brought
to its moving average."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import select

from ..tables import Item, ValueEntry
from .costing import post_cost_adjustments, update_average_costs


def adjust_cost_item_entries(desk, *, posting_date: dt.date | None = None,
                             progress: Callable[[int, int], None] | None = None) -> int:
    """Run the batch; ``progress(done, total)`` after each item. Returns how many items had
    cost adjustments posted to G/L."""
    posting_date = posting_date or desk.today()
    with desk.db.read() as s:
        pending = set(s.scalars(select(ValueEntry.item_no).where(ValueEntry.posted_to_gl.is_(False)).distinct()))
        averaged = set(s.scalars(select(Item.no).where(Item.costing_method == "average")))
    items = sorted(pending | averaged)
    adjusted = 0
    for done, item_no in enumerate(items, start=1):
        with desk.db.write() as s:
            update_average_costs(s, [item_no])
            if item_no in pending and post_cost_adjustments(s, posting_date, f"ADJ-{item_no}", item_no=item_no):
                adjusted += 1
        if progress:
            progress(done, len(items))
    return adjusted
