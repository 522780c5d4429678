"""Concurrent posting on SQLite and PostgreSQL (issue 18). Prints the figures; never part of
the test run.

    python benchmarks/bench_concurrency.py [--processes 1 2 4 8] [--seconds 60]
                                           [--pg postgresql+psycopg://user:pw@host/postgres]

For each database and each process count: a fresh company (one customer, 5 items with ample
stock), then N processes that each, for ``--seconds``, make a 5-line order and post it (ship
and invoice) through the public API, one posting per unit of work, timing every ``post()``.
Then, on the database: every error counted, the posted invoice and shipment numbers checked
for duplicates and gaps (PREFIX-00001 .. n), every G/L transaction summed (must be 0).
Printed per run: postings/s, p50 and p99 of ``post()``, errors, duplicates, gaps, unbalanced
transactions. Without ``--pg`` (or SALESDESK_BENCH_PG) only SQLite runs.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

CLERK = textwrap.dedent("""
    import json, sys, time
    from decimal import Decimal
    from salesdesk.model import Desk, DocKind
    url, seconds, start_at = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    desk = Desk.open(url)
    times, errors = [], []
    while time.time() < start_at:
        time.sleep(0.005)
    end = start_at + seconds
    while time.time() < end:
        try:
            order = desk.sales.create(DocKind.ORDER, "C")
            for item in ("I1", "I2", "I3", "I4", "I5"):
                desk.sales.add_line(order, item, Decimal(1))
            started = time.perf_counter()
            desk.sales.post(desk.sales.get(DocKind.ORDER, order.no), ship=True, invoice=True)
            times.append(time.perf_counter() - started)
        except Exception as err:  # counted, never hidden
            errors.append(f"{type(err).__name__}: {err}"[:200])
    desk.close()
    print(json.dumps({"times": times, "errors": errors}))
""")


def make_company(url: str) -> None:
    from salesdesk.model import Desk

    with Desk.open(url) as desk:
        desk.setup.set_vat("STD", Decimal("20"))
        desk.setup.add_payment_terms("30D", due_days=30)
        desk.customers.create("Clerk's customer", no="C", vat_bus_group="DOMESTIC", payment_terms="30D")
        for n in range(1, 6):
            desk.items.create(f"Item {n}", no=f"I{n}", unit_price=Decimal("10.00"), unit_cost=Decimal("6.00"),
                              vat_prod_group="STD")
            desk.items.adjust(f"I{n}", Decimal("1000000"), unit_cost=Decimal("6.00"))


def audit(url: str) -> dict:
    """Duplicates and gaps of posted numbers, and G/L transactions that do not sum to 0."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            found = {}
            for kind, prefix in (("invoice", "PSI-"), ("shipment", "PSS-")):
                nos = [r[0] for r in conn.execute(text("SELECT no FROM posted_header WHERE kind = :k"), {"k": kind})]
                numbers = sorted(int(re.fullmatch(re.escape(prefix) + r"(\d+)", no).group(1)) for no in nos)
                found[f"{kind}_duplicates"] = len(numbers) - len(set(numbers))
                found[f"{kind}_gaps"] = (numbers[-1] - len(set(numbers))) if numbers else 0
                found[f"{kind}s"] = len(numbers)
            sums = defaultdict(int)
            for transaction, amount in conn.execute(text("SELECT transaction_no, amount FROM gl_entry")):
                sums[transaction] += amount
            found["unbalanced"] = sum(1 for total in sums.values() if total)
            return found
    finally:
        engine.dispose()


def run(url: str, processes: int, seconds: float) -> dict:
    start_at = time.time() + 2.0  # every clerk starts together, after its import and open
    children = [subprocess.Popen([sys.executable, "-c", CLERK, url, str(seconds), str(start_at)],
                                 stdout=subprocess.PIPE, text=True) for _ in range(processes)]
    results = [json.loads(child.communicate()[0].strip().splitlines()[-1]) for child in children]
    times = sorted(t for r in results for t in r["times"])
    errors = [e for r in results for e in r["errors"]]
    figures = audit(url)
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))] if times else 0.0
    return dict(figures, postings=len(times), per_second=len(times) / seconds,
                p50_ms=statistics.median(times) * 1000 if times else 0.0, p99_ms=p99 * 1000, errors=len(errors),
                first_error=errors[0] if errors else "")


def pg_database(server: str, name: str) -> str:
    url = make_url(server)
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--pg", default=os.environ.get("SALESDESK_BENCH_PG", ""))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for database in ["sqlite"] + (["postgresql"] if args.pg else []):
            for processes in args.processes:
                if database == "sqlite":
                    url = f"sqlite:///{Path(tmp) / f'bench-{processes}.db'}"
                else:
                    url = pg_database(args.pg, f"sd_bench_{processes}")
                make_company(url)
                r = run(url, processes, args.seconds)
                print(f"{database:10s} {processes} processes x {args.seconds:.0f} s: {r['postings']:5d} postings, "
                      f"{r['per_second']:6.1f}/s, post() p50 {r['p50_ms']:6.1f} ms, p99 {r['p99_ms']:7.1f} ms; "
                      f"errors {r['errors']}, duplicate nos {r['invoice_duplicates'] + r['shipment_duplicates']}, "
                      f"gaps {r['invoice_gaps'] + r['shipment_gaps']}, unbalanced G/L {r['unbalanced']}"
                      + (f"; first error: {r['first_error']}" if r["errors"] else ""), flush=True)


if __name__ == "__main__":
    main()
