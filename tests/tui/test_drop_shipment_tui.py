"""A drop-shipment sales order by keys: Alt+Shift+O creates its purchase order (said in a
message, shown in the line's FactBox, offered in the Footer and the palette), and posting the
shipment names the purchase receipt posted with it."""

from decimal import Decimal

from textual.widgets import Static
from textual.widgets._footer import FooterKey

from salesdesk.model import DocKind

from .conftest import open_card, settle

D = Decimal


def drop_order(shop):
    shop.vendors.create("Vendor One", no="V1", payment_terms="30D")
    shop.setup.add_purchasing_code("DROP", drop_shipment=True)
    shop.items.create("Drop item", no="DS-1", unit_price=D("10.00"), unit_cost=D("6.00"), vat_prod_group="STD",
                      vendor_no="V1", purchasing_code="DROP", last_direct_cost=D("6.00"))
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "DS-1", D(3))
    return order


def messages(app) -> str:
    return " | ".join(n.message for n in app._notifications)


async def test_create_purchase_orders_then_ship_names_the_purchase_receipt(shop, make_app):
    order = drop_order(shop)
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        card = await open_card(pilot, "order", order.no)
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Create Purchase Orders" in commands
        footer = app.screen.query_one("DeskFooter")
        assert "Create Purchase Orders" in [key.description for key in footer.query(FooterKey)]
        assert app.screen.check_action("create_purchase_orders", ()) is True
        await pilot.press("alt+shift+o")
        await settle(pilot, rounds=8)
        assert "Purchase orders created: PO-00001." in messages(app)
        line = shop.sales.get(DocKind.ORDER, order.no).line(10000)
        assert line.purchase_order_no == "PO-00001"
        card.grid.go_to("10000", "quantity")
        await settle(pilot, rounds=6)
        facts = str(app.screen.query_one("#item-facts", Static).render())
        assert "Drop shipment: PO-00001 / 10000" in facts
        await pilot.press("alt+shift+o")
        await settle(pilot, rounds=8)
        assert "There is nothing to create" in messages(app)
        await pilot.press("f9")
        await settle(pilot, rounds=6)
        await pilot.press("enter")  # Ship (the first choice)
        await settle(pilot, rounds=10)
    assert shop.items.inventory("DS-1") == D(0)
    receipts = shop.posted.purchase_receipts("V1")
    assert len(receipts) == 1
    assert f"purchase receipt {receipts[0].no}" in messages(app)


async def test_create_purchase_orders_is_not_offered_on_invoices_or_purchase_orders(shop, make_app):
    invoice = shop.sales.create(DocKind.INVOICE, "C")
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await open_card(pilot, "invoice", invoice.no)
        assert app.screen.check_action("create_purchase_orders", ()) is False


async def test_an_order_without_drop_shipment_lines_does_not_offer_it(shop, make_app):
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", D(1))
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await open_card(pilot, "order", order.no)
        assert app.screen.check_action("create_purchase_orders", ()) is False


async def test_undo_shipment_of_a_drop_shipment_says_the_receipt_is_undone_too(shop, make_app):
    order = drop_order(shop)
    (po_no,) = shop.purchases.create_from_sales_order(order)
    shipped = shop.sales.post(order, ship=True)
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        await pilot.press(*shipped.shipment_no, "enter")
        await settle(pilot, rounds=6)
        await pilot.press("alt+shift+u")
        await settle(pilot, rounds=6)
        text = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "linked purchase receipt lines are undone too" in text
        await pilot.press("y")
        await settle(pilot, rounds=8)
    assert shop.purchases.get("order", po_no).lines[0].quantity_received == D(0)
    assert shop.items.inventory("DS-1") == D(0)


async def test_the_purchase_lines_factbox_names_the_sales_order_line(shop, make_app):
    order = drop_order(shop)
    (po_no,) = shop.purchases.create_from_sales_order(order)
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        app.open_purchase("order", po_no)
        await settle(pilot, rounds=6)
        app.screen.grid.go_to("10000", "quantity")
        await settle(pilot, rounds=6)
        facts = str(app.screen.query_one("#item-facts", Static).render())
        assert f"Drop shipment: sales order {order.no} / 10000" in facts
