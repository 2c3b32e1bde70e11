"""Stance features per (document, actor) and the linear model that scores them.

An article's stance toward an actor is read from the article's own voice: loaded words and
labels the outlet itself pins on the actor or uses in the sentences that name it, persuasion
techniques in those sentences, the actor's part in violent events, how prominent the actor is,
and how often others are quoted about it. Quotes are the quoted speaker's voice: the words an
actor says never count as the outlet's sympathy, and labels inside quotes are kept apart.

The model is a logistic regression over a few of these features (hostile or not: BASIL's
annotators feel positive toward 13 of 363 main entities, too few to learn) trained by
``rashomon eval stance --fit`` on BASIL's per-article author feelings and stored as data
(``lang/en/stance_model.yaml``) with its calibrated threshold; the score is P(positive) -
P(negative), and the answer is neutral unless a sign's probability reaches the threshold.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rashomon.analysers.labels import weakly_attached
from rashomon.document import Item
from rashomon.lang import table
from rashomon.linking.stories import type_class

FEATURES = (
    "mentions",
    "share",
    "in_title",
    "own_neg",
    "own_pos",
    "quoted_neg",
    "quoted_pos",
    "context_neg",
    "context_pos",
    "techniques",
    "name_calling",
    "speaks",
    "quoted_about",
    "agent",
    "victim",
    "learned_own",
    "learned_context",
    "speaker_context_neg",
)
# The features the fitted model reads: the actor's prominence and the framing around it. With
# every feature, BASIL dev under 5-fold CV by triplet ranks worse (Spearman +0.11 vs +0.15):
# 88 non-neutral pairs cannot carry fifteen weights.
MODEL_FEATURES = (
    "mentions",
    "share",
    "in_title",
    "speaks",
    "techniques",
    "name_calling",
    "context_neg",
    "agent",
)
MODEL_FILE = "stance_model"
# Defaults of the stance linker's settings (``stances.StanceSettings``), passed down from there.
CUE_WEIGHT = 2.0  # weight of the outlet-voice label and event cues beside the model
CUE_SMOOTHING = 0.5  # shrinks a mean of few cues towards 0
NEUTRAL_CUT = 0.1  # |score| below this is an abstention (neutral)
MIN_CUES = 1  # fewer cues leave the model's score as it is
# An article's own labels are cues only when it has at least this many cues in all (on any
# actor): chosen by CV by triplet on BASIL dev from 1/2/3 (``eval stance``, stance_cv)
MIN_ARTICLE_CUES = 2
FRAMING = frozenset(
    {"Loaded_Language", "Name_Calling,Labeling", "Doubt", "Exaggeration,Minimisation"}
)


@dataclass
class DocumentItems:
    """One document's stored items that stance features read."""

    doc: str
    mentions: list[Item]
    sentences: list[Item]
    labels: list[Item]
    quotes: list[Item]
    events: list[Item]
    techniques: list[Item]
    starts: list[int] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        self.sentences = sorted(self.sentences, key=lambda s: s.start)
        self.starts = [s.start for s in self.sentences]

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence holding a character offset (-1 before the first)."""
        return bisect.bisect_right(self.starts, offset) - 1


@dataclass
class Evidence:
    """The features of one (document, actor) pair and the items behind them."""

    features: dict[str, float]
    items: list[tuple[Item, str, float]]  # item, source, polarity


def document_features(docs: DocumentItems, links: dict[str, str]) -> dict[str, Evidence]:
    """Actor id -> features and evidence, for every actor named in the document."""
    by_actor: dict[str, list[Item]] = defaultdict(list)
    for mention in docs.mentions:
        actor = links.get(mention.id)
        if actor:
            by_actor[actor].append(mention)
    total = max(1, sum(len(m) for m in by_actor.values()))
    quote_sentences = defaultdict(list)  # sentence -> quotes said there, with their speakers
    for quote in docs.quotes:
        quote_sentences[docs.sentence_of(quote.start)].append(
            links.get(quote.fields.get("speaker_mention") or "")
        )
    technique_sentences = defaultdict(list)
    for technique in docs.techniques:
        technique_sentences[docs.sentence_of(technique.start)].append(
            technique.fields.get("technique")
        )
    label_sentences: dict[int, list[Item]] = defaultdict(list)
    for label in docs.labels:
        label_sentences[docs.sentence_of(label.start)].append(label)
    found = {}
    for actor, mentions in by_actor.items():
        sentences = {docs.sentence_of(m.start) for m in mentions}
        evidence = Evidence(_blank(), [])
        f = evidence.features
        f["mentions"] = math.log1p(len(mentions))
        f["share"] = len(mentions) / total
        f["in_title"] = float(0 in sentences or min(m.start for m in mentions) < 200)
        _label_features(evidence, actor, sentences, label_sentences, links)
        for s in sentences:
            names = technique_sentences.get(s, [])
            f["techniques"] += sum(1 for n in names if n in FRAMING)
            f["name_calling"] += sum(1 for n in names if n == "Name_Calling,Labeling")
            speakers = quote_sentences.get(s, [])
            f["speaks"] += sum(1 for who in speakers if who == actor)
            f["quoted_about"] += sum(1 for who in speakers if who != actor)
        _event_features(evidence, actor, docs.events, links)
        for name in ("techniques", "name_calling", "speaks", "quoted_about", "agent", "victim"):
            f[name] = math.log1p(f[name])
        found[actor] = evidence
    return found


def _blank() -> dict[str, float]:
    return {name: 0.0 for name in FEATURES}


def _label_features(
    evidence: Evidence,
    actor: str,
    sentences: set[int],
    label_sentences: dict[int, list[Item]],
    links: dict[str, str],
) -> None:
    """Labels pinned on the actor (outlet's voice or a speaker's) and the outlet's loaded
    words in the sentences naming it."""
    f = evidence.features
    for s in sentences:
        for label in label_sentences.get(s, []):
            polarity = float(label.fields.get("polarity", 0.0))
            voice = label.fields.get("voice", "outlet")
            on_actor = links.get(label.fields.get("actor_mention") or "") == actor
            if voice == "speaker" and not on_actor and polarity < 0:
                f["speaker_context_neg"] += 1
            if label.fields.get("learned"):
                # learned loaded words are too noisy for stance (BASIL dev, 5-fold CV by
                # triplet, Spearman +0.087 without them, +0.038 with them): only counted, for
                # models that may read them (``eval stance --features``)
                _learned_counts(f, voice, on_actor, polarity)
                continue
            sign = "neg" if polarity < 0 else "pos"
            weak = weakly_attached(label)  # only the sentence's subject: context, as unattached
            own = on_actor and not weak
            if own and voice == "outlet":
                f[f"own_{sign}"] += abs(polarity)
                # an attack verb ("X slammed Y") tells what the actor did, not what the outlet
                # feels for it: listed as evidence, not a cue (BASIL dev, 1 of 9 such pairs
                # hostile; CV 3-way 0.705 -> 0.722 without them as cues)
                source = "verb" if label.fields.get("position") == "verb" else "label"
                evidence.items.append((label, source, polarity))
            elif own and voice == "speaker":
                f[f"quoted_{sign}"] += abs(polarity)
            elif voice == "outlet" and (weak or not label.fields.get("actor_mention")):
                f[f"context_{sign}"] += abs(polarity)
                evidence.items.append((label, "context", polarity * 0.5))


def _learned_counts(f: dict[str, float], voice: str, on_actor: bool, polarity: float) -> None:
    """Count a learned hostile word in the outlet's voice: on the actor (however its actor was
    found) or elsewhere in a sentence naming it (a quoted one is a speaker's context, counted
    for every label)."""
    if polarity < 0 and voice == "outlet":
        f["learned_own" if on_actor else "learned_context"] += 1


def _event_features(
    evidence: Evidence, actor: str, events: list[Item], links: dict[str, str]
) -> None:
    """The actor as the doer or the victim of violence the outlet asserts."""
    for event in events:
        if type_class(event.fields.get("type")) != "violence":
            continue
        if event.fields.get("modality") not in ("asserted", "reported"):
            continue
        agent = links.get(event.fields.get("agent_mention") or "")
        patient = links.get(event.fields.get("patient_mention") or "")
        if agent == actor:
            evidence.features["agent"] += 1
            evidence.items.append((event, "agent", -0.5))
        elif patient == actor:
            evidence.features["victim"] += 1
            evidence.items.append((event, "victim", 0.5))


@dataclass(frozen=True)
class CueRule:
    """When the outlet's labels and the actor's violent acts move the model's score."""

    weight: float = CUE_WEIGHT
    smoothing: float = CUE_SMOOTHING
    min_cues: int = MIN_CUES
    min_article_cues: int = MIN_ARTICLE_CUES


