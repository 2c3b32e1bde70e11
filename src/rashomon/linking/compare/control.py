"""Who holds a town: what each outlet says about which group controls the story's place.

Outlets that agree on what happened in a besieged city often disagree on who holds it: one
says it is 'controlled by' a group it calls terrorists, another praises 'the defenders of' the
city. The words are data (``lang/en/compare_control.yaml``): '<town> is controlled / held /
run by <group>' (a 'not by X' is skipped), '<the ...> defenders of <town>' and '<group> ...
stronghold of <town>'. The town is the story's main place (a part of a city counts as the
city: 'East X' and 'X'). Each finding carries whose words it is: the outlet's own, a quoted
or reported speaker's (with the speaker), never a scare-quoted term as the outlet's voice.
Two outlets whose holders are different groups (different actors, or different words when a
group is no known actor) are one row 'who holds <town>'; the same group is an agreement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rashomon import lang
from rashomon.document import Item, stable_id
from rashomon.linking.compare.base import Comparison, StoryAccounts, make_item, town_word, who

REACH = 120  # characters from the town to its cue, and from a cue to the group it names
DETERMINERS = ("the ", "a ", "an ", "its ", "their ", "his ", "her ")
DET_WORDS = frozenset(d.strip() for d in DETERMINERS)


@dataclass(frozen=True)
class Holder:
    """One outlet's words for who holds the town: the group's span and key, and the voice."""

    doc: str
    start: int
    end: int
    text: str
    key: str  # the group's actor id, else its words (lower case, no determiner)
    voice: str  # "outlet" or "speaker"
    claimant: str | None = None


@lru_cache(maxsize=1)
def _cues() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    data = lang.table("compare_control")

    def words(key: str) -> str:
        return "|".join(re.escape(w) for w in data.get(key) or ())

    return (
        re.compile(rf"\b(?:{words('passive')})\b", re.I),
        re.compile(rf"\b(?:{words('holders')})\s+of\s+", re.I),
        re.compile(rf"\b(?:{words('strongholds')})\s+(?:of|in)\s+", re.I),
    )


def holders_in(
    doc: str, text: str, offset: int, town: str, mentions: list[Item], links: dict[str, str]
) -> list[tuple[int, int, str]]:
    """(start, end, key) of each group a sentence (``text`` at ``offset``) says holds ``town``."""
    named = [m.start() for m in re.finditer(rf"\b{re.escape(town)}\b", text)]
    if not named:
        return []
    passive, holders, strongholds = _cues()
    found = []
    for cue in passive.finditer(text):
        if any(0 <= cue.start() - at <= REACH for at in named):
            group = _after_by(text, cue.end())
            if group is not None:
                found.append(group)
    for cue in holders.finditer(text):
        if any(0 <= at - cue.end() <= 16 for at in named):
            start = _phrase_start(text, cue.start())
            found.append((start, cue.start() + len(cue.group().split()[0])))
    for cue in strongholds.finditer(text):
        if any(0 <= at - cue.end() <= 16 for at in named):
            low = max(offset, offset + cue.start() - REACH)  # in this sentence only
            before = [m for m in mentions if low <= m.start and m.end <= offset + cue.start()]
            if before:
                m = before[-1]
                found.append((m.start - offset, m.end - offset))
    return [
        (offset + a, offset + b, _key(text[a:b], offset + a, offset + b, mentions, links))
        for a, b in found
    ]


def _after_by(text: str, at: int) -> tuple[int, int] | None:
    """The words after the first 'by' within ``REACH`` of ``at`` not preceded by 'not'."""
    for by in re.finditer(r"\bby\s+", text[at : at + REACH]):
        if text[max(0, at + by.start() - 4) : at + by.start()].lower() == "not ":
            continue
        start = at + by.end()
        stop = re.search(r"[,.;:!?()\u2013\u2014]|\s(?:who|which|that|and|but|or)\s", text[start:])
        end = start + (stop.start() if stop else len(text) - start)
        return (start, end) if end > start else None
    return None


def _phrase_start(text: str, at: int) -> int:
    """Where the noun phrase ending before ``at`` begins ('the heroic defenders')."""
    words = list(re.finditer(r"\S+", text[max(0, at - 40) : at]))
    start = at
    for word in reversed(words[-3:]):
        if re.search(r"[,.;:]$", word.group()):
            break
        start = max(0, at - 40) + word.start()
        if word.group().lower() in DET_WORDS:
            break
    return start


def _key(words: str, start: int, end: int, mentions: list[Item], links: dict[str, str]) -> str:
    """The group's actor when a linked mention lies in its words, else its words."""
    for m in mentions:
        if start <= m.start and m.end <= end and links.get(m.id):
            return links[m.id]
    low = words.lower().strip()
    for det in DETERMINERS:
        low = low.removeprefix(det)
    return low


