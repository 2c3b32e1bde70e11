"""Position lookups over a document's items in about log time, so per-event work stays linear."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar


class HasSpan(Protocol):
    """Anything with character offsets."""

    @property
    def start(self) -> int:
        """First character."""
        ...

    @property
    def end(self) -> int:
        """One past the last character."""
        ...


T = TypeVar("T", bound=HasSpan)


class Spans(Sequence[T]):
    """Items sorted by start; queries return them in their original order.

    A query looks only at items starting within the longest item's length before it, which is
    short for mentions, times, places and sentences; the answers equal a scan of the list.
    """

    def __init__(self, items: Iterable[T]) -> None:
        self.items = list(items)
        order = sorted(range(len(self.items)), key=lambda n: self.items[n].start)
        self._order = order
        self._starts = [self.items[n].start for n in order]
        self._reach = max((i.end - i.start for i in self.items), default=0)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, n: int) -> T:  # type: ignore[override]
        return self.items[n]

    def _near(self, start: int, end: int) -> list[int]:
        """Original positions of the items that start in [start - longest, end]."""
        lo = bisect_left(self._starts, start - self._reach)
        hi = bisect_right(self._starts, end)
        return sorted(self._order[lo:hi])

    def overlapping(self, start: int, end: int) -> list[T]:
        """Items that share a character with [start, end)."""
        return [
            self.items[n]
            for n in self._near(start, end)
            if self.items[n].start < end and self.items[n].end > start
        ]

    def enclosing(self, pos: int) -> T | None:
        """The first item (in list order) holding the character at ``pos``."""
        return next(
            (
                self.items[n]
                for n in self._near(pos, pos)
                if self.items[n].start <= pos < self.items[n].end
            ),
            None,
        )

    def inside(self, start: int, end: int) -> list[T]:
        """Items lying wholly within [start, end)."""
        lo = bisect_left(self._starts, start)
        hi = bisect_right(self._starts, end)
        return [self.items[n] for n in sorted(self._order[lo:hi]) if self.items[n].end <= end]


def longest_overlapping(items: Spans[T], start: int, end: int) -> T | None:
    """The longest item overlapping [start, end); the first in list order wins ties."""
    best = None
    for item in items.overlapping(start, end):
        if best is None or item.end - item.start > best.end - best.start:
            best = item
    return best


def positions_in(sorted_positions: Sequence[int], start: int, end: int) -> Sequence[int]:
    """The values of a sorted list within [start, end)."""
    return sorted_positions[
        bisect_left(sorted_positions, start) : bisect_left(sorted_positions, end)
    ]


def mention_for(mentions: Sequence[T] | Spans[T], start: int, end: int) -> T | None:
    """The mention inside (or overlapping) a character range; the longest wins (any list of
    spans; a ``Spans`` is searched by position)."""
    if isinstance(mentions, Spans):
        return longest_overlapping(mentions, start, end)
    best = None
    for m in mentions:
        if (
            m.start < end
            and m.end > start
            and (best is None or m.end - m.start > best.end - best.start)
        ):
            best = m
    return best
