"""Documents-out figures (issue 7). Prints them; never part of the test run.

    python benchmarks/bench_documents_out.py [--runs 5]

On a fresh company (two VAT rates, a French customer, legal mentions and IBAN set):

1. ``desk.reports.pdf`` of a posted invoice of 3, 120 and 500 lines (layout, Factur-X XML
   checked against the XSD, embedded: what Print and Send produce), next to the layout alone
   (``pdf_layout.render_pdf``) and the XML alone, and the page count.
2. An order confirmation of 120 lines (no Factur-X), and a picking list.
3. ``desk.mail.send`` of the 120-line invoice to an aiosmtpd server on loopback (compose,
   outbox row, SMTP, sent row), per message.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

from _timing import timed  # benchmarks/ is on sys.path when a script runs

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CREATED = dt.datetime(2026, 11, 24, 12, 0, 0)


def shop(path: Path):
    from salesdesk.model import Desk, DocKind

    desk = Desk.open(path, clock=lambda: dt.date(2026, 11, 24))
    desk.setup.set_vat("STD", Decimal("20"))
    desk.setup.set_vat("RED", Decimal("5.5"))
    desk.setup.add_payment_terms("30D", due_days=30, discount_days=8, discount_pct=Decimal("2"))
    desk.setup.update_company(name="Jardins Lefèvre", address="12 rue des Écoles", post_code="21000",
                              city="Dijon", country="France", vat_reg_no="FR32123456789",
                              registration_no="123456789", legal_form="SAS au capital de 50 000 €",
                              legal_mentions="Pénalités de retard : trois fois le taux d'intérêt légal. "
                                             "Indemnité forfaitaire pour frais de recouvrement : 40 €.",
                              iban="FR7630006000011234567890189", bic="AGRIFRPP", email="shop@example.com")
    desk.customers.create("Société Générale des Œuvres", no="C", payment_terms="30D", language="fr",
                          address="3 place Bellecour", post_code="69002", city="Lyon", email="buyer@example.com")
    desk.items.create("Lampe d'atelier émaillée à bras articulé", no="A", unit_price=Decimal("129.90"),
                      vat_prod_group="STD", type="service")
    desk.items.create("Livre « Œuvres complètes »", no="B", unit_price=Decimal("24.50"), vat_prod_group="RED",
                      type="service")

    def invoice(lines: int) -> str:
        doc = desk.sales.create(DocKind.INVOICE, "C", invoice_disc_pct=Decimal("5"))
        for n in range(lines):
            desk.sales.add_line(doc, "AB"[n % 2], Decimal(n % 7 + 1))
        return desk.sales.post(doc).invoice_no

    return desk, invoice


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from pypdf import PdfReader

    from salesdesk.model import DocKind
    from salesdesk.model.output.facturx_xml import facturx_xml
    from salesdesk.model.output.pdf_layout import render_pdf

    with tempfile.TemporaryDirectory() as tmp:
        desk, invoice = shop(Path(tmp) / "shop.db")
        print(f"{'figure':<58} {'median':>10}  pages   size")
        for lines in (3, 120, 500):
            no = invoice(lines)
            doc = desk.posted.invoice(no)
            report = desk.reports.report(doc)
            total, pdf = timed(lambda d=doc: desk.reports.pdf(d, created=CREATED), args.runs)
            layout, _ = timed(lambda r=report: render_pdf(r, created=CREATED), args.runs)
            xml, _ = timed(lambda r=report: facturx_xml(r), args.runs)
            gather, _ = timed(lambda d=doc: desk.reports.report(d), args.runs)
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
            print(f"{f'posted invoice, {lines} lines: desk.reports.pdf (Factur-X)':<58} {total * 1000:>8.0f} ms"
                  f"  {pages:>5}  {len(pdf) // 1024:>4} KB")
            print(f"{'   of which: read the document (report_data)':<58} {gather * 1000:>8.0f} ms")
            print(f"{'   of which: layout (pdf_layout.render_pdf)':<58} {layout * 1000:>8.0f} ms")
            print(f"{'   of which: CII XML built and XSD-checked':<58} {xml * 1000:>8.0f} ms")
        order = desk.sales.create(DocKind.ORDER, "C")
        for n in range(120):
            desk.sales.add_line(order, "AB"[n % 2], Decimal(1))
        seconds, pdf = timed(lambda: desk.reports.pdf(order, created=CREATED), args.runs)
        print(f"{'order confirmation, 120 lines':<58} {seconds * 1000:>8.0f} ms"
              f"  {len(PdfReader(io.BytesIO(pdf)).pages):>5}  {len(pdf) // 1024:>4} KB")

        from tests.mail_support import start_server

        controller, server = start_server()
        try:
            desk.setup.update_company(smtp_host="127.0.0.1", smtp_port=server.port, smtp_security="none")
            no = invoice(120)
            doc = desk.posted.invoice(no)
            seconds, _ = timed(lambda: desk.mail.send(doc), args.runs)
            print(f"{'e-mail a 120-line invoice to a loopback SMTP server':<58} {seconds * 1000:>8.0f} ms"
                  f"  ({len(server.messages)} received)")
        finally:
            controller.stop()
        desk.close()


if __name__ == "__main__":
    main()
