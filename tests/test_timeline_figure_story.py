"""The timeline figures open on the story: the window as x-range, key events labelled without overlaps,
the busiest lanes with the rest folded into "Others" — detail and overview alike."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from dateline.display.dates import day_number
from dateline.display.labels import (
    GAP_PX,
    PAD_PX,
    PLOT_WIDTH_PX,
    Label,
    place_labels,
    text_width,
)
from dateline.display.overview import timeline_overview_figure
from dateline.display.timeline import STORY_LANES, timeline_figure
from dateline.store.query import (
    Filters,
    StoreReader,
    profile_day_counts,
    profile_edges,
    profile_summary,
)

START = date(2022, 11, 20)


def _row(item_id: str, day: date, lane: str, key_rank: int | None = None, headline: str = "",
         granularity: str = "day", end: date | None = None) -> dict:
    return {
        "item_id": item_id, "item_type": "event", "kind": "meeting", "title": f"Title of {item_id}",
        "start": pd.Timestamp(day), "end": pd.Timestamp(end or day), "granularity": granularity,
        "date_text": "on Friday", "outlets": "Outlet A", "n_outlets": 1, "actors": lane,
        "date_conflict": False, "conflict_note": None, "quote": None, "speaker": None, "n_mentions": 1,
        "lane": lane, "key_rank": key_rank, "key_headline": headline or None,
    }


def _story_rows(n_lanes: int = 30, per_lane: int = 3, keys: int = 12) -> pd.DataFrame:
    """Lane ``i`` holds ``per_lane * (n_lanes - i)`` items over three weeks; the first ``keys`` items of
    the busiest lane are key events with long headlines."""
    rows = []
    for lane in range(n_lanes):
        for k in range(per_lane * (n_lanes - lane)):
            day = START + timedelta(days=k % 21)
            rank = k + 1 if lane == 0 and k < keys else None
            rows.append(_row(f"e{lane}-{k}", day, f"Lane {lane:02d}", rank,
                             f"Key event number {rank} happened and many outlets reported it" if rank else ""))
    return pd.DataFrame(rows)


def _label_boxes(fig) -> list[tuple[float, float, float]]:
    """(row y, left px, right px) of every key-event label, at the width the layout assumed."""
    x0, x1 = (day_number(x[:10]) + int(x[11:13]) / 24 + int(x[14:16]) / 1440 for x in fig.layout.xaxis.range)
    scale = PLOT_WIDTH_PX / (x1 - x0)
    boxes = []
    for a in fig.layout.annotations:
        if not (a.name or "").startswith("key-label"):
            continue
        centre = (day_number(a.x[:10]) + 0.5 - x0) * scale + (a.xshift or 0)
        w = text_width(a.text) + 2 * PAD_PX
        boxes.append((a.y, centre - w / 2, centre + w / 2))
    return boxes


def test_the_axis_is_the_window_given_not_the_span_of_every_date():
    rows = _story_rows(n_lanes=3)
    stray = pd.DataFrame([_row("old", date(1962, 1, 1), "Lane 00", granularity="year", end=date(1962, 12, 31))])
    fig = timeline_figure(pd.concat([rows, stray]), x_range=(date(2022, 11, 18), date(2022, 12, 14)))
    assert fig.layout.meta["x_range"] == ["2022-11-18T00:00", "2022-12-15T00:00"]  # to the midnight after
    lo, hi = (pd.Timestamp(x) for x in fig.layout.xaxis.range)  # the axis: that, 2 % to spare each side
    assert pd.Timestamp("2022-11-17T10:00") < lo < pd.Timestamp("2022-11-18") and \
        pd.Timestamp("2022-12-15") < hi < pd.Timestamp("2022-12-15T14:00")


def test_key_event_labels_never_overlap_and_those_that_do_not_fit_are_dropped():
    rows = _story_rows()
    key = rows[rows["key_rank"].notna()]
    fig = timeline_figure(rows, max_lanes=STORY_LANES, others=True, x_range=(START, START + timedelta(days=20)),
                          key_items=key)
    meta = fig.layout.meta
    boxes = _label_boxes(fig)
    assert meta["labels"] == len(boxes) > 0
    assert meta["label_candidates"] == 12 > meta["labels"]  # twelve long headlines cannot all fit
    for i, (y1, l1, r1) in enumerate(boxes):
        assert l1 >= -1 and r1 <= PLOT_WIDTH_PX + 1  # pushed inside the plot
        for y2, l2, r2 in boxes[i + 1:]:
            if y1 == y2:
                assert r1 + GAP_PX <= l2 + 0.01 or r2 + GAP_PX <= l1 + 0.01, (l1, r1, l2, r2)
    texts = [a.text for a in fig.layout.annotations if (a.name or "").startswith("key-label")]
    assert all(len(t) <= 36 for t in texts) and all(t.endswith("…") for t in texts)
    ranks = sorted(int(a.name.rsplit("-", 1)[1]) for a in fig.layout.annotations if (a.name or "").startswith("key-label"))
    assert ranks[0] == 1  # the best key event is always labelled


def test_labels_outside_the_window_are_not_drawn():
    rows = _story_rows(n_lanes=2, keys=3)
    key = rows[rows["key_rank"].notna()]
    fig = timeline_figure(rows, x_range=(START + timedelta(days=10), START + timedelta(days=20)), key_items=key)
    assert fig.layout.meta["labels"] == 0 and fig.layout.meta["label_candidates"] == 0


def test_label_text_is_escaped():
    rows = pd.DataFrame([_row("x", START, "A", 1, "<img src=x onerror=alert(1)> met")])
    fig = timeline_figure(rows, key_items=rows)
    texts = [a.text for a in fig.layout.annotations if (a.name or "").startswith("key-label")]
    assert texts and "<img" not in texts[0] and "&lt;img" in texts[0]


def test_place_labels_keeps_the_best_and_shifts_edge_labels_inside():
    labels = [Label(x=0.0, text="A label at the very left edge", rank=1),
              Label(x=10.0, text="Another at the right edge", rank=2),
              *[Label(x=5.0, text=f"Crowded label number {i}", rank=3 + i) for i in range(10)]]
    placed = place_labels(labels, (0.0, 10.0), width_px=400, max_rows=2)
    assert [p.label.rank for p in placed][:2] == [1, 2]
    assert placed[0].left == 0 and placed[0].shift > 0
    assert placed[1].right == pytest.approx(400) and placed[1].shift < 0
    assert len(placed) < len(labels)
    for r in (0, 1):
        row = sorted((p.left, p.right) for p in placed if p.row == r)
        assert all(a[1] + GAP_PX <= b[0] for a, b in zip(row, row[1:], strict=False))


def test_the_busiest_lanes_are_drawn_and_the_rest_fold_into_others():
    rows = _story_rows(n_lanes=30)
    fig = timeline_figure(rows, max_lanes=STORY_LANES, others=True)
    ticks = list(fig.layout.yaxis.ticktext)
    assert len(ticks) == STORY_LANES + 1
    assert ticks[:3] == ["Lane 00", "Lane 01", "Lane 02"]  # busiest first
    assert ticks[-1] == "Others (18 lanes)"
    assert fig.layout.meta["lanes_total"] == 30 and fig.layout.meta["lanes_folded"] == 18
    drawn = {c[0] for t in fig.data if t.customdata is not None for c in t.customdata if c is not None and c[0]}
    assert drawn == set(rows["item_id"])  # folding keeps every item
    # Without folding the quiet lanes are left out (the export's behaviour), and a single extra lane is
    # drawn as itself rather than renamed "Others".
    assert len(timeline_figure(rows, max_lanes=STORY_LANES).layout.yaxis.ticktext) == STORY_LANES
    few = _story_rows(n_lanes=STORY_LANES + 1)
    assert "Others" not in " ".join(timeline_figure(few, max_lanes=STORY_LANES, others=True).layout.yaxis.ticktext)


def test_an_item_in_several_folded_lanes_is_drawn_once_in_others():
    rows = _story_rows(n_lanes=STORY_LANES + 3)
    shared = pd.DataFrame([_row("both", START, "Quiet A"), _row("both", START, "Quiet B")])
    fig = timeline_figure(pd.concat([rows, shared]), max_lanes=STORY_LANES, others=True)
    ids = [c[0] for t in fig.data if t.customdata is not None for c in t.customdata if c is not None and c[0]]
    assert ids.count("both") == 1


def test_the_overview_follows_the_same_rules(seed_store):
    reader = StoreReader(seed_store)
    window = (date(2022, 11, 29), date(2022, 12, 5))
    f = Filters(date_from=window[0], date_to=window[1])
    rows = reader.timeline_overview(f, "actor", "day", max_lanes=STORY_LANES, others=True)
    assert rows["lane"].isna().any() and rows["lane"].isna().to_numpy()[-1]  # "Others" comes last
    key = reader.items(Filters(key_events=reader.default_top_n()))
    fig = timeline_overview_figure(rows, "Actor", "day", x_range=window, key_items=key)
    ticks = list(fig.layout.yaxis.ticktext)
    assert len(ticks) == STORY_LANES + 1 and ticks[-1].startswith("Others (")
    assert fig.layout.meta["x_range"] == ["2022-11-29T00:00", "2022-12-06T00:00"]
    assert fig.layout.meta["labels"] > 0
    # The kept lanes count what they count unfolded; "Others" counts each item of the folded lanes once.
    unfolded = reader.timeline_overview(f, "actor", "day", max_lanes=1000)
    kept = [lane for lane in dict.fromkeys(rows["lane"]) if isinstance(lane, str)]
    assert rows[rows["lane"].isin(kept)]["n"].sum() == unfolded[unfolded["lane"].isin(kept)]["n"].sum()
    items = reader.timeline(f, "actor")
    assert rows[rows["lane"].isna()]["n"].sum() == items[~items["lane"].isin(kept)]["item_id"].nunique()


def test_a_profile_gives_what_the_queries_give(seed_store):
    """The dashboard reads one profile per filter set instead of three queries: same answers."""
    reader = StoreReader(seed_store)
    for f in (Filters(), Filters(show="events"), Filters(text="putin"), Filters(key_events=3)):
        profile = reader.timeline_profile(f)
        assert profile_day_counts(profile) == reader.day_counts(f)
        for first, last in ((date(2022, 11, 29), date(2022, 12, 5)), (date(1900, 1, 1), date(2100, 1, 1))):
            assert profile_edges(profile, first, last) == reader.timeline_edges(f, first, last)
            dated = Filters(**{**f.__dict__, "date_from": first, "date_to": last})
            assert profile_summary(profile, first, last) == reader.timeline_summary(dated)


def test_a_band_reaching_past_the_window_is_cut_at_its_edges_with_its_handle_on_screen():
    year = pd.DataFrame([_row("y", date(2022, 1, 1), "A", granularity="year", end=date(2022, 12, 31)),
                         _row("d", date(2022, 12, 2), "A")])
    fig = timeline_figure(year, x_range=(date(2022, 11, 29), date(2022, 12, 5)))
    band = next(t for t in fig.data if (t.meta or {}).get("role") == "band")
    xs = [x for x in band.x if x is not None]
    assert xs == ["2022-11-29T00:00", "2022-12-02T12:00", "2022-12-06T00:00"]
    assert "2022" in band.hovertext[1]  # the hover still says what the band stands for
