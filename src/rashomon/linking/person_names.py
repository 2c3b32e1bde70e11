"""People's names for the actor linker: which full names may be one person, and which full
name a lone surname stands for in its article.

Precision first: two full names are one person only when they share the surname, the first
name and the generational suffix ("Anders Brekke" is not "Anders Brekke Jr."); middle names and
initials may differ ("Greta Lind Holm", "Anders K. Brekke"). A lone surname stands for the
one full name of its article that ends with it; with several it stays the article's own.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from rashomon.document import Item

SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
ARTICLES = {"al", "el", "ad", "ar", "as", "ash", "at", "an", "az"}  # joined to a surname by "-"
MAX_NAME_WORDS = 4
# A lone surname with no full name in its article joins the corpus's full name holding at
# least this share of the mentions of all full names with that surname.
DOMINANT_SHARE = 0.8


def name_words(key: str) -> list[str]:
    """A name key's words without initials ("anders k brekke" -> anders, brekke)."""
    return [w.strip(".,") for w in key.split() if len(w.strip(".,")) > 1 or w in SUFFIXES]


def is_full_name(key: str) -> bool:
    """Two to four name words, not a document-local key."""
    core = [w for w in name_words(key) if w not in SUFFIXES]
    return ":" not in key and 2 <= len(core) <= MAX_NAME_WORDS


def surname(key: str) -> str:
    """The last word that is not a suffix, without an Arabic article ("al-holmi" -> holmi)."""
    core = [w for w in name_words(key) if w not in SUFFIXES]
    return bare(core[-1]) if core else key


def bare(word: str) -> str:
    """A surname without a joined Arabic article ("al-holmi", "el-holmi" -> holmi), the form
    a later lone mention often uses."""
    head, dash, rest = word.partition("-")
    return rest if dash and head in ARTICLES and len(rest) > 2 else word


def identity(key: str) -> tuple[str, str, str]:
    """(first name, surname, suffixes); a lone surname has no first name."""
    words = name_words(key.rsplit(":", 1)[-1])
    core = [w for w in words if w not in SUFFIXES] or [key]
    first = core[0] if len(core) > 1 else ""
    return first, bare(core[-1]), " ".join(sorted(w for w in words if w in SUFFIXES))


def compatible(a: str, b: str) -> bool:
    """Whether two name keys may name one person: the same surname, and the same first name
    and suffix when both are full names ("Brekke" fits "Anders Brekke" and "Anders Brekke Jr.")."""
    fa, la, sa = identity(a)
    fb, lb, sb = identity(b)
    if not fa or not fb:
        return la == lb
    return (fa, la, sa) == (fb, lb, sb)


def person_keys(labels: dict[str, Counter[str]], lone: bool = False) -> set[str]:
    """Keys of full names the tagger mostly calls a person; with ``lone``, also lone words
    that are the surname of such a full name (not "Ostland", a state spaCy took for a man)."""
    full = {
        k
        for k, c in labels.items()
        if is_full_name(k)
        and c.get("PERSON", 0)
        and c["PERSON"] >= c.get("ORG", 0)
        and not _ends_with_other_name(k, labels)
    }
    if not lone:
        return full
    surnames = {surname(k) for k in full}
    return full | {
        k
        for k, c in labels.items()
        if " " not in k and surname(k.rsplit(":", 1)[-1]) in surnames and c.get("PERSON", 0)
    }


def _ends_with_other_name(key: str, labels: dict[str, Counter[str]]) -> bool:
    """Whether a would-be full name ends with a name of two or more words the tagger mostly
    calls something else ("Lind Harbour Board" holds "Harbour Board"): not a person."""
    words = key.split()
    for i in range(1, len(words) - 1):
        counts = labels.get(" ".join(words[i:]))
        if counts and 2 * counts.get("PERSON", 0) < sum(counts.values()):
            return True
    return False


def dominant(candidates: Counter[str], share: float = DOMINANT_SHARE) -> str | None:
    """The full name a corpus-level surname stands for: the only one, or one with at least
    ``share`` of the candidates' mentions."""
    if not candidates:
        return None
    name, count = candidates.most_common(1)[0]
    return name if count >= share * sum(candidates.values()) else None


def resolve_surnames(mentions: list[Item], keys: dict[str, str]) -> None:
    """Rekey lone surnames to the one full name of their article that ends with them, or to
    the article alone when several fit ("Holm" beside Greta and Anders Holm)."""
    by_doc: dict[str, list[Item]] = defaultdict(list)
    for m in mentions:
        if m.fields.get("label") in ("PERSON", "ORG"):
            by_doc[m.doc].append(m)
    for doc, items in by_doc.items():
        fulls: dict[str, set[str]] = defaultdict(set)
        genders: dict[str, str | None] = {}
        for m in items:
            key = keys[m.id]
            if m.fields.get("label") == "PERSON" and is_full_name(key):
                fulls[surname(key)].add(key)
                genders[key] = genders.get(key) or _gender(m, key)
        for m in items:
            key = keys[m.id]
            if " " in key or ":" in key or surname(key) not in fulls:
                continue
            # "Mr. Holm" is not the article's only full name "Greta Holm": his own, per article
            found = {f for f in fulls[surname(key)] if _fits(m.fields.get("gender"), genders[f])}
            keys[m.id] = _fullest(found) if found and _one_person(found) else f"{doc}:{key}"


def _gender(mention: Item, key: str) -> str | None:
    """A full name's gender: its own titles', else its given name's."""
    from rashomon.mentions.coref import given_name_gender  # coref imports quote marks

    return mention.fields.get("gender") or given_name_gender(name_words(key)[0])


def _fits(want: str | None, gender: str | None) -> bool:
    return not want or not gender or want == gender


def _one_person(names: set[str]) -> bool:
    ordered = sorted(names)
    return all(compatible(a, b) for a in ordered for b in ordered)


def _fullest(names: set[str]) -> str:
    return max(sorted(names), key=lambda k: len(k.split()))
