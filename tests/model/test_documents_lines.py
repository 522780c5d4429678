"""Lines of sales documents: what an item line takes from the item, refusals, comment lines,
line amounts, inserting and deleting, and the quantities to ship / invoice / receive."""

from decimal import Decimal

import pytest
from sqlalchemy import func, select, update

from salesdesk.model import DocKind, SalesDeskError, ValidationError
from salesdesk.model.tables import SalesLine


def set_line(desk, doc, line_no, /, **values):
    """Write a line's fields straight into the database (to simulate a posting)."""
    with desk.db.write() as s:
        s.execute(update(SalesLine).where(
            SalesLine.kind == doc.kind.value, SalesLine.document_no == doc.no, SalesLine.line_no == line_no,
        ).values(**values))


def line_count(desk, doc):
    with desk.db.read() as s:
        return s.execute(select(func.count()).select_from(SalesLine).where(
            SalesLine.kind == doc.kind.value, SalesLine.document_no == doc.no)).scalar_one()


def lines_of(desk, doc):
    return desk.sales.get(doc.kind, doc.no).lines


@pytest.fixture
def order(shop):
    return shop.sales.create(DocKind.ORDER, "C")


# -- item lines ----------------------------------------------------------------------------

def test_an_item_line_takes_what_it_needs_from_the_item(shop, order):
    line = shop.sales.add_line(order, "A", Decimal("5"))
    assert line.line_no == 10000
    assert (line.type, line.no, line.description, line.uom) == ("item", "A", "A", "PCS")
    assert line.quantity == Decimal("5")
    assert line.unit_price == Decimal("10.00")
    assert line.unit_cost == Decimal("6.00")
    assert (line.vat_prod_group, line.vat_pct) == ("STD", Decimal("20"))
    assert line.line_discount_pct == Decimal("0")
    assert line.location == "MAIN"
    assert (line.line_amount, line.amount, line.vat_amount, line.amount_incl_vat) == (
        Decimal("50.00"), Decimal("50.00"), Decimal("10.00"), Decimal("60.00"))
    doc = shop.sales.get(DocKind.ORDER, order.no)
    assert doc.lines == (line,)
    assert (doc.amount, doc.vat_amount, doc.amount_incl_vat) == (
        Decimal("50.00"), Decimal("10.00"), Decimal("60.00"))


def test_an_item_line_takes_the_items_own_unit_and_vat_group(shop, order):
    shop.items.create("Consulting", no="S", type="service", uom="HOUR", unit_price=Decimal("80"),
                      vat_prod_group="ZERO")
    line = shop.sales.add_line(order, "s", 2)
    assert (line.no, line.uom, line.vat_prod_group, line.vat_pct) == ("S", "HOUR", "ZERO", Decimal("0"))
    assert line.line_amount == Decimal("160.00")
    assert line.vat_amount == Decimal("0.00")


def test_lines_are_numbered_10000_20000_30000(shop, order):
    numbers = [shop.sales.add_line(order, "A", 1).line_no for _ in range(3)]
    assert numbers == [10000, 20000, 30000]


def test_the_header_location_goes_onto_its_lines(shop):
    shop.setup.add_location("YARD")
    o = shop.sales.create(DocKind.ORDER, "C", location="YARD")
    assert shop.sales.add_line(o, "A", 1).location == "YARD"


def test_a_blocked_item_is_refused_naming_it(shop, order):
    shop.items.create("Old lamp", no="OLD", unit_price=Decimal("5"), vat_prod_group="STD", blocked=True)
    with pytest.raises(ValidationError) as err:
        shop.sales.add_line(order, "OLD", 1)
    assert list(err.value.errors) == ["no"]
    assert err.value.errors["no"] == "Item OLD Old lamp is blocked."
    assert line_count(shop, order) == 0


def test_a_sales_blocked_item_is_refused_naming_it(shop, order):
    shop.items.create("Spare part", no="SP", unit_price=Decimal("5"), vat_prod_group="STD", sales_blocked=True)
    with pytest.raises(ValidationError) as err:
        shop.sales.add_line(order, "SP", 1)
    assert err.value.errors == {"no": "Item SP Spare part is blocked for sales."}
    assert line_count(shop, order) == 0


