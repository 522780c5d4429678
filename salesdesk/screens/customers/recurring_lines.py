"""A customer's Recurring Sales Lines (from the customer card, Alt+R): the standard codes it
uses, when they are valid, and per document kind whether their lines come by hand, at once
or on asking."""

from __future__ import annotations

from ...i18n import _
from ...widgets import format as fmt
from ...widgets.record_form import CHOICE_LABELS
from ..common.rows_screen import RowDialog, RowsScreen

FIELDS = ["code", "description", "valid_from", "valid_to", "payment_terms", "blocked", "insert_on_quotes",
          "insert_on_orders", "insert_on_invoices", "insert_on_credit_memos"]
MODES = FIELDS[-4:]


class RecurringSalesLinesScreen(RowsScreen):
    columns = [(_("Code"), 10), (_("Description"), 16), (_("Valid From"), 10), (_("Valid To"), 10),
               (_("Terms"), 6), (_("Blocked"), 7), (_("Quotes"), 10), (_("Orders"), 10), (_("Invoices"), 10), (_("Cr. Memos"), 10)]

    def __init__(self, customer_no: str):
        self.customer_no = customer_no
        self.TITLE_TEXT = _("Recurring Sales Lines · Customer {no}").format(no=customer_no)
        super().__init__()

    @property
    def customers(self):
        return self.app.desk.customers

    def read_rows(self):
        return [(a.code, (a.code, a.description, fmt.date(a.valid_from), fmt.date(a.valid_to), a.payment_terms or "",
                          fmt.flag(a.blocked),
                          *(CHOICE_LABELS.get(getattr(a, m), getattr(a, m)) for m in MODES)),
                 {f: getattr(a, f) for f in FIELDS})
                for a in self.customers.standard_codes(self.customer_no)]

    def key_of(self, record):
        return record.code

    def dialog(self, key, values):
        customers, customer_no = self.customers, self.customer_no

        def save(typed: dict):
            code = typed.pop("code", key)
            if key is None:
                return customers.add_standard_code(customer_no, code, **typed)
            return customers.update_standard_code(customer_no, key, **typed)

        title = (_("New recurring sales lines for {no}") if key is None
                 else _("Recurring sales lines {code} of {no}")).format(no=customer_no, code=key)
        return RowDialog(title, customers.assignment_rules, FIELDS, values or {m: "manual" for m in MODES},
                         save=save, check=customers.check_standard_code,
                         read_only=frozenset() if key is None else frozenset({"code"}))

    def delete_call(self, key):
        return (_("Customer {no} no longer uses {code}?").format(no=self.customer_no, code=key),
                lambda: self.customers.remove_standard_code(self.customer_no, key))
