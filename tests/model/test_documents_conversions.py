"""Make Order / Make Invoice from a quote, and Copy Document."""

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from salesdesk.model import Desk, DocKind, NotFound, SalesDeskError, ValidationError
from salesdesk.model.tables import SalesHeader, SalesLine

TODAY = dt.date(2026, 11, 24)
D = Decimal


def amounts(doc):
    return doc.amount, doc.vat_amount, doc.amount_incl_vat


def shape(doc):
    return [(line.line_no, line.type, line.no, line.description, line.quantity, line.unit_price,
             line.line_discount_pct, line.line_amount) for line in doc.lines]


def line_rows(desk, doc):
    with desk.db.read() as s:
        return s.execute(select(func.count()).select_from(SalesLine).where(
            SalesLine.kind == doc.kind.value, SalesLine.document_no == doc.no)).scalar_one()


@pytest.fixture
def quote(shop):
    q = shop.sales.create(DocKind.QUOTE, "C", external_document_no="RFQ-9", your_reference="Ann")
    shop.sales.add_line(q, "A", 2)
    shop.sales.add_line(q, type="comment", description="Deliver to back door")
    shop.sales.add_line(q, "A", 3, line_discount_pct=10)
    return shop.sales.get(DocKind.QUOTE, q.no)


# -- make order / make invoice ------------------------------------------------------------

def test_make_order_moves_the_quote_into_a_new_order(shop, quote):
    assert amounts(quote) == (D("47.00"), D("9.40"), D("56.40"))
    order = shop.sales.make_order(quote)
    assert (order.kind, order.no, order.quote_no, order.status) == (DocKind.ORDER, "SO-00001", "SQ-00001", "open")
    assert shape(order) == shape(quote)
    assert amounts(order) == amounts(quote)
    with pytest.raises(NotFound):
        shop.sales.get(DocKind.QUOTE, quote.no)
    assert line_rows(shop, quote) == 0
    assert shop.sales.get(DocKind.ORDER, order.no) == order


def test_make_order_keeps_the_quotes_header(shop, quote):
    order = shop.sales.make_order(quote)
    assert (order.customer_no, order.customer_name, order.bill_to_customer_no) == ("C", "C", "C")
    assert (order.external_document_no, order.your_reference) == ("RFQ-9", "Ann")
    assert order.payment_terms == "30D"
    assert order.due_date == dt.date(2026, 12, 24)
    assert (order.order_date, order.document_date, order.posting_date) == (TODAY, TODAY, TODAY)
    assert order.quote_valid_until is None


def test_make_order_gives_the_order_lines_their_quantities_to_ship(shop, quote):
    order = shop.sales.make_order(quote)
    assert [(line.qty_to_ship, line.qty_to_invoice) for line in order.lines] == [
        (D("2"), D("2")), (D("0"), D("0")), (D("3"), D("3"))]
    assert all(line.quantity_shipped == 0 and line.quantity_invoiced == 0 for line in order.lines)


def test_make_order_keeps_a_price_typed_on_the_quote(shop, quote):
    shop.sales.update_line(quote, 10000, unit_price="8.50")
    order = shop.sales.make_order(quote)
    assert order.lines[0].unit_price == D("8.50")
    assert order.lines[0].line_amount == D("17.00")


def test_make_order_from_a_released_quote(shop, quote):
    shop.sales.release(quote)
    order = shop.sales.make_order(quote)
    assert order.status == "open"
    assert order.quote_no == quote.no


def test_make_invoice_moves_the_quote_into_a_new_invoice(shop, quote):
    invoice = shop.sales.make_invoice(quote)
    assert (invoice.kind, invoice.no, invoice.quote_no) == (DocKind.INVOICE, "SI-00001", "SQ-00001")
    assert shape(invoice) == shape(quote)
    assert amounts(invoice) == (D("47.00"), D("9.40"), D("56.40"))
    assert [line.qty_to_invoice for line in invoice.lines] == [D("2"), D("0"), D("3")]
    with pytest.raises(NotFound):
        shop.sales.get(DocKind.QUOTE, quote.no)


@pytest.mark.parametrize("kind", [DocKind.ORDER, DocKind.INVOICE, DocKind.BLANKET_ORDER, DocKind.CREDIT_MEMO])
def test_only_a_quote_can_be_made_into_an_order_or_invoice(shop, kind):
    """(A blanket order is made into an order by tests/model/test_blanket_orders.py; never into an invoice.)"""
    doc = shop.sales.create(kind, "C")
    shop.sales.add_line(doc, "A", 1)
    converts = (shop.sales.make_invoice,) if kind is DocKind.BLANKET_ORDER else (shop.sales.make_order,
                                                                                 shop.sales.make_invoice)
    for convert in converts:
        with pytest.raises(SalesDeskError, match="Only a quote can be made into an order or an invoice"):
            convert(doc)
    assert shop.sales.get(kind, doc.no).lines[0].quantity == D("1")
    assert shop.sales.count(DocKind.ORDER) == (1 if kind is DocKind.ORDER else 0)


