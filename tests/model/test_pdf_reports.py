"""The PDF of every sales document (``pdf_layout.render_pdf``): what each report prints, read back
from the PDF with pypdf; French and English words and numbers; no prices on the warehouse's
documents; byte-identical output; embedded fonts only; the logo."""

import datetime as dt
import io
import struct
import time
import zlib
from decimal import Decimal

import pytest
from babel.numbers import format_currency, format_decimal
from pypdf import PdfReader

from salesdesk.model import DocKind
from salesdesk.model.output.pdf_layout import render_pdf

D = Decimal
FIXED = dt.datetime(2026, 11, 24, 9, 30, 15)
ACCENTED_NAME = "Société Générale des Œuvres — Françoise Lefèvre"
ACCENTED_ITEM = "Crème brûlée « façon grand-mère », œufs frais, Straße & Söhne <bio>"
BASE14 = {"Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "Helvetica", "Helvetica-Bold",
          "Helvetica-Oblique", "Helvetica-BoldOblique", "Times-Roman", "Times-Bold", "Times-Italic",
          "Times-BoldItalic", "Symbol", "ZapfDingbats"}
ITEMS = ("LAMP-100", "BOOK-200", "CREME-300")
UNPOSTED = {"quote": DocKind.QUOTE, "order_confirmation": DocKind.ORDER, "pro_forma": DocKind.INVOICE,
            "draft_credit_memo": DocKind.CREDIT_MEMO, "return_order": DocKind.RETURN_ORDER,
            "blanket_order": DocKind.BLANKET_ORDER}
REPORTS = (*UNPOSTED, "picking_list", "shipment", "return_receipt", "invoice", "credit_memo", "prepayment_invoice")


@pytest.fixture
def store(shop):
    """The shop with a French company's details, a second VAT rate, a French customer F with an
    accented name and 5 % invoice discount, and three items (one with an accented description)."""
    shop.setup.set_vat("RED", D("5.5"))
    shop.setup.update_company(
        name="Atelier Lumière SAS", address="12 rue de la Paix", post_code="69002", city="Lyon", country="FR",
        vat_reg_no="FR12345678901", phone="+33 4 72 00 00 00", email="compta@atelier-lumiere.fr",
        website="www.atelier-lumiere.fr", registration_no="123 456 789", legal_form="SAS au capital de 50 000 EUR",
        legal_mentions="Pénalités de retard : trois fois le taux d'intérêt légal.\n"
                       "Indemnité forfaitaire pour frais de recouvrement : 40 €.",
        iban="FR76 3000 6000 0112 3456 7890 189", bic="AGRIFRPP")
    shop.customers.create(ACCENTED_NAME, no="F", language="fr", payment_terms="30D", invoice_disc_pct=D("5"),
                          address="4 place Bellecour", post_code="69002", city="Lyon", country="FR")
    shop.customers.update("C", invoice_disc_pct=D("5"))
    for no, price, vat, description in (("LAMP-100", "129.90", "STD", "Lampe d'atelier émaillée"),
                                        ("BOOK-200", "24.50", "RED", "Livre « Œuvres complètes »"),
                                        ("CREME-300", "3.99", "STD", ACCENTED_ITEM)):
        shop.items.create(description, no=no, unit_price=D(price), vat_prod_group=vat)
        shop.items.adjust(no, D("1000"), unit_cost=D("1.00"))
    return shop


def new_doc(desk, kind, customer, n, **header):
    """A document with ``n`` item lines (each its own description) and a comment line."""
    doc = desk.sales.create(kind, customer, **header)
    for i in range(n):
        desk.sales.add_line(doc, ITEMS[i % 3], D(i % 7 + 1), description=f"Pièce n° {i + 1:03d} {ITEMS[i % 3]}",
                            line_discount_pct=D("10") if i % 5 == 0 else D("0"))
    desk.sales.add_line(doc, type="comment", description="Livraison à l'étage, s'il vous plaît.")
    return doc