def article_cues(evidences: Iterable[Evidence]) -> int:
    """How many distinct cues (``is_cue``) an article has, on all its actors together."""
    return len({item.id for e in evidences for item, source, _ in e.items if is_cue(item, source)})


def combined_score(
    model_score: float,
    evidence: Evidence,
    rule: CueRule | None = None,
    in_article: int | None = None,
) -> float:
    """The model's score moved by the outlet's own labels and the actor's violent acts: those
    are rare in the training annotation, so their weight is set here, not learned (a label the
    outlet itself pins on an actor is the clearest sign of its stance). They count from
    ``min_cues`` on: on BASIL dev, 5-fold CV by triplet, from 1 cue 3-way 0.705 and Spearman
    +0.110, from 2 cues 0.754 and +0.137 (always neutral 0.754); but from 2 the example
    corpus's partisan outlets lose the sympathies their single friendly labels show. A label
    counts only in an article with ``min_article_cues`` cues in all (``in_article``): a lone
    evaluative word in a report is colour ('a divisive mayor', 'a daring plan': BASIL's
    annotators mostly call such authors neutral), an article that labels actors again and again takes
    sides; a violent act with known victims always counts (``in_article`` None: not gated)."""
    rule = rule or CueRule()
    cues = [
        p
        for item, source, p in evidence.items
        if is_cue(item, source)
        and (source != "label" or in_article is None or in_article >= rule.min_article_cues)
    ]
    if len(cues) < rule.min_cues:
        return model_score
    direct = sum(cues) / (len(cues) + rule.smoothing)
    return round(max(-1.0, min(1.0, model_score + rule.weight * direct)), 4)


