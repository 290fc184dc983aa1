"""The DuckDB schema, created by the code (no migrations tool: the store is a cache of the corpus).

Two layers: per-article tables hold what extraction found in one article (replaced when the article
changes); corpus tables (actors, statements, events) are derived from them after every build that changed
something, because identity and grouping span articles.
"""

from __future__ import annotations

SCHEMA_VERSION = "4"  # 2: event date basis, clause and agent; 3: salience, centrality, key dates; 4: arrivals

PER_ARTICLE_TABLES = ("sentences", "timexes", "mentions", "statement_matches", "event_candidates")
DERIVED_TABLES = ("actors", "actor_keys", "statements", "event_mentions", "events", "key_dates")

# The key by which a later segment of the store supersedes a table's rows (dateline/store/layout.py): an
# update that writes or deletes a key hides every older row with that key, as a group (an article's
# sentences go with the article; a key need not be unique). Every table of DDL has one.
KEYS: dict[str, tuple[str, ...]] = {
    "meta": ("key",),
    "articles": ("id",),
    "rejections": ("file",),
    "arrivals": ("article_id",),
    **{table: ("article_id",) for table in PER_ARTICLE_TABLES},
    "actors": ("id",),
    "actor_keys": ("article_id", "key"),
    "statements": ("id",),
    "events": ("id",),
    "event_mentions": ("event_id", "article_id", "char_start"),
    "key_dates": ("rank",),
}

DDL = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);

CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY, file VARCHAR NOT NULL, title VARCHAR, outlet VARCHAR, author VARCHAR,
    url VARCHAR, published DATE, published_basis VARCHAR NOT NULL, text VARCHAR NOT NULL,
    content_hash VARCHAR NOT NULL, word_count INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS rejections (file VARCHAR, reason VARCHAR, fatal BOOLEAN);
-- when each article's current content entered the store (UTC): kept while the article is unchanged, so the
-- dashboard can mark what is new since a reader's last visit
CREATE TABLE IF NOT EXISTS arrivals (article_id VARCHAR, stored_at TIMESTAMP);

CREATE TABLE IF NOT EXISTS sentences (
    article_id VARCHAR, idx INTEGER, char_start INTEGER, char_end INTEGER, text VARCHAR
);
CREATE TABLE IF NOT EXISTS timexes (
    id VARCHAR, article_id VARCHAR, text VARCHAR, char_start INTEGER, char_end INTEGER,
    start DATE, "end" DATE, granularity VARCHAR, basis VARCHAR, note VARCHAR
);
CREATE TABLE IF NOT EXISTS mentions (
    article_id VARCHAR, char_start INTEGER, char_end INTEGER, text VARCHAR, label VARCHAR,
    type VARCHAR, key VARCHAR, role VARCHAR
);
CREATE TABLE IF NOT EXISTS statement_matches (
    id VARCHAR, article_id VARCHAR, text VARCHAR, char_start INTEGER, char_end INTEGER, direct BOOLEAN,
    speaker_text VARCHAR, speaker_start INTEGER, speaker_end INTEGER, cue VARCHAR,
    speaker_key VARCHAR, speaker_type VARCHAR,
    said_text VARCHAR, said_start DATE, said_end DATE, said_granularity VARCHAR, said_basis VARCHAR,
    sentence VARCHAR, sentence_start INTEGER, sentence_end INTEGER
);
CREATE TABLE IF NOT EXISTS event_candidates (
    id VARCHAR, article_id VARCHAR, char_start INTEGER, char_end INTEGER, sentence VARCHAR,
    date_text VARCHAR, start DATE, "end" DATE, granularity VARCHAR, kind VARCHAR, predicate VARCHAR,
    actor_keys VARCHAR[], date_basis VARCHAR, clause VARCHAR, agent_key VARCHAR
);

CREATE TABLE IF NOT EXISTS actors (
    id VARCHAR PRIMARY KEY, name VARCHAR, type VARCHAR, aliases VARCHAR[], mention_count INTEGER,
    roles VARCHAR[]
);
CREATE TABLE IF NOT EXISTS actor_keys (article_id VARCHAR, key VARCHAR, actor_id VARCHAR);
CREATE TABLE IF NOT EXISTS statements (
    id VARCHAR PRIMARY KEY, article_id VARCHAR, speaker VARCHAR, speaker_id VARCHAR,
    speaker_text VARCHAR, text VARCHAR, direct BOOLEAN, char_start INTEGER, char_end INTEGER,
    said_start DATE, said_end DATE, said_basis VARCHAR, said_text VARCHAR, said_granularity VARCHAR,
    sentence VARCHAR, sentence_start INTEGER, sentence_end INTEGER,
    importance DOUBLE, tier VARCHAR
);
CREATE TABLE IF NOT EXISTS events (
    id VARCHAR PRIMARY KEY, title VARCHAR, kind VARCHAR, start DATE, "end" DATE, granularity VARCHAR,
    actors VARCHAR[], actor_ids VARCHAR[], outlets VARCHAR[], date_conflict BOOLEAN,
    conflict_note VARCHAR, n_mentions INTEGER, date_text VARCHAR,
    importance DOUBLE, tier VARCHAR  -- salience (dateline/story); tier: story | background | undated
);
CREATE TABLE IF NOT EXISTS event_mentions (
    event_id VARCHAR, article_id VARCHAR, char_start INTEGER, char_end INTEGER,
    sentence VARCHAR, date_text VARCHAR, start DATE, "end" DATE, granularity VARCHAR, kind VARCHAR,
    predicate VARCHAR, outlet VARCHAR, actor_ids VARCHAR[], date_basis VARCHAR, agent_id VARCHAR,
    centrality DOUBLE  -- how well it stands for its event (events/grouping.py): evidence lists it first
);
-- The corpus' key dates, best first (rank 1); event_ids best first (dateline/story/keydates.py).
CREATE TABLE IF NOT EXISTS key_dates (
    rank INTEGER, date DATE, score DOUBLE, event_ids VARCHAR[], headline VARCHAR
);
"""
