"""Speech and attribution cues, matched on lemmas (the lists are language data)."""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from rashomon import lang

# Lemmas of verbs that report speech or writing: lang/en/quotes_cues.txt. Indirect speech also
# takes the cues learned from annotated news (lang/en/quotes_cues_learned.txt).
CUES_FILE = "quotes_cues"
LEARNED_FILE = "quotes_cues_learned"
# Manner-of-speaking verbs that attribute a direct quote they stand next to, and only that:
# lang/en/quotes_direct_cues.txt (a two-word entry is a verb and the particle it needs).
DIRECT_FILE = "quotes_direct_cues"
# Verbs that report speech only with a particle ("pointed out", "spelled out").
PARTICLE_VERBS = {"point": "out", "spell": "out", "lay": "out", "set": "out"}
# Verbs that need a complement to be speech ("call" = "called for", "ask" = "asked that").
WEAK_VERBS = {"call", "describe", "note", "post", "welcome", "praise", "agree", "mention", "cite"}
# Nouns/prepositions that introduce a source: "according to X", "in the words of X".
SOURCE_PHRASES = ("according to", "in the words of", "as quoted by", "quoting")
# Subordinators of attribution clauses: "as X said", "as outlined by X".
AS_MARKERS = {"as"}


@lru_cache(maxsize=4)
def speech_lemmas(learned: bool = False) -> frozenset[str]:
    """The cue lemmas (``learned``: with the ones learned from annotated news)."""
    core = lang.words(CUES_FILE) | frozenset(PARTICLE_VERBS)
    return core | lang.words(LEARNED_FILE) if learned else core


def cue_base(token: Token, learned: bool = False) -> str | None:
    """The lemma of a speech verb token ("told" -> "tell"), or None."""
    lemma = token.lemma_.lower()
    return lemma if lemma in speech_lemmas(learned) else None


def is_cue_token(token: Token, learned: bool = False) -> bool:
    """Whether a spaCy token is a speech verb (with its particle when it needs one)."""
    base = cue_base(token, learned)
    if base is None or token.pos_ not in ("VERB", "AUX"):
        return False
    if base in PARTICLE_VERBS:
        return _has_child(token, PARTICLE_VERBS[base], ("prt",))
    return True


def _has_child(token: Token, word: str, deps: tuple[str, ...]) -> bool:
    """Whether the token has the word as a child in one of ``deps`` ("went on", "put it")."""
    return any(c.dep_ in deps and c.lower_ == word for c in token.children)


@lru_cache(maxsize=1)
def direct_cues() -> dict[str, str | None]:
    """The direct-quote-only cue lemmas, each with the particle it needs (None: none)."""
    out: dict[str, str | None] = {}
    for entry in lang.words(DIRECT_FILE):
        verb, _, particle = entry.partition(" ")
        out[verb] = particle or None
    return out


def is_direct_cue(token: Token) -> bool:
    """Whether a token attributes a direct quote next to it: a speech verb, or a manner-of-
    speaking verb from the direct-quote list ("continued", "gloated", "shot back", "put it")."""
    if is_cue_token(token):
        return True
    cues = direct_cues()
    lemma = token.lemma_.lower()
    if lemma not in cues or token.pos_ not in ("VERB", "AUX"):
        return False
    want = cues[lemma]
    return want is None or _has_child(token, want, ("prt", "dobj"))


def has_subject(token: Token) -> bool:
    """Whether a verb has a subject of its own (not one shared with the verb it is joined to)."""
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)


def cue_text(token: Token) -> tuple[int, int]:
    """Character span of a cue: the verb, plus its particle ("pointed out")."""
    start = token.idx
    end = start + len(token.text)
    for child in token.children:
        if child.dep_ == "prt" and child.i == token.i + 1:
            end = child.idx + len(child.text)
    return start, end
