"""Writing the corpus-level tables (actors, statements, events), recomputed as a whole by each build.

Apart from ``writer`` (per-article rows) because they depend only on derivation: a change here
re-derives from the stored rows and never re-extracts an article.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import duckdb

from dateline.records import Actor, Event, Statement
from dateline.store.schema import DERIVED_TABLES
from dateline.store.writer import insert_rows
from dateline.story import Salience, StoryScores


def write_derived(
    conn: duckdb.DuckDBPyConnection,
    actors: Sequence[Actor],
    actor_keys: Iterable[tuple[str, str, str]],
    statements: Sequence[Statement],
    events: Sequence[Event],
    story: StoryScores | None = None,
) -> None:
    """Replace the corpus-level tables (they are recomputed as a whole); ``story`` gives the items'
    salience and the key dates."""
    story = story or StoryScores()
    for table in DERIVED_TABLES:
        conn.execute(f"DELETE FROM {table}")
    _write_period(conn, story)
    insert_rows(conn, "actors", [
        {"id": a.id, "name": a.name, "type": a.type, "aliases": list(a.aliases),
         "mention_count": a.mention_count, "roles": list(a.roles)}
        for a in actors
    ])
    insert_rows(conn, "actor_keys", [
        {"article_id": art, "key": key, "actor_id": actor} for art, key, actor in actor_keys
    ])
    insert_rows(conn, "statements", [
        {"id": s.id, "article_id": s.article_id, "speaker": s.speaker, "speaker_id": s.speaker_id,
         "speaker_text": s.speaker_text, "text": s.text, "direct": s.direct, "char_start": s.char_start,
         "char_end": s.char_end, "said_start": s.said_start, "said_end": s.said_end,
         "said_basis": s.said_basis, "said_text": s.said_text, "said_granularity": s.said_granularity,
         "sentence": s.sentence, "sentence_start": s.sentence_start, "sentence_end": s.sentence_end,
         **_scored(story.statements.get(s.id))}
        for s in statements
    ])
    insert_rows(conn, "events", [
        {"id": e.id, "title": e.title, "kind": e.kind, "start": e.start, "end": e.end,
         "granularity": e.granularity, "actors": list(e.actors), "actor_ids": list(e.actor_ids),
         "outlets": list(e.outlets), "date_conflict": e.date_conflict,
         "conflict_note": e.conflict_note, "n_mentions": len(e.mentions),
         "date_text": "; ".join(dict.fromkeys(m.date_text for m in e.mentions if m.date_text)),
         **_scored(story.events.get(e.id))}
        for e in events
    ])
    insert_rows(conn, "event_mentions", [
        {"event_id": e.id, "article_id": m.article_id,
         "char_start": m.char_start, "char_end": m.char_end, "sentence": m.sentence,
         "date_text": m.date_text, "start": m.start, "end": m.end, "granularity": m.granularity,
         "kind": m.kind, "predicate": m.predicate, "outlet": m.outlet,
         "actor_ids": list(m.actors), "date_basis": m.date_basis, "agent_id": m.agent,
         "centrality": e.centrality[i] if i < len(e.centrality) else None}
        for e in events for i, m in enumerate(e.mentions)
    ])
    insert_rows(conn, "key_dates", [
        {"rank": rank, "date": k.date, "score": k.score, "event_ids": list(k.event_ids),
         "headline": k.headline}
        for rank, k in enumerate(story.key_dates, 1)
    ])


def _scored(s: Salience | None) -> dict[str, object]:
    return {"importance": s.importance if s else None, "tier": s.tier if s else None}


PERIOD_KEYS = ("period_start", "period_end", "background_before")


def _write_period(conn: duckdb.DuckDBPyConnection, story: StoryScores) -> None:
    """The publication period salience used, in ``meta`` (ISO days; absent without dated articles)."""
    conn.execute("DELETE FROM meta WHERE key IN (SELECT unnest(?::VARCHAR[]))", [list(PERIOD_KEYS)])
    p = story.period
    if p is not None:
        for key, day in zip(PERIOD_KEYS, (p.start, p.end, p.background_before), strict=True):
            conn.execute("INSERT INTO meta VALUES (?, ?)", [key, day.isoformat()])
