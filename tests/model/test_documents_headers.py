"""Sales document headers: numbering per kind, customer defaults, field rules, changing the
customer, reading back, and the paged lists."""

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update

from salesdesk.model import Desk, DocKind, NotFound, SalesDeskError, ValidationError
from salesdesk.model.sales.documents import LIST_COLUMNS
from salesdesk.model.tables import NoSeries, SalesHeader, SalesLine

TODAY = dt.date(2026, 11, 24)
IN_30_DAYS = dt.date(2026, 12, 24)


def set_line(desk, doc, line_no, /, **values):
    """Write a line's fields straight into the database (to simulate a posting)."""
    with desk.db.write() as s:
        s.execute(update(SalesLine).where(
            SalesLine.kind == doc.kind.value, SalesLine.document_no == doc.no, SalesLine.line_no == line_no,
        ).values(**values))


def last_no(desk, series):
    with desk.db.read() as s:
        return s.get(NoSeries, series).last_no


def header_count(desk):
    with desk.db.read() as s:
        return s.execute(select(func.count()).select_from(SalesHeader)).scalar_one()


@pytest.fixture
def rich(shop):
    """A customer whose card sets every default a header takes, billed to another customer."""
    shop.setup.add_payment_terms("14D", due_days=14)
    shop.setup.add_shipment_method("PICKUP")
    shop.setup.add_location("YARD")
    shop.customers.create("Payer Ltd", no="P", payment_terms="14D")
    shop.customers.create(
        "Rich & Co", no="R", address="1 Quay Street", post_code="21000", city="Dijon", country="France",
        payment_terms="30D", shipment_method="PICKUP", location="YARD", prices_incl_vat=True,
        invoice_disc_pct=Decimal("5"), shipping_advice="complete", combine_shipments=True,
        bill_to_customer_no="P")
    return shop


# -- creating ------------------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "first", "second"), [
    (DocKind.QUOTE, "SQ-00001", "SQ-00002"),
    (DocKind.ORDER, "SO-00001", "SO-00002"),
    (DocKind.INVOICE, "SI-00001", "SI-00002"),
    (DocKind.CREDIT_MEMO, "SCM-00001", "SCM-00002"),
    (DocKind.RETURN_ORDER, "SR-00001", "SR-00002"),
    (DocKind.BLANKET_ORDER, "SB-00001", "SB-00002"),
])
def test_each_kind_is_numbered_from_its_own_series(shop, kind, first, second):
    a = shop.sales.create(kind, "C")
    b = shop.sales.create(kind, "C")
    assert (a.kind, a.no, b.no) == (kind, first, second)
    assert shop.sales.get(kind, first).customer_no == "C"


def test_series_of_different_kinds_do_not_share_numbers(shop):
    assert shop.sales.create(DocKind.QUOTE, "C").no == "SQ-00001"
    assert shop.sales.create(DocKind.ORDER, "C").no == "SO-00001"
    assert shop.sales.create(DocKind.QUOTE, "C").no == "SQ-00002"
    assert shop.sales.create(DocKind.INVOICE, "C").no == "SI-00001"


def test_the_kind_may_be_given_as_text(shop):
    assert shop.sales.create("order", "C").kind is DocKind.ORDER


def test_an_unknown_kind_is_refused(shop):
    with pytest.raises(SalesDeskError, match="'receipt' is not a kind of sales document"):
        shop.sales.create("receipt", "C")


def test_a_new_document_is_open_empty_and_dated_today(shop):
    o = shop.sales.create(DocKind.ORDER, "C")
    assert o.status == "open"
    assert o.lines == ()
    assert o.vat_lines == ()
    assert (o.amount, o.vat_amount, o.amount_incl_vat) == (Decimal("0.00"),) * 3
    assert (o.order_date, o.document_date, o.posting_date) == (TODAY, TODAY, TODAY)
    assert o.quote_no == ""
    assert o.quote_valid_until is None


