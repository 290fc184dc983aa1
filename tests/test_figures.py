"""The timeline figure builder: honest bands, traceable points, corroboration and conflicts visible."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from dateline.display.figure import SCATTERGL_THRESHOLD
from dateline.display.kinds import CONFLICT_COLOUR
from dateline.display.timeline import marker_size, selected_item_ids, timeline_figure


def _row(item_id: str, start: str, end: str | None = None, granularity: str = "day", kind: str = "meeting",
         lane: str = "Alpha", n_outlets: int = 1, conflict: bool = False, title: str = "Something happened",
         ) -> dict:
    return {
        "item_id": item_id, "item_type": "event", "kind": kind, "title": title,
        "start": pd.Timestamp(start), "end": pd.Timestamp(end or start), "granularity": granularity,
        "date_text": "on Thursday", "outlets": ", ".join(f"Outlet {i}" for i in range(n_outlets)),
        "n_outlets": n_outlets, "actors": lane, "date_conflict": conflict,
        "conflict_note": "Outlet 0: Fri 2 Dec 2022; Outlet 1: Sat 3 Dec 2022" if conflict else None,
        "quote": None, "speaker": None, "n_mentions": n_outlets, "lane": lane,
    }


def _traces(fig: go.Figure, role: str) -> list:
    return [t for t in fig.data if isinstance(t.meta, dict) and t.meta.get("role") == role]


def _ids(trace) -> list[str]:
    return [c[0] for c in trace.customdata if c is not None and c[0] is not None]


def test_a_month_is_drawn_as_a_band_over_the_whole_month_not_a_day():
    fig = timeline_figure(pd.DataFrame([_row("e-month", "2022-11-01", "2022-11-30", "month")]))
    bands = _traces(fig, "band")
    assert len(bands) == 1 and not _traces(fig, "day")
    xs = [x for x in bands[0].x if x is not None]
    assert pd.Timestamp(xs[0]) == pd.Timestamp("2022-11-01 00:00")
    assert pd.Timestamp(xs[-1]) == pd.Timestamp("2022-12-01 00:00")  # the midnight after 30 November


def test_a_day_is_a_marker_at_noon_carrying_its_item_id():
    fig = timeline_figure(pd.DataFrame([_row("e-day", "2022-12-01"), _row("e-other", "2022-12-05")]))
    days = _traces(fig, "day")
    assert len(days) == 1 and not _traces(fig, "band")
    assert sorted(_ids(days[0])) == ["e-day", "e-other"]
    assert pd.Timestamp(days[0].x[0]).hour == 12


def test_every_band_vertex_maps_back_to_its_item():
    rows = [_row("e-week", "2022-11-28", "2022-12-04", "week"), _row("e-year", "2014-01-01", "2014-12-31", "year")]
    fig = timeline_figure(pd.DataFrame(rows))
    ids = {i for t in _traces(fig, "band") for i in _ids(t)}
    assert ids == {"e-week", "e-year"}


def test_marker_size_grows_with_outlets_and_is_capped():
    assert marker_size(1) < marker_size(2) < marker_size(3)
    assert marker_size(50) == marker_size(5)
    fig = timeline_figure(pd.DataFrame([_row("one", "2022-12-01"), _row("three", "2022-12-02", n_outlets=3)]))
    day = _traces(fig, "day")[0]
    sizes = dict(zip(_ids(day), np.asarray(day.marker.size).tolist(), strict=True))
    assert sizes["three"] > sizes["one"]


def test_a_date_conflict_is_marked_in_red_and_named_in_the_hover():
    fig = timeline_figure(pd.DataFrame([_row("c", "2022-12-02", conflict=True, n_outlets=2),
                                        _row("ok", "2022-12-03")]))
    rings = [t for t in fig.data if t.legendgroup == "conflict" and t.x is not None and t.x[0] is not None]
    assert rings and all(t.marker.color == CONFLICT_COLOUR for t in rings)
    assert len(rings[0].x) == 1  # only the conflicted item is ringed
    day = _traces(fig, "day")[0]
    hover = dict(zip(_ids(day), day.hovertext, strict=True))
    assert "Date conflict" in hover["c"] and "Sat 3 Dec 2022" in hover["c"]
    assert "Date conflict" not in hover["ok"]


def test_titles_are_escaped_in_hover_text():
    fig = timeline_figure(pd.DataFrame([_row("x", "2022-12-01", title="<img src=x onerror=alert(1)>")]))
    hover = _traces(fig, "day")[0].hovertext[0]
    assert "<img" not in hover and "&lt;img" in hover


@pytest.mark.parametrize("n, webgl", [(SCATTERGL_THRESHOLD - 10, False), (SCATTERGL_THRESHOLD + 10, True)])
def test_large_timelines_switch_to_webgl(n: int, webgl: bool):
    days = pd.date_range("2020-01-01", periods=n, freq="6h")
    df = pd.DataFrame([_row(f"e{i}", str(d.date()), lane=f"L{i % 7}") for i, d in enumerate(days)])
    fig = timeline_figure(df)
    day_traces = _traces(fig, "day")
    assert all(isinstance(t, go.Scattergl) == webgl for t in day_traces)
    assert fig.layout.meta["webgl"] is webgl


def test_overlapping_items_in_a_lane_are_stacked_not_hidden():
    fig = timeline_figure(pd.DataFrame([_row("a", "2022-12-01"), _row("b", "2022-12-01")]))
    ys = list(_traces(fig, "day")[0].y)
    assert len(set(ys)) == 2


def test_undated_items_are_left_out_and_empty_frames_give_a_message():
    df = pd.DataFrame([_row("a", "2022-12-01")])
    df.loc[0, "start"] = pd.NaT
    fig = timeline_figure(df)
    assert not fig.data and fig.layout.annotations
    assert not timeline_figure(pd.DataFrame()).data


def test_selected_item_ids_reads_plotly_selection_in_order_without_repeats():
    selection = {"points": [{"customdata": ["b"]}, {"customdata": ["a"]}, {"customdata": ["b"]},
                            {"customdata": None}, {"x": 1}]}
    assert selected_item_ids(selection) == ["b", "a"]
    assert selected_item_ids(None) == []


def test_the_seed_timeline_has_a_point_for_every_dated_item(seed_store):
    from dateline.store.query import Filters, StoreReader

    reader = StoreReader(seed_store)
    df = reader.timeline(Filters(), lane="outlet")
    fig = timeline_figure(df, lane_label="Outlet")
    drawn = {i for t in fig.data for i in (_ids(t) if t.customdata is not None else [])}
    assert drawn == set(df["item_id"])
