"""Actors: mention extraction on real model output, cross-article resolution, alias files, stable ids."""

from __future__ import annotations

import random
import time
import warnings
from pathlib import Path

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc, Span

from dateline.actors import ActorIndex, actor_id_for, extract_mentions, load_alias_file, resolve_actors
from dateline.actors.aliases import AliasFileWarning
from dateline.records import Actor, EntityMention

CORPUS = Path(__file__).resolve().parent.parent / "corpus"



def mentions_of(nlp: Language, text: str) -> list[EntityMention]:
    doc = nlp(text)
    found = extract_mentions(doc)
    for m in found:
        assert doc.text[m.char_start : m.char_end] == m.text, m
    return found


def resolve_texts(nlp: Language, texts: dict[str, str], aliases: dict[str, str] | None = None) -> ActorIndex:
    return resolve_actors([(aid, mentions_of(nlp, text)) for aid, text in texts.items()], aliases)


def actor_named(index: ActorIndex, name: str) -> Actor:
    matches = [a for a in index.actors if a.name == name]
    assert len(matches) == 1, (name, [a.name for a in index.actors])
    return matches[0]


def by_text(found: list[EntityMention], text: str) -> list[EntityMention]:
    return [m for m in found if m.text == text]


def mention(text: str, key: str | None = None, kind: str = "person", role: str | None = None,
            label: str = "PERSON") -> EntityMention:
    """A hand-made mention for resolution tests that must not depend on the model's tagging."""
    return EntityMention(text=text, char_start=0, char_end=len(text), label=label, type=kind,  # type: ignore[arg-type]
                         key=key or text, role=role)


# --- extraction -----------------------------------------------------------------------------------------


def test_titles_honorifics_and_possessives_are_stripped(nlp: Language) -> None:
    found = mentions_of(
        nlp,
        "President Vladimir V. Putin of Russia met Mr. Biden in Geneva on Monday. Biden’s aides said the "
        "talks were useful, and Mr. Putin’s spokesman agreed.",
    )
    texts = [m.text for m in found]
    assert "Vladimir V. Putin" in texts
    assert "Putin" in texts and "Putin’s" not in texts and "Mr. Putin" not in texts
    assert texts.count("Biden") == 2, texts
    putin = by_text(found, "Vladimir V. Putin")[0]
    assert putin.key == "Vladimir Putin"
    assert putin.role == "President"
    assert all(m.key == "Vladimir Putin" for m in by_text(found, "Putin"))


def test_surname_points_at_full_name_before_and_after(nlp: Language) -> None:
    found = mentions_of(
        nlp,
        "John F. Kirby, a spokesman for the National Security Council, told reporters on Tuesday that talks "
        "were possible. “We are ready,” Mr. Kirby said.",
    )
    assert [m.key for m in by_text(found, "Kirby")] == ["John Kirby"]
    assert by_text(found, "John F. Kirby")[0].role == "spokesman for the National Security Council"
    later = mentions_of(
        nlp,
        "Peskov said on Monday that no talks were planned. Later, Kremlin spokesman Dmitry Peskov added that "
        "the Kremlin would wait.",
    )
    assert {m.key for m in later if m.type == "person"} == {"Dmitry Peskov"}


def test_roles_from_titles_and_appositives(nlp: Language) -> None:
    found = mentions_of(
        nlp,
        "Kremlin spokesperson Dimitry Peskov said that the offer was unacceptable. German Chancellor Olaf "
        "Scholz called the decision regrettable.\n\nIn Moscow, Dmitri S. Peskov, a Kremlin spokesman, said at "
        "a news conference on Friday that the proposal was not serious.\n\nQuote from Peskov, press secretary "
        "of the Russian President: \"The talks are over.\" State Department spokesman Ned Price said the "
        "United States would respond.",
    )
    roles = {m.text: m.role for m in found if m.type == "person"}
    assert roles["Dimitry Peskov"] == "Kremlin spokesperson"  # first name the model left out is restored
    assert roles["Olaf Scholz"] == "German Chancellor"
    assert roles["Dmitri S. Peskov"] == "Kremlin spokesman"
    assert roles["Ned Price"] == "State Department spokesman"
    assert by_text(found, "Peskov")[0].role == "press secretary of the Russian President"


