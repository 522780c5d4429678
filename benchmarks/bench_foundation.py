"""Foundation figures (issue 2). Prints them; never part of the test run.

    python benchmarks/bench_foundation.py [--db big.db] [--small small.db] [--runs 5]

1. process start -> first painted frame: a bare Textual app and salesdesk's customer list
   (100,000 customers), and -> first frame showing rows, at 100,000 and at 100 customers;
2. one filter keystroke on the 100,000-row list: keypress -> new rows painted (Pilot), and
   the model query behind it;
3. ``import salesdesk.model`` in a fresh interpreter (minus the interpreter's own start).
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

HERE = Path(__file__).parent
PY = sys.executable


def build(db: Path, customers: int, items: int, entries: int) -> None:
    if db.exists():
        return
    print(f"building {db} ({customers:,} customers, {items:,} items, {entries:,} entries)…", flush=True)
    subprocess.run([PY, "-m", "salesdesk", "demo", "--db", str(db), "--customers", str(customers),
                    "--items", str(items), "--entries", str(entries)], check=True)


def in_pty(args: list[str]) -> dict[str, float]:
    """Run the child in a 120x40 pseudo-terminal; seconds from spawn to each mark."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    fd, marker = tempfile.mkstemp()
    os.close(fd)
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}

    def drain():
        try:
            while os.read(master, 65536):
                pass
        except OSError:
            pass

    start = time.time()
    proc = subprocess.Popen([PY, str(HERE / "_first_frame.py"), args[0], marker, *args[1:]],
                            stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    proc.wait(timeout=120)
    os.close(master)
    marks = {}
    for line in Path(marker).read_text().splitlines():
        what, at = line.split()
        marks[what] = float(at) - start
    os.unlink(marker)
    return marks


def median_of(runs: int, fn) -> dict[str, float]:
    samples = [fn() for _ in range(runs)]
    return {k: statistics.median(s[k] for s in samples) for k in samples[0]}


def import_time(runs: int) -> float:
    def once(code: str) -> float:
        t = time.perf_counter()
        subprocess.run([PY, "-c", code], check=True)
        return time.perf_counter() - t

    base = statistics.median(once("pass") for _ in range(runs))
    model = statistics.median(once("import salesdesk.model") for _ in range(runs))
    return model - base


async def keystrokes(db: Path, text: str) -> list[float]:
    """Milliseconds from each keypress to the repainted list, typing ``text`` into the filter."""
    os.environ.setdefault("TEXTUAL_FPS", "120")  # as the salesdesk command sets it
    from textual.widgets import Input

    from salesdesk.app import SalesDeskApp
    from salesdesk.config import Settings
    from salesdesk.widgets.paged_table import PagedTable

    # Instrument: a key reaching the filter starts the clock; the first paint after the
    # new page arrived stops it (Pilot's own waiting is not counted).
    marks: dict[str, float] = {}
    input_on_key = Input._on_key
    page_arrived = PagedTable._page_arrived

    async def on_key(self, event):
        marks["key"] = time.perf_counter()
        await input_on_key(self, event)

    def arrived(self, generation, page_no, rows):
        page_arrived(self, generation, page_no, rows)
        if self.id == "rows" and "key" in marks:
            self.call_after_refresh(lambda: marks.setdefault("painted", time.perf_counter()))

    Input._on_key = on_key
    PagedTable._page_arrived = arrived
    app = SalesDeskApp(Settings(db=str(db)), start="customers")
    timings = []
    async with app.run_test(size=(120, 40)) as pilot:
        while not app.desk_ready.is_set():
            await asyncio.sleep(0.01)
        await pilot.pause()
        table = app.screen.query_one("#rows")
        while 0 not in table._pages:
            await asyncio.sleep(0.005)
        typed = ""
        for ch in text:
            typed += ch
            marks.clear()
            await pilot.press("space" if ch == " " else ch)
            while "painted" not in marks:
                await asyncio.sleep(0.0005)
            timings.append((marks["painted"] - marks["key"]) * 1000)
            while not table.count_known:  # let the count finish before the next key
                await asyncio.sleep(0.001)
        return timings


def query_times(db: Path, words: list[str]) -> dict[str, tuple[float, float]]:
    from salesdesk.model import Desk

    desk = Desk.open(db)
    result = {}
    for w in words:
        t0 = time.perf_counter()
        desk.customers.page(w, 0, 100)
        t1 = time.perf_counter()
        desk.customers.count(w)
        t2 = time.perf_counter()
        result[w] = ((t1 - t0) * 1000, (t2 - t1) * 1000)
    desk.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=str(Path(tempfile.gettempdir()) / "salesdesk-bench-100k.db"))
    parser.add_argument("--small", default=str(Path(tempfile.gettempdir()) / "salesdesk-bench-100.db"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    big, small = Path(args.db), Path(args.small)
    build(big, 100_000, 20_000, 1_000_000)
    build(small, 100, 50, 1_000)

    in_pty(["bare"])  # warm the file cache
    bare = median_of(args.runs, lambda: in_pty(["bare"]))
    at_big = median_of(args.runs, lambda: in_pty(["salesdesk", str(big)]))
    at_small = median_of(args.runs, lambda: in_pty(["salesdesk", str(small)]))
    print(f"\nfirst frame (median of {args.runs}, 120x40 pty)")
    print(f"  bare Textual app                     {bare['frame'] * 1000:7.0f} ms")
    print(f"  salesdesk customer list, 100,000     {at_big['frame'] * 1000:7.0f} ms"
          f"   ({at_big['frame'] / bare['frame']:.2f} x bare)")
    print(f"  ... with rows painted, 100,000       {at_big['rows'] * 1000:7.0f} ms"
          f"   ({at_big['rows'] / bare['frame']:.2f} x bare)")
    print(f"  ... with rows painted, 100           {at_small['rows'] * 1000:7.0f} ms")

    text = "dupre 4"
    times = asyncio.run(keystrokes(big, text))
    print(f"\nfilter keystrokes on 100,000 customers, typing {text!r} (keypress -> rows painted)")
    print("  " + "  ".join(f"{t:5.1f}" for t in times) + " ms")
    print(f"  median {statistics.median(times):.1f} ms, max {max(times):.1f} ms")
    print("  model query behind it (page of 100 / count):")
    for word, (page, count) in query_times(big, ["d", "dupre", "dupre 4", "lyon", "zzz"]).items():
        print(f"    {word!r:10} {page:6.1f} ms / {count:6.1f} ms")

    print(f"\nimport salesdesk.model: {import_time(args.runs) * 1000:.0f} ms (beyond interpreter start)")


if __name__ == "__main__":
    main()
