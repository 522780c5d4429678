"""Items: the card, the item journal (adjust) and inventory from the item ledger."""

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from salesdesk.model import HasHistory, NotFound, SalesDeskError, ValidationError
from salesdesk.model.inventory.items import ENTRY_COLUMNS, LIST_COLUMNS
from salesdesk.model.tables import Item, ItemLedgerEntry

from .rows import TODAY


def stored(desk, no):
    with desk.db.read() as s:
        row = s.execute(select(Item.__table__).where(Item.no == no)).first()
    return dict(row._mapping) if row else None


def ledger(desk, no):
    with desk.db.read() as s:
        rows = s.execute(select(ItemLedgerEntry.__table__).where(ItemLedgerEntry.item_no == no)
                         .order_by(ItemLedgerEntry.entry_no)).all()
    return [dict(r._mapping) for r in rows]


# -- the card --------------------------------------------------------------------------------

def test_items_are_numbered_from_the_item_series(shop):
    lamp = shop.items.create("Desk lamp", unit_price=Decimal("10"), vat_prod_group="STD")
    chair = shop.items.create("Chair", unit_price=Decimal("45.5"), vat_prod_group="std")
    assert (lamp.no, chair.no) == ("I00001", "I00002")
    row = stored(shop, "I00002")
    assert (row["description"], row["type"], row["base_uom"], row["vat_prod_group"]) == (
        "Chair", "inventory", "PCS", "STD")
    assert row["unit_price"] == Decimal("45.5")
    assert row["unit_cost"] == Decimal("0")


def test_a_service_item_in_hours(shop):
    item = shop.items.create("Consulting", type="Service", uom="hour", unit_price=Decimal("65"),
                             vat_prod_group="STD")
    row = stored(shop, item.no)
    assert (row["type"], row["base_uom"]) == ("service", "HOUR")


def test_a_number_typed_by_hand_is_unique(shop):
    assert shop.items.create("Lamp", no="lamp-1", vat_prod_group="STD").no == "LAMP-1"
    with pytest.raises(ValidationError, match="already exists") as err:
        shop.items.create("Other lamp", no="LAMP-1", vat_prod_group="STD")
    assert set(err.value.errors) == {"no"}
    with pytest.raises(ValidationError) as err:
        shop.items.create("Other A", no="a", vat_prod_group="STD")
    assert set(err.value.errors) == {"no"}


def test_numbers_by_hand_are_refused_when_the_series_forbids_them(shop):
    shop.setup.set_number_series("ITEM", manual_nos=False)
    with pytest.raises(SalesDeskError, match="ITEM"):
        shop.items.create("Lamp", no="LAMP", vat_prod_group="STD")
    assert stored(shop, "LAMP") is None


@pytest.mark.parametrize("field, values", [
    ("type", {"type": "goods"}),
    ("unit_price", {"unit_price": Decimal("-0.01")}),
    ("unit_price", {"unit_price": Decimal("1.000001")}),  # more than 5 decimals
    ("unit_price", {"unit_price": 9.99}),                 # a float
    ("unit_cost", {"unit_cost": Decimal("-1")}),
    ("base_uom", {"uom": "BOX"}),
    ("vat_prod_group", {"vat_prod_group": "NOPE"}),
    ("vat_prod_group", {"vat_prod_group": ""}),
    ("blocked", {"blocked": "sometimes"}),
    ("weight", {"weight": 3}),
])
def test_a_field_breaking_its_rule_is_refused_beside_the_field(shop, field, values):
    values = {"vat_prod_group": "STD", **values}
    with pytest.raises(ValidationError) as err:
        shop.items.create("Lamp", no="NEW", **values)
    assert set(err.value.errors) == {field}
    assert stored(shop, "NEW") is None


def test_a_description_is_required(shop):
    with pytest.raises(ValidationError) as err:
        shop.items.create("", vat_prod_group="STD")
    assert "description" in err.value.errors


def test_update_changes_fields_and_the_search_key(shop):
    shop.items.update("A", description="Sécateur", unit_price="12.50", uom="HOUR")
    row = stored(shop, "A")
    assert (row["description"], row["unit_price"], row["base_uom"]) == ("Sécateur", Decimal("12.5"), "HOUR")
    assert shop.items.count("secateur") == 1


