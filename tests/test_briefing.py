"""Briefings: the sidecar store (CRUD, order, notes, survival across a rebuild) and the Briefing page."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dateline.briefing import BriefingError, BriefingStore, briefing_path, snapshot_items
from dateline.pipeline import build
from dateline.settings import PROJECT_ROOT
from dateline.store import store_version
from dateline.store.query import Filters, StoreReader
from dateline.story.window import story_window
from tests.conftest import SEED_CORPUS

APP = str(PROJECT_ROOT / "app.py")
BRIEFING_PAGE = "pages/4_Briefing.py"


@pytest.fixture
def store_copy(seed_store: Path, tmp_path: Path) -> Path:
    """A private copy of the seed store, so briefings written beside it stay in this test."""
    db = tmp_path / "store.duckdb"
    shutil.copytree(seed_store, db)
    return db


def _ids(db: Path, n: int, **filters) -> list[str]:  # noqa: ANN003
    reader = StoreReader(db)
    try:
        return reader.items(Filters(**filters))["item_id"].head(n).tolist()
    finally:
        reader.close()


def test_sidecar_lives_beside_the_store_not_inside_it(tmp_path: Path):
    assert briefing_path(tmp_path / "seed.duckdb") == tmp_path / "seed.briefings.duckdb"


def test_create_rename_delete_several_briefings(store_copy: Path):
    bs = BriefingStore.beside(store_copy)
    assert bs.all_briefings() == []  # no file yet: nothing, and nothing created by reading
    assert not bs.path.exists()
    a = bs.create("Talks")
    b = bs.create("Strikes", headline="Strikes in December")
    assert {x["name"] for x in bs.all_briefings()} == {"Talks", "Strikes"}
    with pytest.raises(BriefingError):
        bs.create("Talks")
    with pytest.raises(BriefingError):
        bs.create("   ")
    with pytest.raises(BriefingError):
        bs.rename(a, "Strikes")
    bs.rename(a, "Peace talks")
    assert bs.get("Peace talks").id == a and bs.get(a).name == "Peace talks"
    bs.update_text(b, summary="Two waves.")
    assert bs.get(b).summary == "Two waves." and bs.get(b).headline == "Strikes in December"
    bs.delete(a)
    assert [x["name"] for x in bs.all_briefings()] == ["Strikes"]
    assert bs.get("Peace talks") is None


def test_pin_reorder_note_and_unpin(store_copy: Path):
    reader = StoreReader(store_copy)
    ids = _ids(store_copy, 2, show="events") + _ids(store_copy, 2, show="statements")
    items = snapshot_items(reader, ids)
    assert [i.item_id for i in items] == ids and all(i.sources for i in items)
    bs = BriefingStore.beside(store_copy)
    bid = bs.create("Order")
    for it in items:
        assert bs.pin(bid, it)
    assert not bs.pin(bid, items[0])  # pinning twice keeps one copy
    assert bs.get(bid).item_ids() == ids
    bs.move(bid, ids[3], -1)
    assert bs.get(bid).item_ids() == [ids[0], ids[1], ids[3], ids[2]]
    bs.move(bid, ids[0], -5)  # clamped at the top
    bs.move(bid, ids[1], +10)  # and at the bottom
    assert bs.get(bid).item_ids() == [ids[0], ids[3], ids[2], ids[1]]
    bs.reorder(bid, [ids[2], ids[0]])
    assert bs.get(bid).item_ids() == [ids[2], ids[0], ids[3], ids[1]]
    bs.set_note(bid, ids[3], "Check with the desk")
    got = {i.item_id: i for i in bs.get(bid).items}
    assert got[ids[3]].note == "Check with the desk" and got[ids[0]].note == ""
    assert got[ids[0]].sources == items[0].sources and got[ids[0]].start == items[0].start
    bs.unpin(bid, ids[0])
    assert bs.get(bid).item_ids() == [ids[2], ids[3], ids[1]]
    assert bs.all_briefings()[0]["item_ids"] == [ids[2], ids[3], ids[1]]


def test_briefings_survive_a_rebuild_of_the_store(store_copy: Path, tmp_path: Path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    reader = StoreReader(store_copy)
    items = snapshot_items(reader, _ids(store_copy, 3))
    reader.close()  # DuckDB shares one instance per path within a process: let go of the old file
    bs = BriefingStore.beside(store_copy)
    bid = bs.create("Before the rebuild")
    for it in items:
        bs.pin(bid, it)
    bs.set_note(bid, items[1].item_id, "kept")
    before = store_version(store_copy)
    (corpus / "zz_new.txt").write_text(
        "Talks resume\n\nKYIV, 5 December 2022 — Officials met on Monday to discuss a ceasefire.\n",
        encoding="utf-8")
    build(corpus, store_copy)
    assert store_version(store_copy) > before  # a new generation of the store was swapped in
    assert StoreReader(store_copy).counts()["articles"] == 6
    again = BriefingStore.beside(store_copy).get("Before the rebuild")
    assert again is not None
    assert [i.item_id for i in again.items] == [i.item_id for i in items]
    assert again.items[1].note == "kept"
    assert [i.sources for i in again.items] == [i.sources for i in items]


# -- the page --------------------------------------------------------------------------------------
def _html(at: AppTest) -> str:
    return "\n".join(str(getattr(h, "proto", h)) for h in at.get("html"))


@pytest.fixture
def app(store_copy: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("DATELINE_DB", str(store_copy))
    return AppTest.from_file(APP, default_timeout=120)


def test_pin_from_the_evidence_panel_shows_on_the_briefing_page(app: AppTest, store_copy: Path):
    reader = StoreReader(store_copy)
    window = story_window(reader.day_counts(Filters()))  # the timeline opens on the story window
    items = reader.timeline(Filters(show="statements", date_from=window.start, date_to=window.end))
    first, second = items.drop_duplicates("item_id")["item_id"].iloc[:2]
    at = app.run()
    for item_id in (first, second):
        at.selectbox(key="tl_pick").set_value(item_id).run()
        at.button(key=f"pin_ev_{item_id}").click().run()
        assert not at.exception
        assert "unpin" in at.button(key=f"pin_ev_{item_id}").label
    at.switch_page(BRIEFING_PAGE).run()
    assert not at.exception
    page = _html(at)
    for it in snapshot_items(StoreReader(store_copy), [first, second]):
        assert html.escape(it.headline[:30]) in page
    assert len(at.get("download_button")) >= 8
    saved = BriefingStore.beside(store_copy).all_briefings()
    assert saved[0]["item_ids"] == [first, second]


def test_statements_table_pins_the_selected_row(app: AppTest, store_copy: Path):
    at = app.run()
    at.switch_page("pages/1_Statements.py").run()
    statements = StoreReader(store_copy).statements(Filters())
    at.session_state["st_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    at.button(key=f"pin_st_{statements['id'].iloc[0]}").click().run()
    assert not at.exception
    assert BriefingStore.beside(store_copy).all_briefings()[0]["item_ids"] == [statements["id"].iloc[0]]


def test_editing_and_presenting_a_briefing(app: AppTest, store_copy: Path):
    reader = StoreReader(store_copy)
    items = snapshot_items(reader, _ids(store_copy, 3, show="statements"))
    bs = BriefingStore.beside(store_copy)
    bid = bs.create("Desk")
    for it in items:
        bs.pin(bid, it)
    at = app.run()
    at.switch_page(BRIEFING_PAGE).run()
    assert not at.exception
    at.text_input(key=f"brf_headline_{bid}").input("Where the talks stand").run()
    at.text_input(key=f"brf_note_{bid}_{items[0].item_id}").input("Lead with this").run()
    at.button(key=f"brf_down_{bid}_{items[0].item_id}").click().run()
    assert not at.exception
    saved = bs.get(bid)
    assert saved.headline == "Where the talks stand"
    assert saved.item_ids() == [items[1].item_id, items[0].item_id, items[2].item_id]
    assert saved.items[1].note == "Lead with this"

    at.button(key="brf_present_on").click().run()
    assert not at.exception
    assert "display: none" in _html(at)  # the sidebar is hidden
    seen = []
    for k in range(len(items)):
        step = next(h for h in at.get("html") if "dl-step-count" in str(h.proto))
        seen.append(str(step.proto))
        if k < len(items) - 1:
            at.button(key="brf_next").click().run()
    assert "Item 1 of 3" in seen[0] and "Item 3 of 3" in seen[2]
    for text, it in zip(seen, saved.items, strict=True):
        assert html.escape(it.headline[:30]) in text
        assert it.sources[0].title[:20] in html.unescape(text)
    assert at.button(key="brf_next").disabled
    at.button(key="brf_prev").click().run()
    assert "Item 2 of 3" in next(str(h.proto) for h in at.get("html") if "dl-step-count" in str(h.proto))
    at.button(key="brf_exit").click().run()
    assert not at.exception and at.button(key="brf_present_on")


def test_timeline_items_table_pins_an_event_and_exports_the_view(app: AppTest, store_copy: Path):
    at = app.run()
    assert {b.key for b in at.get("download_button")} >= {"dl_tl_pptx", "dl_tl_html", "dl_tl_csv", "dl_tl_md"}
    kinds = StoreReader(store_copy).items(Filters()).set_index("item_id")["item_type"]
    for row in range(20):  # the first row of the table that is an event (not a statement)
        at.session_state["items_table"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
        at.run()
        assert not at.exception
        pins = [b.key for b in at.button if b.key and b.key.startswith("pin_it_")]
        assert len(pins) == 1
        item_id = pins[0].removeprefix("pin_it_")
        if kinds[item_id] == "event":
            break
    else:
        pytest.fail("no event among the table's first 20 rows")
    at.button(key=f"pin_it_{item_id}").click().run()
    assert not at.exception
    assert BriefingStore.beside(store_copy).all_briefings()[0]["item_ids"] == [item_id]


def test_suggest_a_briefing_creates_one_whose_items_carry_their_sources(app: AppTest, store_copy: Path):
    from dateline import export as exporter
    from dateline.briefing.draft import key_event_ids

    reader = StoreReader(store_copy)
    default = min(reader.default_top_n(), len(reader.key_dates()))
    assert default >= 3
    at = app.run()
    at.switch_page(BRIEFING_PAGE).run()
    assert not at.exception
    assert at.number_input(key="brf_suggest_n").value == default  # the corpus-size default
    at.button(key="brf_suggest").click().run()
    assert not at.exception
    saved = BriefingStore.beside(store_copy).all_briefings()
    assert len(saved) == 1 and saved[0]["name"] == "Suggested briefing"
    b = BriefingStore.beside(store_copy).get(saved[0]["id"])
    assert sorted(b.item_ids()) == sorted(key_event_ids(reader, default))
    assert [i.start for i in b.items] == sorted(i.start for i in b.items)  # reads as a timeline
    for it in b.items:
        assert it.sources and all(s.article_id and s.title and s.sentence for s in it.sources)
        assert len(it.sources) == len(reader.evidence(it.item_id))  # every source, not just the first
    assert f"Pinned items ({default})" in [h.value for h in at.subheader]
    page = _html(at)
    for it in b.items:
        assert html.escape(it.headline[:30]) in page
        assert html.escape(it.sources[0].title[:20]) in page  # its sources are on the card

    # the analyst's turn: fewer dates; then delete, reorder, annotate, export
    at.number_input(key="brf_suggest_n").set_value(3)
    at.button(key="brf_suggest").click().run()
    assert not at.exception
    draft = BriefingStore.beside(store_copy).get("Suggested briefing (2)")
    assert draft is not None and len(draft.items) == 3 and at.session_state["brf_active"] == draft.id
    first, second, third = draft.item_ids()
    at.button(key=f"brf_remove_{draft.id}_{second}").click().run()
    at.button(key=f"brf_up_{draft.id}_{third}").click().run()
    at.text_input(key=f"brf_note_{draft.id}_{first}").input("Confirm with the desk").run()
    assert not at.exception
    draft = BriefingStore.beside(store_copy).get(draft.id)
    assert draft.item_ids() == [third, first] and draft.items[1].note == "Confirm with the desk"
    for fmt in exporter.FORMATS:
        if fmt in ("png", "svg", "pptx"):
            continue  # kaleido's Chromium: covered by the export tests and the browser test
        out = exporter.render_bytes(reader, fmt, briefing=draft)
        assert out and (fmt not in ("md", "html", "csv") or draft.items[0].headline[:20].encode() in
                        out.replace(b"&#x27;", b"'").replace(b"&quot;", b'"'))
