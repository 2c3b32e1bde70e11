"""Contradictions and agreements between outlets' accounts of the same story.

Within each story: casualty and other figures of the same count (non-overlapping ranges
contradict, overlapping ranges agree; "at least 41" and "between 40 and 55" agree), who did it
(different agents), intent (deliberate against accident), denial against assertion, date and
place. Agreements between outlets whose stances on the main actors have opposite signs are
flagged ``across_camps``.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from typing import Any

from rashomon.document import Item, stable_id
from rashomon.linking.base import Linker
from rashomon.store.base import Store

APPROX_SLACK = 0.1
SIGN_CUT = 0.1
DELIBERATE = re.compile(
    r"\b(deliberate(?:ly)?|intentional(?:ly)?|on purpose|no accident|knew exactly|targeted|"
    r"premeditated|staged?)\b",
    re.I,
)
ACCIDENT = re.compile(
    r"\b(accident(?:al|ally)?|by mistake|mistaken(?:ly)?|stray|misfire[d]?|error)\b", re.I
)
COUNTED = {
    "dead": "killed",
    "died": "killed",
    "death": "killed",
    "deaths": "killed",
    "kill": "killed",
    "injured": "wounded",
    "hurt": "wounded",
    "injuries": "wounded",
    "wound": "wounded",
}
SUBJECTS = {
    "civilian": "people",
    "person": "people",
    "persons": "people",
    "shopper": "people",
    "resident": "people",
    "villager": "people",
    "inhabitant": "people",
    "troop": "soldiers",
    "soldier": "soldiers",
    "militant": "fighters",
    "terrorist": "fighters",
    "rebel": "fighters",
    "fighter": "fighters",
    "child": "children",
    "children": "children",
}


class ContradictionLinker(Linker):
    """Compare the accounts inside each story; write contradictions and agreements."""

    name = "contradictions"
    version = "1"
    requires = ("stories", "claims", "events", "stances")
    provides = ("contradictions", "agreements")

    def link(self, store: Store) -> None:
        """Recompute all contradictions and agreements from stories, claims and events."""
        stories = list(store.linked("stories"))
        outlets = {d.id: d.outlet or d.id for d in store.documents()}
        links = store.actor_links()
        names = {a.id: a.name for a in store.actors()}
        camps = _camps(store)
        events = {e.id: e for e in store.items("events")} if stories else {}
        claims = list(store.items("claims")) if stories else []
        found: list[Item] = []
        for story in stories:
            members = [events[e] for e in story.fields["events"] if e in events]
            ctx = _Story(
                story, members, _story_claims(store, members, claims), outlets, links, names
            )
            found += compare_numbers(ctx, camps)
            found += compare_agents(ctx) + compare_intent(store, ctx) + compare_modality(ctx)
            found += compare_dates(ctx)
        store.replace_linked(self.name, found)


class _Story:
    """A story's events and claims with lookups the comparisons share."""

    def __init__(
        self,
        story: Item,
        events: list[Item],
        claims: list[Item],
        outlets: dict[str, str],
        links: dict[str, str],
        names: dict[str, str],
    ) -> None:
        self.story, self.events, self.claims = story, events, claims
        self.outlets, self.links, self.names = outlets, links, names

    def outlet(self, item: Item) -> str:
        return self.outlets.get(item.doc, item.doc)


def _story_claims(store: Store, events: list[Item], claims: list[Item]) -> list[Item]:
    """Claims tied to a story event, or in the same sentence as one."""
    ids = {e.id for e in events}
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for doc in {e.doc for e in events}:
        sents = list(store.items("sentences", doc=doc))
        for e in events:
            if e.doc == doc:
                spans[doc] += [(s.start, s.end) for s in sents if s.start <= e.start < s.end]
    return [
        c
        for c in claims
        if c.fields.get("event") in ids or any(a <= c.start < b for a, b in spans.get(c.doc, []))
    ]


def number_key(claim: Item) -> tuple[str, str] | None:
    """The (counted, subject class) a figure counts, e.g. ('killed', 'people')."""
    counted = (claim.fields.get("counted") or "").lower()
    if not counted or claim.fields.get("low") is None and claim.fields.get("high") is None:
        return None
    subject = (claim.fields.get("subject") or "").lower().split()
    noun = subject[-1] if subject else ""
    noun_key = SUBJECTS.get(noun, SUBJECTS.get(noun.rstrip("s"), noun or "people"))
    return COUNTED.get(counted, counted), noun_key


def interval(claim: Item) -> tuple[float, float]:
    """The claim's [low, high], open bounds infinite, widened a little when approximate."""
    low, high = claim.fields.get("low"), claim.fields.get("high")
    lo = float("-inf") if low is None else float(low)
    hi = float("inf") if high is None else float(high)
    if claim.fields.get("approx"):
        lo, hi = lo * (1 - APPROX_SLACK), hi * (1 + APPROX_SLACK)
    return lo, hi


def overlaps(a: Item, b: Item) -> bool:
    """Whether two figures can both be true."""
    (alo, ahi), (blo, bhi) = interval(a), interval(b)
    return alo <= bhi and blo <= ahi


