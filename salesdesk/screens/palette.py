"""Command palette providers: jump to any customer, item or posted document by number or name."""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..i18n import _
from .history.posted_card import POSTED_KINDS, POSTED_TITLES

POSTED_JUMP_LIMIT = 4  # per kind


class JumpProvider(Provider):
    """Ctrl+P, then part of a name or number: open that customer's or item's card; with a
    digit in it, also the posted documents whose number (or customer) matches."""

    async def search(self, query: str) -> Hits:
        text = query.strip()
        if len(text) < 2:
            return
        app = self.app
        with_posted = any(ch.isdigit() for ch in text)

        def look_up():
            desk = app.desk
            posted = []
            if with_posted:
                posted = [(kind, row) for kind in POSTED_KINDS
                          for row in desk.posted.page(kind, text, 0, POSTED_JUMP_LIMIT)]
            return desk.customers.search(text, limit=8), desk.items.search(text, limit=8), posted

        try:
            customers, items, posted = await asyncio.to_thread(look_up)
        except Exception:  # the palette never breaks the app
            return
        matcher = self.matcher(text)
        for customer in customers:
            label = f"{_('Customer')} {customer.no} {customer.name} ({customer.city})"
            yield Hit(max(matcher.match(label), 0.5), matcher.highlight(label),
                      partial(app.open_customer, customer.no), help=_("Open the customer card"))
        for item in items:
            label = f"{_('Item')} {item.no} {item.description}"
            yield Hit(max(matcher.match(label), 0.5), matcher.highlight(label),
                      partial(app.open_item, item.no), help=_("Open the item card"))
        for kind, row in posted:
            no, _customer_no, customer_name = row[:3]
            label = f"{POSTED_TITLES[kind]} {no} {customer_name}"
            yield Hit(max(matcher.match(label), 0.5), matcher.highlight(label),
                      partial(app.open_posted, kind, no, switch=True), help=_("Open the posted document"))

    async def discover(self) -> Hits:
        yield DiscoveryHit(_("Customers"), partial(self.app.switch_mode, "customers"),
                           help=_("Type a customer's name or number to jump to the card"))
        yield DiscoveryHit(_("Items"), partial(self.app.switch_mode, "items"),
                           help=_("Type an item's description or number to jump to the card"))
