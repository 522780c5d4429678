"""The plain-text body of a document's e-mail, in the document's language: greeting, what is
attached, its lines (the first MAX_BODY_LINES), total, due date, payment link, closing."""

from __future__ import annotations

MAX_BODY_LINES = 20  # document lines listed in the body; the PDF has them all
INVOICE_LIKE = ("invoice", "prepayment_invoice", "pro_forma")


def body_text(data) -> str:
    """The plain-text body of a document's e-mail, in its language: greeting, what is
    attached, the lines (at most MAX_BODY_LINES), the total, due date, payment link, closing."""
    from babel.dates import format_date
    from babel.numbers import format_currency

    labels, locale = data.labels, data.labels.locale
    title = data.title if labels.language == "en" else data.title[:1].lower() + data.title[1:]
    out = [labels.format("mail_greeting", name=data.bill_to.name), "",
           labels.format("mail_intro", title=title, no=data.no), ""]
    out += _lines_table(data)
    if data.priced:
        out.append(labels.format("mail_total", amount=format_currency(data.amount_incl_vat, data.currency,
                                                                      locale=locale)))
    if data.cancelled_by:
        out.append(labels.format("cancelled_note", no=data.cancelled_by))
    elif data.report in INVOICE_LIKE and data.due_date:
        out.append(labels.format("mail_due", date=format_date(data.due_date, "long", locale=locale)))
    if data.report == "purchase_order" and data.expected_receipt_date:
        out.append(labels.format("mail_expected", date=format_date(data.expected_receipt_date, "long",
                                                                   locale=locale)))
    if data.report == "quote" and data.valid_until:
        out.append(labels.format("mail_valid_until", date=format_date(data.valid_until, "long", locale=locale)))
    link = data.payment_link()
    if link:
        out += ["", labels.format("mail_pay", link=link)]
    company = data.company
    out += ["", labels["mail_closing"], company.party.name]
    out += [part for part in (company.party.phone, company.website) if part]
    return "\n".join(out).strip() + "\n"


def _lines_table(data) -> list[str]:
    from babel.numbers import format_decimal

    labels, locale = data.labels, data.labels.locale
    lines = [ln for ln in data.lines if not ln.is_comment]
    if not lines:
        return []
    priced = data.priced
    head = f"{labels['item_no']:<12} {labels['description']:<34} {labels['quantity']:>10}"
    if priced:
        head += f" {labels['line_amount_incl_vat' if data.prices_incl_vat else 'line_amount']:>14}"
    out = [labels["mail_lines"], head, "-" * len(head)]
    for line in lines[:MAX_BODY_LINES]:
        description = line.description if len(line.description) <= 34 else line.description[:33] + "…"
        quantity = format_decimal(line.quantity.normalize(), locale=locale) if line.quantity is not None else ""
        row = f"{line.no[:12]:<12} {description:<34} {quantity:>10}"
        if priced:
            amount = line.line_amount if line.line_amount is not None else line.amount
            row += f" {format_decimal(amount, format='#,##0.00', locale=locale):>14}"
        out.append(row.rstrip())
    if len(lines) > MAX_BODY_LINES:
        out.append(labels.format("mail_more_lines", n=len(lines) - MAX_BODY_LINES))
    out.append("")
    return out
