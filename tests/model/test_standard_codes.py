"""Standard (recurring) sales lines, as spec (a) "Done when" tells them: code MONTHLY (item A
x 2, G/L 706000 at 45.00, a comment), assigned to customers with insert modes and dates."""

import datetime as dt
from decimal import Decimal as D

import pytest

from salesdesk.model import DocKind, SalesDeskError
from salesdesk.model.core.errors import NotFound, ValidationError
from salesdesk.model.sales.recurring_invoices import RecurringInvoicesIncomplete
from tests.model.test_posting_support import assert_gl_balanced, db_state, gl_by_account

DEC_1 = dt.date(2026, 12, 1)


@pytest.fixture
def monthly(shop):
    """The spec's setup on the shop (item A 10.00, VAT STD 20 %), with C1 using MONTHLY:
    orders automatic, invoices always ask, quotes manual."""
    codes = shop.sales.standard_codes
    codes.create("MONTHLY", "Monthly supply")
    codes.add_line("MONTHLY", "A", 2)
    codes.add_line("MONTHLY", "706000", 1, type="gl_account", amount=D("45.00"), description="Maintenance",
                   vat_prod_group="STD")
    codes.add_line("MONTHLY", type="comment", description="Monthly supply")
    shop.customers.create("C1", no="C1")
    shop.customers.add_standard_code("C1", "MONTHLY", insert_on_orders="automatic",
                                     insert_on_invoices="always_ask", insert_on_quotes="manual")
    return shop


def lines_of(doc):
    return [(l.line_no, l.type, l.no, l.description, l.quantity, l.unit_price, l.line_amount) for l in doc.lines]


MONTHLY_LINES = [
    (10000, "item", "A", "A", D("2"), D("10.00"), D("20.00")),
    (20000, "gl_account", "706000", "Maintenance", D("1"), D("45.00"), D("45.00")),
    (30000, "comment", "", "Monthly supply", D("0"), D("0"), D("0")),
]


def totals(doc):
    return doc.amount, doc.vat_amount, doc.amount_incl_vat


def test_the_code_reads_back_with_its_lines(monthly):
    code = monthly.sales.standard_codes.get("MONTHLY")
    assert (code.code, code.description, code.currency_code) == ("MONTHLY", "Monthly supply", "")
    assert [(l.line_no, l.type, l.no, l.quantity, l.amount, l.vat_prod_group) for l in code.lines] == [
        (10000, "item", "A", D("2"), D("0"), ""), (20000, "gl_account", "706000", D("1"), D("45.00"), "STD"),
        (30000, "comment", "", D("0"), D("0"), "")]


def test_1_a_new_order_gets_the_automatic_lines(monthly):
    order = monthly.sales.create(DocKind.ORDER, "C1")
    assert lines_of(order) == MONTHLY_LINES
    assert totals(order) == (D("65.00"), D("13.00"), D("78.00"))
    assert order.notes == ()
    assert monthly.sales.standard_codes.offered(order) == []
    assert lines_of(monthly.sales.get(DocKind.ORDER, order.no)) == MONTHLY_LINES


def test_2_prices_including_vat(monthly):
    monthly.customers.create("C9", no="C9", prices_incl_vat=True)
    monthly.customers.add_standard_code("C9", "MONTHLY", insert_on_orders="automatic")
    order = monthly.sales.create(DocKind.ORDER, "C9")
    assert [(l.no, l.unit_price, l.line_amount) for l in order.lines] == [
        ("A", D("12.00"), D("24.00")), ("706000", D("54.00"), D("54.00")), ("", D("0"), D("0"))]
    assert totals(order) == (D("65.00"), D("13.00"), D("78.00"))


def test_3_a_new_invoice_asks_and_inserts_what_is_chosen(monthly):
    invoice = monthly.sales.create(DocKind.INVOICE, "C1")
    assert invoice.lines == ()
    assert monthly.sales.standard_codes.offered(invoice) == [("MONTHLY", "Monthly supply")]
    invoice = monthly.sales.insert_standard_lines(invoice, "MONTHLY")
    assert lines_of(invoice) == MONTHLY_LINES
    assert totals(invoice) == (D("65.00"), D("13.00"), D("78.00"))
    assert monthly.sales.standard_codes.offered(invoice) == []  # it has lines now


