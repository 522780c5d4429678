"""What a printed or e-mailed document says, gathered once for every way out of the desk.

``report_of(desk, doc, report=None)`` reads a document (unposted or posted) with its company,
customer, terms and VAT breakdown into one frozen ``ReportDoc``. The PDF layout, the Factur-X
XML and the e-mail body are all drawn from it, so they can never disagree on a number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ...i18n import _
from ..core.errors import SalesDeskError
from ..core.money import ZERO
from ..purchases.kinds import PurchaseKind
from ..sales.kinds import DocKind
from .report_labels import Labels

# which report a document prints by default, and its title key in report_labels
UNPOSTED_REPORTS = {
    DocKind.QUOTE: "quote",
    DocKind.ORDER: "order_confirmation",
    DocKind.INVOICE: "pro_forma",
    DocKind.CREDIT_MEMO: "draft_credit_memo",
    DocKind.RETURN_ORDER: "return_order",
    DocKind.BLANKET_ORDER: "blanket_order",
}
POSTED_REPORTS = {
    "shipment": "shipment",
    "invoice": "invoice",
    "credit_memo": "credit_memo",
    "return_receipt": "return_receipt",
}
POSTED_KINDS = tuple(POSTED_REPORTS)
# purchase documents print too; their keys' kinds are prefixed ("purchase_order"), so that a
# purchase order and a sales order with the same number are never taken for one another
PURCHASE_PREFIX = "purchase_"
PURCHASE_REPORTS = {PurchaseKind.ORDER: "purchase_order"}
POSTED_PURCHASE_REPORTS = {"receipt": "purchase_receipt", "invoice": "purchase_invoice"}
# reports whose lines carry prices and which have totals
PRICED = ("quote", "order_confirmation", "pro_forma", "draft_credit_memo", "return_order", "blanket_order",
          "invoice", "credit_memo", "prepayment_invoice", "purchase_order", "purchase_invoice")


@dataclass(frozen=True)
class DocumentKey:
    """Which document: posted or not, its kind and number (unposted kinds are DocKind values,
    posted kinds are shipment, invoice, credit_memo, return_receipt; unposted purchase documents
    are "purchase_" and their PurchaseKind: "purchase_order"; posted purchase documents
    "purchase_" and their posted kind: "purchase_receipt", "purchase_invoice")."""

    posted: bool
    kind: str
    no: str

    @property
    def purchase(self) -> bool:
        return self.kind.startswith(PURCHASE_PREFIX)

    @property
    def purchase_kind(self) -> PurchaseKind:
        return PurchaseKind(self.kind.removeprefix(PURCHASE_PREFIX))

    def describe(self) -> str:
        from ..history.posted import POSTED_LABELS
        from ..sales.doc_rules import KIND_LABELS

        if self.purchase and not self.posted:
            from ..purchases.kinds import describe

            return describe(self.purchase_kind, self.no)
        if self.purchase:
            from ..history.purchase_documents import PURCHASE_POSTED_LABELS

            return f"{PURCHASE_POSTED_LABELS[self.kind.removeprefix(PURCHASE_PREFIX)]} {self.no}"
        label = POSTED_LABELS[self.kind] if self.posted else KIND_LABELS[DocKind(self.kind)]
        return f"{label} {self.no}"


def key_of(doc) -> DocumentKey:
    """The key of anything with ``.kind`` and ``.no``: a DocKind kind is an unposted document;
    shipment and return_receipt are posted; a plain "invoice" / "credit_memo" is posted when the
    object says so (a posted snapshot, or ``posted=True``)."""
    purchase = _purchase_key(doc)
    if purchase is not None:
        return purchase
    kind, no = doc.kind, doc.no
    posted = getattr(doc, "posted", None)
    if posted is None:
        from ..core.snapshots import PostedDocument

        posted = isinstance(doc, PostedDocument) or (not isinstance(kind, DocKind) and kind in ("shipment",
                                                                                                 "return_receipt"))
    if posted:
        if str(kind) not in POSTED_KINDS:
            raise SalesDeskError(_("'{kind}' is not a kind of posted document.").format(kind=kind))
        return DocumentKey(True, str(kind), no)
    try:
        return DocumentKey(False, DocKind(kind).value, no)
    except ValueError:
        raise SalesDeskError(_("'{kind}' is not a kind of sales document.").format(kind=kind)) from None


def _purchase_key(doc) -> DocumentKey | None:
    """The key of a purchase document (an unposted snapshot or PurchaseRef, a posted snapshot, or
    a key whose kind is "purchase_..."); None for a sales document."""
    from ..history.purchase_documents import PostedPurchaseDocument

    kind = doc.kind
    if isinstance(kind, PurchaseKind):
        return DocumentKey(False, PURCHASE_PREFIX + kind.value, doc.no)
    if isinstance(doc, PostedPurchaseDocument):
        posted = True
    elif str(kind).startswith(PURCHASE_PREFIX):
        posted, kind = bool(getattr(doc, "posted", False)), str(kind).removeprefix(PURCHASE_PREFIX)
    else:
        return None
    if posted:
        if kind not in POSTED_PURCHASE_REPORTS:
            raise SalesDeskError(_("'{kind}' is not a kind of posted purchase document that prints.").format(kind=kind))
        return DocumentKey(True, PURCHASE_PREFIX + kind, doc.no)
    try:
        return DocumentKey(False, PURCHASE_PREFIX + PurchaseKind(kind).value, doc.no)
    except ValueError:
        raise SalesDeskError(_("'{kind}' is not a kind of purchase document.").format(kind=kind)) from None


@dataclass(frozen=True)
class Party:
    name: str
    address: str = ""
    address2: str = ""
    post_code: str = ""
    city: str = ""
    country: str = ""
    vat_reg_no: str = ""
    email: str = ""
    phone: str = ""

    def address_lines(self) -> tuple[str, ...]:
        """Name and address as printed in an envelope window."""
        city = " ".join(p for p in (self.post_code, self.city) if p)
        return tuple(p for p in (self.name, self.address, self.address2, city, self.country) if p)


@dataclass(frozen=True)
class CompanyInfo:
    party: Party
    registration_no: str
    legal_form: str
    legal_mentions: str
    iban: str
    bic: str
    website: str
    logo_path: str
    payment_link: str
    currency: str


@dataclass(frozen=True)
class ReportLine:
    line_no: int
    type: str  # item, gl_account, comment, prepayment
    no: str
    description: str
    quantity: Decimal | None  # None on comment lines
    uom: str
    unit_price: Decimal | None
    line_discount_pct: Decimal
    line_amount: Decimal | None  # excl. VAT (incl. when the document's prices include VAT)
    vat_pct: Decimal | None
    amount: Decimal  # excl. VAT after invoice discount
    vat_amount: Decimal
    amount_incl_vat: Decimal
    location: str = ""

    @property
    def is_comment(self) -> bool:
        return self.type == "comment"


@dataclass(frozen=True)
class VatBreakdown:
    vat_pct: Decimal
    base: Decimal
    vat_amount: Decimal

    @property
    def amount_incl_vat(self) -> Decimal:
        return self.base + self.vat_amount


@dataclass(frozen=True)
class ReportDoc:
    key: DocumentKey
    report: str  # quote, order_confirmation, pro_forma, ..., picking_list, shipment, invoice, credit_memo
    labels: Labels
    title: str  # in the document's language
    company: CompanyInfo
    customer_no: str
    customer_email: str
    bill_to: Party
    ship_to: Party | None  # None when it is the bill-to address
    document_date: dt.date
    posting_date: dt.date | None
    due_date: dt.date | None
    order_no: str
    quote_no: str
    external_document_no: str
    your_reference: str
    valid_until: dt.date | None
    requested_delivery_date: dt.date | None
    promised_delivery_date: dt.date | None
    shipment_method: str  # its description
    payment_terms: str  # its description
    payment_discount_pct: Decimal
    payment_discount_date: dt.date | None
    applies_to_doc_no: str
    corrects: str  # the invoice a cancelling credit memo cancels
    cancelled_by: str  # the credit memo that cancelled this posted invoice ("" when it stands)
    prices_incl_vat: bool
    lines: tuple[ReportLine, ...]
    vat_lines: tuple[VatBreakdown, ...]
    subtotal: Decimal  # sum of line amounts before invoice discount
    inv_discount_amount: Decimal
    amount: Decimal  # total excl. VAT
    vat_amount: Decimal
    amount_incl_vat: Decimal
    currency: str
    delivery_date: dt.date | None = None  # posted invoices: the (last) shipment they bill; shipments: theirs
    # purchase orders: bill_to is the vendor (the addressee), customer_email its e-mail
    vendor_no: str = ""
    order_date: dt.date | None = None
    expected_receipt_date: dt.date | None = None
    vendor_order_no: str = ""
    vendor_invoice_no: str = ""  # posted purchase invoices

    @property
    def no(self) -> str:
        return self.key.no

    @property
    def priced(self) -> bool:
        """Whether the lines carry prices and the document has totals."""
        return self.report in PRICED

    @property
    def language(self) -> str:
        return self.labels.language

    def payment_link(self) -> str:
        """The company's payment link filled in for this document ("" when none is set up or
        the document asks for no payment)."""
        template = self.company.payment_link
        if not template or self.cancelled_by or self.report not in ("invoice", "prepayment_invoice", "pro_forma"):
            return ""
        try:
            return template.format(no=self.no, amount=f"{self.amount_incl_vat:.2f}", customer=self.customer_no)
        except (KeyError, IndexError, ValueError, AttributeError):  # set up before templates were checked
            return template

    def attachment_name(self) -> str:
        """The PDF's file name: title and number, safe for any file system."""
        stem = f"{self.title} {self.no}"
        return "".join(c if c.isalnum() or c in "-_." else "_" for c in stem).strip("_") + ".pdf"


