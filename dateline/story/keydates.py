"""Key dates: the days a journalist's timeline of the corpus' story would keep, best first.

A day is a candidate when at least one story-tier, day-precise event falls on it (background and undated
items never do). With ``R(d)`` the weighted date references of ``salience`` and ``S(e)`` the sources of
event ``e``::

    score(d) = w.day_refs · R(d) + w.day_corroboration · Σ S(e) over d's events with S(e) ≥ 2

Retrospective references say the story keeps coming back to the day; corroboration says several outlets
independently reported what happened on it. Publication volume is deliberately left out: on the BP oil
spill's reference timelines it adds nothing to date references (notes in the evaluation,
``dateline/eval/tls.py``). Each key date lists its events by importance (``day_event_ids`` at most), and
its headline is a short form of the best one's title.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from dateline.records import Event
from dateline.story.salience import STORY, Salience, weights


@dataclass(frozen=True, slots=True)
class KeyDate:
    date: date
    score: float
    event_ids: tuple[str, ...]
    headline: str


def short_headline(title: str, limit: int | None = None) -> str:
    """``title`` in at most ``limit`` characters, cut at a word (never inside one), with "…" when cut, and
    opening with a capital (a title may start mid-sentence: "regret during his remarks …")."""
    limit = int(limit or weights()["headline_chars"])
    text = " ".join(title.split()).removeprefix("… ").removesuffix(" …").strip()
    text = text[:1].upper() + text[1:]
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if text[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:—–-") + "…"


def rank_key_dates(events: Iterable[Event], scores: Mapping[str, Salience], refs: Mapping[date, float],
                   sources: Mapping[str, int] | None = None,
                   w: Mapping[str, float] | None = None) -> list[KeyDate]:
    """Every candidate day, best first (ties, common in a small corpus: the day whose best event is the
    more important, then the earlier day). ``sources``: each event's distinct
    sources (outlets, an outlet-less article counting as its own), else its named outlets."""
    w = w or weights()
    by_day: dict[date, list[Event]] = defaultdict(list)
    for e in events:
        s = scores.get(e.id)
        if s and s.tier == STORY and e.start is not None and e.start == e.end and e.granularity == "day":
            by_day[e.start].append(e)
    out: list[tuple[KeyDate, float]] = []
    keep = int(w["day_event_ids"])
    for day, day_events in by_day.items():
        counts = [sources.get(e.id, len(e.outlets)) if sources else len(e.outlets) for e in day_events]
        corroboration = sum(n for n in counts if n >= 2)
        score = w["day_refs"] * refs.get(day, 0.0) + w["day_corroboration"] * corroboration
        best = sorted(day_events, key=lambda e: (-scores[e.id].importance, e.id))
        out.append((KeyDate(day, round(score, 6), tuple(e.id for e in best[:keep]),
                            short_headline(best[0].title)), scores[best[0].id].importance))
    out.sort(key=lambda k: (-k[0].score, -k[1], k[0].date))
    return [k for k, _ in out]


def default_top_n(articles: int, days: int | None = None, w: Mapping[str, float] | None = None) -> int:
    """How many key dates to propose for a corpus of ``articles`` articles (at most the ``days`` there
    are): ``top_base`` for a handful, ``top_per_decade`` more per tenfold, at most ``top_max`` —
    about 6 for five articles, 30 for a thousand (journalists' timelines have 10–100 dates)."""
    w = w or weights()
    n = w["top_base"] + w["top_per_decade"] * math.log10(max(articles, 1) / w["top_scale"])
    n = int(round(min(max(n, 1.0), w["top_max"])))
    return min(n, days) if days is not None else n
