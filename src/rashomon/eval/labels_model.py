"""Train, cross-validate and write the evaluative-word token model (``analysers.label_model``).

Examples are the candidate tokens (common content words) of BASIL articles, positive when the
token lies inside a lexical-bias span. Besides the token's own features the model sees the
lemma's rate inside PTC ``Loaded_Language`` / ``Name_Calling,Labeling`` spans (another corpus,
another annotation: evidence that carries across events where BASIL's own words do not).
Cross-validation folds hold whole triplets out, as ``labels_learn`` does, and every fold's
labels are found and scored by the same analyser code as the shipped ones.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Doc

from rashomon.analysers.label_lexicon import Lexicon, lexicon_from
from rashomon.analysers.label_model import TokenModel, candidate, token_features
from rashomon.analysers.label_voice import quoted_test
from rashomon.analysers.labels import find_labels
from rashomon.eval.labels import Parsed, score
from rashomon.eval.labels_learn import LearnSettings, folds_of, learn, summary, with_learned

PTC_TECHNIQUES = ("Loaded_Language", "Name_Calling,Labeling")
C = 0.2  # inverse regularisation strength (CV on BASIL dev: 0.1, 0.2, 0.5 tried)
MIN_PTC_USES = 3  # rarer PTC words are left out: their rate says nothing
MIN_WEIGHT = 0.01  # smaller weights are not written out
THRESHOLD = 0.15  # chosen by 5-fold CV on BASIL dev (best span F1 and outlet-voice F1)
THRESHOLDS = (0.1, 0.15, 0.2)
EMB_RATE = 0.1  # a PTC lemma this often inside loaded spans is a positive word-vector example
EMB_BINS = (0.75, 0.5)  # word-vector scores from which a lemma is 'high', 'mid'


def around(threshold: float) -> tuple[float, ...]:
    """The shipped threshold with a lower and a higher one beside it (a CV curve's points)."""
    return (round(threshold - 0.05, 2), threshold, round(threshold + 0.05, 2))


def ptc_stats(root: Path) -> dict[str, tuple[int, int]]:
    """Lemma -> (uses inside PTC loaded-language / name-calling spans, all uses) for the common
    words of PTC's training articles (``root``): used at least ``MIN_PTC_USES`` times, mostly
    in lower case (so no name), and never inside a span in only one article."""
    from rashomon.pipeline import load_spacy

    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for line in (root / "train-task-flc-tc.labels").read_text(encoding="utf-8").splitlines():
        article, technique, start, end = line.split("\t")
        if technique in PTC_TECHNIQUES:
            spans[article].append((int(start), int(end)))
    files = sorted((root / "articles").glob("article*.txt"))
    ids = [f.stem.removeprefix("article") for f in files]
    nlp = load_spacy()
    inside: Counter[str] = Counter()
    uses: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    articles: dict[str, set[str]] = defaultdict(set)
    with nlp.select_pipes(disable=[p for p in nlp.pipe_names if p in ("parser", "ner")]):
        texts = (f.read_text(encoding="utf-8") for f in files)
        for article, doc in zip(ids, nlp.pipe(texts, batch_size=16), strict=True):
            for token in doc:
                if not token.is_alpha:
                    continue
                lemma = token.lemma_.lower()
                uses[lemma] += 1
                lower[lemma] += token.is_lower
                if any(s <= token.idx < e for s, e in spans.get(article, ())):
                    inside[lemma] += 1
                    articles[lemma].add(article)
    return {
        lemma: (inside[lemma] if len(articles[lemma]) >= 2 else 0, n)
        for lemma, n in sorted(uses.items())
        if n >= MIN_PTC_USES and lower[lemma] * 2 > n
    }


def examples(
    parsed: list[Parsed],
    ptc: dict[str, tuple[int, int]],
    evaluative: dict[str, str] | None = None,
) -> tuple[list[list[str]], list[int]]:
    """Features and 0/1 labels (inside a lexical-bias span) of every candidate token."""
    features: list[list[str]] = []
    labels: list[int] = []
    for p in parsed:
        doc = p.ctx.spacy
        assert doc is not None
        quoted = quoted_test(p.ctx)
        gold = [(g["start"], g["end"]) for g in p.lexical()]
        for token in doc:
            if not candidate(token):
                continue
            end = token.idx + len(token)
            features.append(token_features(token, ptc, quoted(token.idx, end), evaluative))
            labels.append(int(any(s < end and token.idx < e for s, e in gold)))
    return features, labels


def polarities(parsed: list[Parsed]) -> dict[str, float]:
    """Lemmas the annotators marked friendly more often than hostile (+0.4); hostile is the
    model's default and needs no entry."""
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    for p in parsed:
        doc = p.ctx.spacy
        assert doc is not None
        for span in p.lexical():
            tokens = doc.char_span(span["start"], span["end"], alignment_mode="expand")
            words = [t for t in tokens or () if candidate(t)]
            if len(words) > 2:
                continue  # in a long span the word that carries the polarity is unknown
            for token in words:
                tally[token.lemma_.lower()][span.get("polarity") or "neg"] += 1
    return {lemma: 0.4 for lemma, c in sorted(tally.items()) if c["pos"] > c["neg"]}


def fit(
    parsed: list[Parsed],
    ptc: dict[str, tuple[int, int]],
    threshold: float,
    c: float = C,
    evaluative: dict[str, str] | None = None,
) -> TokenModel:
    """A token model fitted on ``parsed`` (with the word-vector bins when ``evaluative``)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    features, labels = examples(parsed, ptc, evaluative)
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([dict.fromkeys(f, 1) for f in features])
    model = LogisticRegression(C=c, max_iter=3000)
    model.fit(x, labels)
    names = vectorizer.get_feature_names_out()
    weights = {
        str(n): round(float(w), 4)
        for n, w in zip(names, model.coef_[0], strict=True)
        if abs(w) >= MIN_WEIGHT
    }
    bias = float(model.intercept_[0])
    fitted = TokenModel(
        weights, bias, threshold, dict(ptc), polarities(parsed), dict(evaluative or {})
    )
    return without_names(fitted, [p.ctx.spacy for p in parsed if p.ctx.spacy is not None])


NAME_ENTITIES = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "WORK_OF_ART")


def name_lemmas(docs: list[Doc]) -> frozenset[str]:
    """Lemmas the parsed texts mostly use as a name: a proper noun, inside a named entity, or
    written with a capital inside the word."""
    named: Counter[str] = Counter()
    uses: Counter[str] = Counter()
    for doc in docs:
        for token in doc:
            if token.is_alpha:
                lemma = token.lemma_.lower()
                uses[lemma] += 1
                named[lemma] += (
                    token.pos_ == "PROPN"
                    or token.ent_type_ in NAME_ENTITIES
                    or any(c.isupper() for c in token.text[1:])  # CamelCase: a handle, a tag
                )
    return frozenset(lemma for lemma, n in named.items() if 2 * n > uses[lemma])


def without_names(model: TokenModel, docs: list[Doc]) -> TokenModel:
    """The model without the lemma weights and polarities of the names of its training
    articles (``name_lemmas``): a shipped model keeps no names of the articles it was fitted
    on, as the quotes model does."""
    names = name_lemmas(docs)
    weights = {
        f: w
        for f, w in model.weights.items()
        if not (f.startswith("lemma=") and f.removeprefix("lemma=") in names)
    }
    polarity = {k: v for k, v in model.polarity.items() if k not in names}
    return replace(model, weights=weights, polarity=polarity)


def run_model(
    parsed: list[Parsed], lexicon: Lexicon, model: TokenModel | None
) -> dict[str, list[Any]]:
    """Article id -> its labels under ``lexicon`` plus ``model``."""
    return {p.id: find_labels(p.ctx, lexicon, model) for p in parsed}


def cross_validate(
    parsed: list[Parsed],
    base: dict[str, Any],
    ptc: dict[str, tuple[int, int]],
    folds: int = 5,
    thresholds: tuple[float, ...] = THRESHOLDS,
    settings: LearnSettings | None = None,
    evaluative: dict[str, str] | None = None,
) -> dict[str, dict[str, dict[str, Any]]]:
    """Per threshold: the held-out folds' figures (mean and sd) of the hand lexicon plus the
    words learned and the model fitted on the other folds; the hand and the hand + learned
    lexicons beside, on the same folds. ``evaluative``: the model reads the word-vector bins
    (learned from PTC alone, so no fold's labels reach them)."""
    parts = folds_of(parsed, folds)
    runs: dict[str, list[dict[str, dict[str, Any]]]] = defaultdict(list)
    for k, test in enumerate(parts):
        train = [p for n, part in enumerate(parts) if n != k for p in part]
        model = fit(train, ptc, thresholds[0], evaluative=evaluative)
        lexicon = with_learned(base, learn(train, settings or LearnSettings()))
        runs["hand"].append(score(test, run_model(test, lexicon_from(base), None)))
        runs["hand + learned"].append(score(test, run_model(test, lexicon, None)))
        for t in thresholds:
            labels = run_model(test, lexicon, replace(model, threshold=t))
            runs[f"hand + learned + model @{t}"].append(score(test, labels))
    return {name: summary(results) for name, results in runs.items()}


def write_model(model: TokenModel, path: Path, source: str, n: int) -> None:
    """Write the model as the ``labels_model.yaml`` data file, documented."""
    header = (
        "# Evaluative-word token model (rashomon.analysers.label_model), fitted by\n"
        "# `rashomon eval labels FILE --fit-model PATH` (rashomon.eval.labels_model)\n"
        f"# on {source} ({n} articles' lexical-bias spans) with PTC loaded-language and\n"
        "# name-calling span rates per lemma (ptc: lemma -> [uses inside, all uses]).\n"
        "# A token is a loaded word when the logistic of bias + its weights >= threshold.\n"
    )
    data = {
        "threshold": model.threshold,
        "bias": round(model.bias, 4),
        "polarity": model.polarity,
        "weights": dict(sorted(model.weights.items())),
        "ptc": {k: list(v) for k, v in sorted(model.ptc.items())},
        "evaluative": bool(model.evaluative),  # reads the labels_evaluative_* word lists
    }
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(header + body, encoding="utf-8")


def general_vocabulary(ptc: dict[str, tuple[int, int]]) -> list[str]:
    """The lemmas the word-vector table covers: PTC's and the lower-case words of the spaCy
    model's own vocabulary (loaded afresh, so no parsed article adds its words)."""
    import spacy

    from rashomon.pipeline import SPACY_MODEL

    strings = spacy.load(SPACY_MODEL).vocab.strings
    general = {w for w in strings if w.isalpha() and w.islower() and 2 < len(w) < 25}
    return sorted(general | set(ptc))


def evaluative_table(
    ptc: dict[str, tuple[int, int]], vocabulary: list[str]
) -> dict[str, str] | None:
    """Lemma -> 'high' / 'mid' for the ``vocabulary`` words whose sentence-embedding vector a
    logistic regression, fitted on PTC's lemmas (in-span rate >= ``EMB_RATE`` or not), scores
    at least ``EMB_BINS``; None without the MiniLM embeddings (``[embeddings]`` extra). The
    vector carries a word PTC never used to the loaded words it resembles."""
    from sklearn.linear_model import LogisticRegression

    from rashomon.linking.embeddings import get_embedder

    embedder = get_embedder()
    if "minilm" not in getattr(embedder, "name", ""):
        return None
    known = [w for w in vocabulary if w in ptc]
    y = [int(ptc[w][0] / (ptc[w][1] + 2) >= EMB_RATE) for w in known]
    vectors = embedder.encode(vocabulary)
    row = {w: i for i, w in enumerate(vocabulary)}
    model = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced")
    model.fit(vectors[[row[w] for w in known]], y)
    scores = model.predict_proba(vectors)[:, 1]
    high, mid = EMB_BINS
    return {
        w: ("high" if p >= high else "mid")
        for w, p in zip(vocabulary, scores.tolist(), strict=True)
        if p >= mid
    }


def write_evaluative(table_: dict[str, str], folder: Path) -> list[Path]:
    """Write the table as the ``labels_evaluative_high`` / ``_mid`` word lists in ``folder``."""
    written = []
    for level in ("high", "mid"):
        path = folder / f"labels_evaluative_{level}.txt"
        header = (
            f"# Lemmas whose MiniLM word vector scores '{level}' as a PTC loaded word\n"
            "# (rashomon.eval.labels_model.evaluative_table, written by\n"
            "# `rashomon eval labels FILE --fit-model PATH`): a token-model feature.\n"
        )
        body = "\n".join(w for w, v in sorted(table_.items()) if v == level)
        path.write_text(header + body + "\n", encoding="utf-8")
        written.append(path)
    return written


def refit_evaluative(ptc: dict[str, tuple[int, int]], folder: Path) -> dict[str, str] | None:
    """Recompute the word-vector table from recounted PTC rates and write its word lists into
    ``folder`` (None, and nothing written, without the MiniLM embeddings)."""
    found = evaluative_table(ptc, general_vocabulary(ptc))
    if found:
        write_evaluative(found, folder)
    return found
