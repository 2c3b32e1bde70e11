"""Story-linking encoders side by side on the texts the stories linker embeds.

    python bench/embedders.py [--n 50] [--words 880] [--source ptc] [--kinds auto onnx onnx-int8]

Analyses ``--n`` real-length articles (``bench/corpus.py``), collects what the stories linker
would embed for them (``story_vectors.linking_texts``: each lead, each linked event's sentence
and trigger lemma, each distinct text once), and encodes those texts with each embedder kind on
one thread (``RASHOMON_EMBEDDINGS`` names: ``auto`` is the NumPy MiniLM, ``onnx`` and
``onnx-int8`` the ONNX Runtime graphs of ``linking/onnx_embed.py``, ``torch`` the
sentence-transformers path). Prints CPU seconds and tokens per CPU second of each, and how far
its vectors are from the first kind's: least and mean cosine, and the share of float16 values
that differ (sentence vectors are cached as float16, so that share is what can change a link).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import SOURCES, real_length_articles  # noqa: E402

from rashomon.document import Document  # noqa: E402
from rashomon.linking.story_pairwise import CONTEXT_KEY  # noqa: E402
from rashomon.linking.story_vectors import linking_texts  # noqa: E402
from rashomon.pipeline import Pipeline  # noqa: E402


def linker_texts(texts: list[str]) -> list[str]:
    """The distinct texts the stories linker encodes for these articles (trigger-in-sentence
    contexts left out: those are token states, not sentence vectors)."""
    docs = [Document(id=f"bench-{i:05d}", text=text) for i, text in enumerate(texts)]
    wanted: dict[str, None] = {}
    for doc, items in Pipeline().analyse_many(docs):
        for cache, text in linking_texts(doc, items):
            if cache != CONTEXT_KEY:
                wanted[text] = None
    return list(wanted)


def encode_once(kind: str, texts: list[str]) -> tuple[Any, np.ndarray, float, float]:
    """The embedder of ``kind``, its vectors of the texts on one thread, the CPU seconds of the
    encoding and of its load (weights, tokenizer, graph)."""
    from rashomon.linking.embeddings import get_embedder

    embedder = get_embedder(kind)
    used = time.process_time()
    embedder.encode(texts[:2])  # loads the weights and, for ONNX, builds or reads the graph
    loaded = time.process_time() - used
    used = time.process_time()
    encode: Any = embedder.encode
    vectors = encode(texts, threads=1) if hasattr(embedder, "threads") else encode(texts)
    return embedder, vectors, time.process_time() - used, loaded


def main() -> None:
    """Print each embedder's speed and its distance from the first one."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=50, help="articles to analyse")
    parser.add_argument("--words", type=int, default=880, help="about this many words each")
    parser.add_argument("--source", choices=SOURCES, default=None, help="default polnear")
    parser.add_argument("--kinds", nargs="+", default=["auto", "onnx", "onnx-int8"])
    args = parser.parse_args()
    where, articles = real_length_articles(args.n, args.words, args.source)
    texts = linker_texts(articles)
    print(f"{len(articles)} articles from {where}: {len(texts)} distinct texts to encode")
    reference: np.ndarray | None = None
    for kind in args.kinds:
        try:
            embedder, vectors, seconds, loaded = encode_once(kind, texts)
        except ImportError as error:
            print(f"{kind:10} not available ({error})")
            continue
        tokenizer = getattr(embedder, "tokenizer", None)
        tokens = sum(len(e.ids) for e in tokenizer.encode_batch(texts)) if tokenizer else 0
        line = f"{kind:10} {embedder.name:28} {seconds:6.2f} CPU s"
        line += f", {tokens / seconds:6.0f} tokens/CPU s" if tokens else ""
        line += f" (load {loaded:.2f} s)"
        if reference is None:
            reference = vectors
        elif vectors.shape == reference.shape:
            cos = (vectors * reference).sum(axis=1)
            f16 = np.mean(vectors.astype(np.float16) != reference.astype(np.float16))
            line += f"; cosine to {args.kinds[0]} min {cos.min():.6f} mean {cos.mean():.6f},"
            line += f" float16 values differing {100 * f16:.2f}%"
        print(line, flush=True)


if __name__ == "__main__":
    main()
