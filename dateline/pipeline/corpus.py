"""Corpus-level derivation: actor identity, resolved statements and grouped events.

These span articles, so they are recomputed from the per-article tables after any change. They need
no model, so they are cheap beside extraction.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping

from dateline.actors import ActorIndex, resolve_actors
from dateline.events import group_mentions
from dateline.records import EventMention
from dateline.store import Connection, extracted
from dateline.store.derived import write_derived
from dateline.story import score_story
from dateline.story.salience import weights


def load_event_mentions(conn: Connection, index: ActorIndex) -> tuple[list[EventMention], dict[str, str]]:
    """Event candidates with canonical actors, and a name for each article without an outlet."""
    by_id = {a.id: a for a in index.actors}
    articles = extracted.article_sources(conn)
    outlets = {art: outlet for art, outlet, _, _ in articles}
    # Articles without an outlet are still named in conflict notes, by title (or file).
    sources = {art: f"“{title or file}”" for art, outlet, title, file in articles if not outlet}
    mentions = []
    for c in extracted.event_candidates(conn):
        art, clause, agent_key = c.article_id, c.clause, c.agent_key
        actor_ids = tuple(dict.fromkeys(
            index.by_key[(art, k)] for k in c.actor_keys if (art, k) in index.by_key
        ))
        agent = index.by_key.get((art, agent_key)) if agent_key else None
        if agent and clause and agent_key and clause.startswith(agent_key) and agent in by_id:
            clause = by_id[agent].name + clause[len(agent_key):]  # one spelling across outlets
        mentions.append(EventMention(
            article_id=art, char_start=c.char_start, char_end=c.char_end, sentence=c.sentence,
            date_text=c.date_text, start=c.start, end=c.end, granularity=c.granularity, actors=actor_ids,
            kind=c.kind, predicate=c.predicate, outlet=outlets.get(art), candidate_id=c.id,
            date_basis=c.date_basis, clause=clause, agent=agent,
        ))
    return mentions, sources


def derive(
    conn: Connection,
    aliases: Mapping[str, str] | None = None,
    timings: dict[str, float] | None = None,
) -> dict[str, int]:
    """Recompute actors, statements and events from the per-article tables; returns counts.

    ``timings`` (when given) receives the seconds spent grouping event mentions ("grouping") and
    scoring salience and key dates ("salience", its store reads included; "salience_cpu": its CPU time).
    """
    index = resolve_actors(extracted.mentions_by_article(conn).items(), aliases or {})
    by_id = {a.id: a for a in index.actors}

    statements = []
    for key, statement in extracted.statement_matches(conn):
        actor = index.actor_for(statement.article_id, key) if key else None
        if actor:
            statement = dataclasses.replace(statement, speaker=actor.name, speaker_id=actor.id)
        statements.append(statement)

    t_group = time.perf_counter()
    mentions, sources = load_event_mentions(conn, index)
    events = group_mentions(mentions, {a.id: a.name for a in index.actors}, sources)
    grouping_seconds = time.perf_counter() - t_group

    t_story, c_story = time.perf_counter(), time.process_time()
    story = score_story(
        events, statements,
        outlets={art: outlet for art, outlet, _, _ in extracted.article_sources(conn)},
        published=extracted.publication_dates(conn),
        references=extracted.day_references(conn),
        lead_limits=extracted.lead_limits(conn, int(weights()["lead_sentences"])),
        actor_counts={a.id: a.mention_count for a in index.actors},
    )
    story_seconds, story_cpu = time.perf_counter() - t_story, time.process_time() - c_story

    actor_keys = [(art, key, actor) for (art, key), actor in index.by_key.items() if actor in by_id]
    write_derived(conn, index.actors, actor_keys, statements, events, story)
    counts = {"actors": len(index.actors), "statements": len(statements), "events": len(events),
              "event_mentions": len(mentions), "key_dates": len(story.key_dates)}
    if timings is not None:
        timings["grouping"] = grouping_seconds
        timings["salience"] = story_seconds
        timings["salience_cpu"] = story_cpu
    return counts
