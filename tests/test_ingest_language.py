"""Tests for rashomon.ingest.language."""

from __future__ import annotations

from rashomon.ingest.language import detect_language

ENGLISH = "The council said on Tuesday that the bridge would reopen after months of repairs."
GERMAN = "Der Stadtrat teilte am Dienstag mit, dass die Brücke nach monatelangen Reparaturen wieder öffnet."
FRENCH = "Le conseil municipal a annoncé mardi que le pont rouvrira après des mois de travaux."


def test_english() -> None:
    assert detect_language(ENGLISH) == "en"


def test_german_and_french() -> None:
    assert detect_language(GERMAN) == "de"
    assert detect_language(FRENCH) == "fr"


def test_too_short_is_unknown() -> None:
    assert detect_language("ok 42") is None
