"""A small hand-made store for the web tests, with hostile values in every field.

Invented text only. Each payload would show a dialog or navigate if it ever ran or became a
link; the tests check that none does.
"""

from __future__ import annotations

from pathlib import Path

from rashomon.document import Document, make_item
from rashomon.store import open_store
from rashomon.store.base import Actor

PAYLOADS = [
    "<script>alert('s')</script>",
    "<img src=x onerror=alert('i')>",
    "\"><svg onload=alert('v')>",
    "javascript:alert('j')",
]
HOSTILE_URLS = ["javascript:alert('u')", "  JaVaScRiPt:alert('u')", "data:text/html,<b>x</b>"]


def _text(n: int) -> str:
    payload = PAYLOADS[n % len(PAYLOADS)]
    return (
        f"Officials said {payload} that 12 people were hurt at the old bridge. "
        f"A spokesman for the river authority told reporters the count was {10 + n * 5}. "
        "The council blamed the storm."
    )


def build_store(db: Path, n_docs: int = 3) -> dict[str, str]:
    """Write ``n_docs`` invented articles with items, an actor, a story and a contradiction."""
    ids: dict[str, str] = {}
    with open_store(str(db)) as store:
        for n in range(n_docs):
            doc_id = f"doc{n}"
            text = _text(n)
            doc = Document(
                id=doc_id,
                text=text,
                title=f"Bridge {PAYLOADS[n % len(PAYLOADS)]}",
                outlet=f"Outlet {'<b>' if n == 0 else ''}{n}",
                date=f"2024-05-0{n + 1}",
                url=HOSTILE_URLS[n % len(HOSTILE_URLS)] if n < 3 else f"https://news.example/{n}",
                author="<i>someone</i>",
                source=f"/home/me/private/{doc_id}.txt",
            )
            mention = make_item("mentions", text, text.index("Officials"), 9, label="ORG")
            mention.id, mention.doc = f"m-{n}", doc_id
            q_start = text.index("the count")
            quote = make_item(
                "quotes",
                text,
                q_start,
                len(text.split(". The council")[0]),
                kind="indirect",
                speaker_mention=f"m-{n}",
                speaker_text="Officials",
            )
            quote.id, quote.doc = f"q-{n}", doc_id
            c_start = text.index(str(10 + n * 5))
            claim = make_item(
                "claims",
                text,
                c_start,
                c_start + len(str(10 + n * 5)),
                low=10 + n * 5,
                voice="outlet",
            )
            claim.id, claim.doc = f"c-{n}", doc_id
            store.save_document(doc, [mention, quote, claim], {})
            ids[f"doc{n}"] = doc_id
        actor = Actor("a-1", "River <Authority>", "organisation", ["<script>alert('a')</script>"])
        store.replace_actors([actor], {f"m-{n}": "a-1" for n in range(n_docs)})
        story = make_item("stories", _text(0), 0, 9, title="Bridge <script>alert('t')</script>")
        story.fields |= {
            "docs": [f"doc{n}" for n in range(n_docs)],
            "events": [],
            "date": "2024-05-01",
        }
        story.id, story.doc = "st-1", "doc0"
        spans = [
            {
                "doc": "doc0",
                "id": "c-0",
                "start": 0,
                "end": 2,
                "outlet": "Outlet <b>0",
                "text": "10",
            },
            {"doc": "doc1", "id": "c-1", "start": 0, "end": 2, "outlet": "Outlet 1", "text": "15"},
        ]
        for n, span in enumerate(spans):
            doc_text = _text(n)
            span["start"] = doc_text.index(span["text"], doc_text.index("count"))
            span["end"] = span["start"] + len(span["text"])
        contra = make_item("contradictions", _text(0), spans[0]["start"], spans[0]["end"])
        contra.fields |= {
            "kind": "numbers",
            "story": "st-1",
            "items": spans,
            "explanation": "Outlet 0 says 10 <script>alert('e')</script>; Outlet 1 says 15",
        }
        contra.id, contra.doc = "x-1", "doc0"
        store.replace_linked("stories", [story])
        store.replace_linked("contradictions", [contra])
    return ids


def test_hostile_store_is_exact(tmp_path: Path) -> None:
    """The fixture store keeps the export contract: every span matches its document text."""
    from rashomon.export import build_export

    build_store(tmp_path / "x.db")
    with open_store(str(tmp_path / "x.db")) as store:
        export = build_export(store)
    texts = {d["id"]: d["text"] for d in export["documents"]}
    for kind in ("mentions", "quotes", "claims"):
        assert export[kind]
        for item in export[kind]:
            assert texts[item["doc"]][item["start"] : item["end"]] == item["text"]
    for span in export["contradictions"][0]["items"]:
        assert texts[span["doc"]][span["start"] : span["end"]] == span["text"]


# Three invented outlets give three tolls for one invented event; a fourth article has no outlet.
TOLLS = {"Harbour Times": 12, "Daily Lantern": 20, "Morning Wire": 31}


def _toll_text(toll: int) -> str:
    return f"A ferry sank near the pier on Monday. Officials said {toll} people were killed."


def build_toll_store(db: Path, unknown_outlet: bool = False) -> dict[str, tuple[str | None, int]]:
    """A store with one story and one disputed fact ("killed people") told three (or four) ways:
    one contradiction item per article pair, all sharing the fact's ``values``."""
    docs: dict[str, tuple[str | None, int]] = {
        f"t{n}": (outlet, toll) for n, (outlet, toll) in enumerate(TOLLS.items())
    }
    if unknown_outlet:
        docs["t-anon"] = (None, 44)
    cells = []
    with open_store(str(db)) as store:
        for doc_id, (outlet, toll) in docs.items():
            text = _toll_text(toll)
            doc = Document(id=doc_id, text=text, title=f"Ferry report {doc_id}", outlet=outlet)
            start = text.index(str(toll))
            claim = make_item("claims", text, start, start + len(str(toll)), low=toll)
            claim.fields |= {"voice": "outlet", "speaker_text": "Officials"}
            claim.id, claim.doc = f"c-{doc_id}", doc_id
            store.save_document(doc, [claim], {})
            cell = {"id": claim.id, "doc": doc_id, "start": start, "end": claim.end}
            cells.append(
                cell | {"text": claim.text, "outlet": outlet or doc_id, "value": str(toll)}
            )
        story = make_item("stories", _toll_text(12), 2, 7, title="Ferry sinks")
        story.fields |= {"docs": list(docs), "events": [], "date": "2024-05-06"}
        story.id, story.doc = "st-ferry", "t0"
        items = []
        for i, left in enumerate(cells):
            for right in cells[i + 1 :]:
                pair = make_item("contradictions", _toll_text(12), 0, 1)
                pair.fields |= {
                    "kind": "numbers",
                    "story": "st-ferry",
                    "items": [left, right],
                    "explanation": f"{left['outlet']} says {left['value']}; {right['outlet']} says {right['value']}",
                    "fact": "fa-ferry-killed",
                    "fact_label": "killed people",
                    "disputed": True,
                    "values": cells,
                }
                pair.id, pair.doc = f"x-{left['doc']}-{right['doc']}", left["doc"]
                pair.start, pair.end, pair.text = left["start"], left["end"], left["text"]
                items.append(pair)
        store.replace_linked("stories", [story])
        store.replace_linked("contradictions", items)
    return docs
