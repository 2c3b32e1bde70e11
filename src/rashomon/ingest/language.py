"""Language identification with lingua, restricted to a modest set of languages for speed."""

from __future__ import annotations

from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

# English plus the languages most news about conflicts is written in; a small set keeps the
# detector fast and its models small. Anything else is reported as the closest of these.
LANGUAGES = (
    Language.ENGLISH,
    Language.ARABIC,
    Language.CHINESE,
    Language.DUTCH,
    Language.FRENCH,
    Language.GERMAN,
    Language.HEBREW,
    Language.HINDI,
    Language.ITALIAN,
    Language.JAPANESE,
    Language.PERSIAN,
    Language.POLISH,
    Language.PORTUGUESE,
    Language.RUSSIAN,
    Language.SPANISH,
    Language.TURKISH,
    Language.UKRAINIAN,
)
_SAMPLE_CHARS = 4000  # the opening of an article identifies its language well enough
_MIN_LETTERS = 20


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    """The shared detector, built on first use."""
    return LanguageDetectorBuilder.from_languages(*LANGUAGES).build()


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the text's language (``en``, ``de``...), or None when unsure."""
    sample = text[:_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < _MIN_LETTERS:
        return None
    language = _detector().detect_language_of(sample)
    return language.iso_code_639_1.name.lower() if language else None