def test_changing_a_line_to_a_blocked_item_is_refused(shop, order):
    shop.sales.add_line(order, "A", 1)
    shop.items.create("Old lamp", no="OLD", unit_price=Decimal("5"), vat_prod_group="STD", blocked=True)
    with pytest.raises(ValidationError) as err:
        shop.sales.update_line(order, 10000, no="OLD")
    assert "OLD" in err.value.errors["no"]
    assert lines_of(shop, order)[0].no == "A"


def test_an_unknown_item_is_refused(shop, order):
    with pytest.raises(ValidationError) as err:
        shop.sales.add_line(order, "NOPE", 1)
    assert err.value.errors == {"no": "Item 'NOPE' does not exist."}
    assert line_count(shop, order) == 0


def test_an_item_without_vat_posting_setup_for_the_customer_is_refused(shop, order):
    shop.setup.set_vat("RED", Decimal("5"), bus_group="EU")  # RED exists, but not for DOMESTIC
    shop.items.create("Book", no="BOOK", unit_price=Decimal("8"), vat_prod_group="RED")
    with pytest.raises(ValidationError) as err:
        shop.sales.add_line(order, "BOOK", 1)
    assert err.value.errors == {"no": "There is no VAT posting setup for DOMESTIC x RED."}
    assert line_count(shop, order) == 0


def test_changing_the_item_takes_the_new_items_values(shop, order):
    shop.items.create("Bulb", no="B", unit_price=Decimal("2.50"), unit_cost=Decimal("1"), vat_prod_group="ZERO")
    shop.sales.add_line(order, "A", 4, line_discount_pct=10)
    line = shop.sales.update_line(order, 10000, no="B")
    assert (line.no, line.description, line.unit_price, line.unit_cost, line.vat_pct) == (
        "B", "Bulb", Decimal("2.50"), Decimal("1"), Decimal("0"))
    assert line.quantity == Decimal("4")
    assert line.line_discount_pct == Decimal("0")
    assert line.line_amount == Decimal("10.00")


def test_an_item_line_needs_an_item_before_a_quantity(shop, order):
    with pytest.raises(ValidationError) as err:
        shop.sales.add_line(order, None, 1)
    assert err.value.errors == {"no": "Type an item number first."}


@pytest.mark.parametrize(("fields", "field", "words"), [
    ({"qty_to_ship": 2}, "qty_to_ship", "cannot be more than the outstanding quantity 1."),  # -1: negative lines
    ({"quantity": "1.234567"}, "quantity", "Quantity allows at most 5 decimal places."),
    ({"quantity": "lots"}, "quantity", "Quantity: 'lots' is not a number."),
    ({"line_discount_pct": 101}, "line_discount_pct", "Line Discount % must be at most 100."),
    ({"unit_price": -5}, "unit_price", "Unit Price must be at least 0."),
    ({"type": "resource"}, "type", "Type must be one of"),
    ({"location": "NOWHERE"}, "location", "Location Code 'NOWHERE' does not exist."),
    ({"colour": "red"}, "colour", "There is no field called 'colour'."),
])
def test_bad_line_values_are_refused_by_field(shop, order, fields, field, words):
    shop.sales.add_line(order, "A", 1)
    with pytest.raises(ValidationError) as err:
        shop.sales.update_line(order, 10000, **fields)
    assert list(err.value.errors) == [field]
    assert words in err.value.errors[field]
    assert lines_of(shop, order)[0].quantity == Decimal("1")


def test_check_line_answers_one_field(shop):
    assert shop.sales.check_line("quantity", "2,5") is None
    assert shop.sales.check_line("quantity", "-2") == "Quantity must be at least 0."


def test_a_line_on_an_unknown_line_number_is_refused(shop, order):
    with pytest.raises(SalesDeskError, match="Order SO-00001 has no line 40000"):
        shop.sales.update_line(order, 40000, quantity=1)


# -- comment lines -------------------------------------------------------------------------

