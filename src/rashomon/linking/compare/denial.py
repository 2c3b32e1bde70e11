"""Denial: a document denying (or negating) the act another outlet's document asserts."""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from rashomon import lang
from rashomon.document import Item
from rashomon.linking.compare.base import (
    HARM_TYPES,
    Comparison,
    StoryAccounts,
    cell_voice,
    make_item,
)
from rashomon.linking.compare.blame import blamed

DENY_CUES = lang.words("compare_deny_cues")  # user-editable: lang/en/compare_deny_cues.txt
_DENY = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, DENY_CUES), key=len)[::-1]) + r")\b", re.I
)
_WORD = re.compile(r"[a-z][a-z-]{2,}")


def _family(event: Item) -> str:
    """A crude lemma family of the trigger ("bombing", "bombed" -> "bomb")."""
    return ((event.fields.get("trigger") or {}).get("text") or event.text)[:4].lower()


def same_act(story: StoryAccounts, denied: Item, asserted: Item, blames: dict[str, str]) -> bool:
    """Whether a denial answers an asserted act: the same trigger family ("did not break the
    truce" / "broke the truce"), or harm of the same type in the story by a side the denying
    document does not blame itself."""
    if _family(asserted) == _family(denied):
        return True
    kind = (denied.fields.get("type") or "").upper()
    if kind not in HARM_TYPES or kind != (asserted.fields.get("type") or "").upper():
        return False
    doer = story.sides.agent(asserted)
    if doer is None:
        return False
    accused = story.sides.agent(denied)  # 'X denies bombing': the denier's own side
    if accused is not None:
        return story.sides.side(accused) == story.sides.side(doer)
    return blames.get(denied.doc) != story.sides.side(doer)


def _answers(story: StoryAccounts, denied: Item, charge: Item) -> bool:
    """Whether a denial answers a charge reported from someone: the very act (same trigger
    family), and the accused the denial names is of the charged doer's side."""
    if _family(charge) != _family(denied):
        return False
    accused, doer = story.sides.agent(denied), story.sides.agent(charge)
    return accused is None or doer is None or story.sides.side(accused) == story.sides.side(doer)


class DenialComparison(Comparison):
    """A denial ("did not break the truce") against another outlet asserting the act."""

    name = "denial"

    def compare(self, story: StoryAccounts) -> list[Item]:
        """One contradiction per (denying, asserting) document pair."""
        denied = [e for e in story.events if e.fields.get("modality") in ("denied", "negated")]
        asserted = [e for e in story.events if e.fields.get("modality") == "asserted"]
        # a charge reported from someone answers a denial only of the very act ("they wrecked
        # the ceasefire", the envoy said / "we never wrecked the ceasefire")
        charged = [e for e in story.events if e.fields.get("modality") == "reported"]
        blames = {doc: side for doc, (side, _) in blamed(story).items()}
        found, done = [], set()
        for a in denied:
            matches = [
                b
                for b in asserted + [c for c in charged if _answers(story, a, c)]
                if story.outlet(b) != story.outlet(a)
                and story.here(b)
                and story.named_near(b)
                and story.sides.agent(b)
                and same_act(story, a, b, blames)
            ]
            ordered = sorted(
                matches, key=lambda e: (not e.fields.get("agent_mention"), e.doc, e.start)
            )
            for b in ordered:
                if (a.doc, b.doc) in done:
                    continue
                done.add((a.doc, b.doc))
                text = (
                    f"{_denier(story, a)}: \u201c{a.text}\u201d; "
                    f"{_asserter(story, b)}: \u201c{b.text}\u201d"
                )
                values = ("denies it", "asserts it")
                item = make_item(story, "contradictions", self.name, [a, b], text, values=values)
                found.append(item)
        return found + self._quoted(story, asserted, blames, done)

    def _quoted(
        self,
        story: StoryAccounts,
        asserted: list[Item],
        blames: dict[str, str],
        done: set[tuple[str, str]],
    ) -> list[Item]:
        """A speaker's denial told as a quote ("the admiralty denied that any navy gunboats
        had sailed near the port") against another outlet asserting the harm, when the denied
        words share a word with the act's doer phrase ("navy gunboats shelled the harbour") and
        the denying document does not itself blame that doer's side."""
        found = []
        for quote in denial_quotes(story):
            words = _words(quote.text)
            for b in sorted(asserted, key=lambda e: (e.doc, e.start)):
                if (quote.doc, b.doc) in done or story.outlet(b) == story.outlet(quote):
                    continue
                doer = story.sides.agent(b)
                kind = str(b.fields.get("type") or "").upper()
                if doer is None or kind not in HARM_TYPES or not story.here(b):
                    continue
                if blames.get(quote.doc) == story.sides.side(doer) or not story.named_near(b):
                    continue
                named = _words(str(b.fields.get("agent_text") or "")) | _words(
                    story.sides.names.get(story.sides.side(doer), "")
                )
                if not words & named:
                    continue
                done.add((quote.doc, b.doc))
                speaker = quote.fields.get("speaker_text")
                text = (
                    f"{speaker} (in {story.outlet(quote)}) denies: \u201c{quote.text}\u201d; "
                    f"{_asserter(story, b)}: \u201c{b.text}\u201d"
                )
                values = ("denies it", "asserts it")
                found.append(
                    make_item(story, "contradictions", self.name, [quote, b], text, values=values)
                )
        return found


def denial_quotes(story: StoryAccounts) -> list[Item]:
    """Quotes with a speaker and a denying cue in the story's documents, near its place (only
    documents whose sentences hold a denying word have their quotes read)."""
    out = []
    for doc in sorted({e.doc for e in story.events}):
        if not any(_DENY.search(s.text) for s in story.sentences.get(doc, [])):
            continue
        for quote in story.spans.get(doc, {}).get("quotes", []):
            cue = str(quote.fields.get("cue") or "").lower().split()
            said = quote.fields.get("speaker_text")
            if cue and cue[0] in DENY_CUES and said and story.named_near(quote):
                out.append(quote)
    return out


def _denier(story: StoryAccounts, event: Item) -> str:
    """'Source (in Outlet) denies', or 'Outlet reports a denial' when it names no source."""
    said = cell_voice(story, event).get("claimant")
    return (
        f"{said} (in {story.outlet(event)}) denies"
        if said
        else f"{story.outlet(event)} reports a denial"
    )


def _asserter(story: StoryAccounts, event: Item) -> str:
    """'Outlet asserts', or 'Source (in Outlet) charges' for a charge reported from someone."""
    said = cell_voice(story, event).get("claimant")
    return (
        f"{said} (in {story.outlet(event)}) charges" if said else f"{story.outlet(event)} asserts"
    )


def _words(text: str) -> set[str]:
    """Content words, lower case, a plural's s and a possessive dropped ("jets" -> "jet")."""
    found = set()
    for word in _WORD.findall(text.lower().replace("\u2019", "'").replace("'s", "")):
        if word not in STOP_WORDS:
            found.add(word[:-1] if len(word) > 3 and word.endswith("s") else word)
    return found