# -- building ---------------------------------------------------------------------------------


def _company(row) -> CompanyInfo:
    party = Party(row.name, row.address, "", row.post_code, row.city, row.country, row.vat_reg_no, row.email,
                  row.phone)
    return CompanyInfo(party, row.registration_no, row.legal_form, row.legal_mentions, row.iban, row.bic,
                       row.website, row.logo_path, row.payment_link, row.currency or "EUR")


def _customer_party(customer) -> Party:
    return Party(customer.name, customer.address, customer.address2, customer.post_code, customer.city,
                 customer.country, customer.vat_reg_no, customer.email, customer.phone)


def _ship_to(doc, bill_to: Party) -> Party | None:
    ship = Party(doc.ship_to_name or bill_to.name, doc.ship_to_address, "", doc.ship_to_post_code, doc.ship_to_city,
                 doc.ship_to_country)
    if not (doc.ship_to_address or doc.ship_to_city):
        return None
    same = (ship.name, ship.address, ship.post_code, ship.city) == (bill_to.name, bill_to.address, bill_to.post_code,
                                                                   bill_to.city)
    return None if same else ship


# prepayment lines are described when posted, in the clerk's language: (how, label key)
_PREPAYMENT_WORDING = ((_("Prepayment deduction: {text}"), "prepayment_deduction"),
                       (_("Prepayment: {text}"), "prepayment_line"))