def test_no_role_from_relations_or_clauses(nlp: Language) -> None:
    found = mentions_of(
        nlp,
        "Mr. Blinken has spoken with his counterpart Sergey V. Lavrov only once. Anders Fogh Rasmussen, who "
        "served as NATO secretary general, said this week that he was worried.",
    )
    assert by_text(found, "Sergey V. Lavrov")[0].role is None
    rasmussen = [m for m in found if m.text.endswith("Rasmussen")]
    assert rasmussen and all(m.role is None for m in rasmussen)


def test_junk_spans_are_filtered() -> None:
    """Spans the small model tags wrongly (lowercase words, numbers, pronouns, letters, URLs) are dropped."""
    words = ["He", "said", "sham", "votes", "and", "42", "people", "saw", "X", "at", "Reuters.com/world",
             "while", "Background", ":", "Mr.", "Smith", "’s", "team", "left", "."]
    spaces = [True] * len(words)
    spaces[words.index("Background")] = False
    spaces[words.index("Smith")] = False
    doc = Doc(Language().vocab, words=words, spaces=spaces)
    labels = {"He": "PERSON", "sham": "ORG", "42": "ORG", "X": "PERSON", "Reuters.com/world": "ORG",
              "Background": "PERSON"}
    ents = [Span(doc, i, i + 1, label=labels[w]) for i, w in enumerate(words) if w in labels]
    ents.append(Span(doc, words.index("Mr."), words.index("’s") + 1, label="PERSON"))
    doc.ents = ents
    found = extract_mentions(doc)
    assert [(m.text, m.key) for m in found] == [("Smith", "Smith")]
    assert doc.text[found[0].char_start : found[0].char_end] == "Smith"


def test_names_the_model_missed_are_recovered() -> None:
    """A name right after a title, and a later bare surname, are found even when the model tags neither."""
    text_words = ["Putin", "and", "the", "Chancellor", "of", "Germany", "Olaf", "Scholz", "talked", ".",
                  "Later", ",", "Scholz", "said", "he", "would", "call", "again", "."]
    spaces = [nxt not in {".", ","} for nxt in text_words[1:]] + [False]
    doc = Doc(spacy.blank("en").vocab, words=text_words, spaces=spaces)
    doc.ents = [Span(doc, 0, 1, label="PERSON"), Span(doc, 5, 6, label="GPE")]
    found = extract_mentions(doc)
    people = [(m.text, m.key, m.role) for m in found if m.type == "person"]
    assert people == [("Putin", "Putin", None), ("Olaf Scholz", "Olaf Scholz", "Chancellor of Germany"),
                      ("Scholz", "Olaf Scholz", None)]
    assert all(doc.text[m.char_start : m.char_end] == m.text for m in found)


def test_organisations_and_places_normalised(nlp: Language) -> None:
    index = resolve_texts(nlp, {
        "a": "The Kremlin said the U.S. was to blame. NATO allies met in Brussels.",
        "b": "Kremlin officials said the United States and the US Congress disagreed.",
        "c": "In Washington, US officials said NATO would meet. The Kremlin did not comment.",
    })
    us = actor_named(index, "United States")
    assert us.type == "place"
    assert {"U.S.", "United States", "US"} <= set(us.aliases)
    kremlin = actor_named(index, "Kremlin")
    assert kremlin.type == "organization" and kremlin.mention_count == 3
    assert actor_named(index, "NATO").type == "organization"


# --- resolution across articles -------------------------------------------------------------------------


