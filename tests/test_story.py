"""The story engine: salience, key dates, their export, the story command and the suggested briefing.

Constructed corpora are small real corpora built with the real pipeline in temporary folders; the
seed corpus is the default one.
"""

from __future__ import annotations

import copy
import json
import shutil
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from dateline.cli import main
from dateline.eval.tls import date_f1, load_timelines, mean_date_f1, ranking
from dateline.export import export_document, render
from dateline.settings import PROJECT_ROOT
from dateline.store.query import Filters, StoreReader
from dateline.story import default_top_n, publication_period, short_headline
from tests.conftest import SEED_CORPUS

SCHEMA = PROJECT_ROOT.parent / "shared" / "contract" / "export.schema.json"

# -- the metric --------------------------------------------------------------------------------------


def _d(day: str) -> date:
    return date.fromisoformat(day)


def test_date_f1_proposes_as_many_dates_as_the_reference_inside_its_span() -> None:
    ref = [_d("2020-01-02"), _d("2020-01-05"), _d("2020-01-09")]
    # Outside the span (Jan 1, Jan 10) is skipped; the first three inside are Jan 5, Jan 3, Jan 9.
    ranked = [_d("2020-01-01"), _d("2020-01-05"), _d("2020-01-10"), _d("2020-01-03"), _d("2020-01-09"),
              _d("2020-01-02")]
    assert date_f1(ranked, ref) == pytest.approx(2 / 3)
    assert date_f1(list(reversed(ranked)), ref) == pytest.approx(2 / 3)  # Jan 2, Jan 9, Jan 3
    assert date_f1(ref, ref) == 1.0
    assert date_f1([], ref) == 0.0
    assert date_f1([ref[0]] * 5, ref) == pytest.approx(1 / 3)  # a repeated day counts once


def test_mean_date_f1_averages_timelines_and_baselines_rank_by_count(tmp_path: Path) -> None:
    (tmp_path / "a.timeline.json").write_text(json.dumps(
        [{"date": "2020-01-02", "text": "x"}, {"date": "2020-01-02", "text": "y"}, {"date": "2020-01-04", "text": "z"}]))
    (tmp_path / "b.timeline.json").write_text(json.dumps([{"date": "2020-01-03", "text": "x"}]))
    timelines = load_timelines(tmp_path)
    assert timelines == {"a": [_d("2020-01-02"), _d("2020-01-04")], "b": [_d("2020-01-03")]}
    counts = {_d("2020-01-02"): 5, _d("2020-01-03"): 5, _d("2020-01-04"): 1}
    assert ranking(counts) == [_d("2020-01-02"), _d("2020-01-03"), _d("2020-01-04")]  # ties: earlier first
    mean, each = mean_date_f1(ranking(counts), timelines)
    assert each == {"a": 0.5, "b": 1.0}  # a proposes Jan 2, Jan 3 (one right); b proposes Jan 3
    assert mean == pytest.approx(0.75)


# -- pure parts ----------------------------------------------------------------------------------------


def test_publication_period_ignores_stray_dates() -> None:
    days = [_d("2010-05-01")] * 40 + [_d("2010-06-01")] * 40 + [_d("1990-01-01"), _d("2031-01-01")]
    period = publication_period(days)
    assert period is not None
    assert (period.start, period.end) == (_d("2010-05-01"), _d("2010-06-01"))
    assert period.background_before < period.start
    assert publication_period([None, None]) is None


def test_short_headline_cuts_at_a_word() -> None:
    title = "BP engineers finally capped the leaking well after eighty-seven days of oil gushing into the Gulf"
    short = short_headline(title, 40)
    assert len(short) <= 40 and short.endswith("…")
    assert title.startswith(short[:-1])
    assert title[len(short) - 1] == " "  # the cut falls between words
    assert short_headline("… a short one", 40) == "A short one"


def test_default_top_n_grows_slowly_with_the_corpus() -> None:
    assert 5 <= default_top_n(5) <= 8
    assert 20 <= default_top_n(1000) <= 40
    assert default_top_n(10) <= default_top_n(100) <= default_top_n(10_000) <= 100
    assert default_top_n(5, days=3) == 3


# -- constructed corpora -----------------------------------------------------------------------------

# Four outlets report the parliament's vote; one reports the trawler; all four recall 1962 history.
_STORY = [
    ("alpha.txt", "Alpha News", "2024-03-05",
     "Portugal's parliament approved the new fisheries law on March 4, 2024, after a long debate in Lisbon. "
     "The dispute with Spain dates back to October 12, 1962, when Portugal and Spain signed the first "
     "fisheries accord. Fishermen in Porto welcomed the vote."),
    ("bravo.txt", "Bravo Daily", "2024-03-05",
     "On March 4, 2024, Portugal's parliament approved a new fisheries law that limits foreign trawlers. "
     "The quarrel goes back to October 12, 1962, when Portugal and Spain signed their first fisheries "
     "accord. Spain's government said it would study the text."),
    ("charlie.txt", "Charlie Times", "2024-03-06",
     "Portugal's parliament approved the fisheries law on Monday, March 4, 2024, by a wide margin. "
     "Historians recall that on October 12, 1962, Portugal and Spain signed the first fisheries accord. "
     "Spain's coast guard seized a Portuguese trawler on March 6, 2024, near Vigo."),
    ("delta.txt", "Delta Post", "2024-03-07",
     "The fisheries law that Portugal's parliament approved on March 4, 2024, takes effect in May. "
     "It revises the accord that Portugal and Spain signed on October 12, 1962. "
     "Lisbon's mayor praised the law."),
]


