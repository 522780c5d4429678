"""Totals of sales documents: VAT per rate on the document total spread to the lines, the
invoice discount, prices including VAT, mixed rates, and the totals kept for the lists."""

from decimal import Decimal

import pytest

from salesdesk.model import DocKind
from salesdesk.model.sales.pricing import VatLine

D = Decimal


def amounts(doc):
    return doc.amount, doc.vat_amount, doc.amount_incl_vat


@pytest.fixture
def priced(shop):
    shop.items.create("Resistor", no="R", unit_price=D("0.99"), vat_prod_group="STD")
    shop.items.create("Service", no="S", type="service", unit_price=D("20.00"), vat_prod_group="ZERO")
    shop.items.create("Tool", no="B", unit_price=D("40.00"), vat_prod_group="STD")
    return shop


def test_vat_is_computed_on_the_total_not_per_line(priced):
    inv = priced.sales.create(DocKind.INVOICE, "C")
    for _ in range(3):
        priced.sales.add_line(inv, "R", 1)
    doc = priced.sales.get(DocKind.INVOICE, inv.no)
    assert amounts(doc) == (D("2.97"), D("0.59"), D("3.56"))
    assert sum((line.vat_amount for line in doc.lines), D(0)) == D("0.59")
    assert sum((line.amount_incl_vat for line in doc.lines), D(0)) == D("3.56")
    assert sum((line.amount for line in doc.lines), D(0)) == D("2.97")
    assert doc.vat_lines == (VatLine("STD", D("20"), D("2.97"), D("0.59")),)


def test_mixed_rates_give_two_vat_lines_s7(priced):
    inv = priced.sales.create(DocKind.INVOICE, "C")
    priced.sales.add_line(inv, "B", 5)
    priced.sales.add_line(inv, "S", 1)
    doc = priced.sales.get(DocKind.INVOICE, inv.no)
    assert amounts(doc) == (D("220.00"), D("40.00"), D("260.00"))
    assert doc.vat_lines == (VatLine("ZERO", D("0"), D("20.00"), D("0.00")),
                             VatLine("STD", D("20"), D("200.00"), D("40.00")))
    assert [line.vat_amount for line in doc.lines] == [D("40.00"), D("0.00")]


def test_the_customers_invoice_discount_is_spread_over_the_lines(priced):
    priced.customers.create("Discounted", no="DC", invoice_disc_pct=D("10"))
    order = priced.sales.create(DocKind.ORDER, "DC")
    priced.sales.add_line(order, "A", 5)     # 50.00
    priced.sales.add_line(order, "A", 1)     # 10.00
    doc = priced.sales.get(DocKind.ORDER, order.no)
    assert doc.inv_discount_amount == D("6.00")
    assert [line.inv_discount_amount for line in doc.lines] == [D("5.00"), D("1.00")]
    assert [line.amount for line in doc.lines] == [D("45.00"), D("9.00")]
    assert [line.line_amount for line in doc.lines] == [D("50.00"), D("10.00")]  # before the discount
    assert amounts(doc) == (D("54.00"), D("10.80"), D("64.80"))


def test_changing_the_invoice_discount_on_the_header_reprices_the_document(priced):
    inv = priced.sales.create(DocKind.INVOICE, "C")
    for _ in range(3):
        priced.sales.add_line(inv, "R", 1)
    doc = priced.sales.update(inv, invoice_disc_pct="10")
    # 10 % of 2.97 = 0.297 -> 0.30 spread 0.10 each; VAT 20 % of 2.67 = 0.534 -> 0.53
    assert doc.inv_discount_amount == D("0.30")
    assert [line.inv_discount_amount for line in doc.lines] == [D("0.10")] * 3
    assert amounts(doc) == (D("2.67"), D("0.53"), D("3.20"))
    assert sum((line.vat_amount for line in doc.lines), D(0)) == D("0.53")
    assert priced.sales.page(DocKind.INVOICE)[0][5:] == (D("2.67"), D("3.20"))