def test_transliteration_variants_merge_into_one_actor(nlp: Language) -> None:
    index = resolve_texts(nlp, {
        "a": "Kremlin spokesperson Dimitry Peskov said that the offer was unacceptable.",
        "b": "In Moscow, Dmitri S. Peskov, a Kremlin spokesman, said the proposal was not serious.",
        "c": "The military operation continues, said the Kremlin representative Dmitry Peskov on Friday.",
    })
    peskov = [a for a in index.actors if a.type == "person"]
    assert len(peskov) == 1, peskov
    assert set(peskov[0].aliases) == {"Dimitry Peskov", "Dmitri S. Peskov", "Dmitry Peskov"}
    assert peskov[0].mention_count == 3
    assert set(peskov[0].roles) == {"Kremlin spokesperson", "Kremlin spokesman", "Kremlin representative"}
    ids = {index.by_key[(aid, key)] for (aid, key) in index.by_key if index.actor_for(aid, key).type == "person"}
    assert ids == {peskov[0].id}


def test_spelling_variants_of_surnames_merge(nlp: Language) -> None:
    index = resolve_texts(nlp, {
        "a": "Ukrainian President Volodymyr Zelenskyy said his troops were advancing. Zelenskyy thanked allies.",
        "b": "President Volodymyr Zelenskiy of Ukraine told NATO leaders that Kyiv needed more air defence.",
        "c": "It will really weaken the Western front if we try to push Zelensky into peace talks soon.",
    })
    people = [a for a in index.actors if a.type == "person"]
    assert len(people) == 1, people
    assert {"Volodymyr Zelenskyy", "Volodymyr Zelenskiy", "Zelensky"} <= set(people[0].aliases)
    assert people[0].mention_count == 4
    assert actor_named(index, "Kyiv").type == "place"  # tagged PERSON by the model, a known place


def test_middle_initials_merged(nlp: Language) -> None:
    index = resolve_texts(nlp, {
        "a": "Secretary of State Antony J. Blinken spoke to reporters in Brussels. Mr. Blinken said NATO would "
             "stay united.",
        "b": "Antony Blinken met his counterparts at NATO headquarters on Thursday.",
    })
    blinken = actor_named(index, "Antony Blinken")
    assert {"Antony J. Blinken", "Blinken", "Antony Blinken"} == set(blinken.aliases)
    assert blinken.mention_count == 3
    assert blinken.roles == ("Secretary of State",)


def test_middle_initial_and_title_variants_of_putin_merge(nlp: Language) -> None:
    index = resolve_texts(nlp, {
        "a": "Biden said he was open to talking with President Vladimir V. Putin of Russia.",
        "b": "Russian President Vladimir Putin spoke with German Chancellor Olaf Scholz on Friday.",
        "c": "Mr. Putin said the West was to blame.",
    })
    putin = actor_named(index, "Vladimir Putin")
    assert {"Vladimir V. Putin", "Vladimir Putin"} <= set(putin.aliases)
    assert index.actor_for("c", "Putin").id == putin.id
    assert actor_named(index, "Olaf Scholz").id != putin.id


def test_different_people_stay_apart(nlp: Language) -> None:
    index = resolve_texts(nlp, {
        "a": "Russian President Vladimir Putin spoke with German Chancellor Olaf Scholz on Friday.",
        "b": "Joe Biden spoke about his son. Hunter Biden has been the subject of an inquiry, and Joe Biden "
             "defended him.",
        "c": "Former Prime Minister Boris Johnson said on Sunday that his government had done its best.",
        "d": "The historian noted that President Andrew Johnson was impeached in 1868.",
        "e": "Gen. Mark A. Milley, the chairman of the Joint Chiefs of Staff, testified on Tuesday. Senator "
             "Mark Kelly of Arizona questioned him.",
    })
    names = {a.name for a in index.actors if a.type == "person"}
    assert {"Vladimir Putin", "Olaf Scholz", "Joe Biden", "Hunter Biden", "Boris Johnson", "Andrew Johnson",
            "Mark Milley", "Mark Kelly"} == names
    assert actor_named(index, "Joe Biden").mention_count == 2
    assert actor_named(index, "Mark Milley").roles == ("chairman of the Joint Chiefs of Staff",)
    assert actor_named(index, "Mark Kelly").roles == ("Senator",)