def test_a_comment_line_carries_no_amount(shop, order):
    shop.sales.add_line(order, "A", 2)
    comment = shop.sales.add_line(order, type="comment", description="Deliver to back door")
    assert (comment.type, comment.no, comment.description) == ("comment", "", "Deliver to back door")
    assert comment.quantity == comment.unit_price == Decimal("0")
    assert comment.line_amount == comment.amount == comment.vat_amount == comment.amount_incl_vat == Decimal("0")
    assert comment.qty_to_ship == comment.qty_to_invoice == Decimal("0")
    assert comment.location is None
    doc = shop.sales.get(DocKind.ORDER, order.no)
    assert (doc.amount, doc.vat_amount, doc.amount_incl_vat) == (
        Decimal("20.00"), Decimal("4.00"), Decimal("24.00"))


def test_a_comment_line_ignores_quantities_and_prices(shop, order):
    shop.sales.add_line(order, type="comment", description="Note")
    line = shop.sales.update_line(order, 10000, quantity=5, unit_price=3, description="Other note")
    assert line.description == "Other note"
    assert line.quantity == line.unit_price == line.line_amount == Decimal("0")


def test_an_item_line_turned_into_a_comment_has_nothing_to_ship(shop, order):
    shop.sales.add_line(order, "A", 5)
    line = shop.sales.update_line(order, 10000, type="comment")
    assert (line.type, line.no, line.quantity) == ("comment", "", Decimal("0"))
    assert line.qty_to_ship == line.qty_to_invoice == Decimal("0")
    assert line.vat_prod_group == ""


# -- line amounts --------------------------------------------------------------------------

def test_line_amount_is_quantity_times_price_less_the_discount_s3(shop):
    invoice = shop.sales.create(DocKind.INVOICE, "C")
    line = shop.sales.add_line(invoice, "A", 5, line_discount_pct=Decimal("10"))
    assert line.line_discount_pct == Decimal("10")
    assert line.line_discount_amount == Decimal("5.00")
    assert line.line_amount == Decimal("45.00")
    doc = shop.sales.get(DocKind.INVOICE, invoice.no)
    assert (doc.amount, doc.vat_amount, doc.amount_incl_vat) == (
        Decimal("45.00"), Decimal("9.00"), Decimal("54.00"))


@pytest.mark.parametrize(("qty", "price", "discount", "disc_amount", "amount"), [
    ("3", "3.333", "0", "0.00", "10.00"),          # 9.999 rounds to 10.00
    ("3", "3.333", "15", "1.50", "8.50"),          # discount taken on the rounded 10.00
    ("0.5", "0.99", "0", "0.00", "0.50"),          # 0.495 rounds half up
    ("1", "0.99", "50", "0.50", "0.49"),           # 0.495 discount rounds half up on its own
    ("7", "1.11111", "0", "0.00", "7.78"),         # 7.77777
    ("2", "10", "100", "20.00", "0.00"),
])
def test_line_amounts_round_half_up_to_the_cent(shop, order, qty, price, discount, disc_amount, amount):
    shop.sales.add_line(order, "A", 1)
    line = shop.sales.update_line(order, 10000, quantity=qty, unit_price=price, line_discount_pct=discount)
    assert line.line_discount_amount == Decimal(disc_amount)
    assert line.line_amount == Decimal(amount)


def test_changing_quantity_price_or_discount_recomputes_the_line_and_totals(shop, order):
    shop.sales.add_line(order, "A", 1)
    shop.sales.update_line(order, 10000, quantity=4)
    shop.sales.update_line(order, 10000, unit_price="12.50")
    line = shop.sales.update_line(order, 10000, line_discount_pct=20)
    assert line.line_amount == Decimal("40.00")  # 4 x 12.50 = 50.00 - 10.00
    doc = shop.sales.get(DocKind.ORDER, order.no)
    assert (doc.amount, doc.vat_amount, doc.amount_incl_vat) == (
        Decimal("40.00"), Decimal("8.00"), Decimal("48.00"))


def test_quantities_typed_as_text_are_exact(shop, order):
    line = shop.sales.add_line(order, "A", "2,5")
    assert line.quantity == Decimal("2.5")
    assert line.line_amount == Decimal("25.00")


# -- inserting and deleting ----------------------------------------------------------------

def test_a_line_inserted_before_another_goes_between(shop, order):
    shop.sales.add_line(order, "A", 1)
    shop.sales.add_line(order, "A", 2)
    inserted = shop.sales.add_line(order, type="comment", description="between", before=20000)
    assert inserted.line_no == 15000
    first = shop.sales.add_line(order, type="comment", description="first", before=10000)
    assert first.line_no == 5000
    assert [(line.line_no, line.description) for line in lines_of(shop, order)] == [
        (5000, "first"), (10000, "A"), (15000, "between"), (20000, "A")]


