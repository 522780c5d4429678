"""S12. Preview posting changes nothing.

Preview Ship and Invoice of an order of 5 x A: it lists the entries that would be written per
table (a shipment, an invoice, 1 customer entry, 1 item entry, G/L and VAT entries) and the
database is unchanged afterwards (row counts, number series, the order's quantities).
"""

from decimal import Decimal

import pytest

from salesdesk.model import DocKind, PostingError
from tests.model.test_posting_support import db_state

D = Decimal


@pytest.fixture
def order(shop):
    o = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(o, "A", D("5"))
    return o


def test_preview_lists_the_entries_and_saves_nothing(shop, order):
    before = db_state(shop)
    order_before = shop.sales.get(DocKind.ORDER, order.no)

    preview = shop.sales.preview_post(order, ship=True, invoice=True)

    assert preview.preview is True
    entries = preview.entries
    headers = entries["posted_header"]
    assert [(h["kind"], h["no"]) for h in headers] == [("shipment", "PSS-00001"), ("invoice", "PSI-00001")]
    invoice = headers[1]
    assert (invoice["amount"], invoice["vat_amount"], invoice["amount_incl_vat"]) == (
        D("50.00"), D("10.00"), D("60.00"))
    (customer_entry,) = entries["cust_ledger_entry"]
    assert (customer_entry["customer_no"], customer_entry["amount"]) == ("C", D("60.00"))
    (item_entry,) = entries["item_ledger_entry"]
    assert (item_entry["item_no"], item_entry["quantity"]) == ("A", D("-5"))
    gl = {row["account_no"]: row["amount"] for row in entries["gl_entry"]}
    assert gl == {"411000": D("60.00"), "707000": D("-50.00"), "445710": D("-10.00"),
                  "603700": D("30.00"), "370000": D("-30.00")}
    assert sum(gl.values()) == D("0.00")
    (vat,) = entries["vat_entry"]
    assert (vat["base"], vat["amount"]) == (D("50.00"), D("10.00"))
    counts = preview.counts()
    assert counts["Posted documents"] == 2
    assert counts["Customer ledger entries"] == 1
    assert counts["Item ledger entries"] == 1
    assert counts["G/L entries"] == 5
    assert counts["VAT entries"] == 1
    assert (preview.shipment_no, preview.invoice_no) == ("PSS-00001", "PSI-00001")

    # nothing saved: row counts, number series, the order and its quantities
    assert db_state(shop) == before
    assert shop.sales.get(DocKind.ORDER, order.no) == order_before
    (line,) = shop.sales.get(DocKind.ORDER, order.no).lines
    assert (line.qty_to_ship, line.quantity_shipped, line.qty_to_invoice, line.quantity_invoiced) == (
        D("5"), D("0"), D("5"), D("0"))
    assert shop.items.inventory("A") == D("100")
    assert shop.customers.balance("C") == D("0.00")
    assert shop.posted.invoices() == [] and shop.posted.shipments() == []


def test_posting_after_a_preview_writes_what_the_preview_showed(shop, order):
    preview = shop.sales.preview_post(order, ship=True, invoice=True)
    result = shop.sales.post(order, ship=True, invoice=True)
    assert (result.shipment_no, result.invoice_no) == (preview.shipment_no, preview.invoice_no)
    assert result.counts() == preview.counts()
    assert [(r["account_no"], r["amount"]) for r in result.entries["gl_entry"]] == [
        (r["account_no"], r["amount"]) for r in preview.entries["gl_entry"]]
    assert shop.customers.balance("C") == D("60.00")
    assert shop.items.inventory("A") == D("95")


def test_a_preview_runs_the_same_checks(shop, order):
    shop.customers.update("C", blocked="all")
    before = db_state(shop)
    with pytest.raises(PostingError, match="Customer C C is blocked for all transactions"):
        shop.sales.preview_post(order, ship=True, invoice=True)
    assert db_state(shop) == before


def test_preview_of_a_ship_only_posting(shop, order):
    before = db_state(shop)
    preview = shop.sales.preview_post(order, ship=True)
    assert preview.counts() == {"Posted documents": 1, "Posted document lines": 1, "Item ledger entries": 1}
    assert (preview.shipment_no, preview.invoice_no) == ("PSS-00001", None)
    assert db_state(shop) == before
