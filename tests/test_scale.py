"""The timeline at scale: above ``DETAIL_LIMIT`` matching items it draws counts per lane and period.

Real DuckDB (a synthetic store written through the build's writer) and the real app under AppTest.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.data import DETAIL_LIMIT
from dateline.display.overview import timeline_overview_figure
from dateline.settings import PROJECT_ROOT
from dateline.store.query import Filters, StoreReader
from dateline.store.synthetic import make_synthetic_store

N_EVENTS = DETAIL_LIMIT * 2


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_synthetic_store(tmp_path_factory.mktemp("big") / "big.duckdb", N_EVENTS)


def test_summary_counts_match_the_items_query(big_store: Path) -> None:
    reader = StoreReader(big_store)
    f = Filters(show="events")
    summary = reader.timeline_summary(f)
    items = reader.items(f, limit=10 * N_EVENTS)
    assert summary["items"] == summary["events"] == N_EVENTS == len(items)
    assert summary["conflicts"] == int(items["date_conflict"].sum())
    assert summary["date_min"] == items["start"].min().date()


def test_overview_counts_every_item_once_per_lane(big_store: Path) -> None:
    reader = StoreReader(big_store)
    f = Filters(show="events")
    df = reader.timeline_overview(f, "outlet", "month", max_lanes=100)
    # every synthetic event has exactly one outlet, so lanes partition the items
    assert int(df["n"].sum()) == N_EVENTS
    assert (df["bucket"].map(lambda d: d.day) == 1).all()
    fig = timeline_overview_figure(df, "Outlet", "month")
    assert fig.layout.meta["overview"] and fig.layout.meta["lane_items"] == N_EVENTS
    assert sum(len(t.x) for t in fig.data) == len(df)
    capped = reader.timeline_overview(Filters(), "actor", "week", max_lanes=5)
    assert capped["lane"].nunique() == 5 and capped["lanes_total"].iloc[0] > 5


def test_timeline_page_shows_the_overview_for_a_large_result(
    big_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATELINE_DB", str(big_store))
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception
    assert any("too many to draw one by one" in c.value for c in at.caption)
    charts = at.get("plotly_chart")
    assert len(charts) == 1
