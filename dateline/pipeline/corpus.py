"""Corpus-level derivation: actor identity, resolved statements and grouped events.

These span articles, so they are recomputed from the per-article tables after any change. They need
no model, so they are cheap beside extraction.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Mapping

import duckdb

from dateline.actors import ActorIndex, resolve_actors
from dateline.events import group_mentions
from dateline.records import EntityMention, EventMention, Statement
from dateline.store.writer import write_derived


def _mentions_by_article(conn: duckdb.DuckDBPyConnection) -> dict[str, list[EntityMention]]:
    rows = conn.execute(
        "SELECT article_id, text, char_start, char_end, label, type, key, role FROM mentions "
        "ORDER BY article_id, char_start"
    ).fetchall()
    out: dict[str, list[EntityMention]] = defaultdict(list)
    for art, text, start, end, label, typ, key, role in rows:
        out[art].append(EntityMention(text=text, char_start=start, char_end=end, label=label,
                                      type=typ, key=key, role=role))
    return out


def load_event_mentions(
    conn: duckdb.DuckDBPyConnection, index: ActorIndex
) -> tuple[list[EventMention], dict[str, str]]:
    """Event candidates with canonical actors, and a name for each article without an outlet."""
    by_id = {a.id: a for a in index.actors}
    articles = conn.execute("SELECT id, outlet, title, file FROM articles").fetchall()
    outlets = {art: outlet for art, outlet, _, _ in articles}
    # Articles without an outlet are still named in conflict notes, by title (or file).
    sources = {art: f"“{title or file}”" for art, outlet, title, file in articles if not outlet}
    mentions = []
    for row in conn.execute(
        """SELECT id, article_id, char_start, char_end, sentence, date_text, start, "end",
                  granularity, kind, predicate, actor_keys, date_basis, clause, agent_key
           FROM event_candidates ORDER BY article_id, char_start, id"""
    ).fetchall():
        (cid, art, start, end, sentence, date_text, d0, d1, gran, kind, predicate, keys, basis, clause,
         agent_key) = row
        actor_ids = tuple(dict.fromkeys(
            index.by_key[(art, k)] for k in keys if (art, k) in index.by_key
        ))
        agent = index.by_key.get((art, agent_key)) if agent_key else None
        if agent and clause and agent_key and clause.startswith(agent_key) and agent in by_id:
            clause = by_id[agent].name + clause[len(agent_key):]  # one spelling across outlets
        mentions.append(EventMention(
            article_id=art, char_start=start, char_end=end, sentence=sentence, date_text=date_text,
            start=d0, end=d1, granularity=gran, actors=actor_ids, kind=kind, predicate=predicate,
            outlet=outlets.get(art), candidate_id=cid, date_basis=basis or "explicit",
            clause=clause or "", agent=agent,
        ))
    return mentions, sources


def derive(
    conn: duckdb.DuckDBPyConnection,
    aliases: Mapping[str, str] | None = None,
    timings: dict[str, float] | None = None,
) -> dict[str, int]:
    """Recompute actors, statements and events from the per-article tables; returns counts.

    ``timings`` (when given) receives the seconds spent grouping event mentions.
    """
    index = resolve_actors(_mentions_by_article(conn).items(), aliases or {})
    by_id = {a.id: a for a in index.actors}

    statements = []
    for row in conn.execute(
        """SELECT id, article_id, speaker_key, speaker_text, text, direct, char_start, char_end,
                  said_start, said_end, said_basis, said_text, said_granularity,
                  sentence, sentence_start, sentence_end
           FROM statement_matches ORDER BY article_id, char_start"""
    ).fetchall():
        (sid, art, key, speaker_text, text, direct, start, end, s0, s1, basis, said_text, gran,
         sentence, sent_start, sent_end) = row
        actor = index.actor_for(art, key) if key else None
        statements.append(Statement(
            id=sid, article_id=art, speaker=actor.name if actor else None,
            speaker_id=actor.id if actor else None, speaker_text=speaker_text, text=text,
            direct=direct, char_start=start, char_end=end, said_start=s0, said_end=s1,
            said_basis=basis, sentence=sentence, sentence_start=sent_start, sentence_end=sent_end,
            said_text=said_text, said_granularity=gran,
        ))

    t_group = time.perf_counter()
    mentions, sources = load_event_mentions(conn, index)
    events = group_mentions(mentions, {a.id: a.name for a in index.actors}, sources)
    grouping_seconds = time.perf_counter() - t_group

    actor_keys = [(art, key, actor) for (art, key), actor in index.by_key.items() if actor in by_id]
    write_derived(conn, index.actors, actor_keys, statements, events)
    counts = {"actors": len(index.actors), "statements": len(statements), "events": len(events),
              "event_mentions": len(mentions)}
    if timings is not None:
        timings["grouping"] = grouping_seconds
    return counts
