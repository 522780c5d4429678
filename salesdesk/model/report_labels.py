"""What printed documents say, in the customer's language (BC's Language Code on the customer
picks the report language). The desk's own screens stay in the clerk's language; a document
that leaves the desk speaks its reader's."""

from __future__ import annotations

DOCUMENT_LANGUAGES = ("en", "fr")
# how Post and Send sends a customer's documents (BC's Document Sending Profile)
SENDING_PROFILES = ("email", "print", "both")

_EN = {
    # titles, by report
    "quote": "Sales Quote",
    "order_confirmation": "Order Confirmation",
    "picking_list": "Picking List",
    "shipment": "Delivery Note",
    "invoice": "Invoice",
    "pro_forma": "Pro Forma Invoice",
    "credit_memo": "Credit Memo",
    "draft_credit_memo": "Credit Memo (draft)",
    "return_order": "Return Order Confirmation",
    "return_receipt": "Return Receipt",
    "blanket_order": "Blanket Sales Order",
    "prepayment_invoice": "Prepayment Invoice",
    # header fields
    "no": "No.",
    "document_date": "Document Date",
    "posting_date": "Posting Date",
    "due_date": "Due Date",
    "order_no": "Order No.",
    "quote_no": "Quote No.",
    "external_document_no": "Your Order No.",
    "your_reference": "Your Reference",
    "customer_no": "Customer No.",
    "vat_reg_no": "VAT Registration No.",
    "valid_until": "Valid Until",
    "requested_delivery": "Requested Delivery Date",
    "promised_delivery": "Promised Delivery Date",
    "shipment_date": "Shipment Date",
    "delivery_date": "Delivery Date",
    "shipment_method": "Shipment Method",
    "payment_terms": "Payment Terms",
    "bill_to": "Bill-to",
    "ship_to": "Ship-to",
    "applies_to": "Applies to Invoice",
    "cancels": "Cancels Invoice",
    "page": "Page {page} of {pages}",
    # line columns
    "item_no": "No.",
    "description": "Description",
    "quantity": "Quantity",
    "unit": "Unit",
    "unit_price": "Unit Price",
    "unit_price_incl_vat": "Unit Price Incl. VAT",
    "discount_pct": "Disc. %",
    "vat_pct": "VAT %",
    "line_amount": "Amount",
    "line_amount_incl_vat": "Amount Incl. VAT",
    "location": "Location",
    "qty_to_ship": "Qty. to Ship",
    "picked": "Picked",
    "quantity_shipped": "Quantity Shipped",
    # totals
    "subtotal": "Subtotal",
    "subtotal_incl_vat": "Subtotal Incl. VAT",
    "invoice_discount_incl_vat": "Invoice Discount Incl. VAT",
    "invoice_discount": "Invoice Discount",
    "total_excl_vat": "Total Excl. VAT",
    "vat_amount": "VAT Amount",
    "total_incl_vat": "Total Incl. VAT",
    "vat_breakdown": "VAT Amount Specification",
    "vat_base": "VAT Base",
    "prepaid": "Prepayment deducted",
    "prepayment_line": "Prepayment: {text}",
    "prepayment_deduction": "Prepayment deduction: {text}",
    # foot
    "payment_info": "Payment",
    "iban": "IBAN",
    "bic": "BIC",
    "pay_online": "Pay online",
    "payment_discount": "{pct} % discount if paid by {date}",
    "registration_no": "Reg. No.",
    "phone": "Phone",
    "email": "E-mail",
    "website": "Web",
    "signature": "Received in good condition (date, name, signature)",
    "picked_by": "Picked by (date, name, signature)",
    # e-mail
    "mail_subject": "{company} - {title} {no}",
    "mail_greeting": "Dear {name},",
    "mail_intro": "Please find attached our {title} {no}.",
    "mail_lines": "Lines:",
    "mail_total": "Total incl. VAT: {amount}",
    "mail_due": "Due date: {date}",
    "mail_pay": "Pay online: {link}",
    "mail_closing": "Kind regards,",
    "mail_more_lines": "… and {n} more lines",
    "mail_valid_until": "This quote is valid until {date}.",
}

