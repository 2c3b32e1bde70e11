"""A fast regex tokenizer with character offsets and a simple sentence splitter."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+(?:['’\-]\w+)*|[^\w\s]")
_CLOSERS = "\"'”’)]"
_QUOTES = frozenset('"“”«»')


@dataclass
class Tokens:
    """Tokens of one text: offsets, lowercased forms, sentence index and quote state."""

    text: str
    starts: list[int]
    ends: list[int]
    lower: list[str]
    sentence: list[int]
    quoted: list[bool]

    def __len__(self) -> int:
        return len(self.starts)

    def word(self, i: int) -> str:
        """The token as written."""
        return self.text[self.starts[i] : self.ends[i]]

    @functools.cached_property
    def bounds(self) -> list[tuple[int, int]]:
        """Token index ranges ``[first, last)`` of each sentence, in order."""
        bounds: list[tuple[int, int]] = []
        for i, sent in enumerate(self.sentence):
            if sent == len(bounds):
                bounds.append((i, i + 1))
            else:
                bounds[sent] = (bounds[sent][0], i + 1)
        return bounds


def tokenize(text: str) -> Tokens:
    """Split ``text`` into tokens; a sentence ends at ``.!?`` or a line break."""
    starts: list[int] = []
    ends: list[int] = []
    lower: list[str] = []
    sentence: list[int] = []
    quoted: list[bool] = []
    sent, inside, last_end, new_sentence = 0, False, 0, False
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        token = match.group()
        pending = new_sentence and token not in _CLOSERS
        if starts and (pending or "\n" in text[last_end:start]):
            sent += 1
            inside = False
            new_sentence = False
        if token in _QUOTES:
            inside = not inside
        starts.append(start)
        ends.append(end)
        lower.append(token.lower())
        sentence.append(sent)
        quoted.append(inside)
        # a sentence closes after terminal punctuation unless more punctuation follows it
        if token in ".!?":
            nxt = text[end : end + 4].lstrip(_CLOSERS)[:1]
            new_sentence = not nxt or nxt.isspace()
        elif token not in _CLOSERS:
            new_sentence = False
        last_end = end
    return Tokens(text, starts, ends, lower, sentence, quoted)