def test_an_invalid_update_changes_nothing(shop):
    with pytest.raises(ValidationError):
        shop.items.update("A", description="New", unit_price=-1)
    assert stored(shop, "A")["description"] == "A"


def test_the_number_cannot_be_changed(shop):
    with pytest.raises(ValidationError) as err:
        shop.items.update("A", **{"no": "B"})
    assert "no" in err.value.errors


def test_an_item_with_stock_cannot_stop_being_an_inventory_item(shop):
    for kind in ("service", "non_inventory"):
        with pytest.raises(ValidationError, match="stock") as err:
            shop.items.update("A", type=kind)
        assert set(err.value.errors) == {"type"}
    assert stored(shop, "A")["type"] == "inventory"
    shop.items.adjust("A", Decimal("-100"))
    shop.items.update("A", type="service")  # no stock left: allowed
    assert stored(shop, "A")["type"] == "service"
    shop.items.update("A", type="inventory")
    assert stored(shop, "A")["type"] == "inventory"


def test_get_and_search_return_the_item(shop):
    assert shop.items.get("A").unit_price == Decimal("10")
    assert [i.no for i in shop.items.search("a")] == ["A"]


def test_get_of_an_unknown_item_is_refused(shop):
    with pytest.raises(NotFound, match="NOPE"):
        shop.items.get("NOPE")


# -- the item journal ------------------------------------------------------------------------

def test_an_adjustment_writes_an_item_ledger_entry(shop):
    (opening,) = ledger(shop, "A")
    assert opening["document_no"] == "IJ-00001"
    assert opening["entry_type"] == "positive_adjmt"
    assert opening["document_type"] == "item_journal"
    assert opening["quantity"] == Decimal("100")
    assert opening["cost_amount"] == Decimal("600.00")
    assert opening["location"] == "MAIN"
    assert opening["posting_date"] == TODAY

    entry = shop.items.adjust("A", Decimal("-3"), description="Broken")
    assert entry.document_no == "IJ-00002"
    last = ledger(shop, "A")[-1]
    assert (last["entry_type"], last["quantity"], last["cost_amount"], last["description"]) == (
        "negative_adjmt", Decimal("-3"), Decimal("-18.00"), "Broken")
    assert shop.items.inventory("A") == Decimal("97")


def test_cost_amount_is_quantity_times_unit_cost_rounded_half_up(shop):
    shop.items.adjust("A", Decimal("3"), unit_cost=Decimal("0.335"))      # 1.005
    shop.items.adjust("A", Decimal("0.5"), unit_cost=Decimal("0.25"))     # 0.125
    shop.items.adjust("A", Decimal("-1.5"), unit_cost=Decimal("0.333"))   # -0.4995
    costs = [e["cost_amount"] for e in ledger(shop, "A")[1:]]
    assert costs == [Decimal("1.01"), Decimal("0.13"), Decimal("-0.50")]


def test_an_adjustment_can_be_dated(shop):
    shop.items.adjust("A", 1, posting_date=dt.date(2026, 1, 31))
    assert ledger(shop, "A")[-1]["posting_date"] == dt.date(2026, 1, 31)


def test_inventory_is_the_sum_per_item_and_per_location(shop):
    shop.setup.add_location("YARD", "Garden yard")
    shop.items.adjust("A", Decimal("5"), location="yard")
    shop.items.adjust("A", Decimal("2.5"))
    assert shop.items.inventory("A") == Decimal("107.5")
    assert shop.items.inventory("A", "MAIN") == Decimal("102.5")
    assert shop.items.inventory("A", "YARD") == Decimal("5")
    other = shop.items.create("B", unit_price=1, vat_prod_group="STD")
    assert shop.items.inventory(other.no) == Decimal("0")
    with pytest.raises(NotFound):
        shop.items.inventory("NOPE")


def test_stock_cannot_go_below_zero(shop):
    with pytest.raises(SalesDeskError, match="negative"):
        shop.items.adjust("A", Decimal("-100.00001"))
    assert shop.items.inventory("A") == Decimal("100")
    assert shop.items.entry_count("A") == 1
    shop.items.adjust("A", Decimal("-100"))  # exactly to zero is fine
    assert shop.items.inventory("A") == Decimal("0")


