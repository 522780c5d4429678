"""The customer card: general, invoicing and shipping fields; balance and balance due in the
FactBox; ledger entries (Ctrl+F7), a statement (Alt+S) and Merge With (Alt+M) from here."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from ...i18n import _
from ...widgets import format as fmt
from ..common.card_base import CardScreen


class CustomerCardScreen(CardScreen):
    NOUN = _("Customer")

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

    def heading(self, record) -> str:
        return f"{_('Customer')} {record.no} · {record.name}"

    def create(self, values: dict):
        name = values.pop("name", "")
        return self.service.create(name, **values)

    def compose_factbox(self) -> ComposeResult:
        yield Static(_("Customer Statistics"), classes="factbox-title")
        yield Static("", id="stats", markup=False)

    async def refresh_factbox(self) -> None:
        if self.key is None:
            return
        desk = self.app.desk
        key = self.key

        def read():  # one trip off the UI thread for the three figures
            return (desk.customers.balance(key), desk.receivables.balance_due(key), desk.customers.get(key))

        try:
            balance, due, customer = await self.app.db(read)
        except Exception as err:
            self.app.report(err)
            return
        limit = customer.credit_limit
        lines = [
            f"{_('Balance (LCY)'):<22}{fmt.amount(balance):>16}",
            f"{_('Balance Due (LCY)'):<22}{fmt.amount(due):>16}",
            f"{_('Credit Limit (LCY)'):<22}{fmt.amount(limit) if limit else _('unlimited'):>16}",
        ]
        if limit:
            lines.append(f"{_('Available Credit'):<22}{fmt.amount(limit - balance):>16}")
        if customer.blocked:
            lines.append("")
            lines.append(_("Blocked: {what}").format(what=customer.blocked))
        self.query_one("#stats", Static).update("\n".join(lines))

    _left = False  # set once another screen (a document, a posting) came on top

    def on_screen_suspend(self) -> None:
        self._left = True

    async def on_screen_resume(self) -> None:
        # Back from the ledger or a posting elsewhere: the balance may have changed.
        if self._left and self.key is not None:
            await self.refresh_factbox()

    def action_entries(self) -> None:
        if self.key is None:
            self.notify(_("Save the customer first."), severity="warning")
            return
        self.app.open_entries("customer", key=self.key)

    def action_statement(self) -> None:
        if self.key is None:
            self.notify(_("Save the customer first."), severity="warning")
            return
        from .statement_dialog import StatementDialog

        self.app.push_screen(StatementDialog(str(self.key)))

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
