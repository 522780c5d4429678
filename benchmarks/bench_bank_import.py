"""Bank statement import at size (issue 16): a CSV of 5 MB and one of 50 MB, each imported
in a fresh process on the demo company; prints the wall time and the peak memory (max RSS)
of that process. Never part of the test run.

    python benchmarks/bench_bank_import.py [--sizes 5 50]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

LINE = "{day:02d}/03/2026;Virement SEPA recu CLIENT {n:06d} REF FACTURE PSI-{inv:05d} MERCI;{amount},{cents:02d};E2E-{n:08d}\n"

CHILD = textwrap.dedent("""
    import contextlib, json, resource, sys, time
    from salesdesk.model import Desk
    desk = Desk.open(sys.argv[1])
    real_write, held = desk.db.write, []

    @contextlib.contextmanager
    def timed_write(*args, **kwargs):  # how long the import holds the write lock
        with contextlib.ExitStack() as stack:
            stack.callback(lambda: held.append(time.perf_counter() - taken))
            session = stack.enter_context(real_write(*args, **kwargs))
            taken = time.perf_counter()
            yield session

    desk.db.write = timed_write
    started = time.perf_counter()
    outcome = "imported"
    try:
        result = desk.payments.bank.import_file(sys.argv[2])
        detail = f"{result.imported:,} lines"
    except Exception as err:
        outcome, detail = "refused", str(err)[:90]
    seconds = time.perf_counter() - started
    print(json.dumps({"outcome": outcome, "detail": detail, "seconds": seconds, "lock_s": sum(held),
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
""")


def make_csv(path: Path, megabytes: int) -> int:
    target = megabytes * 1024 * 1024
    size = lines = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("Date;Libellé;Montant;Référence\n")
        while size < target:
            text = LINE.format(day=lines % 28 + 1, n=lines, inv=lines % 90000 + 1, amount=lines % 900 + 10,
                               cents=lines % 100)
            out.write(text)
            size += len(text.encode())
            lines += 1
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 50], help="file sizes in MB")
    args = parser.parse_args()
    from salesdesk.model import Desk

    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "demo.db"
        with Desk.open(template) as desk:
            desk.load_demo()
        for megabytes in args.sizes:
            csv_path = Path(tmp) / f"statement-{megabytes}mb.csv"
            lines = make_csv(csv_path, megabytes)
            db = Path(tmp) / f"desk-{megabytes}.db"
            db.write_bytes(template.read_bytes())
            run = subprocess.run([sys.executable, "-c", CHILD, str(db), str(csv_path)],
                                 capture_output=True, text=True, check=True)
            figures = json.loads(run.stdout.strip().splitlines()[-1])
            print(f"{megabytes:3d} MB ({lines:,} lines): {figures['outcome']} in {figures['seconds'] * 1000:,.0f} ms, "
                  f"peak memory {figures['peak_mb']:.0f} MB, write lock held {figures['lock_s'] * 1000:,.0f} ms "
              f"-- {figures['detail']}")


if __name__ == "__main__":
    main()