def _description(line, labels: Labels) -> str:
    """The line's description in the document's language (prepayment lines are reworded)."""
    if line.type == "prepayment":
        for wording, key in _PREPAYMENT_WORDING:
            prefix = wording.split("{text}")[0]
            if line.description.startswith(prefix):
                return labels.format(key, text=line.description[len(prefix):])
    return line.description


def _line(line, labels: Labels, *, quantity=None) -> ReportLine:
    comment = line.type == "comment"
    return ReportLine(
        line_no=line.line_no, type=line.type, no=line.no, description=_description(line, labels),
        quantity=None if comment else (line.quantity if quantity is None else quantity), uom=line.uom,
        unit_price=None if comment else line.unit_price, line_discount_pct=line.line_discount_pct,
        line_amount=None if comment else line.line_amount, vat_pct=None if comment else line.vat_pct,
        amount=line.amount, vat_amount=line.vat_amount, amount_incl_vat=line.amount_incl_vat,
        location=line.location or "")


def _vat_from_lines(lines) -> tuple[VatBreakdown, ...]:
    by_pct: dict[Decimal, list[Decimal]] = {}
    for line in lines:
        if line.type == "comment" or (not line.amount and not line.vat_amount):
            continue
        acc = by_pct.setdefault(line.vat_pct, [ZERO, ZERO])
        acc[0] += line.amount
        acc[1] += line.vat_amount
    return tuple(VatBreakdown(pct, base, vat) for pct, (base, vat) in sorted(by_pct.items()))


def _merge_vat(vat_lines) -> tuple[VatBreakdown, ...]:
    """One row per rate (two VAT product groups may share a rate)."""
    by_pct: dict[Decimal, list[Decimal]] = {}
    for v in vat_lines:
        acc = by_pct.setdefault(v.vat_pct, [ZERO, ZERO])
        acc[0] += v.base
        acc[1] += v.vat_amount
    return tuple(VatBreakdown(pct, base, vat) for pct, (base, vat) in sorted(by_pct.items()))