def test_before_an_unknown_line_appends(shop, order):
    shop.sales.add_line(order, "A", 1)
    assert shop.sales.add_line(order, "A", 1, before=99999).line_no == 20000


def test_inserting_where_there_is_no_room_renumbers_and_keeps_the_order(shop, order):
    shop.sales.add_line(order, "A", 1)
    shop.sales.add_line(order, "A", 2)
    shop.sales.add_line(order, "A", 3)
    set_line(shop, order, 20000, line_no=10001)  # as if many lines had been inserted
    line = shop.sales.add_line(order, "A", 9, before=10001)
    assert [(x.line_no, x.quantity) for x in lines_of(shop, order)] == [
        (10000, Decimal("1")), (15000, Decimal("9")), (20000, Decimal("2")), (30000, Decimal("3"))]
    assert line.line_no == 15000
    assert line.quantity == Decimal("9")


def test_inserting_before_the_first_line_again_and_again_keeps_working(shop, order):
    shop.sales.add_line(order, "A", 1)
    for quantity in range(2, 17):
        first = lines_of(shop, order)[0].line_no
        shop.sales.add_line(order, "A", quantity, before=first)
    assert [x.quantity for x in lines_of(shop, order)] == [Decimal(q) for q in range(16, 0, -1)]


def test_delete_line_removes_it_and_updates_the_totals(shop, order):
    shop.sales.add_line(order, "A", 1)
    shop.sales.add_line(order, "A", 2)
    shop.sales.delete_line(order, 10000)
    doc = shop.sales.get(DocKind.ORDER, order.no)
    assert [(x.line_no, x.quantity) for x in doc.lines] == [(20000, Decimal("2"))]
    assert (doc.amount, doc.amount_incl_vat) == (Decimal("20.00"), Decimal("24.00"))
    assert shop.sales.page(DocKind.ORDER)[0][5:] == (Decimal("20.00"), Decimal("24.00"))
    assert shop.sales.add_line(order, "A", 1).line_no == 30000


def test_deleting_an_unknown_line_is_refused(shop, order):
    with pytest.raises(SalesDeskError, match="has no line 10000"):
        shop.sales.delete_line(order, 10000)


def test_a_shipped_line_cannot_be_deleted(shop, order):
    shop.sales.add_line(order, "A", 5)
    set_line(shop, order, 10000, quantity_shipped=Decimal("2"))
    with pytest.raises(SalesDeskError, match="Line 10000 has been shipped, received or invoiced"):
        shop.sales.delete_line(order, 10000)
    assert line_count(shop, order) == 1


# -- quantities to handle (orders) ---------------------------------------------------------

def test_qty_to_ship_defaults_to_the_quantity_and_copies_into_qty_to_invoice(shop, order):
    line = shop.sales.add_line(order, "A", 10)
    assert line.qty_to_ship == Decimal("10")
    assert line.qty_to_invoice == Decimal("10")
    assert line.quantity_shipped == line.quantity_invoiced == Decimal("0")
    assert line.outstanding_quantity == Decimal("10")
    assert line.qty_shipped_not_invoiced == Decimal("0")
    assert line.return_qty_to_receive == Decimal("0")


def test_qty_to_ship_copies_into_qty_to_invoice(shop, order):
    shop.sales.add_line(order, "A", 10)
    line = shop.sales.update_line(order, 10000, qty_to_ship=4)
    assert (line.qty_to_ship, line.qty_to_invoice) == (Decimal("4"), Decimal("4"))
    line = shop.sales.update_line(order, 10000, qty_to_ship=0)
    assert (line.qty_to_ship, line.qty_to_invoice) == (Decimal("0"), Decimal("0"))


def test_a_new_quantity_resets_the_quantities_to_handle(shop, order):
    shop.sales.add_line(order, "A", 10)
    shop.sales.update_line(order, 10000, qty_to_ship=4)
    line = shop.sales.update_line(order, 10000, quantity=12)
    assert (line.qty_to_ship, line.qty_to_invoice) == (Decimal("12"), Decimal("12"))