def test_the_header_takes_the_customers_defaults(rich):
    o = rich.sales.create(DocKind.ORDER, "R")
    assert o.customer_no == "R"
    assert o.customer_name == "Rich & Co"
    assert o.bill_to_customer_no == "P"
    assert (o.ship_to_name, o.ship_to_address, o.ship_to_post_code, o.ship_to_city, o.ship_to_country) == (
        "Rich & Co", "1 Quay Street", "21000", "Dijon", "France")
    assert o.shipment_method == "PICKUP"
    assert o.location == "YARD"
    # prices incl. VAT, invoice discount and payment terms follow the bill-to customer P (BC)
    assert o.prices_incl_vat is False
    assert o.vat_bus_group == "DOMESTIC"
    assert o.invoice_disc_pct == Decimal("0")
    assert o.shipping_advice == "complete"
    assert o.combine_shipments is True


def test_a_customer_without_bill_to_bills_itself_with_plain_defaults(shop):
    o = shop.sales.create(DocKind.INVOICE, "C")
    assert o.bill_to_customer_no == "C"
    assert o.ship_to_name == "C"
    assert o.payment_terms == "30D"
    assert o.prices_incl_vat is False
    assert o.invoice_disc_pct == Decimal("0")
    assert o.shipping_advice == "partial"
    assert o.combine_shipments is False
    assert o.shipment_method is None and o.location is None


def test_due_date_is_the_document_date_plus_the_payment_terms_days(shop):
    o = shop.sales.create(DocKind.ORDER, "C")
    assert o.payment_terms == "30D"
    assert o.due_date == IN_30_DAYS == TODAY + dt.timedelta(days=30)


def test_without_payment_terms_the_due_date_is_the_document_date(shop):
    shop.customers.create("Cash", no="CASH")
    assert shop.sales.create(DocKind.INVOICE, "CASH").due_date == TODAY


def test_the_customers_vat_business_group_is_copied(shop):
    shop.setup.set_vat("STD", Decimal("0"), bus_group="EU")
    shop.customers.create("Abroad", no="EU1", vat_bus_group="EU")
    assert shop.sales.create(DocKind.ORDER, "EU1").vat_bus_group == "EU"


def test_a_quote_is_valid_for_30_days(shop):
    q = shop.sales.create(DocKind.QUOTE, "C")
    assert q.quote_valid_until == IN_30_DAYS


@pytest.mark.parametrize("kind", [DocKind.ORDER, DocKind.INVOICE, DocKind.CREDIT_MEMO])
def test_other_kinds_have_no_quote_validity(shop, kind):
    assert shop.sales.create(kind, "C").quote_valid_until is None


def test_the_customer_number_is_found_whatever_its_case(shop):
    assert shop.sales.create(DocKind.ORDER, " c ").customer_no == "C"


def test_an_unknown_customer_is_refused_and_uses_no_number(shop):
    with pytest.raises(ValidationError) as err:
        shop.sales.create(DocKind.ORDER, "NOBODY")
    assert set(err.value.errors) == {"customer_no"}
    assert "NOBODY" in err.value.errors["customer_no"]
    assert "does not exist" in err.value.errors["customer_no"]
    assert header_count(shop) == 0
    assert last_no(shop, "S-ORDER") == 0
    assert shop.sales.create(DocKind.ORDER, "C").no == "SO-00001"


def test_header_fields_can_be_given_at_creation(shop):
    o = shop.sales.create(DocKind.ORDER, "C", external_document_no="PO-4711", your_reference="Ann",
                          requested_delivery_date="2026-12-01")
    assert o.external_document_no == "PO-4711"
    assert o.your_reference == "Ann"
    assert o.requested_delivery_date == dt.date(2026, 12, 1)


def test_a_bad_header_value_at_creation_refuses_the_document_and_uses_no_number(shop):
    with pytest.raises(ValidationError) as err:
        shop.sales.create(DocKind.ORDER, "C", payment_terms="NOPE")
    assert set(err.value.errors) == {"payment_terms"}
    assert header_count(shop) == 0
    assert shop.sales.create(DocKind.ORDER, "C").no == "SO-00001"


def test_get_reads_a_document_back_and_refuses_an_unknown_one(shop):
    o = shop.sales.create(DocKind.ORDER, "C")
    assert shop.sales.get("order", o.no) == o
    with pytest.raises(NotFound, match="SO-09999"):
        shop.sales.get(DocKind.ORDER, "SO-09999")
    with pytest.raises(NotFound):
        shop.sales.get(DocKind.QUOTE, o.no)  # same number, other kind


