"""The stored per-article extraction read back as records, for the corpus-level derivation.

Derivation (actor identity, statements, event grouping) runs on these rows after every build that
changed something, without the model; it reads them here so that no SQL lives outside the store.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import duckdb

from dateline.records import EntityMention, EventCandidate, Statement


def mentions_by_article(conn: duckdb.DuckDBPyConnection) -> dict[str, list[EntityMention]]:
    """Every entity mention, per article in text order."""
    rows = conn.execute(
        "SELECT article_id, text, char_start, char_end, label, type, key, role FROM mentions "
        "ORDER BY article_id, char_start"
    ).fetchall()
    out: dict[str, list[EntityMention]] = defaultdict(list)
    for art, text, start, end, label, typ, key, role in rows:
        out[art].append(EntityMention(text=text, char_start=start, char_end=end, label=label,
                                      type=typ, key=key, role=role))
    return out


def article_sources(conn: duckdb.DuckDBPyConnection) -> list[tuple[str, str | None, str | None, str]]:
    """(id, outlet, title, file) of every article: who reported each event mention."""
    return conn.execute("SELECT id, outlet, title, file FROM articles").fetchall()


def event_candidates(conn: duckdb.DuckDBPyConnection) -> list[EventCandidate]:
    """Every event candidate in article and text order, actors still as in-article keys."""
    out = []
    for row in conn.execute(
        """SELECT id, article_id, char_start, char_end, sentence, date_text, start, "end",
                  granularity, kind, predicate, actor_keys, date_basis, clause, agent_key
           FROM event_candidates ORDER BY article_id, char_start, id"""
    ).fetchall():
        (cid, art, start, end, sentence, date_text, d0, d1, gran, kind, predicate, keys, basis, clause,
         agent_key) = row
        out.append(EventCandidate(
            id=cid, article_id=art, char_start=start, char_end=end, sentence=sentence,
            date_text=date_text, start=d0, end=d1, granularity=gran, kind=kind, predicate=predicate,
            actor_keys=tuple(keys), date_basis=basis or "explicit", clause=clause or "",
            agent_key=agent_key,
        ))
    return out


def statement_matches(conn: duckdb.DuckDBPyConnection) -> list[tuple[str | None, Statement]]:
    """Every attributed statement in article and text order, with its in-article speaker key: the
    statement's ``speaker`` and ``speaker_id`` are left empty for actor resolution to fill in."""
    out = []
    for row in conn.execute(
        """SELECT id, article_id, speaker_key, speaker_text, text, direct, char_start, char_end,
                  said_start, said_end, said_basis, said_text, said_granularity,
                  sentence, sentence_start, sentence_end
           FROM statement_matches ORDER BY article_id, char_start"""
    ).fetchall():
        (sid, art, key, speaker_text, text, direct, start, end, s0, s1, basis, said_text, gran,
         sentence, sent_start, sent_end) = row
        out.append((key, Statement(
            id=sid, article_id=art, speaker=None, speaker_id=None, speaker_text=speaker_text, text=text,
            direct=direct, char_start=start, char_end=end, said_start=s0, said_end=s1,
            said_basis=basis, sentence=sentence, sentence_start=sent_start, sentence_end=sent_end,
            said_text=said_text, said_granularity=gran,
        )))
    return out


def publication_dates(conn: duckdb.DuckDBPyConnection) -> list[date | None]:
    """Every article's publication date (None when unknown): the corpus' publication period."""
    return [r[0] for r in conn.execute("SELECT published FROM articles").fetchall()]


def day_references(conn: duckdb.DuckDBPyConnection) -> list[tuple[date, int | None, int]]:
    """(day, gap, count): how many day-precise date expressions name ``day`` in articles published
    ``gap`` days after it (None: publication unknown) — the date-reference counts of salience."""
    return conn.execute(
        """SELECT t.start, datediff('day', t.start, a.published) AS gap, count(*)::INTEGER
           FROM timexes t JOIN articles a ON a.id = t.article_id
           WHERE t.granularity = 'day' AND t.start = t."end"
           GROUP BY ALL ORDER BY ALL"""
    ).fetchall()


def lead_limits(conn: duckdb.DuckDBPyConnection, lead_sentences: int) -> dict[str, tuple[int, int]]:
    """Article id → (end of its first sentence, end of its ``lead_sentences``-th): headline and lead."""
    rows = conn.execute(
        """SELECT article_id, max(char_end) FILTER (WHERE idx = 0),
                  max(char_end) FILTER (WHERE idx < ?)
           FROM sentences GROUP BY article_id""",
        [int(lead_sentences)],
    ).fetchall()
    return {art: (head or -1, lead or -1) for art, head, lead in rows}


def mention_actors(conn: duckdb.DuckDBPyConnection) -> list[tuple[str, str | None]]:
    """(in-article key, actor id or None) of every entity mention: how the build resolved each mention."""
    return conn.execute(
        """SELECT m.key, k.actor_id FROM mentions m
           LEFT JOIN actor_keys k ON k.article_id = m.article_id AND k.key = m.key
           ORDER BY m.article_id, m.char_start"""
    ).fetchall()
