"""Web latency before/after: the example corpus copied to N documents, then every page timed.

"before" is what the old app did per request (rebuild the whole export; ``/`` also rendered the
whole report); "after" is the app as it is, through FastAPI's TestClient (in process, no
network) or with ``--uvicorn`` through uvicorn on 127.0.0.1; p50 and p95 over ``--repeat``
requests per route after one warm-up request.

    python bench/web.py [--docs 300] [--store analysed.db] [--repeat 20] [--keep /tmp/b.db]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[1]


def analysed_example(work: Path) -> Path:
    """A store of the bundled example corpus (analysed once, here)."""
    db = work / "example.db"
    corpus = REPO / "examples" / "corpus" / "articles"
    cmd = [sys.executable, "-m", "rashomon", "analyze", str(corpus), "--db", str(db)]
    subprocess.run(cmd, check=True, capture_output=True)
    return db


def _suffixer(known: set[str]) -> Callable[[str, str], str]:
    """A SQL function: the JSON ``data`` with every id of ``known`` in it suffixed."""

    def walk(value: Any, s: str) -> Any:
        if isinstance(value, str):
            return value + s if value in known else value
        if isinstance(value, list):
            return [walk(v, s) for v in value]
        if isinstance(value, dict):
            return {k: walk(v, s) for k, v in value.items()}
        return value

    return lambda data, s: json.dumps(walk(json.loads(data), s), ensure_ascii=False)


def multiply(src: Path, dst: Path, n_docs: int) -> None:
    """Copy the store's documents and items until it holds ``n_docs`` documents. Each copy is
    a corpus of its own: new ids, and the ids inside items (documents, mentions, stories,
    events...) point into the same copy, so stories and facts do not grow with the copies;
    actors are shared (the same people, more coverage)."""
    shutil.copy(src, dst)
    conn = sqlite3.connect(dst)
    base = [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY id")]
    known = set(base)
    for table in ("items", "linked_items"):
        known |= {r[0] for r in conn.execute(f"SELECT id FROM {table}")}
    for (data,) in conn.execute("SELECT data FROM linked_items"):
        # Fact ids group a story's contradictions: per copy too.
        known |= {v for k, v in json.loads(data).items() if k == "fact" and isinstance(v, str)}
    conn.create_function("sfx", 2, _suffixer(known), deterministic=True)
    conn.create_function("sid", 2, lambda v, s: v + s if v in known else v, deterministic=True)
    copies = -(-n_docs // len(base)) - 1
    with conn:
        for k in range(1, copies + 1):
            s = f"~{k}"
            conn.execute(
                "INSERT INTO documents SELECT id || ?, sha256 || ?, text, title, outlet, date, url,"
                " author, language, source, meta, analysers, signature, analysed_at FROM documents"
                " WHERE instr(id, '~') = 0",
                (s, s),
            )
            conn.execute(
                'INSERT INTO items SELECT id || ?, doc || ?, kind, start, "end", text,'
                " sfx(data, ?), seq FROM items WHERE instr(doc, '~') = 0",
                (s, s, s),
            )
            conn.execute(
                'INSERT INTO linked_items SELECT id || ?, linker, kind, sid(doc, ?), start, "end",'
                " text, sfx(data, ?), seq"
                " FROM linked_items WHERE instr(id, '~') = 0",
                (s, s, s),
            )
            # The copies' mentions belong to the same actors as the originals.
            conn.execute(
                "INSERT INTO actor_links SELECT mention || ?, actor FROM actor_links"
                " WHERE instr(mention, '~') = 0",
                (s,),
            )
        conn.execute("PRAGMA foreign_keys = ON")
        extra = [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY id")][n_docs:]
        conn.executemany("DELETE FROM documents WHERE id = ?", [(d,) for d in extra])
    conn.close()


def search_words(conn: sqlite3.Connection) -> tuple[str, str]:
    """A common word (in many quotes) and a rare one (in one quote) of the store itself."""
    counts: dict[str, int] = {}
    for (text,) in conn.execute(
        "SELECT text FROM items WHERE kind = 'quotes' AND instr(doc, '~') = 0"
    ):
        for word in {w.lower() for w in text.split() if w.isalpha() and len(w) > 4}:
            counts[word] = counts.get(word, 0) + 1
    ranked = sorted(counts, key=lambda w: (-counts[w], w))
    return ranked[0], ranked[-1]


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and 95th-percentile seconds over ``repeat`` runs (nearest rank)."""
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    runs.sort()
    return statistics.median(runs), runs[min(len(runs) - 1, -(-95 * len(runs) // 100) - 1)]


def serve_loopback(db: Path, index: bool) -> Any:
    """An HTTP client of the app on ``db`` served by uvicorn on a free loopback port, in a
    process of its own (a server thread would share the client's interpreter lock)."""
    import atexit
    import socket

    import httpx

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code = (
        "import sys, uvicorn; from rashomon.web.app import create_app;"
        " uvicorn.run(create_app(sys.argv[1], index=sys.argv[2] == '1'), host='127.0.0.1',"
        " port=int(sys.argv[3]), log_level='warning')"
    )
    cmd = [sys.executable, "-c", code, str(db), str(int(index)), str(port)]
    server = subprocess.Popen(cmd)
    atexit.register(server.terminate)
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120)
    for _ in range(600):
        try:
            client.get("/api/overview")
            return client
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("uvicorn did not start")


def main() -> None:
    """Print before/after latencies per route on an N-document store."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument(
        "--store", type=Path, help="an analysed store to copy (default: analyse the example)"
    )
    parser.add_argument("--repeat", type=int, default=20, help="requests per route")
    parser.add_argument(
        "--keep",
        type=Path,
        help="build the N-document store at this path and keep it (reused if it exists)",
    )
    parser.add_argument(
        "--no-index",
        dest="index",
        action="store_false",
        help="serve without the search index (FTS5 and actor lookups): scan instead",
    )
    parser.add_argument(
        "--uvicorn",
        action="store_true",
        help="time through uvicorn on 127.0.0.1 (HTTP over loopback) instead of TestClient",
    )
    parser.add_argument(
        "--skip-old", action="store_true", help="skip timing the old whole-export app (slow)"
    )
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from rashomon.export import build_export
    from rashomon.report import build_report
    from rashomon.store import open_store
    from rashomon.web.app import create_app
    from rashomon.web.index import SearchIndex

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        db = args.keep or work / "bench.db"
        if not db.exists():
            multiply(args.store or analysed_example(work), db, args.docs)
        conn = sqlite3.connect(db)
        doc = conn.execute("SELECT id FROM documents ORDER BY id LIMIT 1").fetchone()[0]
        story = conn.execute("SELECT id FROM linked_items WHERE kind = 'stories'").fetchone()[0]
        word, rare = search_words(conn)
        outlet = conn.execute(
            "SELECT outlet FROM documents GROUP BY outlet ORDER BY COUNT(*) DESC, outlet LIMIT 1"
        ).fetchone()[0]
        actor = conn.execute(
            "SELECT actor FROM actor_links GROUP BY actor ORDER BY COUNT(*) DESC LIMIT 1"
        ).fetchone()[0]
        n = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        conn.close()

        def export() -> dict:
            with open_store(str(db)) as store:
                return build_export(store)

        before = {
            "/": lambda: build_report(export()),
            f"/api/items/quotes?doc={doc}": lambda: [
                q for q in export()["quotes"] if q["doc"] == doc
            ],
        }
        started = time.perf_counter()
        index = SearchIndex(str(db)).current() if args.index else None
        index_s = time.perf_counter() - started
        client: Any = (
            serve_loopback(db, args.index)
            if args.uvicorn
            else TestClient(create_app(str(db), allowed_hosts=["testserver"], index=args.index))
        )
        after = [
            "/",
            f"/api/items/quotes?doc={doc}",
            f"/stories/{story}",
            f"/documents/{doc}",
            f"/documents?outlet={quote(outlet)}",
            "/items/quotes?q=said",
            "/api/items/contradictions?limit=100",
            f"/search?q={word}",
            f"/search?q={rare}",
            f"/api/items/quotes?q={word}",
            f"/api/documents?q={rare}&limit=50",
            f"/api/items/mentions?actor={actor}&limit=50",
            f"/api/items/quotes?actor={actor}&limit=50",
            f"/api/documents?actor={actor}&limit=50",
            f"/actors/{actor}",
            f"/outlets/{quote(outlet)}",
            "/timeline",
            "/timeline?type=ASSAULT",
            f"/timeline?outlet={quote(outlet)}",
            "/documents",
            f"/api/documents/{doc}",
            f"/api/stories/{story}",
            "/api/overview",
            f"/api/documents?outlet={quote(outlet)}&limit=50",
            f"/api/items/labels?outlet={quote(outlet)}&limit=50",
        ]
        rows = []
        for route in after:
            assert client.get(route).status_code == 200, route
            med, worst = timed(lambda r=route: client.get(r), args.repeat)
            old = route in before and not args.skip_old
            b = timed(before[route], max(1, args.repeat // 2)) if old else None
            rows.append(
                {
                    "route": route,
                    "after_p50_ms": round(med * 1000, 1),
                    "after_p95_ms": round(worst * 1000, 1),
                    "before_p50_ms": round(b[0] * 1000, 1) if b else None,
                }
            )
        report_html = "" if args.skip_old else build_report(export())
        print(
            json.dumps(
                {
                    "documents": n,
                    "client": "uvicorn on 127.0.0.1" if args.uvicorn else "TestClient",
                    "store_mb": round(db.stat().st_size / 1e6, 1),
                    "index_mb": round(index.stat().st_size / 1e6, 1) if index else None,
                    "index_build_s": round(index_s, 2) if index else None,
                    "report_mb": round(len(report_html) / 1e6, 1),
                    "routes": rows,
                },
                indent=1,
            )
        )


if __name__ == "__main__":
    main()
