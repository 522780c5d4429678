"""Posting from several OS processes on one database (a file, or with SALESDESK_TEST_PG a
PostgreSQL database), and a process killed mid-posting.

(a) Two processes post N invoices each into the same file at the same time: both succeed, the
    posted invoices are numbered exactly 1..2N (no duplicate, no gap), the G/L balances.
    Two processes trying to post the same invoices post each exactly once.
(b) A process posting in a loop is killed with SIGKILL while it works, several times over:
    afterwards every posted invoice has exactly one customer ledger entry and balanced G/L
    entries, every posted header has its lines, each series' last number is the highest posted
    number, and the invoices not posted are exactly as they were.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from sqlalchemy import text

from salesdesk.model import Desk, DocKind, NotFound

from .test_posting_support import assert_gap_free, assert_gl_balanced, series_last_nos

D = Decimal
TODAY = dt.date(2026, 11, 24)
ROOT = Path(__file__).resolve().parents[2]

# a child process: wait for the start signal, post the given invoices, print each number
POSTER = r"""
import os, sys, time
from salesdesk.model import Desk, DocKind, DocRef, NotFound
path, go, nos = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
desk = Desk.open(path)
while not os.path.exists(go):
    time.sleep(0.002)
for no in nos:
    try:
        result = desk.sales.post(DocRef(DocKind.INVOICE, no))
    except NotFound:  # the other process posted it first
        print(no, "-", "-", flush=True)
        continue
    print(no, result.invoice_no, result.shipment_no, flush=True)
    time.sleep(0.001)  # let the other process in between (SQLite's busy wait is not fair)