def test_surname_only_attaches_when_unique_and_stays_apart_when_ambiguous(nlp: Language) -> None:
    texts = {
        "a": "Former Prime Minister Boris Johnson said on Sunday that his government had done its best.",
        "b": "Johnson told reporters in London that the plan would fail.",
    }
    index = resolve_texts(nlp, texts)
    johnson = actor_named(index, "Boris Johnson")
    assert index.by_key[("b", "Johnson")] == johnson.id
    texts["c"] = "The historian noted that President Andrew Johnson was impeached in 1868."
    index = resolve_texts(nlp, texts)
    shared = index.actor_for("b", "Johnson")
    assert shared is not None
    assert shared.name == "Johnson"
    assert shared.id not in {actor_named(index, "Boris Johnson").id, actor_named(index, "Andrew Johnson").id}


def test_two_people_sharing_a_surname_in_one_corpus() -> None:
    """No evidence links a given name to the other: "Mark Kelly" and "Laura Kelly" stay two people."""
    index = resolve_actors([
        ("a", [mention("Mark Kelly", role="Senator"), mention("Kelly", "Mark Kelly")]),
        ("b", [mention("Laura Kelly", role="Governor"), mention("Kelly", "Laura Kelly")]),
        ("c", [mention("Kelly")]),
    ])
    names = sorted(a.name for a in index.actors)
    assert names == ["Kelly", "Laura Kelly", "Mark Kelly"]
    assert index.actor_for("a", "Mark Kelly").aliases == ("Mark Kelly", "Kelly")
    assert index.actor_for("b", "Laura Kelly").aliases == ("Laura Kelly", "Kelly")
    assert index.actor_for("c", "Kelly").name == "Kelly"


def test_given_name_variants_need_a_matching_surname() -> None:
    index = resolve_actors([
        ("a", [mention("Joseph R. Biden Jr.", "Joseph Biden"), mention("Aleksandr Ivanov")]),
        ("b", [mention("Joe Biden"), mention("Aleksandra Ivanova"), mention("Joe Manchin")]),
        ("c", [mention("Alexander Ivanov"), mention("J. Biden")]),
    ])
    assert {a.name for a in index.actors} == {"Joseph Biden", "Joe Manchin", "Aleksandr Ivanov",
                                              "Aleksandra Ivanova"}
    biden = next(a for a in index.actors if a.name.endswith("Biden"))
    assert biden.mention_count == 3
    ivanov = next(a for a in index.actors if a.name.endswith("Ivanov"))
    assert set(ivanov.aliases) == {"Aleksandr Ivanov", "Alexander Ivanov"}


def test_people_differing_only_by_middle_initials_stay_apart() -> None:
    index = resolve_actors([
        ("a", [mention("George H. W. Bush", "George Bush")]),
        ("b", [mention("George W. Bush", "George Bush"), mention("George W. Bush", "George Bush")]),
    ])
    assert sorted(a.name for a in index.actors) == ["George H. W. Bush", "George W. Bush"]
    assert len({a.id for a in index.actors}) == 2


def test_middle_initials_tell_apart_two_people_in_one_article(nlp: Language) -> None:
    found = mentions_of(nlp, "George H. W. Bush spoke at the dinner. His son, George W. Bush, spoke after "
                             "him, and both men were applauded.")
    keys = {m.text: m.key for m in found if m.type == "person"}
    assert keys == {"George H. W. Bush": "George H. W. Bush", "George W. Bush": "George W. Bush"}
    index = resolve_actors([("a", found)])
    assert sorted(a.name for a in index.actors if a.type == "person") == ["George H. W. Bush", "George W. Bush"]


