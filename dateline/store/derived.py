"""Writing the corpus-level tables (actors, actor keys, statements, events and their mentions).

Apart from ``writer`` (per-article rows) because they depend only on derivation: a change here
re-derives from the stored rows and never re-extracts an article.

Two ways in, one write path: ``apply_derived_delta`` takes upserts and deletes per table, keyed by
``schema.KEYS`` (what an incremental derivation produces); ``replace_derived`` takes whole tables (what a
full derivation produces, ``write_derived``) and turns them into that delta by comparing with the stored
rows, so an update writes only the rows that changed either way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from dateline.records import Actor, Event, Statement
from dateline.store.schema import DERIVED_TABLES
from dateline.store.session import Key, Rows, WriteSession
from dateline.story import Salience, StoryScores


def apply_derived_delta(
    session: WriteSession,
    upserts: Mapping[str, Rows] | None = None,
    deletes: Mapping[str, Iterable[Key]] | None = None,
) -> dict[str, int]:
    """Upsert and delete derived rows by key; returns the keys superseded per table.

    ``upserts[table]``: rows (Arrow, or dicts by column name); each replaces every stored row with its key
    (``schema.KEYS[table]``; rows sharing a key are one group, e.g. an event's mentions of one sentence).
    ``deletes[table]``: keys (a value, or a tuple for a composite key) whose rows are removed.
    """
    upserts, deletes = upserts or {}, deletes or {}
    unknown = (set(upserts) | set(deletes)) - set(DERIVED_TABLES)
    if unknown:
        raise ValueError(f"not derived tables: {sorted(unknown)}")
    return {t: session.apply_delta(t, upserts.get(t), deletes.get(t, ()))
            for t in DERIVED_TABLES if t in upserts or t in deletes}


def replace_derived(session: WriteSession, tables: Mapping[str, Rows]) -> dict[str, int]:
    """Make ``tables`` the whole content of those derived tables, writing only what differs from the
    stored rows (the wholesale case of ``apply_derived_delta``); returns the keys written per table."""
    unknown = set(tables) - set(DERIVED_TABLES)
    if unknown:
        raise ValueError(f"not derived tables: {sorted(unknown)}")
    return {t: session.replace_table(t, rows) for t, rows in tables.items()}


def derived_rows(
    actors: Sequence[Actor],
    actor_keys: Iterable[tuple[str, str, str]],
    statements: Sequence[Statement],
    events: Sequence[Event],
    story: StoryScores | None = None,
) -> dict[str, list[dict]]:
    """The rows of every derived table for these records; ``story`` gives the items' salience and the
    key dates."""
    story = story or StoryScores()
    return {
        "actors": [
            {"id": a.id, "name": a.name, "type": a.type, "aliases": list(a.aliases),
             "mention_count": a.mention_count, "roles": list(a.roles)}
            for a in actors
        ],
        "actor_keys": [{"article_id": art, "key": key, "actor_id": actor} for art, key, actor in actor_keys],
        "statements": [
            {"id": s.id, "article_id": s.article_id, "speaker": s.speaker, "speaker_id": s.speaker_id,
             "speaker_text": s.speaker_text, "text": s.text, "direct": s.direct, "char_start": s.char_start,
             "char_end": s.char_end, "said_start": s.said_start, "said_end": s.said_end,
             "said_basis": s.said_basis, "said_text": s.said_text, "said_granularity": s.said_granularity,
             "sentence": s.sentence, "sentence_start": s.sentence_start, "sentence_end": s.sentence_end,
             **_scored(story.statements.get(s.id))}
            for s in statements
        ],
        "events": [
            {"id": e.id, "title": e.title, "kind": e.kind, "start": e.start, "end": e.end,
             "granularity": e.granularity, "actors": list(e.actors), "actor_ids": list(e.actor_ids),
             "outlets": list(e.outlets), "date_conflict": e.date_conflict,
             "conflict_note": e.conflict_note, "n_mentions": len(e.mentions),
             "date_text": "; ".join(dict.fromkeys(m.date_text for m in e.mentions if m.date_text)),
             **_scored(story.events.get(e.id))}
            for e in events
        ],
        "event_mentions": [
            {"event_id": e.id, "article_id": m.article_id,
             "char_start": m.char_start, "char_end": m.char_end, "sentence": m.sentence,
             "date_text": m.date_text, "start": m.start, "end": m.end, "granularity": m.granularity,
             "kind": m.kind, "predicate": m.predicate, "outlet": m.outlet,
             "actor_ids": list(m.actors), "date_basis": m.date_basis, "agent_id": m.agent,
             "centrality": e.centrality[i] if i < len(e.centrality) else None}
            for e in events for i, m in enumerate(e.mentions)
        ],
        "key_dates": [
            {"rank": rank, "date": k.date, "score": k.score, "event_ids": list(k.event_ids),
             "headline": k.headline}
            for rank, k in enumerate(story.key_dates, 1)
        ],
    }


def _scored(s: Salience | None) -> dict[str, object]:
    return {"importance": s.importance if s else None, "tier": s.tier if s else None}


def write_derived(
    session: WriteSession,
    actors: Sequence[Actor],
    actor_keys: Iterable[tuple[str, str, str]],
    statements: Sequence[Statement],
    events: Sequence[Event],
    story: StoryScores | None = None,
) -> None:
    """Replace the corpus-level tables with a full derivation's records (only changed rows are written);
    ``story`` gives the items' salience, the key dates and the publication period."""
    story = story or StoryScores()
    _write_period(session, story)
    replace_derived(session, derived_rows(actors, actor_keys, statements, events, story))


PERIOD_KEYS = ("period_start", "period_end", "background_before")


def _write_period(session: WriteSession, story: StoryScores) -> None:
    """The publication period salience used, in ``meta`` (ISO days; absent without dated articles)."""
    p = story.period
    days = (p.start, p.end, p.background_before) if p is not None else (None,) * len(PERIOD_KEYS)
    session.set_meta({key: day.isoformat() if day else None for key, day in zip(PERIOD_KEYS, days, strict=True)})
