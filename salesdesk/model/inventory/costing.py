"""Costing (issue 20): what goods leaving stock cost, and cost changes carried to goods sold.

Every item ledger entry is inbound (quantity > 0: purchases, positive adjustments, returns,
undone shipments) or outbound (quantity < 0: sales, negative adjustments). An inbound entry
holds ``remaining_quantity``, what of it is still in stock; an outbound entry is *applied* to
open inbound entries of the same item and location, oldest first (posting date, then entry
no.), each application an ``item_application_entry`` row, so that the remaining quantities of
an item and location always add up to its stock (Business Central's item application).

The outbound cost, by the item's Costing Method:
- ``fifo``: the cost of the inbound entries it is applied to (their cost including value
  entries, pro rata; the last units of an entry take exactly what is left of its value);
- ``average``: quantity x the item's moving average (inventory value / quantity, all
  locations); Unit Cost is kept equal to that average after every inbound;
- ``standard``: quantity x the item's Unit Cost.

Negative inventory: what cannot be applied (no open stock) goes out at the item's Unit Cost
(the average for Average items) and the outbound entry stays open with a negative remaining
quantity; the next inbound entry of that item and location is applied to it first, and the
difference to the inbound's cost becomes a ``cost_adjustment`` value entry on the outbound
entry, posted to G/L by ``post_cost_adjustments`` (COGS or inventory adjustment / inventory).

A cost changed after posting (a purchase invoice at another price) is ``revalue_inbound``:
value entries on the inbound entry and, pro rata, on the outbound entries applied to it.
Posted cost is never edited: an entry's cost is its ``cost_amount`` plus its value entries.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Boolean, bindparam, func, select, type_coerce, update
from sqlmodel import Session

from ...i18n import _
from ..core.errors import SalesDeskError
from ..core.db import FastQuery, bulk_insert
from ..core.money import ZERO, Amount, Quantity, round_amount, round_scale
from ..tables import GenPostingSetup, Item, ItemApplicationEntry, ItemLedgerEntry, ValueEntry
from .gl_journal import post_gl

_ile = ItemLedgerEntry.__table__
_app = ItemApplicationEntry.__table__
_ve = ValueEntry.__table__
_item = Item.__table__
COST_SCALE = 5  # Unit Cost's decimals (BC's unit-amount precision)


# -- reading ------------------------------------------------------------------------------

def inbound_value(s: Session, entry_no: int) -> Decimal:
    """An item ledger entry's cost: its posted cost amount plus its value entries."""
    cost = s.execute(select(_ile.c.cost_amount).where(_ile.c.entry_no == entry_no)).scalar()
    if cost is None:
        raise SalesDeskError(_("Item ledger entry {no} does not exist.").format(no=entry_no))
    return cost + _value_entries(s, _ve.c.item_ledger_entry_no == entry_no)


def _value_entries(s: Session, *where) -> Decimal:
    total = s.execute(select(func.sum(_ve.c.cost_amount)).where(*where)).scalar()
    return total if total is not None else ZERO


def inventory_value(s: Session, item_no: str) -> tuple[Decimal, Decimal]:
    """(quantity, value) of an item's stock, all locations: its entries with their value entries."""
    quantity, cost = s.execute(select(func.sum(_ile.c.quantity), func.sum(_ile.c.cost_amount))
                               .where(_ile.c.item_no == item_no)).one()
    return quantity or ZERO, (cost or ZERO) + _value_entries(s, _ve.c.item_no == item_no)


def average_cost(s: Session, item_no: str) -> Decimal:
    """The item's moving average unit cost (inventory value / quantity on hand, 5 decimals);
    its Unit Cost when nothing is on hand."""
    quantity, value = inventory_value(s, item_no)
    if quantity > 0:
        return round_scale(value / quantity, COST_SCALE)
    return s.execute(select(_item.c.unit_cost).where(_item.c.no == item_no)).scalar() or ZERO


def _sum_of(column, *where):
    return type_coerce(select(func.coalesce(func.sum(column), 0)).where(*where).scalar_subquery(), Amount)


# an inbound entry's value (cost + value entries), what its applications took, and the shares
# of its revaluations carried to the outbound entries applied to it: one statement, run often
VALUE_OF = FastQuery(select(
    type_coerce(_ile.c.cost_amount + _sum_of(_ve.c.cost_amount, _ve.c.item_ledger_entry_no == _ile.c.entry_no),
                Amount).label("value"),
    _sum_of(_app.c.cost_amount, _app.c.inbound_entry_no == _ile.c.entry_no).label("applied"),
    _sum_of(_ve.c.cost_amount, _ve.c.source_entry_no == _ile.c.entry_no,
            _ve.c.item_ledger_entry_no != _ile.c.entry_no).label("carried"),
).where(_ile.c.entry_no == bindparam("no")))
VALUE_ONLY = FastQuery(select(VALUE_OF.statement.selected_columns[0]).where(_ile.c.entry_no == bindparam("no")))
OPEN_INBOUND = FastQuery(
    select(_ile.c.entry_no, _ile.c.quantity, _ile.c.remaining_quantity)
    .where(_ile.c.item_no == bindparam("item_no"), _ile.c.location == bindparam("location"),
           _ile.c.open.is_(True), _ile.c.remaining_quantity > 0)
    .order_by(_ile.c.posting_date, _ile.c.entry_no))
