"""Glue: run the detection regex, resolve each match against the anchor, then combine neighbours.

Pipeline per text: (1) ``_candidates`` runs ``MASTER`` at trigger words only and yields atoms, each handled by
the function named after its rule (``h_<rule>``); (2) an atom may grow to the left ("mid-", "the end of",
"since", "9 a.m.") and neighbouring atoms merge into ranges ("from 2009 to 2014") or anchored shifts ("two
days after December 1"); (3) atoms become ``TimeMatch`` records. A document-level reference (the last period
resolved, the last quarter named) lets "a year earlier" and "the quarter" follow the narrative, as news and
earnings reports use them (basis "inferred", with a note).

Decisions (news semantics, documented so that callers can rely on them):
- Numeric dates: ISO always; slashes are month/day/year (US), dots day.month.year.
- Yearless dates, months, seasons, quarters, holidays: the candidate year whose start lies between 10 months
  before and 2 months after the anchor; in a forward-looking clause ("will", "is expected to", ...) the first
  candidate that has not ended more than a month before the anchor (two months for quarters).
- Bare weekdays: the most recent such day on or before the anchor (the publication weekday is that day);
  forward-looking clause: the next one on or after it; "last X" strictly before, "next X" strictly after.
- Parts of a period ("mid-November", "early 2022", "the end of the year", "earlier this week") return the
  sub-interval (mid-November = 11-20 November) with the granularity of the whole period and a note
  starting "part of <granularity>", so that a consumer can widen it back to the period.
- Spans ("the past two years", "in recent days") are N units up to the anchor, granularity of the unit;
  "since X" runs from the start of X to the anchor; ranges cover both ends, granularity of the coarser end.
- Vague references ("now", "currently", "recently", "the future") are detected but unresolved: they name no
  calendar period. So are expressions anchored to an event ("a day after Biden's remarks", "the day before
  the vote"), unless the anchor is itself a date ("two days after December 1").
- Expressions relative to the narrative ("a year earlier", "two days later", "the following year", "the
  previous Friday", "that day", "the next morning") count from the preceding date expression in the text (basis "inferred"); with none
  before them they stay unresolved. In earnings reports "a year earlier/ago", "the year-ago period",
  "the 1988 period" follow the quarter last named.
- Without an anchor, everything relative or yearless is unresolved; absolute dates still resolve.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from dateline.records import GRANULARITY_ORDER, TimeMatch
from dateline.temporal import resolve as R
from dateline.temporal.patterns import (
    CUE_BEFORE_MONTH,
    DEADLINE_BEFORE,
    FUTURE_CUE,
    GENERIC_AFTER,
    MASTER,
    NOT_AFTER_NAME,
    PART_BEFORE,
    PAST_CLAUSE,
    PAST_CUE,
    PAST_WORD,
    RANGE_BETWEEN,
    RANGE_FROM_BEFORE,
    SECOND_WORDS,
    SINCE_BEFORE,
    STRONG_TRIGGERS,
    TABLES,
    TIME_BEFORE,
    TOKEN,
    TRIGGER_SCAN,
    TRIGGER_SCAN_LOWER,
    WEEK_OF_BEFORE,
    _key,
    clause_start,
)

GRAN_RANK = {g: i for i, g in enumerate(GRANULARITY_ORDER)}
YEARLESS_KINDS = {"dmy", "mdy", "mo", "sea", "qtr", "hol"}
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


def _span(m: re.Match[str]) -> tuple[int, int]:
    return m.start(m.lastgroup or 0), m.end(m.lastgroup or 0)


def _num(word: str | None) -> tuple[int, bool] | None:
    """A count from digits or a number word; the flag says the word is vague ("a few")."""
    if word is None:
        return None
    if word.isdigit():
        return int(word), False
    entry = TABLES.numbers.get(_key(word))
    if entry is None:
        return None
    return entry[0], entry[1] == "approx"


_WORD_VALUES = {w: v for w, (v, kind) in TABLES.numbers.items() if kind == "cardinal"} | {"oh": 0}


def _year(token: str) -> int:
    """A year written in digits or in words ("nineteen ninety-six", "two thousand and one")."""
    token = token.strip()
    if token.isdigit():
        return int(token)
    words = re.split(r"[\s-]+", token.lower())
    if words[:2] == ["two", "thousand"]:
        return 2000 + sum(_WORD_VALUES.get(w, 0) for w in words[2:] if w != "and")
    century = _WORD_VALUES[words[0]] * 100
    rest = words[1:]
    if rest == ["hundred"]:
        return century
    return century + sum(_WORD_VALUES.get(w, 0) for w in rest)


def _day(token: str) -> int:
    return int(re.sub(r"\D", "", token))


def is_future(ctx: Context, start: int, end: int) -> bool:
    """Whether the clause around a match points forward ("will meet on Monday", "is expected to ...").

    Looks at the clause before the match (its last 16 words); when the match opens its clause, at the words
    after it instead. Past-tense markers right before the match ("said Friday") or in the clause ("had",
    "was scheduled", "would have") win over forward-looking words.
    """
    text = ctx.text
    before = text[max(0, start - 120):start]
    before = before[clause_start(before):]
    after = text[end:end + 80]
    cut = re.search(r"[.!?;\n]", after)
    if cut:
        after = after[:cut.start()]
    if PAST_CUE.search(before) or PAST_CLAUSE.search(before):
        return False
    if DEADLINE_BEFORE.search(before) and PAST_WORD.search(before) is None and PAST_CLAUSE.search(after) is None:
        return True  # "by February", "until 9 a.m. Tuesday": a deadline ahead (not "troops left by March")
    words = list(re.finditer(r"[\w'’]+", before))
    if len(words) >= 2:
        near = before[words[-16].start():] if len(words) > 16 else before
        return FUTURE_CUE.search(near) is not None
    cue = FUTURE_CUE.search(after)  # "Monday's meeting will ...", but not "On Friday, he planned to ..."
    return cue is not None and PAST_WORD.search(after, 0, cue.end()) is None


def _yearless(ctx: Context, m: re.Match[str], build: Callable[[int], R.Interval | None], gran: str,
              kind: str, note: str = "", slack_days: int = 31) -> Atom | None:
    """Resolve an expression without a year by the anchor window (see ``resolve.pick_year``)."""
    s, e = _span(m)
    if ctx.anchor is None:
        return Atom(s, e, None, None, "unresolved", "no year and no anchor", kind)
    interval, _year = R.pick_year(ctx.anchor, build, is_future(ctx, s, e), slack_days)
    if interval is None:
        return None
    return Atom(s, e, interval, gran, "inferred", (note + "; " if note else "") + "year from anchor", kind)


def _check_weekday(atom: Atom, weekday: int | None, build: Callable[[int], R.Interval | None]) -> Atom:
    """A date written with a weekday: keep it when consistent; for a yearless date try the adjacent years;
    otherwise keep the date and say so in the note (never trust silently)."""
    if weekday is None or atom.interval is None:
        return atom
    if atom.interval[0].weekday() == weekday:
        return atom
    if not atom.year_explicit:
        year = atom.interval[0].year
        for candidate in (year - 1, year + 1):
            interval = build(candidate)
            if interval is not None and interval[0].weekday() == weekday:
                return replace(atom, interval=interval, note=(atom.note + "; " if atom.note else "")
                               + "weekday contradicted the nearest year; year adjusted")
    return replace(atom, note=(atom.note + "; " if atom.note else "") + "weekday contradicts date")


def _weekday_of(token: str | None) -> int | None:
    return None if token is None else TABLES.weekdays.get(_key(token))


def h_iso(m: re.Match[str], ctx: Context) -> Atom | None:
    d = R.safe_date(int(m["iso_y"]), int(m["iso_m"]), int(m["iso_d"]))
    if d is None:
        return None
    s, e = _span(m)
    return Atom(s, e, (d, d), "day", "absolute", "", "iso", True)


def h_num(m: re.Match[str], ctx: Context) -> Atom | None:
    """Numeric dates: slashes are month/day/year (US news default), dots day.month.year."""
    a, b = int(m["num_a"]), int(m["num_b"])
    year = int(m["num_y"])
    if year < 100:
        year += 2000 if year < 50 else 1900
    month, day = (a, b) if m["num_sep"] == "/" else (b, a)
    d = R.safe_date(year, month, day)
    if d is None:
        return None
    s, e = _span(m)
    note = "numeric date read as month/day/year" if m["num_sep"] == "/" else "numeric date read as day.month.year"
    return Atom(s, e, (d, d), "day", "absolute", note, "num", True)


def _month_day(ctx: Context, m: re.Match[str], prefix: str) -> Atom | None:
    month = TABLES.months.get(_key(m[f"{prefix}_m"]))
    if month is None:
        return None
    day = _day(m[f"{prefix}_d"])
    day2 = _day(m[f"{prefix}_d2"]) if prefix == "mdy" and m["mdy_d2"] else None
    if day2 is not None and day2 <= day:
        return None

    def build(y: int) -> R.Interval | None:
        d1 = R.safe_date(y, month, day)
        d2 = R.safe_date(y, month, day2) if day2 else d1
        return None if d1 is None or d2 is None else (d1, d2)

    weekday = _weekday_of(m[f"{prefix}_wd"])
    s, e = _span(m)
    range_note = "range" if day2 is not None else ""
    if m[f"{prefix}_y"]:
        interval = build(_year(m[f"{prefix}_y"]))
        if interval is None:
            return None
        atom = Atom(s, e, interval, "day", "absolute", range_note, prefix, True)
    elif m[f"{prefix}_rel"]:  # "June 16th of last year"
        if ctx.anchor is None:
            return Atom(s, e, None, None, "unresolved", "relative year and no anchor", prefix)
        interval = build(ctx.anchor.year + {"last": -1, "this": 0, "next": 1}[m[f"{prefix}_rel"].lower()])
        if interval is None:
            return None
        atom = Atom(s, e, interval, "day", "relative", range_note, prefix, True)
    else:
        if month in (3, 5) and prefix == "mdy" and not m[f"{prefix}_wd"] and _name_before(ctx.text, s):
            return None  # "Theresa May 5" style
        found = _yearless(ctx, m, build, "day", prefix, range_note)
        if found is None:
            return None
        atom = found
    return _check_weekday(atom, weekday, build)


def _name_before(text: str, start: int) -> bool:
    """A capitalised word right before (a name: "Theresa May"), not at a sentence start."""
    before = text[max(0, start - 30):start]
    return re.search(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+\s+$", before) is not None and not re.search(
        r"(?i:\b(?:in|on|of|since|by|until|from|to|through|last|next|this|early|mid|late)\s+$)", before)


def h_dmy(m: re.Match[str], ctx: Context) -> Atom | None:
    return _month_day(ctx, m, "dmy")


def h_mdy(m: re.Match[str], ctx: Context) -> Atom | None:
    return _month_day(ctx, m, "mdy")


def h_my(m: re.Match[str], ctx: Context) -> Atom | None:
    month = TABLES.months.get(_key(m["my_m"]))
    if month is None:
        return None
    s, e = _span(m)
    if month in (3, 5) and _name_before(ctx.text, s):
        return None
    return Atom(s, e, R.month_interval(_year(m["my_y"]), month), "month", "absolute", "", "my", True)


def h_mo(m: re.Match[str], ctx: Context) -> Atom | None:
    key = _key(m["mo_m"])
    month = TABLES.months.get(key)
    if month is None:
        return None
    s, e = _span(m)
    if TABLES.month_standalone.get(key) == "cue" and not CUE_BEFORE_MONTH.search(ctx.text, max(0, s - 20), s):
        return None
    if m["mo_rel"]:
        if ctx.anchor is None:
            return Atom(s, e, None, None, "unresolved", "relative year and no anchor", "mo")
        offset = {"last": -1, "this": 0, "next": 1}[m["mo_rel"].lower()]
        return Atom(s, e, R.month_interval(ctx.anchor.year + offset, month), "month", "relative", "", "mo")
    return _yearless(ctx, m, lambda y: R.month_interval(y, month), "month", "mo")


def h_yr(m: re.Match[str], ctx: Context) -> Atom | None:
    year = int(m["yr_y"])
    s, e = _span(m)
    text = m.group("yr")
    if year < 1600 and not re.search(r"(?i:\b(?:in|since|of|by|from|until|year)\s+$)", ctx.text[max(0, s - 12):s]):
        return None
    note = "fiscal year, taken as the calendar year" if m["yr_fis"] else ""
    if text.endswith(("'s", "’s")):
        note = (note + "; " if note else "") + "possessive year"
    return Atom(s, e, R.year_interval(year), "year", "absolute", note, "yr", True)


def _quarter_from(ctx: Context, q: int, year: int | None, m: re.Match[str]) -> Atom | None:
    s, e = _span(m)
    if year is not None:
        return Atom(s, e, R.quarter_interval(year, q), "quarter", "absolute", "", "qtr", True)
    return _yearless(ctx, m, lambda y: R.quarter_interval(y, q), "quarter", "qtr", slack_days=62)


def h_qtr(m: re.Match[str], ctx: Context) -> Atom | None:
    s, e = _span(m)
    if m["qtr_n"]:
        q = int(m["qtr_n"])
        year = _year(m["qtr_y3"]) if m["qtr_y3"] else (2000 + int(m["qtr_yy"]) if m["qtr_yy"] else None)
        if year and m["qtr_yy"] and year > 2050:
            year -= 100
        atom = _quarter_from(ctx, q, year, m)
    else:
        word = _key(m["qtr_ord"])
        q = 4 if word == "final" else (_num(word) or (0, False))[0] if not word[0].isdigit() else int(word[0])
        if not 1 <= q <= 4:
            return None
        year = _year(m["qtr_y1"] or m["qtr_y2"]) if (m["qtr_y1"] or m["qtr_y2"]) else None
        if m["qtr_rel"]:
            if ctx.anchor is None:
                return Atom(s, e, None, None, "unresolved", "relative year and no anchor", "qtr")
            year = ctx.anchor.year + {"this": 0, "last": -1, "next": 1}[m["qtr_rel"].lower()]
            atom = Atom(s, e, R.quarter_interval(year, q), "quarter", "relative", "", "qtr")
        else:
            atom = _quarter_from(ctx, q, year, m)
        if atom is not None and m["qtr_fis"]:
            atom.note = (atom.note + "; " if atom.note else "") + "fiscal quarter, taken as the calendar quarter"
    return atom


def h_dec(m: re.Match[str], ctx: Context) -> Atom | None:
    s, e = _span(m)
    if m["dec_y"]:
        start = int(m["dec_y"])
        return Atom(s, e, R.decade_interval(start), "decade", "absolute", "", "dec", True)
    two = int(m["dec_s"] or m["dec_s2"]) if (m["dec_s"] or m["dec_s2"]) else TABLES.decades.get(_key(m["dec_w"]))
    if two is None:
        return None
    century = 1900
    if ctx.anchor is not None and ctx.anchor.year >= 2000 and century + two + 100 <= ctx.anchor.year:
        century = 2000
    return Atom(s, e, R.decade_interval(century + two), "decade", "inferred", "century assumed", "dec")


def h_cen(m: re.Match[str], ctx: Context) -> Atom | None:
    n = int(m["cen_n"]) if m["cen_n"] else (_num(m["cen_w"]) or (0, False))[0]
    if not 1 <= n <= 22:
        return None
    s, e = _span(m)
    return Atom(s, e, R.century_interval(n), "century", "absolute", "", "cen", True)


def h_yago(m: re.Match[str], ctx: Context) -> Atom | None:
    """"year-earlier period", "the year-ago quarter": the reference period one year back."""
    s, e = _span(m)
    unit = (m["yago_unit"] or "").lower()
    if ctx.last_quarter is not None and ("quarter" in unit or "period" in unit or not unit):
        return Atom(s, e, R.shift_interval(ctx.last_quarter, "year", -1), "quarter", "inferred",
                    "the quarter under discussion, a year earlier", "yago")
    if ctx.anchor is None:
        return Atom(s, e, None, None, "unresolved", "no anchor", "yago")
    return Atom(s, e, R.year_interval(ctx.anchor.year - 1), "year", "inferred", "year before the anchor", "yago")


def h_hol(m: re.Match[str], ctx: Context) -> Atom | None:
    rule = TABLES.holidays.get(_key(m["hol_name"]))
    s, e = _span(m)
    if rule is None or NOT_AFTER_NAME.match(ctx.text, e):
        return None

    def build(y: int) -> R.Interval | None:
        d = R.holiday(rule, y)
        return None if d is None else (d, d)

    if m["hol_week"]:  # "Easter week": the week containing the holiday
        base = build

        def build(y: int) -> R.Interval | None:
            d = base(y)
            return None if d is None else R.week_interval(d[0])

    gran = "week" if m["hol_week"] else "day"
    if m["hol_y"]:
        interval = build(_year(m["hol_y"]))
        return None if interval is None else Atom(s, e, interval, gran, "absolute", "", "hol", True)
    if m["hol_mod"]:
        if ctx.anchor is None:
            return Atom(s, e, None, None, "unresolved", "no anchor", "hol")
        mod = m["hol_mod"].lower()
        year = ctx.anchor.year
        d = build(year)
        if d is None:
            return None
        if mod == "last" and d[0] >= ctx.anchor:
            d = build(year - 1)
        elif mod == "next" and d[0] <= ctx.anchor:
            d = build(year + 1)
        return None if d is None else Atom(s, e, d, gran, "relative", "", "hol")
    return _yearless(ctx, m, build, gran, "hol")


def _season_ok(text: str, s: int, e: int, word: str) -> bool:
    """Bare season words need a temporal frame ("in the spring", "the summer"), and "fall" more so."""
    before = text[max(0, s - 20):s].lower()
    if word == "fall":
        return bool(re.search(r"(?:\bin|\bthis|\blast|\bnext|\bduring|\bby)\s+(?:the\s+)?$|\bthe\s+$", before)) \
            and not re.match(r"\s+of\b", text[e:e + 6])
    return bool(re.search(r"\b(?:in|the|during|over|through|until|since|by|early|late|mid)[\s-]+$", before))


def h_sea(m: re.Match[str], ctx: Context) -> Atom | None:
    word = _key(m["sea_w"])
    first, last = TABLES.seasons[word]
    s, e = _span(m)
    if m["sea_y"]:
        return Atom(s, e, R.season_interval(_year(m["sea_y"]), first, last), "season", "absolute", "", "sea", True)
    if not _season_ok(ctx.text, s, e, word):
        return None
    return _yearless(ctx, m, lambda y: R.season_interval(y, first, last), "season", "sea")


def _period_for(unit_word: str, anchor: date, offset: int) -> tuple[R.Interval, str] | None:
    """The calendar period named by a unit, season, month or holiday word, ``offset`` periods from the
    one at the anchor ("last" = the most recent one strictly before the anchor's)."""
    key = _key(unit_word)
    singular = key[:-1] if key.endswith("s") and key[:-1] in TABLES.units else key
    if key == "centuries":
        singular = "century"
    if singular in TABLES.units:
        unit, gran = TABLES.units[singular]
        return R.relative_period(unit, anchor, offset), gran
    if key in TABLES.seasons:
        first, last = TABLES.seasons[key]
        year = anchor.year
        if offset == 0:
            own = year - 1 if last < first and anchor.month <= last else year
            return R.season_interval(own, first, last), "season"
        cur = R.season_interval(year, first, last)
        if cur[0] > anchor:
            cur = R.season_interval(year - 1, first, last)
        # cur: the most recent season of this kind that has started on or before the anchor
        if offset < 0 and cur[1] >= anchor:
            return R.season_interval(cur[0].year - 1, first, last), "season"
        if offset > 0:
            return R.season_interval(cur[0].year + 1, first, last), "season"
        if offset == 0 and cur[1] < anchor:
            return R.season_interval(cur[0].year + 1, first, last), "season"
        return cur, "season"
    if key in TABLES.months:
        month = TABLES.months[key]
        if offset == 0:
            return R.month_interval(anchor.year, month), "month"
        year = anchor.year if (month < anchor.month if offset < 0 else month > anchor.month) else anchor.year + offset
        return R.month_interval(year, month), "month"
    if key in TABLES.holidays:
        rule = TABLES.holidays[key]
        d = R.holiday(rule, anchor.year)
        if d is None:
            return None
        if offset < 0 and d >= anchor:
            d = R.holiday(rule, anchor.year - 1)
        elif offset > 0 and d <= anchor:
            d = R.holiday(rule, anchor.year + 1)
        return (None if d is None else ((d, d), "day"))
    return None


def _from_reference(ctx: Context, s: int, e: int, unit_word: str, offset: int, kind: str) -> Atom:
    """"the following year", "the previous month": one period away from the preceding date expression."""
    singular = unit_word[:-1] if unit_word.endswith("s") and unit_word[:-1] in TABLES.units else unit_word
    if ctx.last_ref is None or singular not in TABLES.units:
        return Atom(s, e, None, None, "unresolved", "relative to another event", kind)
    unit, gran = TABLES.units[singular]
    if unit == "weekend":
        return Atom(s, e, None, None, "unresolved", "relative to another event", kind)
    ref = ctx.last_ref[0][0]
    interval = R.unit_interval(unit, R.shift(R.unit_interval(unit, ref)[0], unit, offset))
    return Atom(s, e, interval, gran, "inferred", "relative to the preceding date expression", kind)


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 4):start]
    return start == 0 or re.search(r"(?:[.!?]\s*[\"“'`]*|\n)\s*$", before) is not None


