"""What a number counts: the noun after it (subject) and the words around it (counted class)."""

from __future__ import annotations

from rapidfuzz import fuzz, process

STATUS = {
    "killed": "dead killed died die dies dying kill kills killing death deaths toll martyred"
    " massacred eliminated slain perished lifeless",
    "injured": "injured wounded wounding wound hurt injuring injuries injury maimed",
    "displaced": "displaced fled fleeing flee left refugees homeless evacuated uprooted",
    "rescued": "saved rescued",
    "surrendered": "surrendered surrender defected",
    "arrested": "arrested detained imprisoned jailed abducted kidnapped",
    "missing": "missing",
    "casualties": "casualties",
}
STATUS_WORDS = {w: k for k, words in STATUS.items() for w in words.split()}
NOUN_CLASSES = {
    "airstrikes": "airstrikes airstrike strikes strike raids sorties bombings",
    "attacks": "attacks",
    "munitions": "rounds shells missiles rockets bombs mortars barrels",
    "casualties": "casualties",
    "troops": "troops soldiers",
}
NOUN_CLASS = {w: k for k, words in NOUN_CLASSES.items() for w in words.split()}
SUBJECTS = [
    "soldiers",
    "civilians",
    "people",
    "children",
    "women",
    "men",
    "fighters",
    "troops",
    "rebels",
    "militants",
    "terrorists",
    "refugees",
    "families",
    "residents",
    "shoppers",
    "insurgents",
    "police",
    "officers",
    "journalists",
    "doctors",
    "prisoners",
    "patients",
    "students",
    "workers",
    "mercenaries",
    "conscripts",
    "jihadists",
    "militiamen",
    "airstrikes",
    "attacks",
    "members",
    "homes",
    "houses",
    "buildings",
    "villages",
    "towns",
    "tanks",
    "jets",
    "aircraft",
]
SKIP_AFTER = {
    "were",
    "was",
    "have",
    "has",
    "had",
    "been",
    "be",
    "are",
    "is",
    "lay",
    "left",
    "reported",
    "now",
    "already",
    "being",
    "may",
    "might",
    "could",
    "would",
    "will",
    "reportedly",
    "also",
    "all",
}
STOP_BEFORE = {"and", ",", ";", ".", "but", "while", "including"}


def normalise_subject(word: str) -> str:
    """Map a head noun to the subject vocabulary, tolerant of typos ('solders' -> 'soldiers')."""
    low = word.lower()
    if low in SUBJECTS or len(low) < 5:
        return low
    best = process.extractOne(low, SUBJECTS, scorer=fuzz.ratio, score_cutoff=85)
    return best[0] if best else low


def status_after(words: list[str]) -> str | None:
    """The counted class from the words right after the counted phrase ('were killed', 'dead')."""
    for word in words[:4]:
        low = word.lower()
        if low in STATUS_WORDS:
            return STATUS_WORDS[low]
        if low not in SKIP_AFTER:
            return None
    return None


def status_before(words: list[str]) -> str | None:
    """The counted class from the words before the number ('killing', 'death toll at')."""
    for word in reversed(words[-4:]):
        low = word.lower()
        if low in STOP_BEFORE:
            return None
        if low in STATUS_WORDS and low not in ("left",):
            return STATUS_WORDS[low]
        if low in ("lost", "lose", "loses"):
            return "killed"
    return None
