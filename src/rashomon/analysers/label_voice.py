"""Whose words a stretch of text is: a quote's speaker, long quoted speech, or the outlet."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from rashomon.analysers.base import AnalysisContext
from rashomon.document import Item

# Quoted stretches: short ones are scare quotes, long ones are speech (the speaker's words).
QUOTED = re.compile(r"[“\"‘]([^“”\"‘’\n]{1,400})[”\"’]")
SPEECH_MIN_WORDS = 4
MAX_NESTING = 8  # quoted spans looked back over to find the one covering a label


class Voices:
    """Whose words a character range is: a quote's speaker, long quoted speech, or the outlet."""

    def __init__(self, text: str, quotes: list[Item]) -> None:
        spans = sorted((q.start, q.end, q.fields.get("speaker_mention")) for q in quotes)
        spans += sorted(
            (m.start(), m.end(), None)
            for m in QUOTED.finditer(text)
            if len(m.group(1).split()) >= SPEECH_MIN_WORDS
        )
        spans.sort(key=lambda s: (s[0], s[1]))
        self.starts = [s[0] for s in spans]
        self.spans = spans
        # the furthest end reached by any span starting at or before each index
        self.reach: list[int] = []
        for _, end, _ in spans:
            self.reach.append(max(end, self.reach[-1] if self.reach else end))

    def quoted(self, start: int, end: int) -> bool:
        """Whether the range lies inside someone's quoted words."""
        return self.speaker(start, end)[0]

    def speaker(self, start: int, end: int) -> tuple[bool, str | None]:
        """(inside someone's words, the speaker mention when known)."""
        i = bisect.bisect_right(self.starts, start) - 1
        if i < 0 or self.reach[i] < end:
            return False, None
        # walk back only over spans that can still cover the range; quotes nest at most a
        # few deep, so a bounded walk keeps the whole analyser linear
        speaker: str | None = None
        inside = False
        stop = max(-1, i - MAX_NESTING)
        while i > stop and self.reach[i] >= end:
            s, e, who = self.spans[i]
            if s <= start and end <= e:
                inside = True
                speaker = speaker or who
            i -= 1
        return inside, speaker


def quoted_test(ctx: AnalysisContext) -> Callable[[int, int], bool]:
    """A test of whether a character range lies inside someone's quoted words."""
    return Voices(ctx.text, ctx.get("quotes")).quoted
