"""A learned attribution model for reported speech, thoughts and intentions (PolNeAR style).

Candidates come from the dependency parse: every verb or noun whose lemma was an annotated cue
in the training articles proposes its possible contents (a that-clause, an infinitive, an
object, "Y of Z", the clause a parenthetical hangs on, "according to X, ..."). A logistic
regression over parse features (cue lemma, content type, dependency labels, subject type,
modals, negation, length, position) scores each candidate; the best candidate of each cue
above the threshold is an attribution. Direct quotes stay with the quote-mark rules, which are
more precise. ``rashomon quotes train`` fits the model; the quotes analyser falls back to the
hand-written rules of :mod:`rashomon.quotes.indirect` when the model file is missing.
"""

from __future__ import annotations

import gzip
import json
import math
import os
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Token

from rashomon.quotes.competition import Stage2
from rashomon.quotes.features import features
from rashomon.quotes.indirect import (
    OPENERS,
    Indirect,
    _according,
    _host,
    _make,
    _own_report,
    _quoted_share,
    _quoted_tokens,
    find_indirect,
    outermost,
)
from rashomon.quotes.quote_marks import Stretches

MODEL_FILE = "attribution.json.gz"
MODEL_ENV = "RASHOMON_QUOTES_MODEL"  # another model file; "none" forces the rules
CONTENT_DEPS = ("ccomp", "xcomp", "dobj")
NOUN_DEPS = ("acl", "ccomp", "relcl")
# "Y of/for/on/about Z" and "Y as Z" ("dismissed the plan as a stunt") are one content.
OBJECT_PREPS = ("of", "for", "on", "about", "as")
RAISED_DEPS = ("xcomp", "acomp", "oprd")
SUBJECT_DEPS = ("nsubj", "nsubjpass")
LEAD_SUBJECTS = ("nsubj", "nsubjpass", "csubj", "expl")
SOURCE_DEPS = ("nsubj", "poss", "agent")
NAMED_DEPS = ("compound", "nmod")  # a name modifying a noun cue is its source
NAMED_SOURCES = ("ORG", "PERSON", "NORP")  # not a place or a date: 'the Brelka report'
HELD_DEPS = ("dobj", "attr", "acomp", "oprd", "pobj", "prep")  # a cue held by its clause


@dataclass(frozen=True)
class LearnedSettings:
    """Candidate generation and decision (threshold tuned on a held-out fifth of PolNeAR train)."""

    min_cue_count: int = 3  # a lemma proposes candidates once it was a cue this often in train
    threshold: float = 0.5  # stored in the model file by training; this is the default
    nested: bool = True  # keep a report inside another report's content
    dedupe: bool = True  # of two contents overlapping by half the longer, keep the likelier
    union_rules: bool = True  # add the rules' reports that no chosen candidate overlaps
    mixed: bool = True  # a mostly quoted content that opens unquoted is a candidate too
    class_vocab: bool = True  # lemmas of lang/en/quotes_cue_classes.yaml propose candidates too
    # "X seems to Y", "X is expected to Y", "X appears ready": the subject and the complement
    # as the content's two pieces, around the cue (PolNeAR marks them as two fragments). Off:
    # held-out train F1 0.679 -> 0.681 with it, but PolNeAR dev F1 0.699 -> 0.698.
    subject_parts: bool = False
    # A host clause split by its parenthetical also proposes its part after the cue when the
    # part before holds no subject of the clause ('yet, aides say, X'). Off: held-out train
    # F1 0.687 -> 0.680, PolNeAR dev 0.704 -> 0.696 (proposed for every split host: 0.669).
    host_tail: bool = False


LEARNED = LearnedSettings()


@dataclass
class Candidate:
    """A possible attribution: its content span, cue token and content type."""

    found: Indirect
    kind: str
    features: dict[str, Any]


