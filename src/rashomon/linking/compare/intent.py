"""Intent: one side calling the act deliberate, another an accident, each in its own words.

Every intent cue is read with its voice: the outlet's own words, a quoted speaker's (the
quote's speaker), or a scare-quoted term pinned on whoever the sentence says used it ("was
written off by the ministry as 'an accident'"); a scare-quoted cue nobody is said to have used
is the outlet keeping its distance and asserts nothing. Cues are grouped by incident: the
places with coordinates their sentence names (a city, not a country), and a sentence naming
none that opens on an anaphor continues the previous sentence's ("This was called a mistake").
Only sentences of the story's asserted or reported harmful acts (and such a continuation)
are read; a cue after "whether" in its clause is nobody's claim; the cue words are data
(``lang/en/intent_cues.yaml``); a sentence holding events of two stories gives one row (the linker drops repeats). One row per
incident whose sides disagree, each cell one claimant's words.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass

from rashomon import lang
from rashomon.document import Item
from rashomon.linking.compare.base import (
    BLAME_MODALITIES,
    HARM_TYPES,
    Comparison,
    StoryAccounts,
    make_item,
)


def _phrases(words: list[str]) -> str:
    """An alternation of whole words or phrases (a space matches any run of spaces)."""
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len)[::-1])


CUES = lang.table("intent_cues")  # user-editable: lang/en/intent_cues.yaml
DELIBERATE = re.compile(rf"\b({_phrases(CUES['deliberate'])})\b", re.I)
# a negator just before an accident word turns it round ("no accident", "not a mistake")
_NOT = "".join(rf"(?<!\b{re.escape(n)} )" for n in CUES["negators"])
ACCIDENT = re.compile(rf"{_NOT}\b({_phrases(CUES['accident'])})\b", re.I)
# a cue after "whether" in its clause leaves the question open ("whether it was a mistake or not")
OPEN = re.compile(rf"\b({_phrases(CUES['open_questions'])})\b[^,;:.!?\u2013\u2014]*$", re.I)
# The attribution of a scare-quoted word: "dismissed by X as 'a mistake'", "called 'a mistake' by X".
BY = re.compile(r"\bby\s+(?:the\s+)?$", re.I)
# A sentence opening on an anaphor goes on about the previous one's act ("This was called...").
ANAPHOR = re.compile(r"^\W*(?:this|that|it|these|those|such)\b", re.I)


@dataclass(frozen=True)
class Cue:
    """One side's word on whether the act was meant: who says it, in what voice, where."""

    doc: str
    index: int  # sentence number in the document
    value: str  # "deliberate" or "accident"
    voice: str  # "outlet", "speaker" or "scare_quote"
    claimant: str
    span: Item  # the sentence
    places: frozenset[str]
    cue: tuple[int, int] = (0, 0)  # the cue words' offsets in the document


class IntentComparison(Comparison):
    """Deliberate against accident, one row per incident, each side in its own voice."""

    name = "intent"

    def compare(self, story: StoryAccounts) -> list[Item]:
        """One contradiction per (deliberate, accident) pair of different claimants."""
        cues = intent_cues(story)
        found = []
        labels: set[str] = set()
        for group in incidents(cues, _main_place(story, cues)):
            label = incident_label(story, group)
            n = 2
            while label in labels:  # two incidents of one story stay two rows
                label, n = f"{incident_label(story, group)} ({n})", n + 1
            labels.add(label)
            for a in (c for c in group if c.value == "deliberate"):
                for b in (c for c in group if c.value == "accident"):
                    if not _same_side(story, a, b):
                        found.append(_contradiction(story, a, b, label))
        return found


