"""Type to find and number first: what a clerk types names one record before others."""

from decimal import Decimal

from salesdesk.model import DocKind


def test_a_typed_number_lists_its_document_before_those_of_a_customer_with_that_number(shop):
    shop.customers.create("Seven", no="C00007", vat_bus_group="DOMESTIC")
    for _ in range(6):
        shop.sales.create(DocKind.ORDER, "C00007")  # SO-00001 .. SO-00006, all hold "00007"
    seventh = shop.sales.create(DocKind.ORDER, "C")
    assert seventh.no.endswith("00007")
    rows = shop.sales.page(DocKind.ORDER, "00007")
    assert len(rows) == 7 and rows[0][0] == seventh.no
    assert shop.sales.page(DocKind.ORDER, "")[0][0] != seventh.no  # unfiltered: in number order


def test_an_exact_item_number_comes_first_even_when_others_hold_it(shop):
    shop.items.create("Spade", no="A10", unit_price=Decimal("1"), vat_prod_group="STD")
    shop.items.create("Hoe A", no="A2", unit_price=Decimal("1"), vat_prod_group="STD")
    assert shop.items.find("A") == ["A", "A10"]  # A exactly first, then in number order
    assert shop.items.find("a10") == ["A10"]
    assert shop.items.find("hoe") == ["A2"]
    assert shop.items.find("  ") == []


def test_a_customer_is_found_by_a_part_of_its_name_without_accents(shop):
    shop.customers.create("Pépinière Moreau", no="C2")
    shop.customers.create("Jardins Moreau", no="C3")
    assert shop.customers.find("pepiniere") == ["C2"]
    assert shop.customers.find("moreau") == ["C2", "C3"]
    assert shop.customers.find("c3") == ["C3"]
