"""Date arithmetic that never overflows at the calendar's edges (1 Jan 0001, 31 Dec 9999).

A manifest may date an article 0001-01-01 or 9999-12-31, and ``date + timedelta`` then raises
OverflowError (``replace(year=0)`` a ValueError) in the middle of grouping or candidates, which stopped
the whole build. Derivation code shifts dates through these helpers instead: a window or a neighbour
that would leave the calendar stops at its edge (``shift``) or does not exist (``shifted``).
"""

from __future__ import annotations

from datetime import date, timedelta

FIRST_DAY = date.min
LAST_DAY = date.max


def shifted(d: date, days: int | timedelta) -> date | None:
    """``d`` moved by ``days``, or None when that day is outside years 1–9999."""
    delta = days if isinstance(days, timedelta) else timedelta(days=days)
    try:
        return d + delta
    except OverflowError:
        return None


def shift(d: date, days: int | timedelta) -> date:
    """``d`` moved by ``days``, stopping at the calendar's first or last day (for windows and slack)."""
    moved = shifted(d, days)
    if moved is not None:
        return moved
    return FIRST_DAY if (days.days if isinstance(days, timedelta) else days) < 0 else LAST_DAY


def shifted_years(d: date, years: int) -> date | None:
    """``d`` moved by whole years (29 February becomes the 28th), or None outside years 1–9999."""
    year = d.year + years
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        return None
    try:
        return d.replace(year=year)
    except ValueError:  # 29 February in a common year
        return d.replace(year=year, day=28)


def days_between(start: date, end: date) -> list[date]:
    """Every day from ``start`` to ``end`` inclusive (empty when ``end`` is before ``start``)."""
    first, n = start.toordinal(), end.toordinal() - start.toordinal() + 1
    return [date.fromordinal(first + i) for i in range(max(n, 0))]