def h_rel(m: re.Match[str], ctx: Context) -> Atom | None:
    s, e = _span(m)
    if m["rel_unit"][:1].isupper() and m["rel_unit"].lower() in TABLES.units and m["rel_mod"][:1].isupper() \
            and not _sentence_start(ctx.text, s):
        return None  # a title: ABC's "This Week"
    op = TABLES.modifiers.get(_key(m["rel_mod"]))
    unit_word = _key(m["rel_unit"])
    counted = _num(m["rel_n"])
    plural = unit_word.endswith("s") and unit_word[:-1] in TABLES.units or unit_word == "centuries"
    if op is None:
        return None
    if op in ("ref_prev", "ref_next"):
        return _from_reference(ctx, s, e, unit_word, -1 if op == "ref_prev" else 1, "rel")
    if ctx.anchor is None:
        return Atom(s, e, None, None, "unresolved", "relative and no anchor", "rel")
    anchor = ctx.anchor
    if op in ("span_past", "span_future") or (plural and op in ("prev", "next")):
        singular = "century" if unit_word == "centuries" else unit_word[:-1] if plural else unit_word
        if singular not in TABLES.units:
            # "the past spring" / "the coming Monday" read as last/next
            op = "prev" if op == "span_past" else "next"
        else:
            if counted is None and not plural:
                n, vague = 1, False
            elif counted is None:
                n, vague = 3, True
            else:
                n, vague = counted
            unit, gran = TABLES.units[singular]
            if unit == "weekend":
                return None
            interval = R.span(unit, anchor, n, past=op in ("span_past", "prev"))
            note = "stretch ending at the anchor" if op in ("span_past", "prev") else "stretch from the anchor"
            if vague:
                note += "; count approximate"
            return Atom(s, e, interval, gran, "relative", note, "rel")
    if counted is not None:
        return None  # "this two weeks": not a construction
    offset = {"prev": -1, "this": 0, "next": 1, "upto": 0, "from": 0}.get(op)
    if offset is None:
        return None
    found = _period_for(unit_word, anchor, offset)
    if found is None:
        return None
    interval, gran = found
    note = ""
    if op == "upto":
        interval = (interval[0], max(min(anchor, interval[1]), interval[0]))
        note = f"part of {gran}: from its start to the anchor"
    elif op == "from":
        interval = (min(max(anchor, interval[0]), interval[1]), interval[1])
        note = f"part of {gran}: from the anchor to its end"
    return Atom(s, e, interval, gran, "relative", note, "rel")


