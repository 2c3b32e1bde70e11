"""Indirect speech from the dependency parse: "X said (that) ...", "according to X, ...",
"X accused Y of ...", "X denied ...", "X pointed out ...", "as outlined by X, ..."."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

from rashomon import lang
from rashomon.quotes.cues import cue_base, cue_text, has_subject, is_cue_token, speech_lemmas
from rashomon.quotes.quote_marks import Stretches

# Verbs whose reported content may be an object or infinitive, not only a that-clause.
OBJECT_VERBS = {"deny", "reject", "dismiss", "dispute", "admit", "confirm", "point", "acknowledge"}
# Verbs whose content is "Y of/for Z".
ACCUSE_VERBS = lang.words("accuse_verbs")  # one list, shared with the events layer
OBJECT_DEPS = ("dobj", "xcomp", "ccomp", "pcomp", "oprd")
PARENTHETICAL_DEPS = ("parataxis", "advcl")
COMPLEMENT_DEPS = {"dobj", "ccomp", "xcomp", "prep", "dative", "attr", "oprd", "pcomp"}
MODALS = {"should", "must", "could", "might", "may", "can", "shall"}
MIN_TOKENS = 3


@dataclass(frozen=True)
class IndirectSettings:
    """What counts as reported content beside a that-clause (tuned on PolNeAR train/dev)."""

    content_xcomp: bool = True  # an infinitive complement ("vowed to fight") is content
    content_object: bool = True  # the object of a learned, non-speech cue ("endorsed X")
    keep_unnamed: bool = True  # keep reports whose subject names no known mention


INDIRECT = IndirectSettings()
OPENERS = {"“", "‘", '"', "'", "«"}


@dataclass
class Indirect:
    """One reported statement: content span, cue span and the cue's verb token."""

    start: int
    end: int
    cue: tuple[int, int]
    verb: Any
    hosted: bool = False  # the content is the clause the attribution hangs on
    parts: list[tuple[int, int]] = field(default_factory=list)  # the pieces around the cue


def find_indirect(doc: Any, quoted: list[tuple[int, int]]) -> list[Indirect]:
    """Reported statements of a parsed document, outside quoted speech, outermost only."""
    found = []
    inside = _quoted_tokens(doc, quoted)
    stretches = Stretches(quoted)
    for token in doc:
        if token.i in inside:
            continue
        if token.lower_ == "according":
            item = _according(token)
        elif is_cue_token(token, learned=True):
            item = _reported(token)
        else:
            item = None
        if item is not None and _quoted_share(item, stretches) < 0.5:
            found.append(item)
    return outermost(found)


def outermost(found: list[Indirect]) -> list[Indirect]:
    """The reports whose cue lies inside no other report's content (a hosted content, the
    clause a parenthetical hangs on, contains no one). Only contents starting within the
    longest content's length before a cue can hold it, so the test stays linear."""
    outer = sorted((f for f in found if not f.hosted), key=lambda f: f.start)
    starts = [f.start for f in outer]
    longest = max((f.end - f.start for f in outer), default=0)

    def held(f: Indirect) -> bool:
        pos = f.cue[0]
        near = outer[bisect_left(starts, pos - longest) : bisect_right(starts, pos)]
        return any(o is not f and o.start <= pos < o.end for o in near)

    return [f for f in found if not held(f)]


def _quoted_tokens(doc: Any, quoted: list[tuple[int, int]]) -> set[int]:
    """Indices of the tokens inside quoted speech (one pass per quote, not per token)."""
    inside: set[int] = set()
    for a, b in quoted:
        span = doc.char_span(a, b, alignment_mode="contract")
        if span is not None:
            inside.update(range(span.start, span.end))
    return inside


def _quoted_share(item: Indirect, quoted: Stretches) -> float:
    return quoted.overlap(item.start, item.end) / max(1, item.end - item.start)


def _reported(verb: Any) -> Indirect | None:
    """The content of a speech verb, from its complements or, parenthetically, its host clause."""
    base = cue_base(verb, learned=True) or ""
    if not _asserted(verb):
        return None
    has_object = any(c.dep_ == "dobj" for c in verb.children)
    comps = [c for c in verb.children if c.dep_ == "ccomp" and (c.i > verb.i or not has_object)]
    if not comps and base in OBJECT_VERBS:
        comps = [c for c in verb.children if c.dep_ in OBJECT_DEPS and c.i > verb.i]
    if not comps and INDIRECT.content_xcomp:  # "vowed to fight on", "refused to say whether"
        comps = [c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i]
    if not comps and INDIRECT.content_object and base not in speech_lemmas():
        comps = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    if not comps and base in ACCUSE_VERBS:
        objs = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
        preps = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("of", "for")]
        comps = objs + preps if objs and preps else []
    if comps:
        tokens = [t for c in comps for t in c.subtree if not _own_report(t, c)]
        return _make(tokens, verb)
    is_as = any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
    bare = not any(c.dep_ in COMPLEMENT_DEPS for c in verb.children)
    has_source = any(c.dep_ in ("nsubj", "agent") for c in verb.children)
    set_off = is_as or _between_commas(verb)
    if is_as or (set_off and verb.dep_ in PARENTHETICAL_DEPS + ("ROOT",) and bare and has_source):
        return _host(verb, verb)
    return None


