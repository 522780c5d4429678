"""Sales agreements: blanket order links and shipment dates on lines, standard (recurring)
sales codes with their lines and customer assignments, the customer merge log, and the customer
no. a posted document was issued to (kept when a merge moves it).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

from salesdesk.model.core.money import Amount, Quantity

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _add_columns(table: str, columns: list[sa.Column]) -> None:
    present = {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}
    missing = [c for c in columns if c.name not in present]
    if missing:
        with op.batch_alter_table(table) as batch:
            for column in missing:
                batch.add_column(column)


def upgrade() -> None:
    _add_columns("sales_line", [
        sa.Column("shipment_date", sa.Date(), nullable=True),
        sa.Column("blanket_order_no", sa.String(), nullable=False, server_default=""),
        sa.Column("blanket_order_line_no", sa.Integer(), nullable=False, server_default="0"),
    ])
    _add_columns("posted_line", [
        sa.Column("blanket_order_no", sa.String(), nullable=False, server_default=""),
        sa.Column("blanket_order_line_no", sa.Integer(), nullable=False, server_default="0"),
    ])
    _add_columns("posted_header", [  # the customer no. as issued, kept when a merge moves the document
        sa.Column("issued_customer_no", sa.String(), nullable=False, server_default=""),
    ])
    indexes = {i["name"] for i in sa.inspect(op.get_bind()).get_indexes("sales_line")}
    if "ix_sales_line_blanket" not in indexes:
        op.create_index("ix_sales_line_blanket", "sales_line", ["blanket_order_no", "blanket_order_line_no"])
    tables = set(sa.inspect(op.get_bind()).get_table_names())
    if "standard_sales_code" not in tables:
        op.create_table(
            "standard_sales_code",
            sa.Column("code", sa.String(20), primary_key=True),
            sa.Column("description", sa.String(), nullable=False, server_default=""),
            sa.Column("currency_code", sa.String(), nullable=False, server_default=""),
        )
    if "standard_sales_line" not in tables:
        op.create_table(
            "standard_sales_line",
            sa.Column("code", sa.String(20), primary_key=True),
            sa.Column("line_no", sa.Integer(), primary_key=True),
            sa.Column("type", sa.String(), nullable=False, server_default="item"),
            sa.Column("no", sa.String(), nullable=False, server_default=""),
            sa.Column("description", sa.String(), nullable=False, server_default=""),
            sa.Column("quantity", Quantity, nullable=False, server_default="0"),
            sa.Column("amount", Amount, nullable=False, server_default="0"),
            sa.Column("vat_prod_group", sa.String(), nullable=False, server_default=""),
            sa.ForeignKeyConstraint(["code"], ["standard_sales_code.code"], ondelete="CASCADE"),
        )
    if "customer_standard_code" not in tables:
        op.create_table(
            "customer_standard_code",
            sa.Column("customer_no", sa.String(20), sa.ForeignKey("customer.no"), primary_key=True),
            sa.Column("code", sa.String(20), sa.ForeignKey("standard_sales_code.code"), primary_key=True),
            sa.Column("description", sa.String(), nullable=False, server_default=""),
            sa.Column("valid_from", sa.Date(), nullable=True),
            sa.Column("valid_to", sa.Date(), nullable=True),
            sa.Column("blocked", sa.Boolean(), nullable=False, server_default=sa.false()),
            *(sa.Column(f"insert_on_{kind}", sa.String(), nullable=False, server_default="manual")
              for kind in ("quotes", "orders", "invoices", "credit_memos")),
            sa.Column("payment_terms", sa.String(), sa.ForeignKey("payment_terms.code"), nullable=True),
        )
    if "customer_merge" not in tables:
        op.create_table(
            "customer_merge",
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("merged_at", sa.DateTime(), nullable=False),
            sa.Column("user", sa.String(), nullable=False, server_default=""),
            sa.Column("duplicate_no", sa.String(20), nullable=False),
            sa.Column("into_no", sa.String(20), nullable=False),
            sa.Column("taken_fields", sa.String(), nullable=False, server_default=""),
        )


def downgrade() -> None:
    for table in ("customer_merge", "customer_standard_code", "standard_sales_line", "standard_sales_code"):
        op.drop_table(table)
    op.drop_index("ix_sales_line_blanket", "sales_line")
    with op.batch_alter_table("posted_header") as batch:
        batch.drop_column("issued_customer_no")
    with op.batch_alter_table("posted_line") as batch:
        batch.drop_column("blanket_order_line_no")
        batch.drop_column("blanket_order_no")
    with op.batch_alter_table("sales_line") as batch:
        batch.drop_column("blanket_order_line_no")
        batch.drop_column("blanket_order_no")
        batch.drop_column("shipment_date")