def h_dpt(m: re.Match[str], ctx: Context) -> Atom | None:
    """"this morning" (today), "last night" (yesterday)."""
    s, e = _span(m)
    if ctx.anchor is None:
        return Atom(s, e, None, None, "unresolved", "relative and no anchor", "dpt")
    mod = m["dpt_mod"].lower().split()[-1]
    offset = TABLES.dayparts.get(_key(m["dpt_part"]), -1) if mod == "last" else 0
    d = R.shift(ctx.anchor, "day", offset)
    return Atom(s, e, (d, d), "day", "relative", "part of a day", "dpt")


def h_ago(m: re.Match[str], ctx: Context) -> Atom | None:
    """"two weeks ago" (the week containing the day two weeks before the anchor); "a day after"
    (left for the combiner to attach to a following date, else unresolved)."""
    s, e = _span(m)
    counted = (1, False) if m["ago_n"].lower() == "the" else _num(m["ago_n"])
    if counted is None:
        return None
    n, vague = counted
    unit_word = _key(m["ago_unit"])
    singular = "century" if unit_word == "centuries" else unit_word[:-1] if unit_word.endswith("s") else unit_word
    if singular not in TABLES.units:
        return None
    unit, gran = TABLES.units[singular]
    if unit == "weekend":
        return None
    direction_word = _key(m["ago_dir"])
    if m["ago_n"].lower() == "the" and direction_word not in ("before", "after"):
        return None
    note = "count approximate" if vague or m["ago_approx"] else ""
    if direction_word in ("ago", "back", "previously", "from now", "hence"):
        sign = 1 if direction_word in ("from now", "hence") else -1
        if ctx.anchor is None:
            return Atom(s, e, None, None, "unresolved", "relative and no anchor", "ago")
        if unit == "year" and direction_word == "ago" and ctx.last_quarter is not None and n == 1:
            return Atom(s, e, R.shift_interval(ctx.last_quarter, "year", -1), "quarter", "inferred",
                        "the quarter under discussion, a year earlier", "ago", unit=unit, count=n, direction=-1)
        target = R.shift(ctx.anchor, unit, sign * n)
        return Atom(s, e, R.unit_interval(unit, target), gran, "relative", note, "ago", unit=unit, count=n,
                    direction=sign)
    sign = -1 if direction_word in ("earlier", "before") else 1
    atom = Atom(s, e, None, None, "unresolved", "relative to another event", "ago", unit=unit, count=n,
                direction=sign)
    if direction_word == "earlier" and unit == "year" and n == 1 and ctx.last_quarter is not None:
        # earnings reports compare the quarter under discussion with the same quarter a year before
        return replace(atom, interval=R.shift_interval(ctx.last_quarter, "year", -1), granularity="quarter",
                       basis="inferred", note="the quarter under discussion, a year earlier")
    if direction_word in ("earlier", "later") and ctx.last_ref is not None:
        ref, ref_gran = ctx.last_ref
        atom = replace(atom, interval=R.shift_interval(ref, unit, sign * n), granularity=ref_gran, basis="inferred",
                       note="relative to the preceding date expression")
    return atom


