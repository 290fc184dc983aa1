"""Export file names: a briefing's follow its headline (else its name), a view's describe its filters."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.briefing import Briefing
from dateline.export.naming import LIMIT, briefing_stem, slugify, view_stem
from dateline.store.query import Filters


@pytest.mark.parametrize(("text", "slug"), [
    ("Talks in Kyiv — 5 Dec. 2022", "talks-in-kyiv-5-dec-2022"),
    ("Überschwemmung in Köln", "uberschwemmung-in-koln"),
    ("Переговоры в Киеве, май", "переговоры-в-киеве-май"),  # other scripts kept, й not folded to и
    ("../../etc/passwd", "etc-passwd"),
    ('a/b\\c:d*e?f"g<h>i|j', "a-b-c-d-e-f-g-h-i-j"),
    ("CON", "con-file"),
    ("nul", "nul-file"),
    ("ﬁnal ①", "final-1"),
    ("   ", ""),
    ("—!?", ""),
])
def test_slugify_keeps_words_and_nothing_unsafe(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_long_names_are_cut_at_a_word() -> None:
    words = "the spill day by day from the blowout to the static kill and the relief well in september"
    slug = slugify(words)
    assert len(slug) <= LIMIT and words.replace(" ", "-").startswith(slug) and not slug.endswith("-")
    assert words.replace(" ", "-")[len(slug)] == "-"  # cut where a word ends
    assert slugify("x" * 200) == "x" * LIMIT  # one endless word: cut anyway


def test_briefing_files_follow_the_headline_then_the_name() -> None:
    assert briefing_stem(Briefing(name="My briefing", headline="Spill: the first 100 days")) == \
        "spill-the-first-100-days"
    assert briefing_stem(Briefing(name="My briefing")) == "my-briefing"
    assert briefing_stem(Briefing(name="Desk", headline="“…”")) == "desk"  # unreadable headline
    assert briefing_stem(Briefing(name="!!!")) == "briefing"


def test_view_files_say_what_the_view_holds() -> None:
    assert view_stem() == "timeline"
    assert view_stem(Filters(), "corpus") == "corpus-timeline"
    f = Filters(text="Oil spill", show="events", outlets=("Reuters",), date_from=date(2010, 4, 20))
    assert view_stem(f, "bpoil") == "bpoil-timeline-events-oil-spill-reuters-from-2010-04-20"
    assert view_stem(Filters(actors=("a1", "a2"))) == "timeline-2-actors"