desk.close()
"""


def child_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    return env


def start_poster(db, go: Path, nos: list[str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", POSTER, str(db), str(go), ",".join(nos)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env(), cwd=ROOT)


def make_shop(db, invoices: int, lines_per_invoice: int) -> tuple[Desk, list[str]]:
    desk = Desk.open(db, clock=lambda: TODAY)
    desk.setup.set_vat("STD", D("20"))
    desk.setup.add_payment_terms("30D", due_days=30)
    desk.customers.create("C", no="C", payment_terms="30D")
    for no, price in (("A", D("10.00")), ("B", D("3.33"))):
        desk.items.create(no, no=no, unit_price=price, unit_cost=D("1.00"), vat_prod_group="STD")
        desk.items.adjust(no, D("10000"))
    nos = []
    for n in range(invoices):
        doc = desk.sales.create(DocKind.INVOICE, "C")
        for k in range(lines_per_invoice):
            desk.sales.add_line(doc, "AB"[k % 2], D(1 + (n + k) % 4))
        nos.append(doc.no)
    return desk, nos


def test_two_processes_post_at_the_same_time(database, tmp_path):
    n = 20
    db, go = database, tmp_path / "go"
    desk, nos = make_shop(db, 2 * n, 2)
    expected_total = sum((desk.sales.get(DocKind.INVOICE, no).amount_incl_vat for no in nos), D(0))
    desk.close()

    children = [start_poster(db, go, nos[0::2]), start_poster(db, go, nos[1::2])]
    time.sleep(0.3)  # both opened and waiting
    go.touch()
    outputs = []
    for child in children:
        out, err = child.communicate(timeout=60)
        assert child.returncode == 0, err
        outputs.append([line.split() for line in out.splitlines()])

    assert [len(o) for o in outputs] == [n, n]
    got = [invoice_no for output in outputs for _no, invoice_no, _shipment in output]
    assert len(set(got)) == 2 * n  # no duplicate
    assert sorted(got) == [f"PSI-{i:05d}" for i in range(1, 2 * n + 1)]  # no gap
    shipments = sorted(shipment for output in outputs for _n, _i, shipment in output)
    assert shipments == [f"PSS-{i:05d}" for i in range(1, 2 * n + 1)]
    for output in outputs:  # each process saw its own numbers rise
        numbers = [int(invoice_no[4:]) for _no, invoice_no, _s in output]
        assert numbers == sorted(numbers)

    with Desk.open(db, clock=lambda: TODAY) as desk:
        assert [i.no for i in desk.posted.invoices()] == sorted(got)
        assert {i.pre_assigned_no: i.no for i in desk.posted.invoices()} == {
            no: invoice_no for output in outputs for no, invoice_no, _s in output}
        assert desk.sales.count(DocKind.INVOICE) == 0
        assert_gl_balanced(desk)
        assert_gap_free(desk)
        assert series_last_nos(desk)["P-INVOICE"] == 2 * n
        assert desk.customers.balance("C") == expected_total
        assert len(desk.ledger.customer_entries("C")) == 2 * n
        shipped = sum(l.quantity for s in desk.posted.shipments() for l in s.lines)
        assert desk.items.inventory("A") + desk.items.inventory("B") == D("20000") - shipped


def test_two_processes_posting_the_same_invoices_post_each_once(database, tmp_path):
    n = 20
    db, go = database, tmp_path / "go"
    desk, nos = make_shop(db, n, 1)
    desk.close()

    children = [start_poster(db, go, nos), start_poster(db, go, nos)]
    time.sleep(0.3)
    go.touch()
    results = defaultdict(list)
    for child in children:
        out, err = child.communicate(timeout=60)
        assert child.returncode == 0, err
        for no, invoice_no, _shipment in (line.split() for line in out.splitlines()):
            results[no].append(invoice_no)

    assert set(results) == set(nos)
    for no, outcomes in results.items():
        assert len(outcomes) == 2 and outcomes.count("-") == 1, (no, outcomes)  # one posted it, one found it gone
    with Desk.open(db, clock=lambda: TODAY) as desk:
        invoices = desk.posted.invoices()
        assert sorted(i.pre_assigned_no for i in invoices) == sorted(nos)
        assert [i.no for i in invoices] == [f"PSI-{i:05d}" for i in range(1, n + 1)]
        assert len(desk.ledger.customer_entries("C")) == n
        assert_gl_balanced(desk)
        assert_gap_free(desk)


def test_a_process_killed_while_posting_leaves_a_consistent_database(database, tmp_path):
    db, go = database, tmp_path / "go"
    go.touch()
    desk, nos = make_shop(db, 60, 3)
    originals = {no: desk.sales.get(DocKind.INVOICE, no) for no in nos}
    desk.close()

    rng = random.Random(20261124)
    remaining = list(nos)
    for _round in range(4):
        child = start_poster(db, go, remaining)
        posted_now = 0
        wanted = rng.randint(3, 8)
        deadline = time.monotonic() + 30
        while posted_now < wanted and time.monotonic() < deadline:
            line = child.stdout.readline()
            if not line:
                break
            posted_now += 1
        time.sleep(rng.uniform(0, 0.015))  # land somewhere inside the next posting
        child.kill()  # SIGKILL
        child.communicate(timeout=30)
        assert posted_now == wanted, child.stderr.read() if child.stderr else ""
        with Desk.open(db, clock=lambda: TODAY) as desk:
            done = {i.pre_assigned_no for i in desk.posted.invoices()}
        remaining = [no for no in remaining if no not in done]

    with Desk.open(db, clock=lambda: TODAY) as desk:
        check_consistent(desk, originals)
        # the database goes on: the next posting takes the next number
        last = series_last_nos(desk)["P-INVOICE"]
        result = desk.sales.post(originals[remaining[0]])
        assert result.invoice_no == f"PSI-{last + 1:05d}"
        check_consistent(desk, originals)


def check_consistent(desk, originals: dict) -> None:
    invoices = desk.posted.invoices()
    assert invoices, "nothing was posted before the kills"
    entries = defaultdict(list)
    for entry in desk.ledger.customer_entries("C"):
        entries[entry.document_no].append(entry)
    assert set(entries) == {i.no for i in invoices}
    for invoice in invoices:
        (entry,) = entries[invoice.no]  # exactly one customer ledger entry
        assert entry.amount == invoice.amount_incl_vat
        gl = desk.ledger.gl_entries(invoice.no)
        assert gl and sum((e.amount for e in gl), D(0)) == 0
        assert len({e.transaction_no for e in gl}) == 1
        assert sum((v.amount for v in desk.ledger.vat_entries(invoice.no)), D(0)) == invoice.vat_amount
        source = originals[invoice.pre_assigned_no]
        assert invoice.amount_incl_vat == source.amount_incl_vat
        assert [(l.no, l.quantity) for l in invoice.lines] == [(l.no, l.quantity) for l in source.lines]
    assert_gl_balanced(desk)

    # every posted header has its lines, and no line is without its header
    with desk.db.read() as s:
        per_header = {(kind, no): n for kind, no, n in s.execute(text(
            "SELECT h.kind, h.no, count(l.line_no) FROM posted_header h LEFT JOIN posted_line l "
            "ON l.kind = h.kind AND l.document_no = h.no GROUP BY h.kind, h.no"))}
        orphans = s.execute(text(
            "SELECT count(*) FROM posted_line l LEFT JOIN posted_header h ON h.kind = l.kind AND h.no = l.document_no "
            "WHERE h.no IS NULL")).scalar_one()
    assert orphans == 0
    assert set(per_header.values()) == {3}
    assert len(per_header) == 2 * len(invoices)  # one shipment per invoice

    # the series are exactly at the highest number posted, with no gap below it
    assert_gap_free(desk)
    last = series_last_nos(desk)
    assert last["P-INVOICE"] == max(int(i.no[4:]) for i in invoices) == len(invoices)
    assert last["P-SHIPMENT"] == len(invoices)

    # the invoices not posted are as they were; the posted ones are gone
    posted_sources = {i.pre_assigned_no for i in invoices}
    for no, original in originals.items():
        if no in posted_sources:
            try:
                desk.sales.get(DocKind.INVOICE, no)
            except NotFound:
                continue
            raise AssertionError(f"{no} was posted but still exists")
        assert desk.sales.get(DocKind.INVOICE, no) == original

    # stock: what left is what the shipments say
    shipped = defaultdict(lambda: D(0))
    for shipment in desk.posted.shipments():
        for line in shipment.lines:
            shipped[line.no] += line.quantity
    for item in ("A", "B"):
        assert desk.items.inventory(item) == D("10000") - shipped[item]
