"""Posted documents keep the customer no. they were issued to, when Merge Duplicate moves them
to the kept customer ("" : the document's customer no. is the one it was issued to).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

from salesdesk.model.revisions.columns import add_missing_columns

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_missing_columns("posted_header", [sa.Column("issued_customer_no", sa.String(), nullable=False,
                                                    server_default="")])


def downgrade() -> None:
    with op.batch_alter_table("posted_header") as batch:
        batch.drop_column("issued_customer_no")