def test_mistyped_surname_joins_the_person() -> None:
    """The model sometimes tags a surname as a place; a better-attested person with that surname wins."""
    index = resolve_actors([
        ("a", [mention("Olaf Scholz"), mention("Scholz", "Olaf Scholz")]),
        ("b", [mention("Scholz", kind="place", label="GPE")]),
        ("c", [mention("Washington", kind="place", label="GPE"), mention("Washington", kind="place",
                                                                      label="GPE")]),
        ("d", [mention("George Washington")]),
    ])
    assert index.actor_for("b", "Scholz").name == "Olaf Scholz"
    assert index.actor_for("c", "Washington").type == "place"
    assert index.actor_for("d", "George Washington").name == "George Washington"


def test_organisation_variants_and_acronyms() -> None:
    org = dict(kind="organization", label="ORG")
    index = resolve_actors([
        ("a", [mention("the Kremlin", **org), mention("National Security Council", **org)]),
        ("b", [mention("Kremlin", **org), mention("NSC", **org), mention("N.A.T.O.", **org)]),
        ("c", [mention("Kremlin’s", **org), mention("NATO", **org), mention("Nato", **org)]),
        ("d", [mention("the United States", kind="place", label="GPE"),
               mention("U.S.", kind="place", label="GPE"), mention("US", kind="place", label="GPE")]),
    ])
    names = {a.name: a for a in index.actors}
    assert set(names) == {"Kremlin", "National Security Council", "NATO", "United States"}
    assert names["Kremlin"].mention_count == 3
    assert names["National Security Council"].mention_count == 2
    assert names["NATO"].mention_count == 3
    assert names["United States"].type == "place"
    assert set(names["United States"].aliases) == {"the United States", "U.S.", "US"}
    assert set(names["Kremlin"].aliases) == {"the Kremlin", "Kremlin"}  # possessive stripped


# --- alias table ----------------------------------------------------------------------------------------


def test_alias_file_format(tmp_path: Path) -> None:
    path = tmp_path / "aliases.csv"
    path.write_text(
        "\ufeff# people the resolver cannot know\n"
        "alias,canonical\n"
        "\n"
        "  Lula ,  Luiz Inácio Lula da Silva \n"
        "\"Biden, Joe\",Joe Biden\n"
        "# a comment\n"
        "only-one-field\n"
        "a,b,c\n"
        ",Empty Alias\n",
        encoding="utf-8",
    )
    with pytest.warns(AliasFileWarning) as caught:
        table = load_alias_file(path)
    assert table == {"Lula": "Luiz Inácio Lula da Silva", "Biden, Joe": "Joe Biden"}
    assert len(caught) == 3
    assert load_alias_file(tmp_path / "missing.csv") == {}


def test_alias_file_without_header_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "aliases.csv"
    path.write_text("Zelenskiy,Volodymyr Zelensky\n", encoding="utf-8")
    with pytest.warns(AliasFileWarning, match="header"):
        assert load_alias_file(path) == {"Zelenskiy": "Volodymyr Zelensky"}


def test_alias_table_merges_forms_the_resolver_keeps_apart() -> None:
    articles = [
        ("a", [mention("Luiz Inácio Lula da Silva", role="President")]),
        ("b", [mention("Lula"), mention("Lula")]),
    ]
    assert len(resolve_actors(articles).actors) == 2
    index = resolve_actors(articles, {"LULA": "Luiz Inácio Lula da Silva"})
    assert [a.name for a in index.actors] == ["Luiz Inácio Lula da Silva"]
    assert index.actors[0].mention_count == 3
    assert set(index.actors[0].aliases) == {"Lula", "Luiz Inácio Lula da Silva"}


