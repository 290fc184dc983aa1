"""The tagger's working records: ``Atom`` (an expression being resolved), ``Context`` (per-document state),
and the small parsers every rule handler shares (spans, counts, years, days, weekdays)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dateline.records import GRANULARITY_ORDER
from dateline.temporal import resolve as R
from dateline.temporal.patterns import TABLES, _key

GRAN_RANK = {g: i for i, g in enumerate(GRANULARITY_ORDER)}
YEARLESS_KINDS = {"dmy", "mdy", "mo", "sea", "qtr", "hol"}
# The note of an expression whose date the calendar cannot hold (before 0001-01-01 or after 9999-12-31):
# detected, left unresolved, never moved to another year.
OUTSIDE_CALENDAR = "outside the calendar (years 1 to 9999)"
PARTABLE = {"week", "month", "quarter", "season", "year", "decade", "century"}


@dataclass
class Atom:
    """A detected expression while it is being resolved and combined (mutable; becomes a TimeMatch)."""

    start: int
    end: int
    interval: R.Interval | None
    granularity: str | None
    basis: str
    note: str = ""
    kind: str = ""  # the rule that produced it
    year_explicit: bool = False
    unit: str = ""  # for "N units before/after" atoms
    count: int = 0
    direction: int = 0


@dataclass
class Context:
    """Per-document state: the anchor, and what earlier expressions resolved to."""

    text: str
    anchor: date | None
    last_quarter: R.Interval | None = None
    last_ref: tuple[R.Interval, str] | None = None


def span_of(m: re.Match[str]) -> tuple[int, int]:
    return m.start(m.lastgroup or 0), m.end(m.lastgroup or 0)


def parse_count(word: str | None) -> tuple[int, bool] | None:
    """A count from digits or a number word; the flag says the word is vague ("a few")."""
    if word is None:
        return None
    if word.isdigit():
        return int(word), False
    entry = TABLES.numbers.get(_key(word))
    if entry is None:
        return None
    return entry[0], entry[1] == "approx"


WORD_VALUES = {w: v for w, (v, kind) in TABLES.numbers.items() if kind == "cardinal"} | {"oh": 0}


def parse_year(token: str) -> int:
    """A year written in digits or in words ("nineteen ninety-six", "two thousand and one")."""
    token = token.strip()
    if token.isdigit():
        return int(token)
    words = re.split(r"[\s-]+", token.lower())
    if words[:2] == ["two", "thousand"]:
        return 2000 + sum(WORD_VALUES.get(w, 0) for w in words[2:] if w != "and")
    century = WORD_VALUES[words[0]] * 100
    rest = words[1:]
    if rest == ["hundred"]:
        return century
    return century + sum(WORD_VALUES.get(w, 0) for w in rest)


def parse_day(token: str) -> int:
    return int(re.sub(r"\D", "", token))


def weekday_of(token: str | None) -> int | None:
    return None if token is None else TABLES.weekdays.get(_key(token))

