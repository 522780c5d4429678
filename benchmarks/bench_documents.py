"""Document figures (issue 3): a 500-line order. Prints them; never part of the test run.

    python benchmarks/bench_documents.py [--lines 500] [--runs 5]

- model: read the order with totals; change one line's quantity (one unit of work, totals
  recomputed) and read it back;
- TUI (Pilot, headless, 130x40): open the card until the grid shows all lines; one cell edit
  from the keypress that saves it to the totals repainted; scroll to the last line.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path


def build(path: Path, lines: int):
    from salesdesk.model import Desk, DocKind

    desk = Desk.open(path)
    desk.load_demo()
    items = [row[0] for row in desk.items.page("", 0, 40) if row[2] == "inventory"]
    order = desk.sales.create(DocKind.ORDER, "C00001")
    for n in range(lines):
        desk.sales.add_line(order, items[n % len(items)], Decimal(n % 7 + 1))
    return desk, order


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


async def tui(db: Path, order_no: str, runs: int, lines: int) -> dict[str, list[float]]:
    """Timed inside the app (Pilot's own waiting between keys is not counted): open = from
    asking for the card to its first painted frame; edit = from the Enter that saves a
    quantity to the frame showing the new totals; scroll = Ctrl+End to the painted frame."""
    os.environ.setdefault("TEXTUAL_FPS", "120")  # as the salesdesk command sets it
    from salesdesk.app import SalesDeskApp
    from salesdesk.config import Settings
    from salesdesk.screens.sales import document_lines
    from salesdesk.screens.sales.document_card import DocumentScreen

    marks: dict[str, float] = {}
    mount, show_totals = DocumentScreen.on_mount, DocumentScreen._show_totals
    request_commit = document_lines.LineEditing.request_commit

    async def on_mount(self):
        await mount(self)
        self.call_after_refresh(lambda: marks.setdefault("opened", time.perf_counter()))

    def on_totals(self, doc):
        show_totals(self, doc)
        if "enter" in marks:
            self.call_after_refresh(lambda: marks.setdefault("edited", time.perf_counter()))

    def on_commit(self, move):
        marks.setdefault("enter", time.perf_counter())
        request_commit(self, move)

    DocumentScreen.on_mount, DocumentScreen._show_totals = on_mount, on_totals
    document_lines.LineEditing.request_commit = on_commit

    async def wait_for(mark: str) -> float:
        while mark not in marks:
            await asyncio.sleep(0.0005)
        return marks[mark]

    figures: dict[str, list[float]] = {"open": [], "edit": [], "scroll": []}
    app = SalesDeskApp(Settings(db=str(db)), start="orders")
    async with app.run_test(size=(130, 40)) as pilot:
        while not app.desk_ready.is_set():
            await asyncio.sleep(0.01)
        await pilot.pause()
        for run in range(runs):
            marks.clear()
            start = time.perf_counter()
            app.open_document("order", order_no)
            figures["open"].append(await wait_for("opened") - start)
            await pilot.pause()
            card = app.screen
            assert isinstance(card, DocumentScreen) and card.grid.row_count > lines
            card.grid.go_to("10000", "quantity")
            await pilot.press(*str(10 + run))
            await pilot.press("enter")
            figures["edit"].append(await wait_for("edited") - marks["enter"])
            start = time.perf_counter()
            card.grid.action_move(99999, 0)
            card.call_after_refresh(lambda: marks.setdefault("scrolled", time.perf_counter()))
            figures["scroll"].append(await wait_for("scrolled") - start)
            await pilot.press("escape")
            await pilot.pause()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    db = Path(tempfile.mkdtemp()) / "doc500.db"
    desk, order = build(db, args.lines)

    reads, edits = [], []
    for run in range(args.runs * 2):
        start = time.perf_counter()
        doc = desk.sales.get("order", order.no)
        reads.append(time.perf_counter() - start)
        start = time.perf_counter()
        desk.sales.update_line(order, 20000, quantity=Decimal(run + 2))
        desk.sales.get("order", order.no)
        edits.append(time.perf_counter() - start)
    print(f"order with {len(doc.lines)} lines, {doc.amount_incl_vat} incl. VAT")
    print(f"model: read with totals        median {ms(statistics.median(reads))}")
    print(f"model: edit one line + re-read median {ms(statistics.median(edits))}")
    desk.close()

    figures = asyncio.run(tui(db, order.no, args.runs, args.lines))
    print(f"TUI: open the card             median {ms(statistics.median(figures['open']))}"
          f"  max {ms(max(figures['open']))}")
    print(f"TUI: edit a quantity -> totals median {ms(statistics.median(figures['edit']))}"
          f"  max {ms(max(figures['edit']))}")
    print(f"TUI: jump to the last line     median {ms(statistics.median(figures['scroll']))}")


if __name__ == "__main__":
    main()