def test_alias_table_splits_and_renames() -> None:
    articles = [
        ("a", [mention("Boris Johnson"), mention("Johnson", "Boris Johnson")]),
        ("b", [mention("Johnson")]),
        ("c", [mention("Kremlin", kind="organization", label="ORG")]),
    ]
    plain = resolve_actors(articles)
    assert plain.actor_for("b", "Johnson").name == "Boris Johnson"
    index = resolve_actors(articles, {"johnson": "Dwayne Johnson", "Kremlin": "Russian Presidency"})
    assert index.actor_for("b", "Johnson").name == "Dwayne Johnson"
    # In "a" the surname abbreviates the full name of that article, so the alias does not apply there.
    boris = index.actor_for("a", "Boris Johnson")
    assert boris.name == "Boris Johnson" and boris.mention_count == 2 and "Johnson" in boris.aliases
    assert index.actor_for("c", "Kremlin").name == "Russian Presidency"
    assert index.actor_for("c", "Kremlin").id == "russian-presidency"


def test_alias_table_keeps_two_canonicals_apart() -> None:
    """Two spellings the resolver would merge stay apart when the table names two different actors."""
    articles = [("a", [mention("Dmitry Peskov")]), ("b", [mention("Dmitri Peskov")])]
    assert len(resolve_actors(articles).actors) == 1
    index = resolve_actors(articles, {"Dmitry Peskov": "Dmitry Peskov", "Dmitri Peskov": "Dmitri Peskov (other)"})
    assert sorted(a.name for a in index.actors) == ["Dmitri Peskov (other)", "Dmitry Peskov"]


# --- ids, robustness ------------------------------------------------------------------------------------


def test_ids_are_stable_and_unique() -> None:
    assert actor_id_for("Dmitry Peskov") == "dmitry-peskov"
    assert actor_id_for("  Volodymyr  Zelenskyy ") == "volodymyr-zelenskyy"
    assert actor_id_for("Luiz Inácio Lula da Silva") == "luiz-inacio-lula-da-silva"
    assert actor_id_for("Владимир Путин") == actor_id_for("Владимир Путин") != actor_id_for("Путин")
    articles = [
        ("a", [mention("Dmitry Peskov"), mention("Kremlin", kind="organization", label="ORG")]),
        ("b", [mention("Dmitri S. Peskov", "Dmitri Peskov"), mention("Peskov")]),
        ("c", [mention("Peskov"), mention("Dmitry Peskov")]),
    ]
    first = resolve_actors(articles)
    again = resolve_actors(list(reversed(articles)))
    assert [(a.id, a.name, a.mention_count) for a in first.actors] == [
        (a.id, a.name, a.mention_count) for a in again.actors
    ]
    assert first.by_key == again.by_key
    assert len({a.id for a in first.actors}) == len(first.actors)
    assert first.actors[0].id == "dmitry-peskov"


def test_odd_input_never_raises(nlp: Language) -> None:
    assert resolve_actors([]).actors == []
    assert resolve_actors([("a", [])], {}).by_key == {}
    index = resolve_actors([("a", None), ("b",), "junk", ("c", [mention("  ", "  "), mention("Ørsted", kind="organization")])])  # type: ignore[list-item]
    assert [a.name for a in index.actors] == ["Ørsted"]
    assert index.actor_for("zzz", "nobody") is None
    assert extract_mentions(nlp("")) == []
    assert extract_mentions(nlp("   \n\n ...")) == []
    assert all(m.text.strip() for m in extract_mentions(nlp("’s ’s Mr. Mr. , , the the")))


def test_resolver_failure_degrades_to_one_actor_per_key(monkeypatch: pytest.MonkeyPatch) -> None:
    import dateline.actors.resolve as resolve_module

    def broken(slots: object) -> ActorIndex:
        raise ValueError("boom")

    monkeypatch.setattr(resolve_module, "_resolve", broken)
    with pytest.warns(RuntimeWarning, match="one actor per key"):
        index = resolve_actors([("a", [mention("Peskov"), mention("Peskov")]), ("b", [mention("Peskov")])])
    assert [(a.name, a.mention_count) for a in index.actors] == [("Peskov", 3)]
    assert index.actor_for("b", "Peskov") is index.actors[0]


