"""Direct quotes: tell speech from scare quotes, find each quote's cue and speaker, join the
pieces of one quote event ("‘X,’ Orlov said, ‘Y’") into one quote with several parts."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from rashomon.mentions.coref import MentionIndex
from rashomon.quotes.cues import cue_base, cue_text, is_direct_cue
from rashomon.quotes.quote_marks import Quoted
from rashomon.quotes.speakers import Speaker, resolve, subject_of

# A long apposition can stand between a quote and its cue (“...,” X, director of ... at ...,
# said): tried on PolNeAR train, 40 finds more cues than 25 and loses none.
MAX_AFTER_TOKENS = 40
MAX_BEFORE_TOKENS = 60
MAX_JOIN_CHARS = 160
SHORT_WORDS = 4
NAME_INTRODUCERS = re.compile(
    r"(?:so-called|so called|operation|dubbed|named|called|titled|entitled|slogan|award|prize)\s*$",
    re.I,
)
INTRODUCED = re.compile(r"\b(?:said|says|wrote|writes|put it|told \w+)\s*[,:]\s*$")
SPEECH_END = re.compile(r"[.!?,;:…]\s*$")
# A title-case quote after a possessive or "on" is a show's, book's or ad's title even when the
# sentence's full stop or comma stands inside its marks (on MSNBC's “Morning Joe.”); only a
# question or an exclamation keeps it speech.
TITLE_BEFORE = re.compile(r"(?:\w['’]s|\bon)\s*$", re.I)
TITLE_SPEECH_END = re.compile(r"[!?]\s*$")
SENTENCE_IN = re.compile(r"[.!?;:]\s+\S")
# A quote signed by a name after a dash at the end of its line: "...” ― Lina Oster".
SIGNATURE = re.compile(
    r"[ \t\u00a0]*(?:[―—–]|--)[ \t\u00a0]*((?:[A-Z][\w.’'-]*[ \u00a0]?){1,5})[ \t\u00a0.]*(?:\n|$)"
)
# A line that opens with a name and a colon before its quote, as headlines, transcripts and
# round-ups attribute ("Lina Oster: ‘We Will Win.’", "PORT TO REOPEN - Lina Oster and Tom
# Brekke: “...”"): an optional lead-in ending in a spaced dash, then the names and the colon.
LINE_LABEL = re.compile(
    r"(?:[^\n]*?\s[-–—]+)?[ \t\u00a0]*"
    r"((?:[A-Z][\w.’'-]*[ \u00a0]+(?:and[ \u00a0]+)?){0,5}[A-Z][\w.’'-]*):[ \t\u00a0]*$"
)
# An attribution clause after a quote that ends its sentence: at most this many tokens up to
# the full stop ("“... missing.” Trump said.").
SHORT_AFTER = 4


@dataclass
class QuoteEvent:
    """One act of direct speech: its quoted parts, cue and speaker."""

    parts: list[tuple[int, int]]
    start: int
    end: int
    cue: tuple[int, int] | None = None
    speaker: Speaker | None = None
    cue_after: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def is_speech_like(text: str, quote: Quoted) -> bool:
    """Long or sentence-like quoted words are speech candidates; short phrases may be scare quotes."""
    inner = text[quote.inner_start : quote.inner_end]
    words = inner.split()
    if NAME_INTRODUCERS.search(text[max(0, quote.start - 20) : quote.start]):
        return False
    if _title_case(words) and not SPEECH_END.search(inner):
        return False
    if _titled(text, quote, inner):
        return False
    if len(quote.parts) > 1 or SENTENCE_IN.search(inner):
        return True
    if INTRODUCED.search(text[max(0, quote.start - 40) : quote.start]):
        return True  # as the old poet said, 'great beasts of prey'

    if SPEECH_END.search(inner):
        return len(words) > 1 or _followed_by_cue(text, quote.end)
    return len(words) > SHORT_WORDS


def is_named(text: str, quote: Quoted) -> bool:
    """A name or title in quote marks: "so-called ‘X’", Operation "X", ‘Free Ostland Guard’."""
    inner = text[quote.inner_start : quote.inner_end]
    if NAME_INTRODUCERS.search(text[max(0, quote.start - 20) : quote.start]):
        return True
    return (_title_case(inner.split()) and not SPEECH_END.search(inner)) or _titled(
        text, quote, inner
    )


def _titled(text: str, quote: Quoted, inner: str) -> bool:
    """A one-piece title-case quote after a possessive or 'on' that asks or exclaims nothing."""
    if len(quote.parts) > 1 or TITLE_SPEECH_END.search(inner) or not _title_case(inner.split()):
        return False
    return bool(TITLE_BEFORE.search(text[max(0, quote.start - 20) : quote.start]))


def _title_case(words: list[str]) -> bool:
    """ "Free Ostland Guard", "Beacon of Brelka": every long word capitalised, at most six words."""
    long = [w for w in words if len(w) > 3]
    return 0 < len(words) <= 6 and bool(long) and all(w[0].isupper() for w in long)


def _followed_by_cue(text: str, pos: int) -> bool:
    window = text[pos : pos + 40].lower()
    return bool(re.match(r"\s*,?\s*(\w+\s+){0,3}(said|says|added|told|asked|replied)\b", window))


def build_events(
    text: str, doc: Any, quotes: list[Quoted], index: MentionIndex
) -> list[QuoteEvent]:
    """Quote events for speech-like quotes, split pieces joined, speakers resolved."""
    events = []
    for quote in quotes:
        event = QuoteEvent(list(quote.parts), quote.start, quote.end)
        _attribute(event, text, doc, index)
        events.append(event)
    events = _join(events, text, doc)
    _inherit(events, text)
    return events


def _attribute(event: QuoteEvent, text: str, doc: Any, index: MentionIndex) -> None:
    """Find the cue after the quote (", he said") or before it ("He told reporters: ", also
    at the end of the paragraph before), or a name signing the quote ("... ” ― Name")."""
    signed = _signature(text, event.end, index) or _line_label(text, event.start, index)
    if signed is not None:
        event.speaker = signed
        return
    inner = text[event.parts[-1][0] : event.parts[-1][1]]
    after = _tokens_after(doc, event.end)
    if inner.endswith(".") and not _closes_sentence(after, doc):
        after = []  # a new sentence follows, not this quote's attribution
    cue_after = next((t for t in after if is_direct_cue(t)), None)
    before = _tokens_before(doc, text, _introduced_at(text, event.start))
    cues = [t for t in before if is_direct_cue(t) or t.lower_ == "according"]
    candidates = [(c, c is cue_after) for c in (cue_after, cues[-1] if cues else None) if c]
    event.cue_after = cue_after is not None
    for cue, is_after in candidates:
        subject = subject_of(cue)
        if subject is not None and any(a <= subject.idx < b for a, b in event.parts):
            subject = None  # the parser took a word of the quote as the subject
        if subject is None and is_after:
            subject = _nearest_name(after, index)
        speaker = resolve(subject, index) if subject is not None else None
        if event.cue is None or (speaker is not None and speaker.mention is not None):
            event.cue = cue_text(cue) if cue.lower_ != "according" else (cue.idx, cue.idx + 12)
            event.speaker = speaker
        if speaker is not None and speaker.mention is not None:
            return


def _signature(text: str, end: int, index: MentionIndex) -> Speaker | None:
    """The name after a dash that ends a quote's line ("“...” ― Lina Oster"), as testimonials
    and epigraphs sign their quotes."""
    match = SIGNATURE.match(text, end)
    if match is None:
        return None
    start, stop = match.span(1)
    stop = start + len(text[start:stop].rstrip(" .\u00a0"))
    return _first_named(index, start, stop, ("PERSON",)) or Speaker(start, stop, None)


def _line_label(text: str, start: int, index: MentionIndex) -> Speaker | None:
    """The named person or organisation opening a quote's line with a colon ("Lina Oster:
    ‘...’"); None when the words before the colon are no such mention ("UPDATE:")."""
    line_start = text.rfind("\n", 0, start) + 1
    match = LINE_LABEL.fullmatch(text, line_start, start)
    if match is None:
        return None
    return _first_named(index, *match.span(1), ("PERSON", "ORG"))


