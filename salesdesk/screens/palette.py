"""Command palette providers: jump to any customer, vendor, item or posted document by number or name."""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from ..i18n import _
from .history.posted_card import POSTED_KINDS, POSTED_TITLES

POSTED_JUMP_LIMIT = 4  # per kind


class JumpProvider(Provider):
    """Ctrl+P, then part of a name or number: open that customer's, vendor's or item's card; with a
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
            return (desk.customers.search(text, limit=8), desk.items.search(text, limit=8), posted,
                    desk.vendors.search(text, limit=8))

        try:
            customers, items, posted, vendors = await asyncio.to_thread(look_up)
        except Exception:  # the palette never breaks the app
            return
        matcher = self.matcher(text)
        for customer in customers:
            label = f"{_('Customer')} {customer.no} {customer.name} ({customer.city})"
            yield _hit(matcher, label, partial(app.open_customer, customer.no), _("Open the customer card"))
        for vendor in vendors:
            label = f"{_('Vendor')} {vendor.no} {vendor.name}" + (f" ({vendor.city})" if vendor.city else "")
            yield _hit(matcher, label, partial(app.open_vendor, vendor.no), _("Open the vendor card"))
        for item in items:
            label = f"{_('Item')} {item.no} {item.description}"
            yield _hit(matcher, label, partial(app.open_item, item.no), _("Open the item card"))
        for kind, row in posted:
            no, _customer_no, customer_name = row[:3]
            label = f"{POSTED_TITLES[kind]} {no} {customer_name}"
            yield _hit(matcher, label, partial(app.open_posted, kind, no, switch=True),
                       _("Open the posted document"))

    async def discover(self) -> Hits:
        yield DiscoveryHit(Content(_("Customers")), partial(self.app.switch_mode, "customers"),
                           text=_("Customers"),
                           help=Content(_("Type a customer's name or number to jump to the card")))
        yield DiscoveryHit(Content(_("Vendors")), partial(self.app.switch_mode, "vendors"), text=_("Vendors"),
                           help=Content(_("Type a vendor's name or number to jump to the card")))
        yield DiscoveryHit(Content(_("Items")), partial(self.app.switch_mode, "items"), text=_("Items"),
                           help=Content(_("Type an item's description or number to jump to the card")))


def _hit(matcher: Matcher, label: str, command, help_text: str) -> Hit:
    """A hit shown literally: names and descriptions are data, never markup ("[bold]Acme" is
    shown with its brackets; "Smith [/b] Co" is found, not an error). Textual's
    ``Matcher.highlight`` and the palette read a ``str`` as markup, so both go in as Content."""
    display = Content(label)
    score, offsets = matcher.fuzzy_search.match(matcher.query, label)
    if score:
        for offset in offsets:
            if not label[offset].isspace():
                display = display.stylize(matcher.match_style, offset, offset + 1)
    # help is typed str in Textual, but the palette passes Content through as it is
    return Hit(max(score, 0.5), display, command, text=label, help=Content(help_text))  # type: ignore[arg-type]