def is_cue(item: Item, source: str) -> bool:
    """Whether an evidence item moves the score: the outlet's own label on the actor, or a
    violent act with victims of a known kind (civilians, fighters). An act with none is most
    often figurative ('fired her coach', 'gunning for the job', 'torpedoed the deal': every
    violent-act cue on BASIL dev), listed as evidence only."""
    if source == "label":
        return True
    return source in ("agent", "victim") and bool(item.fields.get("patient_class"))


@dataclass(frozen=True)
class StanceModel:
    """A multinomial logistic regression over standardised features (classes -1, 0, +1)."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    classes: tuple[int, ...]
    coef: tuple[tuple[float, ...], ...]
    intercept: tuple[float, ...]
    threshold: float = 0.5
    """A sign is answered when its probability reaches this (chosen by cross-validation)."""

    def probabilities(self, features: dict[str, float]) -> dict[int, float]:
        """Class -> probability."""
        x = [
            (features.get(n, 0.0) - m) / (s or 1.0)
            for n, m, s in zip(self.features, self.mean, self.scale, strict=True)
        ]
        logits = [
            b + sum(w * v for w, v in zip(row, x, strict=True))
            for row, b in zip(self.coef, self.intercept, strict=True)
        ]
        top = max(logits)
        exps = [math.exp(v - top) for v in logits]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps, strict=True)}

    def score(self, features: dict[str, float], neutral_cut: float = NEUTRAL_CUT) -> float:
        """P(positive) - P(negative), kept under ``neutral_cut`` in size when no sign reaches
        the threshold (an abstention that keeps its lean, so the order is the model's) and at
        least ``neutral_cut`` when one does."""
        p = self.probabilities(features)
        value = p.get(1, 0.0) - p.get(-1, 0.0)
        signed = [c for c in (-1, 1) if p.get(c, 0.0) >= self.threshold]
        if not signed:
            return round(value * (neutral_cut - 0.001), 4)
        sign = max(signed, key=lambda c: p[c])
        return round(sign * max(abs(value), neutral_cut), 4)

    def as_dict(self) -> dict[str, object]:
        """The YAML form."""
        return {
            "features": list(self.features),
            "mean": [round(v, 6) for v in self.mean],
            "scale": [round(v, 6) for v in self.scale],
            "classes": list(self.classes),
            "coef": [[round(v, 6) for v in row] for row in self.coef],
            "intercept": [round(v, 6) for v in self.intercept],
            "threshold": self.threshold,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StanceModel:
        """Read the YAML form."""
        return cls(
            tuple(data["features"]),
            tuple(float(v) for v in data["mean"]),
            tuple(float(v) for v in data["scale"]),
            tuple(int(v) for v in data["classes"]),
            tuple(tuple(float(v) for v in row) for row in data["coef"]),
            tuple(float(v) for v in data["intercept"]),
            float(data.get("threshold", 0.5)),
        )


@lru_cache(maxsize=2)
def load_model(name: str = MODEL_FILE) -> StanceModel:
    """The packaged stance model (``lang/en/<name>.yaml``)."""
    return StanceModel.from_dict(table(name))