def _first_named(
    index: MentionIndex, start: int, end: int, labels: tuple[str, ...]
) -> Speaker | None:
    """The first mention with one of ``labels`` within ``start:end``, as a speaker."""
    named = [m for m in index.covering(start, end) if m.fields.get("label") in labels]
    if not named:
        return None
    first = min(named, key=lambda m: m.start)
    return Speaker(first.start, first.end, index.canonical(first))


def _closes_sentence(after: list[Any], doc: Doc) -> bool:
    """Whether the tokens after a quote are a short clause ending the sentence ("Trump said.")."""
    if not after or len(after) > SHORT_AFTER:
        return False
    nxt = after[-1].i + 1
    return nxt < len(doc) and doc[nxt].text in (".", "!")


def _introduced_at(text: str, start: int) -> int:
    """Where the words introducing a quote end: before the quote, or at the colon closing the
    paragraph before a quote that opens its own paragraph ("Lina Oster wrote:")."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip():
        return start
    window = max(0, line_start - 80)  # a bounded look back keeps long documents linear
    before = text[window:line_start].rstrip()
    return window + len(before) - 1 if before.endswith(":") else start


def _nearest_name(tokens: list[Any], index: MentionIndex) -> Any | None:
    for token in tokens:
        if token.pos_ in ("PROPN", "PRON") or index.covering(token.idx, token.idx + 1):
            return token
    return None


def _tokens_after(doc: Doc, pos: int) -> list[Any]:
    """Tokens from ``pos`` to the end of the attribution clause (full stop, new quote, newline)."""
    first = bisect_left(_starts(doc), pos)
    out: list[Any] = []
    for token in doc[first : first + MAX_AFTER_TOKENS + 1]:
        if "\n" in token.text or token.text in (".", "!", "?", ";") or len(out) >= MAX_AFTER_TOKENS:
            break
        if token.text in ("“", "‘", '"', "'", "«") and out:
            break
        out.append(token)
    return out


def _starts(doc: Doc) -> list[int]:
    """Token start offsets of a document, computed once per document."""
    cached = doc.user_data.get("rashomon_token_starts")
    if cached is None or len(cached) != len(doc):
        cached = [t.idx for t in doc]
        doc.user_data["rashomon_token_starts"] = cached
    return cached


def _tokens_before(doc: Any, text: str, pos: int) -> list[Any]:
    """Tokens of the clause leading up to ``pos``, back to the sentence or paragraph start."""
    start = max(text.rfind("\n", 0, pos) + 1, 0)
    for match in re.finditer(r"[.!?][”’\"']?\s+(?=\S)", text[start:pos]):
        start_candidate = start + match.end()
        if start_candidate < pos:
            start = start_candidate
    closing = max(text.rfind(c, start, pos) for c in "”’\"'")
    if (
        closing > start
        and text[closing - 1 : closing + 1].strip()
        and not text[closing - 1].isalpha()
    ):
        start = closing + 1
    span = doc.char_span(start, pos, alignment_mode="contract")
    tokens = list(span or [])
    return tokens[-MAX_BEFORE_TOKENS:]


def _join(events: list[QuoteEvent], text: str, doc: Doc) -> list[QuoteEvent]:
    """Join B into A when only A's attribution stands between them and B has none of its own."""
    joined: list[QuoteEvent] = []
    for event in events:
        prev = joined[-1] if joined else None
        if prev is not None and _continues(prev, event, text, doc):
            prev.parts.extend(event.parts)
            prev.end = event.end
            continue
        joined.append(event)
    return joined


def _continues(prev: QuoteEvent, event: QuoteEvent, text: str, doc: Doc) -> bool:
    between = text[prev.end : event.start]
    if "\n" in between or len(between) > MAX_JOIN_CHARS or prev.cue is None:
        return False
    span = doc.char_span(prev.end, event.start, alignment_mode="contract")
    if event.cue_after or not any(cue_base(t) for t in span or []):
        return False
    return not SENTENCE_IN.search(between.strip())


def _inherit(events: list[QuoteEvent], text: str) -> None:
    """A quote with no cue continues the speaker of the quote just before it in the paragraph."""
    for prev, event in zip(events, events[1:], strict=False):
        fresh = event.speaker is None and event.cue is None and prev.speaker is not None
        if fresh and text.count("\n\n", prev.end, event.start) <= 1:
            event.speaker = prev.speaker
            event.extra["continued"] = True
