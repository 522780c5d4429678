"""Sales documents as the PDF a French business sends: quote, order confirmation, pro forma,
picking list, delivery note, invoice, credit memo, return documents.

``render_pdf(report, created=...)`` lays out a ``report_data.ReportDoc`` on A4: the company
header with its logo, the customer's address where an envelope window shows it, the document's
references, the lines (header row repeated on every page), the VAT breakdown and totals exactly as
the ReportDoc has them, payment information, legal mentions, and a footer with the company's legal
identity and "Page x of y" on every page. The same report and ``created`` give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from functools import partial

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepInFrame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ..core.money import ZERO
from .pdf_styles import (
    ACCENT,
    ACCENT_LIGHT,
    FONT,
    FONT_BOLD,
    FOOTER_TOP,
    GREY,
    INK,
    MARGIN,
    RULE,
    WHITE,
    ZEBRA,
    Formats,
    NumberedCanvas,
    Styles,
    register_fonts,
    text,
)

PAGE_W, PAGE_H = A4
WIDTH = PAGE_W - 2 * MARGIN
HEADER_H = 31 * mm  # company and title; the addresses start below it, where an envelope window is
ADDRESS_W = 85 * mm
RUNNING_H = 10 * mm  # the small header of the pages after the first
_NUMERIC = ("quantity", "qty_to_ship", "quantity_shipped", "unit_price", "unit_price_incl_vat", "discount_pct",
            "vat_pct", "line_amount", "line_amount_incl_vat", "direct_unit_cost")
DELIVERY = ("picking_list", "shipment")  # documents that travel with the goods
INVOICES = ("invoice", "pro_forma", "prepayment_invoice")  # documents with a due date
# documents that ask for payment: payment terms, bank details, payment link, legal mentions
PAYABLE = ("quote", "order_confirmation", "pro_forma", "blanket_order", "invoice", "prepayment_invoice")
S = Styles


def render_pdf(report, *, created: dt.datetime) -> bytes:
    """The PDF of ``report`` (a ``ReportDoc``), stamped with ``created`` as its creation date."""
    register_fonts()
    layout = _Layout(report)
    out = io.BytesIO()
    title = f"{report.title} {report.no}"
    doc = BaseDocTemplate(
        out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=FOOTER_TOP,
        title=title, author=report.company.party.name, subject=f"{title} - {report.bill_to.name}",
        creator="salesdesk", producer="salesdesk (reportlab)", keywords=[report.report, report.no],
        lang=report.labels.locale.replace("_", "-"), invariant=1, initialFontName=FONT, initialFontSize=9)
    first = Frame(MARGIN, FOOTER_TOP, WIDTH, PAGE_H - MARGIN - FOOTER_TOP, id="first", leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0)
    later = Frame(MARGIN, FOOTER_TOP, WIDTH, PAGE_H - MARGIN - RUNNING_H - FOOTER_TOP, id="later", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([
        PageTemplate("first", [first], onPage=layout.footer, autoNextPageTemplate="later"),
        PageTemplate("later", [later], onPage=layout.later_page)])
    page_text = partial(report.labels.format, "page")
    doc.build(layout.story(), canvasmaker=partial(NumberedCanvas, page_text=page_text, created=created))
    return out.getvalue()


class TickBox(Flowable):
    """An empty square to tick by hand (the picking list's Picked column)."""

    def __init__(self, size: float = 3.2 * mm):
        super().__init__()
        self.width = self.height = size

    def draw(self):
        self.canv.setStrokeColor(INK)
        self.canv.setLineWidth(0.6)
        self.canv.rect(0, 0, self.width, self.height)


def _logo(path: str, max_w: float, max_h: float):
    """The company's logo as an Image flowable, or None: a missing, unreadable or non-PNG/JPEG
    file is left out, never an error."""
    if not path:
        return None
    try:
        with open(path, "rb") as f:
            data = f.read()
        if not data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):  # PNG or JPEG
            return None
        reader = ImageReader(io.BytesIO(data))
        width, height = reader.getSize()
        reader.getRGBData()  # decodes the whole image now, so a broken file cannot fail the drawing
        scale = min(max_w / width, max_h / height)
        return Image(io.BytesIO(data), width * scale, height * scale, hAlign="LEFT")
    except Exception:  # noqa: BLE001 - a logo never stops a document
        return None


