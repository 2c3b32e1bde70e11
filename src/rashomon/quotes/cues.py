"""The one list of speech and attribution cues, with their inflected forms (no lemmatizer needed)."""

from __future__ import annotations

# Base forms of verbs that report speech or writing. Irregular forms are listed in IRREGULAR.
SPEECH_VERBS = [
    "say",
    "tell",
    "add",
    "state",
    "announce",
    "declare",
    "explain",
    "claim",
    "insist",
    "argue",
    "assert",
    "warn",
    "note",
    "observe",
    "point",
    "write",
    "report",
    "admit",
    "acknowledge",
    "confirm",
    "deny",
    "reject",
    "dismiss",
    "accuse",
    "allege",
    "charge",
    "describe",
    "call",
    "urge",
    "ask",
    "demand",
    "promise",
    "pledge",
    "vow",
    "threaten",
    "suggest",
    "predict",
    "estimate",
    "comment",
    "remark",
    "reply",
    "respond",
    "repeat",
    "reiterate",
    "stress",
    "emphasise",
    "emphasize",
    "maintain",
    "contend",
    "conclude",
    "complain",
    "concede",
    "recall",
    "reveal",
    "disclose",
    "tweet",
    "post",
    "outline",
    "testify",
    "dispute",
    "blame",
    "condemn",
    "welcome",
    "criticise",
    "criticize",
    "mention",
    "indicate",
    "counter",
    "retort",
    "protest",
    "lament",
    "cite",
    "describe",
    "recount",
]
IRREGULAR = {
    "say": ("said", "says", "saying"),
    "tell": ("told", "tells", "telling"),
    "write": ("wrote", "written", "writes", "writing"),
}
# Verbs that report speech only with a particle ("pointed out", "spelled out").
PARTICLE_VERBS = {"point": "out", "spell": "out", "lay": "out", "set": "out"}
# Verbs that need a complement to be speech ("call" = "called for", "ask" = "asked that").
WEAK_VERBS = {"call", "describe", "note", "post", "welcome", "praise", "agree", "mention", "cite"}
# Nouns/prepositions that introduce a source: "according to X", "in the words of X".
SOURCE_PHRASES = ("according to", "in the words of", "as quoted by", "quoting")
# Subordinators of attribution clauses: "as X said", "as outlined by X".
AS_MARKERS = {"as"}


def _forms(base: str) -> set[str]:
    """Regular English inflections of a verb (good enough for this closed list)."""
    if base in IRREGULAR:
        return {base, *IRREGULAR[base]}
    if base.endswith("e"):
        return {base, base + "s", base + "d", base[:-1] + "ing"}
    if base.endswith("y") and base[-2] not in "aeiou":
        return {base, base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
    if base.endswith(("sh", "ch", "ss", "x")):
        return {base, base + "es", base + "ed", base + "ing"}
    if base in ("admit", "regret", "commit"):
        return {base, base + "s", base + "ted", base + "ting"}
    return {base, base + "s", base + "ed", base + "ing"}


FORM_TO_BASE: dict[str, str] = {
    form: base for base in (*SPEECH_VERBS, *PARTICLE_VERBS) for form in _forms(base)
}


def cue_base(word: str) -> str | None:
    """The base form of a speech verb form ("told" -> "tell"), or None."""
    return FORM_TO_BASE.get(word.lower())


def is_cue_token(token: object) -> bool:
    """Whether a spaCy token is a speech verb (with its particle when it needs one)."""
    base = cue_base(token.text)  # type: ignore[attr-defined]
    if base is None or token.pos_ not in ("VERB", "AUX"):  # type: ignore[attr-defined]
        return False
    if base in PARTICLE_VERBS:
        want = PARTICLE_VERBS[base]
        return any(c.dep_ == "prt" and c.lower_ == want for c in token.children)  # type: ignore[attr-defined]
    return True


def has_subject(token: object) -> bool:
    """Whether a verb has a subject of its own (not one shared with the verb it is joined to)."""
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)  # type: ignore[attr-defined]


def cue_text(token: object) -> tuple[int, int]:
    """Character span of a cue: the verb, plus its particle ("pointed out")."""
    start = token.idx  # type: ignore[attr-defined]
    end = start + len(token.text)  # type: ignore[attr-defined]
    for child in token.children:  # type: ignore[attr-defined]
        if child.dep_ == "prt" and child.i == token.i + 1:  # type: ignore[attr-defined]
            end = child.idx + len(child.text)
    return start, end
