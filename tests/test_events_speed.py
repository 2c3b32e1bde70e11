"""Events stay linear in the document's length: position lookups and the lazy embedder."""

from __future__ import annotations

import random
import subprocess
import sys
from dataclasses import dataclass

from rashomon.events.spans import Spans, longest_overlapping


@dataclass
class _Span:
    start: int
    end: int


def test_span_lookups_equal_a_scan() -> None:
    rng = random.Random(7)
    items = []
    for _ in range(300):
        start = rng.randrange(0, 2000)
        items.append(_Span(start, start + rng.randrange(0, 40)))
    spans = Spans(items)
    for _ in range(300):
        a = rng.randrange(-10, 2050)
        b = a + rng.randrange(0, 60)
        assert spans.overlapping(a, b) == [i for i in items if i.start < b and i.end > a]
        assert spans.inside(a, b) == [i for i in items if a <= i.start and i.end <= b]
        assert spans.enclosing(a) == next((i for i in items if i.start <= a < i.end), None)
        longest = None
        for i in items:
            if (
                i.start < b
                and i.end > a
                and (longest is None or i.end - i.start > longest.end - longest.start)
            ):
                longest = i
        assert longest_overlapping(spans, a, b) is longest


def test_events_on_a_long_document_take_each_sentence_once(pipeline) -> None:
    from rashomon.document import Document

    sentence = "Rebel gunners shelled the market on Monday, and the army repelled an attack. "
    short = pipeline.analyse(Document(id="s", text=sentence * 20, date="2019-04-09"))
    long = pipeline.analyse(Document(id="l", text=sentence * 80, date="2019-04-09"))
    count = sum(1 for i in short if i.kind == "events")
    assert count and sum(1 for i in long if i.kind == "events") == 4 * count


def test_embedder_loads_torch_only_to_encode() -> None:
    code = (
        "import sys\n"
        "from rashomon.linking.embeddings import MiniLMEmbedder\n"
        "try:\n    MiniLMEmbedder()\nexcept ImportError:\n    pass\n"
        "print('sentence_transformers' in sys.modules, 'transformers' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # (torch itself may already be in: spaCy's thinc imports it when it is installed)
    assert out.stdout.split() == ["False", "False"]
