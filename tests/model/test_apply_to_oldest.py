"""Apply to Oldest settles the open entry with the oldest posting date first, whatever order
the entries were written in (a rule a random property test found only now and then)."""

import datetime as dt
from decimal import Decimal

from salesdesk.model import DocKind


def _invoice(shop, posting_date, quantity):
    invoice = shop.sales.create(DocKind.INVOICE, "C")
    shop.sales.add_line(invoice, "A", Decimal(quantity))
    return shop.sales.post(invoice, posting_date=posting_date).invoice_no


def test_the_entry_posted_on_the_oldest_date_is_settled_first_even_when_written_later(shop):
    newer = _invoice(shop, dt.date(2026, 11, 23), "1")  # written first: 12.00
    older = _invoice(shop, dt.date(2026, 11, 10), "2")  # written second, dated earlier: 24.00
    shop.payments.register("C", Decimal("24.00"), apply_to="oldest", posting_date=dt.date(2026, 11, 24))
    still_open = {e.document_no: e.remaining_amount for e in shop.ledger.customer_entries("C", open_only=True)}
    assert still_open == {newer: Decimal("12.00")}
    assert older not in still_open