_FR = {
    "quote": "Devis",
    "order_confirmation": "Confirmation de commande",
    "picking_list": "Liste de préparation",
    "shipment": "Bon de livraison",
    "invoice": "Facture",
    "pro_forma": "Facture pro forma",
    "credit_memo": "Avoir",
    "draft_credit_memo": "Avoir (brouillon)",
    "return_order": "Confirmation de retour",
    "return_receipt": "Réception de retour",
    "blanket_order": "Commande ouverte",
    "prepayment_invoice": "Facture d'acompte",
    "no": "N°",
    "document_date": "Date du document",
    "posting_date": "Date de comptabilisation",
    "due_date": "Date d'échéance",
    "order_no": "N° de commande",
    "quote_no": "N° de devis",
    "external_document_no": "Votre n° de commande",
    "your_reference": "Votre référence",
    "customer_no": "N° client",
    "vat_reg_no": "N° TVA intracommunautaire",
    "valid_until": "Valable jusqu'au",
    "requested_delivery": "Date de livraison demandée",
    "promised_delivery": "Date de livraison promise",
    "shipment_date": "Date d'expédition",
    "delivery_date": "Date de livraison",
    "shipment_method": "Mode de livraison",
    "payment_terms": "Conditions de paiement",
    "bill_to": "Facturer à",
    "ship_to": "Livrer à",
    "applies_to": "Se rapporte à la facture",
    "cancels": "Annule la facture",
    "page": "Page {page} sur {pages}",
    "item_no": "Réf.",
    "description": "Désignation",
    "quantity": "Quantité",
    "unit": "Unité",
    "unit_price": "Prix unitaire HT",
    "unit_price_incl_vat": "Prix unitaire TTC",
    "discount_pct": "Remise %",
    "vat_pct": "TVA %",
    "line_amount": "Montant HT",
    "line_amount_incl_vat": "Montant TTC",
    "location": "Magasin",
    "qty_to_ship": "Qté à expédier",
    "picked": "Préparé",
    "quantity_shipped": "Quantité livrée",
    "subtotal": "Sous-total",
    "subtotal_incl_vat": "Sous-total TTC",
    "invoice_discount_incl_vat": "Remise facture TTC",
    "invoice_discount": "Remise facture",
    "total_excl_vat": "Total HT",
    "vat_amount": "Montant TVA",
    "total_incl_vat": "Total TTC",
    "vat_breakdown": "Détail de la TVA",
    "vat_base": "Base HT",
    "prepaid": "Acompte déduit",
    "prepayment_line": "Acompte : {text}",
    "prepayment_deduction": "Déduction d'acompte : {text}",
    "payment_info": "Règlement",
    "iban": "IBAN",
    "bic": "BIC",
    "pay_online": "Payer en ligne",
    "payment_discount": "Escompte de {pct} % pour paiement avant le {date}",
    "registration_no": "SIREN",
    "phone": "Tél.",
    "email": "E-mail",
    "website": "Web",
    "signature": "Reçu en bon état (date, nom, signature)",
    "picked_by": "Préparé par (date, nom, signature)",
    "mail_subject": "{company} - {title} {no}",
    "mail_greeting": "Bonjour {name},",
    "mail_intro": "Veuillez trouver ci-joint notre {title} {no}.",
    "mail_lines": "Lignes :",
    "mail_total": "Total TTC : {amount}",
    "mail_due": "Échéance : {date}",
    "mail_pay": "Payer en ligne : {link}",
    "mail_closing": "Cordialement,",
    "mail_more_lines": "… et {n} autres lignes",
    "mail_valid_until": "Ce devis est valable jusqu'au {date}.",
}

_LABELS = {"en": _EN, "fr": _FR}


class Labels:
    """The words of one language; ``labels["invoice"]``, ``labels.format("page", page=1, pages=2)``."""

    def __init__(self, language: str):
        self.language = language if language in _LABELS else "en"
        self._words = _LABELS[self.language]

    def __getitem__(self, key: str) -> str:
        return self._words.get(key) or _EN[key]

    def format(self, key: str, **values) -> str:
        return self[key].format(**values)

    @property
    def locale(self) -> str:
        """The Babel locale for numbers and dates in this language."""
        return {"en": "en_GB", "fr": "fr_FR"}[self.language]