def test_stock_cannot_go_below_zero_at_one_location(shop):
    shop.setup.add_location("YARD")
    shop.items.adjust("A", Decimal("5"), location="YARD")
    with pytest.raises(SalesDeskError, match="5 in stock at YARD"):
        shop.items.adjust("A", Decimal("-6"), location="YARD")  # 105 in total does not help
    assert shop.items.inventory("A", "YARD") == Decimal("5")


def test_negative_stock_is_allowed_when_setup_says_so(shop):
    shop.setup.update_company(allow_negative_inventory=True)
    shop.items.adjust("A", Decimal("-130"))
    assert shop.items.inventory("A") == Decimal("-30")


def test_a_refused_adjustment_uses_no_journal_number(shop):
    with pytest.raises(SalesDeskError):
        shop.items.adjust("A", Decimal("-1000"))
    assert shop.items.adjust("A", 1).document_no == "IJ-00002"


@pytest.mark.parametrize("quantity, message", [
    (Decimal("0"), "zero"),
    ("0", "zero"),
    (0.5, "exact"),                       # floats refused
    ("abc", "not a number"),
    (Decimal("0.000001"), "5 decimal"),
])
def test_a_bad_quantity_is_refused(shop, quantity, message):
    with pytest.raises(SalesDeskError, match=message):
        shop.items.adjust("A", quantity)
    assert shop.items.entry_count("A") == 1


@pytest.mark.parametrize("kind", ["service", "non_inventory"])
def test_only_inventory_items_have_stock(shop, kind):
    item = shop.items.create("Not stocked", type=kind, vat_prod_group="STD")
    with pytest.raises(SalesDeskError, match="only inventory items"):
        shop.items.adjust(item.no, Decimal("1"))
    assert shop.items.entry_count(item.no) == 0


def test_an_unknown_location_or_item_is_refused(shop):
    with pytest.raises(SalesDeskError, match="Location 'NOWHERE' does not exist"):
        shop.items.adjust("A", 1, location="nowhere")
    with pytest.raises(NotFound):
        shop.items.adjust("NOPE", 1)
    with pytest.raises(SalesDeskError, match="negative"):
        shop.items.adjust("A", 1, unit_cost=Decimal("-1"))
    assert shop.items.entry_count("A") == 1


# -- deleting --------------------------------------------------------------------------------

def test_an_item_without_history_can_be_deleted(shop):
    item = shop.items.create("Fresh", vat_prod_group="STD")
    shop.items.delete(item.no)
    assert stored(shop, item.no) is None


def test_an_item_with_ledger_entries_cannot_be_deleted(shop):
    with pytest.raises(HasHistory, match="Item A .*item ledger entries"):
        shop.items.delete("A")
    assert stored(shop, "A") is not None
    shop.items.adjust("A", Decimal("-100"))  # even with nothing left in stock
    with pytest.raises(HasHistory):
        shop.items.delete("A")


# -- entries and the paged list --------------------------------------------------------------

def test_entries_are_paged_newest_first(shop):
    for qty in (1, 2, 3, 4):
        shop.items.adjust("A", qty)
    assert shop.items.entry_count("A") == 5
    rows = shop.items.entries("A", offset=1, limit=2)
    assert [dict(zip(ENTRY_COLUMNS, r))["quantity"] for r in rows] == [Decimal("3"), Decimal("2")]
    first = dict(zip(ENTRY_COLUMNS, shop.items.entries("A")[0]))
    assert first["document_no"] == "IJ-00005"
    assert first["cost_amount"] == Decimal("24.00")
    assert len(shop.items.entries("A")) == 5
    assert shop.items.entries("NOPE") == []


def test_the_item_list_pages_in_number_order_with_inventory(shop):
    for n in range(12):
        shop.items.create(f"Widget {n}", unit_price=Decimal(n), vat_prod_group="STD")
    shop.items.adjust("I00003", Decimal("7"))
    assert shop.items.count() == 13
    assert shop.items.count("widget") == 12
    page = shop.items.page("widget", offset=2, limit=3)
    assert [r[0] for r in page] == ["I00003", "I00004", "I00005"]
    row = dict(zip(LIST_COLUMNS, page[0]))
    assert row == {"no": "I00003", "description": "Widget 2", "type": "inventory", "base_uom": "PCS",
                   "unit_price": Decimal("2"), "inventory": Decimal("7"), "blocked": False}
    assert dict(zip(LIST_COLUMNS, shop.items.page("A")[0]))["inventory"] == Decimal("100")
