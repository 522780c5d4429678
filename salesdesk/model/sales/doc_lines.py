"""Lines of a sales document: add, change, insert, delete, with prices, VAT and the
quantities to ship / invoice / receive kept consistent (mixed into ``desk.sales``)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlmodel import Session

from ...i18n import _
from ..core.errors import SalesDeskError, ValidationError
from ..core.fields import check_field, clean
from ..core.money import ZERO, plain
from ..tables import Item, SalesHeader, SalesLine, VatPostingSetup
from . import doc_states
from .doc_rules import LINE_RULES, beyond, is_receiving, is_shipping, line_rules, refuse_blocked_item
from .kinds import DocKind
from .pricing import line_amounts, price_for
from .supply import default_purchasing_code, set_purchasing_code

LINE_STEP = 10000
HANDLING_FIELDS = {"qty_to_ship", "qty_to_invoice", "return_qty_to_receive"}


def line_number(line_no) -> int | None:
    """A line number typed or passed in, or None when it cannot be one."""
    try:
        number = int(str(line_no).strip())
    except ValueError:
        return None
    return number if 0 < number < 2**63 else None


def vat_pct_for(s: Session, bus_group: str, prod_group: str) -> Decimal:
    """The VAT % of a business x product group (sales and purchase lines); refused, on the
    line's No., when there is no such VAT posting setup."""
    setup = s.get(VatPostingSetup, (bus_group, prod_group))
    if setup is None:
        raise ValidationError({"no": _("There is no VAT posting setup for {bus} x {prod}.").format(
            bus=bus_group, prod=prod_group)})
    return setup.vat_pct


