"""More checks for the fixed sales-document bugs: renumbering lines, deleting documents that
receive, outstanding quantities per kind, switching Prices Including VAT, comment lines,
due dates of converted documents, the desk's work date in typed dates, and the bill-to
customer's defaults."""

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update

from salesdesk.model import Desk, DocKind, SalesDeskError, ValidationError
from salesdesk.model.sales.doc_rules import HEADER_RULES
from salesdesk.model.core.fields import clean, parse_date
from salesdesk.model.sales.pricing import convert_price
from salesdesk.model.tables import SalesHeader, SalesLine

TODAY = dt.date(2026, 11, 24)
D = Decimal


def set_line(desk, doc, line_no, /, **values):
    """Write a line's fields straight into the database (to simulate a posting)."""
    with desk.db.write() as s:
        s.execute(update(SalesLine).where(
            SalesLine.kind == doc.kind.value, SalesLine.document_no == doc.no, SalesLine.line_no == line_no,
        ).values(**values))


def lines_of(desk, doc):
    return desk.sales.get(doc.kind, doc.no).lines


def headers(desk, doc):
    with desk.db.read() as s:
        return s.execute(select(func.count()).select_from(SalesHeader).where(
            SalesHeader.kind == doc.kind.value, SalesHeader.no == doc.no)).scalar_one()


def amounts(doc):
    return doc.amount, doc.vat_amount, doc.amount_incl_vat


@pytest.fixture
def order(shop):
    return shop.sales.create(DocKind.ORDER, "C")


# -- 1. renumbering lines ------------------------------------------------------------------

def test_renumbering_never_lands_on_a_parked_number(shop, order):
    for quantity in range(1, 7):
        shop.sales.add_line(order, "A", quantity)
    # as if many lines had been squeezed in: 1, 2, 3, 4, 5, 10000 (the old parking put the
    # line 10000 at 50000, the final number of the fifth line)
    for old, new in ((10000, 1), (20000, 2), (30000, 3), (40000, 4), (50000, 5), (60000, 10000)):
        set_line(shop, order, old, line_no=new)
    line = shop.sales.add_line(order, "A", 9, before=2)
    assert line.line_no == 15000
    assert [(x.line_no, x.quantity) for x in lines_of(shop, order)] == [
        (10000, D(1)), (15000, D(9)), (20000, D(2)), (30000, D(3)), (40000, D(4)), (50000, D(5)),
        (60000, D(6))]


def test_twenty_inserts_at_the_top_keep_every_line_in_order(shop, order):
    shop.sales.add_line(order, "A", 1)
    for quantity in range(2, 21):
        shop.sales.add_line(order, "A", quantity, before=lines_of(shop, order)[0].line_no)
    lines = lines_of(shop, order)
    assert [x.quantity for x in lines] == [D(q) for q in range(20, 0, -1)]
    assert all(x.line_no > 0 for x in lines)
    assert len({x.line_no for x in lines}) == 20
    assert shop.sales.add_line(order, "A", 1).line_no == lines[-1].line_no + 10000


# -- 2. deleting documents that receive ------------------------------------------------------

def test_a_credit_memo_received_and_credited_can_be_deleted(shop):
    memo = shop.sales.create(DocKind.CREDIT_MEMO, "C")
    shop.sales.add_line(memo, "A", 4)
    set_line(shop, memo, 10000, return_qty_received=D("4"), quantity_invoiced=D("4"))
    shop.sales.delete(memo)
    assert headers(shop, memo) == 0


def test_a_partly_received_and_credited_return_order_can_be_deleted(shop):
    ret = shop.sales.create(DocKind.RETURN_ORDER, "C")
    shop.sales.add_line(ret, "A", 5)
    shop.sales.add_line(ret, "A", 2)
    set_line(shop, ret, 10000, return_qty_received=D("2"), quantity_invoiced=D("2"))
    shop.sales.delete(ret)
    assert headers(shop, ret) == 0


def test_a_return_order_received_3_and_credited_1_is_still_refused(shop):
    ret = shop.sales.create(DocKind.RETURN_ORDER, "C")
    shop.sales.add_line(ret, "A", 5)
    set_line(shop, ret, 10000, return_qty_received=D("3"), quantity_invoiced=D("1"))
    with pytest.raises(SalesDeskError, match="line 10000 has been received but not invoiced"):
        shop.sales.delete(ret)
    assert headers(shop, ret) == 1


