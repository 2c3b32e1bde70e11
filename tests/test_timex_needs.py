"""Rules skipped by their needed words find exactly what the full scan finds."""

from __future__ import annotations

import re

from rashomon.timex import extract
from rashomon.timex.needs import absent, folded, needs
from rashomon.timex.rules import RULES


def test_needs_literal_runs_and_alternatives() -> None:
    pattern = re.compile(r"\b(?:(?P<n>\d+|a few)\s+)?(?:weeks?|months?)\s+ago\b", re.I)
    found = needs(pattern)
    assert frozenset({"ago"}) in found
    assert frozenset({"week", "month"}) in found  # one word of each alternative
    assert not absent(found, folded("Three WEEKS AGO the pier closed."))
    assert absent(found, folded("Three weeks later the pier closed."))
    assert needs(re.compile(r"\d{4}(?:-\d\d)?")) == []  # no word: never skipped


def test_letters_that_ignorecase_matches_are_folded() -> None:
    for word, text in (
        ("sing", "S\u0130NG"),
        ("sing", "s\u0131ng"),
        ("skip", "\u017fkip"),
        ("kiln", "\u212ailn"),
    ):
        pattern = re.compile(word, re.I)
        assert pattern.search(text) and not absent(needs(pattern), folded(text))


def _full_scan(text: str) -> list[tuple[int, int, str, tuple[int, int]]]:
    matches = []
    for rank, (name, pattern) in enumerate(RULES):
        for m in pattern.finditer(text):
            start, end = extract._extent(text, m)
            if end > start:
                matches.append((start, -(end - start), rank, name, m.span()))
    matches.sort(key=lambda x: x[:3])
    kept: list[tuple[int, int, str, tuple[int, int]]] = []
    for start, negative, _, name, span in matches:
        if not kept or start >= kept[-1][1]:
            kept.append((start, start - negative, name, span))
    return kept


def test_select_equals_the_full_scan() -> None:
    texts = [
        "The harbour board met on Monday, three weeks ago, and again late last year.",
        "IN THE SPR\u0130NG OF 1994 the mill shut; by the end of the second quarter it reopened.",
        "She spoke at 10:30 p.m. GMT on 4 May 2021, twice a week for the past decade.",
        "No date at all here.",
        "",
    ]
    for text in texts:
        got = [(s, e, name, m.span()) for s, e, name, m in extract._select(text)]
        assert got == _full_scan(text)