def test_4_a_quote_stays_empty_and_get_lines_appends(monthly):
    quote = monthly.sales.create(DocKind.QUOTE, "C1")
    assert quote.lines == () and monthly.sales.standard_codes.offered(quote) == []
    monthly.sales.add_line(quote, "A", 1)
    monthly.sales.add_line(quote, type="comment", description="first")
    quote = monthly.sales.insert_standard_lines(quote, "MONTHLY")
    assert [l.line_no for l in quote.lines] == [10000, 20000, 30000, 40000, 50000]
    assert [l.no for l in quote.lines[2:]] == ["A", "706000", ""]


def test_5_two_automatic_codes_insert_nothing_and_are_offered(monthly):
    monthly.sales.standard_codes.create("WEEKLY", "Weekly")
    monthly.sales.standard_codes.add_line("WEEKLY", "A", 1)
    monthly.customers.add_standard_code("C1", "WEEKLY", insert_on_orders="automatic")
    order = monthly.sales.create(DocKind.ORDER, "C1")
    assert order.lines == ()
    assert monthly.sales.standard_codes.offered(order) == [("MONTHLY", "Monthly supply"), ("WEEKLY", "Weekly")]


def test_6_orders_from_quotes_and_return_orders_get_no_recurring_lines(monthly):
    quote = monthly.sales.create(DocKind.QUOTE, "C1")
    monthly.sales.add_line(quote, "A", 5)
    order = monthly.sales.make_order(quote)
    assert [(l.no, l.quantity) for l in order.lines] == [("A", D("5"))]
    monthly.customers.update_standard_code("C1", "MONTHLY", insert_on_credit_memos="automatic")
    for kind in (DocKind.RETURN_ORDER, DocKind.BLANKET_ORDER):
        doc = monthly.sales.create(kind, "C1")
        assert doc.lines == () and monthly.sales.standard_codes.offered(doc) == []
    assert len(monthly.sales.create(DocKind.CREDIT_MEMO, "C1").lines) == 3


def test_6_an_order_made_from_a_blanket_order_gets_no_recurring_lines(monthly):
    blanket = monthly.sales.create(DocKind.BLANKET_ORDER, "C1")
    assert blanket.lines == ()
    monthly.sales.add_line(blanket, "A", 4)
    order = monthly.sales.make_order(blanket)
    assert [(l.no, l.quantity, l.blanket_order_no) for l in order.lines] == [("A", D("4"), blanket.no)]


def test_7_a_code_in_another_currency_is_refused_naming_both(monthly):
    monthly.sales.standard_codes.create("USD", "Dollar lines", currency_code="USD")
    monthly.sales.standard_codes.add_line("USD", "A", 1)
    quote = monthly.sales.create(DocKind.QUOTE, "C1")
    before = db_state(monthly)
    with pytest.raises(SalesDeskError, match="USD.*EUR"):
        monthly.sales.insert_standard_lines(quote, "USD")
    assert db_state(monthly) == before


def test_7_a_blocked_assignment_inserts_nothing(monthly):
    monthly.customers.update_standard_code("C1", "MONTHLY", blocked=True)
    order = monthly.sales.create(DocKind.ORDER, "C1")
    assert order.lines == ()
    before = db_state(monthly)
    with pytest.raises(SalesDeskError, match="blocked"):
        monthly.sales.insert_standard_lines(order, "MONTHLY")
    assert db_state(monthly) == before
    assert monthly.sales.standard_codes.valid_for(order) == []


def test_8_codes_hold_no_prices(monthly):
    monthly.items.update("A", unit_price=D("11.00"))
    order = monthly.sales.create(DocKind.ORDER, "C1")
    assert (order.lines[0].unit_price, order.lines[0].line_amount) == (D("11.00"), D("22.00"))


@pytest.fixture
def four_customers(monthly):
    monthly.customers.update_standard_code("C1", "MONTHLY", valid_from="2026-01-01", valid_to="2026-12-31")
    for no in ("C2", "C3", "C4"):
        monthly.customers.create(no, no=no)
    monthly.customers.add_standard_code("C2", "MONTHLY", payment_terms="30D")
    monthly.customers.add_standard_code("C3", "MONTHLY", valid_to=dt.date(2026, 11, 30))
    monthly.customers.add_standard_code("C4", "MONTHLY", blocked=True)
    return monthly