def test_an_order_shipped_2_and_invoiced_1_is_still_refused(shop, order):
    shop.sales.add_line(order, "A", 5)
    set_line(shop, order, 10000, quantity_shipped=D("2"), quantity_invoiced=D("1"))
    with pytest.raises(SalesDeskError, match="line 10000 has been shipped but not invoiced"):
        shop.sales.delete(order)
    set_line(shop, order, 10000, quantity_invoiced=D("2"))
    shop.sales.delete(order)
    assert headers(shop, order) == 0


# -- 3. outstanding quantity per kind --------------------------------------------------------

def test_a_credit_memos_outstanding_quantity_counts_what_was_received(shop):
    memo = shop.sales.create(DocKind.CREDIT_MEMO, "C")
    shop.sales.add_line(memo, "A", 4)
    set_line(shop, memo, 10000, return_qty_received=D("1"))
    line = lines_of(shop, memo)[0]
    assert line.kind is DocKind.CREDIT_MEMO
    assert line.outstanding_quantity == D("3")


def test_an_orders_outstanding_quantity_counts_what_was_shipped(shop, order):
    shop.sales.add_line(order, "A", 5)
    set_line(shop, order, 10000, quantity_shipped=D("2"), quantity_invoiced=D("1"))
    line = lines_of(shop, order)[0]
    assert line.kind is DocKind.ORDER
    assert (line.outstanding_quantity, line.qty_shipped_not_invoiced) == (D("3"), D("1"))
    assert line.return_qty_received_not_invoiced == D("0")


def test_a_return_order_has_nothing_shipped_not_invoiced(shop):
    ret = shop.sales.create(DocKind.RETURN_ORDER, "C")
    shop.sales.add_line(ret, "A", 6)
    set_line(shop, ret, 10000, return_qty_received=D("3"), quantity_invoiced=D("1"))
    line = lines_of(shop, ret)[0]
    assert line.outstanding_quantity == D("3")
    assert line.qty_shipped_not_invoiced == D("0")  # not 0 - 1
    assert line.return_qty_received_not_invoiced == D("2")


# -- 4. switching Prices Including VAT ------------------------------------------------------

@pytest.fixture
def zero_item(shop):
    shop.items.create("Book", no="BOOK", unit_price=D("7.50"), vat_prod_group="ZERO")
    return shop


def test_turning_prices_including_vat_on_keeps_the_amounts(shop, order):
    shop.sales.add_line(order, "A", 3, line_discount_pct=D("10"))
    before = shop.sales.get(DocKind.ORDER, order.no)
    assert amounts(before) == (D("27.00"), D("5.40"), D("32.40"))
    changed = shop.sales.update(order, prices_incl_vat=True)
    line = changed.lines[0]
    assert (line.unit_price, line.line_discount_amount, line.line_amount) == (D("12"), D("3.60"), D("32.40"))
    assert amounts(changed) == (D("27.00"), D("5.40"), D("32.40"))
    assert shop.sales.page(DocKind.ORDER)[0][5:] == (D("27.00"), D("32.40"))


def test_turning_prices_including_vat_off_divides_and_rounds_to_5_decimals(shop):
    shop.customers.create("Gross", no="G", prices_incl_vat=True)
    o = shop.sales.create(DocKind.ORDER, "G")
    shop.sales.add_line(o, "A", 1, unit_price=D("9.95"))
    assert amounts(shop.sales.get(DocKind.ORDER, o.no)) == (D("8.29"), D("1.66"), D("9.95"))
    changed = shop.sales.update(o, prices_incl_vat=False)
    assert changed.lines[0].unit_price == D("8.29167")  # 9.95 / 1.2 = 8.291666...
    assert amounts(changed) == (D("8.29"), D("1.66"), D("9.95"))
    assert shop.sales.update(o, prices_incl_vat=True).lines[0].unit_price == D("9.95")  # 9.950004


def test_switching_prices_leaves_zero_vat_and_comment_lines_alone(zero_item, order):
    zero_item.sales.add_line(order, "BOOK", 2)
    zero_item.sales.add_line(order, type="comment", description="Gift wrap")
    zero_item.sales.add_line(order, "A", 1)
    changed = zero_item.sales.update(order, prices_incl_vat="yes")
    assert [(x.type, x.unit_price, x.line_amount) for x in changed.lines] == [
        ("item", D("7.50"), D("15.00")), ("comment", D("0"), D("0")), ("item", D("12.00"), D("12.00"))]
    assert amounts(changed) == (D("25.00"), D("2.00"), D("27.00"))


def test_setting_prices_including_vat_to_its_own_value_changes_nothing(shop, order):
    shop.sales.add_line(order, "A", 1)
    assert shop.sales.update(order, prices_incl_vat=False).lines[0].unit_price == D("10.00")


