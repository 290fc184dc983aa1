"""The Timeline page under streamlit.testing on the seed store: it opens on the story window, counts what
lies outside it, labels and filters key events, folds quiet lanes, and the URL reproduces the view."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dateline.display.dates import day_number
from dateline.settings import PROJECT_ROOT
from dateline.store.query import Filters, StoreReader
from dateline.story.window import story_window
from tests.test_dashboard import shown_text

APP = str(PROJECT_ROOT / "app.py")


@pytest.fixture
def app(seed_store: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("DATELINE_DB", str(seed_store))
    return AppTest.from_file(APP, default_timeout=90)


@pytest.fixture
def reader(seed_store: Path) -> StoreReader:
    return StoreReader(seed_store)


def _window(reader: StoreReader, **kw) -> Filters:
    w = story_window(reader.day_counts(Filters(**kw)))
    assert w is not None
    return Filters(date_from=w.start, date_to=w.end, **kw)


def _figure(at: AppTest) -> dict:
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.spec)


def _params(at: AppTest) -> dict[str, list[str]]:
    return {k: at.query_params.get_all(k) if hasattr(at.query_params, "get_all") else at.query_params[k]
            for k in at.query_params}


def _qp(at: AppTest, name: str) -> str | None:
    value = at.query_params.get(name)
    if isinstance(value, list):
        return value[-1] if value else None
    return value


def test_it_opens_on_the_story_window_and_counts_what_lies_outside(app: AppTest, reader: StoreReader):
    at = app.run()
    assert not at.exception
    story = _window(reader)
    assert tuple(at.date_input(key="flt_dates").value) == (story.date_from, story.date_to)
    fig = _figure(at)
    lo, hi = (day_number(v[:10]) for v in fig["layout"]["xaxis"]["range"])
    assert 5 <= hi - lo <= 31  # weeks, not decades
    assert _qp(at, "from") is None and _qp(at, "to") is None  # the default stays out of the link
    edges = reader.timeline_edges(Filters(), story.date_from, story.date_to)
    assert edges["before"] > 0 and edges["after"] > 0
    assert at.button(key="tl_earlier").label == f"◀ {edges['before']:,} earlier"
    assert at.button(key="tl_later").label == f"{edges['after']:,} later ▶"
    assert len(at.selectbox(key="tl_pick").options) == reader.timeline(story)["item_id"].nunique()


def test_earlier_brings_the_earlier_items_in_and_the_story_window_comes_back(app: AppTest, reader: StoreReader):
    at = app.run()
    story = _window(reader)
    edges = reader.timeline_edges(Filters(), story.date_from, story.date_to)
    at.button(key="tl_earlier").click().run()
    assert not at.exception
    assert tuple(at.date_input(key="flt_dates").value)[0] == edges["earliest"]
    assert _qp(at, "to") == story.date_to.isoformat()  # a widened range is pinned in the link
    assert not [b for b in at.button if b.key == "tl_earlier"]  # nothing earlier is left out
    wider = Filters(date_from=edges["earliest"], date_to=story.date_to)
    assert len(at.selectbox(key="tl_pick").options) == reader.timeline(wider)["item_id"].nunique()
    at.button(key="tl_story").click().run()
    assert tuple(at.date_input(key="flt_dates").value) == (story.date_from, story.date_to)
    assert _qp(at, "from") is None and _qp(at, "to") is None


def test_key_events_are_labelled_and_the_switch_shows_only_them(app: AppTest, reader: StoreReader):
    at = app.run()
    labels = [a for a in _figure(at)["layout"].get("annotations", []) if a.get("name", "").startswith("key-label")]
    assert labels, "the key events are labelled on the chart"
    top_n = reader.default_top_n()
    at.toggle(key="tl_key").set_value(True).run()
    assert not at.exception
    key_only = replace(_window(reader), key_events=top_n)
    expected = reader.timeline(key_only)["item_id"].nunique()
    assert 0 < expected == len(at.selectbox(key="tl_pick").options) < 20
    assert _qp(at, "key") == "1"
    at.toggle(key="tl_key").set_value(False).run()
    assert _qp(at, "key") is None
    assert len(at.selectbox(key="tl_pick").options) > expected


def test_quiet_lanes_fold_into_others_until_all_lanes_are_asked_for(app: AppTest):
    at = app.run()
    ticks = _figure(at)["layout"]["yaxis"]["ticktext"]
    assert len(ticks) == 13 and ticks[-1].startswith("Others (")
    assert any("folded into “Others”" in c.value for c in at.caption)
    at.toggle(key="tl_all_lanes").set_value(True).run()
    assert not at.exception
    ticks = _figure(at)["layout"]["yaxis"]["ticktext"]
    assert len(ticks) > 13 and not any(t.startswith("Others (") for t in ticks)
    assert _qp(at, "lanes") == "all"


def test_the_url_reproduces_the_view_and_the_selected_item(app: AppTest, seed_store: Path, reader: StoreReader,
                                                          monkeypatch: pytest.MonkeyPatch):
    at = app.run()
    at.radio(key="tl_lane").set_value("outlet").run()
    at.radio(key="tl_show").set_value("events").run()
    at.toggle(key="tl_all_lanes").set_value(True).run()
    at.button(key="tl_later").click().run()
    item = reader.timeline(_window(reader, show="events"), lane="outlet")["item_id"].iloc[-1]
    # A click on the chart selects the item (what the Plotly frontend sends back).
    at.session_state["tl_chart"] = {"selection": {"points": [{"customdata": [item]}], "point_indices": [0],
                                                  "box": [], "lasso": []}}
    at.run()
    assert not at.exception
    assert _qp(at, "item") == item
    link = {k: at.query_params.get(k) for k in at.query_params}
    assert link["lane"] in ("outlet", ["outlet"]) and link["show"] in ("events", ["events"])
    assert "to" in link and "lanes" in link

    # A colleague opens the link in a new session: same view, same item, its evidence shown.
    again = AppTest.from_file(APP, default_timeout=90)
    for k, v in link.items():
        again.query_params[k] = v
    again.run()
    assert not again.exception
    assert again.selectbox(key="tl_pick").value == item
    assert again.selectbox(key="tl_pick").options == at.selectbox(key="tl_pick").options
    assert tuple(again.date_input(key="flt_dates").value) == tuple(at.date_input(key="flt_dates").value)
    assert _figure(again)["layout"]["yaxis"]["ticktext"] == _figure(at)["layout"]["yaxis"]["ticktext"]
    sentence = reader.evidence(item)["sentence"].iloc[0]
    assert sentence[:60] in shown_text(again)


@pytest.mark.parametrize("params", [
    {"from": "not-a-date", "to": "99999-99-99", "key": "<script>", "lanes": "../../etc", "item": "'; DROP TABLE x"},
    {"item": "ev-does-not-exist", "lane": "nope", "show": "[]", "actor": "Nobody at all", "q": "x" * 5000},
    {"from": "2022-12-31", "to": "2022-01-01", "kind": "\x00", "outlet": "%00", "key": "1", "lanes": "1"},
    {"from": "0001-01-01", "to": "9999-12-31", "item": "a" * 10_000},
])
def test_odd_or_malicious_query_parameters_never_raise(app: AppTest, params: dict[str, str]):
    for k, v in params.items():
        app.query_params[k] = v
    at = app.run()
    assert not at.exception
    if at.get("plotly_chart"):
        assert at.selectbox(key="tl_pick").value is None  # no such item: nothing selected, nothing raised
    else:  # a search for 200 x's (the cap on search text) finds nothing: said so, not raised
        assert any("No dated item matches" in i.value for i in at.info)


def test_clear_filters_returns_to_the_story_view(app: AppTest, reader: StoreReader):
    at = app.run()
    at.toggle(key="tl_key").set_value(True).run()
    at.button(key="tl_later").click().run()
    at.text_input(key="flt_text").set_value("Peskov").run()
    at.button(key="flt_clear").click().run()
    assert not at.exception
    story = _window(reader)
    assert tuple(at.date_input(key="flt_dates").value) == (story.date_from, story.date_to)
    assert at.toggle(key="tl_key").value is False
    assert not {"from", "to", "key", "q", "item"} & set(at.query_params)


@pytest.fixture
def big_app(synthetic_store: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """A store with more matching items than the chart draws one by one: the page opens on the overview."""
    monkeypatch.setenv("DATELINE_DB", str(synthetic_store))
    monkeypatch.setattr("components.data.DETAIL_LIMIT", 50)
    return AppTest.from_file(APP, default_timeout=90)


def test_a_click_on_an_overview_marker_shows_that_lanes_items_of_that_period(big_app: AppTest,
                                                                            synthetic_store: Path):
    at = big_app.run()
    assert not at.exception
    fig = _figure(at)
    assert fig["layout"]["meta"]["overview"]
    lanes = [t for t in fig["data"] if t.get("customdata")]
    lane, first, last = next(c for t in lanes for c in t["customdata"] if c[0])
    at.session_state["tl_overview"] = {"selection": {"points": [{"customdata": [lane, first, last]}],
                                                     "point_indices": [0], "box": [], "lasso": []}}
    at.run()
    assert not at.exception
    assert at.multiselect(key="flt_actors").value == [lane]
    assert [d.isoformat() for d in at.date_input(key="flt_dates").value] == [first, last]
    assert _qp(at, "from") == first and _qp(at, "actor") == lane
