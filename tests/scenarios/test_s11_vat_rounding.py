"""S11. VAT rounding across lines - the unposted invoice.

Invoice: three lines of 1 x item R at 0.99 (STD). Totals 2.97 / 0.59 / 3.56; the lines' VAT
amounts add up to exactly 0.59 and their amounts incl. VAT to exactly 3.56 - on the unposted
invoice and on the posted one, whose ledger entries carry the same totals.
"""

from decimal import Decimal

import pytest

from salesdesk.model import DocKind

D = Decimal


@pytest.fixture
def invoice(shop):
    shop.items.create("R", no="R", unit_price=D("0.99"), vat_prod_group="STD")
    inv = shop.sales.create(DocKind.INVOICE, "C")
    for _ in range(3):
        shop.sales.add_line(inv, "R", D("1"))
    return shop.sales.get(DocKind.INVOICE, inv.no)


def test_totals(invoice):
    assert [(line.no, line.quantity, line.unit_price, line.line_amount) for line in invoice.lines] == [
        ("R", D("1"), D("0.99"), D("0.99"))] * 3
    assert (invoice.amount, invoice.vat_amount, invoice.amount_incl_vat) == (D("2.97"), D("0.59"), D("3.56"))


def test_the_lines_add_up_exactly(invoice):
    assert sum((line.amount for line in invoice.lines), D(0)) == D("2.97")
    assert sum((line.vat_amount for line in invoice.lines), D(0)) == D("0.59")
    assert sum((line.amount_incl_vat for line in invoice.lines), D(0)) == D("3.56")
    for line in invoice.lines:
        assert line.vat_amount in (D("0.19"), D("0.20"))
        assert line.amount_incl_vat == line.amount + line.vat_amount


def test_one_vat_line_of_20_percent(invoice):
    (vat,) = invoice.vat_lines
    assert (vat.vat_key, vat.vat_pct, vat.base, vat.vat_amount, vat.amount_incl_vat) == (
        "STD", D("20"), D("2.97"), D("0.59"), D("3.56"))


def test_the_invoice_list_shows_the_same_totals(shop, invoice):
    assert shop.sales.page(DocKind.INVOICE)[0][5:] == (D("2.97"), D("3.56"))


def test_releasing_keeps_the_totals(shop, invoice):
    released = shop.sales.release(invoice)
    assert (released.amount, released.vat_amount, released.amount_incl_vat) == (D("2.97"), D("0.59"), D("3.56"))


@pytest.fixture
def result(shop, invoice):
    shop.items.adjust("R", D("3"), unit_cost=D("0.50"))  # R is a stock item: it must be there to ship
    return shop.sales.post(invoice)


def test_the_posted_lines_add_up_exactly(shop, invoice, result):
    posted = shop.posted.invoice(result.invoice_no)
    assert (posted.amount, posted.vat_amount, posted.amount_incl_vat) == (D("2.97"), D("0.59"), D("3.56"))
    assert len(posted.lines) == 3
    assert sum((line.amount for line in posted.lines), D(0)) == D("2.97")
    assert sum((line.vat_amount for line in posted.lines), D(0)) == D("0.59")
    assert sum((line.amount_incl_vat for line in posted.lines), D(0)) == D("3.56")
    for line in posted.lines:
        assert line.vat_amount in (D("0.19"), D("0.20"))
        assert line.amount_incl_vat == line.amount + line.vat_amount
    # the posted lines are the unposted ones, cent for cent
    assert [(l.amount, l.vat_amount, l.amount_incl_vat) for l in posted.lines] == [
        (l.amount, l.vat_amount, l.amount_incl_vat) for l in invoice.lines]


def test_the_posted_entries_carry_the_same_totals(shop, result):
    (entry,) = shop.ledger.customer_entries("C")
    assert entry.amount == D("3.56")
    (vat,) = shop.ledger.vat_entries(result.invoice_no)
    assert (vat.vat_pct, vat.base, vat.amount) == (D("20"), D("2.97"), D("0.59"))
    gl = {e.account_no: e.amount for e in shop.ledger.gl_entries(result.invoice_no)}
    assert (gl["411000"], gl["707000"], gl["445710"]) == (D("3.56"), D("-2.97"), D("-0.59"))
    assert sum(gl.values()) == D("0.00")
