"""A purchase order as its vendor reads it (``desk.reports.pdf`` / ``print`` / ``desk.mail.send``
on a purchase order): our company buys, the vendor is the addressee in its own language, the
ship-to is our location or the drop-shipment customer; printed and e-mailed like a sales
document, counted apart from a sales order with the same number, the outbox naming the vendor."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from salesdesk.model import DocKind, PurchaseKind, SalesDeskError
from salesdesk.model.output.mail_settings import PASSWORD_ENV
from salesdesk.model.output.report_data import DocumentKey, key_of
from salesdesk.model.purchases.kinds import PurchaseRef
from tests.mail_support import smtp_server  # noqa: F401

D = Decimal
FIXED = dt.datetime(2026, 11, 24, 9, 30, 15)


def pages_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().replace("\u00a0", " ").replace("\u202f", " ").split())
                    for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def buyer(shop, monkeypatch, tmp_path):
    """The shop buying: company details, vendor V1 (English, e-mail), vendor VF (French, no
    e-mail), item B at 5.5 %, a print folder of its own."""
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    shop.setup.set_vat("RED", D("5.5"))
    shop.setup.update_company(name="Garden Shop", address="1 Main Street", post_code="75001", city="Paris",
                              country="FR", email="shop@example.com", print_folder=str(tmp_path / "print"))
    shop.customers.update("C", name="Jardins & Co", address="9 Avenue Foch", post_code="69006", city="Lyon")
    shop.vendors.create("Bolts Ltd", no="V1", address="5 Iron Road", post_code="M1 1AA", city="Manchester",
                        country="GB", vat_reg_no="GB123456789", email="orders@bolts.example",
                        payment_terms="30D", lead_time_days=7)
    shop.vendors.create("Fournitures Dupré", no="VF", address="3 rue des Forges", city="Lille", language="fr")
    shop.items.create("Item B", no="B", unit_price=D("5"), unit_cost=D("2"), vat_prod_group="RED")
    return shop


def order_of(desk, vendor="V1", **header):
    po = desk.purchases.create(PurchaseKind.ORDER, vendor, **header)
    desk.purchases.add_line(po, "A", D("10"), direct_unit_cost=D("8.00"))
    desk.purchases.add_line(po, "B", D("3"), direct_unit_cost=D("2.50"), line_discount_pct=D("10"))
    return desk.purchases.get(PurchaseKind.ORDER, po.no)


def test_the_purchase_order_pdf_shows_vendor_lines_vat_and_totals(buyer):
    po = order_of(buyer, vendor_order_no="SO-778")
    # 10 x 8.00 = 80.00 at 20 %; 3 x 2.50 less 10 % = 6.75 at 5.5 %
    assert (po.amount, po.vat_amount, po.amount_incl_vat) == (D("86.75"), D("16.37"), D("103.12"))
    data = buyer.reports.report(po)
    assert (data.key, data.report, data.title) == (DocumentKey(False, "purchase_order", po.no), "purchase_order",
                                                   "Purchase Order")
    text = pages_text(buyer.reports.pdf(po, created=FIXED))
    for expected in ("Purchase Order", f"No. {po.no}", "Garden Shop", "VENDOR", "Bolts Ltd", "5 Iron Road",
                     "M1 1AA Manchester", "GB123456789", "Vendor No. V1", "Vendor Order No. SO-778",
                     "Expected Receipt Date 01/12/2026", "Order Date" if po.order_date != po.document_date else "",
                     "Payment Terms", "Direct Unit Cost", "A 10 PCS 8.00", "80.00", "B 3 PCS 2.50 10", "6.75",
                     "SHIP-TO", "1 Main Street", "75001 Paris", "Total Excl. VAT €86.75", "VAT Amount €16.37",
                     "Total Incl. VAT €103.12", "20 80.00 16.00", "5.5 6.75 0.37"):
        assert expected in text, expected
    assert "Customer No." not in text and "Unit Price" not in text and "IBAN" not in text


def test_a_french_vendor_reads_a_bon_de_commande(buyer):
    po = order_of(buyer, vendor="VF")
    data = buyer.reports.report(PurchaseRef(PurchaseKind.ORDER, po.no))
    assert (data.title, data.language) == ("Bon de commande", "fr")
    text = pages_text(buyer.reports.pdf(po, created=FIXED))
    for expected in ("Bon de commande", "FOURNISSEUR", "Fournitures Dupré", "N° fournisseur VF",
                     "Coût unitaire HT", "Total HT 86,75 €", "Total TTC 103,12 €"):
        assert expected in text, expected


def test_a_drop_shipment_order_ships_to_the_customer(buyer):
    po = order_of(buyer, sell_to_customer_no="C")
    data = buyer.reports.report(po)
    assert data.ship_to.address_lines() == ("Jardins & Co", "9 Avenue Foch", "69006 Lyon")
    text = pages_text(buyer.reports.pdf(po, created=FIXED))
    assert "Jardins & Co" in text and "9 Avenue Foch" in text and "1 Main Street" not in text.split("SHIP-TO")[1]


def test_the_same_document_prints_the_same_bytes_and_other_kinds_are_refused(buyer):
    po = order_of(buyer)
    assert buyer.reports.pdf(po, created=FIXED) == buyer.reports.pdf(po, created=FIXED)
    invoice = buyer.purchases.create(PurchaseKind.INVOICE, "V1")
    with pytest.raises(SalesDeskError, match="Only purchase orders are printed"):
        buyer.reports.pdf(invoice)
    with pytest.raises(SalesDeskError, match="does not print as picking_list"):
        buyer.reports.pdf(po, "picking_list")


def test_printing_counts_the_purchase_order_apart_from_a_sales_order_with_its_number(buyer):
    po = order_of(buyer)
    path = buyer.reports.print(po)
    assert path.exists() and path.name == f"Purchase_Order_{po.no}.pdf"
    assert path.read_bytes().startswith(b"%PDF")
    buyer.reports.print(po)
    assert buyer.reports.printed_count(po) == 2
    assert buyer.reports.printed_count(DocumentKey(False, "purchase_order", po.no)) == 2
    # a sales order numbered like the purchase order is another document
    assert buyer.reports.printed_count(DocumentKey(False, DocKind.ORDER.value, po.no)) == 0
    assert key_of(po) != key_of(DocumentKey(False, "order", po.no))
    assert key_of(po).describe() == f"Purchase Order {po.no}"


def test_sending_the_purchase_order_to_the_vendor(buyer, smtp_server):  # noqa: F811
    buyer.setup.update_company(smtp_host="127.0.0.1", smtp_port=smtp_server.port, smtp_security="none")
    po = order_of(buyer)
    draft = buyer.mail.compose(po)
    assert (draft.to, draft.subject, draft.vendor_no, draft.customer_no) == (
        "orders@bolts.example", f"Garden Shop - Purchase Order {po.no}", "V1", "")
    message_id = buyer.mail.send(po)
    (message,) = smtp_server.messages
    assert message["Message-ID"] == message_id and message["To"] == "orders@bolts.example"
    body = message.get_body(("plain",)).get_content()
    assert "Dear Bolts Ltd," in body and "Total incl. VAT: €103.12" in body and "1 December 2026" in body
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == f"Purchase_Order_{po.no}.pdf"
    assert "Bolts Ltd" in pages_text(attachment.get_content())
    (entry,) = buyer.mail.outbox()
    assert (entry.status, entry.doc_kind, entry.doc_no, entry.vendor_no, entry.customer_no) == (
        "sent", "purchase_order", po.no, "V1", "")
    assert entry.document == f"Purchase Order {po.no}"
    assert buyer.mail.outbox(text="V1")[0].id == entry.id
    assert [e.id for e in buyer.mail.sent_for(po)] == [entry.id]
    assert buyer.reports.printed_count(po) == 1


def test_a_failed_send_waits_in_the_outbox_with_the_vendor(buyer, smtp_server):  # noqa: F811
    buyer.setup.update_company(smtp_host="127.0.0.1", smtp_port=smtp_server.closed_port(), smtp_security="none")
    po = order_of(buyer)
    from salesdesk.model.output.mail import MailError

    with pytest.raises(MailError) as failed:
        buyer.mail.send(po)
    entry = buyer.mail.entry(failed.value.outbox_id)
    assert (entry.status, entry.vendor_no, entry.doc_kind) == ("failed", "V1", "purchase_order")
    assert entry.error
    assert buyer.reports.printed_count(po) == 0
    # the outbox keeps the vendor: it cannot be deleted once the order is gone
    buyer.purchases.delete(po)
    with pytest.raises(SalesDeskError, match="cannot be deleted: it is used by e-mail outbox"):
        buyer.vendors.delete("V1")


def test_a_vendor_without_email_is_refused_writing_nothing(buyer, smtp_server):  # noqa: F811
    buyer.setup.update_company(smtp_host="127.0.0.1", smtp_port=smtp_server.port, smtp_security="none")
    po = order_of(buyer, vendor="VF")
    with pytest.raises(SalesDeskError, match="Vendor VF has no e-mail address"):
        buyer.mail.send(po)
    assert buyer.mail.outbox() == [] and smtp_server.messages == []
    assert buyer.reports.printed_count(po) == 0
    # typed in To, it goes
    buyer.mail.send(po, "achats@dupre.example")
    assert smtp_server.envelopes[0][1] == ["achats@dupre.example"]
    assert "Bonjour Fournitures Dupré," in smtp_server.messages[0].get_body(("plain",)).get_content()


def test_a_posted_receipt_and_invoice_print_as_the_vendor_addressed_them(buyer):
    po = order_of(buyer, vendor_invoice_no="F-1001")
    receipt_no = buyer.purchases.post(po, receive=True).receipt_no
    invoice_no = buyer.purchases.post(po, invoice=True).invoice_no
    receipt = buyer.posted.purchase_receipt(receipt_no)
    assert key_of(receipt) == DocumentKey(True, "purchase_receipt", receipt_no)
    assert key_of(DocumentKey(True, "purchase_receipt", receipt_no)).describe() == \
        f"Posted Purchase Receipt {receipt_no}"
    text = pages_text(buyer.reports.pdf(receipt, created=FIXED))
    for expected in ("Purchase Receipt", receipt_no, "Bolts Ltd", "Vendor No. V1", f"Order No. {po.no}",
                     "A 10 PCS", "B 3 PCS"):
        assert expected in text, expected
    assert "Total" not in text and "8.00" not in text  # a receipt has no prices
    invoice = buyer.posted.purchase_invoice(invoice_no)
    data = buyer.reports.report(invoice)
    assert (data.title, data.amount_incl_vat, [(v.vat_pct, v.base, v.vat_amount) for v in data.vat_lines]) == (
        "Purchase Invoice", D("103.12"), [(D("5.5"), D("6.75"), D("0.37")), (D("20"), D("80.00"), D("16.00"))])
    text = pages_text(buyer.reports.render(data, created=FIXED))
    for expected in ("Purchase Invoice", invoice_no, "Vendor Invoice No. F-1001", "Total Incl. VAT €103.12"):
        assert expected in text, expected
    buyer.reports.print(invoice)
    assert buyer.reports.printed_count(invoice) == 1
    assert buyer.reports.printed_count(DocumentKey(True, "invoice", invoice_no)) == 0  # a sales invoice
    credit_memo = DocumentKey(True, "purchase_credit_memo", "PPCM-1")
    with pytest.raises(SalesDeskError, match="not a kind of posted purchase document that prints"):
        buyer.reports.pdf(credit_memo)


def test_an_order_for_a_location_with_an_address_ships_there(buyer):
    buyer.setup.add_location("NORD", "Dépôt Nord", address="8 rue du Port", city="Dunkerque")
    po = order_of(buyer, location="NORD")
    assert buyer.reports.report(po).ship_to.address_lines() == ("Garden Shop - Dépôt Nord", "8 rue du Port",
                                                                 "Dunkerque")
    assert "8 rue du Port" in pages_text(buyer.reports.pdf(po, created=FIXED)).split("SHIP-TO")[1]
