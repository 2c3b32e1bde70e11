"""Cross-validated choice of the TC options: context features, the heads' weights, the class
prior and the repeated-span bonus.

TC does not use the tagger, so every labelled article can take part: articles in CV part 0
(``cv.part_of``) are the test part, never used for a choice; parts 1..5 are the folds. The
span classifier and the span head are refitted for each fold on the other folds' articles.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from rashomon.techniques.cv import part_of
from rashomon.techniques.data import Article
from rashomon.techniques.decode import favour_slogans
from rashomon.techniques.embedded import (
    TC_WEIGHT,
    Encoder,
    class_shares,
    fit_dense,
    mix_classes,
    with_prior,
)
from rashomon.techniques.linear import LinearModel, fit_linear
from rashomon.techniques.metrics import TCScore, score_tc
from rashomon.techniques.tc_context import favour_repeats, repeated, span_sentence
from rashomon.techniques.tokens import tokenize
from rashomon.techniques.train import Settings, fit_context_head, tc_rows

HEAD_WEIGHTS = (0.0, 0.5, 0.7, 1.0, 1.5, 2.0)
# exponents of the class-prior correction (``embedded.with_prior``; 0: none)
PRIOR_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)
# weights of the sentence head (``tc_context.CONTEXT_HEAD``) and of the repeated-span bonus
SENTENCE_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)
REPEAT_WEIGHTS = (0.0, 0.5, 1.0, 2.0)
Row = tuple[str, str, int, int]
# context, head, prior, sentence, repeat (``_Fold.f1``'s options)
Options = tuple[bool, float, float, float, float]


@dataclass
class TCSelection:
    """The chosen TC options with fold and test scores, and the baseline's beside them."""

    context: bool
    head: float
    folds: list[float]
    test: TCScore
    base_folds: list[float]
    base_test: TCScore
    prior: float = 0.0  # the class-prior exponent chosen
    sentence: float = 0.0  # the sentence head's weight chosen
    repeat: float = 0.0  # the repeated-span bonus chosen
    shipped_folds: list[float] = field(default_factory=list)  # the model's setting until now
    shipped_test: TCScore | None = None
    # the n-gram mode (no heads: the pipeline's default): its own prior and repeat bonus
    ngram: Options | None = None
    ngram_folds: list[float] = field(default_factory=list)
    ngram_test: TCScore | None = None
    ngram_shipped_folds: list[float] = field(default_factory=list)
    ngram_shipped_test: TCScore | None = None


def _gold(articles: Sequence[Article]) -> list[Row]:
    return [(a.id, t, s, e) for a in articles for t, s, e in a.tc]


def _predict(probs: np.ndarray, classes: list[str], gold: list[Row]) -> list[Row]:
    """Labels for the gold spans; a span listed k times gets its k best techniques."""
    seen: dict[tuple[str, int, int], int] = {}
    rows = []
    for row, (aid, _, s, e) in zip(probs, gold, strict=True):
        nth = seen.get((aid, s, e), 0)
        seen[(aid, s, e)] = nth + 1
        order = np.argsort(-row, kind="stable")
        rows.append((aid, classes[int(order[min(nth, len(order) - 1)])], s, e))
    return rows