def intent_cues(story: StoryAccounts) -> list[Cue]:
    """Intent cues in the sentences of the story's asserted or reported events, with voices."""
    acts: dict[str, list[Item]] = defaultdict(list)
    for e in story.events:
        # intent is a question about a harmful act: a truce or a meeting in the same
        # sentence puts the row in that story too, where the act is not
        harm = str(e.fields.get("type") or "").upper() in HARM_TYPES
        if harm and e.fields.get("modality") in BLAME_MODALITIES:
            acts[e.doc].append(e)
    cues: dict[tuple[str, int, str, str], Cue] = {}
    for doc in sorted(acts):
        sentences = story.sentences.get(doc, [])
        starts = [s.start for s in sentences]  # in text order, not overlapping
        held = set()
        for e in acts[doc]:
            i = bisect_right(starts, e.start) - 1  # the sentence holding the event, if any
            if i >= 0 and e.start < sentences[i].end:
                held.add(i)
        # the sentence after an event's may go on about it ("This was called a mistake")
        for i in sorted(held | {i + 1 for i in held if i + 1 < len(sentences)}):
            sent = sentences[i]
            found = [
                (value, match)
                for value, pattern in (("deliberate", DELIBERATE), ("accident", ACCIDENT))
                for match in pattern.finditer(sent.text)
            ]
            if not found:
                continue  # no cue: the document's places and voices need not be read
            places = frozenset(
                str(p.fields.get("place_id"))
                for p in story.spans.get(doc, {}).get("places", [])
                if sent.start <= p.start < sent.end and p.fields.get("lat") is not None
            )
            if i not in held and (places or not ANAPHOR.match(sent.text)):
                continue
            for value, match in found:
                if OPEN.search(sent.text[: match.start()]):
                    continue  # "whether it was a mistake or not": nobody's claim
                voice, claimant = voice_at(story, doc, sent, sent.start + match.start())
                if not claimant:
                    continue
                key = (doc, i, value, claimant)
                at = (sent.start + match.start(), sent.start + match.end())
                cues.setdefault(key, Cue(doc, i, value, voice, claimant, sent, places, at))
    return list(cues.values())


def voice_at(story: StoryAccounts, doc: str, sent: Item, offset: int) -> tuple[str, str]:
    """(voice, claimant) of the word at ``offset``; claimant '' when it is nobody's claim."""
    spans = story.spans.get(doc, {})
    scare = any(q.start <= offset < q.end for q in spans.get("scare_quotes", []))
    quote = next((q for q in spans.get("quotes", []) if _inside(q, offset)), None)
    if quote is not None and quote.fields.get("speaker") and not scare:
        return "speaker", str(quote.fields.get("speaker_text") or "")
    if scare or quote is not None:
        by = _attributed(spans.get("mentions", []), sent, offset)
        return ("scare_quote" if scare else "speaker"), by
    outlet = story.outlets.get(doc, doc)
    return "outlet", outlet


def _inside(quote: Item, offset: int) -> bool:
    parts = quote.fields.get("content_parts") or [{"start": quote.start, "end": quote.end}]
    return any(p["start"] <= offset < p["end"] for p in parts)


def _attributed(mentions: list[Item], sent: Item, offset: int) -> str:
    """The actor named after 'by' nearest the word in its sentence ('' when none)."""
    best: tuple[int, str] | None = None
    for mention in mentions:
        if not sent.start <= mention.start < sent.end:
            continue
        if not BY.search(sent.text[: mention.start - sent.start]):
            continue
        distance = abs(mention.start - offset)
        if best is None or distance < best[0]:
            best = (distance, mention.text)
    return best[1] if best else ""


