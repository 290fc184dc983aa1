"""Event candidates and cross-outlet grouping, on hand-made records (no model needed)."""

from __future__ import annotations

from datetime import date

from dateline.events import find_event_candidates, group_mentions
from dateline.events.grouping import make_title
from dateline.records import Article, EntityMention, EventMention, Sentence, TimeMatch

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