def report_of(desk, report, customer, n):
    """The ReportDoc of ``report`` for a document of ``customer`` with ``n`` lines."""
    if report in UNPOSTED:
        return desk.reports.report(new_doc(desk, UNPOSTED[report], customer, n))
    if report == "picking_list":
        return desk.reports.report(new_doc(desk, DocKind.ORDER, customer, n), "picking_list")
    if report in ("shipment", "invoice"):
        result = desk.sales.post(new_doc(desk, DocKind.ORDER, customer, n), ship=True, invoice=True)
        posted = desk.posted.shipment(result.shipment_no) if report == "shipment" else desk.posted.invoice(
            result.invoice_no)
        return desk.reports.report(posted)
    if report == "credit_memo":
        result = desk.sales.post(new_doc(desk, DocKind.CREDIT_MEMO, customer, n))
        return desk.reports.report(desk.posted.credit_memo(result.credit_memo_no))
    if report == "return_receipt":
        result = desk.sales.post(new_doc(desk, DocKind.RETURN_ORDER, customer, n), receive=True)
        return desk.reports.report(desk.posted.get("return_receipt", result.return_receipt_no))
    order = new_doc(desk, DocKind.ORDER, customer, n, prepayment_pct=D("30"))
    return desk.reports.report(desk.posted.invoice(desk.sales.post_prepayment_invoice(order)))


def pages_text(pdf: bytes) -> list[str]:
    """Each page's text, every run of white space (no-break spaces too) made one space."""
    return [" ".join(page.extract_text().replace("\u00a0", " ").replace("\u202f", " ").split())
            for page in PdfReader(io.BytesIO(pdf)).pages]


def _spaced(value: str) -> str:
    return value.replace("\u00a0", " ").replace("\u202f", " ")


def num(report, value) -> str:
    return _spaced(format_decimal(value, format="#,##0.00", locale=report.labels.locale))


def money(report, value) -> str:
    return _spaced(format_currency(value, report.currency, locale=report.labels.locale))


def assert_prints(report, pdf: bytes) -> list[str]:
    """The customer, every line, the VAT breakdown and totals (priced), the table header and
    "Page i of n" on every page."""
    pages = pages_text(pdf)
    text = " ".join(pages)
    assert report.bill_to.name in text
    assert report.title in pages[0] and report.no in pages[0]
    for line in report.lines:
        assert line.description in text
        if not line.is_comment:
            assert line.no in text
    for i, page in enumerate(pages, start=1):
        assert report.labels.format("page", page=i, pages=len(pages)) in page
        if i < len(pages) or any(f"{line.description} " in page for line in report.lines):
            assert report.labels["description"] in page  # the header row, repeated on every page of lines
    if report.priced:
        assert report.vat_lines
        for vat in report.vat_lines:
            assert num(report, vat.base) in text and num(report, vat.vat_amount) in text
        for label, value in (("total_excl_vat", report.amount), ("vat_amount", report.vat_amount),
                             ("total_incl_vat", report.amount_incl_vat)):
            assert f"{report.labels[label]} {money(report, value)}" in text
    else:
        assert report.labels["unit_price"] not in text and "€" not in text
    return pages


@pytest.mark.parametrize("report_name", REPORTS)
@pytest.mark.parametrize("n", [3, 120])
def test_every_report_prints_its_customer_lines_and_totals(store, report_name, n):
    customer = "F" if n == 120 else "C"  # the long ones in French, the short ones in English
    report = report_of(store, report_name, customer, n)
    assert report.report == report_name
    pdf = render_pdf(report, created=FIXED)
    pages = assert_prints(report, pdf)
    assert (len(pages) > 1) == (n == 120)
    if report_name != "prepayment_invoice":
        assert len([ln for ln in report.lines if not ln.is_comment]) == n


def test_unposted_documents_and_shipments_print_through_the_report_service(store):
    order = new_doc(store, DocKind.ORDER, "F", 3)
    report = store.reports.report(order)
    assert store.reports.pdf(order, created=FIXED) == render_pdf(report, created=FIXED)
    result = store.sales.post(order, ship=True)
    shipment = store.posted.shipment(result.shipment_no)
    assert_prints(store.reports.report(shipment), store.reports.pdf(shipment, created=FIXED))


def test_accented_names_and_descriptions_print_exactly(store):
    order = store.sales.create(DocKind.ORDER, "F")
    store.sales.add_line(order, "CREME-300", D("2"))
    text = " ".join(pages_text(store.reports.pdf(order, created=FIXED)))
    assert ACCENTED_NAME in text
    assert ACCENTED_ITEM in text  # & and < > are printed, not taken as markup
    assert "Atelier Lumière SAS" in text


