"""Alembic's environment: always run on the connection (and inside the transaction) that
``Database.migrate`` hands over, with batch mode so that SQLite can alter tables."""

from alembic import context
from sqlmodel import SQLModel

from salesdesk.model import tables  # noqa: F401  (registers every table on SQLModel.metadata)

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=SQLModel.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
