"""Dates of event mentions: past-leaning years, "since" start points, anchored and context dates.

A yearless date of a happening told in the past moves back a year when it landed after publication;
"since 1991" dates what happened in 1991; "a day after X" resolves through the article's own date for X
(basis ``anchored``); an undated statement right after a dated speech act by the same speaker shares its
date (basis ``context``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from dateline.daymath import shifted, shifted_years
from dateline.events.kinds import PROPOSAL, REJECTION, STATEMENT
from dateline.events.text import WORDS, alternation, content_words
from dateline.records import TimeMatch
from dateline.resources import read_table
from dateline.temporal import tag_dates

# An undated statement takes the date of a speech act in the sentence before only if that is this recent.
CONTEXT_DAYS = 7
ANCHOR_RELATIONS = WORDS["anchor-relation"]
# Anchored dates count days or weeks, spelled up to a week ("seven days after"), in digits up to 99.
ANCHOR_MAX_SPELLED = 7
_NUMBERS = {row[0]: int(row[1]) for row in read_table("temporal/resources/numbers.tsv")
            if row[2] == "cardinal" and int(row[1]) <= ANCHOR_MAX_SPELLED}
ANCHORED = re.compile(
    r"^(?:(?P<n>" + alternation(list(_NUMBERS)) + r"|\d{1,2})\s+(?P<unit>days?|weeks?)"
    r"|the\s+(?P<unit1>day|week))\s+(?P<dir>" + alternation(ANCHOR_RELATIONS) + r")$",
    re.IGNORECASE,
)
_SINCE = re.compile(r"^(?:ever\s+)?since\s+", re.IGNORECASE)
_SPEECH_ACTS = frozenset({STATEMENT, PROPOSAL, REJECTION})


@dataclass
class Draft:
    """A mention under construction (mutable until the article's anchors and contexts are resolved)."""

    key: str
    sent: int
    order: int  # character offset used for the id and the output order
    date_text: str | None
    start: date | None
    end: date | None
    granularity: str | None
    basis: str
    kind: str
    predicate: str
    actor_keys: tuple[str, ...]
    agent: str | None
    clause: str
    words: set[str] = field(default_factory=set)


def past_date(t: TimeMatch, published: date | None, past: bool) -> tuple[date, date]:
    """The interval, moved back a year when a yearless date of a past happening landed after publication
    (kept as it is when that year would be before year 1)."""
    assert t.start is not None and t.end is not None
    if past and published and t.basis == "inferred" and t.start > published:
        start, end = shifted_years(t.start, -1), shifted_years(t.end, -1)
        if start and end:
            return start, end
    return t.start, t.end


def _since_start(t: TimeMatch, published: date | None) -> TimeMatch:
    """"since 1991" dates what happened in 1991, not the whole stretch to today."""
    m = _SINCE.match(t.text)
    if not m:
        return t
    rest = t.text[m.end():]
    for sub in tag_dates(rest, published):
        if sub.start is not None and sub.end is not None:
            return TimeMatch(t.text, t.char_start, t.char_end, sub.start, sub.end, sub.granularity,
                             sub.basis, "since: the start point")
    return t


def timex_dates(t: TimeMatch, published: date | None, past: bool) -> tuple[TimeMatch, date | None, date | None]:
    if t.start is None:
        return t, None, None
    t = _since_start(t, published)
    start, end = past_date(t, published, past or t.note == "since: the start point")
    return t, start, end


def offset_days(text: str) -> int:
    m = ANCHORED.match(text.strip())
    if not m:
        return 0
    n = _NUMBERS.get((m.group("n") or "one").lower()) or int(m.group("n") or 1)
    unit = (m.group("unit") or m.group("unit1") or "day").lower()
    days = n * (7 if unit.startswith("week") else 1)
    return days if m.group("dir").lower() == "after" else -days


def resolve_anchors(anchors: list[tuple[Draft, str, int, tuple[str, ...]]], drafts: list[Draft]) -> None:
    """Date "a day after X" through the article's own day-precise date for X (shared actors, words)."""
    dated = [d for d in drafts if d.basis == "explicit" and d.granularity == "day" and d.start == d.end
             and d.start is not None]
    for d, a_text, offset, a_keys in anchors:
        a_words = set(content_words(a_text))
        best = None
        for c in dated:
            shared = len(set(a_keys) & set(c.actor_keys))
            overlap = len(a_words & c.words)
            if shared == 0 and overlap < 2:
                continue
            score = (2 * shared + overlap, -abs(c.order - d.order))
            if best is None or score > best[0]:
                best = (score, c)
        if best is None:
            continue
        day = shifted(best[1].start, offset)  # type: ignore[arg-type]
        if day is None:  # an anchor at the calendar's edge: the day cannot be written
            continue
        d.start = d.end = day
        d.granularity = "day"
        d.basis = "anchored"
        drafts.append(d)


def carry_context(drafts: list[Draft], published: date | None) -> None:
    """An undated statement right after a dated speech act by the same (or an unnamed) agent shares its date."""
    if published is None:
        return
    by_sent: dict[int, list[Draft]] = {}
    for d in drafts:
        if d.basis in ("explicit", "anchored") and d.kind in _SPEECH_ACTS and d.granularity == "day" \
                and d.start == d.end and d.start is not None \
                and timedelta(0) <= published - d.start <= timedelta(days=CONTEXT_DAYS):
            by_sent.setdefault(d.sent, []).append(d)
    taken: set[int] = set()
    for d in sorted(drafts, key=lambda d: d.order):
        if d.basis != "publication" or d.sent - 1 in taken:
            continue
        prev = [p for p in by_sent.get(d.sent - 1, []) if p.agent is None or p.agent == d.agent]
        if len(prev) == 1:
            p = prev[0]
            d.start, d.end, d.granularity, d.basis = p.start, p.end, p.granularity, "context"
            d.date_text = p.date_text
            taken.add(d.sent - 1)
