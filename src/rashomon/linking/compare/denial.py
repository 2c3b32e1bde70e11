"""Denial: a document denying (or negating) the act another outlet's document asserts."""

from __future__ import annotations

from rashomon.document import Item
from rashomon.linking.compare.base import HARM_TYPES, Comparison, StoryAccounts, make_item
from rashomon.linking.compare.blame import blamed


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


class DenialComparison(Comparison):
    """A denial ("did not break the truce") against another outlet asserting the act."""

    name = "denial"

    def compare(self, story: StoryAccounts) -> list[Item]:
        """One contradiction per (denying, asserting) document pair."""
        denied = [e for e in story.events if e.fields.get("modality") in ("denied", "negated")]
        asserted = [e for e in story.events if e.fields.get("modality") == "asserted"]
        blames = {doc: side for doc, (side, _) in blamed(story).items()}
        found, done = [], set()
        for a in denied:
            matches = [
                b
                for b in asserted
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
                    f"{story.outlet(a)} reports a denial: \u201c{a.text}\u201d; "
                    f"{story.outlet(b)} asserts: \u201c{b.text}\u201d"
                )
                values = ("denies it", "asserts it")
                item = make_item(story, "contradictions", self.name, [a, b], text, values=values)
                found.append(item)
        return found
