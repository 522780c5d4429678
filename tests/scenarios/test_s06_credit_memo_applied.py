"""S6. Credit memo applied to an invoice.

After S3 (invoice PSI-00001 for C: 5 x A at 10.00 with 10 % line discount, 45.00 / 9.00 / 54.00):
a credit memo for C for 2 x A at the invoice's price and discount (copied from the posted
invoice's line). Totals 18.00 / 3.60 / 21.60. Apply it to the posted invoice and post: customer
entries: invoice remaining 32.40 (open), credit memo remaining 0.00 (closed). Balance 32.40.
Inventory of A back up by 2. G/L of the credit memo: receivables -21.60, sales +18.00, VAT +3.60.
"""

import datetime as dt
from decimal import Decimal

import pytest

from salesdesk.model import DocKind, NotFound
from tests.model.corrections_support import entry_of, post_invoice
from tests.model.test_posting_support import (
    assert_gap_free,
    assert_gl_balanced,
    gl_by_account,
)

D = Decimal
TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def invoiced(shop):
    """S3: the posted invoice of 5 x A at 10 % discount."""
    no = post_invoice(shop, ("A", "5", {"line_discount_pct": D("10")}))
    assert no == "PSI-00001"
    assert shop.posted.invoice(no).amount_incl_vat == D("54.00")
    assert shop.items.inventory("A") == D("95")
    return no


@pytest.fixture
def memo(shop, invoiced):
    """The credit memo for 2 x A, its line copied from the posted invoice's line."""
    cm = shop.sales.create(DocKind.CREDIT_MEMO, "C", applies_to_doc_no=invoiced)
    shop.sales.get_posted_lines_to_reverse(cm, "invoice", invoiced)
    (line,) = shop.sales.get(DocKind.CREDIT_MEMO, cm.no).lines
    assert line.quantity == D("5")  # everything invoiced is still returnable
    shop.sales.update_line(cm, line.line_no, quantity=D("2"))
    return shop.sales.get(DocKind.CREDIT_MEMO, cm.no)


def test_the_credit_memo_copies_price_discount_and_cost_from_the_invoice(shop, invoiced, memo):
    assert memo.applies_to_doc_no == "PSI-00001"
    (line,) = memo.lines
    assert (line.type, line.no, line.quantity, line.unit_price, line.line_discount_pct) == (
        "item", "A", D("2"), D("10.00"), D("10"))
    assert (line.line_discount_amount, line.line_amount) == (D("2.00"), D("18.00"))
    assert line.unit_cost == D("6.00")
    assert (line.appl_from_kind, line.appl_from_no, line.appl_from_line_no) == (
        "invoice", "PSI-00001", shop.posted.invoice(invoiced).lines[0].line_no)
    assert (memo.amount, memo.vat_amount, memo.amount_incl_vat) == (D("18.00"), D("3.60"), D("21.60"))


def test_the_invoice_line_is_offered_as_reversible(shop, invoiced):
    (line,) = shop.posted.reversible_lines("C", kind="invoice")
    assert line.returnable == D("5")


def test_posting_the_applied_credit_memo(shop, invoiced, memo):
    result = shop.sales.post(memo)

    assert result.credit_memo_no == "PSC-00001"
    assert result.document_deleted is True
    with pytest.raises(NotFound):
        shop.sales.get(DocKind.CREDIT_MEMO, memo.no)
    posted = shop.posted.credit_memo("PSC-00001")
    assert (posted.amount, posted.vat_amount, posted.amount_incl_vat) == (D("18.00"), D("3.60"), D("21.60"))
    assert posted.applies_to_doc_no == "PSI-00001"
    assert posted.customer_no == "C"
    assert posted.posting_date == TODAY
    (line,) = posted.lines
    assert (line.no, line.quantity, line.unit_price, line.line_discount_pct, line.amount, line.vat_amount,
            line.amount_incl_vat) == ("A", D("2"), D("10.00"), D("10"), D("18.00"), D("3.60"), D("21.60"))

    # customer entries: invoice remaining 32.40 (open), credit memo remaining 0.00 (closed)
    invoice_entry = entry_of(shop, "C", "PSI-00001")
    assert (invoice_entry.amount, invoice_entry.remaining_amount, invoice_entry.open) == (
        D("54.00"), D("32.40"), True)
    memo_entry = entry_of(shop, "C", "PSC-00001")
    assert (memo_entry.document_type, memo_entry.amount, memo_entry.remaining_amount, memo_entry.open) == (
        "credit_memo", D("-21.60"), D("0.00"), False)
    assert [e.document_no for e in shop.ledger.customer_entries("C", open_only=True)] == ["PSI-00001"]
    assert shop.customers.balance("C") == D("32.40")

    # inventory of A back up by 2, at the invoice's cost
    assert shop.items.inventory("A") == D("97")
    back = shop.ledger.item_entries("A")[-1]
    assert (back.quantity, back.cost_amount, back.customer_no) == (D("2"), D("12.00"), "C")

    # G/L of the credit memo: receivables -21.60, sales +18.00, VAT +3.60; cost 2 x 6.00 back
    gl = gl_by_account(shop, "PSC-00001")
    assert (gl["411000"], gl["707000"], gl["445710"]) == (D("-21.60"), D("18.00"), D("3.60"))
    assert gl == {"411000": D("-21.60"), "707000": D("18.00"), "445710": D("3.60"),
                  "603700": D("-12.00"), "370000": D("12.00")}
    assert sum(gl.values()) == D("0.00")
    (vat,) = shop.ledger.vat_entries("PSC-00001")
    assert (vat.vat_pct, vat.base, vat.amount) == (D("20"), D("-18.00"), D("-3.60"))
    assert_gl_balanced(shop)
    assert_gap_free(shop)

    # the invoice line has 3 left to return, and the invoice is not cancelled by a credit memo
    (line,) = shop.posted.reversible_lines("C", kind="invoice")
    assert line.returnable == D("3")
    assert shop.posted.invoice("PSI-00001").cancelled is False


def test_applying_by_update_gives_the_same_result(shop, invoiced):
    cm = shop.sales.create(DocKind.CREDIT_MEMO, "C")
    shop.sales.get_posted_lines_to_reverse(cm, "invoice", invoiced)
    shop.sales.update_line(cm, shop.sales.get(DocKind.CREDIT_MEMO, cm.no).lines[0].line_no, quantity=D("2"))
    shop.sales.update(cm, applies_to_doc_no=invoiced)
    shop.sales.post(cm)
    assert entry_of(shop, "C", "PSI-00001").remaining_amount == D("32.40")
    assert (entry_of(shop, "C", "PSC-00001").remaining_amount, entry_of(shop, "C", "PSC-00001").open) == (
        D("0.00"), False)
    assert shop.customers.balance("C") == D("32.40")


def test_an_unapplied_credit_memo_stays_open(shop, invoiced):
    cm = shop.sales.create(DocKind.CREDIT_MEMO, "C")
    shop.sales.get_posted_lines_to_reverse(cm, "invoice", invoiced)
    shop.sales.update_line(cm, shop.sales.get(DocKind.CREDIT_MEMO, cm.no).lines[0].line_no, quantity=D("2"))
    shop.sales.post(cm)
    invoice_entry, memo_entry = shop.ledger.customer_entries("C")
    assert (invoice_entry.remaining_amount, invoice_entry.open) == (D("54.00"), True)
    assert (memo_entry.remaining_amount, memo_entry.open) == (D("-21.60"), True)
    assert shop.customers.balance("C") == D("32.40")  # the same balance, nothing applied
