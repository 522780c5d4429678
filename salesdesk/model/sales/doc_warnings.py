"""Warnings on a document: credit limit, overdue balance, stock-out. They inform; they
never block (BC's Credit Limit and Stockout warnings)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import and_, func, select, type_coerce

from ...i18n import _
from ..core.money import Quantity, plain
from ..tables import (
    CustLedgerEntry,
    Customer,
    Item,
    ItemLedgerEntry,
    SalesHeader,
    SalesLine,
)
from .kinds import DocKind
from .special_orders import special_order_reservations, supplied_by_purchase


class Warnings:
    """The warnings half of ``desk.sales``."""

    def warnings(self, doc) -> list[str]:
        """Every warning that applies to ``doc`` now (an empty list when all is well)."""
        with self._desk.db.read() as s:
            header = self._header(s, doc)
            snapshot = self._snapshot(s, header)
            found: list[str] = []
            customer_no = header.bill_to_customer_no or header.customer_no
            customer = s.get(Customer, customer_no)
            if DocKind(header.kind) in (DocKind.QUOTE, DocKind.ORDER, DocKind.INVOICE, DocKind.BLANKET_ORDER):
                balance = s.execute(select(func.sum(CustLedgerEntry.amount)).where(
                    CustLedgerEntry.customer_no == customer_no)).scalar() or Decimal("0.00")
                if customer.credit_limit and balance + snapshot.amount_incl_vat > customer.credit_limit:
                    found.append(_(
                        "Customer {no} {name}: balance {balance} plus this document {amount} exceeds the "
                        "credit limit {limit}."
                    ).format(no=customer.no, name=customer.name, balance=balance,
                             amount=snapshot.amount_incl_vat, limit=customer.credit_limit))
                overdue = s.execute(select(CustLedgerEntry.remaining_amount).where(
                    CustLedgerEntry.customer_no == customer_no, CustLedgerEntry.open.is_(True),
                    CustLedgerEntry.due_date < self._desk.today())).scalars().all()
                overdue_total = sum(overdue, Decimal("0.00"))
                if overdue_total > 0:
                    found.append(_("Customer {no} {name} has an overdue balance of {amount}.").format(
                        no=customer.no, name=customer.name, amount=overdue_total))
            if DocKind(header.kind) in (DocKind.ORDER, DocKind.INVOICE, DocKind.QUOTE):
                found.extend(self._stock_warnings(s, header, snapshot))
            return found

    def _stock_warnings(self, s, header: SalesHeader, snapshot) -> list[str]:
        """Stock-out: inventory at the line's location minus what other open orders and
        invoices still need there, against what this line still needs. Two grouped
        queries for the whole document, not two per line."""
        wanted = [line for line in snapshot.lines
                  if line.type == "item" and line.no and line.quantity - line.quantity_shipped > 0
                  and not supplied_by_purchase(line)]
        if not wanted:
            return []
        item_nos = {line.no for line in wanted}
        inventory_items = set(s.scalars(select(Item.no).where(Item.no.in_(item_nos), Item.type == "inventory")))
        on_hand = {(item, loc): qty for item, loc, qty in s.execute(
            select(ItemLedgerEntry.item_no, ItemLedgerEntry.location, func.sum(ItemLedgerEntry.quantity))
            .where(ItemLedgerEntry.item_no.in_(inventory_items))
            .group_by(ItemLedgerEntry.item_no, ItemLedgerEntry.location))}
        outstanding = type_coerce(func.sum(SalesLine.quantity - SalesLine.quantity_shipped), Quantity)
        demand = {(item, loc): qty for item, loc, qty in s.execute(
            select(SalesLine.no, SalesLine.location, outstanding)
            .where(SalesLine.no.in_(inventory_items), SalesLine.type == "item",
                   SalesLine.kind.in_((DocKind.ORDER.value, DocKind.INVOICE.value)),
                   SalesLine.drop_shipment.is_(False), SalesLine.special_order.is_(False),
                   ~and_(SalesLine.kind == header.kind, SalesLine.document_no == header.no))
            .group_by(SalesLine.no, SalesLine.location))}
        for key, held in special_order_reservations(s, inventory_items,
                                                     except_document=(header.kind, header.no)).items():
            demand[key] = demand.get(key, Decimal(0)) + held
        found = []
        needed_so_far: dict[tuple[str, str], Decimal] = {}
        for line in wanted:
            if line.no not in inventory_items:
                continue
            key = (line.no, line.location or "MAIN")
            needed = line.quantity - line.quantity_shipped
            needed_so_far[key] = needed_so_far.get(key, Decimal(0)) + needed
            stock = on_hand.get(key) or Decimal(0)
            other = demand.get(key) or Decimal(0)
            available = stock - other - (needed_so_far[key] - needed)
            if available < needed:
                found.append(_("Line {line}: item {no} {name} has {available} available at {loc} "
                               "(in stock {stock}, other orders {demand}); {needed} is needed.").format(
                    line=line.line_no, no=line.no, name=line.description, available=plain(available),
                    loc=key[1], stock=plain(stock), demand=plain(other), needed=plain(needed)))
        return found
