"""Receivables figures (issue 6). Prints them; never part of the test run.

    python benchmarks/bench_receivables.py [--db big.db] [--runs 5] [--statement-lines 200]

On the large company (100,000 customers, 1,000,000 customer ledger entries, all open; built with
``salesdesk demo`` when ``--db`` does not exist; upgraded in place to the current schema first):

1. ``desk.receivables.aged_balance()``: every customer's open entries aged in five buckets, as
   API rows (median of ``--runs``), next to the same GROUP BY in raw sqlite3 on the same file.
2. ``aged_page`` (first 100 customers, what the Aged Balance screen shows first), ``aged_totals``
   and ``aged_count``.
3. Bank statement import and matching: a CSV statement of ``--statement-lines`` lines (half with
   a document number of an open entry in the text, half with an amount only) imported into a
   copy of the database, matched against the 1,000,000 open entries.
4. Payments registered through the API, each applied to one open invoice (payments per second).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import timed  # benchmarks/ is on sys.path when a script runs


def build_big(db: Path) -> None:
    if db.exists():
        return
    print(f"building {db} (100,000 customers, 1,000,000 entries)...", flush=True)
    subprocess.run([sys.executable, "-m", "salesdesk", "demo", "--db", str(db), "--customers", "100000",
                    "--items", "20000", "--entries", "1000000"], check=True)


RAW_AGED = """
SELECT customer_no, SUM(remaining_amount),
       SUM(CASE WHEN due_date IS NULL OR due_date >= :d0 THEN remaining_amount ELSE 0 END),
       SUM(CASE WHEN due_date < :d0 AND due_date >= :d30 THEN remaining_amount ELSE 0 END),
       SUM(CASE WHEN due_date < :d30 AND due_date >= :d60 THEN remaining_amount ELSE 0 END),
       SUM(CASE WHEN due_date < :d60 AND due_date >= :d90 THEN remaining_amount ELSE 0 END),
       SUM(CASE WHEN due_date < :d90 THEN remaining_amount ELSE 0 END)
FROM cust_ledger_entry WHERE open = 1 AND posting_date <= :d0 GROUP BY customer_no
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "salesdesk-bench-big.db")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--statement-lines", type=int, default=200)
    parser.add_argument("--payments", type=int, default=200)
    args = parser.parse_args()

    from salesdesk.model import Desk

    build_big(args.db)
    start = time.perf_counter()
    desk = Desk.open(args.db)
    print(f"open (and upgrade if needed): {time.perf_counter() - start:.2f} s")
    as_of = desk.today()
    entries, = sqlite3.connect(args.db).execute("SELECT count(*) FROM cust_ledger_entry WHERE open = 1").fetchone()

    seconds, aged = timed(lambda: desk.receivables.aged_balance(as_of), args.runs)
    print(f"\n1. aged balance, {len(aged.rows):,} customers, {entries:,} open entries: {seconds * 1000:.0f} ms "
          f"(median of {args.runs}; target < 1 s)")
    raw = sqlite3.connect(args.db)
    days = {f"d{n}": (as_of - dt.timedelta(days=n)).isoformat() for n in (0, 30, 60, 90)}
    raw_seconds, raw_rows = timed(lambda: raw.execute(RAW_AGED, days).fetchall(), args.runs)
    print(f"   raw sqlite3, same GROUP BY: {raw_seconds * 1000:.0f} ms ({len(raw_rows):,} rows) -> API "
          f"{seconds / raw_seconds:.2f}x raw")
    raw_total = sum(r[1] for r in raw_rows)
    assert raw_total == int(aged.totals[0] * 100), (raw_total, aged.totals[0])
    print(f"   totals: balance {aged.totals[0]:,}, current {aged.totals[1]:,}, over 90 {aged.totals[5]:,}")

    page_seconds, page = timed(lambda: desk.receivables.aged_page("", 0, 100, as_of=as_of), args.runs)
    totals_seconds, _totals = timed(lambda: desk.receivables.aged_totals(as_of), args.runs)
    count_seconds, count = timed(lambda: desk.receivables.aged_count("", as_of=as_of), args.runs)
    filter_seconds, _rows = timed(lambda: desk.receivables.aged_page("dur", 0, 100, as_of=as_of), args.runs)
    print(f"\n2. aged balance screen: first page of 100 {page_seconds * 1000:.1f} ms, totals "
          f"{totals_seconds * 1000:.0f} ms, count ({count:,}) {count_seconds * 1000:.0f} ms, filtered page "
          f"{filter_seconds * 1000:.1f} ms")
    desk.close()

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "copy.db"
        shutil.copy(args.db, copy)
        desk = Desk.open(copy)
        con = sqlite3.connect(copy)
        sample = con.execute("SELECT e.document_no, e.remaining_amount, c.name FROM cust_ledger_entry e JOIN "
                             "customer c ON c.no = e.customer_no WHERE e.open = 1 AND e.customer_no <> 'C0000001' "
                             "ORDER BY e.entry_no DESC LIMIT ?", (args.statement_lines,)).fetchall()
        con.close()
        rows = ["date;amount;text;reference"]
        for i, (document_no, remaining, name) in enumerate(sample):
            amount = f"{remaining // 100},{remaining % 100:02d}"
            text = f"Facture {document_no}" if i % 2 == 0 else f"Virement {name}"
            rows.append(f"{as_of:%d/%m/%Y};{amount};{text};REF{i}")
        data = ("\n".join(rows) + "\n").encode()
        start = time.perf_counter()
        result = desk.payments.bank.import_statement(data, "bench.csv")
        seconds = time.perf_counter() - start
        print(f"\n3. bank statement of {result.imported} lines imported and matched against {entries:,} open "
              f"entries: {seconds * 1000:.0f} ms ({result.matched} accepted automatically)")
        start = time.perf_counter()
        posted = desk.payments.bank.post_accepted()
        seconds = time.perf_counter() - start
        print(f"   posting the {len(posted)} accepted lines in one transaction: {seconds * 1000:.0f} ms")

        open_invoices = sqlite3.connect(copy).execute(
            "SELECT customer_no, document_no, remaining_amount FROM cust_ledger_entry WHERE open = 1 AND "
            "document_type = 'invoice' ORDER BY entry_no LIMIT ?", (args.payments,)).fetchall()
        from decimal import Decimal

        start = time.perf_counter()
        for customer_no, document_no, remaining in open_invoices:
            desk.payments.register(customer_no, Decimal(remaining).scaleb(-2), apply_to=[document_no])
        seconds = time.perf_counter() - start
        print(f"\n4. {len(open_invoices)} payments registered, each applied to an invoice: "
              f"{len(open_invoices) / seconds:.0f} payments/s")
        desk.close()


if __name__ == "__main__":
    main()
