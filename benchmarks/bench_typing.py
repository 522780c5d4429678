"""Order entry at typing speed (issue 15): the real program in a pseudo-terminal, a 5-line
order typed from the desk. Prints the keystrokes it takes and the time from the last key to
the totals painted; never part of the test run.

    python benchmarks/bench_typing.py [--runs 5] [--delay 0.03]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.terminal.terminal import Terminal  # noqa: E402

ORDER = [("I00001", "3"), ("I00002", "1"), ("I00003", "4"), ("I00004", "6"), ("I00005", "2")]
CUSTOMER = "C00002"
TOTAL = "Total Excl. VAT 352.90"  # 3 x 24.90 + 39.00 + 4 x 32.50 + 6 x 14.90 + 2 x 9.90


def keys() -> list[str]:
    typed = ["O", *CUSTOMER, "enter"]
    for item, quantity in ORDER:
        typed += [*item, "enter", *quantity, "enter"]
    return typed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--delay", type=float, default=0.03, help="seconds between keys")
    args = parser.parse_args()
    from salesdesk.model import Desk

    typed = keys()
    data_keys = len(CUSTOMER) + sum(len(i) + len(q) for i, q in ORDER)
    print(f"5-line order from the desk: {len(typed)} keystrokes = {data_keys} customer/item/quantity "
          f"characters + {len(typed) - data_keys} others (O, then Enter after the customer and after "
          "every item and quantity)")
    settle = []
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "demo.db"
        desk = Desk.open(template)
        desk.load_demo()
        desk.close()
        for run in range(args.runs):
            db = Path(tmp) / f"run{run}.db"
            db.write_bytes(template.read_bytes())
            term = Terminal(db, columns=120, lines=40)
            try:
                term.wait_for("The desk ·")
                term.press(*typed, delay=args.delay)
                last_key = time.perf_counter()
                term.wait_for(TOTAL, timeout=30)
                settle.append(time.perf_counter() - last_key)
            finally:
                term.close()
    shown = "  ".join(f"{s * 1000:.0f}" for s in settle)
    print(f"last key -> totals painted ({args.delay * 1000:.0f} ms a key, 120x40): {shown} ms; "
          f"median {statistics.median(settle) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