def test_a_returned_document_is_a_snapshot(shop):
    o = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.update(o, your_reference="changed")
    assert o.your_reference == ""
    assert shop.sales.get(DocKind.ORDER, o.no).your_reference == "changed"


# -- changing the header -------------------------------------------------------------------

def test_header_fields_are_cleaned_and_saved(shop):
    shop.setup.add_shipment_method("PICKUP")
    o = shop.sales.create(DocKind.ORDER, "C")
    changed = shop.sales.update(
        o, external_document_no="  PO-1  ", your_reference="Bob", shipment_method="pickup",
        requested_delivery_date="15/12/2026", promised_delivery_date="2026-12-18", shipping_advice="Complete",
        combine_shipments="yes", invoice_disc_pct="2.5", ship_to_name="Back office", ship_to_city="Beaune")
    assert changed.external_document_no == "PO-1"
    assert changed.shipment_method == "PICKUP"
    assert changed.requested_delivery_date == dt.date(2026, 12, 15)
    assert changed.promised_delivery_date == dt.date(2026, 12, 18)
    assert changed.shipping_advice == "complete"
    assert changed.combine_shipments is True
    assert changed.invoice_disc_pct == Decimal("2.5")
    assert (changed.ship_to_name, changed.ship_to_city) == ("Back office", "Beaune")
    assert shop.sales.get(DocKind.ORDER, o.no) == changed


def test_an_impossible_date_is_refused_with_a_clear_message(shop):
    o = shop.sales.create(DocKind.ORDER, "C")
    with pytest.raises(ValidationError) as err:
        shop.sales.update(o, document_date="31/02/2026")
    message = err.value.errors["document_date"]
    assert "Document Date" in message
    assert "'31/02/2026' is not a valid date" in message
    assert "2026-11-24" in message  # it shows how to write one
    assert shop.sales.get(DocKind.ORDER, o.no).document_date == TODAY


def test_every_bad_header_field_is_reported_at_once_and_nothing_changes(shop):
    o = shop.sales.create(DocKind.ORDER, "C")
    with pytest.raises(ValidationError) as err:
        shop.sales.update(o, document_date="31/02/2026", payment_terms="XX", shipping_advice="sometimes",
                          invoice_disc_pct="150", colour="red", your_reference="fine")
    errors = err.value.errors
    assert set(errors) == {"document_date", "payment_terms", "shipping_advice", "invoice_disc_pct", "colour"}
    assert errors["payment_terms"] == "Payment Terms Code 'XX' does not exist."
    assert "'partial'" in errors["shipping_advice"] and "'complete'" in errors["shipping_advice"]
    assert errors["invoice_disc_pct"] == "Invoice Discount % must be at most 100."
    assert errors["colour"] == "There is no field called 'colour'."
    assert shop.sales.get(DocKind.ORDER, o.no) == o


@pytest.mark.parametrize(("field", "value", "words"), [
    ("shipment_method", "SLOW", "Shipment Method Code 'SLOW' does not exist."),
    ("location", "NOWHERE", "Location Code 'NOWHERE' does not exist."),
    ("bill_to_customer_no", "X9", "Bill-to Customer No. 'X9' does not exist."),
    ("invoice_disc_pct", "-1", "Invoice Discount % must be at least 0."),
    ("invoice_disc_pct", "abc", "Invoice Discount %: 'abc' is not a number."),
    ("external_document_no", "X" * 36, "External Document No. can be at most 35 characters."),
    ("combine_shipments", "maybe", "Combine Shipments: answer yes or no."),
    ("customer_no", "", "Customer No. must be filled in."),
    ("posting_date", "2026-13-01", "Posting Date: '2026-13-01' is not a valid date"),
])
def test_each_header_rule_names_its_field(shop, field, value, words):
    o = shop.sales.create(DocKind.ORDER, "C")
    with pytest.raises(ValidationError) as err:
        shop.sales.update(o, **{field: value})
    assert list(err.value.errors) == [field]
    assert words in err.value.errors[field]
    assert words in str(err.value)


def test_check_answers_one_field_as_you_type(shop):
    assert shop.sales.check("document_date", "31/02/2026").startswith("Document Date: '31/02/2026'")
    assert shop.sales.check("document_date", "28/02/2026") is None
    assert shop.sales.check("payment_terms", "30d") is None
    assert shop.sales.check("payment_terms", "XX") == "Payment Terms Code 'XX' does not exist."


