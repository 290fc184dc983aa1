""""New since your last visit": arrival times kept across updates, the visit marker, the badge and the
sidebar count (real builds, real DuckDB, the real pages under AppTest)."""

from __future__ import annotations

import json
import shutil
import time
from datetime import timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dateline.pipeline import build
from dateline.settings import PROJECT_ROOT
from dateline.store.query import Filters, StoreReader
from dateline.store.visits import Visits, utc_now

SEEDS = sorted((PROJECT_ROOT / "corpus").glob("*.txt"))


def _statements_page() -> AppTest:
    """A new session: the Timeline first (where a visit starts), then the Statements page."""
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception
    at.switch_page("pages/1_Statements.py").run()
    assert not at.exception
    return at


def test_a_visit_returns_the_previous_visits_start_and_a_reload_keeps_it(tmp_path: Path) -> None:
    visits = Visits.beside(tmp_path / "store")
    t0 = utc_now()
    assert visits.visit("local", now=t0) is None  # first visit: nothing is new
    assert visits.visit("local", now=t0 + timedelta(minutes=10)) is None  # a reload: the same visit
    t1 = t0 + timedelta(hours=5)
    assert visits.visit("local", now=t1) == t0 + timedelta(minutes=10)  # a new visit
    assert visits.visit("local", now=t1 + timedelta(minutes=1)) == t0 + timedelta(minutes=10)
    assert visits.visit("user:a@example.org", now=t1) is None  # per user
    (tmp_path / "store.visits.json").write_text("{not json", encoding="utf-8")
    assert visits.visit("local", now=t1) is None  # a damaged file forgets, never fails


@pytest.mark.slow
def test_new_items_are_badged_and_counted_since_the_last_visit(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, db = tmp_path / "corpus", tmp_path / "store"
    corpus.mkdir()
    for seed in SEEDS[:2]:
        shutil.copy(seed, corpus)
    build(corpus, db, n_process=1)
    time.sleep(0.01)
    began = utc_now()  # the reader's visit began here: after two articles, before the third
    time.sleep(0.01)
    shutil.copy(SEEDS[2], corpus)
    with (corpus / SEEDS[0].name).open("a", encoding="utf-8"):  # touched, not changed: keeps its time
        pass
    report = build(corpus, db, n_process=1)
    assert (report.added, report.unchanged) == (1, 2)

    reader = StoreReader(db)
    new = reader.new_since(began)
    articles = reader.articles(Filters())
    third = set(articles.loc[articles["file"] == SEEDS[2].name, "id"])
    assert new["articles"] == third
    statements = reader.statements(Filters())
    fresh_statements = set(statements.loc[statements["article_id"].isin(third), "id"])
    assert fresh_statements and new["statements"] == fresh_statements
    assert len(fresh_statements) < len(statements)
    assert new["events"] and not reader.new_since(utc_now())["events"]

    # a reload within the visit: the marker says the visit began at `began`
    Visits.beside(db).path.write_text(json.dumps(
        {"local": {"seen": utc_now().isoformat(), "since": began.isoformat()}}), encoding="utf-8")
    monkeypatch.setenv("DATELINE_DB", str(db))
    at = _statements_page()
    sidebar = " ".join(m.value for m in at.sidebar.markdown)
    n_items = len(new["events"]) + len(new["statements"])
    assert f"**{n_items:,} new** since your last visit" in sidebar
    table = at.dataframe[0].value
    marked = table["New"] != ""
    assert marked.any() and not marked.all()
    assert int(marked.sum()) == len(fresh_statements)
    assert set(table.loc[marked, "Article"]) == set(articles.loc[articles["file"] == SEEDS[2].name, "title"])

    # a first visit marks nothing and says so
    Visits.beside(db).path.unlink()
    at = _statements_page()
    assert any("First visit" in c.value for c in at.sidebar.caption)
    assert (at.dataframe[0].value["New"] == "").all()
