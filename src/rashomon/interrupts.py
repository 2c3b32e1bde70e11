"""Ctrl-C that is never lost during ``analyze``.

CPython turns SIGINT into ``KeyboardInterrupt`` at the next bytecode of the main thread. When
that bytecode belongs to a finaliser (a generator closed by the garbage collector, a
``__del__``), the exception is printed as "ignored" and the run goes on to the end. While
``remembered()`` is active, SIGINT also sets a flag, and ``check()`` raises it again at the
next safe point (after a document is stored), so the run stops there and can be resumed.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType


class Interrupts:
    """Whether SIGINT arrived while ``remembered()`` was active."""

    def __init__(self) -> None:
        self.pending = False

    def handle(self, signum: int, frame: FrameType | None) -> None:
        """The SIGINT handler: remember, then raise as Python's own handler does."""
        self.pending = True
        raise KeyboardInterrupt

    def check(self) -> None:
        """Raise ``KeyboardInterrupt`` if SIGINT arrived (its first raise may have been lost)."""
        if self.pending:
            raise KeyboardInterrupt


@contextlib.contextmanager
def remembered() -> Iterator[Interrupts]:
    """SIGINT remembered as well as raised, on the main thread, where Python's default
    handler is in place (an ignored or custom SIGINT is left as it is)."""
    state = Interrupts()
    main = threading.current_thread() is threading.main_thread()
    if not main or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield state
        return
    signal.signal(signal.SIGINT, state.handle)
    try:
        yield state
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
