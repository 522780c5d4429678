"""Posting rules (BC's Sales-Post, bc-posting-rules.md section 1): every check, returns and
credit memos, discounts, prices including VAT, G/L lines, invoicing earlier shipments.

Every refusal is checked to have written nothing: row counts of the posted and ledger tables,
the number series and the documents themselves are exactly as before.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from salesdesk.model import DocKind, NotFound, PostingError, SalesDeskError, ValidationError

from .test_posting_support import (
    assert_gap_free,
    assert_gl_balanced,
    db_state,
    gl_by_account,
    series_last_nos,
)

D = Decimal
TODAY = dt.date(2026, 11, 24)


def doc_with(desk, kind, *lines, customer="C", **header):
    """A document of ``kind`` with item lines (item_no, quantity[, fields])."""
    doc = desk.sales.create(kind, customer, **header)
    for item_no, quantity, *fields in lines:
        desk.sales.add_line(doc, item_no, D(quantity), **(fields[0] if fields else {}))
    return doc


def refused(desk, doc, **flags) -> list[str]:
    """Post ``doc``, expect a refusal that writes nothing; return its problems."""
    before = db_state(desk)
    with pytest.raises(PostingError) as err:
        desk.sales.post(doc, **flags)
    assert db_state(desk) == before
    assert err.value.problems
    for problem in err.value.problems:
        assert problem in str(err.value)
    return err.value.problems


# -- nothing to post ------------------------------------------------------------------------


NOTHING_TO_SHIP = "There is nothing to ship or invoice: no line has a quantity to handle."


def test_an_order_without_lines_has_nothing_to_post(shop):
    order = shop.sales.create(DocKind.ORDER, "C")
    assert refused(shop, order, ship=True, invoice=True) == [NOTHING_TO_SHIP]


def test_an_order_posted_with_no_flag_has_nothing_to_post(shop):
    order = doc_with(shop, DocKind.ORDER, ("A", "5"))
    assert refused(shop, order) == [NOTHING_TO_SHIP]


def test_an_order_with_zero_to_ship_has_nothing_to_ship(shop):
    order = doc_with(shop, DocKind.ORDER, ("A", "5"))
    shop.sales.update_line(order, 10000, qty_to_ship=D("0"))
    assert refused(shop, order, ship=True) == [NOTHING_TO_SHIP]


def test_invoicing_an_order_with_nothing_shipped_has_nothing_to_post(shop):
    order = doc_with(shop, DocKind.ORDER, ("A", "5"))
    assert refused(shop, order, invoice=True) == [NOTHING_TO_SHIP]


def test_an_invoice_of_comment_lines_only_has_nothing_to_post(shop):
    invoice = shop.sales.create(DocKind.INVOICE, "C")
    shop.sales.add_line(invoice, type="comment", description="Thank you")
    assert refused(shop, invoice) == ["There is nothing to post: no line has a quantity to handle."]


def test_a_return_order_with_nothing_to_receive(shop):
    ret = doc_with(shop, DocKind.RETURN_ORDER, ("A", "3"))
    shop.sales.update_line(ret, 10000, return_qty_to_receive=D("0"))
    assert refused(shop, ret, receive=True, invoice=True) == [
        "There is nothing to receive or invoice: no line has a quantity to handle."]


@pytest.mark.parametrize(("kind", "flags", "message"), [
    (DocKind.ORDER, {"receive": True}, "An order ships; it does not receive."),
    (DocKind.RETURN_ORDER, {"ship": True}, "A return order receives; it does not ship."),
    (DocKind.QUOTE, {"ship": True}, "A quote cannot be posted"),
    (DocKind.BLANKET_ORDER, {"ship": True}, "A blanket order cannot be posted"),
])
def test_flags_that_do_not_fit_the_kind_are_refused(shop, kind, flags, message):
    doc = doc_with(shop, kind, ("A", "1"))
    before = db_state(shop)
    with pytest.raises(SalesDeskError, match=message):
        shop.sales.post(doc, **flags)
    assert db_state(shop) == before


def test_posting_a_document_that_does_not_exist(shop):
    from salesdesk.model import DocRef

    with pytest.raises(NotFound):
        shop.sales.post(DocRef(DocKind.ORDER, "SO-99999"), ship=True)


# -- blocked customers (bc-posting-rules 7.3) -----------------------------------------------

POSTINGS = ("order_ship", "order_invoice", "invoice", "return_receive", "credit_memo")
# blocked value -> postings refused (the others post)
BLOCKED_REFUSES = {
    "ship": {"order_ship", "invoice"},  # only a shipment (a direct invoice ships)
    "invoice": {"order_ship", "order_invoice", "invoice"},  # outbound documents, not returns
    "all": set(POSTINGS),
}
REASONS = {"ship": "blocked for shipping", "invoice": "blocked for invoicing", "all": "blocked for all transactions"}


def prepare(desk, posting):
    """The document (made before the customer is blocked) and the flags to post it with."""
    if posting == "order_ship":
        return doc_with(desk, DocKind.ORDER, ("A", "2")), {"ship": True}
    if posting == "order_invoice":
        order = doc_with(desk, DocKind.ORDER, ("A", "2"))
        desk.sales.post(order, ship=True)
        return order, {"invoice": True}
    if posting == "invoice":
        return doc_with(desk, DocKind.INVOICE, ("A", "2")), {}
    if posting == "return_receive":
        return doc_with(desk, DocKind.RETURN_ORDER, ("A", "2")), {"receive": True}
    return doc_with(desk, DocKind.CREDIT_MEMO, ("A", "2")), {}


CASES = [(b, p) for b in BLOCKED_REFUSES for p in POSTINGS]


@pytest.mark.parametrize(("blocked", "posting"), CASES, ids=[f"{b}-{p}" for b, p in CASES])
def test_blocked_customer(shop, blocked, posting):
    doc, flags = prepare(shop, posting)
    shop.customers.update("C", blocked=blocked)
    if posting in BLOCKED_REFUSES[blocked]:
        assert refused(shop, doc, **flags) == [f"Customer C C is {REASONS[blocked]}."]
        shop.customers.update("C", blocked="")  # unblocking makes it work again
    result = shop.sales.post(doc, **flags)
    assert result.posted_nos
    assert_gl_balanced(shop)


def test_a_blocked_bill_to_customer_stops_the_posting(shop):
    shop.customers.create("Payer", no="P", payment_terms="30D")
    shop.customers.create("Shop floor", no="S", payment_terms="30D", bill_to_customer_no="P")
    invoice = doc_with(shop, DocKind.INVOICE, ("A", "1"), customer="S")
    shop.customers.update("P", blocked="invoice")
    assert refused(shop, invoice) == ["Customer P Payer is blocked for invoicing."]
    shop.customers.update("P", blocked="")
    result = shop.sales.post(invoice)
    # the bill-to customer owes it
    assert [e.amount for e in shop.ledger.customer_entries("P")] == [D("12.00")]
    assert shop.ledger.customer_entries("S") == []
    assert shop.posted.invoice(result.invoice_no).bill_to_customer_no == "P"


# -- items ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "flags"), [
    (DocKind.ORDER, {"ship": True}), (DocKind.INVOICE, {}),
    (DocKind.RETURN_ORDER, {"receive": True}), (DocKind.CREDIT_MEMO, {}),
])
def test_a_blocked_item_is_refused_on_every_kind(shop, kind, flags):
    doc = doc_with(shop, kind, ("A", "1"))
    shop.items.update("A", blocked=True)
    assert refused(shop, doc, **flags) == ["Line 10000: item A A is blocked."]


@pytest.mark.parametrize(("kind", "flags"), [(DocKind.ORDER, {"ship": True}), (DocKind.INVOICE, {})])
def test_a_sales_blocked_item_is_refused_going_out(shop, kind, flags):
    doc = doc_with(shop, kind, ("A", "1"))
    shop.items.update("A", sales_blocked=True)
    assert refused(shop, doc, **flags) == ["Line 10000: item A A is blocked for sales."]


@pytest.mark.parametrize(("kind", "flags"), [(DocKind.RETURN_ORDER, {"receive": True}), (DocKind.CREDIT_MEMO, {})])
def test_a_sales_blocked_item_may_come_back(shop, kind, flags):
    doc = doc_with(shop, kind, ("A", "1"))
    shop.items.update("A", sales_blocked=True)
    shop.sales.post(doc, **flags)
    assert shop.items.inventory("A") == D("101")


# -- posting date -----------------------------------------------------------------------------


def test_posting_date_before_the_allowed_range(shop):
    shop.setup.update_company(allow_posting_from=dt.date(2026, 12, 1))
    invoice = doc_with(shop, DocKind.INVOICE, ("A", "1"))
    assert refused(shop, invoice) == [
        "Posting Date 2026-11-24 is not within the range allowed in Company setup (2026-12-01 to …)."]
    result = shop.sales.post(invoice, posting_date=dt.date(2026, 12, 1))  # the first allowed day
    assert shop.posted.invoice(result.invoice_no).posting_date == dt.date(2026, 12, 1)
    (entry,) = shop.ledger.customer_entries("C")
    assert (entry.posting_date, entry.due_date) == (dt.date(2026, 12, 1), TODAY + dt.timedelta(days=30))
    assert {e.posting_date for e in shop.ledger.gl_entries(result.invoice_no)} == {dt.date(2026, 12, 1)}


def test_posting_date_after_the_allowed_range(shop):
    shop.setup.update_company(allow_posting_from=dt.date(2026, 11, 1), allow_posting_to=dt.date(2026, 11, 23))
    order = doc_with(shop, DocKind.ORDER, ("A", "1"))
    assert refused(shop, order, ship=True) == [
        "Posting Date 2026-11-24 is not within the range allowed in Company setup (2026-11-01 to 2026-11-23)."]
    assert refused(shop, order, ship=True, posting_date=dt.date(2026, 10, 31))
    result = shop.sales.post(order, ship=True, posting_date=dt.date(2026, 11, 23))  # the last allowed day
    assert shop.posted.shipment(result.shipment_no).posting_date == dt.date(2026, 11, 23)


def test_posting_date_inside_the_range_posts(shop):
    shop.setup.update_company(allow_posting_from=dt.date(2026, 11, 24), allow_posting_to=dt.date(2026, 11, 24))
    invoice = doc_with(shop, DocKind.INVOICE, ("A", "1"))
    assert shop.sales.post(invoice).invoice_no == "PSI-00001"


# -- due date, quantities, shipping advice ----------------------------------------------------


def test_invoicing_needs_a_due_date(shop):
    order = doc_with(shop, DocKind.ORDER, ("A", "4"))
    shop.sales.update(order, due_date=None)
    problems = refused(shop, order, ship=True, invoice=True)
    assert problems == [f"Due Date must be filled in before Order {order.no} is invoiced."]
    shop.sales.post(order, ship=True)  # shipping does not need one
    assert shop.items.inventory("A") == D("96")
    shop.sales.reopen(order)
    shop.sales.update(order, due_date=dt.date(2027, 1, 31))
    result = shop.sales.post(order, invoice=True)
    assert shop.posted.invoice(result.invoice_no).due_date == dt.date(2027, 1, 31)
    assert shop.ledger.customer_entries("C")[0].due_date == dt.date(2027, 1, 31)


def test_a_credit_memo_without_due_date_is_due_at_posting(shop):
    memo = doc_with(shop, DocKind.CREDIT_MEMO, ("A", "1"))
    shop.sales.update(memo, due_date=None)
    shop.sales.post(memo)
    (entry,) = shop.ledger.customer_entries("C")
    assert (entry.amount, entry.due_date) == (D("-12.00"), TODAY)


def test_qty_to_invoice_above_shipped_and_to_ship_is_refused(shop):
    """Refused where it is typed (BC's "You cannot invoice more than ... units"), and again at
    posting for a line that holds it anyway (written by an older version)."""
    from salesdesk.model.tables import SalesLine

    order = doc_with(shop, DocKind.ORDER, ("A", "10"), ("A", "10"))
    shop.sales.update_line(order, 10000, qty_to_ship=D("4"))
    with pytest.raises(ValidationError, match="cannot invoice more than 4 units"):
        shop.sales.update_line(order, 10000, qty_to_invoice=D("6"))
    with shop.db.write() as s:
        s.get(SalesLine, (order.kind.value, order.no, 10000)).qty_to_invoice = D("6")
    assert refused(shop, order, ship=True, invoice=True) == [
        "Line 10000: Qty. to Invoice 6 is more than the 4 shipped or to ship and not yet invoiced."]


def test_invoice_only_takes_at_most_what_was_shipped(shop):
    """Capping at posting (bc-posting-rules 1.2): Qty. to Invoice <= shipped - invoiced."""
    order = doc_with(shop, DocKind.ORDER, ("A", "10"))
    shop.sales.update_line(order, 10000, qty_to_ship=D("4"))
    shop.sales.post(order, ship=True)
    (line,) = shop.sales.get(DocKind.ORDER, order.no).lines
    assert line.qty_to_invoice == D("10")  # 6 to ship + 4 shipped
    result = shop.sales.post(order, invoice=True)
    invoice = shop.posted.invoice(result.invoice_no)
    assert [l.quantity for l in invoice.lines] == [D("4")]
    assert invoice.amount_incl_vat == D("48.00")
    (line,) = shop.sales.get(DocKind.ORDER, order.no).lines
    assert (line.quantity_shipped, line.quantity_invoiced, line.qty_to_ship, line.qty_to_invoice) == (
        D("4"), D("4"), D("6"), D("6"))


def test_shipping_advice_complete_checks_every_inventory_line(shop):
    shop.customers.create("D", no="D", payment_terms="30D", shipping_advice="complete")
    shop.items.create("Service", no="SV", unit_price=D("50"), vat_prod_group="STD", type="service")
    order = doc_with(shop, DocKind.ORDER, ("A", "10"), ("SV", "2"), ("A", "3"), customer="D")
    shop.sales.update_line(order, 10000, qty_to_ship=D("9"))
    shop.sales.update_line(order, 20000, qty_to_ship=D("1"))  # a service may ship in part
    shop.sales.update_line(order, 30000, qty_to_ship=D("0"))
    assert refused(shop, order, ship=True) == [
        "Line 10000: item A A cannot be shipped completely: Shipping Advice is Complete and only 9 of 10 "
        "is to ship.",
        "Line 30000: item A A cannot be shipped completely: Shipping Advice is Complete and only 0 of 3 "
        "is to ship."]
    shop.sales.update_line(order, 10000, qty_to_ship=D("10"))
    shop.sales.update_line(order, 30000, qty_to_ship=D("3"))
    result = shop.sales.post(order, ship=True)
    assert [l.quantity for l in shop.posted.shipment(result.shipment_no).lines] == [D("10"), D("1"), D("3")]


# -- stock ------------------------------------------------------------------------------------


def test_not_enough_stock_is_refused(shop):
    order = doc_with(shop, DocKind.ORDER, ("A", "101"))
    assert refused(shop, order, ship=True) == [
        "Line 10000: only 100 of item A A is in stock at MAIN; 101 cannot be shipped (setup does not allow "
        "negative inventory)."]


def test_stock_is_checked_for_all_lines_of_an_item_together(shop):
    invoice = doc_with(shop, DocKind.INVOICE, ("A", "60"), ("A", "50"))
    assert refused(shop, invoice) == [
        "Line 10000: only 100 of item A A is in stock at MAIN; 110 cannot be shipped (setup does not allow "
        "negative inventory)."]
    shop.sales.update_line(invoice, 20000, quantity=D("40"))
    shop.sales.post(invoice)
    assert shop.items.inventory("A") == D("0")


def test_negative_inventory_when_setup_allows_it(shop):
    shop.setup.update_company(allow_negative_inventory=True)
    order = doc_with(shop, DocKind.ORDER, ("A", "130"))
    shop.sales.post(order, ship=True, invoice=True)
    assert shop.items.inventory("A") == D("-30")
    assert_gl_balanced(shop)


def test_services_need_no_stock(shop):
    shop.items.create("Service", no="SV", unit_price=D("50"), vat_prod_group="ZERO", type="service")
    invoice = doc_with(shop, DocKind.INVOICE, ("SV", "3"))
    result = shop.sales.post(invoice)
    assert shop.ledger.item_entries("SV") == []
    assert gl_by_account(shop, result.invoice_no) == {"411000": D("150.00"), "706000": D("-150.00")}


# -- setup ------------------------------------------------------------------------------------


def test_missing_vat_setup(shop):
    shop.setup.set_vat("RED", D("5"))
    shop.items.create("Book", no="BK", unit_price=D("8"), vat_prod_group="RED", type="service")
    invoice = doc_with(shop, DocKind.INVOICE, ("A", "1"), ("BK", "1"))
    shop.setup.delete("vat_posting_setup", "DOMESTIC", "RED")
    assert refused(shop, invoice) == ["Line 20000: there is no VAT posting setup for DOMESTIC x RED."]


GEN_SETUP = {"sales_account": "707000", "sales_credit_memo_account": "707000", "sales_line_disc_account": "709000",
             "sales_inv_disc_account": "709000", "cogs_account": "603700", "inventory_account": "370000",
             "inventory_adjmt_account": "603800"}


def test_missing_general_posting_setup(shop):
    shop.setup.save("gen_posting_setup", {"code": "SPECIAL", **GEN_SETUP})
    shop.items.create("Special", no="SP", unit_price=D("5"), vat_prod_group="STD", gen_prod_group="SPECIAL",
                      type="service")
    invoice = doc_with(shop, DocKind.INVOICE, ("SP", "1"))
    shop.setup.delete("gen_posting_setup", "SPECIAL")
    assert refused(shop, invoice) == ["Line 10000: there is no general posting setup 'SPECIAL' for item SP."]


def test_an_items_own_posting_setup_gives_its_accounts(shop):
    shop.setup.save("gl_account", {"no": "707100", "name": "Sales of special goods"})
    shop.setup.save("gen_posting_setup", {"code": "SPECIAL", **GEN_SETUP, "sales_account": "707100"})
    shop.items.create("Special", no="SP", unit_price=D("5"), vat_prod_group="STD", gen_prod_group="SPECIAL",
                      type="service")
    result = shop.sales.post(doc_with(shop, DocKind.INVOICE, ("SP", "2")))
    assert gl_by_account(shop, result.invoice_no) == {"411000": D("12.00"), "707100": D("-10.00"),
                                                      "445710": D("-2.00")}


def test_external_document_no_when_mandatory(shop):
    shop.setup.update_company(ext_doc_no_mandatory=True)
    order = doc_with(shop, DocKind.ORDER, ("A", "1"))
    assert refused(shop, order, ship=True) == [
        "External Document No. must be filled in (Company setup makes it mandatory)."]
    shop.sales.update(order, external_document_no="PO-4711")
    result = shop.sales.post(order, ship=True, invoice=True)
    assert shop.posted.shipment(result.shipment_no).external_document_no == "PO-4711"
    assert shop.posted.invoice(result.invoice_no).external_document_no == "PO-4711"
    assert shop.ledger.customer_entries("C")[0].external_document_no == "PO-4711"


def test_gl_account_lines_are_checked(shop):
    shop.setup.save("gl_account", {"no": "758000", "name": "Other income", "blocked": True})
    invoice = shop.sales.create(DocKind.INVOICE, "C")
    shop.sales.add_line(invoice, type="gl_account", no="758000", quantity=D("1"), unit_price=D("5"),
                        vat_prod_group="STD")
    shop.sales.add_line(invoice, type="gl_account", no="999999", quantity=D("1"), unit_price=D("5"),
                        vat_prod_group="STD")
    assert refused(shop, invoice) == ["Line 10000: G/L account 758000 is blocked.",
                                      "Line 20000: G/L account '999999' does not exist."]


def test_all_problems_are_reported_together(shop):
    shop.items.create("B", no="B", unit_price=D("40"), unit_cost=D("20"), vat_prod_group="STD")
    shop.items.adjust("B", D("5"))
    shop.items.create("Z", no="Z", unit_price=D("1"), vat_prod_group="STD")
    shop.setup.set_vat("RED", D("5"))
    shop.items.create("Book", no="BK", unit_price=D("8"), vat_prod_group="RED", type="service")
    order = doc_with(shop, DocKind.ORDER, ("A", "1"), ("B", "10"), ("Z", "1"), ("BK", "1"))
    shop.sales.add_line(order, type="comment", description="no problem here")
    shop.sales.update(order, due_date=None)
    shop.items.update("A", blocked=True)
    shop.items.update("Z", sales_blocked=True)
    shop.customers.update("C", blocked="invoice")
    shop.items.adjust("Z", D("1"))  # before the posting period closes: the item journal keeps to it too
    shop.setup.update_company(allow_posting_from=dt.date(2026, 1, 1), allow_posting_to=dt.date(2026, 1, 31),
                              ext_doc_no_mandatory=True)
    shop.setup.delete("vat_posting_setup", "DOMESTIC", "RED")

    problems = refused(shop, order, ship=True, invoice=True)

    assert problems == [
        "Customer C C is blocked for invoicing.",
        "Posting Date 2026-11-24 is not within the range allowed in Company setup (2026-01-01 to 2026-01-31).",
        f"Due Date must be filled in before Order {order.no} is invoiced.",
        "External Document No. must be filled in (Company setup makes it mandatory).",
        "Line 10000: item A A is blocked.",
        "Line 30000: item Z Z is blocked for sales.",
        "Line 40000: there is no VAT posting setup for DOMESTIC x RED.",
        "Line 20000: only 5 of item B B is in stock at MAIN; 10 cannot be shipped (setup does not allow "
        "negative inventory).",
    ]
    assert series_last_nos(shop)["P-SHIPMENT"] == series_last_nos(shop)["P-INVOICE"] == 0


# -- comment lines ----------------------------------------------------------------------------


def test_comment_lines_are_copied_but_never_posted_as_an_entry(shop):
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", D("2"))
    shop.sales.add_line(order, type="comment", description="Deliver to back door")
    shop.sales.add_line(order, "A", D("3"))
    result = shop.sales.post(order, ship=True, invoice=True)
    for posted in (shop.posted.shipment(result.shipment_no), shop.posted.invoice(result.invoice_no)):
        assert [(l.type, l.description) for l in posted.lines] == [
            ("item", "A"), ("comment", "Deliver to back door"), ("item", "A")]
        comment = posted.lines[1]
        assert (comment.quantity, comment.amount, comment.vat_amount, comment.amount_incl_vat) == (D(0),) * 4
    invoice = shop.posted.invoice(result.invoice_no)
    assert (invoice.amount, invoice.vat_amount, invoice.amount_incl_vat) == (D("50.00"), D("10.00"), D("60.00"))
    assert [e.quantity for e in shop.ledger.item_entries("A")][1:] == [D("-2"), D("-3")]
    (vat,) = shop.ledger.vat_entries(result.invoice_no)
    assert (vat.base, vat.amount) == (D("50.00"), D("10.00"))
    assert result.document_deleted


# -- return orders and credit memos -----------------------------------------------------------


def test_return_order_receive_then_invoice(shop):
    ret = doc_with(shop, DocKind.RETURN_ORDER, ("A", "3"))

    received = shop.sales.post(ret, receive=True)

    assert (received.return_receipt_no, received.credit_memo_no, received.shipment_no, received.invoice_no) == (
        "PRR-00001", None, None, None)
    receipt = shop.posted.return_receipt("PRR-00001")
    assert [(l.no, l.quantity, l.quantity_invoiced, l.qty_not_invoiced) for l in receipt.lines] == [
        ("A", D("3"), D("0"), D("3"))]
    item_entry = shop.ledger.item_entries("A")[-1]
    assert (item_entry.document_no, item_entry.quantity, item_entry.cost_amount) == ("PRR-00001", D("3"), D("18.00"))
    assert shop.items.inventory("A") == D("103")
    assert shop.ledger.customer_entries("C") == []
    (line,) = shop.sales.get(DocKind.RETURN_ORDER, ret.no).lines
    assert (line.return_qty_received, line.return_qty_received_not_invoiced, line.outstanding_quantity,
            line.quantity_invoiced) == (D("3"), D("3"), D("0"), D("0"))

    invoiced = shop.sales.post(ret, invoice=True)

    assert (invoiced.credit_memo_no, invoiced.return_receipt_no, invoiced.document_deleted) == (
        "PSC-00001", None, True)
    memo = shop.posted.credit_memo("PSC-00001")
    assert (memo.amount, memo.vat_amount, memo.amount_incl_vat) == (D("30.00"), D("6.00"), D("36.00"))
    assert memo.order_no == ret.no
    (entry,) = shop.ledger.customer_entries("C")
    assert (entry.document_type, entry.amount, entry.remaining_amount, entry.sales_amount) == (
        "credit_memo", D("-36.00"), D("-36.00"), D("-30.00"))
    assert shop.customers.balance("C") == D("-36.00")
    (vat,) = shop.ledger.vat_entries("PSC-00001")
    assert (vat.base, vat.amount) == (D("-30.00"), D("-6.00"))
    assert gl_by_account(shop, "PSC-00001") == {
        "411000": D("-36.00"), "707000": D("30.00"), "445710": D("6.00"),
        "603700": D("-18.00"), "370000": D("18.00")}
    assert shop.posted.return_receipt("PRR-00001").lines[0].quantity_invoiced == D("3")
    assert shop.items.inventory("A") == D("103")  # crediting moves no goods
    with pytest.raises(NotFound):
        shop.sales.get(DocKind.RETURN_ORDER, ret.no)
    assert_gl_balanced(shop)
    assert_gap_free(shop)


def test_return_order_receive_and_invoice_in_part(shop):
    ret = doc_with(shop, DocKind.RETURN_ORDER, ("A", "5"))
    shop.sales.update_line(ret, 10000, return_qty_to_receive=D("2"))
    result = shop.sales.post(ret, receive=True, invoice=True)
    assert (result.return_receipt_no, result.credit_memo_no) == ("PRR-00001", "PSC-00001")
    assert shop.posted.credit_memo("PSC-00001").amount_incl_vat == D("24.00")
    (line,) = shop.sales.get(DocKind.RETURN_ORDER, ret.no).lines
    assert (line.return_qty_received, line.quantity_invoiced, line.return_qty_to_receive, line.qty_to_invoice) \
        == (D("2"), D("2"), D("3"), D("3"))
    result = shop.sales.post(ret, receive=True, invoice=True)
    assert result.document_deleted
    assert shop.customers.balance("C") == D("-60.00")
    assert shop.items.inventory("A") == D("105")


def test_credit_memo_posts_receipt_and_credit(shop):
    memo = doc_with(shop, DocKind.CREDIT_MEMO, ("A", "2"), ("A", "1", {"line_discount_pct": D("50")}))

    result = shop.sales.post(memo)

    assert (result.credit_memo_no, result.return_receipt_no, result.invoice_no, result.shipment_no) == (
        "PSC-00001", "PRR-00001", None, None)
    assert result.document_deleted
    posted = shop.posted.credit_memo("PSC-00001")
    assert (posted.amount, posted.vat_amount, posted.amount_incl_vat) == (D("25.00"), D("5.00"), D("30.00"))
    assert posted.pre_assigned_no == memo.no
    assert [e.quantity for e in shop.ledger.item_entries("A")] == [D("100"), D("2"), D("1")]
    (entry,) = shop.ledger.customer_entries("C")
    assert entry.amount == D("-30.00")
    (vat,) = shop.ledger.vat_entries("PSC-00001")
    assert (vat.vat_pct, vat.base, vat.amount) == (D("20"), D("-25.00"), D("-5.00"))
    gl = gl_by_account(shop, "PSC-00001")
    assert (gl["411000"], gl["707000"], gl["445710"]) == (D("-30.00"), D("25.00"), D("5.00"))
    assert sum(gl.values()) == 0
    with pytest.raises(NotFound):
        shop.sales.get(DocKind.CREDIT_MEMO, memo.no)


# -- discounts, prices including VAT, invoice discount, G/L lines ----------------------------


def discount_invoice(desk, kind, customer):
    """3 x A at 10 % and 7 x A at 15 % line discount, and a G/L line of 12.34 at 0 % VAT; 5 %
    invoice discount."""
    doc = desk.sales.create(kind, customer, invoice_disc_pct=D("5"))
    desk.sales.add_line(doc, "A", D("3"), line_discount_pct=D("10"))
    desk.sales.add_line(doc, "A", D("7"), line_discount_pct=D("15"))
    desk.sales.add_line(doc, type="gl_account", no="706000", quantity=D("1"), unit_price=D("12.34"),
                        vat_prod_group="ZERO")
    return doc


COST = {"603700": D("60.00"), "370000": D("-60.00")}  # 10 x A at 6.00
# discount posting -> G/L of the invoice (prices excl. VAT): 98.84 of lines, 4.94 invoice discount,
# 93.90 / 16.44 / 110.34
EXCL_VAT_GL = {
    "none": {"411000": D("110.34"), "707000": D("-82.18"), "706000": D("-11.72"), "445710": D("-16.44")},
    "line": {"411000": D("110.34"), "707000": D("-95.68"), "706000": D("-11.72"), "445710": D("-16.44"),
             "709000": D("13.50")},
    "invoice": {"411000": D("110.34"), "707000": D("-86.50"), "706000": D("-12.34"), "445710": D("-16.44"),
                "709000": D("4.94")},
    "all": {"411000": D("110.34"), "707000": D("-100.00"), "706000": D("-12.34"), "445710": D("-16.44"),
            "709000": D("18.44")},
}
# the same with prices including VAT (A at 12.00): 116.14 of lines, 5.81 invoice discount,
# 93.89 / 16.44 / 110.33; discounts are posted net of their VAT
INCL_VAT_GL = {
    "none": {"411000": D("110.33"), "707000": D("-82.17"), "706000": D("-11.72"), "445710": D("-16.44")},
    "line": {"411000": D("110.33"), "707000": D("-95.67"), "706000": D("-11.72"), "445710": D("-16.44"),
             "709000": D("13.50")},
    "invoice": {"411000": D("110.33"), "707000": D("-86.50"), "706000": D("-12.34"), "445710": D("-16.44"),
                "709000": D("4.95")},
    "all": {"411000": D("110.33"), "707000": D("-100.00"), "706000": D("-12.34"), "445710": D("-16.44"),
            "709000": D("18.45")},
}
MODES = [(mode, incl, kind) for mode in EXCL_VAT_GL for incl in (False, True)
         for kind in (DocKind.INVOICE, DocKind.CREDIT_MEMO)]


@pytest.mark.parametrize(("mode", "incl_vat", "kind"), MODES,
                         ids=[f"{m}-{'incl' if i else 'excl'}-{k.value}" for m, i, k in MODES])
def test_discount_posting_modes(shop, mode, incl_vat, kind):
    shop.setup.update_company(discount_posting=mode)
    shop.customers.create("P", no="P", payment_terms="30D", prices_incl_vat=True)
    doc = discount_invoice(shop, kind, "P" if incl_vat else "C")
    before = shop.sales.get(kind, doc.no)
    expected_totals = ((D("93.89"), D("16.44"), D("110.33"), D("5.81")) if incl_vat
                       else (D("93.90"), D("16.44"), D("110.34"), D("4.94")))
    assert (before.amount, before.vat_amount, before.amount_incl_vat, before.inv_discount_amount) == expected_totals

    result = shop.sales.post(doc)

    no = result.invoice_no or result.credit_memo_no
    posted = shop.posted.get("invoice" if kind is DocKind.INVOICE else "credit_memo", no)
    assert (posted.amount, posted.vat_amount, posted.amount_incl_vat, posted.inv_discount_amount) == expected_totals
    sign = 1 if kind is DocKind.INVOICE else -1
    expected = {account: sign * amount
                for account, amount in {**(INCL_VAT_GL if incl_vat else EXCL_VAT_GL)[mode], **COST}.items()}
    gl = gl_by_account(shop, no)
    assert gl == expected
    assert sum(gl.values()) == D("0.00")
    (entry,) = shop.ledger.customer_entries("P" if incl_vat else "C")
    assert entry.amount == sign * expected_totals[2]
    vat = {(v.prod_group, v.vat_pct): (v.base, v.amount) for v in shop.ledger.vat_entries(no)}
    std_base = D("82.17") if incl_vat else D("82.18")
    assert vat == {("STD", D("20")): (sign * std_base, sign * D("16.44")),
                   ("ZERO", D("0")): (sign * D("11.72"), D("0.00"))}
    assert_gl_balanced(shop)


def test_prices_including_vat(shop):
    shop.customers.create("P", no="P", payment_terms="30D", prices_incl_vat=True)
    invoice = doc_with(shop, DocKind.INVOICE, ("A", "5"), customer="P")
    assert invoice.prices_incl_vat
    (line,) = shop.sales.get(DocKind.INVOICE, invoice.no).lines
    assert (line.unit_price, line.line_amount) == (D("12.00"), D("60.00"))
    result = shop.sales.post(invoice)
    posted = shop.posted.invoice(result.invoice_no)
    assert posted.prices_incl_vat
    assert (posted.amount, posted.vat_amount, posted.amount_incl_vat) == (D("50.00"), D("10.00"), D("60.00"))
    assert (posted.lines[0].unit_price, posted.lines[0].line_amount, posted.lines[0].amount) == (
        D("12.00"), D("60.00"), D("50.00"))
    assert gl_by_account(shop, result.invoice_no) == {
        "411000": D("60.00"), "707000": D("-50.00"), "445710": D("-10.00"), **COST_OF(5)}
    (vat,) = shop.ledger.vat_entries(result.invoice_no)
    assert (vat.base, vat.amount) == (D("50.00"), D("10.00"))
    assert shop.customers.balance("P") == D("60.00")


def COST_OF(quantity: int) -> dict:
    return {"603700": D(6 * quantity).quantize(D("0.01")), "370000": -D(6 * quantity).quantize(D("0.01"))}


def test_invoice_discount(shop):
    shop.customers.create("Q", no="Q", payment_terms="30D", invoice_disc_pct=D("5"))
    order = doc_with(shop, DocKind.ORDER, ("A", "10"), customer="Q")
    result = shop.sales.post(order, ship=True, invoice=True)
    posted = shop.posted.invoice(result.invoice_no)
    assert (posted.amount, posted.inv_discount_amount, posted.vat_amount, posted.amount_incl_vat) == (
        D("95.00"), D("5.00"), D("19.00"), D("114.00"))
    (line,) = posted.lines
    assert (line.line_amount, line.inv_discount_amount, line.amount) == (D("100.00"), D("5.00"), D("95.00"))
    assert gl_by_account(shop, result.invoice_no) == {
        "411000": D("114.00"), "707000": D("-95.00"), "445710": D("-19.00"), **COST_OF(10)}
    assert shop.customers.balance("Q") == D("114.00")


def test_invoice_discount_posted_on_its_own_account(shop):
    shop.setup.update_company(discount_posting="invoice")
    shop.customers.create("Q", no="Q", payment_terms="30D", invoice_disc_pct=D("5"))
    result = shop.sales.post(doc_with(shop, DocKind.INVOICE, ("A", "10"), customer="Q"))
    assert gl_by_account(shop, result.invoice_no) == {
        "411000": D("114.00"), "707000": D("-100.00"), "709000": D("5.00"), "445710": D("-19.00"), **COST_OF(10)}


def test_gl_account_line(shop):
    invoice = shop.sales.create(DocKind.INVOICE, "C")
    shop.sales.add_line(invoice, type="gl_account", no="706000", description="Installation",
                        quantity=D("2"), unit_price=D("45.50"), vat_prod_group="STD")
    result = shop.sales.post(invoice)
    posted = shop.posted.invoice(result.invoice_no)
    assert (posted.amount, posted.vat_amount, posted.amount_incl_vat) == (D("91.00"), D("18.20"), D("109.20"))
    assert [(l.type, l.no, l.description, l.quantity, l.amount) for l in posted.lines] == [
        ("gl_account", "706000", "Installation", D("2"), D("91.00"))]
    assert gl_by_account(shop, result.invoice_no) == {"411000": D("109.20"), "706000": D("-91.00"),
                                                      "445710": D("-18.20")}
    assert len(shop.ledger.item_entries("A")) == 1  # no goods moved
    (vat,) = shop.ledger.vat_entries(result.invoice_no)
    assert (vat.base, vat.amount) == (D("91.00"), D("18.20"))


def test_two_vat_rates_make_two_vat_entries(shop):
    shop.items.create("Food", no="F", unit_price=D("3.33"), vat_prod_group="ZERO", type="non_inventory")
    result = shop.sales.post(doc_with(shop, DocKind.INVOICE, ("A", "3"), ("F", "7")))
    vat = sorted((v.vat_pct, v.base, v.amount) for v in shop.ledger.vat_entries(result.invoice_no))
    assert vat == [(D("0"), D("23.31"), D("0.00")), (D("20"), D("30.00"), D("6.00"))]
    posted = shop.posted.invoice(result.invoice_no)
    assert (posted.amount, posted.vat_amount, posted.amount_incl_vat) == (D("53.31"), D("6.00"), D("59.31"))
    assert shop.ledger.item_entries("F") == []  # non-inventory: no stock


# -- invoicing earlier shipments --------------------------------------------------------------


def test_invoicing_30_of_two_shipments_of_20(shop):
    order = doc_with(shop, DocKind.ORDER, ("A", "50"))
    shop.sales.update_line(order, 10000, qty_to_ship=D("20"))
    shop.sales.post(order, ship=True)
    # the second shipment goes out at a new cost: the stock left is replaced by stock at 7.00
    # (costing takes the cost of the stock shipped, not the Unit Cost field)
    shop.items.adjust("A", D("-80"))
    shop.items.adjust("A", D("80"), unit_cost=D("7.00"))
    shop.sales.update_line(order, 10000, qty_to_ship=D("20"))
    shop.sales.post(order, ship=True)
    shop.sales.update_line(order, 10000, qty_to_ship=D("0"), qty_to_invoice=D("30"))

    result = shop.sales.post(order, invoice=True)

    invoice = shop.posted.invoice(result.invoice_no)
    assert [l.quantity for l in invoice.lines] == [D("30")]
    assert (invoice.amount, invoice.vat_amount, invoice.amount_incl_vat) == (D("300.00"), D("60.00"), D("360.00"))
    # the oldest shipment is invoiced first
    shipments = {s.no: s.lines[0] for s in shop.posted.shipments()}
    assert {no: (l.quantity, l.quantity_invoiced, l.qty_shipped_not_invoiced) for no, l in shipments.items()} == {
        "PSS-00001": (D("20"), D("20"), D("0")), "PSS-00002": (D("20"), D("10"), D("10"))}
    # cost of sales: 20 at 6.00 and 10 at 7.00
    assert gl_by_account(shop, result.invoice_no) == {
        "411000": D("360.00"), "707000": D("-300.00"), "445710": D("-60.00"),
        "603700": D("190.00"), "370000": D("-190.00")}
    (line,) = shop.sales.get(DocKind.ORDER, order.no).lines
    assert (line.quantity_shipped, line.quantity_invoiced, line.qty_shipped_not_invoiced,
            line.outstanding_quantity) == (D("40"), D("30"), D("10"), D("10"))

    # the rest: ship 10 and invoice 20 (10 of the second shipment, 10 of this one)
    result = shop.sales.post(order, ship=True, invoice=True)
    assert result.document_deleted
    invoice = shop.posted.invoice(result.invoice_no)
    assert [l.quantity for l in invoice.lines] == [D("20")]
    assert invoice.amount_incl_vat == D("240.00")
    assert gl_by_account(shop, result.invoice_no)["603700"] == D("140.00")
    shipments = shop.posted.shipments()
    assert [(s.no, s.lines[0].quantity, s.lines[0].qty_shipped_not_invoiced) for s in shipments] == [
        ("PSS-00001", D("20"), D("0")), ("PSS-00002", D("20"), D("0")), ("PSS-00003", D("10"), D("0"))]
    assert shop.customers.balance("C") == D("600.00")
    assert shop.items.inventory("A") == D("50")
    assert_gl_balanced(shop)
    assert_gap_free(shop)


def test_an_order_is_released_by_posting_and_keeps_its_posting_date(shop):
    order = doc_with(shop, DocKind.ORDER, ("A", "10"))
    shop.sales.update_line(order, 10000, qty_to_ship=D("4"))
    shop.sales.post(order, ship=True, posting_date=dt.date(2026, 11, 20))
    after = shop.sales.get(DocKind.ORDER, order.no)
    assert after.status == "released"
    assert after.posting_date == dt.date(2026, 11, 20)
    assert shop.posted.shipment("PSS-00001").posting_date == dt.date(2026, 11, 20)
    assert shop.ledger.item_entries("A")[-1].posting_date == dt.date(2026, 11, 20)


def test_an_invoice_made_from_shipment_lines(shop):
    """Get Shipment Lines: the posted invoice's lines carry the order no./line no. of the
    shipment lines they bill (bc-posting-rules 1.5.12) and the header the order no. when
    there is one order (1.9); no goods move again; a customer blocked for shipping can
    still be invoiced (7.3)."""
    order = doc_with(shop, DocKind.ORDER, ("A", "10"), ("A", "4"))
    shop.sales.update_line(order, 10000, qty_to_ship=D("6"))
    shop.sales.post(order, ship=True)
    shop.customers.update("C", blocked="ship")
    invoice = shop.sales.create(DocKind.INVOICE, "C")
    shop.sales.get_shipment_lines(invoice, ["PSS-00001"])

    result = shop.sales.post(invoice)

    assert result.shipment_no is None
    posted = shop.posted.invoice(result.invoice_no)
    assert posted.order_no == order.no
    assert [(l.no, l.quantity, l.order_no, l.order_line_no, l.shipment_no, l.shipment_line_no)
            for l in posted.lines if l.type == "item"] == [
        ("A", D("6"), order.no, 10000, "PSS-00001", 10000), ("A", D("4"), order.no, 20000, "PSS-00001", 20000)]
    assert posted.amount_incl_vat == D("120.00")
    assert shop.items.inventory("A") == D("90")
    lines = shop.sales.get(DocKind.ORDER, order.no).lines
    assert [(l.quantity_shipped, l.quantity_invoiced) for l in lines] == [(D("6"), D("6")), (D("4"), D("4"))]
    assert [l.qty_shipped_not_invoiced for l in shop.posted.shipment("PSS-00001").lines] == [D("0"), D("0")]
    assert gl_by_account(shop, result.invoice_no)["603700"] == D("60.00")
    assert_gl_balanced(shop)
