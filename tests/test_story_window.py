"""The story window: where the day-precise items concentrate (the timeline opens on it)."""

from __future__ import annotations

import math
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from dateline.story.window import MAX_SHARE, MIN_DAYS, MIN_SHARE, story_window


def _days(start: date, counts: list[int]) -> dict[date, int]:
    return {start + timedelta(days=i): n for i, n in enumerate(counts) if n}


def test_a_dense_week_and_a_sparse_follow_up_open_on_the_week():
    # Like the seed corpus: most items around 2 December, a follow-up article on 25 December, strays.
    counts = {date(2022, 11, 30): 3, date(2022, 12, 1): 3, date(2022, 12, 2): 99, date(2022, 12, 3): 22,
              date(2022, 12, 24): 1, date(2022, 12, 25): 38, date(2022, 2, 24): 1, date(2023, 2, 24): 1}
    w = story_window(counts)
    assert w is not None
    assert (w.core_start, w.core_end) == (date(2022, 11, 30), date(2022, 12, 3))
    assert w.start <= date(2022, 11, 30) and w.end >= date(2022, 12, 3)
    assert w.end < date(2022, 12, 24)             # the follow-up stays outside (an indicator, not the view)
    assert MIN_DAYS <= w.days <= 14
    assert w.inside == 127 and w.total == 168


def test_a_smooth_story_is_kept_whole_up_to_the_maximum_share():
    # Attention that rises over a few days and decays over months: no separate cluster to cut off.
    counts = {date(2010, 4, 20) + timedelta(days=i): max(1, round(300 * math.exp(-i / 40))) for i in range(200)}
    w = story_window(counts)
    assert w is not None
    assert w.share >= MAX_SHARE - 0.01
    assert w.core_start == date(2010, 4, 20)
    assert 60 < (w.core_end - w.core_start).days < 200


def test_stray_dates_never_set_the_window():
    counts = _days(date(2010, 5, 1), [50] * 30)
    counts.update({date(200, 1, 1): 3, date(2100, 11, 16): 2, date(1953, 4, 18): 1})
    w = story_window(counts)
    assert w is not None
    assert date(2010, 4, 1) <= w.start and w.end <= date(2010, 6, 30)


def test_one_day_is_shown_as_a_week_around_it_not_as_milliseconds():
    w = story_window({date(2022, 12, 2): 17})
    assert w is not None
    assert w.days == MIN_DAYS
    assert w.start < date(2022, 12, 2) < w.end


def test_nothing_to_place_gives_no_window():
    assert story_window({}) is None
    assert story_window([(date(2022, 1, 1), 0)]) is None
    assert story_window([(None, 3)]) is None  # type: ignore[list-item]


def test_the_calendars_edges_do_not_overflow():
    w = story_window({date.min: 2, date.max: 1})
    assert w is not None and w.start == date.min
    w = story_window({date.max: 5})
    assert w is not None and w.end == date.max and w.days >= 1


def test_pairs_with_repeated_days_are_summed():
    w = story_window([(date(2022, 1, 3), 2), (date(2022, 1, 3), 3), (date(2022, 6, 1), 1)])
    assert w is not None and w.total == 6 and w.inside == 5


@given(st.dictionaries(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
                       st.integers(min_value=1, max_value=50), min_size=1, max_size=60))
def test_the_window_holds_its_core_and_at_least_the_minimum_share(counts: dict[date, int]):
    w = story_window(counts)
    assert w is not None
    assert w.start <= w.core_start <= w.core_end <= w.end
    assert w.days >= MIN_DAYS
    inside = sum(n for d, n in counts.items() if w.core_start <= d <= w.core_end)
    assert inside == w.inside >= MIN_SHARE * w.total - 1e-9
