"""Combine Shipments and Delete Invoiced Orders from the order list, by keys only (S8)."""

from decimal import Decimal

from salesdesk.model import DocKind
from tests.tui.conftest import settle


def _two_shipped_orders(desk):
    desk.setup.set_vat("STD", Decimal("20"))
    desk.setup.add_payment_terms("30D", due_days=30)
    e = desk.customers.create("E", no="E", payment_terms="30D", combine_shipments=True)
    desk.items.create("A", no="A", unit_price=Decimal("10"), unit_cost=Decimal("6"), vat_prod_group="STD")
    desk.items.adjust("A", Decimal("100"))
    for quantity in (2, 3):
        order = desk.sales.create(DocKind.ORDER, e.no)
        desk.sales.add_line(order, "A", Decimal(quantity))
        desk.sales.post(order, ship=True)


async def test_combine_shipments_posts_one_invoice_then_invoiced_orders_are_deleted(desk, make_app):
    _two_shipped_orders(desk)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("alt+shift+b")
        await settle(pilot)
        await pilot.press("tab", "tab", "space", "ctrl+s")  # customer blank, date blank, Post Invoices on
        await settle(pilot, 8)
        result = str(app.screen.query_one("#combine-result").render())
        assert "SI-00001" in result and "PSI-00001" in result
        invoice = desk.posted.invoice("PSI-00001")
        assert (invoice.amount, invoice.vat_amount, invoice.amount_incl_vat) == (
            Decimal("50.00"), Decimal("10.00"), Decimal("60.00"))
        assert len(desk.sales.page("order")) == 2  # the orders stay until Delete Invoiced Orders

        await pilot.press("escape", "alt+d")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot, 8)
        assert desk.sales.page("order") == []
        assert any("SO-00001 SO-00002" in n.message for n in app._notifications)


async def test_combine_and_delete_invoiced_are_not_offered_on_quotes(desk, make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
        assert app.screen.check_action("combine_shipments", ()) is False
        await pilot.press("alt+shift+b")
        await settle(pilot)
        assert type(app.screen).__name__ == "DocumentListScreen"


async def test_get_shipment_lines_on_an_invoice_then_post_it(desk, make_app):
    _two_shipped_orders(desk)
    invoice = desk.sales.create(DocKind.INVOICE, "E")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_document("invoice", invoice.no)
        await settle(pilot)
        await pilot.press("alt+l")
        await settle(pilot)
        assert type(app.screen).__name__ == "ShipmentLinesScreen"
        await pilot.press("space")  # untick the first line: only the 3 of the second shipment
        await pilot.press("enter")
        await settle(pilot, 6)
        lines = desk.sales.get("invoice", invoice.no).lines
        assert [(line.type, line.quantity, line.shipment_no) for line in lines] == [
            ("comment", Decimal("0"), ""), ("item", Decimal("3"), "PSS-00002")]
        await pilot.press("f9")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot, 6)
        assert desk.posted.invoice("PSI-00001").amount_incl_vat == Decimal("36.00")
        assert desk.posted.shipment("PSS-00001").lines[0].qty_not_invoiced == Decimal("2")


async def test_picking_list_shows_the_lines_to_ship_and_saves_them(desk, make_app, tmp_path, monkeypatch):
    import salesdesk.screens.common.text_report as text_report

    monkeypatch.setattr(text_report, "reports_dir", lambda: tmp_path / "reports")
    _two_shipped_orders(desk)
    order = desk.sales.create(DocKind.ORDER, "E")
    desk.sales.add_line(order, "A", Decimal("7"))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_document("order", order.no)
        await settle(pilot)
        await pilot.press("alt+k")
        await settle(pilot)
        shown = str(app.screen.query_one("#report-text").render())
        assert f"PICKING LIST - Order {order.no}" in shown and "MAIN" in shown and " 7 " in shown
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = (tmp_path / "reports" / f"picking-list-{order.no}.txt").read_text(encoding="utf-8")
        assert f"PICKING LIST - Order {order.no}" in saved and " 7 " in saved
