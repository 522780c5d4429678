"""Ordered schema migrations of the whole model (every area's tables), run by ``Desk.open``
through ``core.db.Database.migrate``. A new database is created at the latest version directly;
an older one runs every step above its version, in order, inside one transaction.

Each step must leave the data in place (ALTER, backfill), never rebuild a table from scratch.
"""

from sqlalchemy import text
from sqlalchemy.engine import Connection

from . import tables  # noqa: F401  (registers every table on SQLModel.metadata)
from .core.db import column_names
from .core.money import Scaled
from .core.text import search_key

SCHEMA_VERSION = 2


def _v2_search_keys(conn: Connection) -> None:
    """Version 2: accent-insensitive search keys on customers and items, backfilled."""
    if "search_key" not in column_names(conn, "customer"):
        conn.execute(text("ALTER TABLE customer ADD COLUMN search_key VARCHAR NOT NULL DEFAULT ''"))
    rows = conn.execute(text("SELECT no, name, city, email, phone FROM customer")).all()
    if rows:
        conn.execute(
            text("UPDATE customer SET search_key = :key WHERE no = :no"),
            [{"no": r.no, "key": search_key(r.no, r.name, r.city, r.email, r.phone)} for r in rows],
        )
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_customer_search_key ON customer (search_key)"))
    if "search_key" not in column_names(conn, "item"):
        conn.execute(text("ALTER TABLE item ADD COLUMN search_key VARCHAR NOT NULL DEFAULT ''"))
    rows = conn.execute(text("SELECT no, description FROM item")).all()
    if rows:
        conn.execute(
            text("UPDATE item SET search_key = :key WHERE no = :no"),
            [{"no": r.no, "key": search_key(r.no, r.description)} for r in rows],
        )
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_item_search_key ON item (search_key)"))


MIGRATIONS = [
    (2, _v2_search_keys),
]


def _add_missing_columns(conn: Connection, table_name: str) -> None:
    """ALTER TABLE ADD COLUMN for every column the model has and the table lacks (each new
    column must be nullable or have a Python default that can serve as SQL default)."""
    from sqlalchemy import inspect
    from sqlalchemy.schema import CreateColumn
    from sqlmodel import SQLModel

    if table_name not in inspect(conn).get_table_names():
        return  # created whole, at the end of the migration
    table = SQLModel.metadata.tables[table_name]
    present = column_names(conn, table_name)
    for column in table.columns:
        if column.name in present:
            continue
        ddl = str(CreateColumn(column).compile(dialect=conn.dialect))
        default = column.default.arg if column.default is not None and not callable(column.default.arg) else None
        if default is not None:
            literal = (column.type.process_bind_param(default, conn.dialect)
                       if isinstance(column.type, Scaled) else default)
            if isinstance(literal, bool):
                literal = int(literal)
            ddl += f" DEFAULT {literal!r}" if isinstance(literal, str) else f" DEFAULT {literal}"
        elif not column.nullable:
            ddl = ddl.replace(" NOT NULL", "")
        conn.execute(text(f"ALTER TABLE {table_name} ADD COLUMN {ddl}"))


def _v3_document_headers(conn: Connection) -> None:
    """Version 3: the full sales document header (the lines table is new and simply created)."""
    _add_missing_columns(conn, "sales_header")
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_sales_header_kind_status ON sales_header (kind, status)"))


MIGRATIONS.append((3, _v3_document_headers))
SCHEMA_VERSION = 3


def _v4_posting(conn: Connection) -> None:
    """Version 4: posting. New columns on items, company, VAT setup, lines and the customer
    ledger (the posted-document and ledger tables are new and simply created)."""
    for table in ("item", "company", "vat_posting_setup", "sales_line", "cust_ledger_entry"):
        _add_missing_columns(conn, table)
    conn.execute(text("UPDATE item SET gen_prod_group = 'SERVICES' WHERE type = 'service'"))


MIGRATIONS.append((4, _v4_posting))
SCHEMA_VERSION = 4


def _v5_item_stock(conn: Connection) -> None:
    """Version 5: stock on hand per item and location, built from the item ledger."""
    from sqlmodel import SQLModel

    from .inventory.stock import rebuild_stock

    SQLModel.metadata.tables["item_stock"].create(conn, checkfirst=True)
    rebuild_stock(conn)