def test_qty_to_ship_above_the_outstanding_quantity_is_refused(shop, order):
    shop.sales.add_line(order, "A", 7)
    with pytest.raises(ValidationError) as err:
        shop.sales.update_line(order, 10000, qty_to_ship=8)
    assert err.value.errors == {
        "qty_to_ship": "Qty. to Ship on line 10000 cannot be more than the outstanding quantity 7."}
    assert lines_of(shop, order)[0].qty_to_ship == Decimal("7")
    assert shop.sales.update_line(order, 10000, qty_to_ship=7).qty_to_ship == Decimal("7")


def test_quantities_in_messages_are_written_plainly(shop, order):
    shop.sales.add_line(order, "A", 10)
    with pytest.raises(ValidationError) as err:
        shop.sales.update_line(order, 10000, qty_to_ship=11)
    assert err.value.errors == {
        "qty_to_ship": "Qty. to Ship on line 10000 cannot be more than the outstanding quantity 10."}


def test_after_a_partial_shipment_the_defaults_follow_what_is_left(shop, order):
    # S1 step 1 as posting will leave it: 40 of 100 shipped, nothing invoiced
    shop.sales.add_line(order, "A", 100)
    set_line(shop, order, 10000, quantity_shipped=Decimal("40"), qty_to_ship=Decimal("60"),
             qty_to_invoice=Decimal("100"))
    line = lines_of(shop, order)[0]
    assert (line.outstanding_quantity, line.qty_shipped_not_invoiced) == (Decimal("60"), Decimal("40"))
    with pytest.raises(ValidationError) as err:
        shop.sales.update_line(order, 10000, qty_to_ship=61)
    assert err.value.errors == {
        "qty_to_ship": "Qty. to Ship on line 10000 cannot be more than the outstanding quantity 60."}
    line = shop.sales.update_line(order, 10000, qty_to_ship=0, qty_to_invoice=40)
    assert (line.qty_to_ship, line.qty_to_invoice) == (Decimal("0"), Decimal("40"))
    line = shop.sales.update_line(order, 10000, qty_to_ship=20)
    assert line.qty_to_invoice == Decimal("60")  # 20 now + 40 shipped not invoiced
    line = shop.sales.update_line(order, 10000, quantity=110)
    assert (line.qty_to_ship, line.qty_to_invoice) == (Decimal("70"), Decimal("110"))


def test_qty_to_invoice_above_what_is_not_yet_invoiced_is_refused(shop, order):
    shop.sales.add_line(order, "A", 9)
    set_line(shop, order, 10000, quantity_shipped=Decimal("4"), quantity_invoiced=Decimal("4"))
    with pytest.raises(ValidationError) as err:
        shop.sales.update_line(order, 10000, qty_to_invoice=6)
    assert err.value.errors == {
        "qty_to_invoice": "Qty. to Invoice on line 10000 cannot be more than the 5 not yet invoiced."}
    assert shop.sales.update_line(order, 10000, qty_to_invoice=5).qty_to_invoice == Decimal("5")


def test_the_quantity_cannot_go_below_what_is_already_handled(shop, order):
    shop.sales.add_line(order, "A", 10)
    set_line(shop, order, 10000, quantity_shipped=Decimal("4"))
    with pytest.raises(ValidationError) as err:
        shop.sales.update_line(order, 10000, quantity=3)
    assert err.value.errors == {"quantity": "Quantity cannot be less than the 4 already handled on line 10000."}
    line = shop.sales.update_line(order, 10000, quantity=4)
    assert (line.quantity, line.qty_to_ship, line.qty_to_invoice, line.outstanding_quantity) == (
        Decimal("4"), Decimal("0"), Decimal("4"), Decimal("0"))


def test_the_quantity_cannot_go_below_what_is_invoiced(shop):
    invoice = shop.sales.create(DocKind.INVOICE, "C")
    shop.sales.add_line(invoice, "A", 10)
    set_line(shop, invoice, 10000, quantity_invoiced=Decimal("6"))
    with pytest.raises(ValidationError, match="less than the 6 already handled"):
        shop.sales.update_line(invoice, 10000, quantity=5)


# -- quantities to handle (other kinds) ----------------------------------------------------