def test_9_create_recurring_invoices(four_customers):
    desk = four_customers
    seen = []
    nos = desk.sales.create_recurring_invoices(DEC_1, DEC_1, codes=["MONTHLY"],
                                               progress=lambda done, total: seen.append((done, total)))
    assert len(nos) == 2 and seen == [(1, 2), (2, 2)]
    invoices = [desk.sales.get(DocKind.INVOICE, no) for no in nos]
    assert [i.customer_no for i in invoices] == ["C1", "C2"]
    for invoice in invoices:
        assert (invoice.order_date, invoice.document_date, invoice.posting_date) == (DEC_1, DEC_1, DEC_1)
        assert lines_of(invoice) == MONTHLY_LINES
        assert totals(invoice) == (D("65.00"), D("13.00"), D("78.00"))
    assert invoices[1].payment_terms == "30D" and invoices[1].due_date == dt.date(2026, 12, 31)
    from salesdesk.model.sales.recurring_invoices import created_message

    assert created_message(len(nos)) == "2 invoices were created."


def test_9_the_batch_filters_on_customers(four_customers):
    nos = four_customers.sales.create_recurring_invoices("2026-12-01", "2026-12-05", customer_nos=["C2", "C3"])
    (invoice,) = [four_customers.sales.get(DocKind.INVOICE, no) for no in nos]
    assert (invoice.customer_no, invoice.posting_date) == ("C2", dt.date(2026, 12, 5))


@pytest.mark.parametrize("order_date, posting_date", [(None, DEC_1), (DEC_1, None), ("", "")])
def test_9_a_blank_date_is_refused(four_customers, order_date, posting_date):
    before = db_state(four_customers)
    with pytest.raises(SalesDeskError, match="^You must enter both a posting date and an order date.$"):
        four_customers.sales.create_recurring_invoices(order_date, posting_date)
    assert db_state(four_customers) == before


def test_the_batch_keeps_going_past_a_customer_it_cannot_invoice(four_customers):
    four_customers.customers.update("C1", blocked="invoice")
    with pytest.raises(RecurringInvoicesIncomplete) as refused:
        four_customers.sales.create_recurring_invoices(DEC_1, DEC_1)
    assert len(refused.value.created) == 1 and "C1" in refused.value.problems[0]
    assert four_customers.sales.get(DocKind.INVOICE, refused.value.created[0]).customer_no == "C2"


def test_a_recurring_gl_line_posts_to_its_account_with_vat(monthly):
    invoice = monthly.sales.insert_standard_lines(monthly.sales.create(DocKind.INVOICE, "C1"), "MONTHLY")
    result = monthly.sales.post(invoice)
    assert gl_by_account(monthly, result.invoice_no) == {
        "411000": D("78.00"), "707000": D("-20.00"), "706000": D("-45.00"), "445710": D("-13.00"),
        "603700": D("12.00"), "370000": D("-12.00")}  # and the cost of the 2 A sold
    (vat,) = monthly.ledger.vat_entries(result.invoice_no)
    assert (vat.base, vat.amount) == (D("65.00"), D("13.00"))
    assert_gl_balanced(monthly)


def test_a_gl_account_line_on_a_document(shop):
    """The contract's call: ``add_line(doc, "706000", 1, type="gl_account", ...)``."""
    invoice = shop.sales.create(DocKind.INVOICE, "C")
    line = shop.sales.add_line(invoice, "706000", 1, type="gl_account", unit_price=D("45"), vat_prod_group="STD")
    assert (line.type, line.no, line.vat_pct, line.line_amount) == ("gl_account", "706000", D("20"), D("45.00"))
    result = shop.sales.post(invoice)
    assert gl_by_account(shop, result.invoice_no) == {"411000": D("54.00"), "706000": D("-45.00"),
                                                      "445710": D("-9.00")}


def test_a_bad_automatic_code_never_stops_a_new_document(monthly):
    monthly.items.update("A", blocked=True)
    order = monthly.sales.create(DocKind.ORDER, "C1")
    assert order.lines == () and monthly.sales.get(DocKind.ORDER, order.no).no == order.no
    assert "MONTHLY" in order.notes[0] and "blocked" in order.notes[0]


def test_a_released_document_takes_no_lines(monthly):
    order = monthly.sales.create(DocKind.ORDER, "C1")
    monthly.sales.release(order)
    before = db_state(monthly)
    with pytest.raises(SalesDeskError, match="Released"):
        monthly.sales.insert_standard_lines(order, "MONTHLY")
    assert db_state(monthly) == before


def test_validity_dates_decide_what_is_offered(monthly):
    monthly.customers.update_standard_code("C1", "MONTHLY", valid_from="2026-12-01")
    order = monthly.sales.create(DocKind.ORDER, "C1")  # today is 2026-11-24
    assert order.lines == ()
    assert monthly.sales.standard_codes.valid_for(order) == []


