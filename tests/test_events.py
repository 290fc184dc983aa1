"""Event mentions and their grouping across outlets: hand-made records, then the real pipeline and store."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from dateline.events import find_event_candidates, group_mentions
from dateline.events.grouping import make_title
from dateline.records import Article, EntityMention, Event, EventMention, Sentence, TimeMatch

ACTORS = {"joe-biden": "Joe Biden", "vladimir-putin": "Vladimir Putin", "emmanuel-macron": "Emmanuel Macron"}


def mention(cid, outlet, sentence, start, end, gran, date_text, kind, actors, predicate=""):
    return EventMention(
        article_id=f"a-{cid}", char_start=0, char_end=len(sentence), sentence=sentence,
        date_text=date_text, start=start, end=end, granularity=gran, actors=tuple(actors), kind=kind,
        predicate=predicate, outlet=outlet, candidate_id=cid,
    )


def test_three_reports_with_different_date_expressions_are_one_event_dated_thursday():
    thu = date(2022, 12, 1)
    ms = [
        mention("1", "Outlet A", "Biden said on Thursday he was ready to talk to Putin about ending the war.",
                thu, thu, "day", "on Thursday", "statement", ["joe-biden", "vladimir-putin"], "said"),
        mention("2", "Outlet B", "On 1 December Biden offered talks with Putin to end the war in Ukraine.",
                thu, thu, "day", "on 1 December", "proposal", ["joe-biden", "vladimir-putin"], "offered"),
        mention("3", "Outlet C", "Earlier in the week Biden said he was ready to talk with Putin.",
                date(2022, 11, 28), date(2022, 12, 2), "week", "earlier in the week", "statement",
                ["joe-biden", "vladimir-putin"], "said"),
    ]
    events = group_mentions(ms, ACTORS)
    assert len(events) == 1
    ev = events[0]
    assert (ev.start, ev.end, ev.granularity) == (thu, thu, "day")
    assert not ev.date_conflict
    assert ev.outlets == ("Outlet A", "Outlet B", "Outlet C")
    assert set(ev.actors) == {"Joe Biden", "Vladimir Putin"}


def test_outlets_disagreeing_on_the_day_are_flagged():
    fri, sat = date(2022, 12, 2), date(2022, 12, 3)
    text = "The Kremlin rejected Biden's offer of talks with Putin, citing Russian interests."
    ms = [
        mention("1", "Outlet A", text, sat, sat, "day", "on Saturday", "rejection", ["vladimir-putin"]),
        mention("2", "Outlet B", text.replace("citing", "pointing to"), fri, fri, "day", "on Friday",
                "rejection", ["vladimir-putin"]),
        mention("3", "Outlet C", text + " Moscow said so on Friday.", fri, fri, "day", "on Friday",
                "rejection", ["vladimir-putin"]),
    ]
    events = group_mentions(ms, ACTORS)
    assert len(events) == 1
    ev = events[0]
    assert ev.date_conflict
    assert ev.start == fri  # most mentions say Friday
    assert "Outlet A" in ev.conflict_note and "Sat 3 Dec 2022" in ev.conflict_note
    assert "Outlet B" in ev.conflict_note and "Fri 2 Dec 2022" in ev.conflict_note


def test_different_happenings_same_day_same_actors_stay_apart():
    d = date(2022, 12, 1)
    ms = [
        mention("1", "Outlet A", "Biden met Macron at the White House for a state dinner.", d, d, "day",
                "on Thursday", "meeting", ["joe-biden", "emmanuel-macron"], "met"),
        mention("2", "Outlet B", "Biden rejected Macron's complaint about subsidies for electric cars.", d, d,
                "day", "on Thursday", "rejection", ["joe-biden", "emmanuel-macron"], "rejected"),
    ]
    assert len(group_mentions(ms, ACTORS)) == 2


def test_agreeing_dates_but_unrelated_wording_stay_apart():
    d = date(2022, 12, 1)
    ms = [
        mention("1", "A", "Biden signed a railway labour bill into law.", d, d, "day", "on Thursday",
                "political", ["joe-biden"], "signed"),
        mention("2", "B", "Biden spoke about inflation figures at a factory in Michigan.", d, d, "day",
                "on Thursday", "political", ["joe-biden"], "spoke"),
    ]
    assert len(group_mentions(ms, ACTORS)) == 2


def test_undated_mentions_are_not_events():
    m = mention("1", "A", "Biden spoke.", None, None, None, None, "statement", ["joe-biden"])
    assert group_mentions([m], ACTORS) == []


def test_candidates_take_the_predicate_near_the_date_and_mark_background():
    text = ("Biden said on Thursday that he would talk to Putin. "
            "Russia invaded Ukraine on February 24 last year.")
    art = Article(id="a-x", file="x.txt", title=None, outlet="Wire", author=None, url=None,
                  published=date(2023, 12, 2), published_basis="manifest", text=text)
    s1 = Sentence(0, 0, 51, text[:51])
    s2 = Sentence(1, 52, len(text), text[52:])
    t1 = TimeMatch("on Thursday", 16, 27, date(2023, 11, 30), date(2023, 11, 30), "day", "relative")
    i = text.index("February 24")
    t2 = TimeMatch("February 24", i, i + 11, date(2023, 2, 24), date(2023, 2, 24), "day", "absolute")
    people = [EntityMention("Biden", 0, 5, "PERSON", "person", "Joe Biden"),
              EntityMention("Putin", 45, 50, "PERSON", "person", "Vladimir Putin"),
              EntityMention("Russia", 52, 58, "GPE", "place", "Russia")]
    cands = find_event_candidates(art, [s1, s2], [t1, t2], people, [])
    assert [c.kind for c in cands] == ["statement", "background"]
    assert cands[0].predicate == "said"
    assert cands[0].actor_keys == ("Joe Biden", "Vladimir Putin")
    assert cands[1].predicate == "invaded" and cands[1].actor_keys == ("Russia",)
    assert all(text[c.char_start:c.char_end] == c.sentence for c in cands)


def test_unresolved_dates_make_no_candidate():
    text = "A day after the remarks, the Kremlin answered."
    art = Article(id="a-y", file="y.txt", title=None, outlet=None, author=None, url=None,
                  published=None, published_basis="unknown", text=text)
    t = TimeMatch("A day after the remarks", 0, 23, None, None, None, "unresolved")
    assert find_event_candidates(art, [Sentence(0, 0, len(text), text)], [t], [], []) == []


def test_titles_are_short_and_keep_the_predicate():
    long = ("In a long and winding sentence about many things, " * 3
            + "the Kremlin rejected the offer on Friday, " + "and more words follow here " * 5)
    title = make_title(long, "rejected", "on Friday", limit=80)
    assert len(title) <= 84 and "rejected" in title
    assert make_title("Short one.", "", None) == "Short one."


# -- the real pipeline: small fresh articles from different outlets, built into a real store ---------------
# Each scenario sits in its own month so scenarios cannot meet in grouping.
ARTICLES = [
    # one happening, three outlets, three ways of dating it (Thursday 1 December 2022)
    ("a1.txt", "Northern Herald", "2022-12-02",
     "Olaf Scholz and Emmanuel Macron held talks on gas prices in Paris on Thursday. "
     "The two leaders want a common approach before the winter."),
    ("a2.txt", "Coastal Times", "2022-12-02",
     "On 1 December, Emmanuel Macron hosted Olaf Scholz at the Elysee Palace for talks on gas prices. "
     "Officials described the mood as constructive."),
    ("a3.txt", "Valley Post", "2022-12-03",
     "Macron and Scholz held talks on gas prices in Paris earlier in the week, "
     "weeks after a public quarrel over energy subsidies."),
    # one happening, outlets disagree on the day (Wednesday 1 March 2023 against Thursday 2 March)
    ("b1.txt", "Northern Herald", "2023-03-02",
     "The Finnish parliament approved the NATO membership law on Wednesday, clearing the way for accession."),
    ("b2.txt", "Coastal Times", "2023-03-02",
     "Finland's parliament approved the NATO membership law on 1 March, clearing the way for accession."),
    ("b3.txt", "Valley Post", "2023-03-03",
     "The Finnish parliament approved the NATO membership law on Thursday, clearing the way for accession."),
    # two happenings on one day with the same actors: who spoke tells them apart
    ("c1.txt", "Northern Herald", "2023-05-12",
     "Vladimir Putin said on Thursday that the grain deal with Recep Tayyip Erdogan would be extended."),
    ("c2.txt", "Coastal Times", "2023-05-12",
     "Recep Tayyip Erdogan said on Thursday that the grain deal with Vladimir Putin would be extended."),
    # background with its own date
    ("d1.txt", "Valley Post", "2023-07-14",
     "The European Union first imposed sanctions after Russia annexed Crimea in 2014."),
    # a date anchored on another happening the article dates
    ("e1.txt", "Coastal Times", "2023-09-08",
     "Olaf Scholz visited Kyiv on Wednesday. "
     "A day after Scholz's visit, the Ukrainian parliament approved a new defence budget."),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Event], list[dict]]:
    """The articles above through the real build (spaCy, DuckDB), then the grouped events read back."""
    from dateline.pipeline import build
    from dateline.store import connect

    folder = tmp_path_factory.mktemp("events-corpus")
    rows = ["file,title,outlet,published,url,author"]
    for name, outlet, published, text in ARTICLES:
        (folder / name).write_text(text + "\n", encoding="utf-8")
        rows.append(f"{name},,{outlet},{published},,")
    (folder / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    db = tmp_path_factory.mktemp("events-store") / "events.duckdb"
    build(folder, db)
    with connect(db) as conn:
        files = dict(conn.execute("SELECT id, file FROM articles").fetchall())
        mentions: dict[str, list[EventMention]] = {}
        for row in conn.execute(
            """SELECT event_id, article_id, char_start, char_end, sentence, date_text, start, "end",
                      granularity, kind, predicate, outlet, date_basis FROM event_mentions"""
        ).fetchall():
            ev, art, c0, c1, sent, dt, d0, d1, gran, kind, pred, outlet, basis = row
            mentions.setdefault(ev, []).append(EventMention(
                article_id=files[art], char_start=c0, char_end=c1, sentence=sent, date_text=dt, start=d0,
                end=d1, granularity=gran, actors=(), kind=kind, predicate=pred, outlet=outlet,
                date_basis=basis))
        events = [
            Event(id=i, title=t, kind=k, start=s, end=e, granularity=g, actors=tuple(a), mentions=tuple(mentions[i]),
                  outlets=tuple(o), date_conflict=c, conflict_note=n or "")
            for i, t, k, s, e, g, a, o, c, n in conn.execute(
                """SELECT id, title, kind, start, "end", granularity, actors, outlets, date_conflict,
                          conflict_note FROM events""").fetchall()
        ]
        candidates = [dict(zip(("file", "kind", "start", "end", "date_basis", "clause", "predicate"), r,
                               strict=True))
                      for r in conn.execute(
                          """SELECT a.file, c.kind, c.start, c."end", c.date_basis, c.clause, c.predicate
                             FROM event_candidates c JOIN articles a ON a.id = c.article_id""").fetchall()]
    return events, candidates


def _events_of(events: list[Event], prefix: str) -> list[Event]:
    return [e for e in events if any(m.article_id.startswith(prefix) for m in e.mentions)]


@pytest.mark.slow
def test_pipeline_three_outlets_three_date_expressions_one_event_on_that_thursday(built):
    events, _ = built
    talks = [e for e in _events_of(events, "a") if any("talks" in m.sentence for m in e.mentions)]
    assert len(talks) == 1, [(e.title, e.start, e.outlets) for e in talks]
    ev = talks[0]
    assert set(ev.outlets) == {"Northern Herald", "Coastal Times", "Valley Post"}
    assert (ev.start, ev.end, ev.granularity) == (date(2022, 12, 1), date(2022, 12, 1), "day")
    assert not ev.date_conflict
    assert {m.date_text for m in ev.mentions} >= {"Thursday", "1 December", "earlier in the week"}
    assert "Scholz" in ev.title or "Macron" in ev.title


@pytest.mark.slow
def test_pipeline_outlets_disagreeing_on_the_day_are_flagged_with_who_says_what(built):
    events, _ = built
    law = _events_of(events, "b")
    assert len(law) == 1, [(e.title, e.start, e.outlets) for e in law]
    ev = law[0]
    assert ev.date_conflict
    assert ev.start == ev.end == date(2023, 3, 1)  # two outlets against one
    assert "Valley Post: Thu 2 Mar 2023" in ev.conflict_note
    assert "Northern Herald: Wed 1 Mar 2023" in ev.conflict_note
    assert len(ev.outlets) == 3


@pytest.mark.slow
def test_pipeline_same_day_same_actors_different_speakers_stay_apart(built):
    events, _ = built
    grain = _events_of(events, "c")
    assert len(grain) == 2, [(e.title, [m.article_id for m in e.mentions]) for e in grain]
    assert all(len(e.outlets) == 1 for e in grain)
    assert {e.start for e in grain} == {date(2023, 5, 11)}


@pytest.mark.slow
def test_pipeline_background_event_has_its_own_date_and_kind(built):
    events, _ = built
    (ev,) = [e for e in _events_of(events, "d") if any("annexed" in m.sentence for m in e.mentions)]
    assert ev.kind == "background"
    assert (ev.start, ev.end, ev.granularity) == (date(2014, 1, 1), date(2014, 12, 31), "year")


@pytest.mark.slow
def test_pipeline_anchored_date_resolves_through_the_anchor(built):
    _, candidates = built
    anchored = [c for c in candidates if c["file"] == "e1.txt" and c["date_basis"] == "anchored"]
    assert len(anchored) == 1, candidates
    c = anchored[0]
    assert c["start"] == c["end"] == date(2023, 9, 7)  # Wednesday 6 September + one day
    assert "approved" in c["clause"]
    visit = [c for c in candidates if c["file"] == "e1.txt" and c["predicate"] == "visited"]
    assert visit and visit[0]["start"] == date(2023, 9, 6)


def test_seed_store_has_events_reported_by_several_outlets(seed_store):
    from dateline.store.query import StoreReader

    reader = StoreReader(seed_store)
    events = reader.records("events")
    assert any(len(e["outlets"] or []) >= 2 for e in events)
    # every event's mentions point at real sentences of their articles
    texts = {a["id"]: a["text"] for a in reader.records("articles")}
    for m in reader.records("event_mentions"):
        assert texts[m["article_id"]][m["char_start"]:m["char_end"]] == m["sentence"]


def test_daily_statements_do_not_chain_into_one_event_across_the_week():
    """Undated remarks in papers of consecutive days: each pair's windows touch, the whole week does not."""
    text = "Biden said the talks with Putin on the ceasefire would continue as long as needed."
    ms = []
    for n in range(6):
        pub = date(2022, 12, 1 + n)
        m = mention(str(n), f"Outlet {n}", text, pub, pub, "day", None, "statement",
                    ["joe-biden", "vladimir-putin"], "said")
        ms.append(replace(m, date_basis="publication", agent="joe-biden"))
    events = group_mentions(ms, ACTORS)
    for ev in events:  # every event's reports can all be from one day (window [pub - 1, pub])
        days = sorted(m.start for m in ev.mentions)
        assert (days[-1] - days[0]).days <= 1, [str(d) for d in days]
    assert 3 <= len(events) <= 6
    assert sorted(len(ev.mentions) for ev in events)[-1] >= 2  # neighbouring days still join