@pytest.mark.parametrize("customer, words", [
    ("F", ["Facture", "N° PSI-00001", "Désignation", "Prix unitaire HT", "Date d'échéance 24/12/2026",
           "Sous-total 1 299,00 €", "Remise facture -64,95 €", "Total HT 1 234,05 €", "Montant TVA 246,81 €",
           "Total TTC 1 480,86 €", "129,90", "Page 1 sur 1", "IBAN : FR76 3000", "Pénalités de retard",
           "SIREN 123 456 789"]),
    ("C", ["Invoice", "No. PSI-00001", "Description", "Unit Price", "Due Date 24/12/2026", "Subtotal €1,299.00",
           "Invoice Discount -€64.95", "Total Excl. VAT €1,234.05", "VAT Amount €246.81",
           "Total Incl. VAT €1,480.86", "129.90", "Page 1 of 1", "IBAN: FR76 3000", "Reg. No. 123 456 789"]),
])
def test_the_customers_language_picks_the_words_and_number_format(store, customer, words):
    invoice = store.sales.create(DocKind.INVOICE, customer)
    store.sales.add_line(invoice, "LAMP-100", D("10"))
    posted = store.posted.invoice(store.sales.post(invoice).invoice_no)
    (text,) = pages_text(render_pdf(store.reports.report(posted), created=FIXED))
    for word in words:
        assert word in text
    other = {"F": ["Invoice", "Total Incl. VAT", "1,299.00"], "C": ["Facture", "Total TTC", "1 299,00"]}[customer]
    assert not any(word in text for word in other)


def test_picking_list_and_delivery_note_print_no_prices(store):
    order = new_doc(store, DocKind.ORDER, "C", 3)
    picking = store.reports.pdf(order, "picking_list", created=FIXED)
    (text,) = pages_text(picking)
    assert "Picking List" in text and "Qty. to Ship" in text and "Picked" in text
    assert "129.90" not in text and "Total" not in text and "€" not in text
    result = store.sales.post(order, ship=True)
    (text,) = pages_text(store.reports.pdf(store.posted.shipment(result.shipment_no), created=FIXED))
    assert "Delivery Note" in text and "Quantity Shipped" in text
    assert "Received in good condition (date, name, signature)" in text
    assert "129.90" not in text and "Total" not in text and "€" not in text


def test_the_ship_to_address_prints_when_it_differs(store):
    order = new_doc(store, DocKind.ORDER, "F", 1)
    (text,) = pages_text(store.reports.pdf(order, created=FIXED))
    assert "LIVRER À" not in text
    store.sales.update(order, ship_to_name="Entrepôt Lefèvre", ship_to_address="ZI des Œillets",
                       ship_to_post_code="69800", ship_to_city="Saint-Priest")
    (text,) = pages_text(store.reports.pdf(order, created=FIXED))
    assert "LIVRER À" in text and "Entrepôt Lefèvre ZI des Œillets 69800 Saint-Priest" in text


def test_payment_discount_link_and_prepayment_deduction(store):
    store.setup.add_payment_terms("2P8", due_days=30, discount_days=8, discount_pct=D("2"), description="2 % 8 jours")
    store.setup.update_company(payment_link="https://pay.example.com/{no}?amount={amount}")
    store.customers.create("Retail", no="R", payment_terms="2P8", prepayment_pct=D("30"))
    order = store.sales.create(DocKind.ORDER, "R")
    store.sales.add_line(order, "LAMP-100", D("1"))
    prepayment_no = store.sales.post_prepayment_invoice(order)
    prepayment = store.reports.report(store.posted.invoice(prepayment_no))
    (text,) = pages_text(render_pdf(prepayment, created=FIXED))
    assert "Prepayment Invoice" in text and "Subtotal" not in text and "Prepayment deducted" not in text
    assert "discount if paid" not in text  # the ledger grants a prepayment invoice no payment discount
    assert f"Pay online: https://pay.example.com/{prepayment_no}?amount=46.76" in text
    (link,) = [a.get_object() for a in PdfReader(io.BytesIO(render_pdf(prepayment, created=FIXED))).pages[0]["/Annots"]]
    assert link["/A"]["/URI"] == f"https://pay.example.com/{prepayment_no}?amount=46.76"
    assert link["/F"] == 4  # printable, as PDF/A wants

    store.payments.register("R", prepayment.amount_incl_vat, apply_to=[prepayment_no])
    store.sales.release(order)
    final = store.reports.report(store.posted.invoice(store.sales.post(order, ship=True, invoice=True).invoice_no))
    (text,) = pages_text(render_pdf(final, created=FIXED))
    assert "Prepayment deducted -€38.97" in text and "-38.97" in text
    assert "2 % discount if paid by 02/12/2026" in text  # as its customer ledger entry grants it
    assert "Subtotal €129.90" in text and "Total Excl. VAT €90.93" in text


