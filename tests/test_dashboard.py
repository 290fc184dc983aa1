"""Every page of the real app under streamlit.testing, on a store built from the seed corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dateline.pipeline import build
from dateline.settings import PROJECT_ROOT
from dateline.store.query import Filters, StoreReader
from dateline.story.window import story_window
from tests.conftest import SEED_CORPUS

TIMEOUT = 90
APP = str(PROJECT_ROOT / "app.py")


@pytest.fixture
def app(seed_store: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DATELINE_DB", str(seed_store))
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def _html(at: AppTest) -> str:
    return "\n".join(str(getattr(h, "proto", h)) for h in at.get("html"))


def shown_text(at: AppTest) -> str:
    """The text the page's HTML blocks show: tags (a date's highlight inside a sentence) removed."""
    import html
    import re

    return html.unescape(re.sub(r"<[^>]+>", "", "\n".join(h.proto.body for h in at.get("html"))))


def story(reader: StoreReader, **kw) -> Filters:
    """The filters the timeline opens with: the story window of the items matching ``kw``."""
    w = story_window(reader.day_counts(Filters(**kw)))
    assert w is not None
    return Filters(date_from=w.start, date_to=w.end, **kw)


def test_timeline_page_draws_the_chart_and_offers_every_item_of_the_story_window(app: AppTest, seed_store: Path):
    at = app.run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1
    pick = at.selectbox(key="tl_pick")
    reader = StoreReader(seed_store)
    expected = reader.timeline(story(reader))["item_id"].nunique()
    assert len(pick.options) == expected > 0
    # "earlier" and "later" bring every other dated item in: then the picker offers them all.
    at.button(key="tl_earlier").click().run()
    at.button(key="tl_later").click().run()
    assert not at.exception
    assert len(at.selectbox(key="tl_pick").options) == reader.timeline(Filters())["item_id"].nunique()


def test_outlet_filter_narrows_the_timeline_and_lands_in_the_url(app: AppTest):
    at = app.run()
    before = len(at.selectbox(key="tl_pick").options)
    at.multiselect(key="flt_outlets").set_value(["Ukrainska Pravda"]).run()
    assert not at.exception
    after = len(at.selectbox(key="tl_pick").options)
    assert 0 < after < before
    assert at.query_params.get("outlet") in (["Ukrainska Pravda"], "Ukrainska Pravda")


def test_choosing_an_item_shows_its_source_sentence(app: AppTest, seed_store: Path):
    at = app.run()
    reader = StoreReader(seed_store)
    items = reader.timeline(story(reader, show="events"))
    item = items.iloc[0]
    sentence = StoreReader(seed_store).evidence(item["item_id"])["sentence"].iloc[0]
    at.selectbox(key="tl_pick").set_value(item["item_id"]).run()
    assert not at.exception
    html = _html(at)
    assert sentence[:40].replace("’", "&#x27;")[:20] in html or sentence[:20] in html
    links = [p for p in at.get("page_link")]
    assert any("article" in str(getattr(p, "proto", p)) for p in links)


def test_clicking_a_chart_point_selects_its_item_and_shows_its_evidence(app: AppTest, seed_store: Path):
    at = app.run()
    reader = StoreReader(seed_store)
    item = reader.timeline(story(reader, show="events")).iloc[-1]
    sentence = reader.evidence(item["item_id"])["sentence"].iloc[0]
    # What the Plotly frontend sends back for a click on one point (customdata[0] is the item id).
    at.session_state["tl_chart"] = {"selection": {"points": [{"customdata": [item["item_id"]]}],
                                                  "point_indices": [0], "box": [], "lasso": []}}
    at.run()
    assert not at.exception
    assert at.selectbox(key="tl_pick").value == item["item_id"]
    assert sentence[:60] in shown_text(at)


def test_statements_page_filters_by_text(app: AppTest):
    at = app.run()
    at.switch_page("pages/1_Statements.py").run()
    assert not at.exception
    rows = len(at.dataframe[0].value)
    assert rows > 10
    at.text_input(key="flt_text").set_value("Peskov").run()
    narrowed = len(at.dataframe[0].value)
    assert 0 < narrowed < rows


def test_articles_page_highlights_the_linked_sentence(app: AppTest, seed_store: Path):
    reader = StoreReader(seed_store)
    s = reader.statements(Filters()).iloc[0]
    at = app.run()
    at.switch_page("pages/2_Articles.py")
    at.query_params["article"] = s["article_id"]
    at.query_params["start"] = str(s["sentence_start"])
    at.query_params["end"] = str(s["sentence_end"])
    at.run()
    assert not at.exception
    html = _html(at)
    assert "<mark" in html
    words = s["sentence"].split()[:3]
    assert all(w.replace("“", "").replace("’", "")[:4] in html for w in words)


def test_actors_page_shows_merged_spellings(app: AppTest):
    at = app.run()
    at.switch_page("pages/3_Actors.py").run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "Peskov" in text and "Dimitry" in text


@pytest.mark.slow
def test_article_text_is_never_rendered_as_html(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(next(SEED_CORPUS.glob("001_*.txt")), corpus / "a.txt")
    (corpus / "evil.txt").write_text(
        "<script>alert(1)</script> headline\n\nOn Friday, Kremlin spokesman Dmitry Peskov said "
        "<img src=x onerror=alert(2)> talks were over.\n", encoding="utf-8")
    db = tmp_path / "evil.duckdb"
    build(corpus, db)
    article_id = next(a for a in StoreReader(db).records("articles") if a["file"] == "evil.txt")["id"]
    monkeypatch.setenv("DATELINE_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.switch_page("pages/2_Articles.py")
    at.query_params["article"] = article_id
    at.run()
    assert not at.exception
    html = _html(at)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html and "<img src=x" not in html
