"""Baseline: the schema of legacy version 8 (documents out), when salesdesk moved to Alembic.
Databases from before are brought to it by ``migrations.py`` and stamped here.

Revision ID: 0001
Revises:
"""

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
