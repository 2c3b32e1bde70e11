"""An analyser that raises on one document costs that document's items, never the run.

Without this, one exception inside one analyser (a bug met by an odd text, a broken user
override of the language data) ends ``analyze`` with a traceback, and every document of the
current spaCy batch is lost with it. ``contain_failures`` wraps each analyser of a pipeline so
that an exception stops only that analyser on that document: the document is stored with what
the other analysers found, marked ``partial`` with a warning naming the analyser and the error,
exactly as an analyser stopped by its time limit (``rashomon.limits``).

Only ``analyze`` installs it, while it runs (``contained``): ``Pipeline.analyse`` itself still
raises, so the fuzzer (``bench/drills.py``) and the tests see every crash.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rashomon.document import Item
from rashomon.limits import AnalyserTimeout, guard_analysers, mark_partial

if TYPE_CHECKING:
    from rashomon.analysers.base import AnalysisContext
    from rashomon.pipeline import Pipeline


def contain_failures(pipeline: Pipeline) -> list[tuple[Any, Callable[..., list[Item]]]]:
    """Make each analyser of ``pipeline`` turn an exception into a partial document
    (idempotent); the (wrapper, original) pairs that ``contained`` restores."""
    guard_analysers(pipeline, pipeline.limits.analyser_seconds)  # the time limit stays outermost
    wrapped = []
    for analyser in pipeline.analysers:
        limited = analyser.analyse
        inner = getattr(limited, "analyse", None)
        if callable(inner) and not isinstance(inner, _Contained):
            limited.analyse = _Contained(inner, analyser.name)  # type: ignore[attr-defined]
            wrapped.append((limited, inner))
    return wrapped


@contextmanager
def contained(pipeline: Pipeline) -> Iterator[None]:
    """``contain_failures`` while the block runs; afterwards the analysers raise again."""
    wrapped = contain_failures(pipeline)
    try:
        yield
    finally:
        for limited, inner in wrapped:
            limited.analyse = inner


class _Contained:
    """An analyser's ``analyse`` whose exceptions mark the document partial instead of rising."""

    def __init__(self, analyse: Callable[[AnalysisContext], list[Item]], name: str) -> None:
        self.analyse = analyse
        self.name = name

    def __call__(self, ctx: AnalysisContext) -> list[Item]:
        try:
            return self.analyse(ctx)
        except AnalyserTimeout:
            raise  # the time limit's own stop, handled above this
        except Exception as exc:
            reason = f"{type(exc).__name__}: {exc}"[:200]
            warning = f"analyser {self.name} failed ({reason}); its results are missing (partial)"
            mark_partial(ctx.doc, self.name, [warning])
            return []
