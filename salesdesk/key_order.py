"""Keys in the order they were typed, each to the screen and cell it was typed for.

Textual hands a key to the focused widget's own message queue and lets it bubble up through
other queues; a focus change or a screen push is itself queued. So at typing speed the next
key can reach the widget that *was* focused, or a list whose filter has not been applied yet.

``KeyOrder`` takes every key (and paste) from the terminal and releases the next one only
when the previous one has settled: every queue it passed through has handled it, the focus
and screen changes it caused are made, and the work it started that must finish before the
next key (a cell save, reading a document to open, a list filter) has finished. The meaning
of a key therefore never depends on how fast it was typed. A key waits for work, never for
a clock: there is no timeout in the normal path.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator

from textual import events
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.worker import WorkerState

# Worker groups whose work the next key must see done. None of them waits for the clerk,
# or the keys that would answer it would wait for it for ever.
KEY_ORDERED_GROUPS = frozenset({
    "commit",  # a cell save: the next key goes to the cell after it
    "open-document", "open-posted",  # a card being read: keys go to the card
    "paged-table",  # a list filter being applied: Enter opens the row it found
    "record-load", "record-save",  # a card form being read or saved
})

_RELEASED = "_salesdesk_released"
_MAX_EXTRA_PASSES = 3
_CLOSING_POLL_SECONDS = 0.05  # how often a wait looks whether its queue was closed meanwhile


def is_released(event: events.Event) -> bool:
    return getattr(event, _RELEASED, False)


class KeyOrder:
    """The app's single line of keys."""

    def __init__(self, app, *, ready: Callable[[], Awaitable[None]]) -> None:
        self.app = app
        self.ready = ready  # keys typed at start-up wait for this (the database opened)
        self.keys: asyncio.Queue[events.Event] = asyncio.Queue()
        self._task: asyncio.Task | None = None
        self.settling = False

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="salesdesk key order")

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def hold(self, event: events.Event) -> None:
        """Keep a key from the terminal until the keys before it have settled."""
        self.keys.put_nowait(event)

    @property
    def pending(self) -> int:
        return self.keys.qsize()

    async def _run(self) -> None:
        await self.ready()
        while True:
            event = await self.keys.get()
            setattr(event, _RELEASED, True)
            self.settling = True
            try:
                self.app.post_message(event)
                await self.settle()
            except asyncio.CancelledError:
                raise
            except Exception as err:  # a key must never stop the keys after it
                self.app.log.error(f"key order: {err!r}")
            finally:
                self.settling = False

    async def settle(self) -> None:
        """Wait until what was posted so far has been handled, to a fixed point: every queue
        on the way from the widget that had the key (and the one that has focus now) up to the
        app is empty, the screen and focus no longer change and no key-ordered work runs."""
        app = self.app
        typed_into = app.screen.focused
        extra_passes = 0
        while True:
            screen = app.screen
            focused = screen.focused
            nodes = [app, *_chain(typed_into), *_chain(focused or screen), app]
            for node in nodes:
                await _drained(node)
            await self._ordered_work()
            if app.screen is not screen or app.screen.focused is not focused or _busy(app):
                continue
            # A message handled on the way may have posted another one above it (a field left
            # posts "edited" to its form, which the screen then saves): go round again while a
            # queue holds something, a few times at most (timers and animations post for ever).
            if all(_idle(node) for node in nodes) or extra_passes == _MAX_EXTRA_PASSES:
                return
            extra_passes += 1

    async def _ordered_work(self) -> None:
        while True:
            running = [w for w in self.app.workers
                       if w.group in KEY_ORDERED_GROUPS and w.state in (WorkerState.PENDING, WorkerState.RUNNING)]
            if not running:
                return
            for worker in running:
                try:
                    await worker.wait()
                except Exception:
                    pass  # its failure is reported by the worker's own handler


def _busy(app) -> bool:
    return any(w.group in KEY_ORDERED_GROUPS and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
               for w in app.workers)


def _idle(node: MessagePump) -> bool:
    return node._closing or node._closed or node._message_queue.empty()


def _chain(node) -> Iterator[MessagePump]:
    """The node and its ancestors up to its screen: the queues a key bubbles through."""
    while node is not None:
        yield node
        if isinstance(node, Screen):
            return
        node = node.parent


async def _drained(node: MessagePump) -> None:
    """Wait until ``node`` has handled everything posted to it before now."""
    if node._closing or node._closed or not node.is_running:
        return
    done = asyncio.get_running_loop().create_future()

    def mark() -> None:
        if not done.done():
            done.set_result(None)

    if not node.call_later(mark):
        return
    while not done.done():  # a queue closed meanwhile (a screen dismissed) never gets there
        await asyncio.wait({done}, timeout=_CLOSING_POLL_SECONDS)
        if node._closing or node._closed:
            return
