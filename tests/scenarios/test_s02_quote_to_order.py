"""S2. Quote to order.

Quote for C: 2 x A, a comment line "Deliver to back door", 3 x A. Totals 50.00 / 10.00 / 60.00.
Make Order: the quote no longer exists; the new order has the same three lines in the same
order, its Quote No. is the quote's number, and its totals are 50.00 / 10.00 / 60.00. Comment
lines carry no amount.

(That comment lines are never posted as an entry belongs to posting and is tested there.)
"""

from decimal import Decimal

import pytest

from salesdesk.model import DocKind, NotFound

D = Decimal


@pytest.fixture
def quote(shop):
    q = shop.sales.create(DocKind.QUOTE, "C")
    shop.sales.add_line(q, "A", D("2"))
    shop.sales.add_line(q, type="comment", description="Deliver to back door")
    shop.sales.add_line(q, "A", D("3"))
    return shop.sales.get(DocKind.QUOTE, q.no)


def lines(doc):
    return [(line.type, line.no, line.description, line.quantity, line.unit_price, line.line_amount)
            for line in doc.lines]


THE_LINES = [
    ("item", "A", "A", D("2"), D("10.00"), D("20.00")),
    ("comment", "", "Deliver to back door", D("0"), D("0"), D("0.00")),
    ("item", "A", "A", D("3"), D("10.00"), D("30.00")),
]


def test_the_quote(shop, quote):
    assert quote.no == "SQ-00001"
    assert quote.customer_no == "C"
    assert lines(quote) == THE_LINES
    assert [line.line_no for line in quote.lines] == [10000, 20000, 30000]
    assert (quote.amount, quote.vat_amount, quote.amount_incl_vat) == (D("50.00"), D("10.00"), D("60.00"))
    comment = quote.lines[1]
    assert (comment.amount, comment.vat_amount, comment.amount_incl_vat) == (D("0"), D("0"), D("0"))
    (vat,) = quote.vat_lines  # the comment line adds no VAT line
    assert (vat.vat_key, vat.vat_pct, vat.base, vat.vat_amount) == ("STD", D("20"), D("50.00"), D("10.00"))


def test_make_order(shop, quote):
    order = shop.sales.make_order(quote)

    with pytest.raises(NotFound):
        shop.sales.get(DocKind.QUOTE, quote.no)
    assert shop.sales.count(DocKind.QUOTE) == 0

    order = shop.sales.get(DocKind.ORDER, order.no)
    assert order.kind is DocKind.ORDER
    assert order.no == "SO-00001"
    assert order.customer_no == "C"
    assert order.quote_no == quote.no == "SQ-00001"
    assert lines(order) == THE_LINES
    assert [line.line_no for line in order.lines] == [10000, 20000, 30000]
    assert (order.amount, order.vat_amount, order.amount_incl_vat) == (D("50.00"), D("10.00"), D("60.00"))
    comment = order.lines[1]
    assert (comment.line_amount, comment.amount, comment.vat_amount, comment.amount_incl_vat) == (D("0"),) * 4
    assert (comment.qty_to_ship, comment.qty_to_invoice) == (D("0"), D("0"))
    assert [line.qty_to_ship for line in order.lines] == [D("2"), D("0"), D("3")]
    assert shop.sales.page(DocKind.ORDER) == [
        ("SO-00001", "C", "C", "open", order.order_date, D("50.00"), D("60.00"))]
