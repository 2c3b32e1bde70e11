"""Text normalisation: the stored text of every Document is ``normalize_text(raw)``."""

from __future__ import annotations

import re
import unicodedata

import ftfy

# Repair mojibake but keep the typography journalists use: curly quotes stay curly (quote
# detection needs them) and full-width CJK punctuation is left alone.
_FTFY_CONFIG = ftfy.TextFixerConfig(
    uncurl_quotes=False,
    fix_character_width=False,
    fix_latin_ligatures=True,
    normalization="NFC",
    explain=False,
)

_SPACES = re.compile(r"[\u00a0\u2007\u202f\u2000-\u200a\u3000]")
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)
_BLANK_RUNS = re.compile(r"\n{3,}")


def normalize_text(raw: str) -> str:
    """Repair, NFC-normalise and tidy the whitespace of an article's raw text."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = ftfy.fix_text(text, config=_FTFY_CONFIG)
    text = unicodedata.normalize("NFC", text)
    text = _SPACES.sub(" ", text)
    text = _TRAILING_SPACE.sub("", text)
    text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip()
