"""The whole path on the seed corpus: ingest → extraction → DuckDB store, with concrete facts checked."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from dateline.pipeline import BuildError, build
from dateline.store import connect
from dateline.store.query import Filters, StoreReader
from tests.conftest import SEED_CORPUS


@pytest.fixture(scope="module")
def reader(seed_store: Path) -> StoreReader:
    return StoreReader(seed_store)


def test_every_seed_article_is_loaded_with_its_metadata(reader: StoreReader):
    arts = reader.articles(Filters())
    assert len(arts) == 5
    assert set(arts["published_basis"]) == {"manifest"}
    assert "The New York Times" in set(arts["outlet"].dropna())


def test_thursday_in_a_friday_article_is_the_day_before(reader: StoreReader):
    rows = [t for t in reader.records("timexes") if t["text"].lower().endswith("thursday")]
    published = {a["id"]: a["published"] for a in reader.records("articles")}
    friday = [t for t in rows if published[t["article_id"]] == date(2022, 12, 2)]
    assert friday, "no 'Thursday' found in the articles published on Friday 2022-12-02"
    for t in friday:
        assert (t["start"], t["end"], t["granularity"]) == (date(2022, 12, 1), date(2022, 12, 1), "day")


def test_three_spellings_of_the_kremlin_spokesman_are_one_actor(reader: StoreReader):
    spokesman = [a for a in reader.records("actors") if "peskov" in a["name"].lower()]
    assert len(spokesman) == 1
    aliases = " ".join(spokesman[0]["aliases"])
    for first in ("Dimitry", "Dmitri", "Dmitry"):
        assert first in aliases


def test_putin_and_scholz_stay_apart(reader: StoreReader):
    names = [a["name"] for a in reader.records("actors")]
    putin = [n for n in names if "Putin" in n]
    scholz = [n for n in names if "Scholz" in n]
    assert putin and scholz and not set(putin) & set(scholz)


def test_every_record_points_back_into_its_article(reader: StoreReader):
    texts = {a["id"]: a["text"] for a in reader.records("articles")}
    for t in reader.records("timexes"):
        assert texts[t["article_id"]][t["char_start"]:t["char_end"]] == t["text"]
    statements = reader.records("statements")
    assert len(statements) >= 10
    for s in statements:
        text = texts[s["article_id"]]
        assert text[s["sentence_start"]:s["sentence_end"]] == s["sentence"]
        assert s["sentence_start"] <= s["char_start"] < s["char_end"] <= s["sentence_end"]
        assert s["said_basis"] in {"explicit", "publication", "unresolved"}
    for m in reader.records("event_mentions"):
        assert texts[m["article_id"]][m["char_start"]:m["char_end"]] == m["sentence"]


def test_month_level_dates_stay_bands(reader: StoreReader):
    months = [t for t in reader.records("timexes") if t["granularity"] == "month"]
    assert months
    assert all(t["start"] < t["end"] for t in months if t["start"])


def test_events_carry_dates_actors_and_grouped_mentions(reader: StoreReader):
    events = reader.records("events")
    assert events
    assert all(e["start"] is not None and e["start"] <= e["end"] for e in events)
    assert any(e["actors"] for e in events)
    assert any(e["n_mentions"] >= 2 for e in events), "no event groups two mentions"


def test_rebuilding_an_unchanged_corpus_does_no_work(tmp_path: Path, seed_store: Path):
    db = tmp_path / "copy.duckdb"
    shutil.copytree(seed_store, db)
    report = build(SEED_CORPUS, db)
    assert report.processed == 0 and not report.model_loaded
    assert report.unchanged == 5


def test_changing_one_article_reprocesses_only_it(tmp_path: Path, seed_store: Path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    db = tmp_path / "store.duckdb"
    shutil.copytree(seed_store, db)
    # the seed store was built from another folder; same relative paths give the same ids
    report = build(corpus, db)
    assert report.processed == 0
    target = next(corpus.glob("004_*.txt"))
    target.write_text(target.read_text(encoding="utf-8") + "\nOn Monday, the talks were cancelled.\n",
                      encoding="utf-8")
    (corpus / "junk.txt").write_bytes(b"\x00\x01\x02binary")
    report = build(corpus, db)
    assert report.processed == 1 and report.unchanged == 4
    assert [r.file for r in report.rejections if r.fatal] == ["junk.txt"]
    with connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
        assert conn.execute("SELECT count(*) FROM rejections").fetchone()[0] == 1
    target.unlink()
    report = build(corpus, db)
    assert report.removed == 1
    assert StoreReader(db).counts()["articles"] == 4


def test_a_folder_with_nothing_usable_is_an_error(tmp_path: Path):
    (tmp_path / "empty.txt").write_text("   ", encoding="utf-8")
    with pytest.raises(BuildError, match="No usable article"):
        build(tmp_path, tmp_path / "x.duckdb")
