"""Rule handlers for calendar dates: numeric and written dates, months, years, quarters, decades, centuries,
holidays and seasons, with or without a year (yearless ones get theirs from ``orientation.yearless``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from dateline.temporal import resolve as R
from dateline.temporal.atoms import Atom, Context, parse_count, parse_day, parse_year, span_of, weekday_of
from dateline.temporal.orientation import yearless
from dateline.temporal.patterns import (
    CUE_BEFORE_MONTH,
    NOT_AFTER_NAME,
    TABLES,
    YEAR_CUE_BEFORE,
    YEAR_CUE_BEFORE_LATE,
    _key,
)


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



def h_iso(m: re.Match[str], ctx: Context) -> Atom | None:
    d = R.safe_date(int(m["iso_y"]), int(m["iso_m"]), int(m["iso_d"]))
    if d is None:
        return None
    s, e = span_of(m)
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
    s, e = span_of(m)
    note = "numeric date read as month/day/year" if m["num_sep"] == "/" else "numeric date read as day.month.year"
    return Atom(s, e, (d, d), "day", "absolute", note, "num", True)


def _month_day(ctx: Context, m: re.Match[str], prefix: str) -> Atom | None:
    month = TABLES.months.get(_key(m[f"{prefix}_m"]))
    if month is None:
        return None
    day = parse_day(m[f"{prefix}_d"])
    day2 = parse_day(m[f"{prefix}_d2"]) if prefix == "mdy" and m["mdy_d2"] else None
    if day2 is not None and day2 <= day:
        return None

    def build(y: int) -> R.Interval | None:
        d1 = R.safe_date(y, month, day)
        d2 = R.safe_date(y, month, day2) if day2 else d1
        return None if d1 is None or d2 is None else (d1, d2)

    weekday = weekday_of(m[f"{prefix}_wd"])
    s, e = span_of(m)
    range_note = "range" if day2 is not None else ""
    if m[f"{prefix}_y"]:
        interval = build(parse_year(m[f"{prefix}_y"]))
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
        found = yearless(ctx, m, build, "day", prefix, range_note)
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
    s, e = span_of(m)
    if month in (3, 5) and _name_before(ctx.text, s):
        return None
    return Atom(s, e, R.month_interval(parse_year(m["my_y"]), month), "month", "absolute", "", "my", True)


def h_mo(m: re.Match[str], ctx: Context) -> Atom | None:
    key = _key(m["mo_m"])
    month = TABLES.months.get(key)
    if month is None:
        return None
    s, e = span_of(m)
    if TABLES.month_standalone.get(key) == "cue" and not CUE_BEFORE_MONTH.search(ctx.text, max(0, s - 20), s):
        return None
    if m["mo_rel"]:
        if ctx.anchor is None:
            return Atom(s, e, None, None, "unresolved", "relative year and no anchor", "mo")
        offset = {"last": -1, "this": 0, "next": 1}[m["mo_rel"].lower()]
        return Atom(s, e, R.month_interval(ctx.anchor.year + offset, month), "month", "relative", "", "mo")
    return yearless(ctx, m, lambda y: R.month_interval(y, month), "month", "mo")


def h_yr(m: re.Match[str], ctx: Context) -> Atom | None:
    year = int(m["yr_y"])
    s, e = span_of(m)
    text = m.group("yr")
    if not 1600 <= year <= 2099 and not re.match(r"(?i:the\s+year\s)", text):
        cue = YEAR_CUE_BEFORE if year < 1600 else YEAR_CUE_BEFORE_LATE
        if not cue.search(ctx.text, max(0, s - 12), s):
            return None  # "flight 3425", "a crowd of 2500": a number
    note = "fiscal year, taken as the calendar year" if m["yr_fis"] else ""
    if text.endswith(("'s", "’s")):
        note = (note + "; " if note else "") + "possessive year"
    return Atom(s, e, R.year_interval(year), "year", "absolute", note, "yr", True)


def _quarter_from(ctx: Context, q: int, year: int | None, m: re.Match[str]) -> Atom | None:
    s, e = span_of(m)
    if year is not None:
        return Atom(s, e, R.quarter_interval(year, q), "quarter", "absolute", "", "qtr", True)
    return yearless(ctx, m, lambda y: R.quarter_interval(y, q), "quarter", "qtr", slack_days=62)


def h_qtr(m: re.Match[str], ctx: Context) -> Atom | None:
    s, e = span_of(m)
    if m["qtr_n"]:
        q = int(m["qtr_n"])
        year = parse_year(m["qtr_y3"]) if m["qtr_y3"] else (2000 + int(m["qtr_yy"]) if m["qtr_yy"] else None)
        if year and m["qtr_yy"] and year > 2050:
            year -= 100
        atom = _quarter_from(ctx, q, year, m)
    else:
        word = _key(m["qtr_ord"])
        q = 4 if word == "final" else (parse_count(word) or (0, False))[0] if not word[0].isdigit() else int(word[0])
        if not 1 <= q <= 4:
            return None
        year = parse_year(m["qtr_y1"] or m["qtr_y2"]) if (m["qtr_y1"] or m["qtr_y2"]) else None
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
    s, e = span_of(m)
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
    n = int(m["cen_n"]) if m["cen_n"] else (parse_count(m["cen_w"]) or (0, False))[0]
    if not 1 <= n <= 22:
        return None
    s, e = span_of(m)
    return Atom(s, e, R.century_interval(n), "century", "absolute", "", "cen", True)


def h_hol(m: re.Match[str], ctx: Context) -> Atom | None:
    rule = TABLES.holidays.get(_key(m["hol_name"]))
    s, e = span_of(m)
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
        interval = build(parse_year(m["hol_y"]))
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
    return yearless(ctx, m, build, gran, "hol")


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
    s, e = span_of(m)
    if m["sea_y"]:
        return Atom(s, e, R.season_interval(parse_year(m["sea_y"]), first, last), "season", "absolute", "", "sea", True)
    if not _season_ok(ctx.text, s, e, word):
        return None
    return yearless(ctx, m, lambda y: R.season_interval(y, first, last), "season", "sea")


def h_spy(m: re.Match[str], ctx: Context) -> Atom | None:
    s, e = span_of(m)
    year = parse_year(m["spy_y"] or m["spy_y2"] or m["spy_y3"])
    return Atom(s, e, R.year_interval(year), "year", "absolute", "year written in words", "spy", True)


