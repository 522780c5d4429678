"""The default chart of accounts and posting setup every new company starts with.

Numbers follow the French plan comptable général (this desk's first users are French);
names are in English like every source string. Both are ordinary setup rows, editable in Setup.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from ...i18n import _
from ..tables import GenPostingSetup, GLAccount

# no -> (name, income/balance)
DEFAULT_ACCOUNTS: dict[str, tuple[str, str]] = {
    "370000": (_("Inventory of goods"), "balance"),
    "401000": (_("Vendors (payables)"), "balance"),
    "411000": (_("Customers (receivables)"), "balance"),
    "419100": (_("Customer prepayments received"), "balance"),
    "445660": (_("Deductible VAT on goods and services"), "balance"),
    "445710": (_("VAT collected"), "balance"),
    "512000": (_("Bank"), "balance"),
    "530000": (_("Cash"), "balance"),
    "603700": (_("Cost of goods sold (change in stock)"), "income"),
    "603800": (_("Inventory adjustments"), "income"),
    "607000": (_("Purchases of goods"), "income"),
    "665000": (_("Payment discounts granted"), "income"),
    "706000": (_("Sales of services"), "income"),
    "707000": (_("Sales of goods"), "income"),
    "709000": (_("Sales discounts granted"), "income"),
}

# code -> (description, sales, credit memo, line disc., inv. disc., COGS, inventory, inventory adjmt.)
DEFAULT_GEN_POSTING: dict[str, tuple[str, ...]] = {
    "GOODS": (_("Goods"), "707000", "707000", "709000", "709000", "603700", "370000", "603800"),
    "SERVICES": (_("Services"), "706000", "706000", "709000", "709000", "603700", "370000", "603800"),
}

GEN_POSTING_FIELDS = ("sales_account", "sales_credit_memo_account", "sales_line_disc_account",
                      "sales_inv_disc_account", "cogs_account", "inventory_account", "inventory_adjmt_account")


def default_gen_prod_group(item_type: str) -> str:
    return "SERVICES" if item_type == "service" else "GOODS"


def seed_chart(s: Session) -> None:
    """Create the default accounts and posting setup rows that do not exist yet."""
    present = set(s.scalars(select(GLAccount.no)))
    for no, (name, kind) in DEFAULT_ACCOUNTS.items():
        if no not in present:
            s.add(GLAccount(no=no, name=name, income_balance=kind))
    s.flush()
    groups = set(s.scalars(select(GenPostingSetup.code)))
    for code, (description, *accounts) in DEFAULT_GEN_POSTING.items():
        if code not in groups:
            s.add(GenPostingSetup(code=code, description=description, **dict(zip(GEN_POSTING_FIELDS, accounts))))
    s.flush()
