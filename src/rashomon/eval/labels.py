"""Score labels against BASIL's lexical-bias spans (loaded words) and their targets.

BASIL (see ``../shared/data/dev/basil/NOTICE.md``) marks loaded words and phrases (``bias:
lex``) with the entity they are aimed at (``target``, and for indirect aims the entity in
between, ``indirect_target``) and whether the words are inside a quote. A system label *finds*
a gold span when their character ranges overlap; it finds the span *with its target* when the
label's actor mention shares a name token with the gold target (or the indirect target).

Figures, each with its precision and recall:

- ``span``: every label against every lexical span.
- ``target``: recall counts a span only when some overlapping label names its target; precision
  is over the labels attached to an actor.
- ``outlet voice``: labels in the outlet's own voice against the spans outside quotes (a label
  on a quoted span is a false positive here: it is the speaker's word, not the outlet's).
- ``lenient``: span precision where a label inside an informational-bias span also counts.
- ``target, own voice``: as ``target``, leaving out the labels in a quoted speaker's voice (the
  outlet's words and its scare quotes stay). Recall is still over every lexical span.
- ``target, report``: as ``target, own voice``, also leaving out labels whose actor was only
  guessed from the sentence (``weakly_attached``): what the report's actor x outlet table shows
  in an actor's row.

The articles are parsed once (spaCy, mentions and quotes); each lexicon compared in the same
run (the hand one, the war vocabulary alone, a general sentiment list, the learned one) is then
only a matching pass over the parsed articles.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rashomon.analysers.base import AnalysisContext
from rashomon.analysers.label_lexicon import Lexicon
from rashomon.analysers.labels import find_labels, weakly_attached
from rashomon.document import Document, Item
from rashomon.eval.spans import prf
from rashomon.eval.stance import name_tokens

VADER_MIN = 1.5  # |valence| from which a word of the sentiment list counts as loaded


@dataclass
class Parsed:
    """One BASIL article parsed with the items the labels analyser reads."""

    record: dict[str, Any]
    ctx: AnalysisContext

    @property
    def id(self) -> str:
        """The article id."""
        return str(self.record["id"])

    @property
    def group(self) -> str:
        """The triplet (one event told by three outlets): folds never split one."""
        return str(self.record.get("triplet") or self.id)

    def lexical(self) -> list[dict[str, Any]]:
        """The article's lexical-bias (loaded word) spans."""
        return [p for p in self.record.get("phrases") or [] if p.get("bias") == "lex"]


def load_records(path: Path | str) -> list[dict[str, Any]]:
    """BASIL JSONL records, one article a line."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def parse(records: list[dict[str, Any]]) -> list[Parsed]:
    """Parse every article once: the spaCy Doc plus the mentions and quotes analysers' items."""
    from rashomon.pipeline import Pipeline

    pipeline = Pipeline(analysers=["entities", "quotes"])
    docs = [
        Document(id=r["id"], text=r["text"], outlet=r.get("outlet"), date=r.get("date"))
        for r in records
    ]
    parsed = []
    for record, doc, spacy_doc in zip(
        records, docs, pipeline.nlp.pipe(d.text for d in docs), strict=True
    ):
        items = pipeline.analyse(doc, spacy_doc)
        by_kind: dict[str, list[Item]] = {}
        for item in items:
            by_kind.setdefault(item.kind, []).append(item)
        parsed.append(Parsed(record, AnalysisContext(doc, spacy_doc, by_kind)))
    return parsed


def run_lexicon(parsed: Iterable[Parsed], lexicon: Lexicon) -> dict[str, list[Item]]:
    """Article id -> its labels under ``lexicon``."""
    return {p.id: find_labels(p.ctx, lexicon) for p in parsed}


def _overlaps(item: Item, span: dict[str, Any]) -> bool:
    return item.start < span["end"] and span["start"] < item.end


def _aims_at(mention: Item | None, span: dict[str, Any]) -> bool:
    """Whether the label's actor is the span's target (or the entity the aim goes through)."""
    if mention is None:
        return False
    names = name_tokens(mention.text)
    holder = mention.fields.get("holder") or {}
    names |= name_tokens(str(holder.get("text") or ""))  # 'the president' of a named one
    targets = [t.replace("_", " ") for t in (span.get("target"), span.get("indirect_target")) if t]
    acronym = mention.text if len(mention.text) > 1 else ""
    return any(names & name_tokens(t) or _initials(t) == acronym for t in targets)


def _initials(name: str) -> str:
    """An organisation's acronym ("National Weather Office" -> "NWO")."""
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def score(parsed: list[Parsed], labels: dict[str, list[Item]]) -> dict[str, dict[str, Any]]:
    """Precision and recall of spans, targets, the outlet's voice, and lenient precision."""
    names = ("span", "target", "outlet voice", "lenient", "target, own voice", "target, report")
    counts = {name: [0, 0, 0, 0] for name in names}
    for p in parsed:
        found = labels.get(p.id, [])
        gold = p.lexical()
        own = [i for i in found if i.fields.get("voice") == "outlet"]
        unquoted = [g for g in gold if not g.get("quote")]
        every = p.record.get("phrases") or []
        mentions = {m.id: m for m in p.ctx.get("mentions")}
        with_actor = [i for i in found if i.fields.get("actor_mention") in mentions]
        _add(counts["span"], found, gold, _overlaps)
        _add(counts["outlet voice"], own, unquoted, _overlaps)
        _add(counts["lenient"], found, every, _overlaps, recall_of=gold)
        _add(counts["target"], with_actor, gold, _on_target(mentions))
        voiced = [i for i in with_actor if i.fields.get("voice") != "speaker"]
        _add(counts["target, own voice"], voiced, gold, _on_target(mentions))
        shown = [i for i in voiced if not weakly_attached(i)]
        _add(counts["target, report"], shown, gold, _on_target(mentions))
    return {name: prf(*c) for name, c in counts.items()}


def _on_target(mentions: dict[str, Item]) -> Callable[[Item, dict[str, Any]], bool]:
    """A hit test: the label overlaps the span and its actor is the span's target."""

    def hit(item: Item, span: dict[str, Any]) -> bool:
        mention = mentions.get(item.fields.get("actor_mention") or "")
        return _overlaps(item, span) and _aims_at(mention, span)

    return hit


def _add(
    counts: list[int],
    system: list[Item],
    gold: list[dict[str, Any]],
    hit: Callable[[Item, dict[str, Any]], bool],
    recall_of: list[dict[str, Any]] | None = None,
) -> None:
    """Add (correct system items, system items, gold found, gold) to ``counts``."""
    recall_of = gold if recall_of is None else recall_of
    counts[0] += sum(1 for i in system if any(hit(i, g) for g in gold))
    counts[1] += len(system)
    counts[2] += sum(1 for g in recall_of if any(hit(i, g) for i in system))
    counts[3] += len(recall_of)


def war_lexicon(base: dict[str, Any]) -> dict[str, Any]:
    """The hand lexicon's actor labels alone (the war vocabulary the project started from)."""
    return {**base, "loaded": {}}


def sentiment_lexicon(base: dict[str, Any]) -> dict[str, Any] | None:
    """Every word of VADER's general sentiment list with |valence| >= ``VADER_MIN`` as a loaded
    word (a peer that knows nothing of news); None when vaderSentiment is not installed."""
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        return None
    valence = SentimentIntensityAnalyzer().lexicon
    loaded = {
        word: max(-1.0, min(1.0, float(v) / 4))
        for word, v in valence.items()
        if word.isalpha() and abs(float(v)) >= VADER_MIN
    }
    return {**base, "labels": {}, "loaded": loaded}
