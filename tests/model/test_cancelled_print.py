"""A cancelled posted invoice prints and mails as cancelled, naming the credit memo that
cancelled it, and asks for no payment (no terms, bank details or pay link); a standing
invoice still carries its pay link."""

from decimal import Decimal

import pytest
from pypdf import PdfReader

from salesdesk.model import DocKind
from salesdesk.model.output.mail_body import body_text

LINK = "https://pay.example.com/{no}?amount={amount}"


@pytest.fixture
def two_invoices(shop):
    shop.setup.update_company(payment_link=LINK, iban="FR7630006000011234567890189")
    posted = []
    for _ in range(2):
        invoice = shop.sales.create(DocKind.INVOICE, "C")
        shop.sales.add_line(invoice, "A", Decimal("2"))
        posted.append(shop.sales.post(invoice).invoice_no)
    memo = shop.posted.cancel_invoice(posted[0])
    return posted[0], posted[1], memo


def _pdf_text(shop, data) -> str:
    import io

    pdf = shop.reports.render(data)
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_cancelled_invoice_prints_as_cancelled_without_a_pay_link(shop, two_invoices):
    cancelled, _standing, memo = two_invoices
    data = shop.reports.report(shop.posted.invoice(cancelled))
    assert data.cancelled_by == memo and "CANCELLED" in data.title
    assert data.payment_link() == ""
    printed = _pdf_text(shop, data)
    assert "CANCELLED" in printed and memo in printed
    assert "pay.example.com" not in printed and "FR76" not in printed.replace(" ", "")
    mail = body_text(data)
    assert memo in mail and "pay.example.com" not in mail


def test_a_standing_invoice_keeps_its_pay_link(shop, two_invoices):
    _cancelled, standing, _memo = two_invoices
    data = shop.reports.report(shop.posted.invoice(standing))
    assert data.cancelled_by == "" and "CANCELLED" not in data.title
    assert standing in data.payment_link()
    assert "pay.example.com" in body_text(data)
    assert "pay.example.com" in _pdf_text(shop, data)
