"""Lines of a purchase document: add, change, delete, with Direct Unit Cost, VAT and the
quantities to receive / invoice kept consistent (mixed into ``desk.purchases``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlmodel import Session

from ...i18n import _
from ..core.errors import SalesDeskError, ValidationError
from ..core.fields import check_field, clean
from ..core.money import ZERO, plain
from ..sales import doc_states
from ..sales.doc_lines import line_number, vat_pct_for
from ..sales.doc_rules import beyond
from ..sales.pricing import line_amounts, price_for
from ..tables import Item, PurchaseHeader, PurchaseLine, SalesLine, Vendor
from .kinds import PurchaseKind
from .rules import HANDLING_FIELDS, LINE_RULES

LINE_STEP = 10000


def over_received_message(order_no: str) -> str:
    return _("You cannot invoice order {no} for more than you have received.").format(no=order_no)


def linked_sales_line_problem(s: Session, line: PurchaseLine) -> str | None:
    """A purchase line that supplies a sales order line (drop shipment, special order) cannot be
    deleted while that sales line exists and is linked to it (BC)."""
    if not line.sales_order_no:
        return None
    sales_line = s.get(SalesLine, ("order", line.sales_order_no, line.sales_order_line_no))
    if sales_line is None or sales_line.purchase_order_no != line.document_no:
        return None
    return _("Line {n} supplies sales order {no} line {line} ({what}); it cannot be deleted while they are "
             "linked.").format(n=line.line_no, no=line.sales_order_no, line=line.sales_order_line_no,
                               what=_("drop shipment") if line.drop_shipment else _("special order"))


class PurchaseLineEditor:
    """The line half of ``desk.purchases``."""

    def check_line(self, field: str, value) -> str | None:
        """The message for one line field's value, or None when it is fine."""
        with self._desk.db.read() as s:
            return check_field(s, LINE_RULES, field, value, self._desk.today())

    def add_line(self, doc, item_no: str | None = None, quantity=0, *, direct_unit_cost=None,
                 type: str = "item", before: int | None = None, **fields):
        """Add a line at the end (or ``before`` another line). An item line takes description, unit, VAT and Direct Unit
        Cost (the item's Last Direct Cost, else its Unit Cost) from the item; a G/L account
        line takes ``vat_prod_group``; a comment line only text."""
        with self._desk.db.write() as s:
            header = self._header(s, doc)
            doc_states.require(header.status, "edit_lines", self._what(header))
            values = {"type": type, **fields}
            if item_no is not None:
                values["no"] = item_no
            if quantity not in (None, 0, "") or "quantity" not in values:
                values.setdefault("quantity", quantity)
            if direct_unit_cost is not None:
                values["direct_unit_cost"] = direct_unit_cost
            data, errors = clean(s, LINE_RULES, values, self._desk.today())
            if errors:
                raise ValidationError(errors)
            line = PurchaseLine(kind=header.kind, document_no=header.no, line_no=self._new_line_no(s, header, before),
                                type=data.pop("type", "item"))
            if line.type != "comment":
                line.location = header.location
                line.expected_receipt_date = header.expected_receipt_date
            self._set_line_values(s, header, line, data, new=True)
            s.add(line)
            return self._refresh_totals(s, header).line(line.line_no)

    def update_line(self, doc, line_no: int, **fields):
        """Change a line: quantity, Direct Unit Cost, Line Discount %, description, location,
        the quantities to receive / invoice. While released only the quantities to handle."""
        with self._desk.db.write() as s:
            header = self._header(s, doc)
            line = self._line(s, header, line_no)
            action = "edit_quantities_to_handle" if set(fields) <= HANDLING_FIELDS else "edit_lines"
            if not doc_states.allowed(header.status, action):
                doc_states.require(header.status, "edit_lines", self._what(header))
            data, errors = clean(s, LINE_RULES, fields, self._desk.today())
            if errors:
                raise ValidationError(errors)
            if "type" in data and data["type"] != line.type:
                if line.quantity_received or line.quantity_invoiced:
                    raise ValidationError({"type": _("Line {n} has been received or invoiced; its type cannot "
                                                     "change.").format(n=line.line_no)})
                line.type = data.pop("type")
                line.no = ""
            data.pop("type", None)
            self._set_line_values(s, header, line, data, new=False)
            s.add(line)
            return self._refresh_totals(s, header).line(line.line_no)

    def delete_line(self, doc, line_no: int) -> None:
        """Delete a line; refused once anything on it has been received or invoiced."""
        with self._desk.db.write() as s:
            header = self._header(s, doc)
            doc_states.require(header.status, "edit_lines", self._what(header))
            line = self._line(s, header, line_no)
            if problem := linked_sales_line_problem(s, line):
                raise SalesDeskError(problem)
            if line.quantity_received or line.quantity_invoiced:
                raise SalesDeskError(_("Line {n} has been received or invoiced and cannot be deleted.")
                                     .format(n=line_no))
            s.delete(line)
            self._refresh_totals(s, header)

    # -- internals -------------------------------------------------------------------------

    def _line(self, s: Session, header: PurchaseHeader, line_no: int) -> PurchaseLine:
        number = line_number(line_no)
        line = s.get(PurchaseLine, (header.kind, header.no, number)) if number else None
        if line is None:
            raise SalesDeskError(_("{what} has no line {n}.").format(what=self._what(header), n=line_no))
        return line

    @staticmethod
    def _new_line_no(s: Session, header: PurchaseHeader, before: int | None) -> int:
        """After the last line; ``before`` a line, half-way to the line above it (at the end
        when there is no number left between them)."""
        numbers = list(s.scalars(select(PurchaseLine.line_no).where(
            PurchaseLine.kind == header.kind, PurchaseLine.document_no == header.no).order_by(PurchaseLine.line_no)))
        if before in numbers:
            index = numbers.index(before)
            previous = numbers[index - 1] if index else 0
            if before - previous > 1:
                return (previous + before) // 2
        return (numbers[-1] if numbers else 0) + LINE_STEP

    @staticmethod
    def _vat_pct(s: Session, header: PurchaseHeader, prod_group: str) -> Decimal:
        return vat_pct_for(s, header.vat_bus_group, prod_group)

    def _take_item(self, s: Session, header: PurchaseHeader, line: PurchaseLine, item_no: str) -> None:
        item = s.get(Item, item_no)
        if item is None:
            raise ValidationError({"no": _("Item '{no}' does not exist.").format(no=item_no)})
        if item.blocked:
            raise ValidationError({"no": _("Item {no} {name} is blocked.").format(no=item.no, name=item.description)})
        line.no = item.no
        line.description = item.description
        line.uom = item.base_uom
        line.vat_prod_group = item.vat_prod_group
        line.vat_pct = self._vat_pct(s, header, item.vat_prod_group)
        line.direct_unit_cost = price_for(item.last_direct_cost or item.unit_cost, line.vat_pct,
                                          header.prices_incl_vat)
        line.line_discount_pct = ZERO
        if item.type == "inventory" and line.location is None:
            line.location = header.location or "MAIN"
        vendor = s.get(Vendor, header.vendor_no)
        lead_days = (vendor.lead_time_days if vendor else 0) or item.lead_time_days
        if header.order_date is not None:
            line.expected_receipt_date = header.order_date + dt.timedelta(days=lead_days)

    @staticmethod
    def _amounts(line: PurchaseLine) -> None:
        if line.type == "comment":
            line.quantity = line.direct_unit_cost = line.line_discount_pct = ZERO
            line.line_discount_amount = line.line_amount = ZERO
            line.location, line.uom, line.vat_prod_group, line.vat_pct = None, "", "", ZERO
            line.qty_to_receive = line.qty_to_invoice = line.return_qty_to_ship = ZERO
            return
        line.line_discount_amount, line.line_amount = line_amounts(line.quantity, line.direct_unit_cost,
                                                                   line.line_discount_pct)

    def _set_line_values(self, s: Session, header: PurchaseHeader, line: PurchaseLine, data: dict, *,
                         new: bool) -> None:
        kind = PurchaseKind(header.kind)
        errors: dict[str, str] = {}
        if "no" in data and (new or data["no"] != line.no):
            if line.quantity_received or line.quantity_invoiced:
                raise ValidationError({"no": _("Line {n} has been received or invoiced; its No. cannot change.")
                                       .format(n=line.line_no)})
            if line.type == "item" and data["no"]:
                self._take_item(s, header, line, data["no"])
            else:
                line.no = data["no"] or ""
        data.pop("no", None)
        if line.type == "gl_account" and "vat_prod_group" in data:
            line.vat_prod_group = data.pop("vat_prod_group") or ""
            line.vat_pct = self._vat_pct(s, header, line.vat_prod_group) if line.vat_prod_group else ZERO
        data.pop("vat_prod_group", None)
        if line.type == "comment":
            for field in ("quantity", "direct_unit_cost", "line_discount_pct", "location", "uom",
                          "expected_receipt_date", *HANDLING_FIELDS):
                data.pop(field, None)
        elif line.type == "item" and not line.no and any(k in data for k in ("quantity", "direct_unit_cost")):
            errors["no"] = _("Type an item number first.")
        for field in ("description", "location", "uom", "direct_unit_cost", "line_discount_pct",
                      "expected_receipt_date"):
            if field in data:
                value = data.pop(field)
                setattr(line, field, value if field != "description" else (value or ""))
        if "quantity" in data:
            quantity = data.pop("quantity")
            handled = max(line.quantity_received, line.quantity_invoiced)
            if quantity < handled:
                errors["quantity"] = _("Quantity cannot be less than the {n} already received or invoiced on "
                                       "line {line}.").format(n=plain(handled), line=line.line_no)
            else:
                line.quantity = quantity
                self._default_quantities_to_handle(kind, line)
        self._set_quantities_to_handle(kind, header, line, data, errors)
        if errors:
            raise ValidationError(errors)
        self._amounts(line)

    @staticmethod
    def _default_quantities_to_handle(kind: PurchaseKind, line: PurchaseLine) -> None:
        """Qty. to Receive defaults to the outstanding quantity and copies into Qty. to Invoice
        (BC); an invoice receives and invoices all; a credit memo sends all back."""
        if kind is PurchaseKind.CREDIT_MEMO:
            line.return_qty_to_ship = line.quantity - line.return_qty_shipped
            line.qty_to_invoice = line.quantity - line.quantity_invoiced
            return
        line.qty_to_receive = line.quantity - line.quantity_received
        line.qty_to_invoice = line.qty_to_receive + line.quantity_received - line.quantity_invoiced

    @staticmethod
    def _set_quantities_to_handle(kind: PurchaseKind, header: PurchaseHeader, line: PurchaseLine, data: dict,
                                  errors: dict) -> None:
        if "qty_to_receive" in data:
            value = data.pop("qty_to_receive")
            outstanding = line.quantity - line.quantity_received
            if kind is not PurchaseKind.ORDER:
                errors["qty_to_receive"] = _("Only purchase orders receive part of a line.")
            elif beyond(value, outstanding):
                errors["qty_to_receive"] = _("Qty. to Receive on line {line} cannot be more than the outstanding "
                                             "quantity {n}.").format(line=line.line_no, n=plain(outstanding))
            else:
                line.qty_to_receive = value
                line.qty_to_invoice = value + line.quantity_received - line.quantity_invoiced
        if "qty_to_invoice" in data:
            value = data.pop("qty_to_invoice")
            left = line.quantity - line.quantity_invoiced
            if kind is PurchaseKind.ORDER:
                most = line.quantity_received + line.qty_to_receive - line.quantity_invoiced
            else:
                most = left
            if value > left:
                errors["qty_to_invoice"] = _("Qty. to Invoice on line {line} cannot be more than the {n} not yet "
                                             "invoiced.").format(line=line.line_no, n=plain(left))
            elif value > most:  # BC: only what is received or being received now
                errors["qty_to_invoice"] = over_received_message(header.no)
            else:
                line.qty_to_invoice = value
