"""Find quoted stretches in text: any quote marks, apostrophes that are not closers, open paragraphs.

A curly or straight single mark between two letters (``don’t``, ``group’s``) is an apostrophe. A
mark after an ``s`` and before a space and a word (``the rebels’ friends``) may be a plural
possessive or a closer; it closes only when no stronger closer follows before the next opener.
A quote left open at a paragraph's end continues when the next paragraph opens with a mark,
and otherwise stops at the paragraph's end.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

OPEN_CLOSE = {"“": "”", "‘": "’", "«": "»", '"': '"', "'": "'", "„": "“", "‹": "›"}
AMBIGUOUS = {'"', "'"}
# Double marks a writer mixes up: a curly opener closed by a straight mark, or the reverse, or
# an opening curly mark typed where the closer belongs ("here,“ said X").
DOUBLE = {"“", "”", '"'}
PARAGRAPH = re.compile(r"\n\s*\n")
# Two apostrophes standing for a double mark (''We will,'' she said), as some archives print.
TWO_APOSTROPHES = "''"


@dataclass
class Quoted:
    """One quoted stretch: the marks' span and the quoted pieces (one per paragraph)."""

    start: int  # the opening mark
    end: int  # just after the closing mark (or the paragraph end when never closed)
    parts: list[tuple[int, int]] = field(default_factory=list)  # inner spans, without marks
    mark: str = '"'
    closed: bool = True

    @property
    def inner_start(self) -> int:
        """Where the quoted words start."""
        return self.parts[0][0]

    @property
    def inner_end(self) -> int:
        """Where the quoted words end."""
        return self.parts[-1][1]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: stretches separated by blank lines (single newlines also split)."""
    spans, pos = [], 0
    for match in re.finditer(r"\n+", text):
        if match.start() > pos:
            spans.append((pos, match.start()))
        pos = match.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def find_quotes(text: str) -> list[Quoted]:
    """All quoted stretches of ``text``, in order, paragraph-continued quotes merged."""
    found: list[Quoted] = []
    pending: Quoted | None = None
    for p_start, p_end in paragraphs(text):
        first = _first_nonspace(text, p_start, p_end)
        if pending is not None and first < p_end and text.startswith(pending.mark, first):
            quotes = _scan(text, first, p_end)
            if quotes and quotes[0].start == first:
                head = quotes.pop(0)
                pending.parts.extend(head.parts)
                pending.end, pending.closed = head.end, head.closed
                if head.closed:
                    found.append(pending)
                    pending = None
                found.extend(q for q in quotes if q.closed)
                pending = pending or next((q for q in quotes if not q.closed), None)
                continue
        if pending is not None:
            found.append(pending)
            pending = None
        for quote in _scan(text, p_start, p_end):
            if quote.closed:
                found.append(quote)
            else:
                pending = quote
    if pending is not None:
        found.append(pending)
    return sorted(found, key=lambda q: q.start)


def _first_nonspace(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


def _scan(text: str, start: int, end: int) -> list[Quoted]:
    """Quotes inside one paragraph; the last may be left open (``closed=False``)."""
    quotes: list[Quoted] = []
    pos = start
    while pos < end:
        ch = text[pos]
        if text.startswith(TWO_APOSTROPHES, pos) and _is_opener(text, pos + 1, start):
            quote = _two_apostrophes(text, pos, end)
            quotes.append(quote)
            if not quote.closed:
                return quotes
            pos = quote.end
            continue
        if ch in OPEN_CLOSE and _is_opener(text, pos, start):
            close = _find_close(text, pos, end, OPEN_CLOSE[ch])
            if close is None:
                inner = _trim(text, pos + 1, end)
                quotes.append(Quoted(pos, inner[1], [inner], ch, closed=False))
                return quotes
            inner = _trim(text, pos + 1, close)
            if inner[1] > inner[0]:
                quotes.append(Quoted(pos, close + 1, [inner], ch))
            pos = close + 1
            continue
        pos += 1
    return quotes


def _two_apostrophes(text: str, pos: int, end: int) -> Quoted:
    """A quote opened by two apostrophes, closed by the next two after a non-space."""
    close = pos + 2
    while True:
        close = text.find(TWO_APOSTROPHES, close, end)
        if close < 0 or not text[close - 1].isspace():
            break
        close += 2
    if close < 0:
        inner = _trim(text, pos + 2, end)
        return Quoted(pos, inner[1], [inner], TWO_APOSTROPHES, closed=False)
    return Quoted(pos, close + 2, [_trim(text, pos + 2, close)], TWO_APOSTROPHES)


def _is_opener(text: str, pos: int, para_start: int) -> bool:
    """An opening mark: at a paragraph or word start, followed by a word character."""
    ch = text[pos]
    nxt = text[pos + 1] if pos + 1 < len(text) else " "
    prev = text[pos - 1] if pos > para_start else " "
    if nxt.isspace():
        return False
    if ch in ("’", "”", "»", "›"):
        return False
    if ch in AMBIGUOUS or ch == "‘":
        return not prev.isalnum()
    return True


def _find_close(text: str, open_pos: int, end: int, closer: str) -> int | None:
    """The position of the mark closing the quote opened at ``open_pos``, or None."""
    opener = text[open_pos]
    weak: int | None = None
    mixed = _MixedCloser(opener)
    pos = open_pos + 1
    while pos < end:
        ch = text[pos]
        if ch == closer and _closer_ok(text, pos, open_pos):
            if mixed.reopened:
                return mixed.at  # a mixed mark closed it; this closer ends a later quote
            if _is_weak(text, pos, end):
                weak = pos if weak is None else weak
            else:
                return pos
        elif ch == opener and weak is not None and _is_opener(text, pos, open_pos):
            return weak  # a new quote opens: the possessive-looking mark was the closer
        else:
            mixed.see(text, pos, open_pos)
        pos += 1
    return weak if weak is not None else mixed.at


class _MixedCloser:
    """The first other double mark shaped as a closer ('“We will,\" she said'), unless it
    closes a quote nested inside ('“He said "no" to me”'). It closes the quote when the
    paragraph has no proper closer, or when a new quote opens before the proper closer:
    the quote then never runs over its attribution into the next one."""

    def __init__(self, opener: str) -> None:
        self.active = opener in DOUBLE
        self.at: int | None = None
        self.reopened = False
        self.nested = False

    def see(self, text: str, pos: int, open_pos: int) -> None:
        """Take note of the mark at ``pos`` (anything but the proper closer)."""
        if not self.active or text[pos] not in DOUBLE:
            return
        if _is_opener(text, pos, open_pos):
            if self.at is None:
                self.nested = True
            else:
                self.reopened = True
        elif _closer_ok(text, pos, open_pos) and not _word_follows(text, pos):
            if self.nested:
                self.nested = False
            elif self.at is None:
                self.at = pos


def _word_follows(text: str, pos: int) -> bool:
    return pos + 1 < len(text) and text[pos + 1].isalnum()


def _closer_ok(text: str, pos: int, open_pos: int) -> bool:
    """A closing mark is not an apostrophe inside a word and follows a non-space."""
    prev = text[pos - 1]
    nxt = text[pos + 1] if pos + 1 < len(text) else " "
    if prev.isspace() or pos == open_pos + 1:
        return False
    return not (text[pos] in ("’", "'") and prev.isalpha() and nxt.isalpha())  # don’t


def _is_weak(text: str, pos: int, end: int) -> bool:
    """``rebels’ friends``: after an s, before a space and a word: maybe a possessive."""
    if text[pos] not in ("’", "'") or text[pos - 1] not in "sS":
        return False
    rest = text[pos + 1 : min(end, pos + 3)]
    return len(rest) == 2 and rest[0] == " " and rest[1].isalpha()


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class Stretches:
    """Character ranges (quoted speech) with fast overlap and containment tests: a test looks
    only at the ranges that can reach it (bounded by the longest), so a pass over a document
    stays linear instead of testing every range for every token."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [a for a, _ in self.spans]
        self.longest = max((b - a for a, b in self.spans), default=0)

    def _near(self, start: int, end: int) -> list[tuple[int, int]]:
        i = bisect_left(self.starts, start - self.longest)
        j = bisect_left(self.starts, end, lo=i)
        return self.spans[i:j]

    def overlap(self, start: int, end: int) -> int:
        """Characters of ``start:end`` inside the ranges (counted once per range)."""
        return sum(max(0, min(b, end) - max(a, start)) for a, b in self._near(start, end))

    def contains(self, pos: int) -> bool:
        """Whether a position lies inside a range."""
        return any(a <= pos < b for a, b in self._near(pos, pos + 1))