def _own_report(token: Any, top: Any) -> bool:
    """Whether a token belongs to a report of its own conjoined inside the content ("they heard
    aircraft, but the ministry denied that ..."): the denial is the ministry's, not the witnesses'."""
    while token.i != top.i and token.head.i != token.i:
        if token.dep_ == "conj" and is_cue_token(token, learned=True) and has_subject(token):
            return True
        token = token.head
    return False


def _between_commas(verb: Any) -> bool:
    """ "X, he added, Y" / "Y, officials say": the attribution clause is set off by a comma."""
    sub = sorted((t for t in verb.subtree if not t.is_punct), key=lambda t: t.i)
    first, last = sub[0].i, sub[-1].i
    doc = verb.doc
    before = doc[first - 1].text if first > 0 else ""
    return before == "," and (last + 1 >= len(doc) or doc[last + 1].text in (",", ".", ";"))


def _asserted(verb: Any) -> bool:
    """Not "should ask", not "who had been told": a modal or an agentless passive is no report."""
    children = list(verb.children)
    if any(c.dep_ == "aux" and c.lower_ in MODALS for c in children):
        return False
    subj = next((c for c in children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and subj.tag_ in ("WP", "WDT"):
        return False
    passive = any(c.dep_ == "auxpass" for c in children)
    return not (passive and not any(c.dep_ == "agent" for c in children))


def _according(token: Any) -> Indirect | None:
    """ "According to X, CLAUSE" and "CLAUSE, according to X": the clause is the content."""
    if not any(c.lower_ == "to" for c in token.children):
        return None
    item = _host(token, token)
    if item is not None:
        item.cue = (token.idx, token.idx + len("according to"))
        item.hosted = True
    return item


def _host(clause: Any, verb: Any) -> Indirect | None:
    """The clause a parenthetical attribution hangs on, without the attribution itself."""
    head = clause.head
    if head.i == clause.i:
        return None
    # The attribution ends at its first comma after the cue: spaCy often hangs the rest of the
    # host clause under the parenthetical ("X is, as Y pointed out, using Z").
    own_tokens = sorted(clause.subtree, key=lambda t: t.i)
    comma = next((t.i for t in own_tokens if t.i > verb.i and t.text == ","), None)
    own = {t.i for t in own_tokens if comma is None or t.i <= comma}
    tokens = [t for t in head.subtree if t.i not in own]
    item = _make(tokens, verb)
    if item is not None:
        item.hosted = True
    return item


def _same_paragraph(tokens: list[Any], verb: Any) -> list[Any]:
    """Keep the tokens between the paragraph breaks around the cue (headlines have no stop)."""
    before = [t.i for t in tokens if t.i < verb.i and "\n" in t.text]
    after = [t.i for t in tokens if t.i > verb.i and "\n" in t.text]
    low = max(before) if before else -1
    high = min(after) if after else 10**9
    return [t for t in tokens if low < t.i < high]


def _make(tokens: list[Any], verb: Any, min_tokens: int = MIN_TOKENS) -> Indirect | None:
    """Trim marks, 'that' and edge punctuation; reject contents under ``min_tokens``."""
    tokens = _same_paragraph(sorted(tokens, key=lambda t: t.i), verb)
    while (
        tokens
        and tokens[0].text not in OPENERS
        and (tokens[0].is_punct or tokens[0].dep_ in ("mark", "cc") or tokens[0].is_space)
    ):
        tokens.pop(0)
    while tokens and (
        (tokens[-1].is_punct and tokens[-1].text not in ('"', "”", "’", ")"))
        or tokens[-1].dep_ == "cc"
    ):
        tokens.pop()
    while tokens and tokens[-1].is_space:
        tokens.pop()
    if len(tokens) < min_tokens:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    doc = verb.doc
    text = doc[tokens[0].i : tokens[-1].i + 1].text  # this stretch only: doc.text is O(doc)
    opened = sum(text.count(c) for c in "“‘«") - sum(text.count(c) for c in "”»")
    last = tokens[-1]
    after = doc[last.i + 1].text[:1] if last.i + 1 < len(doc) and not last.whitespace_ else ""
    if opened > 0 and after in ("”", "’", "»"):
        end += 1  # the closing mark of a quote that ends the content
    return Indirect(start, end, cue_text(verb), verb, parts=_pieces(tokens, end))


def _pieces(tokens: list[Any], end: int) -> list[tuple[int, int]]:
    """The content's runs of adjacent tokens ("The plan, she said, was sound": two pieces
    around the attribution), trimmed of edge punctuation; one piece when nothing is left out."""
    runs: list[list[Any]] = [[tokens[0]]]
    for prev, token in zip(tokens, tokens[1:], strict=False):
        gap = token.doc[prev.i + 1 : token.i]
        if all(t.is_punct or t.is_space for t in gap):
            runs[-1].append(token)
        else:
            runs.append([token])
    pieces = []
    for run in runs:
        words = [t for t in run if not (t.is_punct or t.is_space)]
        if words:
            pieces.append((words[0].idx, words[-1].idx + len(words[-1].text)))
    if len(pieces) < 2:
        return []
    pieces[0] = (tokens[0].idx, pieces[0][1])
    pieces[-1] = (pieces[-1][0], max(pieces[-1][1], end))
    return pieces
