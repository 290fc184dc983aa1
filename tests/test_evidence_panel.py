"""The evidence panel of a much-reported event: sources most central first, copies folded, the first few
shown and the rest on demand, and a date conflict summed up as "n outlets say X, m say Y".

A constructed store (the build's writer, real DuckDB) holds one event reported 14 times by four outlets
with a real disagreement on the day; the page runs under AppTest.
"""

from __future__ import annotations

import html
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components.evidence import FIRST_SOURCES
from dateline.display.conflict import (
    claims_from_evidence,
    claims_from_note,
    conflict_summary,
    describe_conflict,
)
from dateline.events.conflicts import conflict_note
from dateline.records import Article, ArticleExtraction, Event, EventMention, Sentence
from dateline.settings import PROJECT_ROOT
from dateline.store import derived, writer
from dateline.store.query import StoreReader

APRIL = date(2010, 4, 1)
COPY = "The rig exploded on Tuesday night, killing eleven workers, the company said."
# (outlet, day of April or None for the whole month, sentence, centrality, basis)
REPORTS = [
    ("Reuters", 20, COPY, 0.50, "explicit"),
    ("Reuters", 20, COPY, 0.50, "explicit"),
    ("Reuters", 20, COPY, 0.50, "explicit"),  # wire copy, three times
    ("AP", 20, "The Deepwater Horizon rig exploded on April 20.", 0.90, "explicit"),  # most central
    ("AP", 20, "An explosion on April 20 sank the rig two days later.", 0.70, "explicit"),
    ("The Guardian", 20, "Since the blast on 20 April, oil has leaked into the Gulf.", 0.60, "explicit"),
    ("The Guardian", 22, "The rig that exploded on Thursday 22 April sank.", 0.30, "explicit"),
    ("Fox News", 22, "The April 22 explosion killed eleven workers.", 0.20, "explicit"),
    ("Fox News", 22, "Eleven workers died in the April 22 explosion.", 0.10, "explicit"),
    ("Fox News", None, "The explosion in April killed eleven.", 0.05, "explicit"),  # agrees: the month
    ("AP", 21, "Officials said the explosion happened on Wednesday.", 0.40, "explicit"),
    ("AP", 23, "The rig exploded, officials said on Friday.", 0.15, "publication"),  # says nothing
    ("Reuters", 19, "A blast on Monday hit the rig.", 0.12, "explicit"),
    ("The Guardian", 25, "The rig exploded last Sunday.", 0.11, "explicit"),
]


def _mentions() -> list[EventMention]:
    out = []
    for i, (outlet, day, sentence, _c, basis) in enumerate(REPORTS):
        start = APRIL.replace(day=day) if day else APRIL
        end = start if day else date(2010, 4, 30)
        out.append(EventMention(
            article_id=f"a{i:02d}", char_start=0, char_end=len(sentence), sentence=sentence,
            date_text=None if basis == "publication" else f"day {day}" if day else "April",
            start=start, end=end, granularity="day" if day else "month", actors=(), kind="attack",
            outlet=outlet, date_basis=basis))
    return out


@pytest.fixture(scope="module")
def conflict_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("evidence") / "conflict.duckdb"
    mentions = _mentions()
    articles = [Article(id=m.article_id, file=f"{m.article_id}.txt", title=f"Report {m.article_id}",
                        outlet=m.outlet, author=None, url=f"https://example.org/{m.article_id}",
                        published=date(2010, 4, 21) + timedelta(days=i % 5), published_basis="manifest",
                        text=m.sentence, content_hash=m.article_id)
                for i, m in enumerate(mentions)]
    event = Event(id="ev-rig", title="The rig exploded", kind="attack", start=date(2010, 4, 20),
                  end=date(2010, 4, 20), granularity="day", actors=(), mentions=tuple(mentions),
                  outlets=tuple(sorted({m.outlet for m in mentions})), date_conflict=True,
                  conflict_note=conflict_note(mentions, {}, (date(2010, 4, 20), date(2010, 4, 20))),
                  centrality=tuple(r[3] for r in REPORTS))
    with writer.open_session(path, fresh=True) as session:
        writer.write_extractions(session, [
            ArticleExtraction(article=a, sentences=(Sentence(0, 0, len(a.text), a.text),), timexes=(),
                              mentions=(), statements=(), event_candidates=()) for a in articles])
        derived.write_derived(session, [], [], [], [event])
        session.commit()
    return path