def report_of(desk, doc, report: str | None = None) -> ReportDoc:
    """Everything the document's report prints. ``report`` picks another report of the same
    document: "picking_list" for an order."""
    key = key_of(doc)
    if key.purchase:
        return _purchase_report(desk, key, report)
    if key.posted:
        source = desk.posted.get(key.kind, key.no)
    else:
        source = desk.sales.get(key.kind, key.no)
    default = POSTED_REPORTS[key.kind] if key.posted else UNPOSTED_REPORTS[DocKind(key.kind)]
    report = report or default
    if report == "picking_list" and (key.posted or key.kind != DocKind.ORDER):
        raise SalesDeskError(_("A picking list is printed for an order."))
    if report not in (default, "picking_list"):
        raise SalesDeskError(_("{what} does not print as {report}.").format(what=key.describe(), report=report))
    if key.posted and key.kind == "invoice" and getattr(source, "prepayment", False):
        report = "prepayment_invoice"
    return _build(desk, key, source, report)


def _delivery_date(s, key: DocumentKey, doc) -> dt.date | None:
    """When the goods went (came back): a shipment's own date; for a posted invoice (credit
    memo), the last shipment (return receipt) it bills, else its own posting date."""
    if not key.posted:
        return None
    if key.kind in ("shipment", "return_receipt"):
        return doc.posting_date
    from sqlalchemy import func, select

    from ..tables import PostedHeader, ShipmentInvoicing

    shipment_kind = "shipment" if key.kind == "invoice" else "return_receipt"
    last = s.execute(select(func.max(PostedHeader.posting_date)).join(
        ShipmentInvoicing, (ShipmentInvoicing.shipment_kind == PostedHeader.kind)
        & (ShipmentInvoicing.shipment_no == PostedHeader.no)).where(
        ShipmentInvoicing.shipment_kind == shipment_kind, ShipmentInvoicing.invoice_kind == key.kind,
        ShipmentInvoicing.invoice_no == key.no)).scalar()
    return last or doc.posting_date


def _discount_granted(s, key: DocumentKey) -> tuple[Decimal, dt.date] | None:
    """A posted invoice's payment discount as its customer ledger entry grants it (possible
    amount, last date), or None (credit memos, prepayment invoices, no discount)."""
    if not key.posted or key.kind != "invoice":
        return None
    from sqlalchemy import select

    from ..tables import CustLedgerEntry

    row = s.execute(select(CustLedgerEntry.pmt_disc_possible, CustLedgerEntry.pmt_discount_date).where(
        CustLedgerEntry.document_type == "invoice", CustLedgerEntry.document_no == key.no).limit(1)).first()
    if row is None or not row.pmt_disc_possible or row.pmt_discount_date is None:
        return None
    return row.pmt_disc_possible, row.pmt_discount_date


