"""The story engine's one entry point for derivation: every event and statement scored, and the key dates.

Pure: records and corpus counts in, scores out (the store reads the inputs and writes the outputs).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from dateline.records import Event, Statement
from dateline.story.keydates import KeyDate, rank_key_dates
from dateline.story.salience import (
    LeadIndex,
    Period,
    Salience,
    date_references,
    event_evidence,
    publication_period,
    salience,
    sentence_events,
    statement_evidence,
    weights,
)


@dataclass
class StoryScores:
    events: dict[str, Salience] = field(default_factory=dict)
    statements: dict[str, Salience] = field(default_factory=dict)
    key_dates: list[KeyDate] = field(default_factory=list)
    period: Period | None = None


def score_story(
    events: Sequence[Event],
    statements: Sequence[Statement],
    *,
    outlets: Mapping[str, str | None],
    published: Iterable[date | None],
    references: Iterable[tuple[date, int | None, int]],
    lead_limits: Mapping[str, tuple[int, int]],
    actor_counts: Mapping[str, int],
    w: Mapping[str, float] | None = None,
) -> StoryScores:
    """Importance and tier of every event and statement, and the ranked key dates.

    ``outlets``: article id → outlet; ``published``: every article's publication date; ``references``:
    (day, gap in days, count) of the corpus' day-precise date expressions (``date_references``);
    ``lead_limits``: article id → (end of its first sentence, end of its lead); ``actor_counts``: actor
    id → mention count.
    """
    w = w or weights()
    period = publication_period(published, w)
    refs = date_references(references, w)
    lead = LeadIndex(lead_limits)
    scores = StoryScores(period=period)
    sources = {}
    for e in events:
        ev = event_evidence(e, lead, actor_counts)
        sources[e.id] = ev.sources
        scores.events[e.id] = salience(ev, refs, period, w)
    by_sentence = sentence_events(events)
    for s in statements:
        reported = by_sentence.get((s.article_id, s.sentence_start))
        ev = statement_evidence(s, outlets.get(s.article_id), lead, actor_counts, reported)
        scores.statements[s.id] = salience(ev, refs, period, w)
    scores.key_dates = rank_key_dates(events, scores.events, refs, sources, w)
    return scores