def h_wd(m: re.Match[str], ctx: Context) -> Atom | None:
    s, e = _span(m)
    if NOT_AFTER_NAME.match(ctx.text, e):
        return None
    weekday = _weekday_of(m["wd_day"])
    if weekday is None:
        return None
    mod = re.sub(r"\s+", " ", m["wd_mod"].lower()) if m["wd_mod"] else ""
    if mod in ("the previous", "the following", "the next", "previous"):
        if ctx.last_ref is None:
            return Atom(s, e, None, None, "unresolved", "relative to another event", "wd")
        d = R.weekday_near(ctx.last_ref[0][0], weekday, -2 if "previous" in mod else 2)
        return Atom(s, e, (d, d), "day", "inferred", "relative to the preceding date expression", "wd")
    if ctx.anchor is None:
        return Atom(s, e, None, None, "unresolved", "weekday and no anchor", "wd")
    if mod in ("last", "this past"):
        direction, note = -2, "last such weekday before the anchor"
    elif mod in ("next", "this coming", "coming"):
        direction, note = 2, "next such weekday after the anchor"
    elif mod == "this":
        direction, note = (-1, "this week, past context") if _past_this(ctx, s) else (1, "this week")
    elif is_future(ctx, s, e):
        direction, note = 1, "future context: on or after the anchor"
    else:
        direction, note = -1, "most recent such weekday on or before the anchor"
    d = R.weekday_near(ctx.anchor, weekday, direction)
    return Atom(s, e, (d, d), "day", "relative", note, "wd")


