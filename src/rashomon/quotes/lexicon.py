"""Learn the attribution cue verbs from annotated articles (PolNeAR train): how often each verb
lemma is a cue where it occurs. ``python -m rashomon.quotes.lexicon TRAIN.jsonl`` prints the
lemmas that pass the thresholds, in the format of ``lang/en/quotes_cues_learned.txt``."""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

MIN_CUES = 8  # a lemma must be a cue at least this often in the training articles
MIN_PRECISION = 0.35  # ... and in at least this share of its verb occurrences


@dataclass
class CueStats:
    """One verb lemma: times it is an annotated cue, times it occurs as a verb."""

    lemma: str
    cues: int
    verbs: int

    @property
    def precision(self) -> float:
        """Share of its verb occurrences that are cues."""
        return self.cues / self.verbs if self.verbs else 0.0


def learn_cues(path: str | Path) -> list[CueStats]:
    """Verb lemmas that are attribution cues in the annotated articles of ``path``."""
    from rashomon.pipeline import load_spacy

    nlp = load_spacy()
    records = [json.loads(line) for line in Path(path).read_text("utf-8").splitlines() if line]
    cues: Counter[str] = Counter()
    verbs: Counter[str] = Counter()
    texts = ((r["text"], r) for r in records)
    with nlp.select_pipes(enable=["tok2vec", "tagger", "attribute_ruler", "lemmatizer"]):
        for doc, record in nlp.pipe(texts, as_tuples=True, batch_size=8):
            starts = {q["cue"]["start"] for q in record["quotes"] if q.get("cue")}
            spans = [(q["cue"]["start"], q["cue"]["end"]) for q in record["quotes"] if q.get("cue")]
            for token in doc:
                if token.pos_ not in ("VERB", "AUX"):
                    continue
                verbs[token.lemma_.lower()] += 1
                inside = token.idx in starts or any(a <= token.idx < b for a, b in spans)
                cues[token.lemma_.lower()] += inside
    stats = [CueStats(lemma, cues[lemma], verbs[lemma]) for lemma in cues]
    keep = [s for s in stats if s.cues >= MIN_CUES and s.precision >= MIN_PRECISION]
    return sorted(keep, key=lambda s: (-s.cues, s.lemma))


def main(argv: list[str]) -> None:
    """Print the learned cue list for the training file named on the command line."""
    print(f"# learned from {Path(argv[0]).name}: cue >= {MIN_CUES} times, share >= {MIN_PRECISION}")
    for s in learn_cues(argv[0]):
        print(f"{s.lemma}  # {s.cues}/{s.verbs} = {s.precision:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
