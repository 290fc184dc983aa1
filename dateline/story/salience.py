"""Salience: how much each event and statement matters to the corpus' story, from the evidence it has.

An item's **evidence** is what its own mentions show: the distinct sources that report it (outlets; an
article without an outlet counts as its own source) and those of them that write its date (rather than
leave it to the publication day, as "X said" does), the articles and mentions, how many articles put it
in their headline (first sentence) or lead (first ``lead_sentences`` sentences), and its most mentioned
actor. Its **context** is one corpus-level count per day: ``R(d)``, the date references to day ``d``,
each day-precise temporal expression of the corpus that resolves to ``d`` counting
``1 + ref_gap · ln(1 + gap / ref_days)`` when written ``gap`` ≥ 0 days after ``d`` (a day still cited
weeks later is a moment of the story: date-wise timeline summarisation's signal, weighted for
retrospection on the scale of weeks), and ``ref_future`` when written before it (an announcement is not
yet a happening).

With ``w.*`` the weights of ``resources/salience.csv``, S sources, D of them writing its date, A
articles, M mentions, H and L the articles reporting it in their headline and their lead, C the mention
count of its most mentioned actor and d its day (day-precise items only)::

    reports    = 1 + w.outlet·(S − 1) + w.article·ln A + w.mention·ln M
    boost      = w.dated·ln(1 + D) + w.headline·ln(1 + H) + w.lead·ln(1 + L) + w.actor·ln(1 + C)
                 + w.dateref·ln(1 + R(d))
    importance = reports · (1 + boost) · tier factor

The **tier** keeps the background apart: ``background`` when the item ends long before the corpus'
publication period (``background_days``, or ``background_share`` of the period's length, before its
start; the period runs between two quantiles of the articles' publication dates, so stray dates do not
stretch it), ``undated`` for a statement with no date, else ``story``. Background and undated items
are scaled by ``w.background`` and ``w.undated`` and the key dates never include them.

A statement's evidence is its own sentence, or, when an event dated as precisely reports the same
sentence (the speech act grouped across outlets), that event's evidence: a remark four outlets report
has four sources. Its importance is then scaled by its share of the event, ``(1 + fit) / (1 + best
fit)``, with fit how well its sentence stands for the event (grouping's centrality), so an aside grouped
with a remark does not weigh as much as the remark (``dateline/story/score.py``).

Incremental derivation (issue #15): an event's score is a function of its own evidence (its mentions,
their articles' leads, its top actor's mention count), ``R`` at its day and the publication period; a
statement's adds the event reporting its sentence. After a change, only the items whose mentions
changed, whose day's ``R`` changed (a new article citing that day) or whose top actor's count changed
need rescoring, and the key dates only for those days; all of them when the period moved (the period
takes two quantiles, so a few new articles rarely move it). Everything here is one pass over the items,
linear in mentions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Literal

from dateline.daymath import shift
from dateline.records import Event, Statement
from dateline.resources import read_table

Tier = Literal["story", "background", "undated"]
STORY, BACKGROUND, UNDATED = "story", "background", "undated"
WEIGHTS_TABLE = "story/resources/salience.csv"


@cache
def weights() -> dict[str, float]:
    """The weights of ``resources/salience.csv`` by name."""
    return {r["name"]: float(r["value"]) for r in read_table(WEIGHTS_TABLE).records()}


@dataclass(frozen=True, slots=True)
class Period:
    """The corpus' publication period and the day before which items are background."""

    start: date
    end: date
    background_before: date


@dataclass(frozen=True, slots=True)
class Evidence:
    """What an item's own mentions show (see the module docstring)."""

    sources: int
    dated_sources: int  # sources whose mention writes the item's date
    articles: int
    mentions: int
    headline_articles: int
    lead_articles: int
    actor_mentions: int
    start: date | None
    end: date | None
    day: date | None  # the item's day when it is day-precise


@dataclass(frozen=True, slots=True)
class Salience:
    importance: float
    tier: Tier


def _quantile(days: list[date], q: float) -> date:
    """The ``q`` quantile of sorted days (nearest rank, so it is always one of them)."""
    return days[min(len(days) - 1, max(0, math.ceil(q * len(days)) - 1))]


def publication_period(published: Iterable[date | None], w: Mapping[str, float] | None = None) -> Period | None:
    """The period between the ``period_low`` and ``period_high`` quantiles of the publication dates;
    None when no article has one (then nothing is background)."""
    w = w or weights()
    days = sorted(d for d in published if d is not None)
    if not days:
        return None
    start, end = _quantile(days, w["period_low"]), _quantile(days, w["period_high"])
    margin = max(w["background_days"], w["background_share"] * (end - start).days)
    return Period(start, end, shift(start, -math.ceil(margin)))  # stops at 1 Jan 0001


def date_references(rows: Iterable[tuple[date, int | None, int]],
                    w: Mapping[str, float] | None = None) -> dict[date, float]:
    """``R(d)`` from (day, gap, count) rows: ``count`` day-precise expressions naming ``day`` written
    ``gap`` days after it (None: the article's date is unknown, counted as written that day)."""
    w = w or weights()
    out: dict[date, float] = {}
    for day, gap, n in rows:
        g = 0 if gap is None else gap
        weight = 1 + w["ref_gap"] * math.log1p(g / w["ref_days"]) if g >= 0 else w["ref_future"]
        out[day] = out.get(day, 0.0) + n * weight
    return out


