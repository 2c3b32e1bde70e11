"""Stances on the example corpus: the partisan outlets take opposite sides."""

from __future__ import annotations

VNA = "Veskarian National Agency"
FTV = "Free Tarvesk Voice"


def _side_score(export: dict, outlet: str, is_side) -> float | None:
    """Evidence-weighted mean stance of an outlet towards the actors of one side."""
    names = {a["id"]: a["name"] for a in export["actors"]}
    rows = [
        s for s in export["stances"] if s["outlet"] == outlet and is_side(names.get(s["actor"], ""))
    ]
    total = sum(s["n"] for s in rows)
    return sum(s["score"] * s["n"] for s in rows) / total if total else None


def _rebels(name: str) -> bool:
    return "liberation coalition" in name.lower() or name in ("VLC", "VLC fighters")


def _government(name: str) -> bool:
    return name == "Oskar Malden" or "government" in name.lower()


def test_partisan_outlets_take_opposite_sides(corpus_export):
    vna_rebels = _side_score(corpus_export, VNA, _rebels)
    vna_gov = _side_score(corpus_export, VNA, _government)
    ftv_rebels = _side_score(corpus_export, FTV, _rebels)
    ftv_gov = _side_score(corpus_export, FTV, _government)
    assert vna_rebels is not None and vna_rebels < 0
    assert vna_gov is not None and vna_gov >= 0
    assert ftv_rebels is not None and ftv_rebels > 0
    assert ftv_gov is not None and ftv_gov < 0


def test_every_stance_carries_evidence(corpus_export):
    for stance in corpus_export["stances"]:
        assert -1 <= stance["score"] <= 1
        assert stance["evidence"] and all(e["text"] for e in stance["evidence"])
