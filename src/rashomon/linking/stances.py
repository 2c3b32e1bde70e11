"""Stances: how each outlet treats each actor, from -1 (hostile) to +1 (sympathetic).

Evidence per outlet x actor: the polarity of the labels the outlet pins on the actor (labels
inside someone's quoted words count less), the actor's part in violent events (agent: against;
victim: for), and the voice the outlet gives the actor (quotes). The framing role follows the
SemEval-2025 Task 10 top level: protagonist, antagonist, victim or neutral.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from rashomon.document import Item, stable_id
from rashomon.linking.base import Linker
from rashomon.linking.stories import type_class
from rashomon.store.base import Store

LABEL_WEIGHT = 1.0
QUOTED_LABEL_WEIGHT = 0.3
EVENT_WEIGHT = 0.5
QUOTE_WEIGHT = 0.3
AGENT_POLARITY = -0.6
VICTIM_POLARITY = 0.5
VOICE_POLARITY = 0.2
SMOOTHING = 0.5  # shrinks scores backed by little evidence towards 0
ROLE_CUT = 0.25
MAX_EVIDENCE = 8


@dataclass
class Cue:
    """One piece of evidence: a weighted polarity and the span it comes from."""

    polarity: float
    weight: float
    item: Item
    source: str  # label, agent, victim, quote


class StanceLinker(Linker):
    """Aggregate label, event and quote evidence into outlet x actor stance scores."""

    name = "stances"
    version = "1"
    requires = ("actors", "labels", "events", "quotes")
    provides = ("stances",)

    def link(self, store: Store) -> None:
        """Recompute all stances from the stored items."""
        links = store.actor_links()
        outlets = {d.id: d.outlet or d.id for d in store.documents()}
        cues: dict[tuple[str, str], list[Cue]] = defaultdict(list)
        for cue, actor in collect_cues(store, links):
            cues[(outlets.get(cue.item.doc, cue.item.doc), actor)].append(cue)
        store.replace_linked(
            self.name, [stance_item(o, a, c) for (o, a), c in sorted(cues.items())]
        )


def collect_cues(store: Store, links: dict[str, str]) -> list[tuple[Cue, str]]:
    """Every (cue, actor id) pair found in labels, events and quotes."""
    found: list[tuple[Cue, str]] = []
    for label in store.items("labels"):
        actor = links.get(label.fields.get("actor_mention") or "")
        if actor:
            weight = QUOTED_LABEL_WEIGHT if label.fields.get("quoted") else LABEL_WEIGHT
            found.append(
                (Cue(float(label.fields.get("polarity", 0.0)), weight, label, "label"), actor)
            )
    for event in store.items("events"):
        if type_class(event.fields.get("type")) != "violence":
            continue
        if event.fields.get("modality") in ("denied", "negated"):
            continue
        agent = links.get(event.fields.get("agent_mention") or "")
        patient = links.get(event.fields.get("patient_mention") or "")
        if agent:
            found.append((Cue(AGENT_POLARITY, EVENT_WEIGHT, event, "agent"), agent))
        if patient and patient != agent:
            found.append((Cue(VICTIM_POLARITY, EVENT_WEIGHT, event, "victim"), patient))
    for quote in store.items("quotes"):
        speaker = links.get(quote.fields.get("speaker_mention") or "")
        if speaker:
            found.append((Cue(VOICE_POLARITY, QUOTE_WEIGHT, quote, "quote"), speaker))
    return found


def score(cues: list[Cue]) -> float:
    """Weighted mean polarity, shrunk towards 0 when evidence is thin; in [-1, 1]."""
    total = sum(c.weight for c in cues)
    value = sum(c.weight * c.polarity for c in cues) / (total + SMOOTHING) if total else 0.0
    return max(-1.0, min(1.0, round(value, 3)))


def role(cues: list[Cue], value: float) -> str:
    """protagonist, antagonist, victim or neutral, from the score and event roles."""
    agent = sum(1 for c in cues if c.source == "agent")
    victim = sum(1 for c in cues if c.source == "victim")
    if victim > agent and value > -ROLE_CUT:
        return "victim"
    if value <= -ROLE_CUT:
        return "antagonist"
    if value >= ROLE_CUT:
        return "protagonist"
    return "neutral"


def stance_item(outlet: str, actor: str, cues: list[Cue]) -> Item:
    """The exported stance: score, role, strongest evidence first."""
    ranked = sorted(cues, key=lambda c: (-abs(c.weight * c.polarity), c.item.doc, c.item.start))
    evidence = [_span(c) for c in ranked[:MAX_EVIDENCE]]
    first = ranked[0].item
    value = score(cues)
    return Item(
        kind="stances",
        start=first.start,
        end=first.end,
        text=first.text,
        doc=first.doc,
        id=stable_id(outlet, actor, prefix="sn-"),
        fields={
            "outlet": outlet,
            "actor": actor,
            "score": value,
            "role": role(cues, value),
            "evidence": evidence,
            "n": len(cues),
            "sources": {
                s: sum(1 for c in cues if c.source == s) for s in sorted({c.source for c in cues})
            },
        },
    )


def _span(cue: Cue) -> dict[str, Any]:
    item = cue.item
    return {
        "id": item.id,
        "doc": item.doc,
        "start": item.start,
        "end": item.end,
        "text": item.text,
        "source": cue.source,
        "polarity": cue.polarity,
    }
