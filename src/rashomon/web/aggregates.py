"""Precomputed summaries in the web index: what the overview and the outlet profile would
otherwise count over the whole store on every request.

Built with the rest of the index (``rashomon.web.index.build``) into the same file, so they are
exactly as fresh as the search tables; the pages fall back to counting in the store when the
index is missing or stale. Each table answers one question of ``corpus.overview`` or
``profiles.outlet`` and the tests hold the two ways to the same answer.
"""

from __future__ import annotations

import sqlite3

SCHEMA = """
CREATE TABLE outlet_stats (outlet TEXT, documents INTEGER NOT NULL, words INTEGER NOT NULL,
    quotes INTEGER NOT NULL);
CREATE INDEX outlet_stats_outlet ON outlet_stats (outlet);
CREATE TABLE day_counts (day TEXT PRIMARY KEY, documents INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE kind_counts (kind TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE stories (rid INTEGER PRIMARY KEY, id TEXT NOT NULL, title TEXT, date TEXT,
    docs INTEGER);
CREATE INDEX stories_by_size ON stories (docs DESC, id);
CREATE TABLE disputed (story TEXT, kind TEXT, label TEXT, n INTEGER NOT NULL, example TEXT);
CREATE INDEX disputed_rank ON disputed (n DESC, story, label);
CREATE TABLE story_facts (story TEXT NOT NULL, rid INTEGER NOT NULL,
    PRIMARY KEY (story, rid)) WITHOUT ROWID;
CREATE TABLE outlet_labels (outlet TEXT NOT NULL, actor TEXT, target TEXT, label TEXT,
    uses INTEGER NOT NULL, quoted INTEGER NOT NULL, first INTEGER NOT NULL);
CREATE INDEX outlet_labels_outlet ON outlet_labels (outlet);
CREATE TABLE outlet_speakers (outlet TEXT NOT NULL, actor TEXT, said_by TEXT,
    n INTEGER NOT NULL, rid INTEGER NOT NULL);
CREATE INDEX outlet_speakers_outlet ON outlet_speakers (outlet);
CREATE TABLE outlet_techniques (outlet TEXT NOT NULL, technique TEXT, spans INTEGER NOT NULL);
CREATE INDEX outlet_techniques_outlet ON outlet_techniques (outlet);
CREATE TABLE outlet_stances (outlet TEXT, score, actor TEXT, rid INTEGER NOT NULL);
CREATE INDEX outlet_stances_rank ON outlet_stances (outlet, score, actor, rid);
"""

# kind_counts' row of generic events (no item kind has a colon).
GENERIC_EVENTS = "events:generic"
# How many of each speaker's first quotes the speaker table keeps (the profile shows fewer).
SPEAKER_QUOTES = 5

# An outlet's items of one kind, with the actor behind a role (NULL unless a known actor).
_ROLE_ROWS = """SELECT m.outlet AS outlet, i.rowid AS rid, i.data AS data, ac.id AS actor
    FROM s.items i JOIN doc_meta m ON m.doc = i.doc
    LEFT JOIN s.actor_links a ON a.mention = json_extract(i.data, '$.{role}_mention')
    LEFT JOIN s.actors ac ON ac.id = a.actor
    WHERE i.kind = '{kind}' AND m.outlet IS NOT NULL"""

_STATEMENTS = (
    # outlet_stats: documents and words from doc_meta, quotes counted per outlet.
    """INSERT INTO outlet_stats SELECT m.outlet, COUNT(*), total(m.words),
        (SELECT COUNT(*) FROM s.items i JOIN doc_meta d ON d.doc = i.doc
         WHERE i.kind = 'quotes' AND d.outlet IS m.outlet)
       FROM doc_meta m GROUP BY m.outlet""",
    """INSERT INTO day_counts SELECT substr(date, 1, 10), COUNT(*) FROM s.documents
       WHERE date IS NOT NULL GROUP BY substr(date, 1, 10)""",
    """INSERT INTO kind_counts SELECT kind, SUM(n) FROM (
        SELECT kind, COUNT(*) AS n FROM s.items GROUP BY kind UNION ALL
        SELECT kind, COUNT(*) AS n FROM s.linked_items GROUP BY kind) GROUP BY kind""",
    # The overview's generic events (learned OCCURRENCE/REPORT, `linked: false`), apart.
    f"""INSERT INTO kind_counts SELECT '{GENERIC_EVENTS}', COUNT(*) FROM s.items
       WHERE kind = 'events' AND json_extract(data, '$.linked') IS 0""",
    """INSERT INTO stories SELECT rowid, id, json_extract(data, '$.title'),
        json_extract(data, '$.date'), json_array_length(data, '$.docs')
       FROM s.linked_items WHERE kind = 'stories'""",
    """INSERT INTO disputed SELECT json_extract(c.data, '$.story') AS story,
        json_extract(c.data, '$.kind') AS kind, MAX(json_extract(c.data, '$.fact_label')),
        COUNT(*), MIN(c.id) FROM s.linked_items c WHERE c.kind = 'contradictions'
       GROUP BY story, kind, COALESCE(json_extract(c.data, '$.fact'), '')""",
    """INSERT OR IGNORE INTO story_facts SELECT json_extract(data, '$.story'), rowid
       FROM s.linked_items WHERE kind IN ('contradictions', 'agreements')
        AND json_extract(data, '$.story') IS NOT NULL""",
    # Labels: one row per (outlet, actor or unnamed target, label) with the first use.
    f"""INSERT INTO outlet_labels SELECT outlet, actor,
        CASE WHEN actor IS NULL THEN COALESCE(NULLIF(json_extract(data, '$.target_text'), ''),
            '?') END AS target, json_extract(data, '$.label') AS label, COUNT(*),
        MIN(CASE WHEN json_extract(data, '$.quoted') THEN 1 ELSE 0 END), MIN(rid)
       FROM ({_ROLE_ROWS.format(role="actor", kind="labels")})
       GROUP BY outlet, actor, target, label""",
    # Speakers: each group's first quotes, and the group's size on every row.
    f"""INSERT INTO outlet_speakers SELECT outlet, actor, said_by, n, rid FROM (
        SELECT outlet, actor, said_by, rid,
            ROW_NUMBER() OVER (PARTITION BY outlet, actor, said_by ORDER BY rid) AS k,
            COUNT(*) OVER (PARTITION BY outlet, actor, said_by) AS n FROM (
            SELECT outlet, actor, rid, CASE WHEN actor IS NULL THEN COALESCE(NULLIF(
                json_extract(data, '$.speaker_text'), ''), '(unattributed)') END AS said_by
            FROM ({_ROLE_ROWS.format(role="speaker", kind="quotes")})))
       WHERE k <= {SPEAKER_QUOTES}""",
    """INSERT INTO outlet_techniques SELECT m.outlet, json_extract(i.data, '$.technique') AS t,
        COUNT(*) FROM s.items i JOIN doc_meta m ON m.doc = i.doc
       WHERE i.kind = 'techniques' AND m.outlet IS NOT NULL GROUP BY m.outlet, t""",
    """INSERT INTO outlet_stances SELECT json_extract(data, '$.outlet'),
        json_extract(data, '$.score'), json_extract(data, '$.actor'), rowid
       FROM s.linked_items WHERE kind = 'stances'""",
)


def build(conn: sqlite3.Connection) -> None:
    """Fill the summary tables (the store attached as ``s``, ``doc_meta`` already filled)."""
    for sql in _STATEMENTS:
        conn.execute(sql)
