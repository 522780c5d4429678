"""Posting figures (issue 4). Prints them; never part of the test run.

    python benchmarks/bench_posting.py [--orders 300] [--runs 3] [--db big.db] [--profile-out FILE]

1. Postings per second of a 5-line order, shipped and invoiced, one posting per transaction,
   through the public API (``desk.sales.post(order, ship=True, invoice=True)``). A company
   with one customer and 5 items in stock; the orders are made beforehand (not timed); each run
   posts ``--orders`` of them. Median of ``--runs`` runs.
2. In the same run, interleaved with the API runs: the stdlib ``sqlite3`` module on a copy of
   the same database (same schema, same pragmas as ``salesdesk/model/db.py``: WAL,
   synchronous=NORMAL, foreign_keys=ON, ``BEGIN IMMEDIATE``) doing what the engine writes for
   one such posting, one transaction each: read the header and lines; take 2 numbers (read +
   update of 2 number series rows); the max() of the 5 numbered entry tables; insert the posted
   shipment (header + 5 lines), 5 item ledger entries, the posted invoice (header + 5 lines), 5
   shipment invoicing links, 1 customer ledger entry, 1 G/L register, 5 G/L entries
   (receivables, sales, VAT, cost of goods sold, inventory) and 1 VAT entry; delete the order's
   lines and header. Amounts are computed from the lines read, in integer minor units.
   "raw + reads" also runs the 7 reads the engine's checks make (company, customer, items,
   VAT setup, general posting setup, G/L accounts, stock per item).
   Both databases are compared afterwards: same rows per table, same totals.
3. cProfile of one more batch of API postings: top 25 by cumulative and by own time (printed,
   and saved with the raw pstats next to ``--profile-out``).
4. ``desk.customers.balance(no)`` of the customer holding 100,000 of the 1,000,000 customer
   ledger entries of the large company (``--db``, built with ``salesdesk demo`` if missing),
   median of 20 calls after one warm-up; the same SUM in raw sqlite3.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

LINES = 5


@dataclass(frozen=True)
class Ref:
    """A document reference as the API takes it (anything with .kind and .no)."""

    kind: str
    no: str


# -- the company and its orders (not timed) ---------------------------------------------------

def build(path: Path, orders: int, company: Path | None = None) -> list[str]:
    """A company with one customer and 5 items in stock, and ``orders`` open 5-line orders.
    With ``company``: a copy of it, posting for its second customer and its first 5 items."""
    from salesdesk.model import Desk, DocKind

    if company is not None:
        shutil.copyfile(company, path)
    desk = Desk.open(path)
    if desk.is_empty():
        desk.setup.set_vat("STD", Decimal(20))
        desk.setup.add_payment_terms("30D", due_days=30)
        customer_no = desk.customers.create("Adatum Corporation", payment_terms="30D", city="Dijon").no
        items = []
        for k in range(LINES):
            item = desk.items.create(f"Desk lamp model {k + 1}", unit_price=Decimal("10.50") + k,
                                     unit_cost=Decimal("6.25") + k, vat_prod_group="STD")
            items.append(item.no)
    else:
        customer_no = desk.customers.page("", 0, 2, with_balance=False)[1][0]
        items = [row[0] for row in desk.items.page("", 0, 50) if row[2] == "inventory"][:LINES]
    for item_no in items:
        desk.items.adjust(item_no, Decimal(10_000_000))
    nos = []
    for _n in range(orders):
        order = desk.sales.create(DocKind.ORDER, customer_no)
        for k, item_no in enumerate(items):
            desk.sales.add_line(order, item_no, Decimal(k + 1))
        nos.append(order.no)
    desk.close()
    return nos


# -- the API ----------------------------------------------------------------------------------

def api_run(desk, nos: list[str]) -> float:
    refs = [Ref("order", no) for no in nos]
    post = desk.sales.post
    start = time.perf_counter()
    for ref in refs:
        post(ref, ship=True, invoice=True)
    return time.perf_counter() - start


# -- raw sqlite3 ------------------------------------------------------------------------------

def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=10000")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def _half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half away from zero (as round_amount does)."""
    q, r = divmod(abs(numerator), denominator)
    if 2 * r >= denominator:
        q += 1
    return q if numerator >= 0 else -q


