"""The customer card: general, invoicing and shipping fields; balance and balance due in the
FactBox; ledger entries (Ctrl+F7), a statement (Alt+S) and Merge With (Alt+M) from here."""

from __future__ import annotations

from textual.binding import Binding

from ...i18n import _
from ...widgets import format as fmt
from ..common.card_base import PartyCardScreen


class CustomerCardScreen(PartyCardScreen):
    NOUN = _("Customer")
    LEDGER = "customer"
    SAVE_FIRST = _("Save the customer first.")
    FACTBOX_TITLE = _("Customer Statistics")

    BINDINGS = [
        # BC: Ctrl+F7 Ledger Entries; Alt+L where the terminal does not deliver Ctrl+F7
        Binding("ctrl+f7,alt+l", "entries", _("Ledger Entries"), id="customer.entries"),
        Binding("alt+s", "statement", _("Statement"), id="customer.statement", priority=True),
        Binding("alt+r", "recurring_lines", _("Recurring Sales Lines"), id="customer.recurring_lines",
                priority=True),
        # BC: Merge With on the kept customer's card: pick the duplicate, then Merge Duplicate
        Binding("alt+m", "merge_with", _("Merge With"), id="customer.merge_with", priority=True),
    ]

    @property
    def service(self):
        return self.app.desk.customers

    def sections(self):
        return [
            (_("General"), ["no", "name", "blocked"]),
            (_("Address & Contact"), ["address", "address2", "post_code", "city", "country",
                                      "contact", "phone", "email", "language", "send_by"]),
            (_("Invoicing"), ["bill_to_customer_no", "vat_reg_no", "vat_bus_group", "payment_terms",
                              "credit_limit", "invoice_disc_pct", "prices_incl_vat", "prepayment_pct"]),
            (_("Shipping"), ["shipment_method", "location", "shipping_advice", "combine_shipments"]),
        ]

    def defaults(self):
        return {"vat_bus_group": "DOMESTIC", "blocked": "", "shipping_advice": "partial",
                "credit_limit": "0", "invoice_disc_pct": "0"}

    def factbox_lines(self, desk, key: str) -> list[str]:
        balance, due, customer = desk.customers.balance(key), desk.receivables.balance_due(key), desk.customers.get(key)
        limit = customer.credit_limit
        line = self.factbox_line
        lines = [
            line(_("Balance (LCY)"), fmt.amount(balance)),
            line(_("Balance Due (LCY)"), fmt.amount(due)),
            line(_("Credit Limit (LCY)"), fmt.amount(limit) if limit else _("unlimited")),
        ]
        if limit:
            lines.append(line(_("Available Credit"), fmt.amount(limit - balance)))
        if customer.blocked:
            lines += ["", _("Blocked: {what}").format(what=customer.blocked)]
        return lines

    def action_statement(self) -> None:
        key = self.saved_key()
        if key is None:
            return
        from .statement_dialog import StatementDialog

        self.app.push_screen(StatementDialog(key))

    def action_recurring_lines(self) -> None:
        if self.key is None:
            self.notify(_("Save the customer first."), severity="warning")
            return
        from .recurring_lines import RecurringSalesLinesScreen

        self.app.push_screen(RecurringSalesLinesScreen(str(self.key)))

    def action_merge_with(self) -> None:
        if self.key is None or self.form.dirty:
            self.notify(_("Save the customer first."), severity="warning")
            return
        from ..common.lookup import LookupScreen

        into = str(self.key)

        def picked(duplicate: str | None) -> None:
            if duplicate is not None:  # keys typed meanwhile wait for Merge Duplicate
                self.run_worker(self._open_merge(duplicate, into), group="record-load")

        self.app.push_screen(LookupScreen("customer"), picked)

    async def _open_merge(self, duplicate: str, into: str) -> None:
        """Merge Duplicate for the picked customer; a refusal (itself, gone) stays on the card."""
        from .merge_duplicate import MergeDuplicateScreen

        try:
            preview = await self.app.db(self.app.desk.customers.merge_preview, duplicate, into)
        except Exception as err:
            self.app.report(err, title=_("Cannot merge"))
            return

        async def merged(kept: str | None) -> None:
            if kept is not None:
                self.key = kept
                await self.load()

        self.app.push_screen(MergeDuplicateScreen(duplicate, into, preview), merged)