ITEM_COSTING = FastQuery(select(_item.c.no, _item.c.costing_method, _item.c.unit_cost, _item.c.gen_prod_group)
                         .where(_item.c.no == bindparam("no")))
SET_REMAINING = FastQuery(update(_ile).where(_ile.c.entry_no == bindparam("no")).values(
    remaining_quantity=bindparam("remaining", type_=Quantity), open=bindparam("is_open", type_=Boolean)))
LAST_NO = {table.name: FastQuery(select(func.max(table.c.entry_no))) for table in (_app, _ve)}


def _remaining_value(s: Session, entry) -> Decimal:
    """What is left of an inbound entry's value: its cost less what its applications took
    and less the shares of its revaluations carried to the entries applied to it."""
    value, applied, carried = VALUE_OF.run(s, no=entry.entry_no)[0]
    return value - applied + carried


# -- writing ------------------------------------------------------------------------------

def open_inbound(row: dict) -> dict:
    """Make an inbound item ledger entry row (quantity > 0) open stock: remaining quantity =
    quantity. ``receive_inbound`` calls it; a writer that knows no stock can be negative may
    call it alone."""
    row["remaining_quantity"] = row["quantity"]
    row["open"] = row["quantity"] > 0
    return row


def _insert_numbered(s: Session, table, rows: list[dict]) -> None:
    """Insert append-only rows (applications, value entries), numbered after the last one."""
    if rows:
        first = (LAST_NO[table.name].run(s)[0][0] or 0) + 1
        for offset, row in enumerate(rows):
            row["entry_no"] = first + offset
        bulk_insert(s, table, rows)


def insert_applications(s: Session, rows: list[dict]) -> None:
    """Insert item application rows collected by ``cost_outbound``."""
    _insert_numbered(s, _app, rows)


def _set_remaining(s: Session, entry_no: int, remaining: Decimal) -> None:
    SET_REMAINING.run(s, no=entry_no, remaining=remaining, is_open=remaining != 0)


def _item_costing(s: Session, item_no: str):
    return ITEM_COSTING.rows(s, no=item_no)[0]


def cost_outbound(s: Session, row: dict, *, fixed_cost: Decimal | None = None, apply_to: int | None = None,
                  item=None, applications: list[dict] | None = None) -> Decimal:
    """Apply an outbound item ledger entry row (quantity < 0, entry_no, item_no, location,
    posting_date) to the open inbound entries of its item and location, oldest first; set
    its ``cost_amount`` (negative), ``remaining_quantity`` and ``open``; write the
    applications and take the applied quantities off the inbound entries. Returns the cost
    (positive). ``apply_to`` names an inbound entry to take from first (BC's Appl.-to Item
    Entry: a return to the vendor, an undone receipt, a drop shipment's receipt); it is then
    costed at that entry's cost whatever the costing method. ``fixed_cost`` (exact cost
    reversing, an explicit unit cost) replaces the computed cost of the entry; the quantities
    are applied all the same. A posting of many lines passes the ``item`` row it has read
    (no., costing_method, unit_cost) and an ``applications`` list that it inserts once with
    ``insert_applications`` after its item ledger entries."""
    item = item if item is not None else _item_costing(s, row["item_no"])
    need = -row["quantity"]
    inbound = OPEN_INBOUND.rows(s, item_no=row["item_no"], location=row["location"])
    if apply_to is not None:
        inbound.sort(key=lambda entry: entry.entry_no != apply_to)  # stable: the rest stay oldest first
    takes = []
    left = need
    for entry in inbound:
        if not left:
            break
        take = min(entry.remaining_quantity, left)
        takes.append((entry, take))
        left -= take
    method = item.costing_method
    if method == "average":
        quantity, value = inventory_value(s, item.no)
        unit = value / quantity if quantity > 0 else item.unit_cost
    else:
        unit = item.unit_cost
    costs = []
    for entry, take in takes:
        if method == "fifo" or entry.entry_no == apply_to:
            whole = entry.remaining_quantity == take
            costs.append(_remaining_value(s, entry) if whole else
                         round_amount(VALUE_ONLY.run(s, no=entry.entry_no)[0][0] * take / entry.quantity))
        else:
            costs.append(round_amount(take * unit))
    unapplied_cost = round_amount(left * unit)
    total = sum(costs, ZERO) + unapplied_cost
    if method == "average" and costs and apply_to is None:  # one rounding for the whole quantity
        total = round_amount(need * unit)
        costs[-1] += total - unapplied_cost - sum(costs, ZERO)
    rows = []
    for (entry, take), cost in zip(takes, costs):
        _set_remaining(s, entry.entry_no, entry.remaining_quantity - take)
        rows.append(dict(outbound_entry_no=row["entry_no"], inbound_entry_no=entry.entry_no,
                         posting_date=row["posting_date"], quantity=take, cost_amount=cost))
    if applications is None:
        insert_applications(s, rows)
    else:
        applications.extend(rows)
    if fixed_cost is not None:
        total = fixed_cost
    row["cost_amount"] = -total
    row["remaining_quantity"] = -left
    row["open"] = left != 0
    return total