def _past_this(ctx: Context, start: int) -> bool:
    before = ctx.text[max(0, start - 60):start].lower()
    return bool(re.search(r"\b(?:said|was|were|had|did)\b", before))


def h_dx(m: re.Match[str], ctx: Context) -> Atom | None:
    s, e = _span(m)
    entry = TABLES.relative.get(_key(m["dx_word"]))
    if entry is None:
        return None
    unit, value = entry
    word = m["dx_word"]
    if word[0].isupper() and s > 0 and (NOT_AFTER_NAME.match(ctx.text, e) or re.search(r"\b[A-Z]{2,}\s+$", ctx.text[
            max(0, s - 8):s])):
        return None  # a title or a name: "the Today programme", "USA Today"
    if _key(word) in ("today", "tomorrow") and (GENERIC_AFTER.match(ctx.text, e) or re.search(
            r"(?i:\bof\s+)$", ctx.text[max(0, s - 4):s])):
        return None  # "today's youth", "the people of tomorrow": present-day, not a date
    if unit == "ref":
        # "now", "currently", "recently": no calendar interval is meant, so none is claimed
        return Atom(s, e, None, None, "unresolved", f"vague {value} reference", "dx")
    if ctx.anchor is None:
        return Atom(s, e, None, None, "unresolved", "relative and no anchor", "dx")
    d = R.shift(ctx.anchor, "day", int(value))
    return Atom(s, e, (d, d), "day", "relative", "", "dx")


