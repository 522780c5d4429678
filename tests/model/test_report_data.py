"""What a document's report says (report_data): the same numbers as the document, the
address as posted, the customer's language, and which document a ``doc`` argument names."""

from decimal import Decimal

import pytest

from salesdesk.model.core.errors import SalesDeskError
from salesdesk.model.sales.kinds import DocKind
from salesdesk.model.output.report_data import DocumentKey, key_of

D = Decimal


def _order(shop, *lines):
    order = shop.sales.create(DocKind.ORDER, "C")
    for item, qty in lines:
        shop.sales.add_line(order, item, qty)
    return shop.sales.get(DocKind.ORDER, order.no)


def test_key_of_tells_posted_from_unposted(shop):
    order = _order(shop, ("A", 2))
    assert key_of(order) == DocumentKey(False, "order", order.no)
    invoice_no = shop.sales.post(order, ship=True, invoice=True).invoice_no
    assert key_of(shop.posted.invoice(invoice_no)) == DocumentKey(True, "invoice", invoice_no)
    unposted_invoice = shop.sales.create(DocKind.INVOICE, "C")
    assert key_of(unposted_invoice) == DocumentKey(False, "invoice", unposted_invoice.no)
    with pytest.raises(SalesDeskError):
        key_of(DocumentKey(True, "order", "X"))  # not a posted kind
    with pytest.raises(SalesDeskError):
        key_of(type("Doc", (), {"kind": "letter", "no": "1"})())


def test_an_order_confirmation_has_the_order_numbers(shop):
    shop.setup.set_vat("RED", D("5.5"))
    shop.items.create("Seeds", no="B", unit_price=D("3.00"), vat_prod_group="RED")
    shop.items.adjust("B", 50)
    order = _order(shop, ("A", 3), ("B", 7))
    report = shop.reports.report(order)
    assert report.report == "order_confirmation" and report.title == "Order Confirmation"
    assert report.priced and len(report.lines) == 2
    assert (report.amount, report.vat_amount, report.amount_incl_vat) == (order.amount, order.vat_amount,
                                                                          order.amount_incl_vat)
    assert [(v.vat_pct, v.base, v.vat_amount) for v in report.vat_lines] == [
        (D("5.5"), D("21.00"), D("1.16")), (D("20"), D("30.00"), D("6.00"))]
    assert report.order_no == order.no and report.due_date == order.due_date


def test_a_picking_list_has_quantities_to_ship_and_no_prices(shop):
    order = _order(shop, ("A", 5))
    shop.sales.update_line(order, order.lines[0].line_no, qty_to_ship=2)
    report = shop.reports.report(order, "picking_list")
    assert not report.priced and report.amount_incl_vat == 0 and report.vat_lines == ()
    assert [(ln.no, ln.quantity) for ln in report.lines] == [("A", D("2"))]
    with pytest.raises(SalesDeskError, match="picking list"):
        shop.reports.report(shop.sales.create(DocKind.QUOTE, "C"), "picking_list")


def test_a_posted_invoice_keeps_the_bill_to_address_it_was_posted_with(shop):
    shop.customers.update("C", name="Société Lefèvre", address="1 rue Basse", city="Lyon", post_code="69001",
                          vat_reg_no="FR40123456789")
    order = _order(shop, ("A", 1))
    invoice_no = shop.sales.post(order, ship=True, invoice=True).invoice_no
    shop.customers.update("C", name="Lefèvre SA", address="99 avenue Nouvelle")
    report = shop.reports.report(shop.posted.invoice(invoice_no))
    assert report.bill_to.address_lines() == ("Société Lefèvre", "1 rue Basse", "69001 Lyon")
    assert report.bill_to.vat_reg_no == "FR40123456789"
    invoice = shop.posted.invoice(invoice_no)
    assert (report.amount, report.vat_amount, report.amount_incl_vat) == (invoice.amount, invoice.vat_amount,
                                                                          invoice.amount_incl_vat)
    assert report.due_date == invoice.due_date and report.payment_terms == "30D"


def test_the_customer_language_picks_the_words(shop):
    order = _order(shop, ("A", 1))
    assert shop.reports.report(order).title == "Order Confirmation"
    shop.customers.update("C", language="fr")
    assert shop.reports.report(order).title == "Confirmation de commande"
    shop.customers.update("C", language="")
    shop.setup.update_company(language="fr")
    assert shop.reports.report(order).labels.language == "fr"
    with pytest.raises(SalesDeskError):
        shop.customers.update("C", language="xx")


