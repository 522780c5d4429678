"""Setup: the company card, VAT, payment terms and the generic setup tables."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from salesdesk.model import HasHistory, NotFound, SalesDeskError, ValidationError
from salesdesk.model.setup.setup import SETUP_TABLES
from salesdesk.model.tables import Company

from .rows import add_item_entry

# One new row per setup table, then a change to it. Codes are typed in lower case on purpose.
SAMPLES = {
    "no_series": ({"code": "t-ser", "description": "Test", "pattern": "T####", "manual_nos": "yes"},
                  ("T-SER",), {"description": "Changed", "last_no": "5"}),
    "vat_bus_group": ({"code": "export", "description": "Export"}, ("EXPORT",), {"description": "Abroad"}),
    "vat_prod_group": ({"code": "lux", "description": "Luxury"}, ("LUX",), {"description": "Luxe"}),
    "vat_posting_setup": ({"bus_group": "domestic", "prod_group": "lux", "vat_pct": "25"},
                          ("DOMESTIC", "LUX"), {"vat_pct": "27.5"}),
    "payment_terms": ({"code": "60d", "due_days": "60"}, ("60D",), {"discount_days": 10, "discount_pct": "3"}),
    "shipment_method": ({"code": "post", "description": "By post"}, ("POST",), {"description": "Mail"}),
    "location": ({"code": "yard", "name": "Yard", "city": "Dijon"}, ("YARD",), {"city": "Beaune"}),
    "unit_of_measure": ({"code": "box", "description": "Box"}, ("BOX",), {"description": "Carton"}),
    "return_reason": ({"code": "damaged", "description": "Damaged"}, ("DAMAGED",), {"description": "Broken"}),
    "payment_method": ({"code": "paypal", "description": "PayPal", "bal_account_no": "512000"}, ("PAYPAL",),
                       {"bal_account_no": "530000"}),
    "gl_account": ({"no": "708000", "name": "Other sales"}, ("708000",), {"name": "Sundry sales"}),
    "gen_posting_setup": ({"code": "misc", "sales_account": "707000", "sales_credit_memo_account": "707000",
                           "sales_line_disc_account": "709000", "sales_inv_disc_account": "709000",
                           "cogs_account": "603700", "inventory_account": "370000",
                           "inventory_adjmt_account": "603800", "purchase_account": "607000",
                           "purch_credit_memo_account": "607000", "direct_cost_applied_account": "603700"},
                          ("MISC",), {"sales_account": "706000"}),
    "purchasing_code": ({"code": "drop", "description": "Drop shipment", "drop_shipment": "yes"}, ("DROP",),
                        {"description": "Shipped by the vendor"}),
}


def rows_of(desk, name):
    """A setup table's rows as plain dicts, read with Core (independent of the service)."""
    table = SETUP_TABLES[name].model.__table__
    with desk.db.read() as s:
        return [dict(r._mapping) for r in s.execute(select(table)).all()]


def row_of(desk, name, key):
    table = SETUP_TABLES[name]
    found = [r for r in rows_of(desk, name) if tuple(r[k] for k in table.key) == key]
    return found[0] if found else None


def company_row(desk):
    with desk.db.read() as s:
        return dict(s.execute(select(Company.__table__)).one()._mapping)


def prepare(desk, name):
    if name == "vat_posting_setup":
        desk.setup.save("vat_prod_group", {"code": "LUX"})


# -- company ---------------------------------------------------------------------------------

def test_a_new_company_has_a_name_and_a_currency(desk):
    row = company_row(desk)
    assert row["name"] == "My Company"
    assert row["currency"] == "EUR"
    assert row["allow_negative_inventory"] is False


def test_the_company_card_is_updated(desk):
    row = desk.setup.update_company(name="Adatum SARL", email="info@adatum.fr", currency="usd",
                                    city="Dijon", allow_negative_inventory="yes")
    assert (row.name, row.currency, row.allow_negative_inventory) == ("Adatum SARL", "USD", True)
    stored = company_row(desk)
    assert stored["name"] == "Adatum SARL"
    assert stored["email"] == "info@adatum.fr"
    assert stored["currency"] == "USD"
    assert stored["city"] == "Dijon"
    assert stored["allow_negative_inventory"] is True


def test_the_company_card_reads_back(desk):
    desk.setup.update_company(name="Adatum SARL")
    assert desk.setup.company().name == "Adatum SARL"