def test_a_prices_including_vat_document_takes_vat_out_of_the_total(priced):
    priced.customers.create("Gross", no="G", prices_incl_vat=True)
    inv = priced.sales.create(DocKind.INVOICE, "G")
    line = priced.sales.add_line(inv, "A", 1)
    assert line.unit_price == D("12.00")
    priced.sales.update_line(inv, 10000, unit_price="9.99")
    doc = priced.sales.get(DocKind.INVOICE, inv.no)
    # VAT = round(9.99 x 20 / 120) = round(1.665) = 1.67
    assert amounts(doc) == (D("8.32"), D("1.67"), D("9.99"))
    assert doc.lines[0].line_amount == D("9.99")
    assert doc.vat_lines == (VatLine("STD", D("20"), D("8.32"), D("1.67")),)


def test_a_prices_including_vat_document_adds_up_over_lines(priced):
    priced.customers.create("Gross", no="G", prices_incl_vat=True)
    order = priced.sales.create(DocKind.ORDER, "G")
    for quantity in (2, 3):
        priced.sales.add_line(order, "A", quantity)           # 12.00 each incl. VAT
    doc = priced.sales.get(DocKind.ORDER, order.no)
    assert [line.line_amount for line in doc.lines] == [D("24.00"), D("36.00")]
    assert amounts(doc) == (D("50.00"), D("10.00"), D("60.00"))
    assert [line.amount for line in doc.lines] == [D("20.00"), D("30.00")]
    assert [line.amount_incl_vat for line in doc.lines] == [D("24.00"), D("36.00")]
    assert priced.sales.page(DocKind.ORDER)[0][5:] == (D("50.00"), D("60.00"))


def test_line_discount_and_invoice_discount_together(priced):
    priced.customers.create("Discounted", no="DC", invoice_disc_pct=D("5"))
    inv = priced.sales.create(DocKind.INVOICE, "DC")
    priced.sales.add_line(inv, "A", 5, line_discount_pct=10)    # 45.00
    doc = priced.sales.get(DocKind.INVOICE, inv.no)
    # invoice discount 5 % of 45.00 = 2.25; VAT 20 % of 42.75 = 8.55
    assert doc.inv_discount_amount == D("2.25")
    assert amounts(doc) == (D("42.75"), D("8.55"), D("51.30"))


def test_a_customer_on_a_zero_rate_group_pays_no_vat(priced):
    priced.setup.set_vat("STD", D("0"), bus_group="EXPORT")
    priced.customers.create("Abroad", no="X", vat_bus_group="EXPORT")
    order = priced.sales.create(DocKind.ORDER, "X")
    line = priced.sales.add_line(order, "A", 3)
    assert (line.vat_pct, line.vat_amount) == (D("0"), D("0.00"))
    assert amounts(priced.sales.get(DocKind.ORDER, order.no)) == (D("30.00"), D("0.00"), D("30.00"))


def test_comment_lines_do_not_change_the_totals(priced):
    quote = priced.sales.create(DocKind.QUOTE, "C")
    priced.sales.add_line(quote, "A", 2)
    priced.sales.add_line(quote, type="comment", description="Deliver to back door")
    priced.sales.add_line(quote, "A", 3)
    doc = priced.sales.get(DocKind.QUOTE, quote.no)
    assert amounts(doc) == (D("50.00"), D("10.00"), D("60.00"))
    assert [line.amount_incl_vat for line in doc.lines] == [D("24.00"), D("0"), D("36.00")]


def test_a_comment_line_adds_no_vat_line(priced):
    quote = priced.sales.create(DocKind.QUOTE, "C")
    priced.sales.add_line(quote, "A", 2)
    priced.sales.add_line(quote, type="comment", description="Deliver to back door")
    doc = priced.sales.get(DocKind.QUOTE, quote.no)
    assert doc.vat_lines == (VatLine("STD", D("20"), D("20.00"), D("4.00")),)


def test_the_list_totals_follow_every_line_change(priced):
    order = priced.sales.create(DocKind.ORDER, "C")
    priced.sales.add_line(order, "A", 1)
    assert priced.sales.page(DocKind.ORDER)[0][5:] == (D("10.00"), D("12.00"))
    priced.sales.update_line(order, 10000, quantity=3)
    assert priced.sales.page(DocKind.ORDER)[0][5:] == (D("30.00"), D("36.00"))
    priced.sales.add_line(order, "S", 1)
    assert priced.sales.page(DocKind.ORDER)[0][5:] == (D("50.00"), D("56.00"))
    priced.sales.delete_line(order, 10000)
    assert priced.sales.page(DocKind.ORDER)[0][5:] == (D("20.00"), D("20.00"))
