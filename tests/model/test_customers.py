"""Customers: numbering, field rules, search, delete-with-history, balance, paging."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from salesdesk.model import HasHistory, NotFound, SalesDeskError, ValidationError
from salesdesk.model.customers.customers import LIST_COLUMNS
from salesdesk.model.tables import Customer

from .rows import add_cust_entry, add_item_entry, add_sales_header


def stored(desk, no):
    """The customer's row as a plain dict, read with Core (independent of the service)."""
    with desk.db.read() as s:
        row = s.execute(select(Customer.__table__).where(Customer.no == no)).first()
    return dict(row._mapping) if row else None


@pytest.fixture
def people(desk):
    """A few customers to search in."""
    desk.customers.create("Éric Dupré", city="Dijon", email="eric.dupre@example.fr", phone="+33 3 80 11 22 33")
    desk.customers.create("Hélène Lefèvre", city="Lyon", email="helene@lefevre.fr", phone="04 72 00 00 00")
    desk.customers.create("Boulangerie Dupont", city="Dijon", email="pain@dupont.fr", phone="03 80 99 99 99")
    return desk


# -- creating ------------------------------------------------------------------------------

def test_customers_are_numbered_from_the_cust_series(desk):
    first = desk.customers.create("Adatum")
    second = desk.customers.create("Fabrikam")
    assert (first.no, second.no) == ("C00001", "C00002")
    assert stored(desk, "C00002")["name"] == "Fabrikam"


def test_a_new_customer_gets_the_defaults(desk):
    c = desk.customers.create("Adatum")
    row = stored(desk, c.no)
    assert row["vat_bus_group"] == "DOMESTIC"
    assert row["credit_limit"] == Decimal("0.00")
    assert row["blocked"] == ""
    assert row["shipping_advice"] == "partial"
    assert row["bill_to_customer_no"] is None


def test_all_fields_are_stored_cleaned(shop):
    shop.setup.add_shipment_method("PICKUP")
    shop.setup.add_location("YARD")
    c = shop.customers.create(
        "  Adatum  ", address="1 rue X", post_code="21000", city="Dijon", country="France",
        email="  info@adatum.fr ", phone="03 80", vat_reg_no="FR1", vat_bus_group="domestic",
        payment_terms="30d", shipment_method="pickup", location="yard", credit_limit="5000",
        blocked="INVOICE", combine_shipments="yes", prices_incl_vat=True,
        invoice_disc_pct=Decimal("2.5"), shipping_advice="Complete", bill_to_customer_no="c")
    row = stored(shop, c.no)
    assert row["name"] == "Adatum"
    assert row["email"] == "info@adatum.fr"
    assert (row["vat_bus_group"], row["payment_terms"], row["shipment_method"], row["location"]) == (
        "DOMESTIC", "30D", "PICKUP", "YARD")
    assert row["credit_limit"] == Decimal("5000.00")
    assert (row["blocked"], row["shipping_advice"]) == ("invoice", "complete")
    assert (row["combine_shipments"], row["prices_incl_vat"]) == (True, True)
    assert row["invoice_disc_pct"] == Decimal("2.5")
    assert row["bill_to_customer_no"] == "C"


def test_a_number_typed_by_hand_is_kept_upper_case_and_unique(desk):
    assert desk.customers.create("Adatum", no="adatum").no == "ADATUM"
    with pytest.raises(ValidationError, match="already exists") as err:
        desk.customers.create("Other", no="Adatum")
    assert set(err.value.errors) == {"no"}
    assert stored(desk, "ADATUM")["name"] == "Adatum"


def test_numbers_by_hand_are_refused_when_the_series_forbids_them(desk):
    desk.setup.set_number_series("CUST", manual_nos=False)
    with pytest.raises(SalesDeskError, match="CUST"):
        desk.customers.create("Adatum", no="ADATUM")
    assert stored(desk, "ADATUM") is None
    assert desk.customers.create("Adatum").no == "C00001"