def h_yq(m: re.Match[str], ctx: Context) -> Atom | None:
    """Earnings phrasing: "the 1988 period" (the quarter under discussion, in 1988), "the corresponding
    period last year" / "last year's quarter" (that quarter a year back)."""
    s, e = _span(m)
    if m["yq_y"]:
        year = _year(m["yq_y"])
        if ctx.last_quarter is not None:
            q = (ctx.last_quarter[0].month - 1) // 3 + 1
            return Atom(s, e, R.quarter_interval(year, q), "quarter", "inferred",
                        "the quarter under discussion, in that year", "yq")
        return Atom(s, e, R.year_interval(year), "year", "absolute", "", "yq", True)
    if ctx.last_quarter is not None:
        return Atom(s, e, R.shift_interval(ctx.last_quarter, "year", -1), "quarter", "inferred",
                    "the quarter under discussion, a year earlier", "yq")
    if ctx.anchor is None:
        return Atom(s, e, None, None, "unresolved", "no anchor", "yq")
    latest = R.relative_period("quarter", ctx.anchor, -1)
    return Atom(s, e, R.shift_interval(latest, "year", -1), "quarter", "inferred",
                "latest completed quarter, a year earlier", "yq")


def h_ye(m: re.Match[str], ctx: Context) -> Atom | None:
    """"year-end", "year's end": the end of the anchor's year (the last third, as "the end of the year")."""
    s, e = _span(m)
    if ctx.anchor is None:
        return Atom(s, e, None, None, "unresolved", "no anchor", "ye")
    lo, hi = TABLES.parts.get("the end of", (0.667, 1.0)) or (0.667, 1.0)
    return Atom(s, e, R.part_of(R.year_interval(ctx.anchor.year), lo, hi), "year", "inferred",
                "part of year: end", "ye")


def h_rd(m: re.Match[str], ctx: Context) -> Atom | None:
    """"that day", "the same day", "the next morning", "the previous day": a day of the narrative, counted
    from the preceding day-precise date expression (unresolved when there is none)."""
    s, e = _span(m)
    mod = re.sub(r"\s+", " ", m["rd_mod"].lower())
    offset = 1 if mod in ("the next", "the following") else -1 if mod == "the previous" else 0
    if ctx.last_ref is None or ctx.last_ref[1] != "day":
        return Atom(s, e, None, None, "unresolved", "relative to another event", "rd")
    d = R.shift(ctx.last_ref[0][0], "day", offset)
    return Atom(s, e, (d, d), "day", "inferred", "relative to the preceding date expression", "rd")


def h_spy(m: re.Match[str], ctx: Context) -> Atom | None:
    s, e = _span(m)
    year = _year(m["spy_y"] or m["spy_y2"] or m["spy_y3"])
    return Atom(s, e, R.year_interval(year), "year", "absolute", "year written in words", "spy", True)