def test_a_bad_company_email_is_refused_beside_its_field(desk):
    with pytest.raises(ValidationError) as err:
        desk.setup.update_company(email="not-an-address", name="Changed")
    assert set(err.value.errors) == {"email"}
    assert "not-an-address" in err.value.errors["email"]
    assert company_row(desk)["name"] == "My Company"  # nothing saved


def test_every_company_problem_is_reported_at_once(desk):
    with pytest.raises(ValidationError) as err:
        desk.setup.update_company(name="", currency="EURO", email="@", colour="blue")
    assert set(err.value.errors) == {"name", "currency", "email", "colour"}


def test_company_fields_can_be_checked_as_you_type(desk):
    assert desk.setup.check_company("email", "a@b") is not None
    assert desk.setup.check_company("email", "info@adatum.fr") is None
    assert desk.setup.check_company("email", "") is None


# -- VAT -------------------------------------------------------------------------------------

def test_set_vat_creates_the_groups_and_sets_the_percent(desk):
    desk.setup.set_vat("std", Decimal("20"))
    desk.setup.set_vat("LUX", "25", bus_group="export")
    assert row_of(desk, "vat_prod_group", ("STD",)) is not None
    assert row_of(desk, "vat_bus_group", ("EXPORT",)) is not None
    assert desk.setup.vat_pct("STD") == Decimal("20")
    assert desk.setup.vat_pct("LUX", "EXPORT") == Decimal("25")
    assert desk.setup.vat_pct("LUX") is None  # not set up for DOMESTIC


def test_set_vat_again_changes_the_percent(desk):
    desk.setup.set_vat("STD", Decimal("19.6"))
    desk.setup.set_vat("STD", Decimal("20"), description="Standard")
    assert desk.setup.vat_pct("STD") == Decimal("20")
    assert len(rows_of(desk, "vat_posting_setup")) == 1
    assert row_of(desk, "vat_posting_setup", ("DOMESTIC", "STD"))["description"] == "Standard"


@pytest.mark.parametrize("percent", [Decimal("100.01"), Decimal("-1"), 101, "abc", 20.0])
def test_a_vat_percent_outside_0_to_100_is_refused(desk, percent):
    with pytest.raises(ValidationError) as err:
        desk.setup.set_vat("NEW", percent)
    assert "vat_pct" in err.value.errors
    assert row_of(desk, "vat_prod_group", ("NEW",)) is None  # the group was not created either


@pytest.mark.parametrize("percent", [Decimal("0"), Decimal("5.5"), Decimal("100")])
def test_vat_percent_bounds_are_inclusive(desk, percent):
    desk.setup.set_vat("EDGE", percent)
    assert desk.setup.vat_pct("EDGE") == percent


# -- payment terms ---------------------------------------------------------------------------

def test_payment_terms_with_a_cash_discount(desk):
    row = desk.setup.add_payment_terms("14d2", due_days=30, discount_days=14, discount_pct=Decimal("2"),
                                       description="2 % 14 days, net 30")
    assert row.code == "14D2"
    stored = row_of(desk, "payment_terms", ("14D2",))
    assert (stored["due_days"], stored["discount_days"], stored["discount_pct"]) == (30, 14, Decimal("2"))
    assert stored["description"] == "2 % 14 days, net 30"


@pytest.mark.parametrize("field, values", [
    ("due_days", {"due_days": -1}),
    ("due_days", {"due_days": "1.5"}),
    ("discount_pct", {"due_days": 30, "discount_pct": Decimal("100.5")}),
    ("discount_days", {"due_days": 30, "discount_days": -3}),
])
def test_bad_payment_terms_are_refused(desk, field, values):
    with pytest.raises(ValidationError) as err:
        desk.setup.add_payment_terms("BAD", **values)
    assert field in err.value.errors
    assert row_of(desk, "payment_terms", ("BAD",)) is None


def test_a_duplicate_code_is_refused(desk):
    desk.setup.add_payment_terms("30D", due_days=30)
    with pytest.raises(ValidationError, match="already exists") as err:
        desk.setup.add_payment_terms("30d", due_days=45)
    assert "code" in err.value.errors
    assert row_of(desk, "payment_terms", ("30D",))["due_days"] == 30


def test_the_code_of_an_existing_record_cannot_change(desk):
    desk.setup.add_payment_terms("30D", due_days=30)
    with pytest.raises(ValidationError) as err:
        desk.setup.save("payment_terms", {"code": "60D", "due_days": 60}, key=("30D",))
    assert "code" in err.value.errors
    assert row_of(desk, "payment_terms", ("30D",))["due_days"] == 30
    assert row_of(desk, "payment_terms", ("60D",)) is None


