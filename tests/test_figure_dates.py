"""Every chart draws an item in its own year, for any year 1–9999, or leaves it out and says so.

The figures used to plot int64 nanoseconds, which wrap outside about 1677–2262: 30 Dec 2999 was drawn in
1830, 1499 in 2084, and a 1595 bucket raised OutOfBoundsDatetime on the timeline overview.
"""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from dateline import export as exporter
from dateline.briefing import Briefing, Item
from dateline.display.actors import statements_figure
from dateline.display.dates import DAY_MAX, DAY_MIN, axis_strings, day_numbers
from dateline.display.overview import overview_unit, timeline_overview_figure
from dateline.display.timeline import timeline_figure
from dateline.export.chart import chart_figure, overview_figure, slide_figures
from dateline.store import open_session
from dateline.store.derived import apply_derived_delta
from dateline.store.query import Filters, StoreReader

EDGE_DAYS = [date(1, 1, 1), date(200, 6, 15), date(1499, 3, 1), date(1595, 1, 1), date(2022, 12, 1),
             date(2999, 12, 30), date(9999, 12, 31)]


def _frame(sql: str) -> pd.DataFrame:
    """Rows as DuckDB hands them to the dashboard (DATE columns arrive as datetime64[us])."""
    return duckdb.connect().execute(sql).df()


def _timeline_rows(days: list[tuple[str, str, str]]) -> pd.DataFrame:
    """One timeline row per (start, end, granularity), through DuckDB like StoreReader.timeline."""
    rows = " UNION ALL ".join(
        f"SELECT 'i{n}' AS item_id, 'event' AS item_type, 'meeting' AS kind, 'Item {n}' AS title, "
        f"DATE '{s}' AS start, DATE '{e}' AS \"end\", '{g}' AS granularity, 'then' AS date_text, "
        "'Outlet' AS outlets, 1 AS n_outlets, 'Alpha' AS actors, false AS date_conflict, "
        "NULL AS conflict_note, NULL AS quote, NULL AS speaker, 1 AS n_mentions, 'Alpha' AS lane"
        for n, (s, e, g) in enumerate(days))
    return _frame(rows)


def _xs(fig) -> list[str]:  # noqa: ANN001
    return [x for t in fig.data if t.x is not None for x in t.x if x is not None]


def _years(fig) -> set[int]:  # noqa: ANN001
    return {int(x[:4]) for x in _xs(fig)}


def test_day_numbers_hold_every_year_from_1_to_9999_and_nothing_else():
    col = _frame("SELECT * FROM (VALUES (DATE '0001-01-01'), (DATE '1499-03-01'), (DATE '2999-12-30'), "
                 "(DATE '9999-12-31'), (NULL), (DATE '-0044-03-15')) t(d)")["d"]
    assert col.dtype.kind == "M"
    days = day_numbers(col)
    assert days[:4].tolist() == [DAY_MIN, date(1499, 3, 1).toordinal(), date(2999, 12, 30).toordinal(), DAY_MAX]
    assert np.isnan(days[4]) and np.isnan(days[5])  # missing, and a year the axis cannot hold
    mixed = day_numbers(pd.Series([date(9999, 12, 31), pd.Timestamp("1595-01-01"), "0200-06-15", "junk", None,
                                   pd.NaT, np.datetime64("1499-01-01")], dtype=object))
    assert mixed[:3].tolist() == [DAY_MAX, date(1595, 1, 1).toordinal(), date(200, 6, 15).toordinal()]
    assert np.isnan(mixed[3:6]).all() and mixed[6] == date(1499, 1, 1).toordinal()
    # noon, and the calendar's edges pinned rather than wrapped
    assert axis_strings([DAY_MIN + 0.5, DAY_MAX + 1.0, np.nan]).tolist() == [
        "0001-01-01T12:00", "9999-12-31T23:59", None]


@pytest.mark.parametrize("day", EDGE_DAYS, ids=str)
def test_a_day_item_is_drawn_at_noon_of_its_own_day_in_any_year(day: date):
    fig = timeline_figure(_timeline_rows([(day.isoformat(), day.isoformat(), "day")]))
    assert _xs(fig) == [f"{day.isoformat()}T12:00"]
    assert fig.layout.meta["undrawn"] == 0


