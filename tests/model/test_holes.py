"""Rules that injected one-line bugs once broke without any test noticing (issue 17): each
test here fails on its bug."""

import datetime as dt
from decimal import Decimal

from salesdesk.model import DocKind

D = Decimal


def test_vat_entries_name_the_bill_to_customer_not_the_sell_to(shop):
    shop.customers.create("Head office", no="P", payment_terms="30D")
    shop.customers.create("Shop floor", no="S", payment_terms="30D", bill_to_customer_no="P")
    invoice = shop.sales.create(DocKind.INVOICE, "S")
    shop.sales.add_line(invoice, "A", D("2"))
    no = shop.sales.post(invoice).invoice_no
    entries = shop.ledger.vat_entries(no)
    assert entries and {e.bill_to_customer_no for e in entries} == {"P"}


def test_undo_shipment_returns_the_stock_at_the_shipments_cost_not_todays(shop):
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", D("2"))
    shipment_no = shop.sales.post(shop.sales.get(DocKind.ORDER, order.no), ship=True).shipment_no
    shipped = [e for e in shop.ledger.item_entries("A") if e.document_no == shipment_no]
    assert [e.cost_amount for e in shipped] == [D("-12.00")]  # 2 x 6.00
    shop.items.update("A", unit_cost=D("9.00"))  # the cost changes after the shipment
    shop.posted.undo_shipment(shipment_no)
    undone = [e for e in shop.ledger.item_entries("A") if e.document_no == shipment_no and e.quantity > 0]
    assert [e.cost_amount for e in undone] == [D("12.00")]


def test_vat_per_rate_is_rounded_half_up(shop):
    """3.00 at 5.5 % is 0.165: 0.17 rounded half up (half even would give 0.16)."""
    shop.setup.set_vat("RED", D("5.5"))
    shop.items.create("Seeds", no="SD", unit_price=D("3.00"), vat_prod_group="RED", type="service")
    invoice = shop.sales.create(DocKind.INVOICE, "C")
    shop.sales.add_line(invoice, "SD", D("1"))
    doc = shop.sales.get(DocKind.INVOICE, invoice.no)
    assert (doc.amount, doc.vat_amount, doc.amount_incl_vat) == (D("3.00"), D("0.17"), D("3.17"))
    posted = shop.posted.invoice(shop.sales.post(doc, posting_date=dt.date(2026, 11, 24)).invoice_no)
    assert posted.vat_amount == D("0.17")