def test_syndicated_copies_are_one_event_and_a_different_report_stays_apart():
    thu = date(2022, 12, 1)
    wire = "Biden said on Thursday he was ready to talk to Putin about ending the war."
    ms = [mention(str(n), f"Outlet {n}", wire, thu, thu, "day", "on Thursday", "statement",
                  ["joe-biden", "vladimir-putin"], "said") for n in range(40)]
    ms.append(mention("x", "Outlet X", "Macron said on Thursday he would visit Kyiv with aid for the winter.",
                      thu, thu, "day", "on Thursday", "statement", ["emmanuel-macron"], "said"))
    events = sorted(group_mentions(ms, ACTORS), key=lambda e: len(e.mentions))
    assert [len(e.mentions) for e in events] == [1, 40]
    assert len(events[1].outlets) == 40 and events[0].outlets == ("Outlet X",)


# -- one happening across outlets, and groups that share a happening (issue #13.3, #13.5) --------------
def said(cid, outlet, sentence, day, date_text, agent, actors, kind="statement", basis="explicit",
         gran="day", end=None, predicate="said"):
    return replace(mention(cid, outlet, sentence, day, end or day, gran, date_text, kind, actors, predicate),
                   agent=agent, date_basis=basis, clause=sentence)


NAMES = {"ines-duarte": "Ines Duarte", "norvik": "Norvik", "tomas-ek": "Tomas Ek", "harbour": "Harbour"}