def h_tu(m: re.Match[str], ctx: Context) -> Atom | None:
    """"the quarter", "the latest period", "the year", "the weekend": the period the story is about —
    the quarter last named, else the one at the anchor (the last completed one for quarters)."""
    s, e = _span(m)
    unit = m["tu_unit"].lower()
    adj = (m["tu_adj"] or "").lower()
    that = m["tu_det"].lower() == "that"
    if unit in ("quarter", "period"):
        if ctx.last_quarter is not None and adj not in ("latest", "most recent"):
            return Atom(s, e, ctx.last_quarter, "quarter", "inferred", "the quarter under discussion", "tu")
        if unit == "period" and not adj or that:
            return None
        if ctx.anchor is None:
            return Atom(s, e, None, None, "unresolved", "no anchor", "tu")
        return Atom(s, e, R.relative_period("quarter", ctx.anchor, -1), "quarter", "inferred",
                    "latest completed quarter before the anchor", "tu")
    if that:
        if ctx.last_ref is None or unit not in ("year", "month", "week"):
            return Atom(s, e, None, None, "unresolved", "relative to another event", "tu")
        ref = ctx.last_ref[0][0]
        return Atom(s, e, R.unit_interval(unit, ref), unit, "inferred", "the period of the preceding date", "tu")
    if ctx.anchor is None:
        return Atom(s, e, None, None, "unresolved", "no anchor", "tu")
    if unit == "weekend":
        interval = R.weekend_interval(ctx.anchor, 1 if is_future(ctx, s, e) else -1)
        return Atom(s, e, interval, "week", "relative", "weekend", "tu")
    return Atom(s, e, R.unit_interval(unit, ctx.anchor), unit, "inferred", f"the {unit} of the anchor", "tu")


HANDLERS: dict[str, Callable[[re.Match[str], Context], Atom | None]] = {
    "iso": h_iso, "num": h_num, "dmy": h_dmy, "mdy": h_mdy, "my": h_my, "mo": h_mo, "yr": h_yr,
    "qtr": h_qtr, "dec": h_dec, "cen": h_cen, "yago": h_yago, "hol": h_hol, "sea": h_sea, "rel": h_rel,
    "dpt": h_dpt, "spy": h_spy, "rd": h_rd, "ye": h_ye, "yq": h_yq, "tu": h_tu, "ago": h_ago, "wd": h_wd, "dx": h_dx,
}


def _grow_left(atom: Atom, ctx: Context, floor: int) -> Atom:
    """Attach a part ("mid-", "the end of", "late"), "since", or a clock time written before the atom."""
    text = ctx.text
    lo = max(floor, atom.start - 40)
    part = PART_BEFORE.search(text, lo, atom.start)
    if part is not None and atom.interval is not None:
        bounds = TABLES.parts.get(_key(part["part"]))
        if bounds is not None and atom.granularity in PARTABLE:
            lo_f, hi_f = bounds
            atom = replace(atom, start=part.start(), interval=R.part_of(atom.interval, lo_f, hi_f),
                           note=(atom.note + "; " if atom.note else "") + f"part of {atom.granularity}: "
                           + _key(part["part"]))
        elif atom.granularity == "day":
            atom = replace(atom, start=part.start())
    elif part is not None and atom.interval is None and atom.basis == "unresolved" and atom.kind != "ago":
        atom = replace(atom, start=part.start())
    week_of = WEEK_OF_BEFORE.search(text, max(floor, atom.start - 16), atom.start)
    if week_of is not None and atom.granularity == "day" and atom.interval is not None:
        atom = replace(atom, start=week_of.start(), interval=R.week_interval(atom.interval[0]), granularity="week",
                       note=(atom.note + "; " if atom.note else "") + "the week containing the date")
    clock = TIME_BEFORE.search(text, max(floor, atom.start - 30), atom.start)
    if clock is not None and atom.granularity == "day":
        atom = replace(atom, start=clock.start())
    since = SINCE_BEFORE.search(text, max(floor, atom.start - 15), atom.start)
    if since is not None and atom.interval is not None and ctx.anchor is not None \
            and atom.interval[0] < ctx.anchor:
        atom = replace(atom, start=since.start(), interval=(atom.interval[0], ctx.anchor),
                       note=(atom.note + "; " if atom.note else "") + "since: from its start to the anchor")
    return atom