@pytest.mark.parametrize("field, value", [
    ("email", "not-an-email"),
    ("email", "a@b"),
    ("credit_limit", Decimal("-0.01")),
    ("credit_limit", "lots"),
    ("credit_limit", 100.0),                 # floats are not exact
    ("credit_limit", Decimal("1.001")),      # more than cents
    ("blocked", "maybe"),
    ("shipping_advice", "sometimes"),
    ("shipping_advice", ""),
    ("payment_terms", "NOPE"),
    ("vat_bus_group", "NOPE"),
    ("vat_bus_group", ""),
    ("shipment_method", "NOPE"),
    ("location", "NOPE"),
    ("bill_to_customer_no", "NOPE"),
    ("invoice_disc_pct", Decimal("101")),
    ("combine_shipments", "perhaps"),
    ("name", "x" * 101),
    ("favourite_colour", "blue"),
])
def test_a_field_breaking_its_rule_is_refused_beside_the_field(shop, field, value):
    values = {"name": "Adatum", field: value}
    name = values.pop("name")
    with pytest.raises(ValidationError) as err:
        shop.customers.create(name, no="NEW", **values)
    assert set(err.value.errors) == {field}
    assert err.value.errors[field]
    assert stored(shop, "NEW") is None


def test_a_name_is_required(desk):
    with pytest.raises(ValidationError) as err:
        desk.customers.create("   ")
    assert set(err.value.errors) == {"name"}


def test_every_problem_is_reported_at_once(desk):
    with pytest.raises(ValidationError) as err:
        desk.customers.create("", email="x", credit_limit=-5, blocked="?", payment_terms="NOPE")
    assert set(err.value.errors) == {"name", "email", "credit_limit", "blocked", "payment_terms"}


def test_a_value_can_be_checked_as_you_type(shop):
    assert shop.customers.check("credit_limit", "-1") is not None
    assert shop.customers.check("payment_terms", "30D") is None
    assert shop.customers.check("payment_terms", "60D") is not None


# -- changing --------------------------------------------------------------------------------

def test_update_changes_fields_and_the_search_key(people):
    people.customers.update("C00002", city="Paris", phone="01 00")
    row = stored(people, "C00002")
    assert (row["city"], row["phone"]) == ("Paris", "01 00")
    assert people.customers.count("lefevre paris") == 1
    assert people.customers.count("lefevre lyon") == 0


def test_an_invalid_update_changes_nothing(shop):
    with pytest.raises(ValidationError) as err:
        shop.customers.update("C", city="Paris", credit_limit=-1)
    assert set(err.value.errors) == {"credit_limit"}
    assert stored(shop, "C")["city"] == ""


def test_update_of_an_unknown_customer_is_refused(desk):
    with pytest.raises(NotFound):
        desk.customers.update("NOPE", city="Paris")


def test_the_number_cannot_be_changed(shop):
    with pytest.raises(ValidationError) as err:
        shop.customers.update("C", **{"no": "OTHER"})
    assert "no" in err.value.errors


def test_the_number_cannot_be_changed_in_any_case(shop):
    with pytest.raises((ValidationError, TypeError)):
        shop.customers.update("C", **{"no": "OTHER"})
    assert stored(shop, "C") is not None
    assert stored(shop, "OTHER") is None


def test_billing_oneself_means_no_bill_to(desk):
    desk.customers.create("Head office", no="HQ")
    desk.customers.create("Branch", no="BR", bill_to_customer_no="HQ")
    assert stored(desk, "BR")["bill_to_customer_no"] == "HQ"
    desk.customers.update("BR", bill_to_customer_no="BR")
    assert stored(desk, "BR")["bill_to_customer_no"] is None
    desk.customers.update("BR", bill_to_customer_no="HQ")
    desk.customers.update("BR", bill_to_customer_no="")
    assert stored(desk, "BR")["bill_to_customer_no"] is None


# -- finding ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("eric dupre", ["C00001"]),
    ("DUPRE", ["C00001"]),
    ("Dupré", ["C00001"]),
    ("dupre eric", ["C00001"]),          # words in any order
    ("dijon", ["C00001", "C00003"]),     # city
    ("dijon dup", ["C00001", "C00003"]),
    ("lefevre.fr", ["C00002"]),          # e-mail
    ("04 72", ["C00002"]),               # phone
    ("c00003", ["C00003"]),              # number
    ("HÉLÈNE", ["C00002"]),
    ("eric lyon", []),                   # every word must match
    ("%", []),                           # LIKE wildcards are taken literally
    ("_", []),
    ("", ["C00001", "C00002", "C00003"]),
])
def test_the_list_filter_ignores_case_accents_and_word_order(people, text, expected):
    assert [r[0] for r in people.customers.page(text)] == expected
    assert people.customers.count(text) == len(expected)