def test_a_quote_without_quantities_cannot_be_made_into_an_order(shop):
    q = shop.sales.create(DocKind.QUOTE, "C")
    shop.sales.add_line(q, type="comment", description="just a note")
    with pytest.raises(SalesDeskError, match="Quote SQ-00001 has no line with a quantity"):
        shop.sales.make_order(q)
    assert shop.sales.get(DocKind.QUOTE, q.no).no == "SQ-00001"
    assert shop.sales.create(DocKind.ORDER, "C").no == "SO-00001"  # no number was used


def test_a_quote_for_a_blocked_customer_stays_a_quote(shop, quote):
    shop.customers.update("C", blocked="ship")
    with pytest.raises(SalesDeskError, match="Customer C C is blocked for shipping: no new order"):
        shop.sales.make_order(quote)
    assert shop.sales.get(DocKind.QUOTE, quote.no) == quote
    assert shop.sales.count(DocKind.ORDER) == 0
    invoice = shop.sales.make_invoice(quote)  # blocked for shipping still allows an invoice
    assert invoice.quote_no == quote.no


def test_an_order_made_later_is_due_30_days_after_its_own_date(tmp_path):
    day = [dt.date(2026, 11, 1)]
    with Desk.open(tmp_path / "later.db", clock=lambda: day[0]) as desk:
        desk.setup.set_vat("STD", D("20"))
        desk.setup.add_payment_terms("30D", due_days=30)
        desk.customers.create("C", no="C", payment_terms="30D")
        desk.items.create("A", no="A", unit_price=D("10"), vat_prod_group="STD")
        quote = desk.sales.create(DocKind.QUOTE, "C")
        desk.sales.add_line(quote, "A", 1)
        assert quote.due_date == dt.date(2026, 12, 1)
        day[0] = TODAY
        order = desk.sales.make_order(quote)
        assert order.document_date == TODAY
        assert order.due_date == dt.date(2026, 12, 24)


def test_make_order_of_an_unknown_quote_is_refused(shop, quote):
    shop.sales.make_order(quote)
    with pytest.raises(NotFound):
        shop.sales.make_order(quote)


# -- copy document -------------------------------------------------------------------------

@pytest.fixture
def gross(shop):
    shop.customers.create("Gross Prices", no="G", prices_incl_vat=True)
    return shop


def test_copy_without_header_appends_lines_priced_for_the_target(gross, quote):
    target = gross.sales.create(DocKind.ORDER, "G")
    gross.sales.add_line(target, "A", 1)
    copied = gross.sales.copy_document(target, DocKind.QUOTE, quote.no)
    assert copied.customer_no == "G"
    assert [(x.line_no, x.type, x.quantity, x.unit_price, x.line_discount_pct) for x in copied.lines] == [
        (10000, "item", D("1"), D("12.00"), D("0")),
        (20000, "item", D("2"), D("12.00"), D("0")),
        (30000, "comment", D("0"), D("0"), D("0")),
        (40000, "item", D("3"), D("12.00"), D("0")),
    ]
    assert copied.lines[2].description == "Deliver to back door"
    assert [x.qty_to_ship for x in copied.lines] == [D("1"), D("2"), D("0"), D("3")]
    assert amounts(copied) == (D("60.00"), D("12.00"), D("72.00"))
    assert gross.sales.get(DocKind.QUOTE, quote.no) == quote  # the source is untouched


def test_copy_without_header_always_recalculates(shop, quote):
    shop.sales.update_line(quote, 10000, unit_price="8.00")
    target = shop.sales.create(DocKind.INVOICE, "C")
    copied = shop.sales.copy_document(target, DocKind.QUOTE, quote.no, recalculate_lines=False)
    assert [x.unit_price for x in copied.lines] == [D("10.00"), D("0"), D("10.00")]


def test_copy_with_header_and_without_recalculation_keeps_the_sources_prices(gross, quote):
    gross.sales.update_line(quote, 10000, unit_price="8.00")
    target = gross.sales.create(DocKind.ORDER, "G")
    gross.sales.add_line(target, "A", 9)
    copied = gross.sales.copy_document(target, DocKind.QUOTE, quote.no, include_header=True,
                                       recalculate_lines=False)
    assert copied.no == target.no
    assert (copied.customer_no, copied.customer_name, copied.prices_incl_vat) == ("C", "C", False)
    assert (copied.external_document_no, copied.your_reference) == ("RFQ-9", "Ann")
    assert [(x.line_no, x.quantity, x.unit_price, x.line_discount_pct, x.line_amount) for x in copied.lines] == [
        (10000, D("2"), D("8.00"), D("0"), D("16.00")),
        (20000, D("0"), D("0"), D("0"), D("0")),
        (30000, D("3"), D("10.00"), D("10"), D("27.00")),
    ]
    assert amounts(copied) == (D("43.00"), D("8.60"), D("51.60"))
    assert copied.quote_no == ""


