"""Whose voice each side of a contradiction or agreement is, and that no side the export calls
the outlet's own lies inside a quotation or a scare quote of its article (issue 16: a quote or a
scare-quoted term is no assertion of the outlet)."""

from __future__ import annotations

from rashomon.document import Item
from rashomon.linking.compare import Sides, StoryAccounts
from rashomon.linking.compare.base import cell_voice

VOICES = {"outlet", "attributed", "speaker", "scare_quote"}


def _quoted(export: dict) -> dict[str, list[tuple[int, int]]]:
    """Per document, the character ranges of quoted words and scare quotes."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for quote in export.get("quotes", []):
        parts = quote.get("content_parts") or [{"start": quote["start"], "end": quote["end"]}]
        spans.setdefault(quote["doc"], []).extend((p["start"], p["end"]) for p in parts)
    for scare in export.get("scare_quotes", []):
        spans.setdefault(scare["doc"], []).append((scare["start"], scare["end"]))
    return spans


def test_every_side_says_whose_words_it_is_and_the_outlets_are_its_own(corpus_export):
    quoted = _quoted(corpus_export)
    sides = [
        cell
        for kind in ("contradictions", "agreements")
        for item in corpus_export[kind]
        for cell in item["items"]
    ]
    assert sides
    for cell in sides:
        assert cell.get("voice") in VOICES, cell
        if cell["voice"] != "outlet":
            assert cell.get("claimant"), cell  # an attributed side names its speaker
            continue
        span = cell.get("cue") or cell  # an intent side: the words that carry its value
        inside = [
            (s, e) for s, e in quoted.get(cell["doc"], []) if s < span["end"] and span["start"] < e
        ]
        assert not inside, cell


def test_an_event_side_is_the_outlets_when_asserted_else_its_sources():
    story = StoryAccounts(
        Item("stories", 0, 1, "x", {}),
        [],
        [],
        {},
        Sides({}, {"a-1": "Harbour Authority"}, {"m-1": "a-1"}),
        {},
    )
    asserted = Item("events", 0, 6, "shelled", {"modality": "asserted"})
    reported = Item("events", 0, 6, "shelled", {"modality": "reported", "source_mention": "m-1"})
    reported.fields["source_text"] = "it"
    plain = Item("events", 0, 6, "shelled", {"modality": "reported"})
    figure = Item("claims", 0, 2, "40", {"voice": "attributed", "claimant_text": "the mayor"})
    assert cell_voice(story, asserted) == {"voice": "outlet"}
    assert cell_voice(story, reported) == {"voice": "speaker", "claimant": "Harbour Authority"}
    assert cell_voice(story, plain) == {}
    assert cell_voice(story, figure) == {"voice": "attributed", "claimant": "the mayor"}
    assert cell_voice(story, Item("claims", 0, 2, "40", {"voice": "outlet"})) == {"voice": "outlet"}