EXPECTED = ("3 outlets (6 articles) say 20 Apr 2010; 2 (3 articles) say 22 Apr 2010, 1 (1 article) says "
            "19 Apr 2010, 1 (1 article) says 21 Apr 2010; 1 other date from 1 outlet")


def test_conflict_from_the_evidence_counts_outlets_and_articles(conflict_store: Path) -> None:
    rows = StoreReader(conflict_store).evidence("ev-rig")
    assert rows["sentence"].iloc[0] == REPORTS[3][2]  # the store ranks sources most central first
    assert conflict_summary(claims_from_evidence(rows)) == EXPECTED


def test_conflict_from_the_stored_note_is_its_summary() -> None:
    """Snapshots in a briefing keep only the note: it opens with the grouping's own summary, which is
    shown, and its detail still parses into who gave which date."""
    note = conflict_note(_mentions(), {}, (date(2010, 4, 20), date(2010, 4, 20)))
    head = note.split(" — ")[0]
    assert head == ("3 outlets say Tue 20 Apr 2010, 2 say Thu 22 Apr 2010, 1 says Mon 19 Apr 2010, "
                    "1 says Wed 21 Apr 2010, 1 other date")
    assert describe_conflict(note) == head
    claims = claims_from_note(note)
    assert [len(c.sources) for c in claims] == [3, 2, 1, 1]
    assert "Reuters" in claims[0].sources


@pytest.mark.parametrize("note", ["", "dates differ", "A: soon; B: later", "x" * 900])
def test_a_note_in_another_form_is_shown_short(note: str) -> None:
    said = describe_conflict(note)
    assert said and len(said) <= 300
    assert said == (note if 0 < len(note) <= 300 else said)


def test_agreeing_dates_are_no_conflict() -> None:
    rows = pd.DataFrame({"start": [date(2010, 4, 20), date(2010, 4, 1)], "end": [date(2010, 4, 20),
                         date(2010, 4, 30)], "granularity": ["day", "month"], "outlet": ["A", "B"],
                         "article_id": ["1", "2"], "date_basis": ["explicit", "explicit"],
                         "date_text": ["April 20", "April"]})
    assert conflict_summary(claims_from_evidence(rows)) == ""


def test_the_panel_ranks_folds_and_shows_the_rest_on_demand(
    conflict_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATELINE_DB", str(conflict_store))
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120).run()
    at.selectbox(key="tl_pick").set_value("ev-rig").run()
    assert not at.exception
    page = "\n".join(str(h.proto) for h in at.get("html"))
    assert html.escape(EXPECTED) in page  # the conflict in one line, not the note's fourteen dates
    assert "Fox News: " not in page
    assert "as written “day 20”, “day 22”, “April” and 3 more" in html.unescape(page)  # not all 14

    def cards() -> list[str]:
        return [str(h.proto) for h in at.get("html") if "dl-sentence" in str(h.proto) and "<style>" not in str(h.proto)]

    distinct = len({r[2] for r in REPORTS})
    shown = cards()
    assert len(shown) == FIRST_SOURCES
    assert "Report a03" in shown[0]  # most central first
    copy_card = next(c for c in shown if html.escape(COPY) in c)
    assert "The same sentence in 2 other reports: Reuters" in copy_card
    assert any(f"{len(REPORTS)} source sentences, {distinct} distinct from 4 outlets" in c.value
               for c in at.caption)

    more = next(b for b in at.button if b.label.startswith("Show all"))
    assert more.label == f"Show all {len(REPORTS)} sources ({distinct} distinct sentences)"
    more.click().run()
    assert not at.exception
    assert len(cards()) == distinct
    least = min(range(len(REPORTS)), key=lambda i: REPORTS[i][3])
    assert f"Report a{least:02d}" in cards()[-1]  # the least central last
    next(b for b in at.button if b.label.startswith("Show fewer")).click().run()
    assert len(cards()) == FIRST_SOURCES

    detail = next(e for e in at.expander if e.label.startswith("Every date the sources give"))
    table = detail.dataframe[0].value
    assert table["Date"].tolist()[:2] == ["20 Apr 2010", "22 Apr 2010"] and "April 2010" in table["Date"].tolist()
