"""Context for technique classification beyond the span's own words.

Two signals, each with a weight chosen by cross-validation (``cv_tc``):

- the **sentence head** (``CONTEXT_HEAD``): a logistic regression over the MiniLM embedding of
  the sentence(s) holding the span, mixed into the span's probabilities (``tc_sentence``);
- **repeated spans** (``tc_repeat``): a span whose text is also the text of another span of the
  same article is moved towards Repetition (PTC marks the later uses of a repeated phrase).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from rashomon.techniques.features import span_tokens
from rashomon.techniques.tokens import Tokens

CONTEXT_HEAD = "context"  # name of the sentence head in ``TechniqueModel.heads``
REPETITION = "Repetition"
_EPS = 1e-6


def span_sentence(tokens: Tokens, start: int, end: int) -> str:
    """The text of the sentence(s) a span lies in (the span itself outside the tokens)."""
    first, last = span_tokens(tokens, start, end)
    if first >= len(tokens):
        return tokens.text[start:end]
    a = tokens.bounds[tokens.sentence[first]][0]
    b = tokens.bounds[tokens.sentence[max(first, last - 1)]][1]
    return tokens.text[tokens.starts[a] : tokens.ends[b - 1]]


def repeated(text: str, spans: Sequence[tuple[int, int]]) -> np.ndarray:
    """For each span, whether another span (other offsets) has the same text, case folded."""
    lower = text.lower()
    keys = [lower[s:e].strip() for s, e in spans]
    counts = Counter(k for k, _ in {(k, span) for k, span in zip(keys, spans, strict=True)})
    return np.asarray([bool(k) and counts[k] > 1 for k in keys], dtype=bool)


def favour_repeats(
    probs: np.ndarray, classes: Sequence[str], flags: np.ndarray, weight: float
) -> np.ndarray:
    """Probabilities with Repetition's log-probability raised by ``weight`` on flagged rows,
    renormalised (0 or no Repetition class: unchanged)."""
    if weight <= 0 or REPETITION not in classes or not flags.any():
        return probs
    z = np.log(np.clip(probs, _EPS, 1.0))
    z[flags, list(classes).index(REPETITION)] += weight
    z -= z.max(axis=1, keepdims=True)
    out = np.exp(z)
    return out / out.sum(axis=1, keepdims=True)