def compare_numbers(ctx: _Story, camps: dict[str, dict[str, float]]) -> list[Item]:
    """One contradiction or agreement per outlet pair and figure class."""
    groups: dict[tuple[str, str], list[Item]] = defaultdict(list)
    for claim in ctx.claims:
        key = number_key(claim)
        if key:
            groups[key].append(claim)
    found: list[Item] = []
    for _key, claims in sorted(groups.items()):
        seen: set[tuple[str, str, bool]] = set()
        for a, b in itertools.combinations(sorted(claims, key=lambda c: (c.doc, c.start)), 2):
            oa, ob = sorted((ctx.outlet(a), ctx.outlet(b)))
            if oa == ob:
                continue
            agree = overlaps(a, b)
            if (oa, ob, agree) in seen:
                continue
            seen.add((oa, ob, agree))
            if agree:
                note = "the figures are compatible"
                found.append(
                    _item(
                        ctx,
                        "agreements",
                        "numbers",
                        [a, b],
                        _says(ctx, a, b, note),
                        across_camps=_across(camps, oa, ob),
                    )
                )
            else:
                found.append(
                    _item(
                        ctx,
                        "contradictions",
                        "numbers",
                        [a, b],
                        _says(ctx, a, b, "the ranges do not overlap"),
                    )
                )
    return found


def compare_agents(ctx: _Story) -> list[Item]:
    """Different outlets naming different actors as the ones who did it."""
    by_outlet: dict[str, dict[str, Item]] = defaultdict(dict)
    for event in ctx.events:
        actor = ctx.links.get(event.fields.get("agent_mention") or "")
        if actor and event.fields.get("modality") not in ("denied", "negated"):
            by_outlet[ctx.outlet(event)].setdefault(actor, event)
    found = []
    for oa, ob in itertools.combinations(sorted(by_outlet), 2):
        if set(by_outlet[oa]) & set(by_outlet[ob]):
            continue
        a, b = next(iter(by_outlet[oa].items())), next(iter(by_outlet[ob].items()))
        text = f"{oa} blames {ctx.names.get(a[0], a[0])}; {ob} blames {ctx.names.get(b[0], b[0])}"
        found.append(_item(ctx, "contradictions", "blame", [a[1], b[1]], text))
    return found


def compare_intent(store: Store, ctx: _Story) -> list[Item]:
    """One outlet calling it deliberate, another an accident (cue words in event sentences)."""
    cues: dict[str, dict[str, Item]] = defaultdict(dict)
    for event in ctx.events:
        sentence = _sentence(store, event)
        for intent, pattern in (("deliberate", DELIBERATE), ("accident", ACCIDENT)):
            if pattern.search(sentence.text):
                cues[intent].setdefault(ctx.outlet(event), sentence)
    found = []
    for oa, a in sorted(cues["deliberate"].items()):
        for ob, b in sorted(cues["accident"].items()):
            if oa != ob:
                text = f"{oa} calls it deliberate; {ob} calls it an accident"
                found.append(_item(ctx, "contradictions", "intent", [a, b], text))
    return found


def compare_modality(ctx: _Story) -> list[Item]:
    """One outlet reporting a denial of what another asserts."""
    denied = {
        ctx.outlet(e): e for e in reversed(ctx.events) if e.fields.get("modality") == "denied"
    }
    asserted = {
        ctx.outlet(e): e for e in reversed(ctx.events) if e.fields.get("modality") == "asserted"
    }
    found = []
    for oa, a in sorted(denied.items()):
        for ob, b in sorted(asserted.items()):
            if oa != ob:
                text = f"{oa} reports a denial: \u201c{a.text}\u201d; {ob} asserts: \u201c{b.text}\u201d"
                found.append(_item(ctx, "contradictions", "denial", [a, b], text))
    return found


def compare_dates(ctx: _Story) -> list[Item]:
    """Outlets dating the event differently (explicit event dates only)."""
    dated = {ctx.outlet(e): e for e in reversed(ctx.events) if e.fields.get("date")}
    found = []
    for oa, ob in itertools.combinations(sorted(dated), 2):
        a, b = dated[oa], dated[ob]
        if a.fields["date"][:10] != b.fields["date"][:10]:
            text = f"{oa} dates it {a.fields['date'][:10]}; {ob} dates it {b.fields['date'][:10]}"
            found.append(_item(ctx, "contradictions", "date", [a, b], text))
    return found


def _sentence(store: Store, item: Item) -> Item:
    for sent in store.items("sentences", doc=item.doc):
        if sent.start <= item.start < sent.end:
            return sent
    return item


def _says(ctx: _Story, a: Item, b: Item, verdict: str) -> str:
    return f"{ctx.outlet(a)} says \u201c{a.text}\u201d; {ctx.outlet(b)} says \u201c{b.text}\u201d \u2014 {verdict}"


def _camps(store: Store) -> dict[str, dict[str, float]]:
    """Outlet -> actor -> stance score, for the across-camps flag."""
    camps: dict[str, dict[str, float]] = defaultdict(dict)
    for stance in store.linked("stances"):
        camps[stance.fields["outlet"]][stance.fields["actor"]] = stance.fields["score"]
    return camps


def _across(camps: dict[str, dict[str, float]], oa: str, ob: str) -> bool:
    """Whether two outlets take opposite sides on some actor both cover."""
    shared = set(camps.get(oa, {})) & set(camps.get(ob, {}))
    return any(
        camps[oa][x] * camps[ob][x] < 0 and min(abs(camps[oa][x]), abs(camps[ob][x])) >= SIGN_CUT
        for x in shared
    )


def _item(
    ctx: _Story, kind: str, what: str, evidence: list[Item], explanation: str, **extra: Any
) -> Item:
    """A contradiction or agreement; its span is the first piece of evidence."""
    first = evidence[0]
    spans = [
        {
            "id": e.id,
            "doc": e.doc,
            "start": e.start,
            "end": e.end,
            "text": e.text,
            "outlet": ctx.outlet(e),
        }
        for e in evidence
    ]
    return Item(
        kind=kind,
        start=first.start,
        end=first.end,
        text=first.text,
        doc=first.doc,
        id=stable_id(ctx.story.id, kind, what, *(e.id for e in evidence), prefix=kind[:2] + "-"),
        fields={
            "story": ctx.story.id,
            "kind": what,
            "explanation": explanation,
            "items": spans,
            **extra,
        },
    )
