"""Feature strings for tokens (span identification) and for spans (technique classification)."""

from __future__ import annotations

import bisect
import re

from rashomon.techniques.tokens import Tokens

_DIGIT = re.compile(r"\d")
_SHAPES = (("X", str.isupper), ("x", str.islower), ("d", str.isdigit))


def shape(word: str) -> str:
    """A coarse word shape: ``Xx``, ``x``, ``X``, ``d``, ``p`` (punctuation) and so on."""
    if not word[0].isalnum():
        return "p"
    if word.isupper() and len(word) > 1:
        return "XX"
    if word[0].isupper():
        return "Xx"
    return "d" if _DIGIT.match(word) else "x"


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if n <= edge:
            return str(edge)
    return f">{edges[-1]}"


def _sentence_context(tokens: Tokens, first: int, last: int) -> list[str]:
    """Features shared by every token of one sentence: its words and punctuation."""
    words = set(tokens.lower[first:last])
    feats = [f"s={w}" for w in words if len(w) > 2]
    feats.append(f"slen={_bucket(last - first, (3, 8, 15, 25, 40))}")
    feats.extend(f"s{p}" for p in '!?"“' if p in words)
    if tokens.sentence[first] == 0:
        feats.append("title")
    return feats


def token_features(tokens: Tokens) -> list[list[str]]:
    """One list of feature strings per token, for span identification."""
    low = tokens.lower
    n = len(low)
    rows: list[list[str]] = []
    for first, last in tokens.bounds:
        shared = _sentence_context(tokens, first, last)
        for i in range(first, last):
            w = low[i]
            prev = low[i - 1] if i > first else "<s>"
            prev2 = low[i - 2] if i - 1 > first else "<s>"
            nxt = low[i + 1] if i + 1 < last else "</s>"
            nxt2 = low[i + 2] if i + 2 < last else "</s>"
            row = [
                "bias",
                f"w={w}",
                f"p={prev}",
                f"n={nxt}",
                f"p2={prev2}",
                f"n2={nxt2}",
                f"pw={prev}|{w}",
                f"wn={w}|{nxt}",
                f"sh={shape(tokens.word(i))}",
                f"suf={w[-3:]}",
                f"pos={_bucket(i - first, (0, 2, 5, 10, 20))}",
                f"rpos={_bucket(last - 1 - i, (0, 2, 5, 10, 20))}",
            ]
            if tokens.quoted[i]:
                row.append("quoted")
            row.extend(shared)
            rows.append(row)
    assert len(rows) == n
    return rows


def span_tokens(tokens: Tokens, start: int, end: int) -> tuple[int, int]:
    """Token index range ``[first, last)`` of the tokens overlapping a character span."""
    first = bisect.bisect_right(tokens.ends, start)
    last = max(first, bisect.bisect_left(tokens.starts, end))
    return first, last


def span_features(
    tokens: Tokens, start: int, end: int, lower_text: str, context: bool = False
) -> list[str]:
    """Feature strings of one character span, for technique classification (``context``:
    also the sentence and its neighbours, see ``context_features``)."""
    first, last = span_tokens(tokens, start, end)
    words = tokens.lower[first:last] or ["<empty>"]
    feats = [f"w={w}" for w in words]
    feats += [f"b={a}|{b}" for a, b in zip(words, words[1:], strict=False)]
    feats += [
        f"f={words[0]}",
        f"l={words[-1]}",
        f"len={_bucket(len(words), (1, 2, 3, 5, 8, 14, 25))}",
    ]
    span_text = lower_text[start:end].strip()
    repeats = lower_text.count(span_text) if span_text else 0
    feats.append(f"rep={min(repeats, 4)}")
    feats.append(f"rep_len={min(repeats, 3)}|{_bucket(len(words), (1, 3, 6))}")
    for i in range(max(0, first - 3), first):
        feats.append(f"L={tokens.lower[i]}")
    for i in range(last, min(len(tokens), last + 3)):
        feats.append(f"R={tokens.lower[i]}")
    if first < len(tokens):
        bounds = tokens.bounds[tokens.sentence[first]]
        feats.append(f"sstart={first == bounds[0]}|send={last >= bounds[1] - 1}")
        if tokens.sentence[first] == 0:
            feats.append("title")
        if tokens.quoted[first]:
            feats.append("quoted")
    feats.extend(f"shape={shape(tokens.word(i))}" for i in range(first, last))
    feats.extend(f"has{p}" for p in '!?"“' if p in words)
    feats.extend(char_grams(words))
    if context:
        feats.extend(context_features(tokens, first, last, lower_text[start:end].strip()))
    return feats


def _sentence_kind(tokens: Tokens, index: int) -> str:
    """How a sentence ends (``?``, ``!``, ``.``) or ``none`` outside the text."""
    if index < 0 or index >= len(tokens.bounds):
        return "none"
    first, last = tokens.bounds[index]
    tail = [w for w in tokens.lower[max(first, last - 3) : last] if w in ".!?"]
    return tail[-1] if tail else "-"


def context_features(tokens: Tokens, first: int, last: int, span_text: str) -> list[str]:
    """The span's place in its article: sentence kind and neighbours, first word of the
    sentence, share of it covered, voice (quoted), and whether the same phrase came earlier
    (the later uses of a repeated phrase are what Repetition marks)."""
    if first >= len(tokens):
        return []
    index = tokens.sentence[first]
    a, b = tokens.bounds[index]
    share = (last - first) / max(1, b - a)
    feats = [
        f"sk={_sentence_kind(tokens, index)}",
        f"sk-1={_sentence_kind(tokens, index - 1)}",
        f"sk+1={_sentence_kind(tokens, index + 1)}",
        f"s0={tokens.lower[a]}",
        f"share={_bucket(int(share * 10), (1, 3, 6, 9, 10))}",
    ]
    if any(tokens.quoted[a:b]):
        feats.append("squoted")
    if span_text:
        earlier = tokens.text[: tokens.starts[first]].lower().count(span_text)
        feats.append(f"earlier={min(earlier, 2)}")
    return feats


def char_grams(words: list[str], n: int = 4) -> list[str]:
    """Character n-grams of each word, padded with ``<`` and ``>`` (catches word families)."""
    grams: list[str] = []
    for word in words:
        padded = f"<{word}>"
        grams.extend(f"c={padded[i : i + n]}" for i in range(len(padded) - n + 1))
    return grams


def sentence_features(tokens: Tokens, first: int, last: int) -> list[str]:
    """Feature strings of one sentence, for the sentence-level propaganda score."""
    words = tokens.lower[first:last]
    feats = [f"w={w}" for w in words]
    feats += [f"b={a}|{b}" for a, b in zip(words, words[1:], strict=False)]
    feats.append(f"len={min(last - first, 60) // 5}")
    if tokens.sentence[first] == 0:
        feats.append("title")
    if any(tokens.quoted[first:last]):
        feats.append("quoted")
    feats.extend(char_grams(words))
    return feats
