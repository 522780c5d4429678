"""The document card's header: the fields shown (all, or the four order entry needs), each
saved as the clerk leaves it, F4 lookups on them, and saving whatever is typed but not saved
yet before an action (post, print) reads the document."""

from __future__ import annotations

import asyncio

from ...i18n import _
from ...widgets.record_form import RecordForm

KIND_TITLES = {
    "quote": _("Sales Quote"), "order": _("Sales Order"), "invoice": _("Sales Invoice"),
    "credit_memo": _("Sales Credit Memo"), "return_order": _("Sales Return Order"),
    "blanket_order": _("Blanket Sales Order"),
}

# All header fields, shown with "Show more" (Alt+H), in two columns.
HEADER_SECTIONS = {
    "quote": [["customer_no", "external_document_no", "your_reference", "quote_valid_until", "prices_incl_vat"],
              ["order_date", "requested_delivery_date", "payment_terms", "location", "shipment_method"]],
    "order": [["customer_no", "external_document_no", "your_reference", "shipping_advice", "location",
               "shipment_method"],
              ["order_date", "posting_date", "requested_delivery_date", "promised_delivery_date",
               "payment_terms", "due_date", "prepayment_pct"]],
    "invoice": [["customer_no", "external_document_no", "your_reference", "location"],
                ["posting_date", "document_date", "payment_terms", "due_date"]],
}
HEADER_SECTIONS["credit_memo"] = [["customer_no", "external_document_no", "your_reference", "location"],
                                  ["posting_date", "document_date", "payment_terms", "due_date", "applies_to_doc_no"]]
HEADER_SECTIONS["return_order"] = HEADER_SECTIONS["credit_memo"]
HEADER_SECTIONS["blanket_order"] = HEADER_SECTIONS["quote"]

# The fields a clerk needs on every document, shown by default (BC's "Show less"): every field
# costs the card time to build, and these four are what order entry touches.
COMPACT_SECTIONS = {
    "quote": [["customer_no", "external_document_no"], ["order_date", "quote_valid_until"]],
    "order": [["customer_no", "external_document_no"], ["order_date", "due_date"]],
    "invoice": [["customer_no", "external_document_no"], ["posting_date", "due_date"]],
}
# a credit note settles an invoice: Applies-to Doc. No. takes the due date's place
COMPACT_SECTIONS["credit_memo"] = [["customer_no", "external_document_no"], ["posting_date", "applies_to_doc_no"]]
COMPACT_SECTIONS["return_order"] = COMPACT_SECTIONS["credit_memo"]
COMPACT_SECTIONS["blanket_order"] = COMPACT_SECTIONS["quote"]