def test_one_speakers_answer_dated_a_day_apart_by_two_outlets_is_one_event_with_the_conflict_noted():
    fri, sat = date(2023, 4, 14), date(2023, 4, 15)
    ms = [
        said("1", "Harbour Gazette", "Ines Duarte said on Friday the pier would reopen once divers had "
             "checked the pilings", fri, "on Friday", "ines-duarte", ["ines-duarte", "harbour"]),
        said("2", "Coast Daily", "Duarte told reporters on Saturday that the pilings must be checked "
             "before any reopening of the harbour", sat, "on Saturday", "ines-duarte", ["ines-duarte", "harbour"]),
    ]
    events = group_mentions(ms, NAMES)
    assert len(events) == 1, [e.title for e in events]
    ev = events[0]
    assert ev.date_conflict and set(ev.outlets) == {"Harbour Gazette", "Coast Daily"}
    summary, _, detail = ev.conflict_note.partition(" — ")
    assert summary.startswith("1 outlet says ") and ", 1 says " in summary
    assert {"Fri 14 Apr 2023", "Sat 15 Apr 2023"} <= {p.split(" says ")[-1] for p in summary.split(", ")}
    assert "Harbour Gazette: Fri 14 Apr 2023 (“on Friday”)" in detail
    assert "Coast Daily: Sat 15 Apr 2023 (“on Saturday”)" in detail