def test_the_attachment_name_and_payment_link(shop):
    shop.setup.update_company(payment_link="https://pay.example.com/{no}?amount={amount}")
    order = _order(shop, ("A", 2))
    invoice_no = shop.sales.post(order, ship=True, invoice=True).invoice_no
    report = shop.reports.report(DocumentKey(True, "invoice", invoice_no))
    assert report.attachment_name() == f"Invoice_{invoice_no}.pdf"
    assert report.payment_link() == f"https://pay.example.com/{invoice_no}?amount=24.00"
    other = _order(shop, ("A", 1))
    assert shop.reports.report(other).payment_link() == ""  # an order confirmation asks no payment


def test_prepayment_lines_speak_the_document_language(shop):
    shop.customers.update("C", prepayment_pct=D("50"), language="fr")
    order = _order(shop, ("A", 2))
    prepayment_no = shop.sales.post_prepayment_invoice(order)
    report = shop.reports.report(shop.posted.invoice(prepayment_no))
    assert report.report == "prepayment_invoice" and report.title == "Facture d'acompte"
    assert [ln.description for ln in report.lines] == ["Acompte : A"]
    shop.payments.register("C", report.amount_incl_vat, apply_to=[prepayment_no])
    shop.sales.release(order)
    final_no = shop.sales.post(order, ship=True, invoice=True).invoice_no
    final = shop.reports.report(shop.posted.invoice(final_no))
    assert [ln.description for ln in final.lines if ln.type == "prepayment"] == ["Déduction d'acompte : A"]
    assert final.amount_incl_vat == shop.posted.invoice(final_no).amount_incl_vat == D("12.00")


def test_an_invoice_carries_the_date_its_goods_were_delivered(shop):
    import datetime as dt

    from lxml import etree

    order = _order(shop, ("A", 4))
    shipped = shop.sales.post(order, ship=True, posting_date=dt.date(2026, 11, 20)).shipment_no
    invoice_no = shop.sales.post(order, invoice=True).invoice_no
    report = shop.reports.report(shop.posted.invoice(invoice_no))
    assert report.delivery_date == dt.date(2026, 11, 20) != report.document_date
    assert shop.reports.report(shop.posted.shipment(shipped)).delivery_date == dt.date(2026, 11, 20)
    direct = shop.sales.create(DocKind.INVOICE, "C")
    shop.sales.add_line(direct, "A", 1)
    direct_no = shop.sales.post(direct).invoice_no
    assert shop.reports.report(shop.posted.invoice(direct_no)).delivery_date == shop.posted.invoice(
        direct_no).posting_date
    xml = etree.fromstring(shop.reports.facturx_xml(invoice_no))  # XSD-checked on the way
    dates = xml.xpath("//ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString/text()",
                      namespaces=xml.nsmap)
    assert dates == ["20261120"]


def test_a_posted_invoice_prints_the_payment_discount_its_ledger_entry_grants(shop):
    import datetime as dt

    shop.setup.add_payment_terms("2P8", due_days=30, discount_days=8, discount_pct=D("2"))
    shop.customers.update("C", payment_terms="2P8")
    order = _order(shop, ("A", 1))
    assert (shop.reports.report(order).payment_discount_pct, shop.reports.report(order).payment_discount_date) == (
        D("2"), dt.date(2026, 12, 2))
    invoice_no = shop.sales.post(order, ship=True, invoice=True).invoice_no
    invoice = shop.posted.invoice(invoice_no)
    assert shop.reports.report(invoice).payment_discount_date == dt.date(2026, 12, 2)
    shop.setup.save("payment_terms", {"code": "2P8", "due_days": 30, "discount_days": 20, "discount_pct": 2},
                    key=("2P8",))  # the terms change after posting: the posted invoice does not
    assert shop.reports.report(invoice).payment_discount_date == dt.date(2026, 12, 2)
    credit_memo_no = shop.posted.cancel_invoice(invoice_no)
    assert shop.reports.report(shop.posted.credit_memo(credit_memo_no)).payment_discount_pct == 0
