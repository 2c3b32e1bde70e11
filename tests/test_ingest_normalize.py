"""Tests for rashomon.ingest.normalize."""

from __future__ import annotations

import unicodedata

from rashomon.ingest.normalize import normalize_text


def test_mojibake_is_repaired() -> None:
    broken = "The mayor\u00e2\u20ac\u2122s plan was \u00e2\u20ac\u0153bold\u00e2\u20ac\u009d."
    assert normalize_text(broken) == "The mayor\u2019s plan was \u201cbold\u201d."


def test_curly_quotes_are_kept() -> None:
    text = "\u2018Not now,\u2019 she said. \u201cLater.\u201d"
    assert normalize_text(text) == text


def test_result_is_nfc() -> None:
    decomposed = "Cafe\u0301 owners in Mu\u0308nster"
    result = normalize_text(decomposed)
    assert result == "Caf\u00e9 owners in M\u00fcnster"
    assert unicodedata.is_normalized("NFC", result)


def test_whitespace_is_tidied() -> None:
    raw = "  Title  \r\n\r\n\r\n\r\nFirst\u00a0paragraph.   \n\n\n\nSecond.\t \n\n  "
    assert normalize_text(raw) == "Title\n\nFirst paragraph.\n\nSecond."


def test_single_blank_lines_and_inner_spaces_stay() -> None:
    text = "One  two.\n\nThree.\nFour."
    assert normalize_text(text) == text


def test_full_width_punctuation_is_left_alone() -> None:
    text = "\u5e02\u9577\u306f\u3001\u6a4b\u3092\u958b\u3044\u305f\u3002\uff08\u5171\u540c\uff09"
    assert normalize_text(text) == text


def test_normalising_twice_changes_nothing() -> None:
    once = normalize_text("A\u00e2\u20ac\u2122s  \r\n\n\n\nB\u00a0C ")
    assert normalize_text(once) == once