def test_a_missing_key_is_refused(desk):
    with pytest.raises(ValidationError) as err:
        desk.setup.save("shipment_method", {"description": "No code"})
    assert "code" in err.value.errors


# -- deleting --------------------------------------------------------------------------------

def test_payment_terms_used_by_a_customer_cannot_be_deleted(desk):
    desk.setup.add_payment_terms("30D", due_days=30)
    desk.setup.add_payment_terms("UNUSED", due_days=10)
    desk.customers.create("Adatum", payment_terms="30D")
    with pytest.raises(HasHistory, match="customers"):
        desk.setup.delete("payment_terms", "30D")
    assert row_of(desk, "payment_terms", ("30D",)) is not None
    desk.setup.delete("payment_terms", "UNUSED")
    assert row_of(desk, "payment_terms", ("UNUSED",)) is None


def test_location_main_cannot_be_deleted(desk):
    with pytest.raises(SalesDeskError, match="MAIN"):
        desk.setup.delete("location", "MAIN")
    assert row_of(desk, "location", ("MAIN",)) is not None


def test_a_location_with_stock_cannot_be_deleted(shop):
    shop.setup.add_location("YARD", "Yard")
    add_item_entry(shop, "A", 1, entry_type="positive_adjmt")
    with shop.db.write() as s:  # move that entry to YARD
        s.connection().exec_driver_sql("UPDATE item_ledger_entry SET location = 'YARD' WHERE document_no = 'PSS-TEST'")
    with pytest.raises(HasHistory, match="item ledger entries"):
        shop.setup.delete("location", "YARD")


def test_a_vat_group_in_use_cannot_be_deleted(shop):
    with pytest.raises(HasHistory, match="VAT posting setup"):
        shop.setup.delete("vat_prod_group", "ZERO")
    with pytest.raises(HasHistory, match="customers"):
        shop.setup.delete("vat_bus_group", "DOMESTIC")
    with pytest.raises(HasHistory, match="items"):
        shop.setup.delete("unit_of_measure", "PCS")


def test_unknown_setup_table_and_codes_are_refused(desk):
    with pytest.raises(SalesDeskError, match="no setup table"):
        desk.setup.save("colours", {"code": "RED"})
    with pytest.raises(NotFound):
        desk.setup.get("payment_terms", "NOPE")
    with pytest.raises(NotFound):
        desk.setup.delete("payment_terms", "NOPE")
    with pytest.raises(NotFound):
        desk.setup.save("payment_terms", {"due_days": 5}, key=("NOPE",))


def test_a_setup_field_can_be_checked_as_you_type(desk):
    assert desk.setup.check("payment_terms", "due_days", "-1") is not None
    assert desk.setup.check("payment_terms", "due_days", "30") is None
    assert desk.setup.check("vat_posting_setup", "prod_group", "NOPE") is not None


# -- the generic save / delete / records / get, for every setup table --------------------------

def test_every_setup_table_is_covered_here():
    assert set(SAMPLES) == set(SETUP_TABLES)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_generic_save_update_and_delete(desk, name):
    prepare(desk, name)
    new, key, change = SAMPLES[name]
    before = len(rows_of(desk, name))
    saved = desk.setup.save(name, new)
    assert tuple(getattr(saved, k) for k in SETUP_TABLES[name].key) == key
    assert len(rows_of(desk, name)) == before + 1

    with pytest.raises(ValidationError):  # the same key again
        desk.setup.save(name, new)

    desk.setup.save(name, change, key=key)
    stored = row_of(desk, name, key)
    for field, value in change.items():
        expected = SETUP_TABLES[name].rule_map[field]
        if expected.kind == "decimal":
            assert stored[field] == Decimal(value)
        elif expected.kind == "int":
            assert stored[field] == int(value)
        else:
            assert stored[field] == value

    desk.setup.delete(name, *key)
    assert row_of(desk, name, key) is None
    assert len(rows_of(desk, name)) == before
    with pytest.raises(NotFound):
        desk.setup.get(name, *key)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_generic_records_and_get(desk, name):
    prepare(desk, name)
    new, key, _change = SAMPLES[name]
    desk.setup.save(name, new)
    table = SETUP_TABLES[name]
    keys = [tuple(getattr(r, k) for k in table.key) for r in desk.setup.records(name)]
    assert key in keys
    assert keys == sorted(keys)
    got = desk.setup.get(name, *key)
    assert tuple(getattr(got, k) for k in table.key) == key
