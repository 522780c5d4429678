"""Purchases and payables: vendors, purchasing codes, purchase documents (unposted and posted),
vendor ledger entries and applications; purchase accounts on the posting setup, the payables
account and Vendor Invoice No. Mandatory on the company, purchase VAT; items gain their vendor,
lead time, purchasing code and costing method; sales lines their drop shipment / special order
link; the purchase number series and accounts.

New tables are created from their table definitions as they are at this revision; a later
revision that adds a column to one of them checks first whether it is there (as this one does).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel import SQLModel

from salesdesk.model import tables  # noqa: F401 - registers the tables
from salesdesk.model.core.money import Price
from salesdesk.model.core.numbering import DEFAULT_SERIES
from salesdesk.model.revisions.columns import add_missing_columns

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

NEW_TABLES = ("vendor", "purchasing_code", "purchase_header", "purchase_line", "posted_purchase_header",
              "posted_purchase_line", "vendor_ledger_entry", "vendor_application")
NEW_ACCOUNTS = {"401000": ("Vendors (payables)", "balance"),
                "445660": ("Deductible VAT on goods and services", "balance"),
                "607000": ("Purchases of goods", "income")}


def upgrade() -> None:
    conn = op.get_bind()
    tables = set(sa.inspect(conn).get_table_names())
    for name in NEW_TABLES:
        if name not in tables:
            SQLModel.metadata.tables[name].create(conn)
    accounts = {r[0] for r in conn.execute(sa.text("SELECT no FROM gl_account"))}
    for no, (name, kind) in NEW_ACCOUNTS.items():
        if no not in accounts:
            conn.execute(sa.text("INSERT INTO gl_account (no, name, income_balance, blocked) "
                                 "VALUES (:no, :name, :kind, :blocked)"),
                         {"no": no, "name": name, "kind": kind, "blocked": False})
    series = {r[0] for r in conn.execute(sa.text("SELECT code FROM no_series"))}
    for code, (description, pattern, manual) in DEFAULT_SERIES.items():
        if code not in series:
            conn.execute(sa.text("INSERT INTO no_series (code, description, pattern, last_no, manual_nos) "
                                 "VALUES (:code, :description, :pattern, 0, :manual)"),
                         {"code": code, "description": description, "pattern": pattern, "manual": manual})
    add_missing_columns("gen_posting_setup", [
        sa.Column("purchase_account", sa.String(), sa.ForeignKey("gl_account.no", name="fk_gen_posting_setup_purchase_account"), nullable=False,
                  server_default="607000"),
        sa.Column("purch_credit_memo_account", sa.String(), sa.ForeignKey("gl_account.no", name="fk_gen_posting_setup_purch_credit_memo_account"), nullable=False,
                  server_default="607000"),
        sa.Column("direct_cost_applied_account", sa.String(), sa.ForeignKey("gl_account.no", name="fk_gen_posting_setup_direct_cost_applied_account"), nullable=False,
                  server_default="603700"),
    ])
    add_missing_columns("vat_posting_setup", [
        sa.Column("purchase_vat_account", sa.String(), nullable=False, server_default="445660")])
    add_missing_columns("company", [
        sa.Column("payables_account", sa.String(), nullable=False, server_default="401000"),
        sa.Column("vendor_invoice_no_mandatory", sa.Boolean(), nullable=False, server_default=sa.true()),
    ])
    add_missing_columns("vat_entry", [sa.Column("vendor_no", sa.String(), nullable=False, server_default="")])
    add_missing_columns("item", [
        sa.Column("vendor_no", sa.String(), sa.ForeignKey("vendor.no", name="fk_item_vendor_no"), nullable=True),
        sa.Column("vendor_item_no", sa.String(), nullable=False, server_default=""),
        sa.Column("last_direct_cost", Price, nullable=False, server_default="0"),
        sa.Column("lead_time_days", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("purchasing_code", sa.String(), sa.ForeignKey("purchasing_code.code", name="fk_item_purchasing_code"), nullable=True),
        sa.Column("costing_method", sa.String(), nullable=False, server_default="fifo"),
    ])
    add_missing_columns("item_ledger_entry", [sa.Column("vendor_no", sa.String(), sa.ForeignKey("vendor.no", name="fk_item_ledger_entry_vendor_no"),
                                                 nullable=True)])
    add_missing_columns("sales_line", [
        sa.Column("purchasing_code", sa.String(), sa.ForeignKey("purchasing_code.code", name="fk_sales_line_purchasing_code"), nullable=True),
        sa.Column("drop_shipment", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("special_order", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("purchase_order_no", sa.String(), nullable=False, server_default=""),
        sa.Column("purchase_line_no", sa.Integer(), nullable=False, server_default="0"),
    ])
    add_missing_columns("posted_line", [
        sa.Column("drop_shipment", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("purchase_order_no", sa.String(), nullable=False, server_default=""),
        sa.Column("purchase_line_no", sa.Integer(), nullable=False, server_default="0"),
    ])


def downgrade() -> None:
    for table, columns in (
        ("posted_line", ("drop_shipment", "purchase_order_no", "purchase_line_no")),
        ("sales_line", ("purchasing_code", "drop_shipment", "special_order", "purchase_order_no",
                        "purchase_line_no")),
        ("item_ledger_entry", ("vendor_no",)),
        ("item", ("vendor_no", "vendor_item_no", "last_direct_cost", "lead_time_days", "purchasing_code",
                  "costing_method")),
        ("vat_entry", ("vendor_no",)),
        ("company", ("payables_account", "vendor_invoice_no_mandatory")),
        ("vat_posting_setup", ("purchase_vat_account",)),
        ("gen_posting_setup", ("purchase_account", "purch_credit_memo_account", "direct_cost_applied_account")),
    ):
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.drop_column(column)
    for name in reversed(NEW_TABLES):
        op.drop_table(name)
