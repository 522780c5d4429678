"""The item card: fields, inventory per location and the item ledger in the FactBox,
and Adjust Inventory (an item journal line)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from ...i18n import _
from ...widgets import format as fmt
from ...widgets.paged_table import Column, PagedTable
from ..common.card_base import CardScreen


class ItemCardScreen(CardScreen):
    NOUN = _("Item")

    BINDINGS = [
        Binding("f6,alt+a", "adjust", _("Adjust Inventory"), id="item.adjust"),
        # BC: Ctrl+F7 Ledger Entries; Alt+L where the terminal does not deliver Ctrl+F7
        Binding("ctrl+f7,alt+l", "entries", _("Ledger Entries"), id="item.entries"),
    ]

    @property
    def service(self):
        return self.app.desk.items

    def sections(self):
        return [
            (_("General"), ["no", "description", "type", "base_uom", "blocked", "sales_blocked"]),
            (_("Prices & Sales"), ["unit_price", "unit_cost", "vat_prod_group", "gen_prod_group"]),
            (_("Costs"), ["costing_method"]),  # refused once the item has entries (BC)
            (_("Replenishment"), ["vendor_no", "vendor_item_no", "last_direct_cost", "lead_time_days",
                                  "purchasing_code"]),
        ]

    def defaults(self):
        return {"type": "inventory", "base_uom": "PCS", "unit_price": "0", "unit_cost": "0", "costing_method": "fifo"}

    def heading(self, record) -> str:
        return f"{_('Item')} {record.no} · {record.description}"

    def create(self, values: dict):
        description = values.pop("description", "")
        return self.service.create(description, vat_prod_group=values.pop("vat_prod_group", ""), **values)

    def compose_factbox(self) -> ComposeResult:
        yield Static(_("Inventory"), classes="factbox-title")
        yield Static("", id="inventory", markup=False)
        yield Static(_("Item Ledger Entries"), classes="factbox-title")
        yield PagedTable(
            [Column(_("Date"), 10, format=fmt.date), Column(_("Type"), 0, format=fmt.words),
             Column(_("Qty."), 8, "right", fmt.quantity)],
            lambda _t, offset, limit: [(r[1], r[2], r[5]) for r in self._entries(offset, limit)],
            lambda _t: self.app.desk.items.entry_count(self.key) if self.key else 0,
            id="entries", empty_text=_("No entries yet."),
        )

    def _entries(self, offset: int, limit: int) -> list[tuple]:
        if self.key is None:
            return []
        return self.app.desk.items.entries(self.key, offset, limit)

    async def refresh_factbox(self) -> None:
        if self.key is None:
            return
        try:
            by_location = await self.app.db(self.app.desk.items.inventory_by_location, self.key)
            value = await self.app.db(self.app.desk.items.inventory_value, self.key)
        except Exception as err:
            self.app.report(err)
            return
        total = sum((q for _loc, q in by_location), start=0)
        lines = [f"{_('Total'):<14}{fmt.quantity(total):>14}"]
        lines += [f"  {loc:<12}{fmt.quantity(q):>14}" for loc, q in by_location]
        lines.append(f"{_('Value'):<14}{fmt.amount(value):>14}")  # its cost, with value entries
        self.query_one("#inventory", Static).update("\n".join(lines))
        self.query_one("#entries", PagedTable).reload()

    def action_entries(self) -> None:
        """BC's Ctrl+F7: the item's ledger entries, as a list of their own."""
        if self.key is None:
            self.notify(_("Save the item first."), severity="warning")
            return
        self.app.open_entries("item", key=self.key)

    def action_adjust(self) -> None:
        if self.key is None:
            self.notify(_("Save the item first."), severity="warning")
            return
        from .adjust_dialog import AdjustInventoryScreen

        async def done(entry) -> None:
            if entry is not None:
                await self.refresh_factbox()

        self.app.push_screen(AdjustInventoryScreen(self.key), done)