def _build(desk, key: DocumentKey, doc, report: str) -> ReportDoc:
    from ..tables import Customer, PaymentTerms, ShipmentMethod

    with desk.db.read() as s:
        delivery_date = _delivery_date(s, key, doc)
        granted = _discount_granted(s, key)
        company_row = desk.setup.company()
        bill_to_no = doc.bill_to_customer_no or doc.customer_no
        customer = s.get(Customer, bill_to_no) or s.get(Customer, doc.customer_no)
        terms = s.get(PaymentTerms, doc.payment_terms) if doc.payment_terms else None
        method = s.get(ShipmentMethod, doc.shipment_method) if doc.shipment_method else None
    language = (customer.language if customer is not None and customer.language else "") or company_row.language
    labels = Labels(language)
    if key.posted and getattr(doc, "bill_to_name", ""):
        bill_to = Party(doc.bill_to_name, doc.bill_to_address, doc.bill_to_address2, doc.bill_to_post_code,
                        doc.bill_to_city, doc.bill_to_country, doc.bill_to_vat_reg_no,
                        customer.email if customer else "", customer.phone if customer else "")
    elif customer is not None:
        bill_to = _customer_party(customer)
    else:
        bill_to = Party(doc.customer_name)

    if report == "picking_list":
        lines = tuple(_line(line, labels, quantity=line.qty_to_ship) for line in doc.lines
                      if line.type == "item" and line.qty_to_ship > 0)
        lines = tuple(sorted(lines, key=lambda ln: (ln.location or "MAIN", ln.no, ln.line_no)))
    else:
        lines = tuple(_line(line, labels) for line in doc.lines)

    vat_lines = _merge_vat(doc.vat_lines) if not key.posted else _vat_from_lines(doc.lines)
    subtotal = sum((ln.line_amount for ln in lines if ln.line_amount is not None and ln.type != "prepayment"), ZERO)
    document_date = doc.document_date or getattr(doc, "posting_date", None) or getattr(doc, "order_date", None) \
        or desk.today()
    discount_pct = terms.discount_pct if terms is not None and terms.discount_days else ZERO
    discount_date = (document_date + dt.timedelta(days=terms.discount_days)) if discount_pct else None
    if key.posted:  # what the ledger grants, not what the terms say today
        discount_pct, discount_date = (discount_pct, granted[1]) if granted and discount_pct else (ZERO, None)
    priced = report in PRICED
    return ReportDoc(
        key=key, report=report, labels=labels, company=_company(company_row),
        title=labels[report] + (f" — {labels['cancelled']}" if getattr(doc, "cancelled", False) else ""),
        customer_no=getattr(doc, "issued_customer_no", "") or doc.customer_no, customer_email=customer.email if customer is not None else "",
        bill_to=bill_to, ship_to=_ship_to(doc, bill_to), document_date=document_date,
        posting_date=getattr(doc, "posting_date", None), due_date=doc.due_date if priced else None,
        order_no=getattr(doc, "order_no", "") or (doc.no if not key.posted and key.kind == "order" else ""),
        quote_no=doc.quote_no, external_document_no=doc.external_document_no, your_reference=doc.your_reference,
        valid_until=getattr(doc, "quote_valid_until", None),
        requested_delivery_date=getattr(doc, "requested_delivery_date", None),
        promised_delivery_date=getattr(doc, "promised_delivery_date", None),
        shipment_method=(method.description or method.code) if method is not None else "",
        payment_terms=(terms.description or terms.code) if terms is not None else "",
        payment_discount_pct=discount_pct, payment_discount_date=discount_date,
        applies_to_doc_no=doc.applies_to_doc_no, corrects=getattr(doc, "corrects", ""),
        cancelled_by=getattr(doc, "cancelled_by", "") if getattr(doc, "cancelled", False) else "",
        prices_incl_vat=doc.prices_incl_vat, lines=lines, vat_lines=vat_lines if priced else (),
        subtotal=subtotal if priced else ZERO, inv_discount_amount=doc.inv_discount_amount if priced else ZERO,
        amount=doc.amount if priced else ZERO, vat_amount=doc.vat_amount if priced else ZERO,
        amount_incl_vat=doc.amount_incl_vat if priced else ZERO,
        currency=doc.currency_code or company_row.currency or "EUR", delivery_date=delivery_date,
    )


# -- purchase orders ----------------------------------------------------------------------------


def _purchase_report(desk, key: DocumentKey, report: str | None) -> ReportDoc:
    if key.posted:
        posted_kind = key.kind.removeprefix(PURCHASE_PREFIX)
        default = POSTED_PURCHASE_REPORTS[posted_kind]
        source = desk.posted.purchase_document(posted_kind, key.no)
    else:
        default = PURCHASE_REPORTS.get(key.purchase_kind)
        if default is None:
            raise SalesDeskError(_("Only purchase orders are printed; {what} is not one.").format(
                what=key.describe()))
        source = desk.purchases.get(key.purchase_kind, key.no)
    if report not in (None, default):
        raise SalesDeskError(_("{what} does not print as {report}.").format(what=key.describe(), report=report))
    return _build_purchase(desk, key, source, default)


def _purchase_ship_to(s, header, company: CompanyInfo) -> Party:
    """Where the vendor delivers: the customer's address on a drop shipment (the header's
    ship-to, else the customer's own), else our location (its address when it has one), else
    our company's address."""
    from ..tables import Customer, Location

    if header.sell_to_customer_no or header.ship_to_address or header.ship_to_city:
        customer = s.get(Customer, header.sell_to_customer_no) if header.sell_to_customer_no else None
        if header.ship_to_address or header.ship_to_city or customer is None:
            return Party(header.ship_to_name or (customer.name if customer else ""), header.ship_to_address, "",
                         header.ship_to_post_code, header.ship_to_city, header.ship_to_country)
        return _customer_party(customer)
    ours = company.party
    location = s.get(Location, header.location) if header.location else None
    if location is not None and (location.address or location.city):
        name = ours.name + (f" - {location.name}" if location.name else "")
        return Party(name, location.address, "", "", location.city)
    return Party(ours.name, ours.address, ours.address2, ours.post_code, ours.city, ours.country)