def test_span_never_crosses_a_line_break() -> None:
    words = ["Background", "\n\n", "Joe", "Biden", "said", "so", "."]
    doc = Doc(Language().vocab, words=words, spaces=[False, False, True, True, True, False, False])
    doc.ents = [Span(doc, 0, 4, label="PERSON")]
    assert [(m.text, m.key) for m in extract_mentions(doc)] == [("Joe Biden", "Joe Biden")]


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from([
    "Mr.", "President", "Vladimir", "V.", "Putin", "Putin’s", "Biden's", "the", "Kremlin", "said", ",", ".",
    "a", "Kremlin", "spokesman", "U.S.", "NATO", "\n", "“", "”", "of", "Russia", "Dmitri", "Peskov", "—", "he",
    "Ms", "Zelenskyy", "(", ")", "Secretary", "State", "’s", "42",
]), max_size=40))
def test_offsets_always_match_the_text(nlp: Language, words: list[str]) -> None:
    text = " ".join(words)
    doc = nlp(text)
    for m in extract_mentions(doc):
        assert text[m.char_start : m.char_end] == m.text
        assert m.text == m.text.strip() and m.key and not m.text.islower()
        assert not m.text.endswith(("’s", "'s")) and not m.text.startswith(("Mr.", "Ms "))


# --- seed corpus and scale ------------------------------------------------------------------------------


def test_seed_corpus_sanity(nlp: Language) -> None:
    """The project's default corpus: offsets exact, no junk actors, consistent index."""
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))}
    assert len(texts) == 5
    per_article = [(aid, mentions_of(nlp, text)) for aid, text in texts.items()]
    index = resolve_actors(per_article)
    for aid, found in per_article:
        for m in found:
            assert index.actor_for(aid, m.key) is not None
            assert len(m.text) > 1 and not m.text.islower()
    assert sum(a.mention_count for a in index.actors) == sum(len(f) for _, f in per_article)
    counts = [a.mention_count for a in index.actors]
    assert counts == sorted(counts, reverse=True)
    assert len({a.id for a in index.actors}) == len(index.actors)
    # Every spelling of one spokesman in the corpus lands on one person.
    spokesman = {a.id for a in index.actors if any(alias.endswith("Peskov") for alias in a.aliases)}
    assert len(spokesman) == 1


def test_resolution_scales_to_100k_mentions() -> None:
    """A synthetic corpus of 100k mentions resolves in one pass (time printed with -s, not asserted)."""
    rng = random.Random(7)
    syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "shi", "den", "gor", "lev", "san", "tin", "bar"]
    people = []
    for _ in range(3000):
        given = "".join(rng.choice(syllables) for _ in range(2)).title()
        surname = "".join(rng.choice(syllables) for _ in range(3)).title()
        people.append((given, surname))
    orgs = [f"{rng.choice(syllables).title()} {rng.choice(['Ministry', 'Council', 'Bank', 'Group'])}"
            for _ in range(500)]
    per_article = []
    total = 0
    while total < 100_000:
        found = []
        for _ in range(rng.randint(10, 40)):
            if rng.random() < 0.7:
                given, surname = rng.choice(people)
                form = rng.choice([f"{given} {surname}", f"{given} Q. {surname}", surname, f"{given}y {surname}"])
                found.append(mention(form, form if " " in form else f"{given} {surname}"))
            else:
                found.append(mention(rng.choice(orgs), kind="organization", label="ORG"))
        per_article.append((f"art-{len(per_article)}", found))
        total += len(found)
    started = time.perf_counter()
    index = resolve_actors(per_article)
    elapsed = time.perf_counter() - started
    print(f"\nresolve_actors: {total} mentions, {len(index.actors)} actors in {elapsed:.2f}s")
    assert sum(a.mention_count for a in index.actors) == total
    assert all((aid, m.key) in index.by_key for aid, found in per_article for m in found)


def test_clean_alias_file_loads_without_warnings(tmp_path: Path) -> None:
    path = tmp_path / "aliases.csv"
    path.write_text("alias,canonical\nKremlin,Kremlin\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert load_alias_file(path) == {"Kremlin": "Kremlin"}
