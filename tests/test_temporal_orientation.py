"""Which year a yearless date gets, years of any century, and the calendar's edges (issues #13.1 and #16).

Each case: (sentence, anchor, expected) with expected = (text, start, end, granularity) for the one match the
sentence must contain. Sentences are written for these tests (none comes from the seed articles).
"""

from __future__ import annotations

from datetime import date

import pytest

from dateline.records import TimeMatch
from dateline.temporal import tag_dates

D = date.fromisoformat
DEC = D("2022-12-28")  # a December article: February is ten months back, or two ahead
MAR = D("2022-03-10")
Expected = tuple[str, str | None, str | None, str | None]
Case = tuple[str, date, Expected]

# News reports the past: in a past-tense clause a yearless date is the nearest one on or before the anchor.
PAST_ORIENTATION: list[Case] = [
    ("Relations soured after the invasion on February 24th.", DEC,
     ("February 24th", "2022-02-24", "2022-02-24", "day")),
    ("The refinery burned down on February 12, firefighters said.", DEC,
     ("February 12", "2022-02-12", "2022-02-12", "day")),
    ("The bakery reported record sales in January.", DEC, ("January", "2022-01-01", "2022-01-31", "month")),
    ("On January 3, the mayor resigned.", DEC, ("January 3", "2022-01-03", "2022-01-03", "day")),
    ("The museum, which opened in June, drew large crowds.", MAR, ("June", "2021-06-01", "2021-06-30", "month")),
    ("The ferry sank on 28 March with 40 people aboard.", D("2022-03-03"),
     ("28 March", "2021-03-28", "2021-03-28", "day")),
    ("The band last played together in April.", MAR, ("April", "2021-04-01", "2021-04-30", "month")),
    ("The case was heard in May.", MAR, ("May", "2021-05-01", "2021-05-31", "month")),
    ("The strike began last May.", MAR, ("last May", "2021-05-01", "2021-05-31", "month")),
    ("The strike began last February.", MAR, ("last February", "2021-02-01", "2021-02-28", "month")),
    ("The strike began last October.", DEC, ("last October", "2022-10-01", "2022-10-31", "month")),
    ("Voters rejected the plan in a poll held in mid-February.", DEC,
     ("mid-February", "2022-02-11", "2022-02-20", "month")),
    ("The dam gave way on the night of January 2.", DEC, ("January 2", "2022-01-02", "2022-01-02", "day")),
]

# A clause that looks forward keeps the next occurrence; one with no tense cue keeps the anchor window.
FORWARD: list[Case] = [
    ("The new bridge will open on February 12.", DEC, ("February 12", "2023-02-12", "2023-02-12", "day")),
    ("Elections are due in April.", MAR, ("April", "2022-04-01", "2022-04-30", "month")),
    ("The court is due to rule in January.", DEC, ("January", "2023-01-01", "2023-01-31", "month")),
    ("The summit is scheduled for January 19.", DEC, ("January 19", "2023-01-19", "2023-01-19", "day")),
    ("The ministry plans to publish the report in February.", DEC,
     ("February", "2023-02-01", "2023-02-28", "month")),
    ("The upcoming vote in February will decide it.", DEC, ("February", "2023-02-01", "2023-02-28", "month")),
    ("The ban would end in March if parliament agreed.", DEC, ("March", "2023-03-01", "2023-03-31", "month")),
    ("The curfew stays in force until January 15.", DEC, ("January 15", "2023-01-15", "2023-01-15", "day")),
    ("Bidders must file their offers by January 20.", DEC, ("January 20", "2023-01-20", "2023-01-20", "day")),
    ("Talks will resume next May.", MAR, ("next May", "2022-05-01", "2022-05-31", "month")),
    ("The hearing is on Jan. 9.", DEC, ("Jan. 9", "2023-01-09", "2023-01-09", "day")),
    ("Regulators told the bank to repay the loan by February.", DEC,
     ("February", "2023-02-01", "2023-02-28", "month")),
]

# "since X" and the present perfect read as past; so does past perfect.
SINCE_PERFECT: list[Case] = [
    ("He has not spoken to his brother since mid-February.", DEC,
     ("since mid-February", "2022-02-11", "2022-12-28", "month")),
    ("Prices have risen sharply since January.", DEC, ("since January", "2022-01-01", "2022-12-28", "month")),
    ("Nobody has seen the painter since the exhibition on February 2.", DEC,
     ("February 2", "2022-02-02", "2022-02-02", "day")),
    ("The border has been closed since March 4.", MAR, ("since March 4", "2022-03-04", "2022-03-10", "day")),
    ("The library has lent more books than ever in February.", DEC,
     ("February", "2022-02-01", "2022-02-28", "month")),
    ("The climber had been missing since December 24.", D("2023-01-10"),
     ("since December 24", "2022-12-24", "2023-01-10", "day")),
    ("Exports have doubled since the spring.", D("2022-04-20"), ("since the spring", "2022-03-01", "2022-04-20",
                                                                 "season")),
]