def test_bands_span_their_interval_in_their_own_centuries():
    fig = timeline_figure(_timeline_rows([("1499-01-01", "1499-12-31", "year"), ("0200-01-01", "0299-12-31", "century"),
                                          ("9999-01-01", "9999-12-31", "year"), ("2999-12-30", "2999-12-30", "day")]))
    xs = _xs(fig)
    assert {"1499-01-01T00:00", "1500-01-01T00:00", "0200-01-01T00:00", "0300-01-01T00:00",
            "9999-01-01T00:00", "9999-12-31T23:59", "2999-12-30T12:00"} <= set(xs)
    assert _years(fig) <= {1499, 1500, 200, 249, 250, 300, 9999, 2999}


def test_a_date_no_axis_can_hold_is_left_out_with_a_note_not_drawn_elsewhere():
    fig = timeline_figure(_timeline_rows([("2022-12-01", "2022-12-01", "day"), ("-0044-03-15", "-0044-03-15", "day")]))
    assert _xs(fig) == ["2022-12-01T12:00"]
    assert fig.layout.meta["undrawn"] == 1
    assert any("1 item not drawn" in a.text for a in fig.layout.annotations)
    only_bad = timeline_figure(_timeline_rows([("-0044-03-15", "-0044-03-15", "day")]))
    assert "not drawn" in only_bad.layout.annotations[0].text


def test_overview_buckets_at_the_calendar_edges_are_drawn_in_their_year():
    df = _frame("SELECT * FROM (VALUES ('Outlet A', DATE '1595-01-01', 'meeting', '2 meeting', 2, 0, 2, 2), "
                "('Outlet A', DATE '9999-01-01', 'meeting', '1 meeting', 1, 0, 2, 2), "
                "('Outlet B', DATE '0001-01-01', 'other', '1 other', 1, 1, 1, 2)) "
                "t(lane, bucket, kind, kinds, n, conflicts, lane_total, lanes_total)")
    fig = timeline_overview_figure(df, "Outlet", "year")
    assert sorted(_xs(fig)) == ["0001-07-02T12:00", "1595-07-02T12:00", "9999-07-02T12:00"]
    hovers = " ".join(h for t in fig.data for h in t.hovertext)
    assert "in 1595" in hovers and "in 9999" in hovers and "in 1<br>" in hovers
    assert overview_unit(date(200, 1, 1), date(2100, 11, 16)) == "year"
    assert overview_unit(date(9999, 1, 1), date(9999, 3, 1)) == "day"


def test_the_store_query_path_with_old_and_far_dates(synthetic_store: Path, tmp_path: Path):
    """The t17 failure (Lanes → Outlet with a 1595 item) through the real query layer."""
    db = tmp_path / "edges"
    shutil.copytree(synthetic_store, db)
    with open_session(db) as session:  # three events moved to the calendar's far ends, as an update would
        result = session.execute("SELECT * FROM events ORDER BY id LIMIT 3")
        rows = [dict(zip([d[0] for d in result.description], r, strict=True)) for r in result.fetchall()]
        for row, (s, e, g) in zip(rows, [("1595-01-01", "1595-12-31", "year"), ("2999-12-30", "2999-12-30", "day"),
                                         ("0001-01-01", "0001-01-01", "day")], strict=True):
            row.update(start=date.fromisoformat(s), end=date.fromisoformat(e), granularity=g)
        apply_derived_delta(session, upserts={"events": rows})
        session.commit()
    reader = StoreReader(db)
    try:
        for lane in ("actor", "outlet"):
            df = reader.timeline(Filters(), lane=lane)
            fig = timeline_figure(df, lane)
            assert {1595, 1596, 2999, 1} <= _years(fig) and _years(fig) <= {1, 1595, 1596, 2022, 2023, 2999}
            summary = reader.timeline_summary(Filters())
            unit = overview_unit(summary["date_min"], summary["date_max"])
            ov = timeline_overview_figure(reader.timeline_overview(Filters(), lane, unit), lane, unit)
            assert {1, 1595, 2999} <= _years(ov) and _years(ov) <= {1, 1595, 2022, 2999}
    finally:
        reader.close()


