"""Calendar arithmetic: turn the parsed parts of a temporal expression into an inclusive interval.

Kept apart from detection (``patterns``) so each rule can be tested as plain date arithmetic. Every function
here is pure and total: impossible dates come back as ``None`` rather than raising.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

Interval = tuple[date, date]

MIN_YEAR = 1
MAX_YEAR = 9999


def safe_date(year: int, month: int, day: int) -> date | None:
    """A date, or None when the parts do not form one (31 June, year 0)."""
    try:
        return date(year, month, day)
    except (ValueError, OverflowError):
        return None


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def month_interval(year: int, month: int) -> Interval:
    return date(year, month, 1), month_end(year, month)


def quarter_interval(year: int, quarter: int) -> Interval:
    first = 3 * (quarter - 1) + 1
    return date(year, first, 1), month_end(year, first + 2)


def half_interval(year: int, half: int) -> Interval:
    return (date(year, 1, 1), date(year, 6, 30)) if half == 1 else (date(year, 7, 1), date(year, 12, 31))


def year_interval(year: int) -> Interval:
    return date(year, 1, 1), date(year, 12, 31)


def decade_interval(start_year: int) -> Interval:
    return date(start_year, 1, 1), date(start_year + 9, 12, 31)


def century_interval(ordinal: int) -> Interval:
    """The n-th century as usually meant in news: the 20th century is 1900-1999."""
    first = (ordinal - 1) * 100
    return date(max(first, MIN_YEAR), 1, 1), date(first + 99, 12, 31)


def week_interval(day: date) -> Interval:
    """The ISO week (Monday to Sunday) containing ``day``."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def weekend_interval(day: date, direction: int = -1) -> Interval:
    """The weekend containing ``day``, else the previous (direction -1) or next (+1) one."""
    wd = day.weekday()
    if wd >= 5:
        saturday = day - timedelta(days=wd - 5)
    elif direction < 0:
        saturday = day - timedelta(days=wd + 2)
    else:
        saturday = day + timedelta(days=5 - wd)
    return saturday, saturday + timedelta(days=1)


def season_interval(year: int, first_month: int, last_month: int) -> Interval:
    """A season of ``year``; a season whose last month precedes its first runs into the next year."""
    end_year = year + 1 if last_month < first_month else year
    return date(year, first_month, 1), month_end(end_year, last_month)