def test_prices_including_vat_head_their_columns_so(store):
    quote = store.sales.create(DocKind.QUOTE, "C", prices_incl_vat=True, invoice_disc_pct=D("5"))
    store.sales.add_line(quote, "LAMP-100", D("1"))
    quote = store.sales.get(DocKind.QUOTE, quote.no)
    (text,) = pages_text(store.reports.pdf(quote, created=FIXED))
    assert "Unit Price Incl. VAT" in text and "Amount Incl. VAT" in text
    # the totals box adds up: subtotal incl. VAT less the discount incl. VAT is the total incl. VAT
    subtotal = sum((ln.line_amount for ln in quote.lines), D(0))
    assert subtotal - quote.inv_discount_amount == quote.amount_incl_vat
    assert f"Subtotal Incl. VAT €{subtotal}" in text
    assert f"Invoice Discount Incl. VAT -€{quote.inv_discount_amount}" in text


def test_the_same_report_gives_the_same_bytes_and_metadata(store):
    report = report_of(store, "invoice", "F", 3)
    pdf = render_pdf(report, created=FIXED)
    assert render_pdf(report, created=FIXED) == pdf
    assert render_pdf(report, created=FIXED + dt.timedelta(seconds=1)) != pdf
    reader = PdfReader(io.BytesIO(pdf))
    info = reader.trailer["/Info"]
    assert info["/CreationDate"] == "D:20261124093015"
    assert reader.metadata.creation_date == FIXED
    assert reader.metadata.title == "Facture PSI-00001"
    assert reader.metadata.author == "Atelier Lumière SAS"
    assert ACCENTED_NAME in reader.metadata.subject
    assert reader.trailer["/Root"]["/Lang"] == "fr-FR"


def test_every_font_is_embedded_truetype(store):
    pdf = render_pdf(report_of(store, "invoice", "F", 120), created=FIXED)
    reader = PdfReader(io.BytesIO(pdf))
    seen = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            base = str(font["/BaseFont"]).lstrip("/").split("+")[-1]
            assert base not in BASE14
            assert "/FontFile2" in font["/FontDescriptor"]
            seen.add(base)
    assert {"BitstreamVeraSans-Roman", "BitstreamVeraSans-Bold"} <= seen  # Vera's own names
    assert b"Helvetica" not in pdf and b"Times-Roman" not in pdf


def tiny_png(width=8, height=4) -> bytes:
    """A small red RGB PNG, built by hand."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\xcc\x22\x22" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def images_on(pdf: bytes, page: int) -> list:
    resources = PdfReader(io.BytesIO(pdf)).pages[page]["/Resources"]
    xobjects = resources.get("/XObject", {})
    return [x for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image"]


@pytest.mark.parametrize("logo, drawn", [("missing.png", False), ("broken.png", False), ("notes.txt", False),
                                         ("logo.png", True)])
def test_the_logo_is_drawn_when_it_is_an_image_and_ignored_otherwise(store, tmp_path, logo, drawn):
    (tmp_path / "broken.png").write_bytes(tiny_png()[:30])
    (tmp_path / "notes.txt").write_text("not an image")
    (tmp_path / "logo.png").write_bytes(tiny_png())
    store.setup.update_company(logo_path=str(tmp_path / logo))
    report = report_of(store, "quote", "F", 3)
    pdf = render_pdf(report, created=FIXED)
    assert bool(images_on(pdf, 0)) is drawn
    assert_prints(report, pdf)


def test_a_120_line_invoice_renders_in_well_under_a_second(store):
    report = report_of(store, "invoice", "F", 120)
    render_pdf(report, created=FIXED)  # fonts registered, modules warm
    start = time.perf_counter()
    pdf = render_pdf(report, created=FIXED)
    assert time.perf_counter() - start < 1.0
    assert len(pages_text(pdf)) >= 3
