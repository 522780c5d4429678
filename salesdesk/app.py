"""The Textual application: modes (areas), global keys, palette providers, error reporting.

It holds no business logic. The model (and SQLModel behind it) is imported in a thread after
the first frame is painted; screens reach it through ``app.desk`` from their workers.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from . import styles
from .config import Settings
from .i18n import _
from .key_order import KeyOrder, is_released
from .widgets import terminal_safe

if TYPE_CHECKING:
    from .model import Desk

log = logging.getLogger("salesdesk")
terminal_safe.install()  # no control character from data ever reaches the terminal



def _home():
    from .screens.common.home import HomeScreen

    return HomeScreen()


def _customers():
    from .screens.customers.customer_list import CustomerListScreen

    return CustomerListScreen()


def _items():
    from .screens.inventory.item_list import ItemListScreen

    return ItemListScreen()


def _setup():
    from .screens.setup.setup_menu import SetupMenuScreen

    return SetupMenuScreen()


def _screen(module: str, name: str):
    """A mode's screen, imported when the mode is first shown."""
    def make():
        import importlib

        return getattr(importlib.import_module(f"salesdesk.screens.{module}"), name)()

    return make


SALES_AREAS = {"standard_codes": ("sales.standard_codes", "StandardCodeListScreen")}
RECEIVABLES_AREAS = {"payment_journal": ("receivables.payment_journal", "PaymentJournalScreen"),
                     "aged_balance": ("receivables.aged_balance", "AgedBalanceScreen"),
                     "bank_reconciliation": ("receivables.bank_reconciliation", "BankReconciliationScreen"),
                     "outbox": ("output.outbox", "OutboxScreen")}
# payables: vendors and what we owe them
PAYABLES_AREAS = {"vendors": ("purchases.vendor_list", "VendorListScreen"),
                  "aged_payables": ("purchases.aged_payables", "AgedPayablesScreen")}


def _jump_provider():
    from .screens.palette import JumpProvider

    return JumpProvider


def _documents(kind: str):
    def make():
        from .screens.sales.document_list import DocumentListScreen

        return DocumentListScreen(kind)

    return make


def _posted(kind: str):
    def make():
        from .screens.history.posted_list import PostedListScreen

        return PostedListScreen(kind)

    return make


def _entries(name: str):
    def make():
        from .screens.history.entries_list import EntriesListScreen

        return EntriesListScreen(name)

    return make


def _purchases(kind: str):
    def make():
        from .screens.purchases.purchase_list import PurchaseListScreen

        return PurchaseListScreen(kind)

    return make


def _posted_purchases(kind: str):
    def make():
        from .screens.purchases.posted_purchases import PostedPurchaseListScreen

        return PostedPurchaseListScreen(kind)

    return make


# purchases: open documents per kind, and posted purchase documents
PURCHASE_AREAS = {"purchase_orders": "order", "purchase_invoices": "invoice",
                  "purchase_credit_memos": "credit_memo"}
POSTED_PURCHASE_AREAS = {"posted_purchase_receipts": "receipt", "posted_purchase_invoices": "invoice",
                         "posted_purchase_credit_memos": "credit_memo"}

DOCUMENT_AREAS = {"quotes": "quote", "orders": "order", "invoices": "invoice",
                  "credit_memos": "credit_memo", "return_orders": "return_order",
                  "blanket_orders": "blanket_order"}
# history: posted documents per kind, and the ledgers (read-only areas)
POSTED_AREAS = {"posted_shipments": "shipment", "posted_invoices": "invoice",
                "posted_credit_memos": "credit_memo", "posted_return_receipts": "return_receipt"}
LEDGER_AREAS = {"customer_entries": "customer", "item_entries": "item", "gl_entries": "gl",
                "vat_entries": "vat", "vendor_entries": "vendor"}