class ControlComparison(Comparison):
    """Outlets naming different groups as holding the story's town ('who holds X')."""

    name = "control"

    def compare(self, story: StoryAccounts) -> list[Item]:
        """One contradiction per outlet pair naming different holders; agreements alike."""
        town = town_word(story.place)
        if town is None:
            return []
        found = self._holders(story, town)
        by_doc: dict[str, list[Holder]] = {}
        for h in found:
            by_doc.setdefault(h.doc, []).append(h)
        items = []
        for a, b in story.pairs(list(by_doc)):
            ka, kb = {h.key for h in by_doc[a]}, {h.key for h in by_doc[b]}
            kind = "agreements" if ka & kb else "contradictions"
            ha, hb = by_doc[a][0], by_doc[b][0]
            if kind == "agreements":
                shared = sorted(ka & kb)[0]
                ha = next(h for h in by_doc[a] if h.key == shared)
                hb = next(h for h in by_doc[b] if h.key == shared)
            evidence = [_evidence(ha), _evidence(hb)]
            verdict = "name the same holder" if kind == "agreements" else "name different holders"
            ea, eb = evidence
            text = f"{who(story, ea)}: \u201c{ha.text}\u201d; {who(story, eb)}: \u201c{hb.text}\u201d \u2014 {verdict} of {town}"
            item = make_item(
                story, kind, self.name, evidence, text, fact=f"who holds {town}",
                values=(ha.text, hb.text),
            )  # fmt: skip
            for cell in item.fields["items"]:
                cell.setdefault("voice", "outlet")  # the outlet's own words
            items.append(item)
        return items

    def _holders(self, story: StoryAccounts, town: str) -> list[Holder]:
        """Every finding in the story's documents' sentences that name the town."""
        links = story.sides.links
        found = []
        for doc in sorted({e.doc for e in story.events}):
            for sent in story.sentences.get(doc, []):
                if town not in sent.text or not _any_cue(sent.text):
                    continue
                spans = story.spans.get(doc, {}) if story.spans else {}
                mentions = spans.get("mentions", [])
                for start, end, key in holders_in(
                    doc, sent.text, sent.start, town, mentions, links
                ):
                    voice = _voice(spans, start, end)
                    if voice is None:
                        continue  # a scare-quoted term: the outlet keeps its distance
                    text = sent.text[start - sent.start : end - sent.start]
                    found.append(Holder(doc, start, end, text, key, *voice))
        return found


def _any_cue(text: str) -> bool:
    return any(p.search(text) for p in _cues())


def _voice(spans: dict[str, list[Item]], start: int, end: int) -> tuple[str, str | None] | None:
    """('outlet', None), ('speaker', who) inside a quote, or None inside a scare quote."""
    for q in spans.get("scare_quotes", []):
        if q.start <= start and end <= q.end:
            return None
    for q in spans.get("quotes", []):
        if q.start <= start and end <= q.end:
            return "speaker", str(q.fields.get("speaker_text") or "") or None
    return "outlet", None


def _evidence(h: Holder) -> Item:
    fields = {"voice": h.voice, "claimant_text": h.claimant} if h.voice != "outlet" else {}
    return Item(
        kind="control", start=h.start, end=h.end, text=h.text, doc=h.doc,
        id=stable_id(h.doc, str(h.start), str(h.end), prefix="ctl-"), fields=fields,
    )  # fmt: skip