def candidates(
    doc: Doc,
    quoted: list[tuple[int, int]],
    vocab: frozenset[str],
    ruled: list[Indirect] | None = None,
) -> list[Candidate]:
    """Every candidate attribution of a parsed document outside quoted speech."""
    inside = _quoted_tokens(doc, quoted)
    ruled = find_indirect(doc, quoted) if ruled is None else ruled
    rules = {(f.start, f.end, f.cue) for f in ruled}
    stretches = Stretches(quoted)
    text = doc.text  # once: each doc.text builds the whole string
    headline = text.find("\n")  # articles open with their headline line
    out: list[Candidate] = []
    for token in doc:
        if token.i in inside:
            continue
        for kind, found in _proposals(token, vocab):
            share = _quoted_share(found, stretches)
            if share < 0.5 or (LEARNED.mixed and _opens_unquoted(text, found, stretches)):
                feats = features(found, kind, token)
                feats["rule"] = (found.start, found.end, found.cue) in rules
                feats["qshare"] = "0" if share == 0 else ("low" if share < 0.5 else "high")
                feats["headline"] = token.idx < headline
                out.append(Candidate(found, kind, feats))
    return out


def _opens_unquoted(text: str, found: Indirect, stretches: Stretches) -> bool:
    """The content starts with the reporter's own words, not a quote mark ('said the plan
    was “a disgrace”'): mostly quoted, it is still one mixed attribution (PolNeAR's
    convention), not a direct quote."""
    first = text[found.start : found.start + 1]
    return first not in OPENERS and not stretches.contains(found.start)


def _proposals(token: Token, vocab: frozenset[str]) -> Iterator[tuple[str, Indirect]]:
    """The contents a cue token may introduce, each with its type."""
    if token.lower_ == "according":
        item = _according(token)
        if item is not None:
            yield "according", item
        return
    lemma = token.lemma_.lower()
    if lemma not in vocab or token.pos_ not in ("VERB", "AUX", "NOUN", "ADJ"):
        return
    after = [c for c in token.children if c.i > token.i]
    for prep in (c for c in after if c.dep_ == "prep"):  # "critical of X", "insults at X"
        objs = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
        yield from _from(token, "pobj", objs)
    if token.pos_ in ("NOUN", "ADJ"):
        comps = [c for c in after if c.dep_ in NOUN_DEPS]
        yield from _from(token, "noun", comps)
        return
    yield from _from(token, "ccomp", [c for c in token.children if c.dep_ == "ccomp"])
    if not _agentless_passive(token):  # "is expected to attend": no one reports anything
        yield from _from(token, "xcomp", [c for c in after if c.dep_ == "xcomp"])
    if LEARNED.subject_parts:
        yield from _around(token, [c for c in after if c.dep_ in RAISED_DEPS])
    dobj = [c for c in after if c.dep_ == "dobj"]
    yield from _from(token, "dobj", dobj)
    oprd = [c for c in after if c.dep_ == "oprd"]  # "called the vote a mistake"
    if oprd:
        yield from _from(token, "oprd", dobj + oprd)
    preps = [c for c in after if c.dep_ == "prep" and c.lower_ in OBJECT_PREPS]
    if preps:
        yield from _from(token, "prep", dobj + preps)
    if token.head.i != token.i:
        host = _host(token, token)
        if host is not None:
            yield "host", host
            tail = _tail(host, token) if LEARNED.host_tail else None
            if tail is not None:
                yield "host_tail", tail


def _tail(host: Indirect, cue: Token) -> Indirect | None:
    """A host clause split by its parenthetical, from the cue on ('yet, aides say, the plan
    stands': 'the plan stands'): PolNeAR leaves out a leading adverbial or conjunction, so
    this and the whole host compete as two contents of one cue."""
    after = [p for p in host.parts if p[0] > cue.idx]
    if not after or len(after) == len(host.parts):
        return None
    lead = cue.doc.char_span(host.parts[0][0], host.parts[0][1], alignment_mode="expand")
    if lead is None or any(t.dep_ in LEAD_SUBJECTS and t.head.i == cue.head.i for t in lead):
        return None  # the clause's subject before the cue: the two pieces are one content
    return Indirect(after[0][0], host.end, host.cue, cue, True, after if len(after) > 1 else [])


