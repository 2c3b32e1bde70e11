"""Direct and indirect quotes with their speakers, and scare quotes (quoted words that are not speech).

``quotes`` items: ``kind`` (``direct``/``indirect``), ``parts`` (direct: the quoted pieces, one
per piece of a split or multi-paragraph quote; the item span runs from the first opening mark
to the last closing mark), ``content_parts`` (indirect: the pieces of the content, two when an
attribution is set inside it: "The plan, she said, was sound"), ``cue`` and ``cue_span`` (the speech verb or "according to"),
``speaker_mention`` (a mention id, resolved at export to ``speaker``), ``speaker_text`` and
``speaker_span`` (the words naming the speaker here: a name, a role or a pronoun).
``scare_quotes`` items: short quoted phrases, names and titles used without a speech cue.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from rashomon.analysers.base import Analyser, AnalysisContext
from rashomon.analysers.registry import register
from rashomon.config import Settings, file_hash
from rashomon.document import Item, make_item, span_of
from rashomon.mentions.coref import MentionIndex
from rashomon.quotes.attribution import QuoteEvent, build_events, is_named, is_speech_like
from rashomon.quotes.indirect import INDIRECT, Indirect, find_indirect
from rashomon.quotes.learned import (
    cue_source,
    inside_mixed,
    load_model,
    mixed_holders,
    model_path,
)
from rashomon.quotes.quote_marks import Quoted, Stretches, find_quotes
from rashomon.quotes.speakers import Speaker, resolve, subject_of


@dataclass(frozen=True)
class QuoteSettings(Settings):
    """Settings of the ``quotes`` analyser."""

    learned: bool = True
    """Find reported speech with the learned attribution model (else the rules alone)."""
    model: str | None = None
    """Another model file written by ``rashomon quotes train`` (unset: the packaged one, or
    $RASHOMON_QUOTES_MODEL)."""
    subject_reach: int = 250
    """A pronoun speaker prefers an antecedent that is a grammatical subject up to this many
    characters before a nearer compatible mention that is not one (0: the nearest wins)."""


@register
class Quotes(Analyser):
    """Who said what in one article: direct quotes, reported speech and scare quotes."""

    name = "quotes"
    version = "14"
    requires = ("spacy", "mentions")
    provides = ("quotes", "scare_quotes")
    Settings = QuoteSettings

    def fingerprint(self) -> str:
        """The settings and a hash of the attribution model file in use."""
        path = self._model_path()
        digest = file_hash(str(path)) if path is not None and path.is_file() else "rules"
        return f"{super().fingerprint()} model={digest}"

    def _model_path(self) -> Path | None:
        settings = self.settings
        assert isinstance(settings, QuoteSettings)
        if not settings.learned:
            return None
        return Path(settings.model) if settings.model else model_path()

    def analyse(self, ctx: AnalysisContext) -> list[Item]:
        """Find quote marks, split speech from scare quotes, attribute both kinds of speech."""
        assert ctx.spacy is not None
        text = ctx.text
        marked = find_quotes(text)
        speech = [q for q in marked if is_speech_like(text, q)]
        others = [q for q in marked if not is_speech_like(text, q)]
        quoted = [part for q in speech for part in q.parts]
        mentions = ctx.get("mentions")
        settings = self.settings
        assert isinstance(settings, QuoteSettings)
        reach = settings.subject_reach
        subjects = _subjects(ctx.spacy, mentions) if reach else frozenset()
        index = MentionIndex(mentions, quoted, text, subjects, reach)
        events = build_events(text, ctx.spacy, speech, index)
        reported = _reported(ctx.spacy, quoted, self._model_path())
        held = mixed_holders(text, reported)
        items = [_direct_item(text, e) for e in events if not inside_mixed(text, e.parts, held)]
        marks = Stretches([part for q in marked for part in q.parts])
        indirect = [_indirect_item(text, r, index, marks) for r in reported]
        keep = "speaker_text" if INDIRECT.keep_unnamed else "speaker_mention"
        items += [i for i in indirect if i.fields[keep]]
        items += [
            make_item("scare_quotes", text, q.start, q.end, inner=span_of(text, *q.parts[0]))
            for q in others
            if not _partial_quote(text, ctx.spacy, q, reported)
        ]
        return sorted(items, key=lambda i: (i.start, i.end, i.kind))


def _subjects(doc: Doc, mentions: list[Item]) -> frozenset[int]:
    """Start offsets of the mentions whose phrase is a clause's subject."""
    starts = set()
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and len(span) and span.root.dep_ in ("nsubj", "nsubjpass"):
            starts.add(m.start)
    return frozenset(starts)


