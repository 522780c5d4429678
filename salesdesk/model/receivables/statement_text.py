"""The customer statement as printable plain text (monospaced)."""

from __future__ import annotations

from babel.numbers import format_decimal

from ...i18n import _
from .aging import BUCKETS, Statement

DOCUMENT_TYPES = {"invoice": _("Invoice"), "credit_memo": _("Credit Memo"), "payment": _("Payment"),
                  "refund": _("Refund"), "payment_discount": _("Pmt. Discount")}


def money(value) -> str:
    return format_decimal(value, format="#,##0.00", locale="en_US")


def render_statement(st: Statement, desk, width: int = 96) -> str:
    company = desk.setup.company()
    out = [company.name, "", _("STATEMENT {start} to {end}").format(start=st.date_from.isoformat(),
                                                                     end=st.date_to.isoformat()),
           f"{st.customer_no}  {st.name}"]
    if st.address:
        out.append(st.address)
    heading = (f"{_('Date'):<11}{_('Type'):<14}{_('Document'):<13}{_('Description'):<26}{_('Due'):<11}"
               f"{_('Amount'):>10}{_('Balance'):>11}")
    brought = f"{'':<38}{_('Balance brought forward'):<26}{'':<21}{money(st.opening_balance):>11}"
    out += ["", heading, "-" * width, brought]
    for line in st.lines:
        due = line.due_date.isoformat() if line.due_date else ""
        kind = DOCUMENT_TYPES.get(line.document_type, line.document_type)
        out.append(f"{line.posting_date.isoformat():<11}{kind[:13]:<14}{line.document_no[:12]:<13}"
                   f"{line.description[:25]:<26}{due:<11}{money(line.amount):>10}{money(line.balance):>11}")
    if not st.lines:
        out.append(_("No entries in this period."))
    closing = _("Balance on {date}").format(date=st.date_to.isoformat())
    out += ["-" * width, f"{closing:<75}{money(st.closing_balance):>21}", ""]
    out.append(_("Open entries on {date}").format(date=st.date_to.isoformat()))
    for entry in st.open_entries:
        overdue = entry.days_overdue(st.date_to)
        late = _("{n} days overdue").format(n=overdue) if overdue else ""
        due = entry.due_date.isoformat() if entry.due_date else ""
        out.append(f"  {entry.document_no:<13}{due:<11}{money(entry.remaining_amount):>12}  {late}")
    out += ["", "  ".join(f"{label}: {money(amount)}" for label, amount in zip(BUCKETS, st.aging, strict=True))]
    return "\n".join(out) + "\n"