MIGRATIONS.append((5, _v5_item_stock))
SCHEMA_VERSION = 5


def _v6_corrections(conn: Connection) -> None:
    """Version 6: returns and corrections. Lines remember the posted line they reverse;
    credit memos their invoice (new tables are simply created)."""
    for table in ("sales_header", "sales_line", "posted_header", "posted_line"):
        _add_missing_columns(conn, table)


MIGRATIONS.append((6, _v6_corrections))
SCHEMA_VERSION = 6


def _v7_receivables(conn: Connection) -> None:
    """Version 7: payments, payment discounts, prepayments and bank statements. New columns
    on the customer ledger, company, customers, documents and posted headers; the accounts
    payments post to (the payment and bank tables are new and simply created)."""
    from sqlmodel import SQLModel

    from .setup.chart import DEFAULT_ACCOUNTS

    SQLModel.metadata.tables["payment_method"].create(conn, checkfirst=True)
    for table in ("cust_ledger_entry", "company", "customer", "sales_header", "posted_header"):
        _add_missing_columns(conn, table)
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_cle_open_customer "
                      "ON cust_ledger_entry (open, customer_no, due_date, remaining_amount, posting_date)"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_cle_remaining ON cust_ledger_entry (remaining_amount)"))
    from sqlalchemy import inspect

    if "gl_account" in inspect(conn).get_table_names():
        present = {r[0] for r in conn.execute(text("SELECT no FROM gl_account"))}
        for no, (name, kind) in DEFAULT_ACCOUNTS.items():
            if no not in present:
                conn.execute(text("INSERT INTO gl_account (no, name, income_balance, blocked) VALUES (:no, :n, :k, 0)"),
                             {"no": no, "n": name, "k": kind})
    if conn.execute(text("SELECT 1 FROM company")).first() is not None:
        from .core.numbering import DEFAULT_SERIES
        from .setup.setup import DEFAULT_PAYMENT_METHODS

        description, pattern, manual = DEFAULT_SERIES["PAYMENT"]
        conn.execute(text("INSERT OR IGNORE INTO no_series (code, description, pattern, last_no, manual_nos) "
                          "VALUES ('PAYMENT', :d, :p, 0, :m)"), {"d": description, "p": pattern, "m": manual})
        for code, (description, account) in DEFAULT_PAYMENT_METHODS.items():
            if "gl_account" not in inspect(conn).get_table_names():
                break  # a company from before posting: Desk.open seeds the chart and these
            conn.execute(text("INSERT OR IGNORE INTO payment_method (code, description, bal_account_no) "
                              "VALUES (:c, :d, :a)"), {"c": code, "d": description, "a": account})


MIGRATIONS.append((7, _v7_receivables))
SCHEMA_VERSION = 7


def _v8_documents_out(conn: Connection) -> None:
    """Version 8: documents out. Company legal mentions, SMTP and print settings; the
    customer's document language; the bill-to address kept on posted documents (backfilled
    from the customer card); the print log and the e-mail outbox (new, simply created)."""
    for table in ("company", "customer", "posted_header"):
        _add_missing_columns(conn, table)
    from sqlalchemy import inspect

    if "posted_header" not in inspect(conn).get_table_names():
        return  # created whole, at the end of the migration
    columns = {"name": "bill_to_name", "address": "bill_to_address", "address2": "bill_to_address2",
               "post_code": "bill_to_post_code", "city": "bill_to_city", "country": "bill_to_country",
               "vat_reg_no": "bill_to_vat_reg_no"}
    sets = ", ".join(f"{target} = (SELECT c.{source} FROM customer AS c WHERE c.no = posted_header.bill_to_customer_no)"
                     for source, target in columns.items())
    conn.execute(text(f"UPDATE posted_header SET {sets} WHERE bill_to_name = '' AND EXISTS "
                      "(SELECT 1 FROM customer AS c WHERE c.no = posted_header.bill_to_customer_no)"))

MIGRATIONS.append((8, _v8_documents_out))
SCHEMA_VERSION = 8