def test_prices_including_vat_cannot_change_once_a_line_is_invoiced(shop, order):
    shop.sales.add_line(order, "A", 5)
    set_line(shop, order, 10000, quantity_shipped=D("1"), quantity_invoiced=D("1"))
    with pytest.raises(ValidationError) as err:
        shop.sales.update(order, prices_incl_vat=True)
    assert err.value.errors == {"prices_incl_vat": "Prices Including VAT cannot change: line 10000 has been invoiced."}
    doc = shop.sales.get(DocKind.ORDER, order.no)
    assert (doc.prices_incl_vat, doc.lines[0].unit_price) == (False, D("10.00"))


def test_convert_price_both_ways():
    assert convert_price(D("10"), D("20"), True) == D("12.00000")
    assert convert_price(D("12"), D("20"), False) == D("10.00000")
    assert convert_price(D("0.01"), D("7"), False) == D("0.00935")  # 0.0093457... rounds half up
    assert convert_price(D("3.33333"), D("0"), True) == D("3.33333")


# -- 5. comment lines ------------------------------------------------------------------------

def test_a_return_line_turned_into_a_comment_has_nothing_to_receive(shop):
    ret = shop.sales.create(DocKind.RETURN_ORDER, "C")
    shop.sales.add_line(ret, "A", 4)
    line = shop.sales.update_line(ret, 10000, type="comment", description="Returned by courier")
    assert (line.type, line.no, line.description) == ("comment", "", "Returned by courier")
    assert line.return_qty_to_receive == line.qty_to_invoice == line.qty_to_ship == D("0")
    assert (line.location, line.uom, line.unit_cost, line.vat_pct) == (None, "", D("0"), D("0"))
    assert line.outstanding_quantity == D("0")
    doc = shop.sales.get(DocKind.RETURN_ORDER, ret.no)
    assert amounts(doc) == (D("0.00"), D("0.00"), D("0.00"))
    assert doc.vat_lines == ()


def test_a_comment_line_turned_back_into_an_item_line_prices_again(shop, order):
    shop.sales.add_line(order, "A", 5)
    shop.sales.update_line(order, 10000, type="comment")
    line = shop.sales.update_line(order, 10000, type="item", no="A", quantity=2)
    assert (line.unit_price, line.vat_prod_group, line.vat_pct, line.location) == (
        D("10.00"), "STD", D("20"), "MAIN")
    assert (line.qty_to_ship, line.qty_to_invoice, line.line_amount) == (D("2"), D("2"), D("20.00"))


def test_a_handled_item_line_cannot_become_a_comment(shop, order):
    shop.sales.add_line(order, "A", 5)
    set_line(shop, order, 10000, quantity_shipped=D("1"))
    with pytest.raises(ValidationError, match="has been handled; its type cannot change"):
        shop.sales.update_line(order, 10000, type="comment")
    assert lines_of(shop, order)[0].qty_to_ship == D("5")


# -- 6. due dates of converted and copied documents ----------------------------------------

def test_an_invoice_made_from_an_older_quote_is_due_from_its_own_date(tmp_path):
    day = [dt.date(2026, 11, 1)]
    with Desk.open(tmp_path / "later.db", clock=lambda: day[0]) as desk:
        desk.setup.set_vat("STD", D("20"))
        desk.setup.add_payment_terms("14D", due_days=14)
        desk.customers.create("C", no="C", payment_terms="14D")
        desk.items.create("A", no="A", unit_price=D("10"), vat_prod_group="STD")
        quote = desk.sales.create(DocKind.QUOTE, "C")
        desk.sales.add_line(quote, "A", 1)
        assert quote.due_date == dt.date(2026, 11, 15)
        day[0] = TODAY
        invoice = desk.sales.make_invoice(quote)
        assert (invoice.document_date, invoice.due_date) == (TODAY, dt.date(2026, 12, 8))


def test_a_quote_without_payment_terms_makes_an_order_due_on_its_date(shop):
    shop.customers.create("Cash", no="CASH")
    quote = shop.sales.create(DocKind.QUOTE, "CASH", document_date="2026-10-01")
    shop.sales.add_line(quote, "A", 1)
    assert quote.due_date == dt.date(2026, 10, 1)
    order = shop.sales.make_order(quote)
    assert (order.payment_terms, order.due_date) == (None, TODAY)


def test_a_hand_typed_due_date_on_the_quote_gives_way_to_the_terms(shop):
    quote = shop.sales.create(DocKind.QUOTE, "C", due_date="2027-03-31")
    shop.sales.add_line(quote, "A", 1)
    assert shop.sales.make_order(quote).due_date == dt.date(2026, 12, 24)


