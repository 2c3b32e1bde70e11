"""Parse features of a candidate attribution for the learned model (:mod:`rashomon.quotes.learned`).

A candidate is a cue token and a content span; its features describe the cue (lemma, its class
from ``lang/en/quotes_cue_classes.yaml``, tag, dependency), its subject, the content's type,
edges and length, and where the pair stands (before or after the cue, in the headline).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.tokens import Token

from rashomon import lang
from rashomon.quotes.cues import speech_lemmas
from rashomon.quotes.indirect import MODALS, Indirect

VERB_CLASSES = ("speech", "belief", "intention", "evaluation")
COMP_DEPS = ("dobj", "attr", "acomp", "oprd")
BAG_POS = ("NOUN", "VERB", "ADJ", "ADV", "PRON")


@dataclass(frozen=True)
class FeatureSettings:
    """The lexical features beside the parse features (chosen by 5-fold CV on PolNeAR train)."""

    # The content's words: lemmas of its first ``bag_tokens`` content words, each with this
    # value. A small value is a strong L2 penalty on them alone: at full value they overfit
    # (held-out F1 0.665 -> 0.649); at 0.25, with the cue's complement and preposition and the
    # content root's lemma, 5-fold CV F1 0.689 -> 0.691 at the same threshold.
    bag_value: float = 0.25
    bag_tokens: int = 12


FEATURES = FeatureSettings()
POS_CLASSES = {"NOUN": ("noun",), "ADJ": ("adjective",)}


@lru_cache(maxsize=1)
def _classes() -> dict[str, dict[str, str]]:
    """Cue lemma to class, per part of speech ('VERB' for every other)."""
    table = lang.table("quotes_cue_classes")
    out: dict[str, dict[str, str]] = {}
    for pos, names in (*POS_CLASSES.items(), ("VERB", VERB_CLASSES)):
        out[pos] = {}
        for name in reversed(names):  # the first class that lists a lemma wins
            out[pos].update({str(w).lower(): name for w in table.get(name, [])})
    return out


def cue_class(lemma: str, pos: str) -> str:
    """The class of a cue lemma ('speech', 'belief', 'intention', 'evaluation', 'noun',
    'adjective'), or '' when the class file does not list it."""
    return _classes().get(pos if pos in POS_CLASSES else "VERB", {}).get(lemma, "")


def class_lemmas() -> frozenset[str]:
    """Every lemma the class file lists."""
    return frozenset(w for table in _classes().values() for w in table)


def subject(verb: Token) -> Token | None:
    """The cue's source: its subject, agent or possessor ('her claim'), or 'according to X'."""
    if verb.lower_ == "according":
        to = next((c for c in verb.children if c.lower_ == "to"), None)
        return next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "agent", "poss"):
            return child
    return None


def _subject_type(subj: Token | None) -> str:
    if subj is None:
        return "none"
    if subj.pos_ == "PRON":
        return "pron:" + subj.lower_
    return f"{subj.pos_}:{subj.ent_type_ or '-'}:{subj.tag_}"


