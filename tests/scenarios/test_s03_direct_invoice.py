"""S3. Direct invoice with a line discount.

Invoice for C: 5 x A with line discount 10 %. Line amount 45.00; totals 45.00 / 9.00 / 54.00.
Post: a posted invoice with the same totals; one open customer ledger entry of 54.00 with due
date = posting date + 30 days; G/L: receivables +54.00, sales -45.00, VAT -9.00 (sum 0.00);
one VAT entry with base 45.00 and amount 9.00; item ledger entry -5; inventory of A 95.
The unposted invoice no longer exists.
"""

import datetime as dt
from decimal import Decimal

import pytest

from salesdesk.model import DocKind, NotFound
from tests.model.test_posting_support import assert_gap_free, assert_gl_balanced, gl_by_account

D = Decimal
TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def invoice(shop):
    inv = shop.sales.create(DocKind.INVOICE, "C")
    shop.sales.add_line(inv, "A", D("5"), line_discount_pct=D("10"))
    return shop.sales.get(DocKind.INVOICE, inv.no)


def test_the_invoice_before_posting(invoice):
    (line,) = invoice.lines
    assert (line.quantity, line.unit_price, line.line_discount_pct) == (D("5"), D("10.00"), D("10"))
    assert (line.line_discount_amount, line.line_amount) == (D("5.00"), D("45.00"))
    assert (invoice.amount, invoice.vat_amount, invoice.amount_incl_vat) == (D("45.00"), D("9.00"), D("54.00"))


def test_posting_the_invoice(shop, invoice):
    result = shop.sales.post(invoice)

    assert result.invoice_no == "PSI-00001"
    assert result.document_deleted is True
    posted = shop.posted.invoice(result.invoice_no)
    assert (posted.amount, posted.vat_amount, posted.amount_incl_vat) == (D("45.00"), D("9.00"), D("54.00"))
    assert posted.customer_no == "C"
    assert posted.pre_assigned_no == invoice.no
    assert posted.posting_date == TODAY
    assert posted.due_date == TODAY + dt.timedelta(days=30)
    (line,) = posted.lines
    assert (line.no, line.quantity, line.unit_price, line.line_discount_pct, line.line_discount_amount,
            line.line_amount, line.amount, line.vat_amount, line.amount_incl_vat) == (
        "A", D("5"), D("10.00"), D("10"), D("5.00"), D("45.00"), D("45.00"), D("9.00"), D("54.00"))

    # one open customer ledger entry of 54.00, due 30 days after posting
    (entry,) = shop.ledger.customer_entries("C")
    assert (entry.document_type, entry.document_no, entry.amount, entry.remaining_amount, entry.open) == (
        "invoice", "PSI-00001", D("54.00"), D("54.00"), True)
    assert entry.posting_date == TODAY
    assert entry.due_date == TODAY + dt.timedelta(days=30) == dt.date(2026, 12, 24)
    assert shop.customers.balance("C") == D("54.00")

    # G/L: receivables +54.00, sales -45.00, VAT -9.00; the cost of the 5 goes COGS / inventory
    gl = gl_by_account(shop, "PSI-00001")
    assert gl["411000"] == D("54.00")
    assert gl["707000"] == D("-45.00")
    assert gl["445710"] == D("-9.00")
    assert gl == {"411000": D("54.00"), "707000": D("-45.00"), "445710": D("-9.00"),
                  "603700": D("30.00"), "370000": D("-30.00")}
    assert sum(gl.values()) == D("0.00")
    assert_gl_balanced(shop)

    (vat,) = shop.ledger.vat_entries("PSI-00001")
    assert (vat.vat_pct, vat.base, vat.amount) == (D("20"), D("45.00"), D("9.00"))

    sale = shop.ledger.item_entries("A")[-1]
    assert (sale.entry_type, sale.quantity, sale.customer_no) == ("sale", D("-5"), "C")
    assert len(shop.ledger.item_entries("A")) == 2
    assert shop.items.inventory("A") == D("95")

    with pytest.raises(NotFound):
        shop.sales.get(DocKind.INVOICE, invoice.no)
    assert shop.sales.count(DocKind.INVOICE) == 0
    assert_gap_free(shop)


def test_navigate_finds_every_entry_of_the_posted_invoice(shop, invoice):
    shop.sales.post(invoice)
    hits = {hit.table: hit.count for hit in shop.ledger.navigate("PSI-00001")}
    assert hits == {"posted:invoice": 1, "entries:customer": 1, "entries:gl": 5, "entries:vat": 1}