def test_a_new_document_date_moves_the_due_date(shop):
    o = shop.sales.create(DocKind.ORDER, "C")
    changed = shop.sales.update(o, document_date="01/12/2026")
    assert changed.document_date == dt.date(2026, 12, 1)
    assert changed.due_date == dt.date(2026, 12, 31)


def test_new_payment_terms_move_the_due_date(shop):
    shop.setup.add_payment_terms("14D", due_days=14)
    o = shop.sales.create(DocKind.ORDER, "C")
    assert shop.sales.update(o, payment_terms="14d").due_date == dt.date(2026, 12, 8)
    cleared = shop.sales.update(o, payment_terms="")
    assert cleared.payment_terms is None
    assert cleared.due_date == TODAY


def test_a_due_date_typed_by_hand_wins(shop):
    o = shop.sales.create(DocKind.ORDER, "C")
    changed = shop.sales.update(o, document_date="2026-12-01", due_date="2027-01-15")
    assert changed.due_date == dt.date(2027, 1, 15)


def test_clearing_the_bill_to_customer_bills_the_sell_to_customer(rich):
    o = rich.sales.create(DocKind.ORDER, "R")
    assert rich.sales.update(o, bill_to_customer_no="").bill_to_customer_no == "R"


def test_t_means_the_desks_work_date(tmp_path):
    work_date = dt.date(2025, 1, 15)
    with Desk.open(tmp_path / "other.db", clock=lambda: work_date) as desk:
        desk.customers.create("C", no="C")
        o = desk.sales.create(DocKind.ORDER, "C")
        assert desk.sales.update(o, promised_delivery_date="t").promised_delivery_date == work_date
        assert desk.sales.update(o, promised_delivery_date="20/01").promised_delivery_date == dt.date(2025, 1, 20)


def test_switching_prices_including_vat_converts_the_unit_prices(shop):
    o = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(o, "A", 1)
    changed = shop.sales.update(o, prices_incl_vat=True)
    assert changed.lines[0].unit_price == Decimal("12.00")
    assert (changed.amount, changed.vat_amount, changed.amount_incl_vat) == (
        Decimal("10.00"), Decimal("2.00"), Decimal("12.00"))


def test_payment_terms_and_prices_come_from_the_bill_to_customer(shop):
    shop.setup.add_payment_terms("14D", due_days=14)
    shop.customers.create("Head office", no="HQ", payment_terms="14D", prices_incl_vat=True,
                          invoice_disc_pct=Decimal("3"))
    shop.customers.create("Branch", no="BR", payment_terms="30D", bill_to_customer_no="HQ")
    o = shop.sales.create(DocKind.ORDER, "BR")
    assert o.bill_to_customer_no == "HQ"
    assert (o.payment_terms, o.due_date) == ("14D", dt.date(2026, 12, 8))
    assert o.prices_incl_vat is True
    assert o.invoice_disc_pct == Decimal("3")


# -- changing the customer -----------------------------------------------------------------

@pytest.fixture
def others(shop):
    """Customers that price differently from C."""
    shop.setup.add_payment_terms("14D", due_days=14)
    shop.setup.set_vat("STD", Decimal("0"), bus_group="EU")
    shop.customers.create("Gross Prices", no="G", city="Lyon", address="2 Main St", payment_terms="14D",
                          prices_incl_vat=True)
    shop.customers.create("Europa", no="EU1", vat_bus_group="EU", invoice_disc_pct=Decimal("10"),
                          shipping_advice="complete")
    return shop


def order_for_c(desk, *lines):
    o = desk.sales.create(DocKind.ORDER, "C")
    for qty, discount in lines:
        desk.sales.add_line(o, "A", qty, line_discount_pct=discount)
    return desk.sales.get(DocKind.ORDER, o.no)


def test_a_new_customer_re_derives_the_header(others):
    o = order_for_c(others, (Decimal("2"), 0))
    changed = others.sales.update(o, customer_no="g")
    assert changed.customer_no == "G"
    assert changed.customer_name == "Gross Prices"
    assert changed.bill_to_customer_no == "G"
    assert (changed.ship_to_name, changed.ship_to_address, changed.ship_to_city) == (
        "Gross Prices", "2 Main St", "Lyon")
    assert changed.payment_terms == "14D"
    assert changed.due_date == dt.date(2026, 12, 8)
    assert changed.prices_incl_vat is True
    assert changed.no == o.no


