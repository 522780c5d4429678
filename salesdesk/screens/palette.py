"""Command palette providers: jump to any customer or item by number or name."""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..i18n import _


class JumpProvider(Provider):
    """Ctrl+P, then part of a name or number: open that customer's or item's card."""

    async def search(self, query: str) -> Hits:
        text = query.strip()
        if len(text) < 2:
            return
        app = self.app
        try:
            customers, items = await asyncio.to_thread(
                lambda: (app.desk.customers.search(text, limit=8), app.desk.items.search(text, limit=8))
            )
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

    async def discover(self) -> Hits:
        yield DiscoveryHit(_("Customers"), partial(self.app.switch_mode, "customers"),
                           help=_("Type a customer's name or number to jump to the card"))
        yield DiscoveryHit(_("Items"), partial(self.app.switch_mode, "items"),
                           help=_("Type an item's description or number to jump to the card"))
