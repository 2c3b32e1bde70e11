"""Numeric claims: each number with its bounds, type, what it counts, its event and claimant."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rashomon.analysers.base import Analyser, AnalysisContext
from rashomon.analysers.registry import register
from rashomon.claims import find_quantities
from rashomon.claims.counted import NOUN_CLASS, normalise_subject, status_after, status_before
from rashomon.document import Item, make_item
from rashomon.events.extract import LEARNED_TYPES, REPORT_VERBS, phrase, sentence_start
from rashomon.events.spans import Spans, mention_for
from rashomon.timex.resolve import duration

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

COUNT_EVENTS = {"ASSAULT", "FIGHT", "RETREAT", "YIELD", "SEIZE", "MOBILIZE", "AID", "SUPPORT"}
CLAIM_VERBS = REPORT_VERBS | {"put", "puts", "estimates", "estimate", "counted", "recorded"}


@register
class Claims(Analyser):
    """One ``claims`` item per quantity; casualty counts get ``counted`` and ``subject``."""

    name = "claims"
    version = "3"  # 3: a claim's event is a typed one
    requires = ("events", "sentences", "times", "quotes")
    provides = ("claims",)

    def analyse(self, ctx: AnalysisContext) -> list[Item]:
        """Quantities from rules, counted phrase and claimant from the parse and quotes."""
        assert ctx.spacy is not None
        doc, items = ctx.spacy, []
        last_subject: tuple[int, str | None] = (-1, None)
        last_counted: tuple[int, str | None] = (-1, None)
        dates = Spans(t for t in ctx.get("times") if t.fields.get("type") in ("DATE", "TIME"))
        # position lookups, not a scan of every item per number: linear in the document's length
        events, quotes, mentions = (Spans(ctx.get(k)) for k in ("events", "quotes", "mentions"))
        for q in find_quantities(ctx.text):
            if dates.enclosing(q.start) is not None:
                continue  # '14 March', '10:30': part of a date or time, not a claim
            fields: dict[str, Any] = {
                "low": q.low,
                "high": q.high,
                "approx": q.approx,
                "quantity_type": q.quantity_type,
            }
            end = q.unit_end
            if q.quantity_type == "duration":
                unit = ctx.text[q.end : q.unit_end].strip(" -")
                fields["value"] = duration(q.low, unit)
            counted = subject = None
            sent = doc.char_span(q.start, q.end, alignment_mode="expand")
            sent_start = sentence_start(sent[0]).idx if sent is not None else q.start
            if q.quantity_type == "count" and sent is not None:
                end, status, subject, noun_class, part = _counted(doc, q.start, q.unit_end)
                if subject is None and last_subject[0] == sent_start:
                    subject = last_subject[1]
                if status is None and part and last_counted[0] == sent_start:
                    status = last_counted[1]  # '25 killed, including 9 soldiers' (9 killed)
                counted = status or noun_class
                last_subject, last_counted = (sent_start, subject), (sent_start, counted)
            fields.update(counted=counted, subject=subject)
            fields["event"] = _event(events, q.start, counted)
            fields.update(_claimant(quotes, mentions, doc, q.start))
            items.append(make_item("claims", ctx.text, q.start, end, **fields))
        return items


def _counted(
    doc: Doc, start: int, end: int
) -> tuple[int, str | None, str | None, str | None, bool]:
    """(span end, status, subject, noun class, part of a figure before) from the words around.

    The status ('killed', 'injured'...) comes from the words after the counted phrase (past an
    'including ...' aside) or before the number; the noun class ('troops', 'munitions') from
    its head noun. ``part`` marks a subset of the previous figure ('dozens of them', 'among
    them several', 'including 9'), which then shares its status.
    """
    num = doc.char_span(start, end, alignment_mode="expand")
    first = num.end if num is not None else len(doc)
    tokens = doc[first : first + 12]
    i, head, partitive = 0, None, False
    if len(tokens) > 1 and tokens[0].lower_ == "of":
        i = 1
        while i < 3 and i < len(tokens) - 1 and tokens[i].pos_ in ("DET", "NUM"):
            i, partitive = i + 1, True  # 'Eleven of the 15 members': the span stays 'Eleven'
    run_end = end
    while (
        i < len(tokens)
        and i < 5
        and tokens[i].pos_ in ("ADJ", "NOUN", "PROPN", "PRON")
        and tokens[i].lower_ not in ("dead", "wounded", "injured", "missing")
    ):
        if tokens[i].pos_ in ("NOUN", "PRON"):
            head = tokens[i]
        run_end = tokens[i].idx + len(tokens[i].text)
        i += 1
    after = [t.text for t in tokens[i : i + 5]]
    aside = [t.lower_ for t in tokens[i : i + 2]]
    if aside in ([",", "including"], [",", "among"]):
        comma = next((t for t in tokens[i + 2 :] if t.text == ","), None)
        after = [t.text for t in doc[comma.i + 1 : comma.i + 6]] if comma is not None else after
    head_i = num.start if num is not None else 0
    before = [t.lower_ for t in doc[max(0, head_i - 5) : head_i]]
    status = status_after(after) or status_before(before)
    span_end = end if partitive else run_end
    if (
        status
        and tokens[i : i + 1]
        and tokens[i].lower_
        in ("dead", "killed", "injured", "wounded", "died", "missing", "surrendered")
    ):
        span_end = tokens[i].idx + len(tokens[i].text)
    subject = normalise_subject(head.text) if head is not None and head.pos_ == "NOUN" else None
    noun_class = NOUN_CLASS.get(subject or "") or (NOUN_CLASS.get(head.lower_) if head else None)
    part = before[-1:] == ["including"] or before[-2:] in (["of", "them"], ["among", "them"])
    part = part or (len(tokens) >= 2 and [t.lower_ for t in tokens[:2]] == ["of", "them"])
    return span_end, status, subject, noun_class, bool(part)


def _event(events: Spans[Item] | list[Item], at: int, counted: str | None) -> str | None:
    """The typed event whose clause holds the claim (violent events first for casualty counts);
    never the learned detector's generic events, which join no story (a figure under 'said')."""
    events = events if isinstance(events, Spans) else Spans(events)
    held = events.overlapping(at, at + 1)  # e.start <= at < e.end, in the events' order
    around = [e for e in held if e.fields["type"] not in LEARNED_TYPES]
    if counted in ("killed", "injured", "casualties"):
        violent = [e for e in around if e.fields.get("type") in COUNT_EVENTS]
        around = violent or around
    if not around:
        return None
    return min(around, key=lambda e: abs(e.fields["trigger"]["start"] - at)).id


def _claimant(quotes: Spans[Item], mentions: Spans[Item], doc: Doc, at: int) -> dict[str, Any]:
    """Who states the number: the quote's speaker, 'according to X', or 'X said'; else the outlet."""
    quote = quotes.enclosing(at)
    if quote is not None:
        return {"claimant_mention": quote.fields.get("speaker_mention"),
                "claimant_text": quote.fields.get("speaker_text"), "voice": "attributed"}  # fmt: skip
    span = doc.char_span(at, at + 1, alignment_mode="expand")
    source = _source_token(span.root) if span is not None else None
    if source is None:
        return {"claimant_mention": None, "claimant_text": None, "voice": "outlet"}
    np = phrase(source)
    assert np is not None
    mention = mention_for(mentions, np.start_char, np.end_char)
    return {
        "claimant_mention": mention.id if mention else None,
        "claimant_text": np.text,
        "voice": "attributed",
    }


def _source_token(token: Token) -> Token | None:
    """The subject of a reporting verb above the number, or the object of 'according to'."""
    for node in [token, *token.ancestors]:
        for child in node.children:
            if child.dep_ == "prep" and child.lower_ == "according":
                to = next((c for c in child.children if c.lower_ == "to"), None)
                obj = (
                    next((c for c in to.children if c.dep_ == "pobj"), None)
                    if to is not None
                    else None
                )
                if obj is not None:
                    return obj
        if node.lower_ in CLAIM_VERBS and node.pos_ == "VERB":
            subj = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.lower_ not in ("it", "they") or subj is not None:
                return subj
    return None