def _reported(doc: Doc, quoted: list[tuple[int, int]], path: Path | None) -> list[Indirect]:
    """Reported speech: the learned model at ``path``, else the rules (no model, or none)."""
    model = load_model(path) if path is not None else None
    if model is None:
        return find_indirect(doc, quoted)
    return model.predict(doc, quoted)


def _source(verb: Any, marks: Stretches) -> Any:
    """The cue's subject, or a noun cue's holder; a subject the parser took from inside
    quote marks ('accused X of being fooled by “a crook” and urged Y to') is none, and a
    conjoined verb then takes the subject of the nearest verb it hangs from that has one
    outside quote marks."""
    subject = subject_of(verb) or cue_source(verb)
    if subject is None or not marks.contains(subject.idx) or marks.contains(verb.idx):
        return subject
    current = verb
    for _ in range(4):  # the verbs the conjunct hangs from, nearest first
        if current.dep_ not in ("conj", "pcomp", "pobj", "prep", "dobj") or current.head is current:
            return None
        current = current.head
        found = subject_of(current) if current.pos_ in ("VERB", "AUX") else None
        if found is not None and not marks.contains(found.idx):
            return found
    return None


def _speaker_fields(text: str, speaker: Speaker | None) -> dict[str, Any]:
    if speaker is None:
        return {"speaker_mention": None, "speaker_text": None, "speaker_span": None}
    return {
        "speaker_mention": speaker.mention.id if speaker.mention is not None else None,
        "speaker_text": text[speaker.start : speaker.end],
        "speaker_span": span_of(text, speaker.start, speaker.end),
    }


def _direct_item(text: str, event: QuoteEvent) -> Item:
    cue = event.cue
    return _quote_item(
        text,
        event.start,
        event.end,
        "direct",
        parts=[span_of(text, a, b) for a, b in event.parts],
        cue=text[cue[0] : cue[1]] if cue else None,
        cue_span=span_of(text, *cue) if cue else None,
        **_speaker_fields(text, event.speaker),
    )


def _indirect_item(text: str, found: Indirect, index: MentionIndex, marks: Stretches) -> Item:
    subject = _source(found.verb, marks)
    speaker = resolve(subject, index) if subject is not None else None
    return _quote_item(
        text,
        found.start,
        found.end,
        "indirect",
        content_parts=[span_of(text, a, b) for a, b in found.parts or [(found.start, found.end)]],
        cue=text[found.cue[0] : found.cue[1]],
        cue_span=span_of(text, *found.cue),
        **_speaker_fields(text, speaker),
    )


def _quote_item(text: str, start: int, end: int, quote_kind: str, **fields: Any) -> Item:
    """A ``quotes`` item; its field ``kind`` (direct/indirect) cannot go through make_item."""
    item = make_item("quotes", text, start, end)
    item.fields = {"kind": quote_kind, **fields}
    return item


def _partial_quote(text: str, doc: Any, quote: Quoted, reported: list[Indirect]) -> bool:
    """A short quoted phrase inside reported speech ('said he was "deeply alarmed"') is the
    speaker's words, not a scare quote, unless it is a lone noun (a label: “terrorists”)."""
    if not any(r.start <= quote.start and quote.end <= r.end + 1 for r in reported):
        return False
    if is_named(text, quote):
        return False
    span = doc.char_span(quote.inner_start, quote.inner_end, alignment_mode="expand")
    words = [t for t in span or [] if not t.is_punct]
    if len(words) == 1 and words[0].dep_ == "amod":
        return False  # the ‘independent’ inquiry
    inside = {t.i for t in words}
    roots = [t for t in words if t.head.i not in inside or t.head.i == t.i]
    return not (roots and roots[0].pos_ in ("NOUN", "PROPN"))  # a quoted label is a scare quote