def incidents(cues: list[Cue], main: str | None = None) -> list[list[Cue]]:
    """Cues grouped by incident: a shared place, one sentence, or an anaphoric placeless
    sentence and the one before it. A disputed incident that names no place of its own is the
    story's own act when the story's main place (``main``, a place id) has cues: the story is
    one real-world event, and its place is where that act happened."""
    parent = list(range(len(cues)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(cues):
        for j, b in enumerate(cues[:i]):
            shared = bool(a.places & b.places)
            follows = a.doc == b.doc and (
                a.index == b.index or _continues(a, b) or _continues(b, a)
            )
            if shared or follows:
                parent[root(i)] = root(j)
    groups: dict[int, list[Cue]] = {}
    for i, cue in enumerate(cues):
        groups.setdefault(root(i), []).append(cue)
    home = next((r for r, g in groups.items() if any(main in c.places for c in g)), None)
    if home is not None:
        for r in [r for r, g in groups.items() if r != home and _placeless_dispute(g)]:
            groups[home].extend(groups.pop(r))
    return [g for g in groups.values() if {c.value for c in g} == {"deliberate", "accident"}]


def _placeless_dispute(group: list[Cue]) -> bool:
    """Whether a group of cues disagrees about an act none of its sentences places."""
    return not any(c.places for c in group) and len({c.value for c in group}) == 2


def _main_place(story: StoryAccounts, cues: list[Cue]) -> str | None:
    """The place id of the story's main place among the places the cues' sentences name."""
    for cue in cues:
        for place in story.spans.get(cue.doc, {}).get("places", []):
            name = str(place.fields.get("name") or place.text)
            if str(place.fields.get("place_id")) in cue.places and name == story.place:
                return str(place.fields.get("place_id"))
    return None


def _continues(a: Cue, b: Cue) -> bool:
    """Whether ``a``'s sentence, naming no place and opening on an anaphor, follows ``b``'s."""
    return not a.places and a.index - b.index == 1 and bool(ANAPHOR.match(a.span.text))


def _same_side(story: StoryAccounts, a: Cue, b: Cue) -> bool:
    """One claimant, or one account told twice (a document and its near-duplicate)."""
    if a.claimant.lower() == b.claimant.lower():
        return True
    return a.doc != b.doc and frozenset((a.doc, b.doc)) in story.copies


def incident_label(story: StoryAccounts, group: list[Cue]) -> str:
    """The fact label of an incident: its place, else its act."""
    names = sorted(
        str(p.fields.get("name") or p.text)
        for c in group
        for p in story.spans.get(c.doc, {}).get("places", [])
        if str(p.fields.get("place_id")) in c.places
    )
    return f"on purpose or by accident: {names[0] if names else _act(story, group)}"


def _contradiction(story: StoryAccounts, a: Cue, b: Cue, fact: str) -> Item:
    """The item for one pair of one incident (``fact``)."""
    text = f"{_who(story, a)} calls it deliberate; {_who(story, b)} calls it an accident"
    item = make_item(
        story,
        "contradictions",
        "intent",
        [a.span, b.span],
        text,
        fact=fact,
        values=(a.value, b.value),
    )
    for span, cue in zip(item.fields["items"], (a, b), strict=True):
        start, end = cue.cue
        words = cue.span.text[start - cue.span.start : end - cue.span.start]
        span.update(
            claimant=cue.claimant, voice=cue.voice, cue={"start": start, "end": end, "text": words}
        )
    return item


def _act(story: StoryAccounts, group: list[Cue]) -> str:
    """The harmful act a placeless incident's sentences tell of ('the targeting'), by trigger."""
    sentences = {(c.doc, c.span.start, c.span.end) for c in group}
    acts = sorted(
        (e for e in story.events if str(e.fields.get("type") or "").upper() in HARM_TYPES),
        key=lambda e: (e.doc, e.start),
    )
    for event in acts:
        if any(d == event.doc and a <= event.start < b for d, a, b in sentences):
            return f"the {(event.fields.get('trigger') or {}).get('text') or event.text}"
    return "the act"


def _who(story: StoryAccounts, cue: Cue) -> str:
    """'Outlet', or 'Speaker (in Outlet)' for a reported claim."""
    outlet = story.outlets.get(cue.doc, cue.doc)
    return outlet if cue.voice == "outlet" else f"{cue.claimant} (in {outlet})"