# Seasons and holidays follow the same rule.
SEASONS_HOLIDAYS: list[Case] = [
    ("Protesters clashed with police at Christmas.", D("2022-12-20"),
     ("Christmas", "2021-12-25", "2021-12-25", "day")),
    ("The shops will close at Christmas.", D("2022-12-20"), ("Christmas", "2022-12-25", "2022-12-25", "day")),
    ("Pilgrims flocked to the shrine at Easter.", D("2022-03-01"), ("Easter", "2021-04-04", "2021-04-04", "day")),
    ("The pilgrims will return at Easter.", D("2022-03-01"), ("Easter", "2022-04-17", "2022-04-17", "day")),
    ("The river flooded in the summer.", D("2022-05-15"), ("summer", "2021-06-01", "2021-08-31", "season")),
    ("The river could flood in the summer.", D("2022-05-15"), ("summer", "2022-06-01", "2022-08-31", "season")),
    ("The talks broke down over the summer.", D("2022-07-10"), ("summer", "2022-06-01", "2022-08-31", "season")),
    ("Turkeys sold out before Thanksgiving.", D("2022-11-10"),
     ("Thanksgiving", "2021-11-25", "2021-11-25", "day")),
    ("Fireworks lit the sky on New Year's Eve.", D("2022-12-20"),
     ("New Year's Eve", "2021-12-31", "2021-12-31", "day")),
    ("The lake froze over in the winter.", D("2022-11-20"), ("winter", "2021-12-01", "2022-02-28", "season")),
]

# Four-digit years resolve to themselves, whatever the century; a number without a year cue stays a number.
ANY_CENTURY: list[Case] = [
    ("The abbey was founded in 1066.", DEC, ("1066", "1066-01-01", "1066-12-31", "year")),
    ("The comet returns in the year 2500.", DEC, ("the year 2500", "2500-01-01", "2500-12-31", "year")),
    ("The bond matures on December 31, 9999.", DEC,
     ("December 31, 9999", "9999-12-31", "9999-12-31", "day")),
    ("The charter is dated 14 October 1066.", DEC, ("14 October 1066", "1066-10-14", "1066-10-14", "day")),
    ("The colony failed in March 2450.", DEC, ("March 2450", "2450-03-01", "2450-03-31", "month")),
    ("Sea levels may rise a metre by 2300.", DEC, ("2300", "2300-01-01", "2300-12-31", "year")),
    ("The castle has stood since 1205.", DEC, ("since 1205", "1205-01-01", "2022-12-28", "year")),
    ("The town was rebuilt in 1400 after a fire.", DEC, ("1400", "1400-01-01", "1400-12-31", "year")),
    ("The probe reaches the star in 4100.", DEC, ("4100", "4100-01-01", "4100-12-31", "year")),
    ("It was the summer of 1215.", DEC, ("summer of 1215", "1215-06-01", "1215-08-31", "season")),
]

NOT_YEARS: list[tuple[str, date]] = [
    ("Flight 3425 landed safely.", DEC),
    ("A crowd of 2500 gathered outside.", DEC),
    ("On March 3, 5000 troops crossed the river.", DEC),
    ("The statement is due from 1400 BST.", DEC),
    ("The blast left 5000 + dead.", DEC),
    ("The league has 1200 members.", DEC),
]

FAMILIES = {"past_orientation": PAST_ORIENTATION, "forward": FORWARD, "since_perfect": SINCE_PERFECT,
            "seasons_holidays": SEASONS_HOLIDAYS, "any_century": ANY_CENTURY}
ALL_CASES = [(family, *case) for family, cases in FAMILIES.items() for case in cases]


def _as_tuple(m: TimeMatch) -> Expected:
    return (m.text, m.start.isoformat() if m.start else None, m.end.isoformat() if m.end else None,
            m.granularity)


@pytest.mark.parametrize(("family", "sentence", "anchor", "expected"), ALL_CASES,
                         ids=[f"{c[0]}:{c[1][:40]}" for c in ALL_CASES])
def test_rule(family: str, sentence: str, anchor: date, expected: Expected) -> None:
    assert [_as_tuple(m) for m in tag_dates(sentence, anchor)] == [expected]