def test_the_conflict_note_counts_outlets_per_date_most_cited_first():
    d1, d2 = date(2023, 4, 14), date(2023, 4, 15)
    text = "The harbour authority closed the north pier after divers found cracked pilings"
    ms = [said(str(i), outlet, text, day, written, None, ["harbour"], kind="political", predicate="closed")
          for i, (outlet, day, written) in enumerate([("A", d1, "Friday"), ("B", d1, "on Friday"),
                                                       ("C", d2, "Saturday")])]
    (ev,) = group_mentions(ms, NAMES)
    assert ev.start == d1 and ev.date_conflict
    assert ev.conflict_note.startswith("2 outlets say Fri 14 Apr 2023, 1 says Sat 15 Apr 2023 — ")


def test_unrelated_remarks_of_one_speaker_a_day_apart_stay_apart_and_make_no_conflict():
    ms = [
        said("1", "A", "Ines Duarte said the pier would reopen once divers had checked the pilings",
             date(2023, 4, 14), "on Friday", "ines-duarte", ["ines-duarte"]),
        said("2", "B", "Ines Duarte said the ferry timetable for the summer season adds a night crossing",
             date(2023, 4, 15), "on Saturday", "ines-duarte", ["ines-duarte"]),
    ]
    events = group_mentions(ms, NAMES)
    assert len(events) == 2 and not any(e.date_conflict for e in events)


