"""Pay a vendor: one vendor payment (BC's payment journal line for a vendor, posted at once).
Vendor No., Amount, Posting Date, Applies-to (an open invoice, several, "oldest" or blank for an
advance), Payment Method and Reference; F4 looks codes and the vendor's open invoices up. A
refusal is shown in the dialog and everything typed stays."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ... import styles
from ...i18n import _
from ...widgets import format as fmt

# field id -> (label, placeholder)
FIELDS = {
    "vendor_no": (_("Vendor No."), _("F4 to look up")),
    "amount": (_("Amount"), _("what we pay, e.g. 96.00")),
    "posting_date": (_("Posting Date"), _("blank: the work date · t, 24/11")),
    "apply_to": (_("Applies-to Doc. No."), _("F4 open invoices · oldest · blank: advance")),
    "payment_method": (_("Payment Method Code"), _("F4 to look up · blank: the bank")),
    "reference": (_("Reference"), _("External Doc. No., e.g. the transfer's")),
}


class VendorPaymentDialog(ModalScreen):
    """Returns the posted vendor payment, or None when cancelled."""

    CSS_PATH = styles.DIALOGS
    # one line per field, so that the whole dialog fits a 80x24 terminal
    DEFAULT_CSS = """
    VendorPaymentDialog #vendor-payment { width: 76; }
    VendorPaymentDialog .pay-row { height: 1; margin-bottom: 1; }
    VendorPaymentDialog .pay-row Label { width: 21; }
    VendorPaymentDialog .pay-row Input { width: 1fr; height: 1; border: none; padding: 0 1; background: $boost; }
    VendorPaymentDialog .pay-row Input:focus { background: $primary 40%; }
    VendorPaymentDialog #payment-error { color: $text-error; height: auto; }
    """
    BINDINGS = [
        Binding("ctrl+s", "post", _("Post payment"), id="vendor_payment.post"),
        Binding("escape", "cancel", _("Cancel"), id="vendor_payment.cancel"),
        Binding("f4,alt+down", "lookup", _("Lookup"), id="vendor_payment.lookup"),
    ]

    def __init__(self, vendor_no: str = "", *, apply_to: str = "", amount=None):
        super().__init__()
        self.initial = {"vendor_no": vendor_no or "", "apply_to": apply_to or "",
                        "amount": fmt.amount(amount) if amount else ""}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="vendor-payment"):
            yield Static(_("Vendor payment"), classes="title")
            for name, (label, hint) in FIELDS.items():
                with Horizontal(classes="pay-row"):
                    yield Label(label)
                    yield Input(self.initial.get(name, ""), id=name, placeholder=hint)
            yield Static("", id="payment-error", classes="field-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Post") + " (Ctrl+S)", id="post", variant="primary")
                yield Button(_("Cancel") + " (Esc)", id="cancel")

    def on_mount(self) -> None:
        first_empty = next((n for n in ("vendor_no", "amount") if not self.initial.get(n)), "amount")
        self.query_one(f"#{first_empty}", Input).focus()

    def value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value.strip()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "reference":
            self.run_worker(self.action_post())
        else:
            self.focus_next()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "post":
            await self.action_post()
        else:
            self.action_cancel()

    async def action_post(self) -> None:
        from ...model.core.errors import SalesDeskError

        desk = self.app.desk
        try:
            payment = await self.app.db(
                desk.payments.register_vendor, self.value("vendor_no"), self.value("amount") or "0",
                apply_to=self.value("apply_to") or None, posting_date=self.value("posting_date") or None,
                payment_method=self.value("payment_method"), reference=self.value("reference"))
        except SalesDeskError as err:  # shown here; what was typed stays
            self.query_one("#payment-error", Static).update(str(err))
            return
        except Exception as err:
            self.app.report(err)
            return
        self.notify(_("Posted vendor payment {no}: {amount} to {vendor}, {applied} applied, {left} left open.").format(
            no=payment.no, amount=fmt.amount(payment.amount), vendor=payment.vendor_no,
            applied=fmt.amount(-payment.applied_amount), left=fmt.amount(payment.remaining_amount)))
        self.dismiss(payment)

    def action_lookup(self) -> None:
        from ..common.lookup import LookupScreen

        focused = self.focused
        name = focused.id if isinstance(focused, Input) else None
        if name == "apply_to":
            vendor_no = self.value("vendor_no").upper()
            if not vendor_no:
                self.query_one("#payment-error", Static).update(_("Fill in the Vendor No. first."))
                return
            table = f"vendor_open_invoices:{vendor_no}"
        elif name in ("vendor_no", "payment_method"):
            table = "vendor" if name == "vendor_no" else "payment_method"
        else:
            self.notify(_("No lookup for this field."), timeout=2)
            return
        field = self.query_one(f"#{name}", Input)

        def picked(code: str | None) -> None:
            if code:
                field.value = code
                field.focus()
                if name == "apply_to" and not self.value("amount"):
                    self.run_worker(self._fill_amount(code))

        self.app.push_screen(LookupScreen(table, "" if name == "apply_to" else field.value), picked)

    async def _fill_amount(self, document_no: str) -> None:
        """The invoice picked with F4 sets the amount to what we still owe on it."""
        vendor_no = self.value("vendor_no").upper()
        try:
            entries = await self.app.db(self.app.desk.ledger.vendor_entries, vendor_no, True)
        except Exception as err:
            self.app.report(err)
            return
        owed = sum((-e.remaining_amount for e in entries if e.document_no == document_no), start=0)
        if owed and not self.value("amount"):
            self.query_one("#amount", Input).value = fmt.amount(owed)

    def action_cancel(self) -> None:
        self.dismiss(None)
