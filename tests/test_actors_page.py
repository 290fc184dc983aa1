"""The Actors page under streamlit.testing on the seed store: cards, charts from queries, co-actors, filter."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dateline.display.actors import co_actor_line, statements_figure
from dateline.settings import PROJECT_ROOT
from dateline.store.query import Filters, StoreReader

TIMEOUT = 90
APP = str(PROJECT_ROOT / "app.py")


@pytest.fixture
def app(seed_store: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("DATELINE_DB", str(seed_store))
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def _actors_page(app: AppTest) -> AppTest:
    at = app.run()
    at.switch_page("pages/3_Actors.py").run()
    assert not at.exception
    return at


def _text(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown)


def test_statement_counts_match_the_statements_table(seed_store: Path) -> None:
    reader = StoreReader(seed_store)
    actors = reader.actors(Filters())
    speakers = actors[actors["statements"] > 0]
    assert not speakers.empty
    counts = reader.actor_statement_counts(tuple(speakers["id"]), unit="week")
    per_actor = counts.groupby("actor_id")["statements"].sum()
    dated = reader._df("SELECT speaker_id, count(*) AS n FROM statements WHERE said_start IS NOT NULL "
                       "GROUP BY speaker_id")
    expected = dict(zip(dated["speaker_id"], dated["n"], strict=True))
    assert {a: int(n) for a, n in per_actor.items()} == {a: int(expected[a]) for a in per_actor.index}
    assert (counts["direct"] <= counts["statements"]).all()


def test_co_actors_share_sentences_or_events(seed_store: Path) -> None:
    reader = StoreReader(seed_store)
    putin = reader.actors(Filters(text="putin"))
    assert not putin.empty
    pid = putin["id"].iloc[0]
    partners = reader.co_actors((pid,), per_actor=5)
    assert 0 < len(partners) <= 5
    assert pid not in set(partners["other_id"])
    assert ((partners["sentences"] + partners["events"]) > 0).all()
    scores = list(partners["sentences"] + partners["events"])
    assert scores == sorted(scores, reverse=True)
    # an actor named in no sentence and no event has no partners, and an unknown id gives an empty frame
    assert reader.co_actors(("no-such-actor",)).empty


def test_actors_page_cards_with_charts_and_co_actors(app: AppTest, seed_store: Path) -> None:
    at = _actors_page(app)
    text = _text(at)
    assert "Peskov" in text and "Dimitry" in text  # aliases merged under one card
    assert "Kremlin spokesman" in text  # a role seen in the text
    assert "Appears with:" in text
    speakers = StoreReader(seed_store).actors(Filters())
    with_statements = speakers.head(60)
    with_statements = with_statements[with_statements["statements"] > 0]
    assert len(at.get("plotly_chart")) == len(with_statements) > 0


def test_actor_filter_uses_canonical_names_and_narrows_the_cards(app: AppTest) -> None:
    at = _actors_page(app)
    options = at.multiselect(key="flt_actors").options  # labels: "Dmitry Peskov (15)"
    assert any(o.startswith("Dmitry Peskov") for o in options)
    assert not any(o.startswith(("Dimitry Peskov", "Dmitri S. Peskov")) for o in options)  # canonical only
    at.multiselect(key="flt_actors").set_value(["Dmitry Peskov"]).run()
    assert not at.exception
    headings = [m.value for m in at.markdown if m.value.startswith("#####")]
    assert len(headings) == 1 and "Dmitry Peskov" in headings[0]
    assert "Vladimir Putin" in _text(at)  # named beside Peskov: listed under "Appears with"


def test_statements_figure_stacks_quoted_and_reported() -> None:
    counts = pd.DataFrame({"period": pd.to_datetime(["2022-12-05", "2022-12-12"]), "statements": [3, 1],
                           "direct": [1, 0]})
    fig = statements_figure(counts, "Dmitry Peskov")
    assert [t.name for t in fig.data] == ["reported", "quoted"]
    assert list(fig.data[0].y) == [2, 1] and list(fig.data[1].y) == [1, 0]
    assert statements_figure(counts.iloc[0:0], "Nobody").data == ()


def test_co_actor_line_escapes_and_counts() -> None:
    rows = pd.DataFrame({"other_name": ["Vladimir *Putin*", "Russia"], "sentences": [1, 0], "events": [2, 3]})
    line = co_actor_line(rows)
    assert "Vladimir \\*Putin\\* (1 sentence, 2 events)" in line
    assert "Russia (3 events)" in line