def test_copying_a_header_dates_the_due_date_from_the_target(shop):
    quote = shop.sales.create(DocKind.QUOTE, "C", document_date="2026-11-01")
    shop.sales.add_line(quote, "A", 1)
    assert quote.due_date == dt.date(2026, 12, 1)
    target = shop.sales.create(DocKind.ORDER, "C")
    copied = shop.sales.copy_document(target, DocKind.QUOTE, quote.no, include_header=True)
    assert (copied.document_date, copied.due_date) == (TODAY, dt.date(2026, 12, 24))


# -- 7. typed dates use the desk's work date -------------------------------------------------

@pytest.fixture
def old_desk(tmp_path):
    with Desk.open(tmp_path / "old.db", clock=lambda: dt.date(2025, 1, 15)) as desk:
        desk.setup.add_payment_terms("30D", due_days=30)
        desk.customers.create("C", no="C", payment_terms="30D")
        yield desk


def test_a_document_date_of_t_dates_the_due_date_from_the_work_date(old_desk):
    o = old_desk.sales.create(DocKind.ORDER, "C", requested_delivery_date="T")
    assert o.requested_delivery_date == dt.date(2025, 1, 15)
    changed = old_desk.sales.update(o, document_date="today", posting_date="3/2")
    assert (changed.document_date, changed.due_date) == (dt.date(2025, 1, 15), dt.date(2025, 2, 14))
    assert changed.posting_date == dt.date(2025, 2, 3)


def test_day_and_month_are_checked_against_the_work_dates_year(old_desk, tmp_path):
    assert "is not a valid date" in old_desk.sales.check("order_date", "29/02")  # 2025 has no 29 Feb
    with Desk.open(tmp_path / "leap.db", clock=lambda: dt.date(2024, 2, 1)) as leap:
        assert leap.sales.check("order_date", "29/02") is None
        leap.customers.create("C", no="C")
        o = leap.sales.create(DocKind.ORDER, "C", order_date="29/02")
        assert o.order_date == dt.date(2024, 2, 29)


def test_clean_and_parse_date_take_today(desk):
    with desk.db.read() as s:
        data, errors = clean(s, HEADER_RULES, {"order_date": "3.4", "due_date": "t"}, today=dt.date(2030, 1, 1))
    assert errors == {}
    assert data == {"order_date": dt.date(2030, 4, 3), "due_date": dt.date(2030, 1, 1)}
    assert parse_date("31-12", today=dt.date(2031, 6, 1)) == dt.date(2031, 12, 31)


# -- 8. defaults from the bill-to customer ---------------------------------------------------

@pytest.fixture
def branch(shop):
    shop.setup.add_payment_terms("14D", due_days=14)
    shop.customers.create("Head office", no="HQ", payment_terms="14D", prices_incl_vat=True,
                          invoice_disc_pct=D("3"))
    shop.customers.create("Branch", no="BR", city="Lille", payment_terms="30D", invoice_disc_pct=D("10"),
                          bill_to_customer_no="HQ")
    return shop


def test_a_branch_order_is_priced_and_discounted_as_its_head_office(branch):
    o = branch.sales.create(DocKind.ORDER, "BR")
    assert (o.customer_no, o.customer_name, o.ship_to_city, o.bill_to_customer_no) == ("BR", "Branch", "Lille", "HQ")
    line = branch.sales.add_line(o, "A", 10)
    assert (line.unit_price, line.line_amount) == (D("12.00"), D("120.00"))
    doc = branch.sales.get(DocKind.ORDER, o.no)
    assert doc.inv_discount_amount == D("3.60")
    assert amounts(doc) == (D("97.00"), D("19.40"), D("116.40"))


def test_changing_the_customer_to_a_branch_takes_the_head_offices_terms(branch, order):
    branch.sales.add_line(order, "A", 1)
    changed = branch.sales.update(order, customer_no="BR")
    assert (changed.bill_to_customer_no, changed.payment_terms, changed.due_date) == (
        "HQ", "14D", dt.date(2026, 12, 8))
    assert (changed.prices_incl_vat, changed.invoice_disc_pct) == (True, D("3"))
    assert changed.lines[0].unit_price == D("12.00")


def test_a_bill_to_customer_without_terms_leaves_the_order_without_terms(shop):
    shop.customers.create("Payer", no="P")
    shop.customers.create("Shop", no="S", payment_terms="30D", bill_to_customer_no="P")
    o = shop.sales.create(DocKind.INVOICE, "S")
    assert (o.payment_terms, o.due_date, o.prices_incl_vat, o.invoice_disc_pct) == (None, TODAY, False, D("0"))