def _the_rest(table: str, sql: str) -> str:
    """``sql`` (an INSERT naming some columns) with every other NOT NULL column of ``table``
    given its model default as a literal: the baseline writes what the engine writes, and a
    column added later does not break it."""
    from sqlmodel import SQLModel

    import salesdesk.model.tables  # noqa: F401 - registers the tables

    named = set(re.search(r"\((.*?)\) VALUES", sql, re.S).group(1).replace(" ", "").split(","))
    extra = []
    for column in SQLModel.metadata.tables[table].columns:
        if column.name in named or column.nullable or column.primary_key:  # a key not named is numbered by the database
            continue
        default = column.default.arg if column.default is not None and not callable(column.default.arg) else ""
        literal = ("1" if default else "0") if isinstance(default, bool) else (
            str(default) if isinstance(default, int) else "0" if isinstance(default, Decimal) else
            "'" + str(default).replace("'", "''") + "'")
        extra.append((column.name, literal))
    if not extra:
        return sql
    head, values = sql.split(") VALUES (", 1)
    return (head + ", " + ", ".join(n for n, _v in extra) + ") VALUES (" + values[:-1] + ", "
            + ", ".join(v for _n, v in extra) + ")")


HEADER_SQL = (
    "SELECT customer_no, customer_name, bill_to_customer_no, ship_to_name, ship_to_address, ship_to_post_code,"
    " ship_to_city, ship_to_country, posting_date, document_date, due_date, external_document_no,"
    " your_reference, payment_terms, shipment_method, location, currency_code, prices_incl_vat, vat_bus_group,"
    " invoice_disc_pct, quote_no FROM sales_header WHERE kind = ? AND no = ?")
LINES_SQL = (
    "SELECT line_no, type, no, description, location, quantity, uom, unit_price, unit_cost, line_discount_pct,"
    " line_discount_amount, line_amount, vat_prod_group, vat_pct, qty_to_ship, qty_to_invoice"
    " FROM sales_line WHERE kind = ? AND document_no = ? ORDER BY line_no")
POSTED_HEADER_SQL = (
    "INSERT INTO posted_header (kind, no, customer_no, customer_name, bill_to_customer_no, ship_to_name,"
    " ship_to_address, ship_to_post_code, ship_to_city, ship_to_country, posting_date, document_date, due_date,"
    " external_document_no, your_reference, payment_terms, shipment_method, location, currency_code,"
    " prices_incl_vat, vat_bus_group, invoice_disc_pct, source_kind, order_no, pre_assigned_no, quote_no,"
    " amount, inv_discount_amount, vat_amount, amount_incl_vat, search_key, applies_to_doc_no, prepayment)"
    " VALUES (" + ", ".join("?" * 33) + ")")
POSTED_HEADER_SQL = _the_rest("posted_header", POSTED_HEADER_SQL)
POSTED_LINE_SQL = (
    "INSERT INTO posted_line (kind, document_no, line_no, type, no, description, location, quantity, uom,"
    " unit_price, unit_cost, line_discount_pct, line_discount_amount, line_amount, inv_discount_amount, amount,"
    " vat_amount, amount_incl_vat, vat_prod_group, vat_pct, order_no, order_line_no, shipment_no,"
    " shipment_line_no, item_entry_no, cost_amount, appl_from_kind, appl_from_no, appl_from_line_no,"
    " return_reason_code, correction) VALUES (" + ", ".join("?" * 31) + ")")