def test_a_customer_with_prices_including_vat_gets_unit_price_12(others):
    o = order_for_c(others, (Decimal("2"), 0))
    assert o.lines[0].unit_price == Decimal("10.00")
    changed = others.sales.update(o, customer_no="G")
    line = changed.lines[0]
    assert line.unit_price == Decimal("12.00")
    assert line.quantity == Decimal("2")
    assert line.line_amount == Decimal("24.00")
    assert (changed.amount, changed.vat_amount, changed.amount_incl_vat) == (
        Decimal("20.00"), Decimal("4.00"), Decimal("24.00"))


def test_a_customer_on_a_zero_rate_vat_group_gets_no_vat(others):
    o = order_for_c(others, (Decimal("3"), 0))
    assert o.vat_amount == Decimal("6.00")
    changed = others.sales.update(o, customer_no="EU1")
    assert changed.vat_bus_group == "EU"
    assert changed.lines[0].vat_pct == Decimal("0")
    assert changed.lines[0].vat_amount == Decimal("0.00")
    # EU1 also has a 10 % invoice discount: 30.00 - 3.00
    assert changed.invoice_disc_pct == Decimal("10")
    assert (changed.amount, changed.inv_discount_amount, changed.vat_amount, changed.amount_incl_vat) == (
        Decimal("27.00"), Decimal("3.00"), Decimal("0.00"), Decimal("27.00"))
    assert changed.shipping_advice == "complete"


def test_a_new_customer_takes_line_discounts_from_scratch(others):
    o = order_for_c(others, (Decimal("5"), Decimal("10")))
    assert o.lines[0].line_amount == Decimal("45.00")
    changed = others.sales.update(o, customer_no="EU1")
    assert changed.lines[0].line_discount_pct == Decimal("0")
    assert changed.lines[0].line_amount == Decimal("50.00")


def test_quantities_comments_and_order_survive_a_customer_change(others):
    o = others.sales.create(DocKind.ORDER, "C")
    others.sales.add_line(o, "A", 2)
    others.sales.add_line(o, type="comment", description="Fragile")
    others.sales.add_line(o, "A", 3)
    others.sales.update_line(o, 30000, qty_to_ship=1)
    changed = others.sales.update(o, customer_no="G")
    assert [(line.line_no, line.type, line.quantity) for line in changed.lines] == [
        (10000, "item", Decimal("2")), (20000, "comment", Decimal("0")), (30000, "item", Decimal("3"))]
    assert changed.lines[1].description == "Fragile"
    assert changed.lines[2].qty_to_ship == Decimal("1")


def test_the_list_totals_follow_a_customer_change(others):
    o = order_for_c(others, (Decimal("2"), 0))
    others.sales.update(o, customer_no="EU1")
    assert others.sales.page(DocKind.ORDER) == [
        (o.no, "EU1", "Europa", "open", TODAY, Decimal("18.00"), Decimal("18.00"))]


def test_the_customer_cannot_change_once_a_line_is_shipped(others):
    o = order_for_c(others, (Decimal("5"), 0))
    set_line(others, o, 10000, quantity_shipped=Decimal("2"))
    with pytest.raises(SalesDeskError, match="shipped or invoiced lines; its customer can no longer change"):
        others.sales.update(o, customer_no="G")
    after = others.sales.get(DocKind.ORDER, o.no)
    assert after.customer_no == "C"
    assert after.lines[0].unit_price == Decimal("10.00")


def test_the_customer_cannot_change_once_a_line_is_invoiced(others):
    o = others.sales.create(DocKind.RETURN_ORDER, "C")
    others.sales.add_line(o, "A", 5)
    set_line(others, o, 10000, return_qty_received=Decimal("1"))
    with pytest.raises(SalesDeskError, match="its customer can no longer change"):
        others.sales.update(o, customer_no="G")