class _Fold:
    """One train/held split: fitted span classifiers (with/without context) and head.

    Their probabilities on the held articles are cached in ``cache`` (keyed by both id lists
    and the settings), since each refit takes minutes on 2 cores.
    """

    def __init__(
        self,
        train: Sequence[Article],
        held: Sequence[Article],
        encoder: Encoder | None,
        cache: Path | None = None,
    ) -> None:
        self.gold = _gold(held)
        self.priors = class_shares(train)
        self.texts = [a.text[s:e] for a in held for _, s, e in a.tc]
        self.repeat = np.concatenate(
            [repeated(a.text, [(s, e) for _, s, e in a.tc]) for a in held] or [np.zeros(0, bool)]
        )
        self.probs: dict[bool, tuple[np.ndarray, list[str]]] = {}
        self.head: np.ndarray | None = None
        self.sent: np.ndarray | None = None  # the sentence head's probabilities
        key = json.dumps([[a.id for a in train], [a.id for a in held], asdict(Settings())])
        path = None
        if cache is not None:
            digest = hashlib.sha1(f"{key}{encoder is not None}".encode()).hexdigest()[:16]
            path = cache / f"tc-{digest}.npz"
        if path is not None and path.is_file():
            with np.load(path) as stored:
                classes = [str(c) for c in stored["classes"]]
                self.probs = {c: (stored[f"p{int(c)}"], classes) for c in (False, True)}
                self.head = stored["head"] if "head" in stored.files else None
                self.sent = stored["sent"] if "sent" in stored.files else None
            if self.sent is not None or encoder is None:
                return
            self._fit_sentence(train, held, encoder)  # a cache written before the head existed
        else:
            self._fit(train, held, encoder)
        if path is not None:
            arrays: dict[str, Any] = {f"p{int(c)}": v[0] for c, v in self.probs.items()}
            arrays.update(
                {k: v for k, v in (("head", self.head), ("sent", self.sent)) if v is not None}
            )
            np.savez_compressed(path, classes=np.asarray(self.probs[False][1]), **arrays)

    def _fit_sentence(
        self, train: Sequence[Article], held: Sequence[Article], encoder: Encoder
    ) -> None:
        """The sentence head fitted on ``train``, its probabilities on the held spans."""
        head = fit_context_head(train, encoder, Settings())
        assert head.classes == self.probs[False][1]
        rows = [(a, s, e) for a in held for _, s, e in a.tc]
        tokens = {a.id: tokenize(a.text) for a in held}
        texts = [span_sentence(tokens[a.id], s, e) for a, s, e in rows]
        self.sent = head.class_proba(encoder.encode(texts))

    def _fit(
        self, train: Sequence[Article], held: Sequence[Article], encoder: Encoder | None
    ) -> None:
        settings = Settings()
        for context in (False, True):
            x, y = tc_rows(train, context)
            span: LinearModel = fit_linear(
                x,
                y,
                c=settings.span_c,
                min_count=settings.span_min_count,
                class_weight=settings.span_class_weight,
            )
            self.probs[context] = (span.class_proba(tc_rows(held, context)[0]), span.classes)
        if encoder is not None:
            rows = [(a.text[s:e], t) for a in train for t, s, e in a.tc]
            dense = fit_dense(
                encoder.encode([r for r, _ in rows]),
                [t for _, t in rows],
                settings.span_head_c,
                "balanced",
                settings.seed,
            )
            assert dense.classes == self.probs[False][1]
            self.head = dense.class_proba(encoder.encode(self.texts))
            self._fit_sentence(train, held, encoder)

    def f1(
        self,
        context: bool,
        head: float,
        prior: float = 0.0,
        sentence: float = 0.0,
        repeat: float = 0.0,
        slogans: bool = True,
    ) -> TCScore:
        """TC scores of the held articles under these options, in the order ``model.rank``
        applies them (``prior``: the class-prior exponent; ``sentence``: the sentence head's
        weight; ``repeat``: the repeated-span bonus; ``slogans``: ``decode.favour_slogans``)."""
        probs, classes = self.probs[context]
        if self.head is not None and head > 0:
            probs = mix_classes(probs, self.head, head)
            if self.sent is not None and sentence > 0:
                probs = mix_classes(probs, self.sent, sentence)
        probs = with_prior(probs, classes, self.priors, prior)
        probs = favour_repeats(probs, classes, self.repeat, repeat)
        if slogans:
            probs = favour_slogans(probs, classes, self.texts)
        return score_tc(_predict(probs, classes, self.gold), self.gold)


def select_tc(
    articles: Sequence[Article],
    encoder: Encoder | None,
    log: Callable[[str], None] = lambda _: None,
    cache: Path | None = None,
    shipped: tuple[Options, Options] | None = None,
) -> TCSelection:
    """Choose ``tc_context``, ``tc_head``, ``tc_prior``, ``tc_sentence`` and ``tc_repeat`` by
    mean fold micro-F1, then the n-gram mode's prior and repeat bonus (same context); score
    the test part, with the baseline and the ``shipped`` options (both modes) beside."""
    parts: dict[int, list[Article]] = {}
    for article in articles:
        parts.setdefault(part_of(article.id), []).append(article)
    folds = []
    for p in sorted(k for k in parts if k != 0):
        train = [a for q, v in parts.items() if q not in (0, p) for a in v]
        folds.append(_Fold(train, parts[p], encoder, cache))
        log(f"TC fold {p}: {len(train)} articles fitted, {len(parts[p])} held")
    heads = HEAD_WEIGHTS if encoder is not None else (0.0,)
    sents = SENTENCE_WEIGHTS if encoder is not None else (0.0,)
    options = list(itertools.product((False, True), heads, PRIOR_WEIGHTS, sents, REPEAT_WEIGHTS))
    means = {o: [f.f1(*o).f1 for f in folds] for o in options}
    # ties (common: the folds are scored on whole spans) go to the simpler option, listed first
    context, head, prior, sentence, repeat = max(options, key=lambda o: np.mean(means[o]))
    # the baseline: the previous model's setting (no context, head 0.7, no slogan form rule)
    base = (False, TC_WEIGHT if encoder is not None else 0.0)
    base_folds = [f.f1(*base, slogans=False).f1 for f in folds]
    rest = [a for q, v in parts.items() if q != 0 for a in v]
    test = _Fold(rest, parts.get(0, []), encoder, cache)
    chosen = (context, head, prior, sentence, repeat)
    # the span classifier (``context``) is shared; 0 is in both head grids
    ngram = max(
        ((context, 0.0, a, 0.0, r) for a in PRIOR_WEIGHTS for r in REPEAT_WEIGHTS),
        key=lambda o: np.mean(means[o]),
    )
    selection = TCSelection(
        context,
        head,
        means[chosen],
        test.f1(*chosen),
        base_folds,
        test.f1(*base, slogans=False),
        prior,
        sentence,
        repeat,
        ngram=ngram,
        ngram_folds=means[ngram],
        ngram_test=test.f1(*ngram),
    )
    if shipped is not None:
        selection.shipped_folds = [f.f1(*shipped[0]).f1 for f in folds]
        selection.shipped_test = test.f1(*shipped[0])
        selection.ngram_shipped_folds = [f.f1(*shipped[1]).f1 for f in folds]
        selection.ngram_shipped_test = test.f1(*shipped[1])
    return selection