def _purchase_line(line) -> ReportLine:
    comment = line.type == "comment"
    return ReportLine(
        line_no=line.line_no, type=line.type, no=line.no, description=line.description,
        quantity=None if comment else line.quantity, uom=line.uom,
        unit_price=None if comment else line.direct_unit_cost, line_discount_pct=line.line_discount_pct,
        line_amount=None if comment else line.line_amount, vat_pct=None if comment else line.vat_pct,
        amount=line.amount, vat_amount=line.vat_amount, amount_incl_vat=line.amount_incl_vat,
        location=line.location or "")


def _build_purchase(desk, key: DocumentKey, doc, report: str) -> ReportDoc:
    """A purchase order as its vendor reads it: our company buys, the vendor is the addressee
    (in the vendor's language), the goods go to our location or, for a drop shipment, to the
    customer."""
    from ..tables import PaymentTerms, PostedPurchaseHeader, PurchaseHeader, Vendor

    company_row = desk.setup.company()
    company = _company(company_row)
    with desk.db.read() as s:
        vendor = s.get(Vendor, doc.vendor_no)
        if key.posted:
            header = s.get(PostedPurchaseHeader, (key.kind.removeprefix(PURCHASE_PREFIX), key.no))
        else:
            header = s.get(PurchaseHeader, (key.purchase_kind.value, key.no))
        terms = s.get(PaymentTerms, header.payment_terms) if header.payment_terms else None
        ship_to = _purchase_ship_to(s, header, company)
    language = (vendor.language if vendor is not None and vendor.language else "") or company_row.language
    labels = Labels(language)
    if key.posted:  # the vendor's address as it was when posted
        addressee = Party(header.vendor_name, header.vendor_address, "", header.vendor_post_code, header.vendor_city,
                          header.vendor_country, header.vendor_vat_reg_no, vendor.email if vendor else "",
                          vendor.phone if vendor else "")
    elif vendor is not None:
        addressee = Party(vendor.name, vendor.address, vendor.address2, vendor.post_code, vendor.city, vendor.country,
                          vendor.vat_reg_no, vendor.email, vendor.phone)
    else:
        addressee = Party(doc.vendor_name)
    lines = tuple(_purchase_line(line) for line in doc.lines)
    subtotal = sum((ln.line_amount for ln in lines if ln.line_amount is not None), ZERO)
    priced = report in PRICED
    return ReportDoc(
        key=key, report=report, labels=labels, company=company, title=labels[report], customer_no="",
        customer_email=vendor.email if vendor is not None else "", bill_to=addressee, ship_to=ship_to,
        document_date=doc.document_date or getattr(doc, "order_date", None) or doc.posting_date or desk.today(),
        posting_date=doc.posting_date if key.posted else None, due_date=doc.due_date if key.posted and priced else None,
        order_no=getattr(doc, "order_no", ""), quote_no="", external_document_no="", your_reference="", valid_until=None,
        requested_delivery_date=None, promised_delivery_date=None, shipment_method="",
        payment_terms=(terms.description or terms.code) if terms is not None else "",
        payment_discount_pct=ZERO, payment_discount_date=None, applies_to_doc_no="", corrects="", cancelled_by="",
        prices_incl_vat=header.prices_incl_vat, lines=lines,
        vat_lines=(_vat_from_lines(lines) if key.posted else _merge_vat(doc.vat_lines)) if priced else (),
        subtotal=subtotal if priced else ZERO, inv_discount_amount=ZERO, amount=doc.amount if priced else ZERO,
        vat_amount=doc.vat_amount if priced else ZERO, amount_incl_vat=doc.amount_incl_vat if priced else ZERO,
        currency=header.currency_code or company_row.currency or "EUR", vendor_no=doc.vendor_no,
        order_date=getattr(doc, "order_date", None), expected_receipt_date=getattr(doc, "expected_receipt_date", None),
        vendor_order_no=header.vendor_order_no, vendor_invoice_no=header.vendor_invoice_no if key.posted else "",
    )