def _corpus(folder: Path, articles: list[tuple[str, str, str, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = ["file,title,outlet,published"]
    for file, outlet, published, text in articles:
        (folder / file).write_text(text + "\n", encoding="utf-8")
        rows.append(f"{file},,{outlet},{published}")
    (folder / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def story_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from dateline.pipeline import build

    base = tmp_path_factory.mktemp("story")
    return build(_corpus(base / "corpus", _STORY), base / "story.duckdb").db


def _event(items, words: str = "", day: date | None = None):
    """The most important event whose title has ``words`` or that falls on ``day``."""
    rows = items[items["item_type"] == "event"]
    if words:
        rows = rows[rows["title"].str.contains(words, case=False)]
    if day:
        rows = rows[rows["start"].dt.date == day]
    assert not rows.empty, f"no event about {words or day}: {items['title'].tolist()}"
    return rows.sort_values("importance", ascending=False).iloc[0]


@pytest.mark.slow
def test_an_event_four_outlets_report_outranks_one_reported_once(story_store: Path) -> None:
    reader = StoreReader(story_store)
    items = reader.items(Filters())
    law = _event(items, day=date(2024, 3, 4))
    trawler = _event(items, "trawler")
    assert law["outlets"].count(",") >= 2  # at least three outlets grouped into one event
    assert law["importance"] > trawler["importance"] > 0
    days = [d.date() for d in reader.key_dates()["date"]]
    assert days[0] == date(2024, 3, 4)
    assert date(2024, 3, 6) in days and days.index(date(2024, 3, 6)) > 0
    assert reader.key_dates(1)["event_ids"].iloc[0][0] == law["item_id"]


@pytest.mark.slow
def test_a_background_date_does_not_crowd_out_the_story(story_store: Path) -> None:
    reader = StoreReader(story_store)
    items = reader.items(Filters())
    history = items[items["start"].astype(str).str.startswith("1962")]
    assert not history.empty, "the 1962 accord was not extracted as an item"
    assert set(history["tier"]) == {"background"}
    law = _event(items, day=date(2024, 3, 4))
    assert law["tier"] == "story"
    assert history["importance"].max() < law["importance"]
    assert all(d.year == 2024 for d in reader.key_dates()["date"])  # four outlets recall it, still no key date


# -- the seed corpus -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def schema() -> dict:
    if not SCHEMA.exists():
        pytest.skip("../shared/contract is not beside the project")
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def test_key_dates_and_importance_export_validates(seed_store: Path, schema: dict) -> None:
    doc = export_document(StoreReader(seed_store))
    jsonschema.validate(doc, schema)
    keys = doc["key_dates"]
    assert len(keys) >= StoreReader(seed_store).default_top_n() >= 5
    scores = [k["score"] for k in keys]
    assert scores == sorted(scores, reverse=True)
    events = {e["id"]: e for e in doc["events"]}
    for k in keys:
        assert k["event_ids"] and set(k["event_ids"]) <= set(events)
        assert all(events[i]["start"] == k["date"] for i in k["event_ids"])
        assert 0 < len(k["headline"]) <= 70
    assert all(e["importance"] >= 0 for e in doc["events"]) and all("importance" in s for s in doc["statements"])
    # The schema really checks the new fields: a key date without its headline is refused.
    broken = copy.deepcopy(doc)
    del broken["key_dates"][0]["headline"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_story_command_prints_the_top_dates_with_their_sources(seed_store: Path, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "seed.duckdb"
    shutil.copytree(seed_store, db)
    assert main(["story", str(SEED_CORPUS), "--db", str(db), "--top", "3"]) == 0
    out = capsys.readouterr().out
    reader = StoreReader(db)
    top = reader.key_dates(4)
    for k in top.head(3).itertuples():
        assert f"{k.rank:>3}. " in out and k.headline in out
    assert "  4. " not in out  # --top 3
    first = reader.evidence(top["event_id"].iloc[0]).iloc[0]  # the most central sentence
    assert " ".join(first["sentence"].split())[:60] in out
    assert first["file"] in out


def test_suggested_briefing_has_one_sourced_item_per_key_date(seed_store: Path, tmp_path: Path) -> None:
    from dateline.briefing import BriefingStore
    from dateline.briefing.draft import suggest_briefing

    db = tmp_path / "seed.duckdb"
    shutil.copytree(seed_store, db)
    reader, store = StoreReader(db), BriefingStore.beside(db)
    n = reader.default_top_n()
    bid = suggest_briefing(reader, store)
    briefing = store.get(bid)
    assert briefing is not None and briefing.name == "Suggested briefing"
    best = {list(ids)[0] for ids in reader.key_dates(n)["event_ids"]}
    assert set(briefing.item_ids()) == best and len(briefing.items) == n
    starts = [i.start for i in briefing.items]
    assert starts == sorted(starts)  # reads as a timeline
    for item in briefing.items:
        assert item.sources and all(s.article_id and s.sentence for s in item.sources)
    assert store.get(suggest_briefing(reader, store, top=2)).name == "Suggested briefing (2)"
    brief = render(reader, "md", briefing=briefing)  # every export works on it
    assert briefing.items[0].title[:30] in brief


def test_date_f1_command_reads_a_built_store_folder(seed_store: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """A store is a folder: the command measures it as it is (it once tried to build it as a corpus)."""
    from dateline.eval import tls

    (tmp_path / "seed.timeline.json").write_text(json.dumps([{"date": "2022-12-02", "text": "Kremlin answers"}]))
    assert tls.main([str(seed_store), "--timelines", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Date-F1 on 1 timelines" in out and "(5 articles" in out
