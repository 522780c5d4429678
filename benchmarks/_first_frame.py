"""Child process of bench_foundation: run an app in a pty and write when it first paints.

    python _first_frame.py bare MARKER
    python _first_frame.py salesdesk MARKER DB

Writes "frame <time.time()>" after the first painted frame and, for salesdesk, "rows <t>"
after the first frame that shows customer rows; then exits.
"""

import sys
import time

kind, marker = sys.argv[1], sys.argv[2]


def mark(what: str) -> None:
    with open(marker, "a") as handle:
        handle.write(f"{what} {time.time()}\n")


if kind == "bare":
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Bare(App):
        def compose(self):
            yield Header()
            yield Static("Hello")
            yield Footer()

        def on_mount(self):
            self.call_after_refresh(self._painted)

        def _painted(self):
            mark("frame")
            self.exit()

    Bare().run()
else:
    from salesdesk.app import SalesDeskApp
    from salesdesk.widgets.paged_table import PagedTable

    app_mount = SalesDeskApp.on_mount
    page_arrived = PagedTable._page_arrived

    def on_mount(self):
        self.call_after_refresh(lambda: mark("frame"))  # before the desk starts opening
        app_mount(self)

    def arrived(self, generation, page_no, rows):
        page_arrived(self, generation, page_no, rows)
        if rows and self.id == "rows":
            def done():
                mark("rows")
                self.app.exit()

            self.call_after_refresh(done)

    SalesDeskApp.on_mount = on_mount
    PagedTable._page_arrived = arrived
    from salesdesk.cli import main

    main(["--db", sys.argv[3], "--start", "customers"])