def receive_inbound(s: Session, row: dict) -> None:
    """Open an inbound item ledger entry row (quantity > 0, entry_no, item_no, location,
    posting_date, cost_amount) as stock; if outbound entries of its item and location are
    still open (negative inventory), it is applied to them first, oldest first, and each one's
    cost moves to this entry's cost by a ``cost_adjustment`` value entry (not yet posted to
    G/L: ``post_cost_adjustments``)."""
    open_inbound(row)
    outbound = s.execute(
        select(_ile.c.entry_no, _ile.c.quantity, _ile.c.remaining_quantity, _ile.c.item_no, _ile.c.location)
        .where(_ile.c.item_no == row["item_no"], _ile.c.location == row["location"], _ile.c.open.is_(True),
               _ile.c.remaining_quantity < 0)
        .order_by(_ile.c.posting_date, _ile.c.entry_no)).all()
    if not outbound or row["quantity"] <= 0:
        return
    applications, values = [], []
    given = ZERO  # of this entry's cost, to the outbound entries so far
    for entry in outbound:
        available = row["remaining_quantity"]
        if not available:
            break
        take = min(available, -entry.remaining_quantity)
        cost = (row["cost_amount"] - given if take == available else
                round_amount(row["cost_amount"] * take / row["quantity"]))
        given += cost
        provisional = _unapplied_cost(s, entry) * take / -entry.remaining_quantity
        provisional = round_amount(provisional)
        _set_remaining(s, entry.entry_no, entry.remaining_quantity + take)
        row["remaining_quantity"] = available - take
        applications.append(dict(outbound_entry_no=entry.entry_no, inbound_entry_no=row["entry_no"],
                                 posting_date=row["posting_date"], quantity=take, cost_amount=cost))
        if cost != provisional:
            values.append(dict(item_ledger_entry_no=entry.entry_no, item_no=entry.item_no, location=entry.location,
                               posting_date=row["posting_date"], document_no=row.get("document_no", ""),
                               kind="cost_adjustment", cost_amount=provisional - cost, source_entry_no=None,
                               posted_to_gl=False))
    row["open"] = row["remaining_quantity"] != 0
    insert_applications(s, applications)
    _insert_numbered(s, _ve, values)


def _unapplied_cost(s: Session, entry) -> Decimal:
    """The cost an open outbound entry still gives its unapplied quantity (positive): its
    cost and cost adjustments less what its applications cost (shares of revaluations of the
    entries it is applied to are not part of it)."""
    applied = s.execute(select(func.sum(_app.c.cost_amount)).where(_app.c.outbound_entry_no == entry.entry_no)).scalar()
    cost = s.execute(select(_ile.c.cost_amount).where(_ile.c.entry_no == entry.entry_no)).scalar()
    adjusted = _value_entries(s, _ve.c.item_ledger_entry_no == entry.entry_no, _ve.c.source_entry_no.is_(None))
    return -(cost + adjusted) - (applied or ZERO)


def update_average_costs(s: Session, item_nos) -> None:
    """Unit Cost = the moving average of each Average item among ``item_nos`` (after inbounds)."""
    for item_no in set(item_nos):
        item = _item_costing(s, item_no)
        if item.costing_method != "average":
            continue
        quantity, value = inventory_value(s, item_no)
        if quantity > 0:
            s.execute(update(_item).where(_item.c.no == item_no)
                      .values(unit_cost=round_scale(value / quantity, COST_SCALE)))


def finish_inbound(s: Session, item_nos, posting_date: dt.date, document_no: str) -> None:
    """After inbound rows prepared by ``receive_inbound`` are inserted: Average items' Unit
    Cost follows, and the cost adjustments of the negative stock they closed go to G/L."""
    item_nos = set(item_nos)
    if item_nos:
        update_average_costs(s, item_nos)
        post_cost_adjustments(s, posting_date, document_no)