def add_months(day: date, months: int) -> date:
    total = day.year * 12 + (day.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def unit_interval(unit: str, day: date) -> Interval:
    """The calendar period of kind ``unit`` that contains ``day``."""
    if unit == "day":
        return day, day
    if unit in ("week", "fortnight"):
        return week_interval(day)
    if unit == "weekend":
        return weekend_interval(day)
    if unit == "month":
        return month_interval(day.year, day.month)
    if unit == "quarter":
        return quarter_interval(day.year, (day.month - 1) // 3 + 1)
    if unit == "year":
        return year_interval(day.year)
    if unit == "decade":
        return decade_interval(day.year - day.year % 10)
    if unit == "century":
        return century_interval(day.year // 100 + 1)
    raise ValueError(unit)


def shift(day: date, unit: str, n: int) -> date:
    """Move ``day`` by ``n`` units (months and longer keep the day of month where possible)."""
    if unit == "day":
        return day + timedelta(days=n)
    if unit in ("week", "weekend"):
        return day + timedelta(weeks=n)
    if unit == "fortnight":
        return day + timedelta(weeks=2 * n)
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}[unit]
    return add_months(day, months * n)


def shift_interval(interval: Interval, unit: str, n: int) -> Interval:
    """Shift a whole period, keeping month ends at month ends (Q3 1989 minus a year is Q3 1988)."""
    start, end = interval
    new_start = shift(start, unit, n)
    new_end = shift(end, unit, n)
    if end == month_end(end.year, end.month):
        new_end = month_end(new_end.year, new_end.month)
    return new_start, new_end


def relative_period(unit: str, anchor: date, offset: int) -> Interval:
    """The period ``offset`` units away from the one containing the anchor ("last week" = -1)."""
    if unit == "weekend":
        if offset < 0:  # "last weekend": the latest one that has ended before the anchor
            end = weekend_interval(anchor - timedelta(days=1) if anchor.weekday() >= 5 else anchor, -1)
            if end[1] >= anchor:
                end = (end[0] - timedelta(weeks=1), end[1] - timedelta(weeks=1))
            return end
        start, stop = weekend_interval(anchor, 1)  # "this weekend": the current or coming one
        return start + timedelta(weeks=offset), stop + timedelta(weeks=offset)
    return unit_interval(unit, shift(unit_interval(unit, anchor)[0], unit, offset))


def span(unit: str, anchor: date, n: int, past: bool) -> Interval:
    """A stretch of ``n`` units ending (past) or starting (future) at the anchor: "the past two weeks"."""
    if past:
        return shift(anchor, unit, -n) + timedelta(days=1), anchor
    return anchor, shift(anchor, unit, n) - timedelta(days=1)


def part_of(interval: Interval, lo: float, hi: float) -> Interval:
    """A fraction of a period. Months are cut by day numbers (early = 1-10, mid = 11-20, late = 21-end);
    longer periods by whole months (early 2022 = January-April)."""
    start, end = interval
    if start.year == end.year and start.month == end.month and start.day == 1:
        first = 1 + round(lo * 30)
        last = round(hi * 30)
        last_day = end.day
        new_start = start.replace(day=min(first, last_day))
        new_end = end if hi >= 1 else start.replace(day=min(max(last, first), last_day))
        return new_start, new_end
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if start.day == 1 and end == month_end(end.year, end.month) and months >= 3:
        first_m = round(lo * months)
        last_m = round(hi * months) - 1
        new_start = add_months(start, first_m)
        last_start = add_months(start, max(last_m, first_m))
        return new_start, month_end(last_start.year, last_start.month)
    days = (end - start).days + 1
    first_d = round(lo * days)
    last_d = max(round(hi * days) - 1, first_d)
    return start + timedelta(days=first_d), start + timedelta(days=last_d)


def weekday_near(anchor: date, weekday: int, direction: int) -> date:
    """The given weekday on or before the anchor (direction -1, the publication day counts), strictly
    before it (-2, "last Tuesday"), on or after it (+1) or strictly after it (+2, "next Monday")."""
    diff = weekday - anchor.weekday()
    if direction == -1:
        return anchor + timedelta(days=diff if diff <= 0 else diff - 7)
    if direction == -2:
        return anchor + timedelta(days=diff if diff < 0 else diff - 7)
    if direction == 1:
        return anchor + timedelta(days=diff if diff >= 0 else diff + 7)
    return anchor + timedelta(days=diff if diff > 0 else diff + 7)


def pick_year(anchor: date, build: object, direction: int, slack_days: int = 31) -> tuple[Interval | None, int]:
    """Choose the year for a yearless expression, by which way its clause looks (``direction``):

    - past (-1): the nearest occurrence that has started on or before the anchor (news reports the past:
      "since February", "the invasion on February 24" in a December article are this year's, not next);
    - forward (+1): the first candidate that has not ended more than ``slack_days`` before the anchor
      (tested on the interval's end, so that quarters, whose results come out weeks later, get a longer
      slack);
    - neither (0): the candidate whose start falls in a 12-month window around the anchor, 10 months back
      and 2 ahead ("the hearing is on Dec. 20" two weeks ahead; a yearless date well after the anchor is
      last year's).

    ``build(year)`` returns the interval for a year or None. Years the calendar cannot hold are skipped; with
    no candidate left the result is (None, year).
    """
    candidates: list[tuple[Interval, int]] = []
    for year in (anchor.year, anchor.year - 1, anchor.year + 1):
        if not MIN_YEAR <= year <= MAX_YEAR:
            continue
        try:
            interval = build(year)  # type: ignore[operator]
        except (ValueError, OverflowError):
            interval = None
        if interval is not None:
            candidates.append((interval, year))
    if not candidates:
        return None, anchor.year
    if direction < 0:
        started = [c for c in candidates if c[0][0] <= anchor]
        if started:
            return max(started, key=lambda c: c[0][0])
        return candidates[0] if candidates[0][1] == anchor.year else (None, anchor.year)
    lo = shift_safe(anchor, "day", -slack_days) if direction > 0 else shift_safe(anchor, "month", -10)
    hi = shift_safe(lo, "month", 12) if direction > 0 else shift_safe(anchor, "month", 2)
    for interval, year in candidates:
        if lo <= interval[1 if direction > 0 else 0] < hi:
            return interval, year
    own = [c for c in candidates if c[1] == anchor.year]
    return own[0] if own else (None, anchor.year)


def shift_safe(day: date, unit: str, n: int) -> date:
    """``shift`` clamped to the calendar: past 9999-12-31 or before 0001-01-01 it stops at the edge."""
    try:
        return shift(day, unit, n)
    except (ValueError, OverflowError):
        return date.max if n > 0 else date.min


def easter(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def holiday(rule: str, year: int) -> date | None:
    """The date of a holiday rule from ``holidays.tsv`` in ``year``."""
    kind, _, arg = rule.partition(":")
    if kind == "fixed":
        month, day = (int(x) for x in arg.split("-"))
        return safe_date(year, month, day)
    if kind == "nth":
        month, nth, weekday = (int(x) for x in arg.split(":"))
        if nth > 0:
            first = date(year, month, 1)
            return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
        last = month_end(year, month)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    if kind == "easter":
        return easter(year) + timedelta(days=int(arg or 0))
    if kind == "election":
        first = date(year, 11, 2)
        return first + timedelta(days=(1 - first.weekday()) % 7)
    return None