@pytest.mark.parametrize("text, expected", [
    ("eric dupre", ["C00001"]),
    ("DUPRE", ["C00001"]),
    ("dupre eric", ["C00001"]),
    ("dijon", ["C00001", "C00003"]),
    ("eric.dupre@example", ["C00001"]),
    ("80 11 22", ["C00001"]),
    ("C00002", ["C00002"]),
])
def test_search_ignores_case_accents_and_word_order(people, text, expected):
    assert [c.no for c in people.customers.search(text)] == expected


def test_search_respects_the_limit(desk):
    for n in range(5):
        desk.customers.create(f"Shop {n}")
    found = desk.customers.search("shop", limit=3)
    assert [c.no for c in found] == ["C00001", "C00002", "C00003"]


def test_search_returns_at_most_limit_rows(desk):
    for n in range(5):
        desk.customers.create(f"Shop {n}")
    assert len(desk.customers.search("shop", limit=3)) == 3
    assert len(desk.customers.search("shop")) == 5


def test_get_returns_the_customer(shop):
    c = shop.customers.get("C")
    assert (c.no, c.name, c.payment_terms) == ("C", "C", "30D")


def test_get_of_an_unknown_customer_is_refused(desk):
    with pytest.raises(NotFound, match="NOPE"):
        desk.customers.get("NOPE")


# -- deleting --------------------------------------------------------------------------------

def test_a_customer_without_history_can_be_deleted(shop):
    shop.customers.create("Fresh", no="F")
    shop.customers.delete("F")
    assert stored(shop, "F") is None
    with pytest.raises(NotFound):
        shop.customers.delete("F")


@pytest.mark.parametrize("history, label", [
    (lambda d: add_cust_entry(d, "C", Decimal("12.00")), "customer ledger entries"),
    (lambda d: add_item_entry(d, "A", Decimal("-1"), customer_no="C"), "item ledger entries"),
    (lambda d: add_sales_header(d, "C"), "sales documents"),
    (lambda d: d.customers.create("Branch", no="BR", bill_to_customer_no="C"), "customers"),
])
def test_a_customer_with_history_cannot_be_deleted(shop, history, label):
    history(shop)
    with pytest.raises(HasHistory, match=f"Customer C .*{label}"):
        shop.customers.delete("C")
    assert stored(shop, "C") is not None


# -- balance and the paged list ------------------------------------------------------------

def test_balance_sums_the_customer_ledger(shop):
    shop.customers.create("Other", no="O")
    assert shop.customers.balance("C") == Decimal("0.00")
    add_cust_entry(shop, "C", Decimal("120.10"), document_no="PSI-1")
    add_cust_entry(shop, "C", Decimal("-40.05"), document_no="PSC-1", document_type="credit_memo")
    add_cust_entry(shop, "C", Decimal("-50.00"), document_no="PAY-1", document_type="payment")
    add_cust_entry(shop, "O", Decimal("999.99"), document_no="PSI-2")
    assert shop.customers.balance("C") == Decimal("30.05")
    assert shop.customers.balance("O") == Decimal("999.99")


def test_the_list_pages_in_number_order_with_list_columns(desk):
    for n in range(25):
        desk.customers.create(f"Customer {n:02d}", city="Lyon" if n % 2 else "Dijon")
    add_cust_entry(desk, "C00012", Decimal("7.50"))
    assert desk.customers.count() == 25
    assert desk.customers.count("lyon") == 12
    page = desk.customers.page(offset=10, limit=5)
    assert [r[0] for r in page] == ["C00011", "C00012", "C00013", "C00014", "C00015"]
    row = dict(zip(LIST_COLUMNS, page[1]))
    assert len(page[1]) == len(LIST_COLUMNS)
    assert row == {"no": "C00012", "name": "Customer 11", "city": "Lyon", "phone": "", "email": "",
                   "blocked": "", "balance": Decimal("7.50")}
    assert dict(zip(LIST_COLUMNS, page[0]))["balance"] == Decimal("0")
    assert [r[0] for r in desk.customers.page("lyon", offset=10, limit=5)] == ["C00022", "C00024"]
    assert desk.customers.page(offset=25) == []


def test_a_customer_read_back_is_a_snapshot(shop):
    before = shop.customers.get("C")
    shop.customers.update("C", city="Paris")
    assert before.city == ""  # taken at the time of the call, not a live row
    assert shop.customers.get("C").city == "Paris"
    assert [c.city for c in shop.customers.search("paris")] == ["Paris"]
