"""The story engine's one entry point for derivation: every event and statement scored, and the key dates.

Pure: records and corpus counts in, scores out (the store reads the inputs and writes the outputs).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from dateline.daymath import shift
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
    evidence = {}
    for e in events:
        evidence[e.id] = ev = event_evidence(e, lead, actor_counts)
        scores.events[e.id] = salience(ev, refs, period, w)
    by_sentence = sentence_events(events, {(s.article_id, s.sentence_start) for s in statements})
    fits: dict[str, dict[tuple[str, int], float]] = {}
    for s in statements:
        # the best-reported event of the same sentence and time (the sentence may also date another
        # happening: "Historians recall that in 1962 …")
        reported = max((e for e in by_sentence.get((s.article_id, s.sentence_start), ()) if _same_time(s, e)),
                       key=lambda e: (evidence[e.id].sources, e.id), default=None)
        ev = statement_evidence(s, outlets.get(s.article_id), lead, actor_counts,
                                evidence[reported.id] if reported is not None else None)
        sal = salience(ev, refs, period, w)
        if reported is not None:
            share = _share(reported, (s.article_id, s.sentence_start), fits)
            sal = Salience(round(sal.importance * share, 6), sal.tier)
        scores.statements[s.id] = sal
    sources = {eid: ev.sources for eid, ev in evidence.items()}
    scores.key_dates = rank_key_dates(events, scores.events, refs, sources, w)
    return scores


def _same_time(s: Statement, e: Event) -> bool:
    """Whether event ``e`` may be the statement itself: dated inside the statement's own window (or a day
    before, as grouping allows an undated remark), so no vaguer event (a month, a year) gives it its
    reports."""
    if s.said_start is None or s.said_end is None or e.start is None or e.end is None:
        return False
    return shift(s.said_start, -1) <= e.start and e.end <= s.said_end  # shift stops at 1 Jan 0001


def _share(e: Event, sentence: tuple[str, int], cache: dict[str, dict[tuple[str, int], float]]) -> float:
    """A statement's share of the event that reports it: ``(1 + fit) / (1 + best fit)``, with fit how
    well its sentence stands for the event (grouping's centrality), so the remark that is the event
    keeps its importance and an aside grouped with it keeps about half."""
    if e.id not in cache:
        fit: dict[tuple[str, int], float] = {}
        for m, c in zip(e.mentions, e.centrality, strict=False):
            key = (m.article_id, m.char_start)
            fit[key] = max(fit.get(key, 0.0), c)
        cache[e.id] = fit
    fit = cache[e.id]
    if not fit:
        return 1.0
    return (1 + fit.get(sentence, 0.0)) / (1 + max(fit.values()))