class LineEditor:
    """The line half of ``desk.sales``."""

    def check_line(self, field: str, value, kind=DocKind.QUOTE) -> str | None:
        """The message for one line field's value on a document of ``kind``, or None when
        it is fine."""
        with self._desk.db.read() as s:
            return check_field(s, line_rules(DocKind(kind)), field, value, self._desk.today())

    def add_line(self, doc, item_no: str | None = None, quantity=0, *, type: str = "item",
                 before: int | None = None, **fields):
        """Add a line (at the end, or ``before`` another line). An item line takes its
        description, unit, price, VAT and cost from the item; refuses blocked and
        sales-blocked items, unknown items, a document that is not open, and bad values."""
        with self._desk.db.write() as s:
            header = self._header(s, doc)
            doc_states.require(header.status, "edit_lines", self._what(header))
            values = {"type": type, **fields}
            if item_no is not None:
                values["no"] = item_no
            if quantity not in (None, 0, "") or "quantity" not in values:
                values.setdefault("quantity", quantity)
            data, errors = clean(s, line_rules(DocKind(header.kind)), values, self._desk.today())
            if errors:
                raise ValidationError(errors)
            line = SalesLine(kind=header.kind, document_no=header.no, line_no=self._new_line_no(s, header, before),
                             type=data.pop("type", "item"))
            if line.type != "comment":
                line.location = header.location
            self._set_line_values(s, header, line, data, new=True)
            self._check_blanket_caps(s, header, line, set(data) | {"quantity"})
            s.add(line)
            return self._refresh_totals(s, header).line(line.line_no)

    def update_line(self, doc, line_no: int, **fields):
        """Change a line: quantity, unit price, line discount %, description, location,
        item no., or the quantities to ship / invoice / receive. While the document is
        released only the quantities to handle can change."""
        with self._desk.db.write() as s:
            header = self._header(s, doc)
            line = self._line(s, header, line_no)
            action = "edit_quantities_to_handle" if set(fields) <= HANDLING_FIELDS else "edit_lines"
            if not doc_states.allowed(header.status, action):
                doc_states.require(header.status, "edit_lines", self._what(header))
            data, errors = clean(s, line_rules(DocKind(header.kind)), fields, self._desk.today())
            if errors:
                raise ValidationError(errors)
            if line.shipment_no:
                for field in ("type", "no"):
                    if field in data and data[field] != getattr(line, field):
                        raise ValidationError({field: _("Line {n} comes from shipment {no}; delete it rather than "
                                                        "change what it invoices.").format(n=line.line_no,
                                                                                           no=line.shipment_no)})
            if "type" in data and data["type"] != line.type:
                if line.quantity_shipped or line.quantity_invoiced or line.return_qty_received:
                    raise ValidationError({"type": _("Line {n} has been handled; its type cannot change.")
                                           .format(n=line.line_no)})
                line.type = data.pop("type")
                line.no = ""
            data.pop("type", None)
            self._refuse_change_of_linked_blanket_line(s, header, line, data)
            changed = set(data)
            self._set_line_values(s, header, line, data, new=False)
            self._check_blanket_caps(s, header, line, changed)
            s.add(line)
            return self._refresh_totals(s, header).line(line.line_no)

    def delete_line(self, doc, line_no: int) -> None:
        """Delete a line; refused once anything on it has been shipped, received or invoiced."""
        with self._desk.db.write() as s:
            header = self._header(s, doc)
            doc_states.require(header.status, "edit_lines", self._what(header))
            line = self._line(s, header, line_no)
            if line.quantity_shipped or line.quantity_invoiced or line.return_qty_received:
                raise SalesDeskError(_("Line {n} has been shipped, received or invoiced and cannot be deleted.")
                                     .format(n=line_no))
            self._refuse_change_of_linked_blanket_line(s, header, line, None)
            if line.purchase_order_no:
                raise SalesDeskError(_("Line {n} cannot be deleted: it is supplied by purchase order {no}.")
                                     .format(n=line_no, no=line.purchase_order_no))
            s.delete(line)
            self._refresh_totals(s, header)

    # -- internals -------------------------------------------------------------------------

    def _what(self, header: SalesHeader) -> str:
        from .doc_rules import describe

        return describe(DocKind(header.kind), header.no)

    def _line(self, s: Session, header: SalesHeader, line_no: int) -> SalesLine:
        number = line_number(line_no)
        line = s.get(SalesLine, (header.kind, header.no, number)) if number else None
        if line is None:
            raise SalesDeskError(_("{what} has no line {n}.").format(what=self._what(header), n=line_no))
        return line

    def _new_line_no(self, s: Session, header: SalesHeader, before: int | None) -> int:
        numbers = list(s.scalars(select(SalesLine.line_no).where(
            SalesLine.kind == header.kind, SalesLine.document_no == header.no).order_by(SalesLine.line_no)))
        if before is None or before not in numbers:
            return (numbers[-1] if numbers else 0) + LINE_STEP
        index = numbers.index(before)
        previous = numbers[index - 1] if index else 0
        if before - previous > 1:
            return (previous + before) // 2
        self._renumber(s, header, numbers)  # no room between them: spread the numbers out again
        return self._new_line_no(s, header, LINE_STEP * (index + 1))

    def _renumber(self, s: Session, header: SalesHeader, numbers: list[int]) -> None:
        lines = {line.line_no: line for line in s.scalars(select(SalesLine).where(
            SalesLine.kind == header.kind, SalesLine.document_no == header.no))}
        for n in numbers:  # two steps so that no number is ever taken twice: park the lines
            lines[n].line_no = -n  # at negative numbers, which no line ever has, then renumber
        s.flush()
        for position, n in enumerate(sorted(numbers), start=1):
            lines[n].line_no = position * LINE_STEP
        s.flush()

    def _vat_pct(self, s: Session, header: SalesHeader, prod_group: str) -> Decimal:
        return vat_pct_for(s, header.vat_bus_group, prod_group)

    def _take_item(self, s: Session, header: SalesHeader, line: SalesLine, item_no: str) -> None:
        item = s.get(Item, item_no)
        if item is None:
            raise ValidationError({"no": _("Item '{no}' does not exist.").format(no=item_no)})
        try:
            refuse_blocked_item(item)
        except SalesDeskError as err:
            raise ValidationError({"no": str(err)}) from None
        line.no = item.no
        line.description = item.description
        line.uom = item.base_uom
        line.unit_cost = item.unit_cost
        line.vat_prod_group = item.vat_prod_group
        line.vat_pct = self._vat_pct(s, header, item.vat_prod_group)
        line.unit_price = price_for(item.unit_price, line.vat_pct, header.prices_incl_vat)
        line.line_discount_pct = ZERO
        if line.location is None and item.type == "inventory":
            line.location = header.location or "MAIN"
        default_purchasing_code(s, header, line, item)

    def _reprice(self, s: Session, header: SalesHeader, line: SalesLine) -> None:
        """Price, VAT and discount again from the item for the header's customer."""
        if line.type == "item" and line.no:
            quantity, location = line.quantity, line.location
            self._take_item(s, header, line, line.no)
            line.quantity, line.location = quantity, location
        elif line.type == "gl_account" and line.vat_prod_group:
            line.vat_pct = self._vat_pct(s, header, line.vat_prod_group)
        self._amounts(line)

    @staticmethod
    def _amounts(line: SalesLine) -> None:
        if line.type == "comment":
            line.quantity = line.unit_price = line.line_discount_pct = ZERO
            line.line_discount_amount = line.line_amount = ZERO
            return
        line.line_discount_amount, line.line_amount = line_amounts(line.quantity, line.unit_price,
                                                                   line.line_discount_pct)

    @staticmethod
    def _clear_item_values(line: SalesLine) -> None:
        """A comment line carries text only: nothing to price, tax, stock or handle (also
        when an unhandled item line is turned into a comment)."""
        line.location = None
        line.uom = ""
        line.unit_cost = ZERO
        line.vat_prod_group = ""
        line.vat_pct = ZERO
        line.qty_to_ship = line.qty_to_invoice = line.return_qty_to_receive = ZERO

    def _set_line_values(self, s: Session, header: SalesHeader, line: SalesLine, data: dict, *, new: bool) -> None:
        kind = DocKind(header.kind)
        errors: dict[str, str] = {}
        if (not new and line.blanket_order_no and data.get("no", line.no) != line.no
                and "blanket_order_no" not in data):
            raise ValidationError({"no": _("Line {line} draws on blanket order {no} line {n}; clear its Blanket "
                                           "Order No. before changing the item.").format(
                line=line.line_no, no=line.blanket_order_no, n=line.blanket_order_line_no)})
        if not new and line.purchase_order_no and data.get("no", line.no) != line.no:
            raise ValidationError({"no": _("Line {line} is supplied by purchase order {no}; its item cannot "
                                           "change.").format(line=line.line_no, no=line.purchase_order_no)})
        if line.type == "item" and not line.no and not data.get("no") and data.get("blanket_order_no"):
            data["no"] = self._blanket_item_no(s, data)  # a line typed with its link only takes its item
        if "no" in data and (new or data["no"] != line.no):
            if line.type == "item" and data["no"]:
                self._take_item(s, header, line, data["no"])
            elif line.type == "item":
                line.no = ""
            else:
                line.no = data["no"] or ""
        data.pop("no", None)
        if line.type == "gl_account" and "vat_prod_group" in data:
            line.vat_prod_group = data.pop("vat_prod_group") or ""
            line.vat_pct = self._vat_pct(s, header, line.vat_prod_group) if line.vat_prod_group else ZERO
        data.pop("vat_prod_group", None)
        if line.type == "comment":
            for field in ("quantity", "unit_price", "line_discount_pct", "location", "uom") + tuple(HANDLING_FIELDS):
                data.pop(field, None)
            self._clear_item_values(line)
        elif line.type == "item" and not line.no and any(k in data for k in ("quantity", "unit_price")):
            errors["no"] = _("Type an item number first.")
        if "return_reason_code" in data:
            line.return_reason_code = data.pop("return_reason_code")
        if "purchasing_code" in data:
            set_purchasing_code(s, header, line, data.pop("purchasing_code"))
        for field in ("description", "location", "uom", "unit_price", "line_discount_pct", "shipment_date"):
            if field in data:
                setattr(line, field, data.pop(field) if field != "description" else (data.pop(field) or ""))
        if "quantity" in data:
            quantity = data.pop("quantity")
            handled = max(line.quantity_shipped, line.quantity_invoiced, line.return_qty_received, key=abs)
            if beyond(handled, quantity):
                errors["quantity"] = _("Quantity cannot be less than the {n} already handled on line {line}.") \
                    .format(n=plain(handled), line=line.line_no) if handled > 0 else _(
                    "Quantity on line {line} must stay negative and at least as far from 0 as the {n} already "
                    "handled.").format(n=plain(handled), line=line.line_no)
            else:
                line.quantity = quantity
                self._default_quantities_to_handle(kind, line)
        self._set_quantities_to_handle(kind, line, data, errors)
        if errors:
            raise ValidationError(errors)
        self._link_blanket(s, header, line, data)
        self._amounts(line)

    @staticmethod
    def _default_quantities_to_handle(kind: DocKind, line: SalesLine) -> None:
        """Qty. to Ship defaults to the outstanding quantity and copies into Qty. to Invoice."""
        if is_shipping(kind):
            line.qty_to_ship = line.quantity - line.quantity_shipped
            line.qty_to_invoice = line.qty_to_ship + line.quantity_shipped - line.quantity_invoiced
        elif is_receiving(kind):
            line.return_qty_to_receive = line.quantity - line.return_qty_received
            line.qty_to_invoice = line.return_qty_to_receive + line.return_qty_received - line.quantity_invoiced
        if kind in (DocKind.INVOICE, DocKind.CREDIT_MEMO):
            line.qty_to_invoice = line.quantity - line.quantity_invoiced

    @staticmethod
    def _set_quantities_to_handle(kind: DocKind, line: SalesLine, data: dict, errors: dict) -> None:
        for field in ("qty_to_ship", "qty_to_invoice"):
            if data.get(field) and data[field] * line.quantity < 0:  # BC: same sign as Quantity
                errors[field] = _("{field} on line {line} must have the same sign as Quantity ({n}).").format(
                    field=LINE_RULES[field].label, line=line.line_no, n=plain(line.quantity))
                data.pop(field)
        if "qty_to_ship" in data:
            value = data.pop("qty_to_ship")
            outstanding = line.quantity - line.quantity_shipped
            if not is_shipping(kind):
                errors["qty_to_ship"] = _("Only orders and invoices ship.")
            elif beyond(value, outstanding):
                errors["qty_to_ship"] = _("Qty. to Ship on line {line} cannot be more than the outstanding "
                                          "quantity {n}.").format(line=line.line_no, n=plain(outstanding))
            else:
                line.qty_to_ship = value
                line.qty_to_invoice = value + line.quantity_shipped - line.quantity_invoiced
        if "return_qty_to_receive" in data:
            value = data.pop("return_qty_to_receive")
            outstanding = line.quantity - line.return_qty_received
            if not is_receiving(kind):
                errors["return_qty_to_receive"] = _("Only return orders and credit memos receive.")
            elif beyond(value, outstanding):
                errors["return_qty_to_receive"] = _(
                    "Return Qty. to Receive on line {line} cannot be more than the outstanding quantity {n}."
                ).format(line=line.line_no, n=plain(outstanding))
            else:
                line.return_qty_to_receive = value
                line.qty_to_invoice = value + line.return_qty_received - line.quantity_invoiced
        if "qty_to_invoice" in data:
            value = data.pop("qty_to_invoice")
            left = line.quantity - line.quantity_invoiced
            most = max_qty_to_invoice(kind, line)
            if beyond(value, left):
                errors["qty_to_invoice"] = _("Qty. to Invoice on line {line} cannot be more than the {n} not yet "
                                             "invoiced.").format(line=line.line_no, n=plain(left))
            elif beyond(value, most):  # BC: only what is shipped (received) or is being shipped now
                errors["qty_to_invoice"] = _("You cannot invoice more than {n} units on line {line}: that is what "
                                             "is shipped or to ship and not yet invoiced.").format(
                    n=plain(most), line=line.line_no)
            else:
                line.qty_to_invoice = value


def max_qty_to_invoice(kind: DocKind, line: SalesLine):
    """What a line may invoice (BC's MaxQtyToInvoice): on an order, what is shipped plus what
    is to ship now, less what is invoiced; on a return order the same with receipts; on an
    invoice or credit memo, what is not invoiced yet."""
    if kind is DocKind.ORDER:
        return line.quantity_shipped + line.qty_to_ship - line.quantity_invoiced
    if kind is DocKind.RETURN_ORDER:
        return line.return_qty_received + line.return_qty_to_receive - line.quantity_invoiced
    return line.quantity - line.quantity_invoiced
