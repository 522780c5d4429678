"""The Purchasing Code of an order line (drop shipment / special order), looked up with F4 in its cell."""

from decimal import Decimal

from salesdesk.model import DocKind
from salesdesk.screens.common.lookup import LookupScreen

from .conftest import open_card, settle

D = Decimal


async def test_a_purchasing_code_is_looked_up_and_set_on_an_order_line(shop, make_app):
    shop.setup.add_purchasing_code("DROP", drop_shipment=True, description="Drop shipment")
    order = shop.sales.create(DocKind.ORDER, "C")
    shop.sales.add_line(order, "A", D(2))
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        card = await open_card(pilot, "order", order.no)
        card.grid.go_to("10000", "purchasing_code")
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot, rounds=6)
        assert isinstance(app.screen, LookupScreen)
        await pilot.press("enter")
        await settle(pilot, rounds=6)
    line = shop.sales.get(DocKind.ORDER, order.no).lines[0]
    assert (line.purchasing_code, line.drop_shipment) == ("DROP", True)