def test_copy_with_header_and_recalculation_prices_from_the_item(gross, quote):
    gross.sales.update_line(quote, 10000, unit_price="8.00")
    target = gross.sales.create(DocKind.ORDER, "G")
    copied = gross.sales.copy_document(target, DocKind.QUOTE, quote.no, include_header=True)
    assert [x.unit_price for x in copied.lines] == [D("10.00"), D("0"), D("10.00")]
    assert [x.line_discount_pct for x in copied.lines] == [D("0")] * 3
    assert amounts(copied) == (D("50.00"), D("10.00"), D("60.00"))


def test_copy_keeps_the_kinds_own_quantities(shop, quote):
    target = shop.sales.create(DocKind.RETURN_ORDER, "C")
    copied = shop.sales.copy_document(target, DocKind.QUOTE, quote.no)
    assert [(x.return_qty_to_receive, x.qty_to_invoice, x.qty_to_ship) for x in copied.lines] == [
        (D("2"), D("2"), D("0")), (D("0"), D("0"), D("0")), (D("3"), D("3"), D("0"))]


def test_copy_from_an_order_into_a_credit_memo(shop):
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", 4)
    memo = shop.sales.create(DocKind.CREDIT_MEMO, "C")
    copied = shop.sales.copy_document(memo, "order", order.no)
    assert [(x.no, x.quantity, x.line_amount) for x in copied.lines] == [("A", D("4"), D("40.00"))]
    assert amounts(copied) == (D("40.00"), D("8.00"), D("48.00"))


def test_a_document_cannot_be_copied_into_itself(shop, quote):
    with pytest.raises(SalesDeskError, match="A document cannot be copied into itself"):
        shop.sales.copy_document(quote, DocKind.QUOTE, quote.no)
    assert shop.sales.get(DocKind.QUOTE, quote.no) == quote


def test_copying_an_unknown_document_is_refused(shop):
    target = shop.sales.create(DocKind.ORDER, "C")
    with pytest.raises(NotFound, match="Quote SQ-00042 does not exist"):
        shop.sales.copy_document(target, DocKind.QUOTE, "SQ-00042")


def test_copying_a_blocked_item_refuses_the_whole_copy(shop, quote):
    shop.items.update("A", sales_blocked=True)
    target = shop.sales.create(DocKind.ORDER, "C")
    with pytest.raises(ValidationError, match="Item A A is blocked for sales"):
        shop.sales.copy_document(target, DocKind.QUOTE, quote.no)
    assert line_rows(shop, target) == 0


def test_copying_the_header_of_a_blocked_customer_is_refused(shop, quote):
    shop.customers.create("Other", no="O")
    shop.customers.update("C", blocked="all")
    target = shop.sales.create(DocKind.ORDER, "O")
    with pytest.raises(SalesDeskError, match="Customer C C is blocked for all transactions"):
        shop.sales.copy_document(target, DocKind.QUOTE, quote.no, include_header=True)
    assert shop.sales.get(DocKind.ORDER, target.no).customer_no == "O"


def test_the_header_cannot_be_replaced_once_lines_are_handled(shop, quote):
    from sqlalchemy import update

    target = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(target, "A", 5)
    with shop.db.write() as s:
        s.execute(update(SalesLine).where(SalesLine.document_no == target.no).values(quantity_shipped=D("1")))
    with pytest.raises(SalesDeskError, match="has handled lines; its header cannot be replaced"):
        shop.sales.copy_document(target, DocKind.QUOTE, quote.no, include_header=True)
    with shop.db.read() as s:
        assert s.get(SalesHeader, ("order", target.no)).your_reference == ""


def test_copy_document_from_a_posted_invoice_keeps_lines_and_can_take_the_header(shop):
    invoice = shop.sales.create("invoice", "C", external_document_no="PO-7")
    shop.sales.add_line(invoice, "A", Decimal("5"), line_discount_pct=Decimal("10"))
    shop.sales.add_line(invoice, type="comment", description="Fragile")
    posted = shop.sales.post(invoice).invoice_no
    order = shop.sales.create("order", "C")
    copied = shop.sales.copy_document(order, "posted_invoice", posted, include_header=True,
                                      recalculate_lines=False)
    assert [(line.type, line.no, line.quantity, line.line_discount_pct) for line in copied.lines] == [
        ("item", "A", Decimal("5"), Decimal("10")), ("comment", "", Decimal("0"), Decimal("0"))]
    assert copied.external_document_no == "PO-7"
    assert copied.amount_incl_vat == Decimal("54.00")
    assert copied.lines[0].qty_to_ship == Decimal("5")


def test_copy_document_from_a_posted_document_that_does_not_exist_is_refused(shop):
    order = shop.sales.create("order", "C")
    with pytest.raises(SalesDeskError, match="no posted invoice PSI-09999"):
        shop.sales.copy_document(order, "posted_invoice", "PSI-09999")