class SalesDeskApp(App):
    """salesdesk's terminal UI."""

    TITLE = "salesdesk"
    CSS_PATH = [styles.APP]
    MODES = {"desk": _home, "customers": _customers, "items": _items, "setup": _setup,
             **{area: _documents(kind) for area, kind in DOCUMENT_AREAS.items()},
             **{area: _posted(kind) for area, kind in POSTED_AREAS.items()},
             **{area: _entries(name) for area, name in LEDGER_AREAS.items()},
             **{area: _screen(*where) for area, where in {**RECEIVABLES_AREAS, **SALES_AREAS, **PAYABLES_AREAS}.items()},
             **{area: _purchases(kind) for area, kind in PURCHASE_AREAS.items()},
             **{area: _posted_purchases(kind) for area, kind in POSTED_PURCHASE_AREAS.items()}}
    DEFAULT_MODE = "desk"
    BINDINGS = [
        Binding("f2", "switch_area('desk')", _("Desk"), id="area.desk"),
        Binding("ctrl+q", "quit", _("Quit"), id="app.quit", priority=True),
    ]

    def __init__(self, settings: Settings, *, demo: bool = False, start: str = "desk",
                 desk: "Desk | None" = None, crash_on_error: bool = False):
        self.DEFAULT_MODE = start if start in self.MODES else "desk"  # read by App.__init__
        super().__init__()
        self.crash_on_error = crash_on_error  # tests want a failure, clerks want a message
        self.settings = settings
        self._want_demo = demo
        self._start = start
        self._desk: Desk | None = desk
        self._desk_error: BaseException | None = None
        self.desk_ready = threading.Event()
        if desk is not None:
            self.desk_ready.set()
        self.set_keymap(settings.keymap)
        self.key_order = KeyOrder(self, ready=self._desk_opened)
        # The palette's providers are loaded when the palette first opens, not at start-up.
        self.COMMANDS = App.COMMANDS | {_jump_provider}

    # -- the model, opened off the UI thread ----------------------------------------------

    def on_mount(self) -> None:
        self.key_order.start()
        if self._desk is None:
            # After the first paint: importing the model while Textual paints would slow both.
            self.call_after_refresh(self.run_worker, self._open_desk, thread=True, group="open-desk")

    def _open_desk(self) -> None:
        try:
            from .model import Desk

            desk = Desk.open(self.settings.db)
            if self._want_demo and desk.is_empty():
                desk.load_demo()
            self._desk = desk
        except BaseException as err:  # reported on screen, never a traceback
            self._desk_error = err
            self.call_from_thread(self.report, err)
        finally:
            self.desk_ready.set()

    async def _desk_opened(self) -> None:
        await asyncio.to_thread(self.desk_ready.wait)

    @property
    def desk(self) -> "Desk":
        """The open desk; in a worker this waits until it is open."""
        if self._desk is None and not self.desk_ready.is_set():
            if threading.get_ident() == self._thread_id:
                # Never block the UI thread: the desk is opened by a worker it must let run.
                from .model.core.errors import SalesDeskError

                raise SalesDeskError(_("The database is still opening; try again in a moment."))
            self.desk_ready.wait(timeout=120)
        if self._desk is None:
            from .model.core.errors import SalesDeskError

            if isinstance(self._desk_error, SalesDeskError):  # the same sentence, not a crash
                raise type(self._desk_error)(str(self._desk_error))
            raise RuntimeError(_("The database could not be opened: {err}").format(err=self._desk_error))
        return self._desk

    async def db(self, fn: Callable[..., Any], *args, **kwargs) -> Any:
        """Run ``fn`` (a model call) in a thread and return its result."""
        return await asyncio.to_thread(lambda: fn(*args, **kwargs))

    async def on_event(self, event) -> None:
        # A terminal sends Alt+H as ESC h, which Textual reports as "alt+h" carrying the
        # character "h": the focused grid or text box would type it instead of running the
        # card's Alt binding. An Alt chord is never typing, so it arrives without a character.
        from textual import events

        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            if not is_released(event):
                self.key_order.hold(event)  # handled once the keys before it have settled
                return
            if isinstance(event, events.Key) and event.character and event.key.startswith("alt+"):
                event = events.Key(event.key, None)
            elif isinstance(event, events.Key) and event.key == "ctrl+j":
                # Keys typed before the program took the terminal went through the terminal's
                # line discipline, which turns Enter (CR) into a newline (LF): it is Enter.
                event = events.Key("enter", "\r")
        await super().on_event(event)

    def on_unmount(self) -> None:
        self.key_order.stop()
        if self._desk is not None:
            self._desk.close()

    # -- errors: one place turns them into what the clerk sees ----------------------------

    def notify(self, message: str, *, title: str = "", severity="information", timeout=None,
               markup: bool = True) -> None:
        # Messages carry the clerk's data ("Smith [/b] Co"): never read them as markup.
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def report(self, err: BaseException, *, title: str | None = None) -> None:
        from textual.worker import WorkerFailed

        from .model.core.errors import SalesDeskError

        if isinstance(err, WorkerFailed) and isinstance(err.error, SalesDeskError):
            err = err.error  # a refusal met in a worker reads as the refusal itself

        if isinstance(err, SalesDeskError):
            shown, at = getattr(self, "_last_refusal", ("", 0.0))
            if str(err) == shown and time.monotonic() - at < 8:
                return  # already on screen (e.g. every panel of the desk finding the database down)
            self._last_refusal = (str(err), time.monotonic())
            self.notify(str(err), title=title or _("Cannot do that"), severity="error", timeout=8, markup=False)
            return
        self._log_exception(err)
        self.notify(
            _("Something went wrong: {err}. Details are in {log}.").format(err=err, log=self.settings.log_file),
            title=_("Unexpected error"), severity="error", timeout=12, markup=False,
        )

    def _log_exception(self, err: BaseException) -> None:
        path = self.settings.log_file
        if path is None:
            return
        from .model.output.files import open_private, private_folder

        try:
            private_folder(path.parent)
            with open_private(path, append=True) as handle:  # tracebacks hold customers' data
                handle.write("".join(traceback.format_exception(err)).encode("utf-8"))
        except OSError:
            pass

    def _handle_exception(self, error: Exception) -> None:
        # Last line of defence: an unexpected error in a handler is reported, not fatal.
        from .model.core.errors import SalesDeskError

        if self.crash_on_error:
            super()._handle_exception(error)
            return
        if isinstance(error, SalesDeskError) or self._exception_is_recoverable(error):
            self.report(error)
            return
        super()._handle_exception(error)

    def _exception_is_recoverable(self, error: Exception) -> bool:
        return self.is_running and not isinstance(error, (KeyboardInterrupt, SystemExit))

    # -- navigation ----------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Ctrl+Q: quit, asking first when a card holds changes not saved yet (on any screen
        of any area), which quitting would throw away."""
        unsaved = [what for stack in self._screen_stacks.values() for screen in stack
                   if (what := getattr(screen, "unsaved_changes", lambda: None)())]
        if not unsaved:
            self.exit()
            return
        from .screens.common.dialogs import ConfirmScreen

        def answer(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit()

        self.push_screen(ConfirmScreen(
            _("Quit without saving? Changes not saved yet on: {cards}.").format(cards="; ".join(unsaved)),
            yes=_("Quit")), answer)

    def action_switch_area(self, area: str) -> None:
        self.switch_mode(area)

    def open_customer(self, no: str | None, *, here: bool = False) -> None:
        """The customer card: in the customers area, or ``here`` on the current screen's stack
        (so that Escape comes back to where it was opened from)."""
        from .screens.customers.customer_card import CustomerCardScreen

        if not here and self.current_mode != "customers":
            self.switch_mode("customers")
        self.push_screen(CustomerCardScreen(no))

    def open_vendor(self, no: str | None, *, here: bool = False) -> None:
        """The vendor card: in the vendors area, or ``here`` on the current screen's stack."""
        from .screens.purchases.vendor_card import VendorCardScreen

        if not here and self.current_mode != "vendors":
            self.switch_mode("vendors")
        self.push_screen(VendorCardScreen(no))

    def pay_vendor(self, vendor_no: str = "") -> None:
        """The vendor payment dialog (on the current screen)."""
        from .screens.purchases.vendor_payment_dialog import VendorPaymentDialog

        self.push_screen(VendorPaymentDialog(vendor_no))

    def action_pay_vendor(self) -> None:
        self.pay_vendor()

    def open_item(self, no: str | None) -> None:
        from .screens.inventory.item_card import ItemCardScreen

        if self.current_mode != "items":
            self.switch_mode("items")
        self.push_screen(ItemCardScreen(no))

    def open_document(self, kind: str, no: str | None) -> None:
        """Show a document's card (read first, so the card is built with its values)."""
        from .screens.sales.document_card import DocumentScreen

        area = next(a for a, k in DOCUMENT_AREAS.items() if k == kind)
        if self.current_mode != area:
            self.switch_mode(area)
        if no is None:
            self.push_screen(DocumentScreen(kind, None))
            return

        async def read_then_show() -> None:
            sales = self.desk.sales
            try:
                doc = await self.db(sales.get, kind, no)
                allowed = await self.db(sales.allowed_actions, doc)
            except Exception as err:
                self.report(err)
                return
            self.push_screen(DocumentScreen(kind, no, doc=doc, allowed=allowed))

        self.run_worker(read_then_show(), group="open-document")

    def open_purchase(self, kind: str, no: str | None) -> None:
        """Show a purchase document's card (read first, so the card is built with its values)."""
        from .screens.purchases.purchase_card import PurchaseDocumentScreen

        area = next(a for a, k in PURCHASE_AREAS.items() if k == kind)
        if self.current_mode != area:
            self.switch_mode(area)
        if no is None:
            self.push_screen(PurchaseDocumentScreen(kind, None))
            return

        async def read_then_show() -> None:
            purchases = self.desk.purchases
            try:
                doc = await self.db(purchases.get, kind, no)
                allowed = await self.db(purchases.allowed_actions, doc)
            except Exception as err:
                self.report(err)
                return
            self.push_screen(PurchaseDocumentScreen(kind, no, doc=doc, allowed=allowed))

        self.run_worker(read_then_show(), group="open-document")

    def open_posted(self, kind: str, no: str, *, switch: bool = False) -> None:
        """Show a posted document's card (read first), on the current screen's stack, or in
        its posted area with ``switch`` (from the palette)."""
        from .screens.history.posted_card import PostedDocumentScreen

        if switch:
            area = next(a for a, k in POSTED_AREAS.items() if k == kind)
            if self.current_mode != area:
                self.switch_mode(area)

        async def read_then_show() -> None:
            try:
                doc = await self.db(self.desk.posted.get, kind, no)
            except Exception as err:
                self.report(err)
                return
            self.push_screen(PostedDocumentScreen(kind, no, doc=doc))

        self.run_worker(read_then_show(), group="open-posted")

    def open_posted_purchase(self, kind: str, no: str, *, switch: bool = False) -> None:
        """A posted purchase document's card, on the current screen's stack (or in its posted
        area with ``switch``: from the desk's Find)."""
        from .screens.purchases.posted_purchases import PostedPurchaseScreen

        if switch:
            area = next((a for a, k in POSTED_PURCHASE_AREAS.items() if k == kind), self.current_mode)
            if self.current_mode != area:
                self.switch_mode(area)
        self.push_screen(PostedPurchaseScreen(kind, no))

    def open_entries(self, name: str, *, key: str | None = None, document_no: str | None = None,
                     open_only: bool = False) -> None:
        """A ledger's entries, narrowed to one customer / item / account or one document
        (``open_only``: open entries only)."""
        from .screens.history.entries_list import EntriesListScreen

        self.push_screen(EntriesListScreen(name, key=key, document_no=document_no, open_only=open_only))

    def open_navigate(self, document_no: str | None = None) -> None:
        """Navigate: every table holding rows for a document number (BC's Find entries)."""
        from .screens.history.navigate import NavigateScreen

        self.push_screen(NavigateScreen(document_no))

    def open_recurring_invoices(self) -> None:
        """Create Recurring Sales Invoices (the batch dialog)."""
        from .screens.sales.recurring_invoices_dialog import RecurringInvoicesScreen

        self.push_screen(RecurringInvoicesScreen())

    def get_key_display(self, binding: Binding) -> str:
        """Keys as the Footer shows them, short enough for a card's many actions to fit:
        Shift is ⇧ (alt+shift+e reads alt+⇧e)."""
        return super().get_key_display(binding).replace("shift+", "⇧")

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every action bound to a key on the current screen is also in the palette."""
        seen: set[str] = set()
        for _key, active in screen.active_bindings.items():
            binding = active.binding
            if not isinstance(active.node, (Screen, App)):
                continue  # text-box editing keys (cut, paste…) are not desk actions
            if (not binding.description or not active.enabled or binding.action in seen
                    or binding.action == "command_palette"):
                continue
            seen.add(binding.action)
            key = self.get_key_display(binding)
            yield SystemCommand(binding.description, _("Key: {key}").format(key=key),
                                _bound(active.node, binding.action))
        for area, label in (("desk", _("Go to the desk")), ("customers", _("Go to customers")),
                            ("items", _("Go to items")), ("setup", _("Go to setup")),
                            ("quotes", _("Go to sales quotes")), ("orders", _("Go to sales orders")),
                            ("invoices", _("Go to sales invoices")), ("credit_memos", _("Go to sales credit memos")),
                            ("return_orders", _("Go to sales return orders")),
                            ("standard_codes", _("Go to standard sales codes (recurring sales lines)")),
                            ("posted_invoices", _("Go to posted sales invoices")),
                            ("posted_shipments", _("Go to posted sales shipments")),
                            ("posted_credit_memos", _("Go to posted sales credit memos")),
                            ("posted_return_receipts", _("Go to posted return receipts")),
                            ("customer_entries", _("Go to customer ledger entries")),
                            ("item_entries", _("Go to item ledger entries")),
                            ("gl_entries", _("Go to general ledger entries")),
                            ("vat_entries", _("Go to VAT entries")),
                            ("payment_journal", _("Go to the cash receipt journal")),
                            ("bank_reconciliation", _("Go to bank reconciliation")),
                            ("aged_balance", _("Go to the aged balance")),
                            ("outbox", _("Go to the e-mail outbox and sent e-mails")),
                            ("purchase_orders", _("Go to purchase orders")),
                            ("purchase_invoices", _("Go to purchase invoices")),
                            ("purchase_credit_memos", _("Go to purchase credit memos")),
                            ("posted_purchase_receipts", _("Go to posted purchase receipts")),
                            ("posted_purchase_invoices", _("Go to posted purchase invoices")),
                            ("posted_purchase_credit_memos", _("Go to posted purchase credit memos")),
                            ("vendors", _("Go to vendors")),
                            ("vendor_entries", _("Go to vendor ledger entries")),
                            ("aged_payables", _("Go to aged payables"))):
            yield SystemCommand(label, _("Open an area"), _bound(self, f"switch_area('{area}')"))
        yield SystemCommand(_("Navigate (find entries)"), _("Everything posted with a document number"),
                            self.open_navigate)
        yield SystemCommand(_("Create recurring sales invoices"), _("One invoice per valid recurring sales line"),
                            self.open_recurring_invoices)
        yield SystemCommand(_("New customer"), _("Open an empty customer card"), lambda: self.open_customer(None))
        yield SystemCommand(_("New item"), _("Open an empty item card"), lambda: self.open_item(None))
        yield SystemCommand(_("New vendor"), _("Open an empty vendor card"), lambda: self.open_vendor(None))
        if "app.pay_vendor" not in seen:  # the desk lists it with its key
            yield SystemCommand(_("Pay a vendor"), _("Post a vendor payment and apply it to open invoices"),
                                self.pay_vendor)
        for kind, label in (("quote", _("New sales quote")), ("order", _("New sales order")),
                            ("invoice", _("New sales invoice")), ("credit_memo", _("New sales credit memo")),
                            ("return_order", _("New sales return order"))):
            yield SystemCommand(label, _("Open an empty document"), partial(self.open_document, kind, None))
        for kind, label in (("order", _("New purchase order")), ("invoice", _("New purchase invoice")),
                            ("credit_memo", _("New purchase credit memo"))):
            yield SystemCommand(label, _("Open an empty document"), partial(self.open_purchase, kind, None))
        yield from super().get_system_commands(screen)


def _bound(node, action: str) -> Callable[[], Any]:
    async def run() -> None:
        await node.run_action(action)

    return run