class DocumentHeader:
    """Mixed into DocumentScreen (and the purchase document card): the header form and what
    the clerk types into it. The hooks below name the documents' service and their party
    (the customer here, the vendor on a purchase document)."""

    PARTY_FIELD = "customer_no"
    PARTY_TABLE = "customer"  # the lookup of the party field
    HEADER_LAYOUTS = (HEADER_SECTIONS, COMPACT_SECTIONS)  # (all fields, the compact card)
    PARTY_CHANGE_QUESTION = _("Change the customer to {no}? The header takes the new customer's terms and every "
                              "line is priced again.")

    @property
    def documents(self):
        """The model service of the card's documents (``desk.sales``)."""
        return self.app.desk.sales

    def header_field_editable(self, name: str) -> bool:
        """Whether the document's status lets the clerk change header field ``name`` (some
        documents take a few fields while released: ``editable_when_released``)."""
        return "edit_header" in self.allowed or (
            "post" in self.allowed and name in getattr(self.documents, "editable_when_released", ()))

    def find_party(self, text: str) -> list[str]:
        return self.app.desk.customers.find(text)

    def _make_form(self) -> RecordForm:
        full, compact = self.HEADER_LAYOUTS
        layout = full if self.full_header else compact
        sections = [(str(i), names) for i, names in enumerate(layout[self.kind])]
        values = {} if self.doc is None else {
            name: getattr(self.doc, name) for _title, names in sections for name in names}
        read_only = frozenset(name for _title, names in sections for name in names
                              if self.doc is None and name != self.PARTY_FIELD
                              or self.doc is not None and not self.header_field_editable(name))
        rules = self.documents.header_rules
        if any("applies_to_doc_no" in names for _t, names in sections):
            # F4 looks it up among the customer's open invoices (the model's rule names no
            # table to check it against): the form shows the F4 hint like on any lookup field
            from dataclasses import replace

            rules = {**rules, "applies_to_doc_no": replace(rules["applies_to_doc_no"], lookup="open_invoices")}
        return RecordForm(rules, sections, id="form", side_by_side=True, values=values, read_only=read_only)

    @property
    def form(self) -> RecordForm:
        return self.query_one("#form", RecordForm)

    async def on_record_form_field_edited(self, event: RecordForm.FieldEdited) -> None:
        from ...model.core.errors import SalesDeskError, ValidationError

        if event.form is not self.form:
            return
        sales = self.documents
        row = self.form.row(event.name)
        if self.doc is None:
            if event.name != self.PARTY_FIELD or not str(event.value).strip():
                return
            customer_no = await self._typed_customer(str(event.value))
            if customer_no is None:  # several match: the lookup, filtered on them, is open
                return
            row.set_value(customer_no)
            try:
                self.doc = await self.app.db(sales.create, self.kind, customer_no)
            except ValidationError as err:
                row.set_error(next(iter(err.errors.values())))
                row.editor.focus()
                return
            except SalesDeskError as err:
                row.set_error(str(err))
                row.editor.focus()
                return
            self.no = self.doc.no
            created = self.doc
            await self.reload()
            self.grid.go_to("new", "no")
            self.grid.focus()
            await self.after_created(created)
            return
        await self._save_field(event.name, event.value)

    async def after_created(self, created) -> None:
        """A new sales document offers the customer's recurring sales lines."""
        await self.offer_standard_codes(created.notes)

    async def _save_field(self, name: str, value) -> bool:
        """Save a header field the clerk changed. False when it was refused (the message is
        shown beside the field, which keeps what was typed) or waits for a confirmation."""
        from ...model.core.errors import SalesDeskError, ValidationError

        row = self.form.row(name)
        if same_value(getattr(self.doc, name), value) or name in self.form.read_only:
            row.set_error(None)
            return True
        if name == self.PARTY_FIELD:
            customer_no = await self._typed_customer(str(value))
            if customer_no is not None:
                row.set_value(customer_no)
                if same_value(getattr(self.doc, name), customer_no):
                    return True
                self._confirm_customer_change(customer_no)
            return False
        try:
            self.doc = await self.app.db(self.documents.update, self.doc, **{name: value})
        except ValidationError as err:
            row.set_error(err.errors.get(name) or str(err))
            return False
        except SalesDeskError as err:
            row.set_error(str(err))
            return False
        row.set_error(None)
        self._show_totals(self.doc)
        if name in ("payment_terms", "document_date") and "due_date" in self.form.field_names():
            self.form.row("due_date").set_value(self.doc.due_date)
        return True

    async def _typed_customer(self, value: str) -> str | None:
        """Type to find: a customer number, or a part of a number, name or city. The customer
        numbered so, or the only match, is taken; with several the customer lookup opens
        filtered on what was typed (None); with none, what was typed stays to be refused."""
        matches = await self.app.db(self.find_party, value)
        if not matches:
            return value
        if len(matches) == 1 or matches[0] == value.strip().upper():
            return matches[0]
        from ..common.lookup import LookupScreen

        row = self.form.row(self.PARTY_FIELD)

        def picked(code: str | None) -> None:
            row.editor.focus()
            if code is not None:
                row.set_value(code)
                self.post_message(RecordForm.FieldEdited(self.form, self.PARTY_FIELD, code))

        self.app.push_screen(LookupScreen(self.PARTY_TABLE, value), picked)
        return None

    def _confirm_customer_change(self, customer_no: str) -> None:
        from ..common.dialogs import ConfirmScreen

        party = self.PARTY_FIELD

        async def answer(yes: bool | None) -> None:
            if not yes:
                self.form.row(party).set_value(getattr(self.doc, party))
                return
            try:
                self.doc = await self.app.db(self.documents.update, self.doc, **{party: customer_no})
            except Exception as err:
                self.form.row(party).set_error(str(err))
                return
            await self.reload()

        self.app.push_screen(ConfirmScreen(self.PARTY_CHANGE_QUESTION.format(no=customer_no), yes=_("Change")),
                             answer)

    def action_lookup(self) -> None:
        if self.lookup_in_editor():
            return
        name = self.form.focused_field()
        rule = self.form.rules.get(name) if name else None
        table = self._header_lookup(name) if rule is not None else None
        if table is None or name in self.form.read_only:
            self.notify(_("No lookup for this field."), timeout=2)
            return
        from ..common.lookup import LookupScreen

        row = self.form.row(name)

        def picked(code: str | None) -> None:
            row.editor.focus()
            if code is not None:
                row.set_value(code)
                self.post_message(RecordForm.FieldEdited(self.form, name, code))

        # the lookup starts on what was typed; on a value already saved, on the whole list
        typed = str(row.get_value() or "")
        if self.doc is not None and same_value(getattr(self.doc, name, None), typed):
            typed = ""
        self.app.push_screen(LookupScreen(table, typed), picked)

    def _header_lookup(self, name: str) -> str | None:
        """What F4 on a header field looks up: the field's table, or for Applies-to Doc. No.
        the open posted invoices of the bill-to customer."""
        if name == "applies_to_doc_no":
            if self.doc is None:
                return None
            return "open_invoices:" + (self.doc.bill_to_customer_no or self.doc.customer_no)
        return self.form.rules[name].lookup or None

    async def action_toggle_header(self) -> None:
        """Show every header field, or only the four that order entry needs."""
        self.full_header = not self.full_header
        old = self.form
        await old.remove()
        await self.query_one(".doc-main").mount(self._make_form(), before=self.grid)
        self.grid.focus()

    async def _save_pending(self) -> bool:
        """Save what is typed but not saved yet (the line cell being edited, a header field
        not left yet), so that what is posted is what the screen shows. False when refused:
        the message is where it was typed, which is kept."""
        while self._busy:  # a cell is being saved already
            await asyncio.sleep(0.02)
        if self.editing is not None:
            await self.commit_cell("stay")
            if self.editing is not None:
                self.notify(_("The line being edited is not saved: correct it or press Esc, then post again."),
                            title=_("Not posted"), severity="warning", timeout=8)
                return False
        if self.doc is None:
            return False
        form = self.form
        for name in form.field_names():
            if name in form.read_only:
                continue
            row = form.row(name)
            value = row.get_value()
            if same_value(getattr(self.doc, name), value):
                continue
            if name == self.PARTY_FIELD:
                row.editor.focus()
                self.notify(_("Finish changing the customer (leave the field) before posting."),
                            title=_("Not posted"), severity="warning", timeout=8)
                return False
            if not await self._save_field(name, value):
                row.editor.focus()
                self.notify(_("{field} is not saved: correct it, then post again.").format(field=row.rule.label),
                            title=_("Not posted"), severity="warning", timeout=8)
                return False
        return True


def same_value(current, typed) -> bool:
    """True when what is typed in a field is the value the document already has."""
    if current is None:
        return typed in (None, "")
    if isinstance(typed, bool) or isinstance(current, bool):
        return bool(current) == bool(typed)
    from decimal import Decimal, InvalidOperation

    if isinstance(current, Decimal):
        try:
            return Decimal(str(typed).replace(",", "")) == current
        except InvalidOperation:
            return False
    return str(current) == str(typed).strip()
