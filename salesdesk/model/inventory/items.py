"""Items: the card, the item journal (adjustments) and inventory from the item ledger."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import func, select, type_coerce
from sqlmodel import Session

from ...i18n import _
from ..core.errors import SalesDeskError
from ..core.fields import FieldRule, clean_text, parse_date
from ..core.lists import filter_clause, number_first
from ..core.money import Quantity, plain, round_amount, to_decimal
from ..core.numbering import next_no
from ..core.records import RecordService
from ..setup.chart import default_gen_prod_group
from ..setup.posting_period import posting_date_problem
from ..tables import Company, GenPostingSetup, Item, ItemLedgerEntry, Location
from .costing import average_cost, cost_outbound, finish_inbound, inventory_value, receive_inbound
from .gl_journal import post_gl
from .stock import move_stock, next_item_entry_no

ITEM_TYPES = ("inventory", "service", "non_inventory")
COSTING_METHODS = ("fifo", "average", "standard")

ITEM_RULES: dict[str, FieldRule] = {r.name: r for r in (
    FieldRule("no", _("No."), "code", max_length=20),
    FieldRule("description", _("Description"), required=True, max_length=100),
    FieldRule("type", _("Type"), "choice", choices=ITEM_TYPES),
    FieldRule("base_uom", _("Base Unit of Measure"), "code", required=True, lookup="unit_of_measure"),
    FieldRule("unit_price", _("Unit Price"), "decimal", minimum=Decimal(0), scale=5),
    FieldRule("unit_cost", _("Unit Cost"), "decimal", minimum=Decimal(0), scale=5),
    FieldRule("vat_prod_group", _("VAT Prod. Posting Group"), "code", required=True, lookup="vat_prod_group"),
    FieldRule("gen_prod_group", _("Gen. Prod. Posting Group"), "code", required=True, lookup="gen_posting_setup"),
    # replenishment: who it is bought from, how long that takes, how sales lines of it are supplied
    FieldRule("vendor_no", _("Vendor No."), "code", lookup="vendor"),
    FieldRule("vendor_item_no", _("Vendor Item No."), max_length=50),
    FieldRule("last_direct_cost", _("Last Direct Cost"), "decimal", minimum=Decimal(0), scale=5),
    FieldRule("lead_time_days", _("Lead Time (days)"), "int", minimum=Decimal(0), maximum=Decimal(3650)),
    FieldRule("purchasing_code", _("Purchasing Code"), "code", lookup="purchasing_code"),
    FieldRule("costing_method", _("Costing Method"), "choice", choices=COSTING_METHODS),
    FieldRule("blocked", _("Blocked"), "bool"),
    FieldRule("sales_blocked", _("Sales Blocked"), "bool"),
    # supply: who the item is bought from, at what cost last time, how long it takes
    FieldRule("vendor_no", _("Vendor No."), "code", lookup="vendor"),
    FieldRule("vendor_item_no", _("Vendor Item No."), max_length=50),
    FieldRule("last_direct_cost", _("Last Direct Cost"), "decimal", minimum=Decimal(0), scale=5),
    FieldRule("lead_time_days", _("Lead Time (days)"), "int", minimum=Decimal(0), maximum=Decimal(3650)),
)}

LIST_COLUMNS = ("no", "description", "type", "base_uom", "unit_price", "inventory", "blocked")
ENTRY_COLUMNS = ("entry_no", "posting_date", "entry_type", "document_no", "location", "quantity", "cost_amount",
                 "remaining_quantity")


def _inventory_sum(item_no_column, location: str | None = None):
    query = select(func.coalesce(func.sum(ItemLedgerEntry.quantity), 0)).where(
        ItemLedgerEntry.item_no == item_no_column
    )
    if location:
        query = query.where(ItemLedgerEntry.location == location)
    return type_coerce(query.scalar_subquery(), Quantity)


class ItemService(RecordService):
    """``desk.items``."""

    model = Item
    rules = ITEM_RULES
    series = "ITEM"
    noun = _("Item")
    search_fields = ("no", "description")

    def create(self, description: str, *, no: str | None = None, unit_price=0, unit_cost=0,
               vat_prod_group: str, type: str = "inventory", uom: str = "PCS", **fields) -> Item:
        """Create an item numbered from series ITEM, or with ``no`` typed by hand.
        Refuses a duplicate number, invalid fields and codes that do not exist."""
        values = {"description": description, "unit_price": unit_price, "unit_cost": unit_cost,
                  "vat_prod_group": vat_prod_group, "type": type, "base_uom": fields.pop("base_uom", uom),
                  "gen_prod_group": fields.pop("gen_prod_group", None) or default_gen_prod_group(type), **fields}
        if no:
            values["no"] = no
        return self._create(values)

    def update(self, no: str, /, **fields) -> Item:
        """Change fields of an item. The type of an item with stock cannot change to
        service or non-inventory (its stock would be stranded)."""
        if "uom" in fields:
            fields["base_uom"] = fields.pop("uom")
        return super().update(no, **fields)

    def _check_update(self, s, record, data, errors) -> None:
        if data.get("type", record.type) != "inventory" and record.type == "inventory":
            if self._on_hand(s, record.no) != 0:
                errors["type"] = _("Item {no} has stock; only an inventory item can hold stock.").format(no=record.no)
        if data.get("costing_method", record.costing_method) != record.costing_method and s.execute(
                select(ItemLedgerEntry.entry_no).where(ItemLedgerEntry.item_no == record.no).limit(1)).first():
            errors["costing_method"] = _("You cannot change Costing Method because there are one or more ledger "
                                         "entries for this item.")

    # -- stock -----------------------------------------------------------------------------

    def _on_hand(self, s: Session, no: str, location: str | None = None) -> Decimal:
        query = select(func.sum(ItemLedgerEntry.quantity)).where(ItemLedgerEntry.item_no == no)
        if location:
            query = query.where(ItemLedgerEntry.location == location)
        total = s.execute(query).scalar()
        return total if total is not None else Decimal(0)

    def inventory(self, no: str, location: str | None = None) -> Decimal:
        """Quantity on hand: the sum of the item's ledger entries (at one location or all)."""
        with self._desk.db.read() as s:
            self._get(s, no)
            return self._on_hand(s, no, location)

    def inventory_value(self, no: str) -> Decimal:
        """The item's inventory value: the cost of its entries with their value entries."""
        with self._desk.db.read() as s:
            self._get(s, no)
            return inventory_value(s, no)[1]

    def average_cost(self, no: str) -> Decimal:
        """Inventory value / quantity on hand (5 decimals); the Unit Cost when none is on hand."""
        with self._desk.db.read() as s:
            self._get(s, no)
            return average_cost(s, no)

    def adjust_cost(self, *, posting_date: dt.date | None = None, progress=None) -> int:
        """Adjust Cost - Item Entries: post cost adjustments left unposted and bring Average
        items' Unit Cost to their average, item by item (``progress(done, total)``). Returns
        the number of items whose adjustments went to G/L."""
        from .adjust_cost import adjust_cost_item_entries

        return adjust_cost_item_entries(self._desk, posting_date=posting_date, progress=progress)

    def inventory_by_location(self, no: str) -> list[tuple[str, Decimal]]:
        """[(location, quantity)] for the locations where the item has entries."""
        with self._desk.db.read() as s:
            self._get(s, no)
            rows = s.execute(
                select(ItemLedgerEntry.location, func.sum(ItemLedgerEntry.quantity))
                .where(ItemLedgerEntry.item_no == no)
                .group_by(ItemLedgerEntry.location)
                .order_by(ItemLedgerEntry.location)
            ).all()
        return [(loc, qty) for loc, qty in rows]

    def adjust(self, no: str, quantity, *, location: str | None = None, unit_cost=None,
               posting_date: dt.date | None = None, description: str = "") -> ItemLedgerEntry:
        """Post an item journal line: a positive or negative adjustment into the item ledger.
        Refuses a zero quantity, a service or non-inventory item, an unknown location, and
        stock going below zero unless setup allows negative inventory."""
        description = clean_text(description, _("Description"))
        qty = to_decimal(quantity, field=_("Quantity"))
        if qty == 0:
            raise SalesDeskError(_("Quantity must not be zero."))
        if qty.as_tuple().exponent < -5:
            raise SalesDeskError(_("Quantity allows at most 5 decimal places."))
        posting_date = parse_date(posting_date, _("Posting Date"), self._desk.today()) or self._desk.today()
        with self._desk.db.write() as s:
            company = s.get(Company, 1)
            problem = company and posting_date_problem(posting_date, company)
            if problem:  # the item journal posts in the company's posting period, like any journal
                raise SalesDeskError(problem)
            item = self._get(s, no)
            if item.type != "inventory":
                raise SalesDeskError(
                    _("Item {no} is a {type} item; only inventory items have stock.").format(
                        no=no, type=item.type.replace("_", "-"))
                )
            loc = (location or "MAIN").upper()
            if s.get(Location, loc) is None:
                raise SalesDeskError(_("Location '{code}' does not exist.").format(code=loc))
            cost = item.unit_cost if unit_cost is None else to_decimal(unit_cost, field=_("Unit Cost"))
            if cost < 0:
                raise SalesDeskError(_("Unit Cost must not be negative."))
            if qty < 0:
                on_hand = self._on_hand(s, no, loc)
                if on_hand + qty < 0 and not (company and company.allow_negative_inventory):
                    raise SalesDeskError(
                        _("Item {no} has {on_hand} in stock at {loc}; removing {qty} would make it "
                          "negative, which setup does not allow.").format(
                            no=no, on_hand=plain(on_hand), loc=loc, qty=plain((-qty)))
                    )
            row = dict(
                entry_no=next_item_entry_no(s),
                item_no=no,
                posting_date=posting_date,
                entry_type="positive_adjmt" if qty > 0 else "negative_adjmt",
                document_type="item_journal",
                document_no=next_no(s, "I-JNL"),
                location=loc,
                description=description or item.description,
                quantity=qty,
                cost_amount=round_amount(qty * cost),
            )
            # stock in at the cost given (or Unit Cost); stock out at the cost of what it is
            # applied to (costing), or at the Unit Cost typed on the journal line
            if qty > 0:
                receive_inbound(s, row)
            else:
                cost_outbound(s, row, fixed_cost=None if unit_cost is None else -row["cost_amount"])
            entry = ItemLedgerEntry(**row)
            s.add(entry)
            s.flush()
            move_stock(s, [(no, loc, qty)])
            setup = s.get(GenPostingSetup, item.gen_prod_group)
            if setup is not None and entry.cost_amount:
                post_gl(s, posting_date=entry.posting_date, source="item_journal", document_type="item_journal",
                        document_no=entry.document_no, description=entry.description,
                        amounts=[(setup.inventory_account, entry.cost_amount),
                                 (setup.inventory_adjmt_account, -entry.cost_amount)],
                        source_type="item", source_no=item.no)
            if qty > 0:
                finish_inbound(s, [no], posting_date, entry.document_no)
            return entry

    def entries(self, no: str, offset: int = 0, limit: int = 100) -> list[tuple]:
        """Item ledger entries of an item, newest first, as tuples in ``ENTRY_COLUMNS`` order."""
        query = (
            select(ItemLedgerEntry.entry_no, ItemLedgerEntry.posting_date, ItemLedgerEntry.entry_type,
                   ItemLedgerEntry.document_no, ItemLedgerEntry.location, ItemLedgerEntry.quantity,
                   ItemLedgerEntry.cost_amount, ItemLedgerEntry.remaining_quantity)
            .where(ItemLedgerEntry.item_no == no)
            .order_by(ItemLedgerEntry.entry_no.desc())
            .offset(offset)
            .limit(limit)
        )
        with self._desk.db.read() as s:
            return [tuple(r) for r in s.execute(query).all()]

    def entry_count(self, no: str) -> int:
        with self._desk.db.read() as s:
            return s.execute(
                select(func.count()).select_from(ItemLedgerEntry).where(ItemLedgerEntry.item_no == no)
            ).scalar_one()

    # -- paged list ------------------------------------------------------------------------

    def find(self, text: str, limit: int = 2) -> list[str]:
        """Type to find (Business Central's): the numbers of the items ``text`` names, the
        one numbered exactly so first, then those whose number, description or search words
        hold every word of it; at most ``limit``."""
        if not str(text).strip():
            return []
        return [row[0] for row in self.page(str(text), 0, limit)]

    def page(self, text: str = "", offset: int = 0, limit: int = 100) -> list[tuple]:
        """One page of the item list as plain tuples in ``LIST_COLUMNS`` order."""
        query = (
            select(Item.no, Item.description, Item.type, Item.base_uom, Item.unit_price,
                   _inventory_sum(Item.no), Item.blocked)
            .where(filter_clause(Item.search_key, text))
            .order_by(*number_first(Item.no, text), Item.no)
            .offset(offset)
            .limit(limit)
        )
        with self._desk.db.read() as s:
            return [tuple(r) for r in s.execute(query).all()]
