"""Learn loaded words from annotated lexical-bias spans, and cross-validate the learning.

A candidate is a single lemma, or two adjacent lemmas, of common words inside a lexical-bias
span (adjectives, adverbs, verbs and nouns; never a proper noun, a named entity, a stop word or
a number, so no name or event phrase can be learned). It is kept when it is inside annotated
spans at least ``min_count`` times, in at least ``min_articles`` articles of at least two
different events (triplets), and when at least ``min_rate`` of all its uses in the training
articles are inside annotated spans: a word annotators mark only now and then ("president",
"say") is a word of the story, not a loaded one. Its polarity is the annotators' majority
polarity toward the target, scaled by their agreement.

Cross-validation folds (``folds_of``; the CV itself is ``labels_model.cross_validate``) hold whole
triplets out (the three outlets' articles on one event), so a held-out event's own vocabulary is
never learned from its sibling articles.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.tokens import Token

from rashomon.analysers.label_lexicon import Lexicon, lexicon_from
from rashomon.eval.labels import Parsed

CONTENT_POS = frozenset({"ADJ", "ADV", "VERB", "NOUN"})
POLARITY_SCALE = 0.6  # a learned word is loaded, never as strong as "terrorist" (-1.0)


@dataclass(frozen=True)
class LearnSettings:
    """Thresholds of the loaded-word learner."""

    min_count: int = 2
    """Annotated uses a candidate needs."""
    min_articles: int = 2
    """Articles its annotated uses must come from."""
    min_rate: float = 0.1
    """Share of all its uses that must be inside annotated spans."""
    max_words: int = 2
    """Spans of more common words than this are not learned from: in a long span ("waved away
    every question about the audit") the loaded word cannot be told from its neighbours."""
    min_events: int = 2
    """Events (triplets) its annotated uses must come from (1: an event's own words may be
    learned from its three articles)."""


@dataclass
class _Tally:
    inside: int = 0
    articles: set[str] = field(default_factory=set)
    groups: set[str] = field(default_factory=set)
    polarity: Counter[str] = field(default_factory=Counter)


def _common(token: Token) -> bool:
    """A common content word (no name, entity, stop word or number)."""
    return (
        token.is_alpha
        and not token.is_stop
        and token.pos_ in CONTENT_POS
        and not token.ent_type_
        and len(token.text) > 2
    )


def _units(tokens: list[Token]) -> list[tuple[str, ...]]:
    """Single lemmas and adjacent lemma pairs of common words, in order."""
    lemmas = [t.lemma_.lower() if _common(t) else None for t in tokens]
    found: list[tuple[str, ...]] = [(lemma,) for lemma in lemmas if lemma]
    found += [(a, b) for a, b in zip(lemmas, lemmas[1:], strict=False) if a and b]
    return found


def learn(parsed: list[Parsed], settings: LearnSettings) -> dict[str, list[Any]]:
    """Lemma (or 'lemma lemma') -> [polarity, annotated uses, articles] from the spans."""
    tally: dict[tuple[str, ...], _Tally] = defaultdict(_Tally)
    uses: Counter[tuple[str, ...]] = Counter()
    for p in parsed:
        doc = p.ctx.spacy
        assert doc is not None
        uses.update(_units(list(doc)))
        for span in p.lexical():
            tokens = doc.char_span(span["start"], span["end"], alignment_mode="expand")
            units = _units(list(tokens or []))
            if sum(1 for u in units if len(u) == 1) > settings.max_words:
                continue
            for unit in set(units):
                t = tally[unit]
                t.inside += 1
                t.articles.add(p.id)
                t.groups.add(p.group)
                t.polarity[span.get("polarity") or "neg"] += 1
    learned: dict[str, list[Any]] = {}
    for unit, t in sorted(tally.items()):
        if t.inside < settings.min_count or len(t.articles) < settings.min_articles:
            continue
        if len(t.groups) < settings.min_events or t.inside < settings.min_rate * uses[unit]:
            continue
        neg, pos = t.polarity["neg"], t.polarity["pos"]
        if neg == pos:
            continue  # annotators split: no direction to give it
        polarity = round(POLARITY_SCALE * (pos - neg) / (pos + neg), 2)
        learned[" ".join(unit)] = [polarity, t.inside, len(t.articles)]
    return learned


def with_learned(base: dict[str, Any], learned: dict[str, list[Any]]) -> Lexicon:
    """The hand lexicon plus the learned loaded words."""
    return lexicon_from(base, learned)


def folds_of(parsed: list[Parsed], folds: int) -> list[list[Parsed]]:
    """Parsed articles split into ``folds`` parts by triplet (a stable round robin)."""
    groups = sorted({p.group for p in parsed})
    part = {g: n % folds for n, g in enumerate(groups)}
    return [[p for p in parsed if part[p.group] == k] for k in range(folds)]


def summary(results: list[dict[str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """Per figure and measure: the fold values, their mean and standard deviation."""
    out: dict[str, dict[str, Any]] = {}
    for figure in results[0]:
        out[figure] = {}
        for measure in ("precision", "recall", "f1"):
            values = [r[figure][measure] for r in results]
            out[figure][measure] = {
                "mean": round(statistics.fmean(values), 4),
                "sd": round(statistics.pstdev(values), 4),
                "folds": values,
            }
    return out


def write_learned(
    learned: dict[str, list[Any]], path: Path, source: str, n: int, settings: LearnSettings
) -> None:
    """Write the learned words as the ``labels_learned.yaml`` data file, documented."""
    lines = [
        "# Loaded words learned from annotated news (lexical-bias spans), by",
        "# `rashomon eval labels FILE --write` (rashomon.eval.labels_learn).",
        f"# Source: {source}, {n} articles. Only common words are candidates (no proper noun,",
        "# named entity, stop word or number); each entry is a lemma or two adjacent lemmas",
        f"# found inside annotated spans of at most {settings.max_words} such words at least",
        f"# {settings.min_count} times, in at least {settings.min_articles} articles of "
        f"{settings.min_events} different events,",
        f"# with at least {settings.min_rate:.0%} of all its uses inside annotated spans.",
        "# word: [polarity (-0.6 .. 0.6, the annotators' majority toward the target),",
        "#        annotated uses, articles]",
        "loaded:",
    ]
    for word, (polarity, count, articles) in sorted(learned.items()):
        lines.append(f"  {word}: [{polarity}, {count}, {articles}]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
