"""An alarm that interrupts a piece of work after a number of seconds, never inside an import.

Shared by the analyser time limit (``rashomon.limits``) and the linker budget
(``rashomon.linker_budget``); it imports nothing heavy, so ``info`` and ``export``, which read
the linker budget's records, start without spaCy.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from types import FrameType


class alarm:  # noqa: N801 - used as a context manager, like a function
    """SIGALRM after ``seconds`` raises ``error``; the previous handler is restored.

    While ``wait(frame)`` holds when the time is up, the alarm is re-armed every ``GRACE``
    seconds instead: an exception inside an import leaves its package half-initialised in
    sys.modules (every later import of it fails), so by default an import is let finish first.
    """

    def __init__(
        self,
        seconds: float,
        error: type[Exception],
        wait: Callable[[FrameType | None], bool] | None = None,
    ) -> None:
        self.seconds = seconds
        self.error = error
        self.wait = wait or _importing

    def __enter__(self) -> None:
        self.previous = signal.signal(signal.SIGALRM, self._expire)
        signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc: object) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self.previous)

    def _expire(self, signum: int, frame: FrameType | None) -> None:
        if self.wait(frame):
            signal.setitimer(signal.ITIMER_REAL, GRACE)
            return
        raise self.error


GRACE = 0.05  # seconds between checks while a stopped analyser or linker must not be cut


def _importing(frame: FrameType | None) -> bool:
    """Whether ``frame`` or a caller is running Python's import machinery."""
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            return True
        frame = frame.f_back
    return False
