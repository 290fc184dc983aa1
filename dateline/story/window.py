"""The story window: the stretch of time where a corpus' day-precise items concentrate.

The timeline opens on it instead of on the span of every date (a corpus about December 2022 mentions
1962 and 2023 too, and a single stray "in 200 AD" would otherwise set the axis). It is found from the
number of day-precise items per day, as the shortest window holding a share ``q`` of them, for ``q``
growing from ``MIN_SHARE`` to ``MAX_SHARE`` in steps of ``STEP``. The window grows with ``q``; the
search stops before a step where holding ``STEP`` more of the items would make the window more than
``MAX_GROWTH`` times longer: such a jump means the next items are a separate, sparse cluster (a
follow-up article three weeks later, a background date), not the body of the story. A smooth story
(news attention rising and decaying) grows by 10–30 % a step, so it is kept whole up to ``MAX_SHARE``.

The window found is then padded by ``PAD`` of its length on each side (at least a day) and never shorter
than ``MIN_DAYS``, so one day of items is shown as a week around it, not as two milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

MIN_SHARE = 0.6    # the smallest share of the items the window holds
MAX_SHARE = 0.9    # the largest: the last tenth is left to the "earlier / later" indicators
STEP = 0.05
MAX_GROWTH = 2.0   # a step may at most double the window (lengths below MIN_DAYS count as MIN_DAYS)
MIN_DAYS = 7       # the shortest window shown, padding included
PAD = 0.1          # padding on each side, as a share of the window's length


@dataclass(frozen=True, slots=True)
class StoryWindow:
    """Days ``start``–``end`` (inclusive) to show; ``core_start``–``core_end`` hold ``share`` of the
    ``total`` day-precise items (``inside`` of them) before padding."""

    start: date
    end: date
    core_start: date
    core_end: date
    share: float
    inside: int
    total: int

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _shortest(days: list[date], counts: list[int], need: float) -> tuple[int, int, int]:
    """The shortest run of days (first index, last index, items in it) holding at least ``need`` items;
    two pointers over the sorted days, ties to the earliest."""
    best = (0, len(days) - 1, sum(counts))
    best_len = (days[-1] - days[0]).days
    total, i = 0, 0
    for j, n in enumerate(counts):
        total += n
        while i < j and total - counts[i] >= need:
            total -= counts[i]
            i += 1
        if total >= need and (days[j] - days[i]).days < best_len:
            best, best_len = (i, j, total), (days[j] - days[i]).days
    return best


def _clamped(day: date, delta: int) -> date:
    """``day`` moved by ``delta`` days, held inside the calendar (years 1–9999)."""
    ordinal = min(max(day.toordinal() + delta, date.min.toordinal()), date.max.toordinal())
    return date.fromordinal(ordinal)


def story_window(day_counts: Mapping[date, int] | Iterable[tuple[date, int]]) -> StoryWindow | None:
    """The window to open the timeline on, from the number of day-precise items on each day (None when
    there are none). Days with a count of zero or less are ignored."""
    pairs = day_counts.items() if isinstance(day_counts, Mapping) else day_counts
    merged: dict[date, int] = {}
    for day, n in pairs:
        if isinstance(day, date) and int(n) > 0:
            merged[day] = merged.get(day, 0) + int(n)
    if not merged:
        return None
    days = sorted(merged)
    counts = [merged[d] for d in days]
    total = sum(counts)

    def length(run: tuple[int, int, int]) -> int:
        return max((days[run[1]] - days[run[0]]).days + 1, MIN_DAYS)

    chosen = _shortest(days, counts, MIN_SHARE * total)
    steps = round((MAX_SHARE - MIN_SHARE) / STEP)
    for k in range(1, steps + 1):
        wider = _shortest(days, counts, (MIN_SHARE + k * STEP) * total)
        if length(wider) > MAX_GROWTH * length(chosen):
            break
        chosen = wider
    core_start, core_end, inside = days[chosen[0]], days[chosen[1]], chosen[2]
    span = (core_end - core_start).days + 1
    pad = max(1, round(PAD * span))
    short = max(0, MIN_DAYS - (span + 2 * pad))  # widen a short window evenly to MIN_DAYS
    start = _clamped(core_start, -(pad + short // 2))
    end = _clamped(core_end, pad + short - short // 2)
    return StoryWindow(start=start, end=end, core_start=core_start, core_end=core_end,
                       share=inside / total, inside=inside, total=total)