# -- refusals ------------------------------------------------------------------------------

@pytest.mark.parametrize("call, field, message", [
    (lambda d: d.sales.standard_codes.create("MONTHLY", "again"), "code", "already exists"),
    (lambda d: d.sales.standard_codes.create("", "blank"), "code", "must be filled in"),
    (lambda d: d.sales.standard_codes.add_line("MONTHLY", "NOPE", 1), "no", "Item 'NOPE' does not exist"),
    (lambda d: d.sales.standard_codes.add_line("MONTHLY", "999999", 1, type="gl_account", amount=1,
                                               vat_prod_group="STD"), "no", "G/L account '999999' does not exist"),
    (lambda d: d.sales.standard_codes.add_line("MONTHLY", "706000", 1, type="gl_account", amount=1,
                                               vat_prod_group="NOVAT"), "vat_prod_group", "'NOVAT' does not exist"),
    (lambda d: d.sales.standard_codes.add_line("MONTHLY", "706000", 1, type="gl_account", amount=1),
     "vat_prod_group", "needs a VAT Prod. Posting Group"),
    (lambda d: d.sales.standard_codes.add_line("MONTHLY", "A", 1, type="resource"), "type", "must be one of"),
    (lambda d: d.customers.add_standard_code("C1", "MONTHLY"), "code", "already has"),
    (lambda d: d.customers.add_standard_code("C", "NOPE"), "code", "does not exist"),
    (lambda d: d.customers.add_standard_code("C", "MONTHLY", insert_on_orders="sometimes"), "insert_on_orders",
     "must be one of"),
    (lambda d: d.customers.add_standard_code("C", "MONTHLY", valid_from="2026-12-01", valid_to="2026-11-01"),
     "valid_to", "before Valid From Date"),
    (lambda d: d.customers.update_standard_code("C1", "MONTHLY", code="OTHER"), "code", "rename"),
])
def test_refusals_name_the_field_and_write_nothing(monthly, call, field, message):
    before = db_state(monthly)
    with pytest.raises(ValidationError, match=message) as refused:
        call(monthly)
    assert field in refused.value.errors
    assert db_state(monthly) == before


def test_a_code_in_use_cannot_be_deleted(monthly):
    before = db_state(monthly)
    with pytest.raises(SalesDeskError, match="customers C1 use it"):
        monthly.sales.standard_codes.delete("MONTHLY")
    assert db_state(monthly) == before
    monthly.customers.remove_standard_code("C1", "MONTHLY")
    monthly.sales.standard_codes.delete("MONTHLY")
    with pytest.raises(NotFound):
        monthly.sales.standard_codes.get("MONTHLY")
    assert monthly.customers.standard_codes("C1") == []


def test_lines_change_and_go(monthly):
    codes = monthly.sales.standard_codes
    codes.update_line("MONTHLY", 10000, quantity=D("3"))
    codes.update_line("MONTHLY", 30000, type="item", no="A", quantity=1)
    codes.delete_line("MONTHLY", 20000)
    assert [(l.line_no, l.type, l.no, l.quantity) for l in codes.get("MONTHLY").lines] == [
        (10000, "item", "A", D("3")), (30000, "item", "A", D("1"))]
    assert codes.update("MONTHLY", description="Every month").description == "Every month"
    assert codes.page("every") == [("MONTHLY", "Every month", "")] and codes.count("weekly") == 0


def test_an_assignment_takes_the_codes_description(monthly):
    (assignment,) = monthly.customers.standard_codes("C1")
    assert (assignment.code, assignment.description, assignment.insert_on_orders,
            assignment.insert_on_invoices) == ("MONTHLY", "Monthly supply", "automatic", "always_ask")


def test_combine_shipments_invoices_get_no_recurring_lines(monthly):
    monthly.customers.update("C1", combine_shipments=True)
    monthly.customers.update_standard_code("C1", "MONTHLY", insert_on_orders="manual",
                                           insert_on_invoices="automatic")
    order = monthly.sales.create(DocKind.ORDER, "C1")
    monthly.sales.add_line(order, "A", 3)
    monthly.sales.post(order, ship=True)
    (no,) = monthly.sales.combine_shipments("C1").invoice_nos
    assert [(l.type, l.no, l.quantity) for l in monthly.sales.get(DocKind.INVOICE, no).lines
            if l.type != "comment"] == [("item", "A", D("3"))]