def post_cost_adjustments(s: Session, posting_date: dt.date, document_no: str, *,
                          item_no: str | None = None) -> Decimal:
    """Post the value entries not yet in the G/L (cost adjustments of outbound entries), of
    one item or all: inventory by the change, COGS (sales) or inventory adjustment (other
    outbounds) against it; one G/L transaction. Returns the total posted to inventory."""
    query = (select(_ve.c.entry_no, _ve.c.cost_amount, _ile.c.entry_type, _item.c.gen_prod_group, _ve.c.item_no)
             .join(_ile, _ile.c.entry_no == _ve.c.item_ledger_entry_no).join(_item, _item.c.no == _ve.c.item_no)
             .where(_ve.c.posted_to_gl.is_(False)).order_by(_ve.c.entry_no))
    if item_no is not None:
        query = query.where(_ve.c.item_no == item_no)
    pending = s.execute(query).all()
    if not pending:
        return ZERO
    amounts: list[tuple[str, Decimal]] = []
    for value in pending:
        setup = s.get(GenPostingSetup, value.gen_prod_group)
        if setup is None:
            continue
        counter = setup.cogs_account if value.entry_type == "sale" else setup.inventory_adjmt_account
        amounts += [(setup.inventory_account, value.cost_amount), (counter, -value.cost_amount)]
    if any(a for _acc, a in amounts):
        post_gl(s, posting_date=posting_date, source="cost_adjustment", document_type="cost_adjustment",
                document_no=document_no, description=_("Cost adjustment"), amounts=amounts, source_type="item",
                source_no=pending[0].item_no)
    s.execute(update(_ve).where(_ve.c.entry_no.in_([v.entry_no for v in pending])).values(posted_to_gl=True))
    return sum((a for _acc, a in amounts[::2]), ZERO)


def revalue_inbound(s: Session, entry_no: int, new_cost_amount: Decimal, *, posting_date: dt.date,
                    document_no: str) -> tuple[Decimal, Decimal]:
    """Make an inbound entry's cost ``new_cost_amount`` (e.g. the purchase invoice's cost of
    what the receipt brought in at another): a ``revaluation`` value entry on it and, for the
    units already taken out, a ``cost_adjustment`` value entry on each outbound entry applied
    to it (its share of the difference, pro rata to the quantity applied). Returns
    ``(inventory_delta, cogs_delta)``: the part of the difference still in stock and the part
    that went out with goods sold; their sum is the difference. The caller posts the G/L
    (inventory_delta + cogs_delta to inventory against its own account, then cogs_delta from
    inventory to COGS); the value entries are marked posted to G/L."""
    entry = s.execute(select(_ile.c.entry_no, _ile.c.item_no, _ile.c.location, _ile.c.quantity,
                             _ile.c.remaining_quantity).where(_ile.c.entry_no == entry_no)).one_or_none()
    if entry is None:
        raise SalesDeskError(_("Item ledger entry {no} does not exist.").format(no=entry_no))
    if entry.quantity <= 0:
        raise SalesDeskError(_("Item ledger entry {no} is not an inbound entry; only inbound entries can be "
                               "revalued.").format(no=entry_no))
    difference = round_amount(Decimal(new_cost_amount)) - inbound_value(s, entry_no)
    if not difference:
        return ZERO, ZERO
    common = dict(item_no=entry.item_no, location=entry.location, posting_date=posting_date,
                  document_no=document_no, source_entry_no=entry_no, posted_to_gl=True)
    values = [dict(item_ledger_entry_no=entry_no, kind="revaluation", cost_amount=difference, **common)]
    applied = s.execute(select(_app.c.outbound_entry_no, func.sum(_app.c.quantity))
                        .where(_app.c.inbound_entry_no == entry_no)
                        .group_by(_app.c.outbound_entry_no).order_by(_app.c.outbound_entry_no)).all()
    shares = [round_amount(difference * quantity / entry.quantity) for _no, quantity in applied]
    if applied and sum((q for _no, q in applied), ZERO) + entry.remaining_quantity == entry.quantity:
        # every unit out is accounted for: what stays is exactly the remaining units' share
        shares[-1] += difference - round_amount(difference * entry.remaining_quantity / entry.quantity) - sum(
            shares, ZERO)
    for (outbound_no, _quantity), share in zip(applied, shares):
        if share:
            values.append(dict(item_ledger_entry_no=outbound_no, kind="cost_adjustment", cost_amount=-share,
                               **common))
    cogs = sum(shares, ZERO)
    _insert_numbered(s, _ve, values)
    update_average_costs(s, [entry.item_no])
    return difference - cogs, cogs
