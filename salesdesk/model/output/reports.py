"""``desk.reports``: documents as the warehouse and the customer read them.

Every document prints as a PDF (``pdf``): quote, order confirmation, picking list, delivery
note, invoice, credit memo. What a report says is gathered once (``report_data``); the layout
(``pdf_layout``) and the Factur-X e-invoice embedded in posted invoices and credit memos
(``facturx_xml``) are drawn from it. Print writes the PDF and counts it (``printing``). The
picking list also has a plain-text rendering, for a terminal printer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ...i18n import _
from ..core.errors import SalesDeskError
from ..core.money import plain
from ..sales.kinds import DocKind


@dataclass(frozen=True)
class PickLine:
    location: str
    item_no: str
    description: str
    quantity: Decimal
    uom: str
    line_no: int


@dataclass(frozen=True)
class PickingList:
    order_no: str
    customer_no: str
    customer_name: str
    ship_to: tuple[str, ...]
    shipment_date: dt.date | None
    lines: tuple[PickLine, ...]


# posted reports that carry a Factur-X e-invoice
E_INVOICES = ("invoice", "credit_memo", "prepayment_invoice")


class ReportService:
    def __init__(self, desk):
        self._desk = desk

    # -- PDF and Factur-X -----------------------------------------------------------------

    def report(self, doc, report: str | None = None):
        """What ``doc``'s report prints (a ``report_data.ReportDoc``); ``report="picking_list"``
        for an order's picking list."""
        from .report_data import report_of

        return report_of(self._desk, doc, report)

    def pdf(self, doc, report: str | None = None, *, created: dt.datetime | None = None) -> bytes:
        """The document as a PDF. Posted invoices and credit memos are Factur-X (PDF/A-3 with
        their CII XML embedded). ``created`` fixes the PDF's creation date (deterministic output)."""
        return self.render(self.report(doc, report), created=created)

    def render(self, data, *, created: dt.datetime | None = None) -> bytes:
        """The PDF of a report already gathered (``report``)."""
        from .pdf_layout import render_pdf

        created = created or self._desk.now()
        pdf = render_pdf(data, created=created)
        if data.key.posted and data.report in E_INVOICES:
            from .facturx_xml import embed_facturx, facturx_xml

            pdf = embed_facturx(pdf, facturx_xml(data), data, created=created)
        return pdf

    def facturx_xml(self, posted_invoice_no: str, kind: str = "invoice") -> bytes:
        """The Factur-X (CII, profile EN 16931) XML of a posted invoice or credit memo."""
        from .facturx_xml import facturx_xml
        from .report_data import DocumentKey

        if kind not in ("invoice", "credit_memo"):
            raise SalesDeskError(_("Only posted invoices and credit memos are e-invoices."))
        return facturx_xml(self.report(DocumentKey(True, kind, posted_invoice_no)))

    def print(self, doc, report: str | None = None):
        """Write the PDF to the print folder, count it, open it when set up to; the file's path."""
        from .printing import print_document

        return print_document(self._desk, doc, report)

    def printed_count(self, doc) -> int:
        """How many times the document was printed or e-mailed (BC's No. Printed)."""
        from .printing import printed_count

        return printed_count(self._desk, doc)

    def picking_list(self, order) -> PickingList:
        """The order's item lines with a quantity to ship, by location and item number."""
        doc = self._desk.sales.get(getattr(order, "kind", DocKind.ORDER), order.no)
        if doc.kind is not DocKind.ORDER:
            raise SalesDeskError(_("A picking list is printed for an order."))
        lines = sorted(
            (PickLine(line.location or "MAIN", line.no, line.description, line.qty_to_ship, line.uom, line.line_no)
             for line in doc.lines if line.type == "item" and line.qty_to_ship > 0),
            key=lambda p: (p.location, p.item_no, p.line_no))
        ship_to = tuple(part for part in (doc.ship_to_name, doc.ship_to_address,
                                          " ".join(p for p in (doc.ship_to_post_code, doc.ship_to_city) if p),
                                          doc.ship_to_country) if part)
        return PickingList(doc.no, doc.customer_no, doc.customer_name, ship_to,
                           doc.requested_delivery_date or doc.posting_date, tuple(lines))

    def picking_list_text(self, order, width: int = 78) -> str:
        """The picking list as printable plain text (monospaced, ``width`` columns)."""
        pick = self.picking_list(order)
        company = self._desk.setup.company()
        out = [f"{company.name}", "", _("PICKING LIST - Order {no}").format(no=pick.order_no),
               _("Customer: {no} {name}").format(no=pick.customer_no, name=pick.customer_name)]
        out += [_("Ship-to: {part}").format(part=part) if i == 0 else f"         {part}"
                for i, part in enumerate(pick.ship_to)]
        if pick.shipment_date:
            out.append(_("Shipment date: {date}").format(date=pick.shipment_date.isoformat()))
        out.append("")
        desc_width = max(width - 10 - 12 - 12 - 8 - 4, 10)
        out.append(f"{_('Location'):<10}{_('Item No.'):<12}{_('Description'):<{desc_width}} "
                   f"{_('Quantity'):>12} {_('Unit'):<8}")
        out.append("-" * width)
        for line in pick.lines:
            out.append(f"{line.location:<10}{line.item_no:<12}{line.description[:desc_width]:<{desc_width}} "
                       f"{plain(line.quantity):>12} {line.uom:<8}")
        if not pick.lines:
            out.append(_("Nothing to pick: no line has a quantity to ship."))
        out.append("-" * width)
        out.append(_("Picked by: ____________________    Date: ____________"))
        return "\n".join(out) + "\n"