def test_an_invoice_line_invoices_its_whole_quantity(shop):
    invoice = shop.sales.create(DocKind.INVOICE, "C")
    line = shop.sales.add_line(invoice, "A", 7)
    assert (line.qty_to_ship, line.qty_to_invoice) == (Decimal("7"), Decimal("7"))
    line = shop.sales.update_line(invoice, 10000, quantity=3)
    assert (line.qty_to_ship, line.qty_to_invoice) == (Decimal("3"), Decimal("3"))


def test_a_return_order_line_defaults_return_qty_to_receive(shop):
    ret = shop.sales.create(DocKind.RETURN_ORDER, "C")
    line = shop.sales.add_line(ret, "A", 3)
    assert line.return_qty_to_receive == Decimal("3")
    assert line.qty_to_invoice == Decimal("3")
    assert line.qty_to_ship == Decimal("0")
    line = shop.sales.update_line(ret, 10000, return_qty_to_receive=1)
    assert (line.return_qty_to_receive, line.qty_to_invoice) == (Decimal("1"), Decimal("1"))


def test_a_return_order_cannot_receive_more_than_is_outstanding_nor_ship(shop):
    ret = shop.sales.create(DocKind.RETURN_ORDER, "C")
    shop.sales.add_line(ret, "A", 3)
    with pytest.raises(ValidationError) as err:
        shop.sales.update_line(ret, 10000, return_qty_to_receive=4)
    assert err.value.errors == {"return_qty_to_receive": (
        "Return Qty. to Receive on line 10000 cannot be more than the outstanding quantity 3.")}
    with pytest.raises(ValidationError) as err:
        shop.sales.update_line(ret, 10000, qty_to_ship=1)
    assert err.value.errors == {"qty_to_ship": "Only orders and invoices ship."}


def test_after_a_partial_receipt_the_return_defaults_follow_what_is_left(shop):
    ret = shop.sales.create(DocKind.RETURN_ORDER, "C")
    shop.sales.add_line(ret, "A", 5)
    set_line(shop, ret, 10000, return_qty_received=Decimal("2"))
    line = shop.sales.update_line(ret, 10000, quantity=6)
    assert (line.return_qty_to_receive, line.qty_to_invoice) == (Decimal("4"), Decimal("6"))
    with pytest.raises(ValidationError, match="less than the 2 already handled"):
        shop.sales.update_line(ret, 10000, quantity=1)


def test_a_return_orders_outstanding_quantity_counts_what_was_received(shop):
    ret = shop.sales.create(DocKind.RETURN_ORDER, "C")
    shop.sales.add_line(ret, "A", 5)
    set_line(shop, ret, 10000, return_qty_received=Decimal("2"))
    assert lines_of(shop, ret)[0].outstanding_quantity == Decimal("3")


def test_a_credit_memo_line_receives_and_credits_its_whole_quantity(shop):
    memo = shop.sales.create(DocKind.CREDIT_MEMO, "C")
    line = shop.sales.add_line(memo, "A", 2)
    assert (line.return_qty_to_receive, line.qty_to_invoice, line.qty_to_ship) == (
        Decimal("2"), Decimal("2"), Decimal("0"))


def test_a_return_qty_to_receive_on_an_order_is_refused(shop, order):
    shop.sales.add_line(order, "A", 2)
    with pytest.raises(ValidationError) as err:
        shop.sales.update_line(order, 10000, return_qty_to_receive=1)
    assert err.value.errors == {"return_qty_to_receive": "Only return orders and credit memos receive."}


def test_a_quote_has_nothing_to_handle(shop):
    quote = shop.sales.create(DocKind.QUOTE, "C")
    line = shop.sales.add_line(quote, "A", 2)
    assert line.qty_to_ship == line.qty_to_invoice == line.return_qty_to_receive == Decimal("0")
    with pytest.raises(ValidationError, match="Only orders and invoices ship"):
        shop.sales.update_line(quote, 10000, qty_to_ship=1)


def test_a_blanket_order_line_defaults_qty_to_ship(shop):
    blanket = shop.sales.create(DocKind.BLANKET_ORDER, "C")
    line = shop.sales.add_line(blanket, "A", 250)
    assert line.qty_to_ship == Decimal("250")
    assert shop.sales.update_line(blanket, 10000, qty_to_ship=0).qty_to_ship == Decimal("0")