def test_changing_to_an_unknown_customer_is_refused(others):
    o = order_for_c(others, (Decimal("1"), 0))
    with pytest.raises(ValidationError) as err:
        others.sales.update(o, customer_no="NOBODY")
    assert err.value.errors == {"customer_no": "Customer No. 'NOBODY' does not exist."}


def test_changing_to_a_blocked_customer_is_refused(others):
    others.customers.create("Stopped", no="ST", blocked="ship")
    o = order_for_c(others, (Decimal("1"), 0))
    with pytest.raises(SalesDeskError, match="Customer ST Stopped is blocked for shipping"):
        others.sales.update(o, customer_no="ST")
    assert others.sales.get(DocKind.ORDER, o.no).customer_no == "C"


def test_fields_given_with_the_new_customer_override_its_defaults(others):
    o = order_for_c(others, (Decimal("1"), 0))
    changed = others.sales.update(o, customer_no="G", payment_terms="30D", ship_to_city="Paris")
    assert changed.payment_terms == "30D"
    assert changed.due_date == IN_30_DAYS
    assert changed.ship_to_city == "Paris"


def test_a_line_whose_item_got_blocked_refuses_the_customer_change(others):
    o = order_for_c(others, (Decimal("1"), 0))
    others.items.update("A", blocked=True)
    with pytest.raises(ValidationError) as err:
        others.sales.update(o, customer_no="G")
    assert "Item A A is blocked." in err.value.errors["no"]
    assert others.sales.get(DocKind.ORDER, o.no).customer_no == "C"


# -- lists ---------------------------------------------------------------------------------

@pytest.fixture
def listed(shop):
    shop.customers.create("Fabrikam", no="F")
    q = shop.sales.create(DocKind.QUOTE, "C")
    shop.sales.add_line(q, "A", 1)
    for customer in ("C", "F", "C"):
        o = shop.sales.create(DocKind.ORDER, customer)
        shop.sales.add_line(o, "A", 2)
    shop.sales.update(o, external_document_no="PO-77")
    shop.sales.create(DocKind.INVOICE, "F")
    return shop


def test_page_lists_one_kind_in_number_order(listed):
    assert LIST_COLUMNS == ("no", "customer_no", "customer_name", "status", "order_date", "amount",
                            "amount_incl_vat")
    assert listed.sales.page(DocKind.ORDER) == [
        ("SO-00001", "C", "C", "open", TODAY, Decimal("20.00"), Decimal("24.00")),
        ("SO-00002", "F", "Fabrikam", "open", TODAY, Decimal("20.00"), Decimal("24.00")),
        ("SO-00003", "C", "C", "open", TODAY, Decimal("20.00"), Decimal("24.00")),
    ]
    assert listed.sales.page(DocKind.QUOTE) == [
        ("SQ-00001", "C", "C", "open", TODAY, Decimal("10.00"), Decimal("12.00"))]
    assert [row[0] for row in listed.sales.page("invoice")] == ["SI-00001"]
    assert listed.sales.page(DocKind.CREDIT_MEMO) == []


def test_count_and_page_filter_by_what_is_typed(listed):
    assert listed.sales.count(DocKind.ORDER) == 3
    assert listed.sales.count(DocKind.ORDER, "fabri") == 1
    assert [r[0] for r in listed.sales.page(DocKind.ORDER, "fabri")] == ["SO-00002"]
    assert [r[0] for r in listed.sales.page(DocKind.ORDER, "po-77")] == ["SO-00003"]
    assert listed.sales.count(DocKind.ORDER, "so-00003") == 1
    assert listed.sales.count(DocKind.INVOICE, "fabrikam") == 1
    assert listed.sales.count(DocKind.QUOTE, "fabrikam") == 0
    assert listed.sales.count(DocKind.ORDER, "nothing like it") == 0


def test_page_pages(listed):
    assert [r[0] for r in listed.sales.page(DocKind.ORDER, offset=1, limit=1)] == ["SO-00002"]
    assert [r[0] for r in listed.sales.page(DocKind.ORDER, offset=2, limit=10)] == ["SO-00003"]
    assert listed.sales.page(DocKind.ORDER, offset=3) == []


def test_the_list_follows_a_customer_change(listed):
    listed.sales.update(listed.sales.get(DocKind.ORDER, "SO-00001"), customer_no="F")
    assert listed.sales.count(DocKind.ORDER, "fabrikam") == 2
