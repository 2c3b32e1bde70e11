"""Near-duplicate detection: MinHash signatures of word 5-grams, indexed with LSH."""

from __future__ import annotations

import re
import sys
import types
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from datasketch import MinHash

NUM_PERM = 128
SHINGLE_WORDS = 5
THRESHOLD = 0.7
# LSH finds candidates probabilistically; banding for a lower threshold than the one reported
# keeps pairs just above THRESHOLD from being missed, and estimated Jaccard filters the rest.
_LSH_SLACK = 0.15
# Candidates scored per query, the earliest indexed first. A story copied by hundreds of outlets
# would otherwise link every copy to every earlier one: work and stored links growing with the
# square of its copies (the Ray bench's copied corpus recorded 1.9M links for 2,670 documents).
# Each copy still links to the earliest ones, the originals a reader wants.
MAX_CANDIDATES = 32
_WORD = re.compile(r"\w+")
# Signatures are stored and reloaded, so the scheme and the byte layout are fixed here.
SCHEME = "affine32"
_SIGNATURE_DTYPE = np.dtype("<u4")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """The set of lower-cased word ``size``-grams of the text (one shingle for short texts)."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


class NearDuplicateIndex:
    """Finds documents whose texts share most of their word 5-grams (estimated Jaccard)."""

    def __init__(
        self,
        threshold: float = THRESHOLD,
        num_perm: int = NUM_PERM,
        max_candidates: int = MAX_CANDIDATES,
    ) -> None:
        lsh_threshold = max(threshold - _LSH_SLACK, 0.05)
        self.threshold = threshold
        self.num_perm = num_perm
        self.max_candidates = max_candidates
        self._order: dict[str, int] = {}  # insertion number of each indexed id
        self._inserted = 0
        self._lsh = _datasketch().MinHashLSH(
            threshold=lsh_threshold, num_perm=num_perm, params=lsh_bands(lsh_threshold, num_perm)
        )
        self._hashes: dict[str, MinHash] = {}

    def __len__(self) -> int:
        return len(self._hashes)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._hashes

    def minhash(self, text: str) -> MinHash:
        """The MinHash of the text's shingles (same text, same MinHash, on every machine)."""
        from datasketch import MinHash

        mh = MinHash(num_perm=self.num_perm, scheme=SCHEME)
        mh.update_batch([shingle.encode("utf-8") for shingle in sorted(shingles(text))])
        return mh

    def signature(self, text: str) -> bytes:
        """The text's MinHash as bytes, for a store to keep and pass to ``add_signature``."""
        return self.minhash(text).hashvalues.astype(_SIGNATURE_DTYPE).tobytes()

    def add(self, doc_id: str, text: str) -> None:
        """Index a document's text under its id (replacing any earlier entry for that id)."""
        self._insert(doc_id, self.minhash(text))

    def add_signature(self, doc_id: str, sig: bytes) -> None:
        """Index a document from a stored ``signature``, without its text."""
        expected = self.num_perm * _SIGNATURE_DTYPE.itemsize
        if len(sig) != expected:
            raise ValueError(f"signature of {doc_id!r} is {len(sig)} bytes, expected {expected}")
        from datasketch import MinHash

        values = np.frombuffer(sig, dtype=_SIGNATURE_DTYPE).astype(np.uint32)
        self._insert(doc_id, MinHash(num_perm=self.num_perm, hashvalues=values, scheme=SCHEME))

    def remove(self, doc_id: str) -> None:
        """Forget a document (no error when it is not indexed)."""
        if self._hashes.pop(doc_id, None) is not None:
            self._lsh.remove(doc_id)
            del self._order[doc_id]

    def query(self, text: str, exclude: str | None = None) -> list[tuple[str, float]]:
        """Indexed ids whose estimated Jaccard with the text reaches the threshold, best first.

        ``exclude`` leaves out one id, typically the queried document's own. At most
        ``max_candidates`` LSH candidates are scored, the earliest indexed.
        """
        mh = self.minhash(text)
        candidates = [c for c in self._lsh.query(mh) if c != exclude]
        if len(candidates) > self.max_candidates:
            candidates = sorted(candidates, key=self._order.__getitem__)[: self.max_candidates]
        found = []
        for doc_id in candidates:
            score = float(mh.jaccard(self._hashes[doc_id]))
            if score >= self.threshold:
                found.append((doc_id, score))
        return sorted(found, key=lambda pair: (-pair[1], pair[0]))

    def _insert(self, doc_id: str, mh: MinHash) -> None:
        """Put one MinHash into the LSH index and the id table."""
        self.remove(doc_id)
        self._lsh.insert(doc_id, mh)
        self._hashes[doc_id] = mh
        self._order[doc_id] = self._inserted
        self._inserted += 1


def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """The bands and rows datasketch's ``MinHashLSH`` picks for ``threshold`` (the least sum of
    false-positive and false-negative probability, weighted 0.5 each), its two integrals by
    Gauss-Legendre quadrature instead of SciPy's ``quad``: the integrands are polynomials of
    degree at most ``num_perm``, which these nodes integrate exactly."""
    nodes, weights = np.polynomial.legendre.leggauss(num_perm // 2 + 1)

    def integral(values: Any, low: float, high: float) -> Any:
        return (high - low) / 2 * (values @ weights)

    below = (nodes + 1) * threshold / 2  # nodes mapped onto [0, threshold] and [threshold, 1]
    above = (nodes + 1) * (1 - threshold) / 2 + threshold
    best, chosen = float("inf"), (0, 0)
    for b in range(1, num_perm + 1):  # datasketch's order: the first of equal errors is kept
        r = np.arange(1, num_perm // b + 1)[:, None]
        false_positive = integral(1 - (1 - below**r) ** b, 0.0, threshold)
        false_negative = integral((1 - above**r) ** b, threshold, 1.0)
        errors = 0.5 * false_positive + 0.5 * false_negative
        i = int(np.argmin(errors))
        if errors[i] < best:
            best, chosen = float(errors[i]), (b, i + 1)
    return chosen


def _datasketch() -> Any:
    """The datasketch package, imported without ``scipy.integrate`` (0.4-0.8 s of every
    ``analyze`` start): its LSH modules import ``quad`` only to choose bands, which
    ``lsh_bands`` gives them; a later call of ``quad`` imports SciPy's then."""
    if "datasketch" not in sys.modules and "scipy.integrate" not in sys.modules:
        stand_in = types.ModuleType("scipy.integrate")
        stand_in.quad = _quad  # type: ignore[attr-defined]
        sys.modules["scipy.integrate"] = stand_in
        try:
            import datasketch  # noqa: F401
        finally:
            if sys.modules.get("scipy.integrate") is stand_in:
                del sys.modules["scipy.integrate"]
    import datasketch

    return datasketch


def _quad(*args: Any, **kwargs: Any) -> Any:
    from scipy.integrate import quad

    return quad(*args, **kwargs)
