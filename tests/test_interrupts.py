"""A Ctrl-C whose first KeyboardInterrupt is lost (raised inside a finaliser) still stops
``analyze`` at the next stored document."""

from __future__ import annotations

import gc
import os
import signal

import pytest

from rashomon.interrupts import remembered


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the lost raise
def test_a_lost_interrupt_is_raised_again_at_the_check() -> None:
    with remembered() as interrupts:
        interrupts.check()  # nothing pending

        class Finaliser:
            def __del__(self) -> None:
                os.kill(os.getpid(), signal.SIGINT)  # raised here, then printed as ignored

        Finaliser()
        gc.collect()
        assert interrupts.pending
        with pytest.raises(KeyboardInterrupt):
            interrupts.check()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_sigint_still_raises_at_once() -> None:
    with remembered() as interrupts, pytest.raises(KeyboardInterrupt):
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(1000):  # the handler runs at the next bytecode
            pass
    assert interrupts.pending


def test_an_ignored_sigint_is_left_alone() -> None:
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with remembered() as interrupts:
            assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
        assert not interrupts.pending
    finally:
        signal.signal(signal.SIGINT, previous)
