"""Schema migrations: ``MIGRATIONS[i]`` takes a store from version i to i + 1."""

from __future__ import annotations

SCHEMA_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    text TEXT NOT NULL,
    title TEXT, outlet TEXT, date TEXT, url TEXT, author TEXT, language TEXT, source TEXT,
    meta TEXT NOT NULL DEFAULT '{}',
    analysers TEXT NOT NULL DEFAULT '{}',
    signature BLOB,
    analysed_at TEXT NOT NULL
);
CREATE INDEX documents_sha256 ON documents (sha256);
CREATE TABLE items (
    id TEXT PRIMARY KEY,
    doc TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    data TEXT NOT NULL DEFAULT '{}',
    seq INTEGER NOT NULL
);
CREATE INDEX items_doc_kind ON items (doc, kind);
CREATE INDEX items_kind ON items (kind);
CREATE TABLE duplicates (
    doc TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    other TEXT NOT NULL,
    kind TEXT NOT NULL,
    similarity REAL NOT NULL,
    PRIMARY KEY (doc, other)
);
CREATE TABLE actors (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    aliases TEXT NOT NULL DEFAULT '[]',
    data TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE actor_links (
    mention TEXT PRIMARY KEY,
    actor TEXT NOT NULL REFERENCES actors (id) ON DELETE CASCADE
);
CREATE TABLE linked_items (
    id TEXT PRIMARY KEY,
    linker TEXT NOT NULL,
    kind TEXT NOT NULL,
    doc TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    data TEXT NOT NULL DEFAULT '{}',
    seq INTEGER NOT NULL
);
CREATE INDEX linked_items_linker ON linked_items (linker);
CREATE INDEX linked_items_kind ON linked_items (kind);
"""

MIGRATIONS: list[str] = [SCHEMA_V1]
SCHEMA_VERSION = len(MIGRATIONS)