def test_reports_that_resemble_a_middle_one_do_not_chain_into_one_event():
    d = date(2023, 4, 14)
    a = "Divers inspected the cracked pilings under the north pier at dawn"
    b = "Divers inspected the cracked pilings, then welders repaired the ferry ramp"
    c = "Welders repaired the ferry ramp and painted the terminal roof"
    ms = [said(str(i), o, s, d, "on Friday", None, ["norvik"], kind="other", predicate="")
          for i, (o, s) in enumerate([("A", a), ("B", b), ("C", c)])]
    events = group_mentions(ms, NAMES)
    assert not any({m.candidate_id for m in e.mentions} == {"0", "1", "2"} for e in events)


def test_coarse_dates_refine_a_day_but_never_chain_two_months():
    ms = [
        said("1", "A", "The leaking well was capped in July by Norvik engineers", date(2023, 7, 1), "in July",
             None, ["norvik"], kind="other", gran="month", end=date(2023, 7, 31), predicate="capped"),
        said("2", "B", "Norvik engineers capped the leaking well in recent weeks", date(2023, 7, 25),
             "in recent weeks", None, ["norvik"], kind="other", gran="week", end=date(2023, 8, 14),
             predicate="capped"),
        said("3", "C", "The leaking well will be capped in August by Norvik engineers", date(2023, 8, 1),
             "in August", None, ["norvik"], kind="other", gran="month", end=date(2023, 8, 31), predicate="capped"),
    ]
    events = group_mentions(ms, NAMES)
    for e in events:
        assert not {"1", "3"} <= {m.candidate_id for m in e.mentions}, [m.date_text for m in e.mentions]


def test_a_statement_made_at_a_meeting_joins_the_meeting():
    d = date(2023, 4, 14)
    ms = [
        said("1", "A", "Ines Duarte and Tomas Ek met at the harbour office on Friday", d, "on Friday", None,
             ["ines-duarte", "tomas-ek"], kind="meeting", predicate="met"),
        said("2", "B", "In the meeting, Duarte said the pilings were unsafe", d, None, "ines-duarte",
             ["ines-duarte"], basis="publication"),
    ]
    (ev,) = group_mentions(ms, NAMES)
    assert ev.kind == "meeting" and set(ev.outlets) == {"A", "B"}
