"""The ``salesdesk`` command: opens the TUI, or runs a headless command.

Heavy imports (the model, Textual) happen inside the functions, so ``--help`` and
``--version`` are instant and the TUI paints before the database layer is loaded.
"""

from __future__ import annotations

import argparse
import os
import sys

from . import __version__
from .i18n import _

# the app's areas (SalesDeskApp.MODES), named here so that --help does not import Textual
START_AREAS = ("desk", "customers", "items", "setup", "quotes", "orders", "invoices", "credit_memos", "return_orders",
               "blanket_orders", "posted_invoices", "posted_shipments", "posted_credit_memos",
               "posted_return_receipts", "customer_entries", "item_entries", "gl_entries", "vat_entries",
               "payment_journal", "aged_balance", "bank_reconciliation", "outbox", "standard_codes",
               "purchase_orders", "purchase_invoices", "purchase_credit_memos", "posted_purchase_receipts",
               "posted_purchase_invoices", "posted_purchase_credit_memos", "vendors", "vendor_entries",
               "aged_payables")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="salesdesk",
        description=_("A keyboard-driven sales desk: customers, items, quotes, orders, invoices."),
    )
    parser.add_argument("--version", action="version", version=f"salesdesk {__version__}")
    parser.add_argument("--db", metavar="PATH", help=_("database file or SQLAlchemy URL "
                                                        "(default: $SALESDESK_DB, else salesdesk.db in the user data directory)"))
    parser.add_argument("--demo", action="store_true", help=_("fill an empty database with the demo company first"))
    parser.add_argument("--start", choices=START_AREAS, default="desk", metavar="AREA",
                        help=_("the area to open first: {areas}").format(areas=", ".join(START_AREAS)))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = sub.add_parser("demo", help=_("build a large demo company headless (for benchmarks)"))
    demo.add_argument("--db", dest="demo_db", metavar="PATH", required=True, help=_("database to fill (must be empty)"))
    demo.add_argument("--customers", type=int, default=1000, metavar="N")
    demo.add_argument("--items", type=int, default=200, metavar="N")
    demo.add_argument("--entries", type=int, default=10000, metavar="N")
    copy = sub.add_parser("copy-to", help=_("copy the whole database (--db, or the default one) into a new, empty "
                                            "database, e.g. on a PostgreSQL server, and check the copy"))
    copy.add_argument("target", metavar="URL", help=_("the new database: a SQLAlchemy URL "
                                                      "(postgresql+psycopg://user:password@host/name) or a file"))
    return parser


def _run_copy(args) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from .config import resolve
    from .model import Desk, SalesDeskError
    from .model.copying import copy_database

    source = Desk.open(resolve(args.db).db)
    try:
        with Progress(TextColumn("{task.description:<28}"), BarColumn(), MofNCompleteColumn()) as progress:
            tasks: dict[str, int] = {}

            def report(table: str, done: int, total: int) -> None:
                if table not in tasks:
                    tasks[table] = progress.add_task(table, total=total)
                progress.update(tasks[table], completed=done)

            checks = copy_database(source.db, args.target, progress=report)
    except SalesDeskError as err:
        print(f"salesdesk: {err}", file=sys.stderr)
        return 1
    finally:
        source.close()
    different = [c.table for c in checks if not c.same]
    rows = sum(c.rows for c in checks)
    if different:
        print(_("salesdesk: the copy differs in {tables}").format(tables=", ".join(different)), file=sys.stderr)
        return 1
    print(_("Copied {rows:,} rows of {n} tables; every table has the same row count and totals in both.").format(
        rows=rows, n=len(checks)))
    return 0


def _run_demo(args) -> int:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from .model import Desk, SalesDeskError
    from .model.demo import generate

    desk = Desk.open(args.demo_db)
    try:
        with Progress(TextColumn("{task.description:<24}"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn()) as progress:
            tasks: dict[str, int] = {}

            def report(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = progress.add_task(stage, total=total)
                progress.update(tasks[stage], completed=done)

            generate(desk, customers=args.customers, items=args.items, entries=args.entries, progress=report)
    except SalesDeskError as err:
        print(f"salesdesk: {err}", file=sys.stderr)
        return 1
    finally:
        desk.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "demo":
        return _run_demo(args)
    if args.command == "copy-to":
        return _run_copy(args)
    from .config import resolve

    # Textual paints at most TEXTUAL_FPS frames a second (60 by default), so a change can
    # wait up to 17 ms for its frame; 120 halves that wait for a filter keystroke.
    os.environ.setdefault("TEXTUAL_FPS", "120")
    settings = resolve(args.db)
    from .app import SalesDeskApp

    app = SalesDeskApp(settings, demo=args.demo, start=args.start)
    app.run()
    return app.return_code or 0
