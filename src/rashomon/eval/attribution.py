"""Quotes and speakers on real annotated news (PolNeAR, BASIL), with textacy as the peer.

``load_polnear`` reads the PolNeAR JSONL (one article a line with ``quotes``: content span,
``kind`` direct/indirect, ``speaker`` span or null). ``run_articles`` parses every article once
and runs rashomon's entity and quote analysers and the actor linker on that parse; the peer,
textacy's ``direct_quotations``, reads the same parse. Scoring:

- **Quote P/R/F1**: a prediction matches a gold quote when their overlap is at least half of
  the longer of the two spans (the PolNeAR convention of the issue). A direct quote is scored
  by its quoted parts (parts separated only by marks and spaces are one part, as PolNeAR
  merges them), an indirect quote by its content parts (two when the attribution stands inside
  the content, "The plan, she said, was sound", as PolNeAR splits such contents). Recall is also given by gold kind (``direct``, ``indirect``,
  and within indirect ``mixed``, holding quoted words, and ``plain``).
- **Speaker accuracy**, over gold quotes matched by a prediction and with a gold speaker span,
  split by what the gold speaker is: ``name`` (the span holds a proper noun, its head is not a
  plural), ``group`` (its head is a plural noun: "opposition lawmakers"), ``pronoun``. A
  speaker is right when the predicted speaker words overlap the gold speaker span or, for a
  name, the gold head word is a word of the predicted speaker's actor name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

from rashomon.document import Document, Item
from rashomon.errors import RashomonError
from rashomon.eval import speaker_groups as sg
from rashomon.eval.spans import prf
from rashomon.linking.actors import build_actors
from rashomon.linking.aliases import load_aliases
from rashomon.store.base import Actor

Span_ = dict[str, Any]
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us", "who"}
MARKS_ONLY = re.compile(r"^[\s“”‘’\"'«»,.;:!?…—–-]*$")


@dataclass
class Article:
    """One annotated article: text, gold quotes, and what each system found in it."""

    id: str
    text: str
    gold: list[dict[str, Any]]
    outlet: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    ours: list[Span_] = field(default_factory=list)
    peer: list[Span_] = field(default_factory=list)
    speaker_kinds: list[str | None] = field(default_factory=list)


def load_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """The records of a JSONL file; a RashomonError names a bad line."""
    try:
        lines = Path(path).read_text("utf-8").splitlines()
    except OSError as exc:
        raise RashomonError(f"{path}: cannot read ({exc})") from exc
    out = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise RashomonError(f"{path}:{number}: not JSON ({exc.msg})") from exc
    return out


def load_polnear(path: str | Path, limit: int | None = None) -> list[Article]:
    """PolNeAR articles with their gold quotes."""
    records = load_jsonl(path)[:limit] if limit else load_jsonl(path)
    articles = []
    for r in records:
        if "quotes" not in r or "text" not in r:
            raise RashomonError(f"{path}: {r.get('id')}: not a PolNeAR record (text, quotes)")
        articles.append(Article(r["id"], r["text"], r["quotes"], r.get("outlet", "")))
    return articles


def parse(articles: list[Article]) -> Iterator[tuple[Article, Doc]]:
    """Each article with its spaCy parse (the one rashomon's analysers use)."""
    from rashomon.pipeline import load_spacy

    nlp = load_spacy()
    stream = ((a.text, a) for a in articles)
    for doc, article in nlp.pipe(stream, as_tuples=True, batch_size=16):
        yield article, doc


@dataclass
class Linked:
    """What the actor linker made of the articles' mentions."""

    mentions: list[Item]
    actors: dict[str, Actor]
    links: dict[str, str]


def run_articles(articles: list[Article], peer: bool = True) -> Linked:
    """Run rashomon (and textacy) on every article; fill ``ours``/``peer``; link the actors."""
    from rashomon.pipeline import Pipeline

    pipeline = Pipeline(["entities", "quotes"])
    mentions: list[Item] = []
    quotes: dict[str, list[Item]] = {}
    for article, doc in parse(articles):
        items = pipeline.analyse(Document(article.id, article.text), doc)
        mentions += [i for i in items if i.kind == "mentions"]
        quotes[article.id] = [i for i in items if i.kind == "quotes"]
        article.speaker_kinds = [speaker_kind(doc, g.get("speaker")) for g in article.gold]
        if peer:
            article.peer = list(textacy_quotes(doc))
    actors, links = build_actors(mentions, {a.id: a.text for a in articles}, load_aliases())
    by_id = {a.id: a for a in actors}
    for article in articles:
        article.ours = [_our_span(q, links, by_id) for q in quotes[article.id]]
    return Linked(mentions, by_id, links)


def _our_span(quote: Item, links: dict[str, str], actors: dict[str, Actor]) -> Span_:
    """A predicted quote as plain spans: parts, speaker words and speaker actor name."""
    fields = quote.fields
    parts = [(quote.start, quote.end)]
    pieces = fields.get("parts") or fields.get("content_parts")
    if pieces:
        parts = [(p["start"], p["end"]) for p in pieces]
    actor = actors.get(links.get(fields.get("speaker_mention") or "", ""))
    speaker = fields.get("speaker_span")
    return {
        "speaker_groups": sg.group_words(actor, actors),  # for the lenient BASIL group figure
        "kind": fields.get("kind"),
        "start": quote.start,
        "end": quote.end,
        "parts": parts,
        "speaker": (speaker["start"], speaker["end"]) if speaker else None,
        "speaker_name": actor.name if actor else (speaker or {}).get("text"),
    }


def textacy_quotes(doc: Doc) -> Iterator[Span_]:
    """textacy's direct quotations; per paragraph when the document's marks are unbalanced
    (textacy gives up on a whole document with an odd number of quote marks)."""
    from textacy.extract.triples import direct_quotations

    try:
        triples = list(direct_quotations(doc))
        chunks: Iterable[Span | Doc] = []
    except ValueError:
        triples, chunks = [], _paragraphs(doc)
    for chunk in chunks:
        sub = chunk.as_doc() if isinstance(chunk, Span) else chunk
        offset = chunk.start_char if isinstance(chunk, Span) else 0
        try:
            found = list(direct_quotations(sub))
        except ValueError:
            continue
        yield from (_triple(t, offset) for t in found)
    yield from (_triple(t, 0) for t in triples)


def _paragraphs(doc: Doc) -> list[Span]:
    spans, start = [], 0
    for token in doc:
        if token.is_space and "\n" in token.text:
            if token.i > start:
                spans.append(doc[start : token.i])
            start = token.i + 1
    if start < len(doc):
        spans.append(doc[start:])
    return spans


def _triple(triple: Any, offset: int) -> Span_:
    content = triple.content
    speaker = triple.speaker
    start, end = content.start_char + offset, content.end_char + offset
    words = (
        (speaker[0].idx + offset, speaker[-1].idx + len(speaker[-1].text) + offset)
        if speaker
        else None
    )
    return {
        "kind": "direct",
        "start": start,
        "end": end,
        "parts": [(start, end)],
        "speaker": words,
        "speaker_name": " ".join(t.text for t in speaker) if speaker else None,
    }


def speaker_kind(doc: Doc, speaker: dict[str, Any] | None) -> str | None:
    """``name``, ``group``, ``pronoun`` or ``other`` for a gold speaker span (None: no speaker)."""
    if not isinstance(speaker, dict):
        return None
    span = doc.char_span(speaker["start"], speaker["end"], alignment_mode="expand")
    if span is None or not len(span):
        return "other"
    head = _head(span)
    if head.pos_ == "PRON" or head.lower_ in PRONOUNS:
        return "pronoun"
    if head.tag_ in ("NNS", "NNPS"):
        return "group"
    return "name" if any(t.pos_ == "PROPN" for t in span) else "other"


def _head(span: Span) -> Token:
    """The syntactic head of a span (the first of the tokens whose head is outside it)."""
    for token in span:
        if not (span.start <= token.head.i < span.end) or token.head.i == token.i:
            return token
    return span.root


def head_word(text: str, speaker: dict[str, Any]) -> str:
    """The last capitalised word of a gold name speaker ("Ostland Rep. Lina Oster" -> oster),
    without a parenthesised party tag ("(R-Ost.)") or an apposition after a comma ("Lina Oster,
    the chief of the Harbour Board," -> oster)."""
    words_text = re.sub(r"\([^)]*\)", " ", text[speaker["start"] : speaker["end"]])
    head = words_text.split(",")[0]
    words_text = head if re.search(r"[A-Z]", head) else words_text
    words = re.findall(r"[A-Z][\w’'-]*", words_text)
    words = [w for w in words if w.rstrip(".") not in ("Jr", "Sr", "III", "II")]
    return re.sub(r"[’'](?:s)?$", "", words[-1]).lower() if words else ""  # "Francis'" too


def _units(text: str, pred: Span_) -> list[tuple[int, int]]:
    """The spans a prediction is scored by: its parts, neighbours joined across marks only."""
    units: list[tuple[int, int]] = []
    for start, end in sorted(pred["parts"]):
        if units and MARKS_ONLY.match(text[units[-1][1] : start]):
            units[-1] = (units[-1][0], end)
        else:
            units.append((start, end))
    return units


def matches(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Overlap of at least half of the longer span."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0 and 2 * shared >= max(a[1] - a[0], b[1] - b[0])


def score(articles: list[Article], system: str) -> dict[str, Any]:
    """Quote P/R/F1 (all, recall by gold kind, precision by predicted kind) and speaker accuracy."""
    hits = {"pred": 0, "n_pred": 0}
    by_kind: dict[str, list[int]] = {}
    pred_kind: dict[str, list[int]] = {}
    speakers: dict[str, list[int]] = {}
    for article in articles:
        preds = getattr(article, system)
        units = []
        for p in preds:
            units += [(u, p) for u in _units(article.text, p)]
        matched_units: set[int] = set()
        for gold, kind in zip(article.gold, article.speaker_kinds, strict=True):
            g = (gold["start"], gold["end"])
            found = [(i, p) for i, (u, p) in enumerate(units) if matches(u, g)]
            matched_units.update(i for i, _ in found)
            for key in _kinds(gold):
                by_kind.setdefault(key, [0, 0])[1] += 1
                by_kind[key][0] += bool(found)
            if found and kind is not None:
                right = _speaker_right(article.text, gold["speaker"], kind, found[0][1])
                speakers.setdefault(kind, [0, 0])[1] += 1
                speakers[kind][0] += right
        for i, (_, p) in enumerate(units):
            pred_kind.setdefault(p["kind"], [0, 0])[1] += 1
            pred_kind[p["kind"]][0] += i in matched_units
        hits["pred"] += len(matched_units)
        hits["n_pred"] += len(units)
    gold_hit = sum(v[0] for k, v in by_kind.items() if k in ("direct", "indirect"))
    gold_n = sum(v[1] for k, v in by_kind.items() if k in ("direct", "indirect"))
    out = prf(hits["pred"], hits["n_pred"], gold_hit, gold_n)
    out["recall_by_kind"] = {k: (v[0] / v[1] if v[1] else 0.0, v[1]) for k, v in by_kind.items()}
    out["precision_by_kind"] = {
        k: (v[0] / v[1] if v[1] else 0.0, v[1]) for k, v in pred_kind.items()
    }
    out["speakers"] = {k: (v[0] / v[1] if v[1] else 0.0, v[1]) for k, v in speakers.items()}
    return out


def _kinds(gold: dict[str, Any]) -> tuple[str, ...]:
    """The recall rows a gold quote counts in: its kind, and for indirect speech whether it
    holds quoted words (``mixed``: called them “deplorables”) or none (``plain``)."""
    if gold["kind"] != "indirect":
        return (gold["kind"],)
    return ("indirect", "mixed" if gold.get("partial_quote") else "plain")


def _speaker_right(text: str, gold: dict[str, Any], kind: str, pred: Span_) -> bool:
    """Predicted speaker words overlap the gold ones, or a name's head word is in its actor."""
    words = pred.get("speaker")
    if words and words[0] < gold["end"] and gold["start"] < words[1]:
        return True
    if kind != "name" or not pred.get("speaker_name"):
        return False
    head = head_word(text, gold)
    said = {w.lower() for w in re.findall(r"[\w’'-]+", pred["speaker_name"])}
    return bool(head) and head in said


def load_basil(path: str | Path, limit: int | None = None) -> list[Article]:
    """BASIL articles; the gold is the quoted phrases whose speaker is a named entity."""
    records = load_jsonl(path)[:limit] if limit else load_jsonl(path)
    articles = []
    for r in records:
        if "phrases" not in r or "text" not in r:
            raise RashomonError(f"{path}: {r.get('id')}: not a BASIL record (text, phrases)")
        gold = [p for p in r["phrases"] if p.get("quote")]
        extra = {"main_entities": r.get("main_entities", [])}
        articles.append(Article(r["id"], r["text"], gold, r.get("outlet", ""), extra))
    return articles


def score_basil(articles: list[Article], system: str) -> dict[str, Any]:
    """Speaker accuracy on BASIL's quoted phrases: found (a quote holds the phrase) and right
    (the speaker value's surname is a word of the predicted speaker), for named speakers, split
    into ``person`` and ``group``; ``other`` (unnamed) speakers are counted, never right.
    ``lenient`` also counts a group value matched by the predicted speaker's recorded group or
    parent (``eval/speaker_groups.py``), beside the strict figure."""
    counts = {k: [0, 0, 0, 0] for k in ("named", "person", "group", "other")}
    for article in articles:
        preds = getattr(article, system)
        for phrase in article.gold:
            who = phrase.get("speaker") or ""
            if who.startswith("other_") or not who:
                counts["other"][0] += 1
                counts["other"][1] += any(_holds(p, phrase) for p in preds)
                continue
            found, right, lenient = _basil_outcome(phrase, preds)
            for key in ("named", basil_speaker_kind(who)):
                row = counts[key]
                row[0] += 1
                row[1] += found
                row[2] += right
                row[3] += lenient
    return {
        k: {
            "gold": g,
            "found": f,
            "right": r,
            "accuracy": r / f if f else 0.0,
            "lenient_right": n,
            "lenient": n / f if f else 0.0,
        }
        for k, (g, f, r, n) in counts.items()
    }


def basil_speaker_kind(who: str) -> str:
    """``group`` for a BASIL speaker value naming a collective ("Ostland_lawmakers",
    "Harbour_Republicans", "Ostland_Lawmakers": a lowercase word, a plural person noun, or a
    party plural), else ``person`` (people, and organisations named as one)."""
    return sg.basil_kind(who)  # also "Ostland_Lawmakers" and a lone party plural


def _basil_outcome(phrase: dict[str, Any], preds: list[Span_]) -> tuple[bool, bool, bool]:
    """Whether a quote holds one named gold phrase, whether its speaker is right (the speaker
    value's last word, singular, is a word of the predicted speaker, singular; or the value
    is its acronym or was cut at an accent), and whether it is right leniently (a group value
    matched by the predicted speaker's recorded group or parent)."""
    holder = next((p for p in preds if _holds(p, phrase)), None)
    if holder is None:
        return False, False, False
    name = holder.get("speaker_name") or ""
    said = {sg.singular(w) for w in re.findall(r"[\w’'-]+", name)}
    who = phrase["speaker"]
    right = (
        basil_surname(who) in said or sg.cut_name_match(who, said) or sg.acronym_match(who, name)
    )
    group = basil_speaker_kind(who) == "group"
    recorded = holder.get("speaker_groups") or []
    # a group matched by the speaker's party or parent; an organisation by the speaker's parent
    lenient = sg.lenient_group_match(who, recorded) if group else sg.member_match(who, recorded)
    return True, right, right or lenient


def basil_surname(who: str) -> str:
    """The last word of a BASIL speaker value, singular, without Jr./Sr./II/III."""
    words = [w for w in who.split("_") if w.rstrip(".").lower() not in ("jr", "sr", "ii", "iii")]
    return sg.singular(words[-1]) if words else ""


def _holds(pred: Span_, phrase: dict[str, Any]) -> bool:
    """A quote covering at least half of the phrase."""
    shared = min(pred["end"], phrase["end"]) - max(pred["start"], phrase["start"])
    return shared > 0 and 2 * shared >= phrase["end"] - phrase["start"]
