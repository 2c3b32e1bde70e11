"""Deterministic interruption for drills: ``RASHOMON_DRILL_SIGNAL=N:SIGNAME`` makes the process
send itself that signal right after the N-th document is committed to the store.

Drills (``tests/test_interrupt.py``, issue 19) then interrupt at a chosen document instead of
racing a subprocess against the clock; unset, this costs one dictionary lookup per document.
"""

from __future__ import annotations

import os
import signal

ENV = "RASHOMON_DRILL_SIGNAL"
_saved = 0


def document_saved() -> None:
    """Count a committed document; send the drill's signal when the count is reached."""
    global _saved
    spec = os.environ.get(ENV)
    if not spec:
        return
    _saved += 1
    count, _, name = spec.partition(":")
    if _saved == int(count):
        os.kill(os.getpid(), getattr(signal, name or "SIGINT"))