def features(found: Indirect, kind: str, cue: Token) -> dict[str, Any]:
    """The parse features of one candidate (a sparse dict for a DictVectorizer)."""
    lemma = cue.lemma_.lower()
    children = list(cue.children)
    deps = {c.dep_ for c in children}
    subj = subject(cue)
    stype = _subject_type(subj)
    doc = cue.doc
    span = doc.char_span(found.start, found.end, alignment_mode="expand")
    words = list(span) if span is not None else []
    prev = doc[span.start - 1].lower_ if span is not None and span.start > 0 else ""
    klass = cue_class(lemma, cue.pos_) or "-"
    return {
        "kind": kind,
        "lemma": lemma,
        "lemma|kind": f"{lemma}|{kind}",
        "class|kind": f"{klass}|{kind}",
        "class|subj": f"{klass}|{stype[:5]}",
        "speech": lemma in speech_lemmas(),
        "pos": cue.pos_,
        "tag": cue.tag_,
        "dep": cue.dep_,
        "dep|kind": f"{cue.dep_}|{kind}",
        "head_pos": cue.head.pos_,
        "subj": stype,
        "subj|kind": f"{stype[:5]}|{kind}",
        "has_subj": subj is not None,
        "modal": any(c.dep_ == "aux" and c.lower_ in MODALS for c in children),
        "neg": "neg" in deps,
        "passive": "auxpass" in deps,
        "agent": "agent" in deps,
        "mark_that": any(t.lower_ == "that" and t.dep_ == "mark" for t in words[:3]),
        "wh": bool(words) and words[0].tag_ in ("WDT", "WP", "WRB", "IN"),
        "len_bin": min(len(words), 40) // 4,
        "before": found.start < cue.idx,
        "quoted": any(c in t.text for t in words for c in '“”"'),
        "comma_before": cue.i > 0 and doc[cue.i - 1].text == ",",
        "first_word": words[0].lower_ if words else "",
        "first_pos|kind": f"{words[0].pos_ if words else ''}|{kind}",
        "prev_word": prev,
        "prev|lemma": f"{prev}|{lemma}",
        "rel_subj": subj is not None and subj.tag_ in ("WP", "WDT"),
        "deps": " ".join(sorted(deps & {"ccomp", "xcomp", "dobj", "prep", "dative", "advcl"})),
        "verb_inside": any(t.pos_ in ("VERB", "AUX") for t in words),
        "ends_sentence": bool(words) and _ends_sentence(words[-1]),
        **_context(lemma, cue, stype, words),
    }


def _context(lemma: str, cue: Token, stype: str, words: list[Token]) -> dict[str, Any]:
    """Conjunctions the linear model cannot form itself (a cue lemma with its subject's type
    and with its own dependency), the content's root and how many it has, and whether the
    cue's sentence holds a quote mark. (The content's own words as features overfit: held-out
    F1 0.665 -> 0.649.)"""
    inside = {t.i for t in words}
    roots = [t for t in words if t.head.i not in inside or t.head.i == t.i]
    root = roots[0] if roots else None
    sentence = cue.sent.text
    return {
        "lemma|subj": f"{lemma}|{stype[:5]}",
        "lemma|dep": f"{lemma}|{cue.dep_}",
        "root": f"{root.tag_}|{root.dep_}" if root is not None else "",
        "roots": min(len(roots), 3),
        "sent_quote": any(c in sentence for c in '“”"'),
        **_lexical(lemma, cue, root, words),
    }


def _lexical(lemma: str, cue: Token, root: Token | None, words: list[Token]) -> dict[str, Any]:
    """What the words say beside the parse: a light cue takes its sense from its complement
    ('make|case', 'be|critical') and preposition, an act is speech by what it is about (the
    content root's lemma and entity type), and the content's own lemmas, damped."""
    comp = next((c for c in cue.children if c.dep_ in COMP_DEPS), None)
    prep = next((c.lower_ for c in cue.children if c.dep_ == "prep"), "-")
    out: dict[str, Any] = {
        "lemma|comp": f"{lemma}|{_word(comp)}",
        "lemma|prep": f"{lemma}|{prep}",
    }
    if root is not None:
        out["root_ent"] = root.ent_type_ or root.pos_
        if root.pos_ in ("NOUN", "VERB", "ADJ"):
            out["root_lemma"] = root.lemma_.lower()
    for t in words[: FEATURES.bag_tokens]:
        if t.is_alpha and t.pos_ in BAG_POS:
            out["w:" + t.lemma_.lower()] = FEATURES.bag_value
    return out


def _word(token: Token | None) -> str:
    """A token's lemma for a feature ('PROPN' for a name: the model keeps no names)."""
    if token is None:
        return "-"
    return "PROPN" if token.pos_ == "PROPN" else token.lemma_.lower()


def _ends_sentence(last: Token) -> bool:
    """The content runs to its sentence's end (only punctuation, if anything, follows)."""
    doc = last.doc
    nxt = last.i + 1
    return nxt >= len(doc) or doc[nxt].is_sent_start is True or doc[nxt].is_punct
