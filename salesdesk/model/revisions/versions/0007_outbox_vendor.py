"""The outbox names the vendor a purchase document was e-mailed to (NULL for sales documents,
whose customer is in customer_no).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

from salesdesk.model.revisions.columns import add_missing_columns

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_missing_columns("outbox", [sa.Column("vendor_no", sa.String(), nullable=True)])


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("vendor_no")