def _around(verb: Token, comps: list[Token]) -> Iterator[tuple[str, Indirect]]:
    """The subject before the cue and its complement after it, as one two-piece content."""
    subj = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.i < verb.i), None)
    if subj is None or not comps:
        return
    head = _make(list(subj.subtree), verb, min_tokens=1)
    tail = _make([t for c in comps for t in c.subtree], verb, min_tokens=1)
    if head is None or tail is None or head.end > verb.idx:
        return
    tail.parts = [(head.start, head.end), (tail.start, tail.end)]
    tail.start = head.start
    yield "around", tail


def cue_source(cue: Token) -> Token | None:
    """Who holds a noun or adjective cue with no subject of its own: a proper-noun modifier
    ('a Ministry report that'), its possessor ('her claim that'), or the subject of the
    clause it stands in ('X repeated the claim that', 'X is critical of Y'), climbing through
    objects and prepositions (three steps at most)."""
    if cue.pos_ not in ("NOUN", "ADJ"):
        return None
    named = [c for c in cue.children if c.dep_ in NAMED_DEPS and c.ent_type_ in NAMED_SOURCES]
    if named and not any(c.dep_ == "poss" for c in cue.children):
        return named[-1]  # 'a Ministry report that', 'the Courier poll': the name's, not a place's
    current = cue
    for _ in range(3):
        own = next((c for c in current.children if c.dep_ in SOURCE_DEPS), None)
        if own is not None:
            return own
        if current.dep_ not in HELD_DEPS or current.head.i == current.i:
            return None
        current = current.head
    return None


def _agentless_passive(verb: Token) -> bool:
    deps = {c.dep_ for c in verb.children}
    return "auxpass" in deps and "agent" not in deps


def _from(verb: Token, kind: str, comps: list[Token]) -> Iterator[tuple[str, Indirect]]:
    if not comps:
        return
    tokens = [t for c in comps for t in c.subtree if not _own_report(t, c)]
    item = _make(tokens, verb, min_tokens=1)
    if item is not None:
        yield kind, item


@dataclass(frozen=True)
class Weights:
    """A fitted logistic regression as plain data: one weight per feature name, named as a
    DictVectorizer names them ("key=value" for strings, "key" for numbers and booleans), so
    scoring needs neither scikit-learn nor a pickle."""

    weights: dict[str, float]
    intercept: float

    def log_odds(self, rows: list[dict[str, Any]]) -> list[float]:
        """The log-odds of the positive class for each row of features."""
        get = self.weights.get
        out = []
        for row in rows:
            z = self.intercept
            for key, value in row.items():
                if isinstance(value, str):
                    z += get(f"{key}={value}", 0.0)
                elif value:
                    z += get(key, 0.0) * float(value)
            out.append(z)
        return out

    def proba(self, rows: list[dict[str, Any]]) -> list[float]:
        """The positive-class probability of each row of features."""
        return [1.0 / (1.0 + math.exp(-z)) for z in self.log_odds(rows)]


@dataclass
class AttributionModel:
    """The fitted weights (and trees, when trained with them), the cue vocabulary and the
    decision threshold."""

    weights: Weights
    vocab: frozenset[str]
    threshold: float
    info: dict[str, Any]
    stage2: Stage2 | None = None

    def proba(self, cands: list[Candidate]) -> list[float]:
        """The probability that each candidate of one document is an attribution."""
        feats = [c.features for c in cands]
        if self.stage2 is None:
            return self.weights.proba(feats)
        return self.stage2.proba([c.found for c in cands], feats, self.weights.log_odds(feats))

    def predict(self, doc: Doc, quoted: list[tuple[int, int]]) -> list[Indirect]:
        """The attributions of a parsed document (outside quoted speech)."""
        ruled = find_indirect(doc, quoted)
        cands = candidates(doc, quoted, self.vocab, ruled)
        found: list[Indirect] = []
        if cands:
            probs = self.proba(cands)
            found = choose(cands, probs, self.threshold)
        if LEARNED.union_rules:  # what the rules find and the model left alone
            chosen = _Spans()
            for f in found:
                chosen.add(f)
            found += [r for r in ruled if not chosen.overlaps(r)]
        return sorted(found, key=lambda f: (f.start, f.end))