class _Layout:
    def __init__(self, report):
        self.r = report
        self.l = report.labels
        self.f = Formats(report.labels.locale, report.currency)
        self.sep = "\u00a0: " if report.language == "fr" else ": "

    def story(self) -> list:
        story = [self.header(), Spacer(1, 4 * mm), self.parties(), Spacer(1, 6 * mm), self.lines_table()]
        if self.r.priced:
            story += [Spacer(1, 5 * mm), self.totals()]
        story += self.closing()
        return story

    # -- page furniture ---------------------------------------------------------------------

    def footer(self, canv, doc):
        """Every page: a thin rule and the company's legal identity (the canvas adds the page number)."""
        company = self.r.company
        parts = [company.party.name, company.legal_form]
        if company.registration_no:
            parts.append(f"{self.l['registration_no']} {company.registration_no}")
        if company.party.vat_reg_no:
            parts.append(f"{self.l['vat_reg_no']} {company.party.vat_reg_no}")
        canv.saveState()
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN, FOOTER_TOP - 3 * mm, PAGE_W - MARGIN, FOOTER_TOP - 3 * mm)
        para = Paragraph(" · ".join(text(p) for p in parts if p), S.footer)
        width = WIDTH - 2 * 26 * mm
        _w, h = para.wrap(width, 20 * mm)
        para.drawOn(canv, MARGIN + 26 * mm, FOOTER_TOP - 4.5 * mm - h)
        canv.restoreState()

    def later_page(self, canv, doc):
        """Pages after the first: the company and the document, above a thin rule."""
        self.footer(canv, doc)
        top = PAGE_H - MARGIN
        left = Paragraph(text(self.r.company.party.name), S.running)
        right = Paragraph(text(f"{self.r.title} {self.l['no']} {self.r.no}"), S.running_right)
        for para, x in ((left, MARGIN), (right, MARGIN + WIDTH / 2)):
            _w, h = para.wrap(WIDTH / 2, RUNNING_H)
            para.drawOn(canv, x, top - h)
        canv.saveState()
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN, top - RUNNING_H + 3 * mm, PAGE_W - MARGIN, top - RUNNING_H + 3 * mm)
        canv.restoreState()

    # -- first page head --------------------------------------------------------------------

    def header(self):
        company = self.r.company
        party = company.party
        city = " ".join(p for p in (party.post_code, party.city) if p)
        lines = [", ".join(p for p in (party.address, party.address2) if p), " - ".join(p for p in (city, party.country)
                                                                                      if p)]
        lines += [f"{self.l[k]} {v}" if v else "" for k, v in (("phone", party.phone), ("email", party.email))]
        lines.append(company.website)
        left = [Paragraph(text(party.name), S.company),
                Paragraph("<br/>".join(text(x) for x in lines if x), S.company_small)]
        logo = _logo(company.logo_path, 38 * mm, HEADER_H - 4 * mm)
        if logo is not None:
            inner = Table([[logo, left]], colWidths=[logo.drawWidth + 4 * mm, None],
                          style=[("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                 ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                                 ("FONT", (0, 0), (-1, -1), FONT, 8)])
            left = [inner]
        left_w, right_w = WIDTH * 0.6, WIDTH * 0.4
        size = S.title.fontSize  # a long title gets smaller before it wraps
        while size > 13 and stringWidth(self.r.title, FONT_BOLD, size) > right_w - 4 * mm:
            size -= 1
        title_style = ParagraphStyle("title_fit", parent=S.title, fontSize=size, leading=size * 1.2)
        right = [Paragraph(text(self.r.title), title_style),
                 Paragraph(text(f"{self.l['no']} {self.r.no}"), S.number)]
        table = Table([[KeepInFrame(left_w - 2 * mm, HEADER_H, left, mode="shrink"),
                        KeepInFrame(right_w, HEADER_H, right, mode="shrink")]],
                      colWidths=[left_w, right_w], rowHeights=[HEADER_H])
        table.setStyle(_plain([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LINEBELOW", (0, 0), (-1, 0), 1.2, ACCENT)]))
        return table

    def info_rows(self) -> list[tuple[str, str]]:
        r, f = self.r, self.f
        if r.report.startswith("purchase_"):
            return self.purchase_info_rows()
        rows = [("document_date", f.date(r.document_date))]
        if r.report in ("shipment", "return_receipt") and r.posting_date and r.posting_date != r.document_date:
            rows.append(("shipment_date" if r.report == "shipment" else "posting_date", f.date(r.posting_date)))
        if r.report in ("invoice", "credit_memo") and r.delivery_date and r.delivery_date != r.document_date:
            rows.append(("delivery_date", f.date(r.delivery_date)))
        rows += [("customer_no", r.customer_no), ("vat_reg_no", r.bill_to.vat_reg_no),
                 ("due_date", f.date(r.due_date) if r.report in INVOICES else ""),
                 ("your_reference", r.your_reference), ("external_document_no", r.external_document_no),
                 ("order_no", r.order_no if r.order_no != r.no else ""), ("quote_no", r.quote_no),
                 ("valid_until", f.date(r.valid_until)), ("requested_delivery", f.date(r.requested_delivery_date)),
                 ("promised_delivery", f.date(r.promised_delivery_date)), ("shipment_method", r.shipment_method),
                 ("applies_to", r.applies_to_doc_no), ("cancels", r.corrects), ("cancelled_by", r.cancelled_by)]
        return [(self.l[key], value) for key, value in rows if value]

    def purchase_info_rows(self) -> list[tuple[str, str]]:
        """A purchase order's references: when we ordered, our account with the vendor, when we
        expect the goods, the vendor's own order number and the terms we buy on."""
        r, f = self.r, self.f
        rows = [("document_date", f.date(r.document_date)),
                ("order_date", f.date(r.order_date) if r.order_date != r.document_date else ""),
                ("posting_date", f.date(r.posting_date) if r.posting_date != r.document_date else ""),
                ("vendor_no", r.vendor_no), ("vat_reg_no", r.bill_to.vat_reg_no),
                ("expected_receipt", f.date(r.expected_receipt_date)), ("order_no", r.order_no),
                ("vendor_order_no", r.vendor_order_no), ("vendor_invoice_no", r.vendor_invoice_no),
                ("due_date", f.date(r.due_date)), ("payment_terms", r.payment_terms)]
        return [(self.l[key], value) for key, value in rows if value]

    def parties(self):
        rows = [[Paragraph(text(k), S.info_label), Paragraph(text(v), S.info_value)] for k, v in self.info_rows()]
        info = Table(rows, colWidths=[42 * mm, WIDTH - ADDRESS_W - 48 * mm], hAlign="LEFT")
        info.setStyle(_plain([("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2), ("TOPPADDING", (0, 0), (-1, -1), 1.2),
                              ("LINEBELOW", (0, 0), (-1, -1), 0.25, ZEBRA), ("RIGHTPADDING", (0, 0), (0, -1), 2 * mm)]))
        # the envelope window shows who the document is for: the goods' ship-to on the warehouse's
        # documents, the bill-to on the others; the other address goes under the references
        window, other = ("bill_to", self.r.bill_to), ("ship_to", self.r.ship_to)
        if self.r.report in DELIVERY and self.r.ship_to is not None:
            window, other = other, window
        left = [info]
        if other[1] is not None:
            left += [Spacer(1, 4 * mm), *self.address(self.l[other[0]], other[1], small=True)]
        if self.r.report.startswith("purchase_"):  # the vendor reads it; the goods come to the ship-to
            window = ("vendor", window[1])
        right = self.address(self.l[window[0]], window[1])
        table = Table([[left, right]], colWidths=[WIDTH - ADDRESS_W, ADDRESS_W])
        table.setStyle(_plain([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (1, 0), (1, 0), 4 * mm)]))
        return table

    def address(self, caption: str, party, *, small: bool = False) -> list:
        name, *rest = party.address_lines() or ("",)
        style = S.info_value if small else S.address
        return [Paragraph(text(caption.upper()), S.caption),
                Paragraph(text(name), S.small_head if small else S.address_name),
                Paragraph("<br/>".join(text(x) for x in rest), style)]

    # -- lines ------------------------------------------------------------------------------

    def columns(self) -> list[tuple[str, float, bool]]:
        """(label, width, right-aligned) of each column; the description takes what is left."""
        r = self.r
        if r.report == "picking_list":
            cols = [("location", 20), ("item_no", 24), ("description", 0), ("qty_to_ship", 22), ("unit", 14),
                    ("picked", 16)]
        elif not r.priced:
            cols = [("item_no", 26), ("description", 0), ("quantity_shipped" if r.report == "shipment" else "quantity",
                                                           26), ("unit", 16)]
        else:
            incl = r.prices_incl_vat
            price = "direct_unit_cost" if r.report.startswith("purchase_") else "unit_price"
            cols = [("item_no", 20), ("description", 0), ("quantity", 17), ("unit", 12),
                    ("unit_price_incl_vat" if incl else price, 21), ("discount_pct", 13), ("vat_pct", 12),
                    ("line_amount_incl_vat" if incl else "line_amount", 23)]
        fixed = sum(w for _k, w in cols) * mm
        return [(self.l[key], w * mm if w else WIDTH - fixed, key in _NUMERIC) for key, w in cols]

    def lines_table(self):
        cols = self.columns()
        desc_col = [c[0] for c in cols].index(self.l["description"])
        head = [Paragraph(text(label), S.head_right if right else S.head) for label, _w, right in cols]
        rows, style = [head], []
        for line in self.r.lines:
            n = len(rows)
            if line.is_comment:
                row = [""] * len(cols)
                row[desc_col] = Paragraph(text(line.description), S.comment)
                style.append(("SPAN", (desc_col, n), (-1, n)))
            else:
                row = self.line_cells(line, cols, desc_col)
                style += _shrink(row, cols, n)
            rows.append(row)
        widths = [w for _l, w, _r in cols]
        table = Table(rows, colWidths=widths, repeatRows=1)
        style += [("BACKGROUND", (0, 0), (-1, 0), ACCENT), ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                  ("VALIGN", (0, 1), (-1, -1), "TOP"), ("TEXTCOLOR", (0, 1), (-1, -1), INK),
                  ("ROWBACKGROUNDS", (0, 1), (-1, -1), [WHITE, ZEBRA]),
                  ("LINEBELOW", (0, -1), (-1, -1), 0.8, ACCENT), ("TOPPADDING", (0, 0), (-1, -1), 2.2),
                  ("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), 0.8, ACCENT),  # closes each page's part
                  ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2), ("LEFTPADDING", (0, 0), (-1, -1), 3),
                  ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
        style += [("ALIGN", (i, 1), (i, -1), "RIGHT") for i, (_l, _w, right) in enumerate(cols) if right]
        unit = [c[0] for c in cols].index(self.l["unit"])  # a gap between a quantity and its unit
        style.append(("LEFTPADDING", (unit, 0), (unit, -1), 6))
        if self.r.report == "picking_list":
            style.append(("ALIGN", (-1, 1), (-1, -1), "CENTER"))
        table.setStyle(_plain(style, size=8))
        return table

    def line_cells(self, line, cols, desc_col) -> list:
        f = self.f
        # an invoice's prepayment lines take back what was prepaid (the prepayment invoice's own
        # lines are plain lines)
        deduction = line.type == "prepayment" and self.r.report != "prepayment_invoice"
        desc = Paragraph(text(line.description), S.deduction if deduction else S.cell)
        no = _fit(line.no, cols[desc_col - 1][1])
        if self.r.report == "picking_list":
            return [line.location, no, desc, f.quantity(line.quantity), line.uom, TickBox()]
        if not self.r.priced:
            return [no, desc, f.quantity(line.quantity), line.uom]
        discount = f.pct(line.line_discount_pct) if line.line_discount_pct else ""
        if deduction:
            return [no, desc, "", "", "", "", f.pct(line.vat_pct), f.amount(line.line_amount)]
        return [no, desc, f.quantity(line.quantity), line.uom, f.price(line.unit_price), discount,
                f.pct(line.vat_pct), f.amount(line.line_amount)]

    # -- totals -----------------------------------------------------------------------------

    def totals(self):
        r, l, f = self.r, self.l, self.f
        vat_rows = [[l["vat_pct"], l["vat_base"], l["vat_amount"]]]
        vat_rows += [[f.pct(v.vat_pct), f.amount(v.base), f.amount(v.vat_amount)] for v in r.vat_lines]
        vat = Table(vat_rows, colWidths=[20 * mm, 30 * mm, 30 * mm], hAlign="LEFT")
        vat.setStyle(_plain([("FONT", (0, 0), (-1, 0), FONT_BOLD, 7.5), ("TEXTCOLOR", (0, 0), (-1, 0), GREY),
                             ("ALIGN", (0, 0), (-1, -1), "RIGHT"), ("LINEBELOW", (0, 0), (-1, 0), 0.5, RULE),
                             ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE)], size=8))
        vat_block = [Paragraph(text(l["vat_breakdown"]), S.small_head), vat]

        rows = []
        if r.report != "prepayment_invoice":  # its lines are all prepayment: no subtotal of goods
            # prices including VAT: the lines, their subtotal and the invoice discount are all incl. VAT
            incl = "_incl_vat" if r.prices_incl_vat else ""
            rows.append((l["subtotal" + incl], f.money(r.subtotal)))
            if r.inv_discount_amount:
                rows.append((l["invoice_discount" + incl], f.money(-r.inv_discount_amount)))
            prepaid = sum((ln.line_amount or ZERO for ln in r.lines if ln.type == "prepayment"), ZERO)
            if prepaid:
                rows.append((l["prepaid"], f.money(prepaid)))
        rows += [(l["total_excl_vat"], f.money(r.amount)), (l["vat_amount"], f.money(r.vat_amount)),
                 (l["total_incl_vat"], f.money(r.amount_incl_vat))]
        box = Table([list(row) for row in rows], colWidths=[44 * mm, 34 * mm], hAlign="RIGHT")
        box.setStyle(_plain([("ALIGN", (1, 0), (1, -1), "RIGHT"), ("FONT", (0, -1), (-1, -1), FONT_BOLD, 9.5),
                             ("BACKGROUND", (0, -1), (-1, -1), ACCENT_LIGHT), ("TEXTCOLOR", (0, -1), (-1, -1), ACCENT),
                             ("LINEABOVE", (0, -1), (-1, -1), 1, ACCENT), ("TOPPADDING", (0, -1), (-1, -1), 4),
                             ("BOTTOMPADDING", (0, -1), (-1, -1), 4), ("LEFTPADDING", (0, 0), (-1, -1), 4),
                             ("RIGHTPADDING", (0, 0), (-1, -1), 4)], size=8.5))
        table = Table([[vat_block, "", box]], colWidths=[86 * mm, WIDTH - 86 * mm - 78 * mm, 78 * mm])
        table.setStyle(_plain([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return table

    # -- below the totals -------------------------------------------------------------------

    def closing(self) -> list:
        """Payment information and legal mentions (kept together), or the warehouse's signature box."""
        r, l = self.r, self.l
        if r.report == "shipment":
            return [self.signature_box(l["signature"])]
        if r.report == "picking_list":
            return [self.signature_box(l["picked_by"])]
        if r.report not in PAYABLE:
            return []
        block = []
        # a cancelled invoice asks for no payment: no terms, bank details or payment link
        lines = [] if r.cancelled_by else self.payment_lines()
        if r.cancelled_by:
            block += [Spacer(1, 6 * mm), Paragraph(text(l.format("cancelled_note", no=r.cancelled_by)), S.heading)]
        if lines:
            block += [Spacer(1, 6 * mm), Paragraph(text(l["payment_info"]), S.heading),
                      *(Paragraph(line, S.body) for line in lines)]
        if r.company.legal_mentions:
            block += [Spacer(1, 5 * mm), Paragraph(text(r.company.legal_mentions), S.legal)]
        return [KeepTogether(block)] if block else []

    def payment_lines(self) -> list[str]:
        """Terms and due date, payment discount, bank details, payment link (paragraph markup)."""
        r, l, f = self.r, self.l, self.f
        lines = []
        due = r.due_date if r.report in INVOICES else None
        parts = [self.pair(l["payment_terms"], r.payment_terms) if r.payment_terms else "",
                 self.pair(l["due_date"], f.date(due)) if due else ""]
        if any(parts):
            lines.append(" — ".join(p for p in parts if p))
        if r.payment_discount_pct and r.payment_discount_date and r.report in INVOICES:
            lines.append(text(l.format("payment_discount", pct=f.pct(r.payment_discount_pct),
                                       date=f.date(r.payment_discount_date))))
        bank = [self.pair(l[k], v) for k, v in (("iban", r.company.iban), ("bic", r.company.bic)) if v]
        if bank:
            lines.append("&nbsp;&nbsp;&nbsp;".join(bank))
        link = r.payment_link()
        if link:
            lines.append(f'{text(l["pay_online"])}{self.sep}<link href="{text(link)}" color="#1F4E79">'
                         f"<u>{text(link)}</u></link>")
        return lines

    def pair(self, label: str, value: str) -> str:
        return f"<font name='{FONT_BOLD}'>{text(label)}</font>{self.sep}{text(value)}"

    def signature_box(self, caption: str):
        box = Table([[Paragraph(text(caption), S.caption)]], colWidths=[90 * mm], rowHeights=[28 * mm],
                    hAlign="RIGHT")
        box.setStyle(_plain([("BOX", (0, 0), (-1, -1), 0.6, INK), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                             ("LEFTPADDING", (0, 0), (-1, -1), 3), ("TOPPADDING", (0, 0), (-1, -1), 3)]))
        return KeepTogether([Spacer(1, 10 * mm), box])


def _plain(commands: list, *, size: float = 8) -> TableStyle:
    """A table style on the embedded font with no padding unless asked."""
    base = [("FONT", (0, 0), (-1, -1), FONT, size), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]
    return TableStyle(base + list(commands))


def _shrink(row: list, cols, n: int) -> list:
    """Smaller type for the plain-text cells of row ``n`` too wide for their column (a huge amount
    must not run into its neighbour)."""
    out = []
    for c, (cell, (_label, width, _right)) in enumerate(zip(row, cols)):
        if isinstance(cell, str) and cell:
            needed = stringWidth(cell, FONT, 8)
            if needed > width - 6:
                out.append(("FONTSIZE", (c, n), (c, n), max(4.5, 8 * (width - 6) / needed)))
    return out


def _fit(value: str, width: float):
    """A short code as plain text; a code too wide for its column as a wrapping paragraph."""
    if stringWidth(value, FONT, 8) <= width - 6:
        return value
    return Paragraph(text(value), S.cell)