def test_actor_weeks_far_from_now_are_drawn_in_their_year():
    counts = _frame("SELECT * FROM (VALUES (DATE '1499-02-02', 3, 1), (DATE '2999-12-23', 2, 2)) "
                    "t(period, statements, direct)")
    fig = statements_figure(counts, "Someone")
    assert sorted(set(_xs(fig))) == ["1499-02-02T00:00", "2999-12-23T00:00"]


def _items() -> list[Item]:
    spec = [(date(1, 1, 1), date(1, 1, 1), "day"), (date(1499, 1, 1), date(1499, 12, 31), "year"),
            (date(2022, 12, 1), date(2022, 12, 1), "day"), (date(2999, 12, 30), date(2999, 12, 30), "day"),
            (date(9999, 12, 1), date(9999, 12, 31), "month")]
    return [Item(f"e{n}", "event", "meeting", f"Thing {n} happened", start=s, end=e, granularity=g,
                 actors=("Alpha",), outlets=("Outlet",)) for n, (s, e, g) in enumerate(spec)]


def _in_years(fig, allowed: set[int]) -> None:  # noqa: ANN001
    """Every mark in an allowed year; every date label and the axis range inside years 1–9999."""
    marks = {int(x[:4]) for t in fig.data if t.mode != "text" and t.x is not None for x in t.x if x is not None}
    assert marks <= allowed, marks
    lo, hi = fig.layout.xaxis.range
    assert lo >= "0001-01-01" and hi <= "9999-12-31T23:59"
    labels = [x for t in fig.data if t.mode == "text" for x in t.x]
    assert all(lo <= x <= hi for x in labels), (lo, hi, labels)


def test_export_charts_place_items_in_their_years():
    allowed = {1, 1499, 1500, 2022, 2999, 9999}
    items = _items()
    fig = chart_figure(items)
    _in_years(fig, allowed)
    for it in items:
        assert any(x.startswith(it.start.isoformat()) for x in _xs(fig)), it
    for f in slide_figures(items):
        _in_years(f, allowed)
    many = [Item(f"m{n}", "event", "meeting", f"Thing {n}", start=date(2999, 12, 1 + n % 28),
                 end=date(2999, 12, 1 + n % 28), actors=("Alpha",)) for n in range(40)] + items
    ov = overview_figure(many)
    assert ov.layout.meta["points"] > 0
    _in_years(ov, allowed)


@pytest.mark.slow  # kaleido and chromium
@pytest.mark.parametrize("fmt", ["html", "png", "svg", "pptx"])
def test_every_chart_export_renders_items_at_the_calendar_edges(fmt: str):
    briefing = Briefing(name="Edges", headline="Items from year 1 to 9999", items=_items())
    data = exporter.render_bytes(None, fmt, briefing=briefing)
    assert len(data) > 1000
    if fmt == "png":
        from PIL import Image

        Image.open(io.BytesIO(data)).load()
    if fmt == "html":
        text = data.decode("utf-8")
        assert "2999-12-30T12:00" in text and "0001-01-01T12:00" in text and "1830-" not in text


def test_the_axis_range_stays_inside_the_calendar_only_when_it_must():
    """Plotly pads its autorange past the data; past the end of 9999 that range is invalid to it, and it
    shows the year 2000 instead, every item off the chart. Near the edges the range stays inside the calendar."""
    edge = timeline_figure(_timeline_rows([("2022-12-01", "2022-12-01", "day"), ("9999-12-31", "9999-12-31", "day")]))
    lo, hi = edge.layout.xaxis.range
    assert "0001-01-01" <= lo <= "2022-12-01" and "9999-12-31T12:00" <= hi <= "9999-12-31T23:59"
    normal = timeline_figure(_timeline_rows([("2022-12-01", "2022-12-01", "day"), ("2023-01-05", "2023-01-05", "day")]))
    lo, hi = normal.layout.xaxis.range  # the timeline always names its range now (the story window, #12)
    assert "2022-11-29" <= lo < "2022-12-01" and "2023-01-05T12:00" < hi <= "2023-01-07"
    bars = statements_figure(_frame("SELECT DATE '9999-12-27' AS period, 2 AS statements, 1 AS direct"), "X")
    assert bars.layout.xaxis.range[1] <= "9999-12-31T23:59"