def choose(cands: list[Candidate], probs: list[float], threshold: float) -> list[Indirect]:
    """The best candidate of each cue above the threshold; one per content span."""
    best: dict[tuple[int, int], tuple[float, Indirect]] = {}
    for cand, p in zip(cands, probs, strict=True):
        if p < threshold:
            continue
        key = cand.found.cue
        if key not in best or p > best[key][0]:
            best[key] = (p, cand.found)
    kept = _Spans()
    for _, found in sorted(best.values(), key=lambda pf: -pf[0]):
        if LEARNED.dedupe and kept.overlaps(found):
            continue  # two cues claiming one content: the likelier one keeps it
        kept.add(found)
    found_all = kept.items
    if not LEARNED.nested:
        found_all = outermost(found_all)
    return sorted(found_all, key=lambda f: (f.start, f.end))


class _Spans:
    """Contents kept so far, sorted by start: an overlap test looks only at the ones that can
    reach the new content (bounded by the longest content), so choosing stays linear."""

    def __init__(self) -> None:
        self.items: list[Indirect] = []
        self.starts: list[int] = []
        self.longest = 0

    def add(self, found: Indirect) -> None:
        i = bisect_left(self.starts, found.start)
        self.starts.insert(i, found.start)
        self.items.insert(i, found)
        self.longest = max(self.longest, found.end - found.start)

    def near(self, start: int, end: int) -> list[Indirect]:
        """The kept contents that may overlap ``start:end``."""
        i = bisect_left(self.starts, start - self.longest)
        j = bisect_left(self.starts, end, lo=i)
        return self.items[i:j]

    def overlaps(self, found: Indirect) -> bool:
        """Whether a kept content overlaps ``found`` by half the longer span."""
        return any(_overlap(found, kept) for kept in self.near(found.start, found.end))


def mixed_holders(text: str, reported: list[Indirect]) -> _Spans:
    """The reported contents that open with the reporter's own words: a direct quote inside
    one of them is part of a mixed attribution ('said the plan was “a disgrace”')."""
    held = _Spans()
    for r in reported:
        if text[r.start : r.start + 1] not in OPENERS:
            held.add(r)
    return held


def inside_mixed(text: str, parts: list[tuple[int, int]], held: _Spans) -> bool:
    """Whether quoted parts lie inside one content of ``held`` that has words before them."""
    if not LEARNED.mixed or not parts:
        return False
    first, last = parts[0][0], parts[-1][1]
    for r in held.near(first, last):
        if r.start <= first and last <= r.end + 1 and _leads_in(text[r.start : first - 1]):
            return True
    return False


def _leads_in(lead: str) -> bool:
    """Words of the reporter's before the quote, not ending in a colon: after a colon the
    quote is a full quotation of its own ('the terms are simple: “...”')."""
    lead = lead.rstrip()
    return any(c.isalnum() for c in lead) and not lead.endswith(":")


def _overlap(a: Indirect, b: Indirect) -> bool:
    shared = min(a.end, b.end) - max(a.start, b.start)
    return shared > 0 and 2 * shared >= max(a.end - a.start, b.end - b.start)


def model_path() -> Path | None:
    """The model file in use: $RASHOMON_QUOTES_MODEL, else the packaged one (None: rules)."""
    env = os.environ.get(MODEL_ENV)
    if env:
        return None if env.lower() == "none" else Path(env)
    packaged = resources.files("rashomon.quotes").joinpath("model", MODEL_FILE)
    return Path(str(packaged)) if packaged.is_file() else None


@lru_cache(maxsize=4)
def _load(path: str) -> AttributionModel:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    stage2 = Stage2.from_data(data["columns"], data["trees"]) if "trees" in data else None
    return AttributionModel(
        Weights(data["weights"], float(data["intercept"])),
        frozenset(data["vocab"]),
        float(data["threshold"]),
        dict(data.get("info", {})),
        stage2,
    )


def load_model(path: Path | None = None) -> AttributionModel | None:
    """The attribution model at ``path`` (default: ``model_path()``), or None when no model
    file is there (the rules are used)."""
    path = path or model_path()
    if path is None or not path.is_file():
        return None
    return _load(str(path))