class LeadIndex:
    """Where each article's headline and lead end: (end of sentence 0, end of the last lead sentence)."""

    def __init__(self, limits: Mapping[str, tuple[int, int]]):
        self.limits = limits

    def place(self, article_id: str, char_start: int) -> tuple[bool, bool]:
        """(in the headline, in the lead) for a sentence starting at ``char_start``."""
        head, lead = self.limits.get(article_id, (-1, -1))
        return char_start < head, char_start < lead


Mention = tuple[str, str | None, int, bool]  # article id, outlet, sentence start, writes its date


def _evidence(mentions: Iterable[Mention], lead: LeadIndex, actor_mentions: int,
              start: date | None, end: date | None, day_precise: bool) -> Evidence:
    """Evidence from an item's mentions."""
    articles: set[str] = set()
    sources: set[str] = set()
    dated: set[str] = set()
    heads: set[str] = set()
    leads: set[str] = set()
    n = 0
    for art, outlet, char_start, writes_date in mentions:
        n += 1
        articles.add(art)
        source = f"o:{outlet}" if outlet else f"a:{art}"
        sources.add(source)
        if writes_date:
            dated.add(source)
        in_head, in_lead = lead.place(art, char_start)
        if in_head:
            heads.add(art)
        if in_lead:
            leads.add(art)
    return Evidence(sources=len(sources), dated_sources=len(dated), articles=len(articles), mentions=n,
                    headline_articles=len(heads),
                    lead_articles=len(leads), actor_mentions=actor_mentions, start=start, end=end,
                    day=start if day_precise and start is not None else None)


def event_evidence(event: Event, lead: LeadIndex, actor_counts: Mapping[str, int]) -> Evidence:
    top_actor = max((actor_counts.get(a, 0) for a in event.actor_ids), default=0)
    return _evidence(((m.article_id, m.outlet, m.char_start, m.date_basis != "publication")
                      for m in event.mentions), lead, top_actor,
                     event.start, event.end, _day_precise(event.start, event.end, event.granularity))


def statement_evidence(statement: Statement, outlet: str | None, lead: LeadIndex,
                       actor_counts: Mapping[str, int], reported: Evidence | None = None) -> Evidence:
    """A statement's evidence: its own sentence's, or that of the event reporting the same sentence
    (``reported``, whose mentions include this one), with the statement's own date and speaker."""
    actor = actor_counts.get(statement.speaker_id, 0) if statement.speaker_id else 0
    start, end = statement.said_start, statement.said_end
    day_precise = _day_precise(start, end, statement.said_granularity)
    if reported is not None:
        return replace(reported, actor_mentions=max(actor, reported.actor_mentions), start=start, end=end,
                       day=start if day_precise else None)
    own = [(statement.article_id, outlet, statement.sentence_start, statement.said_basis == "explicit")]
    return _evidence(own, lead, actor, start, end, day_precise)


def _day_precise(start: date | None, end: date | None, granularity: str | None) -> bool:
    return start is not None and start == end and (granularity or "day") == "day"


def tier(ev: Evidence, period: Period | None) -> Tier:
    if ev.start is None:
        return UNDATED
    if period is not None and ev.end is not None and ev.end < period.background_before:
        return BACKGROUND
    return STORY


def salience(ev: Evidence, refs: Mapping[date, float], period: Period | None,
             w: Mapping[str, float] | None = None) -> Salience:
    """The item's importance and tier (the formula of the module docstring)."""
    w = w or weights()
    reports = (1 + w["outlet"] * (ev.sources - 1) + w["article"] * math.log(max(ev.articles, 1))
               + w["mention"] * math.log(max(ev.mentions, 1)))
    boost = (w["dated"] * math.log1p(ev.dated_sources) + w["headline"] * math.log1p(ev.headline_articles)
             + w["lead"] * math.log1p(ev.lead_articles) + w["actor"] * math.log1p(ev.actor_mentions))
    if ev.day is not None:
        boost += w["dateref"] * math.log1p(refs.get(ev.day, 0.0))
    t = tier(ev, period)
    factor = w["background"] if t == BACKGROUND else w["undated"] if t == UNDATED else 1.0
    return Salience(round(reports * (1 + boost) * factor, 6), t)


def sentence_events(events: Iterable[Event], wanted: set[tuple[str, int]]) -> dict[tuple[str, int], list[Event]]:
    """The events reported in each ``wanted`` (article, sentence start): what links a statement to its
    reports."""
    out: dict[tuple[str, int], list[Event]] = {}
    for e in events:
        for m in e.mentions:
            key = (m.article_id, m.char_start)
            if key in wanted:
                out.setdefault(key, []).append(e)
    return out


__all__ = ["BACKGROUND", "STORY", "UNDATED", "Evidence", "LeadIndex", "Period", "Salience",
           "date_references", "event_evidence", "publication_period", "salience",
           "sentence_events", "statement_evidence", "tier", "weights"]
