"""Where an event with no place of its own is told: its scene, for the stories linker.

Opinion pieces and round-ups often name a town once ('the assault on the old town of Vosk,
shelling it with rockets, has killed hundreds') and tell the rest of the incident without it.
An event with no place of its own takes, as its ``scene``, the town of the nearest placed event
in its sentence, else the one town its paragraph names (none when it names several). The scene
is never the event's ``location`` (where the text says it happened): only the stories linker
reads it, to tell two incidents in different towns apart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from rashomon import lang
from rashomon.document import Item
from rashomon.events.spans import Spans

SCENE_FIELDS = ("place_id", "name", "lat", "lon")
NOT_SCENE_PREPS = "events_not_scene_preps"
NOT_TOWNS = frozenset({"PERSON", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT"})


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Character spans of the text's paragraphs (separated by a blank line)."""
    spans, start = [], 0
    for part in text.split("\n\n"):
        spans.append((start, start + len(part)))
        start += len(part) + 2
    return spans


def scenes(
    events: Sequence[dict[str, Any]],
    places: Spans[Item],
    sentences: Spans[Item],
    text: str,
    named: Sequence[tuple[int, dict[str, Any]]] = (),
) -> list[dict[str, Any] | None]:
    """For each event (fields with ``trigger`` and ``location``), its scene (the town's
    ``place_id``, ``name``, ``lat``, ``lon``) when it has no location of its own and one is
    found, else None. ``named`` adds (position, place fields) of towns the places layer did
    not take (``named_towns``)."""
    located = [p for p in places if p.fields.get("lat") is not None]
    towns = {p.fields.get("place_id"): p for p in located}
    everywhere = sorted(
        [(p.start, p.fields) for p in located] + list(named), key=lambda pair: pair[0]
    )
    everywhere = [(pos, f) for pos, f in everywhere if not _destination(text, pos)]
    placed = [
        (e["trigger"]["start"], towns[e["location"]]) for e in events if e.get("location") in towns
    ]
    bounds = paragraphs(text)
    found: list[dict[str, Any] | None] = []
    for event in events:
        if event.get("location") in towns:
            found.append(None)  # placed in a town: a country or unknown name gets a scene too
            continue
        at = event["trigger"]["start"]
        town = _in_sentence(at, placed, sentences) or _in_paragraph(at, bounds, everywhere)
        found.append(None if town is None else {k: town.get(k) for k in SCENE_FIELDS})
    return found


def _in_sentence(
    at: int, placed: list[tuple[int, Item]], sentences: Spans[Item]
) -> dict[str, Any] | None:
    """The town of the placed event nearest to ``at`` in the same sentence."""
    sent = sentences.enclosing(at)
    if sent is None:
        return None
    near = [(abs(pos - at), town) for pos, town in placed if sent.start <= pos < sent.end]
    return min(near, key=lambda pair: pair[0])[1].fields if near else None


def _in_paragraph(
    at: int, bounds: list[tuple[int, int]], towns: list[tuple[int, dict[str, Any]]]
) -> dict[str, Any] | None:
    """The one town the paragraph holding ``at`` names (None when it names several)."""
    span = next(((a, b) for a, b in bounds if a <= at < b), None)
    if span is None:
        return None
    inside = [fields for pos, fields in towns if span[0] <= pos < span[1]]
    return inside[0] if len({f.get("place_id") for f in inside}) == 1 else None


def _destination(text: str, start: int) -> bool:
    """Whether the word before a town makes it a destination or origin ('aid into X')."""
    words = text[max(0, start - 16) : start].split()
    return bool(words) and words[-1].lower() in lang.words(NOT_SCENE_PREPS)


def named_towns(mentions: Sequence[Item], places: Spans[Item]) -> list[tuple[int, dict[str, Any]]]:
    """Mentions that are exactly a gazetteer town's name but that the places layer did not take
    (the entity recogniser labels a town a nationality or a group now and then), never a
    person's name: (position, place fields)."""
    found = []
    for mention in mentions:
        if mention.fields.get("label") in NOT_TOWNS or places.overlapping(
            mention.start, mention.end
        ):
            continue
        fields = _town(mention.text)
        if fields is not None:
            found.append((mention.start, fields))
    return found


@lru_cache(maxsize=8192)
def _town(name: str) -> dict[str, Any] | None:
    """The gazetteer fields of a town called exactly ``name`` (names repeat: cached)."""
    from rashomon.places import default_gazetteer

    fields = default_gazetteer().lookup(name).fields()
    named = str(fields.get("name") or "")
    return fields if fields.get("lat") is not None and named.lower() == name.lower() else None


def distance_km(lat_a: float, lon_a: float, lat_b: float, lon_b: float) -> float:
    """Great-circle distance in kilometres."""
    pa, pb = math.radians(lat_a), math.radians(lat_b)
    dp, dl = pb - pa, math.radians(lon_b - lon_a)
    h = math.sin(dp / 2) ** 2 + math.cos(pa) * math.cos(pb) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))