POSTED_LINE_SQL = _the_rest("posted_line", POSTED_LINE_SQL)
ILE_SQL = (
    "INSERT INTO item_ledger_entry (entry_no, item_no, posting_date, entry_type, document_type, document_no,"
    " location, description, quantity, cost_amount, customer_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
ILE_SQL = _the_rest("item_ledger_entry", ILE_SQL)
LINK_SQL = (
    "INSERT INTO shipment_invoicing (shipment_kind, shipment_no, shipment_line_no, invoice_kind, invoice_no,"
    " invoice_line_no, quantity) VALUES (?, ?, ?, ?, ?, ?, ?)")
LINK_SQL = _the_rest("shipment_invoicing", LINK_SQL)
CLE_SQL = (
    "INSERT INTO cust_ledger_entry (entry_no, customer_no, posting_date, document_type, document_no,"
    " description, amount, remaining_amount, due_date, open, sales_amount, external_document_no, transaction_no,"
    " pmt_discount_date, pmt_disc_possible, payment_method, source_entry_no)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
CLE_SQL = _the_rest("cust_ledger_entry", CLE_SQL)
REGISTER_SQL = ("INSERT INTO gl_register (no, posting_date, source, document_no, from_entry_no, to_entry_no)"
                " VALUES (?, ?, ?, ?, ?, ?)")
REGISTER_SQL = _the_rest("gl_register", REGISTER_SQL)
GL_SQL = (
    "INSERT INTO gl_entry (entry_no, transaction_no, posting_date, document_type, document_no, account_no,"
    " description, amount, source_type, source_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
GL_SQL = _the_rest("gl_entry", GL_SQL)
VAT_SQL = (
    "INSERT INTO vat_entry (entry_no, transaction_no, posting_date, document_type, document_no, type,"
    " bus_group, prod_group, vat_pct, base, amount, bill_to_customer_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
    " ?, ?)")
VAT_SQL = _the_rest("vat_entry", VAT_SQL)
# what the engine's checks read besides header and lines ("raw + reads")
CHECK_READS = (
    ("SELECT * FROM company WHERE id = 1", lambda h, items: ()),
    ("SELECT * FROM customer WHERE no = ?", lambda h, items: (h[0],)),
    (f"SELECT * FROM item WHERE no IN ({', '.join('?' * LINES)})", lambda h, items: items),
    ("SELECT * FROM vat_posting_setup WHERE bus_group = ?", lambda h, items: (h[18],)),
    ("SELECT * FROM gen_posting_setup", lambda h, items: ()),
    ("SELECT no, blocked FROM gl_account", lambda h, items: ()),
    ((f"SELECT item_no, location, sum(quantity) FROM item_ledger_entry WHERE item_no IN "
      f"({', '.join('?' * LINES)}) GROUP BY item_no, location"), lambda h, items: items),
)


class RawPosting:
    """A hand-written posting of a fully shipped and invoiced order with item lines."""

    def __init__(self, conn: sqlite3.Connection, today: str, check_reads: bool):
        self.conn, self.today, self.check_reads = conn, today, check_reads
        c = conn.execute
        self.receivables = c("SELECT receivables_account FROM company WHERE id = 1").fetchone()[0]
        self.gen = {r[0]: r[1:] for r in c("SELECT code, sales_account, cogs_account, inventory_account"
                                            " FROM gen_posting_setup")}
        self.vat_account = {(r[0], r[1]): r[2] for r in c("SELECT bus_group, prod_group, sales_vat_account"
                                                          " FROM vat_posting_setup")}
        self.item_group = {r[0]: r[1] for r in c("SELECT no, gen_prod_group FROM item")}

    def take_no(self, code: str) -> str:
        c = self.conn.execute
        pattern, last_no = c("SELECT pattern, last_no FROM no_series WHERE code = ?", (code,)).fetchone()
        last_no += 1
        c("UPDATE no_series SET last_no = ? WHERE code = ?", (last_no, code))
        head, _sep, tail = pattern.partition("#")
        width = pattern.count("#")
        return f"{head}{last_no:0{width}d}{tail.lstrip('#')}"

    def next_entry(self, table: str, column: str = "entry_no") -> int:
        return (self.conn.execute(f"SELECT max({column}) FROM {table}").fetchone()[0] or 0) + 1

    def post(self, order_no: str) -> None:
        conn, today = self.conn, self.today
        c, many = conn.execute, conn.executemany
        c("BEGIN IMMEDIATE")
        try:
            h = c(HEADER_SQL, ("order", order_no)).fetchone()
            lines = c(LINES_SQL, ("order", order_no)).fetchall()
            if self.check_reads:
                item_nos = tuple(line[2] for line in lines)
                for sql, args in CHECK_READS:
                    c(sql, args(h, item_nos)).fetchall()
            (customer_no, customer_name, bill_to, ship_to_name, ship_to_address, ship_to_post_code, ship_to_city,
             ship_to_country, posting_date, document_date, due_date, ext_doc_no, your_ref, payment_terms,
             shipment_method, location, currency, prices_incl_vat, vat_bus, inv_disc_pct, quote_no) = h
            bill_to = bill_to or customer_no
            posting_date = posting_date or today
            document_date = document_date or posting_date

            ship_no = self.take_no("P-SHIPMENT")
            ile_no = self.next_entry("item_ledger_entry")
            invoice_no = self.take_no("P-INVOICE")
            register = self.next_entry("gl_register", "no")
            cle_no = self.next_entry("cust_ledger_entry")
            gl_no = self.next_entry("gl_entry")
            vat_no = self.next_entry("vat_entry")

            # amounts, in minor units: VAT per rate on the total, spread over the lines
            per_rate: dict[tuple[str, int], list[int]] = {}
            for k, line in enumerate(lines):
                per_rate.setdefault((line[12], line[13]), []).append(k)
            line_vat = [0] * len(lines)
            vat_rows = []
            for (prod_group, pct), ks in per_rate.items():
                base = sum(lines[k][11] for k in ks)
                vat = _half_up(base * pct, 10_000_000)  # percent has 5 decimals
                vat_rows.append((prod_group, pct, base, vat))
                left = vat
                for k in ks[:-1]:
                    line_vat[k] = _half_up(lines[k][11] * pct, 10_000_000)
                    left -= line_vat[k]
                line_vat[ks[-1]] = left
            total = sum(line[11] for line in lines)
            total_vat = sum(line_vat)
            total_incl = total + total_vat

            def header(kind: str, no: str, due, amount, vat) -> tuple:
                key = "\x1f".join(x.lower() for x in (no, customer_no, customer_name, ext_doc_no, order_no) if x)
                return (kind, no, customer_no, customer_name, bill_to, ship_to_name, ship_to_address,
                        ship_to_post_code, ship_to_city, ship_to_country, posting_date, document_date, due,
                        ext_doc_no, your_ref, payment_terms, shipment_method, location, currency, prices_incl_vat,
                        vat_bus, inv_disc_pct, "order", order_no, "", quote_no, amount, 0, vat, amount + vat, key, "", 0)

            posted_lines, ile_rows, links, costs = [], [], [], []
            for k, line in enumerate(lines):
                (line_no, type_, item_no, description, loc, quantity, uom, unit_price, unit_cost, disc_pct,
                 disc_amount, line_amount, vat_group, vat_pct, _to_ship, _to_invoice) = line
                cost = _half_up(quantity * unit_cost, 100_000_000)  # 5 + 5 decimals -> cents
                costs.append((self.item_group[item_no], cost))
                ile_rows.append((ile_no + k, item_no, posting_date, "sale", "shipment", ship_no, loc or "MAIN",
                                 description, -quantity, -cost, customer_no))
                posted_lines.append(("shipment", ship_no, line_no, type_, item_no, description, loc, quantity, uom,
                                     unit_price, unit_cost, disc_pct, 0, 0, 0, 0, 0, 0, vat_group, vat_pct,
                                     order_no, line_no, "", 0, ile_no + k, cost, "", "", 0, None, 0))
                posted_lines.append(("invoice", invoice_no, line_no, type_, item_no, description, loc, quantity,
                                     uom, unit_price, unit_cost, disc_pct, disc_amount, line_amount, 0, line_amount,
                                     line_vat[k], line_amount + line_vat[k], vat_group, vat_pct, order_no, line_no,
                                     "", 0, None, cost, "", "", 0, None, 0))
                links.append(("shipment", ship_no, line_no, "invoice", invoice_no, line_no, quantity))

            gl: dict[str, int] = {}

            def add(account: str, amount: int) -> None:
                gl[account] = gl.get(account, 0) + amount

            add(self.receivables, total_incl)
            for k, line in enumerate(lines):
                add(self.gen[self.item_group[line[2]]][0], -line[11])
            for prod_group, _pct, _base, vat in vat_rows:
                add(self.vat_account[(vat_bus, prod_group)], -vat)
            for group, cost in costs:
                add(self.gen[group][1], cost)
                add(self.gen[group][2], -cost)
            description = f"Order {order_no}"
            gl_rows = [(gl_no + n, register, posting_date, "invoice", invoice_no, account, description, amount,
                        "customer", bill_to) for n, (account, amount) in enumerate(
                            (a, v) for a, v in gl.items() if v)]

            many(POSTED_HEADER_SQL, (header("shipment", ship_no, None, 0, 0),
                                     header("invoice", invoice_no, due_date, total, total_vat)))
            many(POSTED_LINE_SQL, posted_lines)
            many(LINK_SQL, links)
            many(ILE_SQL, ile_rows)
            c(CLE_SQL, (cle_no, bill_to, posting_date, "invoice", invoice_no, description, total_incl, total_incl,
                        due_date, total_incl != 0, total, ext_doc_no, register, None, 0, "", None))
            c(REGISTER_SQL, (register, posting_date, "sales", invoice_no, gl_no, gl_no + len(gl_rows) - 1))
            many(GL_SQL, gl_rows)
            many(VAT_SQL, [(vat_no + n, register, posting_date, "invoice", invoice_no, "sale", vat_bus, prod_group,
                            pct, base, vat, bill_to) for n, (prod_group, pct, base, vat) in enumerate(vat_rows)])
            c("DELETE FROM sales_line WHERE kind = ? AND document_no = ?", ("order", order_no))
            c("DELETE FROM sales_header WHERE kind = ? AND no = ?", ("order", order_no))
            c("COMMIT")
        except BaseException:
            c("ROLLBACK")
            raise


def raw_run(poster: RawPosting, nos: list[str]) -> float:
    post = poster.post
    start = time.perf_counter()
    for no in nos:
        post(no)
    return time.perf_counter() - start


COMPARED = ("posted_header", "posted_line", "shipment_invoicing", "item_ledger_entry", "cust_ledger_entry",
            "gl_register", "gl_entry", "vat_entry", "sales_header", "sales_line", "no_series")
TOTALS = ("SELECT sum(amount), sum(remaining_amount), sum(sales_amount) FROM cust_ledger_entry",
          "SELECT sum(amount), sum(abs(amount)), count(DISTINCT account_no) FROM gl_entry",
          "SELECT sum(base), sum(amount) FROM vat_entry",
          "SELECT sum(quantity), sum(cost_amount) FROM item_ledger_entry",
          "SELECT sum(amount), sum(vat_amount), sum(amount_incl_vat) FROM posted_line",
          "SELECT sum(amount_incl_vat), sum(vat_amount) FROM posted_header",
          "SELECT sum(last_no) FROM no_series",
          "SELECT sum(to_entry_no - from_entry_no) FROM gl_register")


def compare(api_db: Path, raw_db: Path) -> list[str]:
    """What differs between the two databases after the same postings (nothing, one hopes)."""
    differences = []
    with sqlite3.connect(api_db) as a, sqlite3.connect(raw_db) as b:
        for table in COMPARED:
            n_a = a.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            n_b = b.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            if n_a != n_b:
                differences.append(f"{table}: {n_a} rows (API) vs {n_b} (raw)")
        for sql in TOTALS:
            t_a, t_b = a.execute(sql).fetchone(), b.execute(sql).fetchone()
            if t_a != t_b:
                differences.append(f"{sql}: {t_a} (API) vs {t_b} (raw)")
    return differences


# -- profile ----------------------------------------------------------------------------------

def profile(desk, nos: list[str], out: Path) -> str:
    profiler = cProfile.Profile()
    refs = [Ref("order", no) for no in nos]
    post = desk.sales.post
    profiler.enable()
    for ref in refs:
        post(ref, ship=True, invoice=True)
    profiler.disable()
    profiler.dump_stats(str(out.with_suffix(".pstats")))
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    print(f"profile of {len(nos)} API postings: top 25 by cumulative time", file=text)
    stats.sort_stats("cumulative").print_stats(25)
    print(f"profile of {len(nos)} API postings: top 25 by own time", file=text)
    stats.sort_stats("tottime").print_stats(25)
    summary = text.getvalue()
    import sqlalchemy

    import salesdesk
    for folder in (Path(sqlalchemy.__file__).parent.parent, Path(salesdesk.__file__).parent.parent):
        summary = summary.replace(f"{folder}{os.sep}", "")  # sqlalchemy/orm/session.py, salesdesk/model/...
    out.write_text(summary)
    return summary


# -- balance ----------------------------------------------------------------------------------

def build_big(db: Path) -> None:
    if db.exists():
        return
    print(f"building {db} (100,000 customers, 20,000 items, 1,000,000 entries)…", flush=True)
    subprocess.run([sys.executable, "-m", "salesdesk", "demo", "--db", str(db), "--customers", "100000",
                    "--items", "20000", "--entries", "1000000"], check=True)


def balance_figures(db: Path, calls: int) -> None:
    from salesdesk.model import Desk

    build_big(db)
    desk = Desk.open(db)  # migrates an older schema in place
    desk.close()
    raw = connect(db)
    total, = raw.execute("SELECT count(*) FROM cust_ledger_entry").fetchone()
    no, count = raw.execute("SELECT customer_no, count(*) FROM cust_ledger_entry GROUP BY customer_no"
                            " ORDER BY 2 DESC LIMIT 1").fetchone()
    raw.close()
    work = db
    if count < 100_000:  # an older generator: give one customer its 100,000 entries, on a copy
        work = Path(tempfile.mkdtemp()) / "balance.db"
        shutil.copyfile(db, work)
        raw = connect(work)
        with raw:
            raw.execute("BEGIN")
            raw.executemany(
                "INSERT INTO cust_ledger_entry (customer_no, posting_date, document_type, document_no, description,"
                " amount, remaining_amount, due_date, open, sales_amount, external_document_no, transaction_no)"
                " VALUES (?, '2026-01-15', 'invoice', ?, '', ?, ?, '2026-02-14', 1, 0, '', 0)",
                ((no, f"BAL-{k:07d}", 500 + k % 50_000, 500 + k % 50_000) for k in range(100_000 - count)))
            raw.execute("COMMIT")
        total, = raw.execute("SELECT count(*) FROM cust_ledger_entry").fetchone()
        count, = raw.execute("SELECT count(*) FROM cust_ledger_entry WHERE customer_no = ?", (no,)).fetchone()
        raw.close()

    desk = Desk.open(work)
    value = desk.customers.balance(no)  # warm-up
    api = []
    for _n in range(calls):
        start = time.perf_counter()
        desk.customers.balance(no)
        api.append(time.perf_counter() - start)
    desk.close()
    raw = connect(work)
    sql = "SELECT sum(amount) FROM cust_ledger_entry WHERE customer_no = ?"
    raw_value, = raw.execute(sql, (no,)).fetchone()
    plan = " / ".join(r[-1] for r in raw.execute("EXPLAIN QUERY PLAN " + sql, (no,)))
    raws = []
    for _n in range(calls):
        start = time.perf_counter()
        raw.execute(sql, (no,)).fetchone()
        raws.append(time.perf_counter() - start)
    raw.close()
    if work != db:
        shutil.rmtree(work.parent)
    assert Decimal(raw_value).scaleb(-2) == value, (raw_value, value)
    print(f"customer balance: {no}, {count:,} of {total:,} entries, balance {value}")
    print(f"  API desk.customers.balance   median {statistics.median(api) * 1000:6.2f} ms"
          f"  (min {min(api) * 1000:.2f}, max {max(api) * 1000:.2f}; {calls} calls)")
    print(f"  raw sqlite3 SUM              median {statistics.median(raws) * 1000:6.2f} ms"
          f"  (min {min(raws) * 1000:.2f}, max {max(raws) * 1000:.2f})   plan: {plan}")


# -- main -------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=300, help="postings per run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--db", type=Path, default=Path("big.db"),
                        help="the large company for the balance figure (built if missing)")
    parser.add_argument("--no-balance", action="store_true")
    parser.add_argument("--company", type=Path, default=None,
                        help="post in a copy of this company (e.g. big.db) instead of a fresh small one")
    parser.add_argument("--profile-out", type=Path, default=None,
                        help="where to save the profile summary (default: next to the temporary databases)")
    args = parser.parse_args()

    import salesdesk
    from salesdesk.model import Desk

    print(f"salesdesk from {Path(salesdesk.__file__).parent}; Python {sys.version.split()[0]},"
          f" SQLite {sqlite3.sqlite_version}")
    folder = Path(tempfile.mkdtemp(prefix="bench-posting-"))
    template = folder / "template.db"
    n, runs = args.orders, args.runs
    start = time.perf_counter()
    half = max(n // 2, 1)
    warm = min(20, n)
    nos = build(template, warm + runs * (n + half) + n, args.company)
    where = f"a copy of {args.company}" if args.company else "a fresh company (1 customer, 5 items)"
    print(f"built {len(nos)} orders of {LINES} lines in {where} in {time.perf_counter() - start:.1f} s"
          " (not timed)")
    api_db, raw_db = folder / "api.db", folder / "raw.db"
    for target in (api_db, raw_db):
        shutil.copyfile(template, target)
        # flushed now: else the first checkpoint's fsync writes the whole fresh copy back, timed
        with open(target, "rb+") as f:
            os.fsync(f.fileno())

    desk = Desk.open(api_db)
    sample = desk.sales.preview_post(Ref("order", nos[0]), ship=True, invoice=True)
    assert sample.entries["gl_entry"] and len(sample.entries["posted_line"]) == 2 * LINES
    print("one posting writes: " + ", ".join(f"{len(rows)} {name}" for name, rows in sample.entries.items()))
    conn = connect(raw_db)
    today = desk.today().isoformat()
    plain, with_reads = RawPosting(conn, today, False), RawPosting(conn, today, True)

    # a warm-up batch on both sides (caches, compiled statements); then per run: batch A (n
    # orders) posted by the API and by raw, batch B (n/2 orders) by raw + reads and by the API
    # untimed, so that both databases hold the same postings at the end
    batches, at = [], 0
    for size in [warm] + [n, half] * runs + [n]:
        batches.append(nos[at:at + size])
        at += size
    api_run(desk, batches[0])
    raw_run(plain, batches[0])
    batches = batches[1:]
    api_rates, raw_rates, reads_rates = [], [], []
    for run in range(runs):
        a, b = batches[2 * run], batches[2 * run + 1]
        api_rates.append(n / api_run(desk, a))
        raw_rates.append(n / raw_run(plain, a))
        api_run(desk, b)
        reads_rates.append(half / raw_run(with_reads, b))
        print(f"  run {run + 1}: API {api_rates[-1]:7.0f}/s   raw {raw_rates[-1]:7.0f}/s"
              f"   raw + reads {reads_rates[-1]:7.0f}/s", flush=True)
    conn.close()
    differences = compare(api_db, raw_db)

    api, raw, reads = (statistics.median(r) for r in (api_rates, raw_rates, reads_rates))
    print(f"post a {LINES}-line order (ship + invoice), one transaction each, {n} per run, median of {runs}")
    print(f"  API desk.sales.post          {api:7.0f} postings/s  ({1000 / api:.2f} ms each)")
    print(f"  raw sqlite3, same writes     {raw:7.0f} postings/s  ({1000 / raw:.2f} ms each)")
    print(f"  raw sqlite3 + the 7 reads    {reads:7.0f} postings/s  ({1000 / reads:.2f} ms each)")
    print(f"  API / raw = {api / raw:.2f}  (target >= 0.33);  API / (raw + reads) = {api / reads:.2f}")
    print("  API and raw databases afterwards: " + ("same rows and totals" if not differences
                                                   else "DIFFER: " + "; ".join(differences)))

    out = args.profile_out or folder / "profile.txt"
    print()
    print(profile(desk, batches[-1], out))
    print(f"profile saved: {out} and {out.with_suffix('.pstats')}")
    desk.close()
    for path in folder.iterdir():
        if path.name.endswith((".db", ".db-wal", ".db-shm")):
            path.unlink()

    if not args.no_balance:
        print()
        balance_figures(args.db, 20)


if __name__ == "__main__":
    main()