def _combine(atoms: list[Atom], ctx: Context) -> list[Atom]:
    """Merge neighbours: ranges ("from 2009 to 2014", "between March and May") and anchored shifts
    ("two days after December 1")."""
    out: list[Atom] = []
    text = ctx.text
    for atom in atoms:
        prev = out[-1] if out else None
        if prev is not None and prev.kind == "tu" and prev.interval is not None and atom.kind == "ago" \
                and atom.count and atom.direction < 0 and text[prev.end:atom.start].strip() == "":
            # "the quarter a year ago": the period named, moved back
            out[-1] = replace(prev, end=atom.end, kind="anchored", note="the period named, moved back",
                              interval=R.shift_interval(prev.interval, atom.unit, -atom.count))
            continue
        if prev is not None and prev.kind == "ago" and prev.interval is None and prev.count \
                and atom.interval is not None and text[prev.end:atom.start].strip() == "":
            interval = R.shift_interval(atom.interval, prev.unit, prev.direction * prev.count) \
                if atom.granularity != "day" else tuple(R.shift(d, prev.unit, prev.direction * prev.count)
                                                         for d in atom.interval)
            out[-1] = Atom(prev.start, atom.end, interval, atom.granularity, atom.basis,  # type: ignore[arg-type]
                           "shifted from the date it is anchored to", "anchored", atom.year_explicit)
            continue
        if prev is not None and prev.interval is not None and atom.interval is not None:
            sep = RANGE_BETWEEN.match(text, prev.end, atom.start)
            if sep is not None and text[prev.end:atom.start].count("\n") == 0:
                kw = RANGE_FROM_BEFORE.search(text, max(0, prev.start - 12), prev.start)
                word = sep["sep"].lower()
                kw_word = kw["kw"].lower() if kw else ""
                needs = {"and": "between", "to": "from"}.get(word)
                if needs == "from" and prev.granularity == atom.granularity:
                    needs = None  # "Monday to Friday", "2009 to 2014"
                if (needs and kw_word != needs) or (not kw_word and prev.granularity != atom.granularity):
                    out.append(atom)
                    continue
                first = prev.interval
                if not prev.year_explicit and atom.year_explicit:
                    first = R.shift_interval(first, "year", atom.interval[1].year - first[1].year)
                second = atom.interval
                if first[0] > second[1] and prev.kind == "wd" and atom.kind == "wd":
                    second = (second[0] + timedelta(weeks=1), second[1] + timedelta(weeks=1))
                elif first[0] > second[1] and not prev.year_explicit and prev.kind in YEARLESS_KINDS:
                    first = R.shift_interval(first, "year", -1)
                if first[0] <= second[1]:
                    gran = prev.granularity if GRAN_RANK.get(prev.granularity or "", 0) >= GRAN_RANK.get(
                        atom.granularity or "", 0) else atom.granularity
                    basis = prev.basis if prev.basis == atom.basis else "inferred"
                    out[-1] = Atom(kw.start() if kw else prev.start, atom.end, (first[0], second[1]), gran,
                                   basis, "range", "range", prev.year_explicit or atom.year_explicit)
                    continue
        out.append(atom)
    return out


def _candidates(text: str) -> Iterator[re.Match[str]]:
    """The leftmost non-overlapping matches of ``MASTER``, tried only where a trigger word starts
    (``TRIGGER_SCAN``); weak triggers ("the", "a", "in") only when the next word could continue a rule."""
    pos = 0
    low = text.lower()
    prechecked = len(low) == len(text)
    scan, scan_text = (TRIGGER_SCAN_LOWER, low) if prechecked else (TRIGGER_SCAN, text)
    for hit in scan.finditer(scan_text):
        s = hit.start()
        if s < pos:
            continue
        word = hit.group()
        if not prechecked and not word[0].isdigit() and word.lower() not in STRONG_TRIGGERS:
            nxt = TOKEN.search(text, hit.end(), hit.end() + 40)
            if nxt is None:
                continue
            nword = nxt.group()
            if not (nword[0].isdigit() or nword.lower() in SECOND_WORDS):
                continue
        m = MASTER.match(text, s)
        if m is None and word[0].isdigit() and s > 0 and text[s - 1] in "'’‘":
            m = MASTER.match(text, s - 1)
        if m is None or m.end() == m.start():
            continue
        pos = m.end()
        yield m


def tag_atoms(text: str, anchor: date | None) -> list[Atom]:
    """Detect and resolve, returning internal atoms in text order (see ``tag_dates``)."""
    ctx = Context(text, anchor)
    atoms: list[Atom] = []
    for m in _candidates(text):
        handler = HANDLERS.get(m.lastgroup or "")
        if handler is None:
            continue
        try:
            atom = handler(m, ctx)
        except (ValueError, OverflowError, KeyError, TypeError, IndexError):
            atom = None
        if atom is None:
            continue
        with contextlib.suppress(ValueError, OverflowError, KeyError, TypeError, IndexError):
            atom = _grow_left(atom, ctx, atoms[-1].end if atoms else 0)
        if atom.interval is not None and atom.basis != "unresolved" and atom.kind not in ("ago", "yago", "tu", "yq") \
                and not atom.note.startswith(("stretch", "part of")) and "since:" not in atom.note:
            if atom.granularity == "quarter" and (anchor is None or atom.interval[0] <= anchor):
                ctx.last_quarter = atom.interval  # a reported quarter, not a forecast one
            if atom.kind not in ("dx", "dpt"):
                ctx.last_ref = (atom.interval, atom.granularity or "day")
        atoms.append(atom)
    try:
        return _combine(atoms, ctx)
    except (ValueError, OverflowError, KeyError, TypeError, IndexError):
        return atoms


def tag_dates(text: str, anchor: date | None) -> list[TimeMatch]:
    """Find the temporal expressions in ``text`` and resolve each to an inclusive calendar interval.

    ``anchor`` is the publication date; without it, relative and yearless expressions come back
    unresolved (start/end None) instead of guessed. Results are sorted and do not overlap. Never raises.
    """
    if not isinstance(text, str) or not text:
        return []
    if isinstance(anchor, datetime):
        anchor = anchor.date()  # a datetime would not compare with the dates built here
    elif anchor is not None and not isinstance(anchor, date):
        anchor = None
    try:
        atoms = tag_atoms(text, anchor)
    except Exception:  # noqa: BLE001 - the contract is to never raise on any input
        return []
    out: list[TimeMatch] = []
    last_end = -1
    for a in atoms:
        if a.start < last_end or a.start >= a.end:
            continue
        start, end = (a.interval if a.interval is not None else (None, None))
        basis = a.basis if a.interval is not None else "unresolved"
        out.append(TimeMatch(text=text[a.start:a.end], char_start=a.start, char_end=a.end, start=start, end=end,
                             granularity=a.granularity if a.interval is not None else None,  # type: ignore[arg-type]
                             basis=basis, note=a.note))  # type: ignore[arg-type]
        last_end = a.end
    return out