@pytest.mark.parametrize(("sentence", "anchor"), NOT_YEARS)
def test_numbers_are_not_years(sentence: str, anchor: date) -> None:
    found = [m for m in tag_dates(sentence, anchor) if m.granularity == "year"]
    assert found == [], [m.text for m in found]


def test_past_notes_say_why() -> None:
    (m,) = tag_dates("The refinery burned down on February 12.", DEC)
    assert "past clause" in m.note
    (m,) = tag_dates("The new bridge will open on February 12.", DEC)
    assert "forward-looking clause" in m.note


# -- calendar edges -------------------------------------------------------------------------------------
FIRST, LAST = date(1, 1, 1), date(9999, 12, 31)
EDGE_EXPRESSIONS = [
    "today", "yesterday", "tomorrow", "tonight", "last night", "this morning", "on Monday", "last Tuesday",
    "next Friday", "this weekend", "last weekend", "the weekend", "last week", "this week", "next week",
    "last month", "next month", "earlier this month", "later this month", "last year", "next year", "this year",
    "the past two years", "the next two weeks", "two days ago", "three weeks from now", "a decade ago",
    "last decade", "this century", "next century", "in December", "in January", "on December 31",
    "on January 1", "since February", "in mid-February", "late December", "in the spring", "last summer",
    "next winter", "this winter", "at Christmas", "last Christmas", "next Easter", "on Thanksgiving",
    "in the third quarter", "last quarter", "next quarter", "Q1", "the year-ago period", "year-end",
    "the end of the year", "the rest of the year", "so far this year", "the following year",
    "two days after December 31, 9999", "a day before January 1, 0001", "the day after 9999-12-31",
    "in the 90s", "December 31, 9999", "in 1066", "the year 2500", "between December and February",
    "from Monday to Friday",
]


@pytest.mark.parametrize("anchor", [FIRST, LAST], ids=["0001-01-01", "9999-12-31"])
@pytest.mark.parametrize("expression", EDGE_EXPRESSIONS)
def test_calendar_edges_never_raise(expression: str, anchor: date) -> None:
    sentence = f"The officials said it happened {expression}."
    found = tag_dates(sentence, anchor)
    for m in found:
        assert sentence[m.char_start:m.char_end] == m.text
        if m.basis == "unresolved":
            assert m.start is None and m.end is None
        else:
            assert m.start is not None and m.end is not None and m.start <= m.end


@pytest.mark.parametrize(("sentence", "anchor", "expected"), [
    ("It ends tomorrow.", LAST, ("tomorrow", None, None, None)),
    ("It ended yesterday.", LAST, ("yesterday", "9999-12-30", "9999-12-30", "day")),
    ("It ended yesterday.", FIRST, ("yesterday", None, None, None)),
    ("It starts tomorrow.", FIRST, ("tomorrow", "0001-01-02", "0001-01-02", "day")),
    ("It opens next year.", LAST, ("next year", None, None, None)),
    ("It opened last year.", FIRST, ("last year", None, None, None)),
    ("It opened last year.", LAST, ("last year", "9998-01-01", "9998-12-31", "year")),
    ("It closes two days after December 31, 9999.", DEC, ("two days after December 31, 9999", None, None, None)),
    ("It was signed on December 31, 9999.", FIRST, ("December 31, 9999", "9999-12-31", "9999-12-31", "day")),
    ("It was signed in December.", LAST, ("December", "9999-12-01", "9999-12-31", "month")),
    ("It will be signed in January.", LAST, ("January", "9999-01-01", "9999-01-31", "month")),
])
def test_calendar_edges_unresolved_not_rewritten(sentence: str, anchor: date, expected: Expected) -> None:
    found = tag_dates(sentence, anchor)
    assert [_as_tuple(m) for m in found] == [expected]
    if expected[1] is None:
        assert "outside the calendar" in found[0].note


# -- narrative references need a reference at least as fine as the shift ---------------------------------
@pytest.mark.parametrize(("text", "phrase"), [
    ("The ceasefire ended in June 2007. Two days later, police raided a flat.", "Two days later"),
    ("Elections were last held in 2004. The mayor resigned the following Monday.", "the following Monday"),
    ("The bridge opened in May 2010. The next day, it closed.", "The next day"),
])
def test_shift_finer_than_its_reference_is_unresolved(text: str, phrase: str) -> None:
    (m,) = [m for m in tag_dates(text, DEC) if m.text == phrase]
    assert m.start is None and m.basis == "unresolved"


def test_shift_as_coarse_as_its_reference_resolves() -> None:
    (m,) = [m for m in tag_dates("The ceasefire ended in June 2007. A year later, talks resumed.", DEC)
            if m.text == "A year later"]
    assert (m.start, m.end) == (date(2008, 6, 1), date(2008, 6, 30))
