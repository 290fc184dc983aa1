"""Actor identity across a corpus (issue #13.4): one table per rule family, on names of our own.

Resolution tests use hand-made mentions (the model's tagging is not under test); the role tests run the
real model on sentences written for them.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from dateline.actors import ActorIndex, extract_mentions, resolve_actors
from dateline.eval.aliases import AliasGold, read_gold, score, summary
from dateline.records import EntityMention


def m(text: str, key: str | None = None, kind: str = "person", label: str = "PERSON",
      role: str | None = None) -> EntityMention:
    return EntityMention(text=text, char_start=0, char_end=len(text), label=label, type=kind,  # type: ignore[arg-type]
                         key=key or text, role=role)


def resolve(articles: dict[str, list[EntityMention]]) -> ActorIndex:
    return resolve_actors(list(articles.items()))


def actor_of(index: ActorIndex, article: str, key: str) -> str | None:
    actor = index.actor_for(article, key)
    return actor.name if actor else None


def many(n: int, *mentions: EntityMention) -> list[EntityMention]:
    return [x for x in mentions for _ in range(n)]


# -- surname-only and short forms join the full name that dominates them across the corpus ----------------
SURNAME_CASES = [
    # (articles, (article, key) -> expected actor name)
    ({"a1": many(6, m("Marta Kowalczyk")), "a2": many(3, m("Kowalczyk")), "a3": [m("Ms Kowalczyk", "Kowalczyk")]},
     {("a2", "Kowalczyk"): "Marta Kowalczyk", ("a3", "Kowalczyk"): "Marta Kowalczyk"}),
    # a rare namesake does not stop the dominant one ("Obama" beside a rare Michelle Obama)
    ({"a1": many(12, m("Hendrik Voss")), "a2": [m("Greta Voss")], "a3": many(4, m("Voss"))},
     {("a3", "Voss"): "Hendrik Voss", ("a2", "Greta Voss"): "Greta Voss"}),
    # a surname the model typed as an organisation or a place
    ({"a1": many(8, m("Ingrid Halvorsen")), "a2": many(2, m("Halvorsen", kind="organization", label="ORG"))},
     {("a2", "Halvorsen"): "Ingrid Halvorsen"}),
    # a nickname and its full given name, and two nicknames of one name
    ({"a1": many(5, m("William Tarrant")), "a2": many(2, m("Bill Tarrant")), "a3": [m("Billy Tarrant")]},
     {("a2", "Bill Tarrant"): "William Tarrant", ("a3", "Billy Tarrant"): "William Tarrant"}),
    # words glued before a name: a thing's word, a demonym, an adverb
    ({"a1": many(9, m("Oskar Lindqvist")), "a2": many(3, m("Meridian Oskar Lindqvist")),
      "a3": [m("Swede Oskar Lindqvist")], "a4": [m("Thankfully Lindqvist")],
      "a5": many(4, m("Meridian", kind="organization", label="ORG"))},
     {("a2", "Meridian Oskar Lindqvist"): "Oskar Lindqvist", ("a3", "Swede Oskar Lindqvist"): "Oskar Lindqvist",
      ("a4", "Thankfully Lindqvist"): "Oskar Lindqvist"}),
]


@pytest.mark.parametrize(("articles", "expected"), SURNAME_CASES)
def test_short_forms_join_the_dominant_full_name(articles, expected) -> None:
    index = resolve(articles)
    for (article, key), name in expected.items():
        assert actor_of(index, article, key) == name, [(a.name, a.aliases) for a in index.actors]


# -- two full names that share a surname keep it apart, unless one dominates -----------------------------
APART_CASES = [
    # two comparable people: the surname alone stays its own actor, and the two stay two
    ({"a1": many(5, m("Paul Brenner")), "a2": many(4, m("Clara Brenner")), "a3": many(2, m("Brenner"))},
     ("a1", "Paul Brenner"), ("a2", "Clara Brenner"), ("a3", "Brenner")),
    # a given name one letter apart is another person when it is the feminine form
    ({"a1": many(5, m("Aleksandr Volkov")), "a2": many(5, m("Aleksandra Volkova"))},
     ("a1", "Aleksandr Volkov"), ("a2", "Aleksandra Volkova"), None),
    # a one-word name that starts a well-attested company's name is that company's, not the person's
    ({"a1": many(9, m("Ruth Calder")), "a2": many(5, m("Calder Instruments", kind="organization", label="ORG")),
      "a3": many(2, m("Calder", kind="organization", label="ORG"))},
     ("a1", "Ruth Calder"), ("a3", "Calder"), None),
]


@pytest.mark.parametrize(("articles", "one", "two", "short"), APART_CASES)
def test_shared_surnames_of_two_people_stay_apart(articles, one, two, short) -> None:
    index = resolve(articles)
    assert index.by_key[one] != index.by_key[two]
    if short is not None:
        assert index.by_key[short] not in (index.by_key[one], index.by_key[two])


def test_the_articles_own_full_name_decides_a_shared_surname() -> None:
    """In an article that spells the full name out, the surname is that person (in-article keys)."""
    index = resolve({"a1": many(5, m("Paul Brenner")), "a2": [m("Clara Brenner"), m("Brenner", "Clara Brenner")]})
    assert actor_of(index, "a2", "Clara Brenner") == "Clara Brenner"


# -- a common noun is never an actor ----------------------------------------------------------------------
COMMON_NOUNS = [
    m("the company", "Company", kind="group", label="SPEAKER"),
    m("Officials", kind="group", label="SPEAKER"),
    m("analysts", "Analysts", kind="group", label="SPEAKER"),
    m("Aides", kind="group", label="SPEAKER"),
    m("Some residents", kind="group", label="SPEAKER"),
    m("-RRB-", "RRB"),
]


@pytest.mark.parametrize("noun", COMMON_NOUNS, ids=lambda x: x.key)
def test_common_nouns_and_codes_are_not_actors(noun: EntityMention) -> None:
    others = [m("the officials", "Officials", kind="group", label="SPEAKER"), m("Greta Voss")]
    index = resolve({"a1": [noun], "a2": others})
    assert index.actor_for("a1", noun.key) is None
    assert actor_of(index, "a2", "Greta Voss") == "Greta Voss"


def test_a_speaker_that_the_model_names_elsewhere_stays_an_actor() -> None:
    index = resolve({"a1": [m("Transocean", kind="group", label="SPEAKER")],
                     "a2": [m("Transocean", kind="organization", label="ORG")]})
    assert actor_of(index, "a1", "Transocean") == "Transocean"


# -- a demonym is not an actor: it joins its place; a group named with one stays a group -----------------
DEMONYMS = [("Russian", "Russia"), ("Ukrainians", "Ukraine"), ("Americans", "United States"),
            ("German", "Germany"), ("Briton", "United Kingdom")]


@pytest.mark.parametrize(("demonym", "place"), DEMONYMS)
def test_demonyms_fold_into_their_place(demonym: str, place: str) -> None:
    index = resolve({"a1": [m(demonym, kind="group", label="NORP")],
                     "a2": [m(place, kind="place", label="GPE"), m(place, kind="place", label="GPE")]})
    actor = index.actor_for("a1", demonym)
    assert actor is not None and actor.name == place and actor.type == "place"
    assert actor is index.actor_for("a2", place)
    assert demonym not in {a.name for a in index.actors}


def test_a_group_named_with_a_demonym_stays_a_group() -> None:
    index = resolve({"a1": [m("Russian officials", kind="group", label="SPEAKER"),
                            m("Russian", kind="group", label="NORP")]})
    assert actor_of(index, "a1", "Russian officials") == "Russian officials"
    assert actor_of(index, "a1", "Russian") == "Russia"


# -- organisations: a corporate suffix, a one-word head ---------------------------------------------------
def test_a_corporate_suffix_names_the_same_organisation() -> None:
    index = resolve({"a1": many(5, m("Norvik", kind="place", label="GPE")),
                     "a2": many(2, m("Norvik Plc", kind="organization", label="ORG")),
                     "a3": [m("Norvik Ltd", kind="person")]})
    actor = index.actor_for("a1", "Norvik")
    assert actor is index.actor_for("a2", "Norvik Plc") is index.actor_for("a3", "Norvik Ltd")
    assert actor is not None and actor.type == "organization"


def test_a_one_word_head_joins_its_dominant_long_name_but_a_generic_head_does_not() -> None:
    index = resolve({
        "a1": many(6, m("Ocean Meridian", kind="other", label="FAC")) + many(2, m("Meridian", kind="place", label="LOC")),
        "a2": many(3, m("Ocean Meridian", kind="other", label="FAC")) + [m("Meridian", kind="place", label="LOC")],
        "a3": many(8, m("Glass House", kind="organization", label="ORG")) + [m("House", kind="organization", label="ORG")],
    })
    assert actor_of(index, "a1", "Meridian") == "Ocean Meridian"
    assert actor_of(index, "a3", "House") == "House"


# -- a role belongs to a person only when written in that person's own title or apposition ----------------
ROLES = [
    ("Harbour Commissioner Ines Duarte inspected the pier on Monday.", "Ines Duarte", "Harbour Commissioner"),
    ("Ines Duarte, a Norvik spokeswoman, said the pier was safe.", "Ines Duarte", "Norvik spokeswoman"),
    # the phrase after the comma names another person ("managing director Mr Lind"): not Tomas Ek's title
    ("Tomas Ek, Norvik managing director Mr Lind, said the pier was safe.", "Tomas Ek", None),
]



@pytest.mark.parametrize(("text", "name", "role"), ROLES)
def test_roles_come_only_from_the_persons_own_title_or_apposition(nlp: Language, text: str, name: str,
                                                                  role: str | None) -> None:
    found = [x for x in extract_mentions(nlp(text)) if x.key == name]
    assert found, text
    if role is None:
        assert all(x.role is None for x in found)
    else:
        assert any(x.role and role in x.role for x in found), [(x.key, x.role) for x in found]


def test_an_organisation_has_no_roles_and_a_role_naming_someone_else_is_dropped() -> None:
    index = resolve({
        "a1": [m("Norvik", kind="organization", label="ORG", role="Climate Secretary"),
               m("Ines Duarte", role="managing director Mr Lind"), m("Ines Duarte", role="chief engineer"),
               m("Tomas Lind"), m("Tomas Lind"), m("Tomas Lind")],
        "a2": [m("Ines Duarte", role="Lind deputy")],
    })
    assert index.actor_for("a1", "Norvik").roles == ()  # type: ignore[union-attr]
    assert index.actor_for("a1", "Ines Duarte").roles == ("chief engineer",)  # type: ignore[union-attr]


# -- the alias-group scorer -------------------------------------------------------------------------------
def test_the_alias_scorer_counts_groups_shares_and_merged_people(tmp_path) -> None:
    gold_file = tmp_path / "gold.tsv"
    gold_file.write_text("# test\nAnna Berg\tAnna Berg\tBerg\nOla Berg\tOla Berg\napart\tAnna Berg\tOla Berg\n",
                         encoding="utf-8")
    gold = read_gold(gold_file)
    assert isinstance(gold, AliasGold) and gold.groups["Anna Berg"] == {"anna berg", "berg"}
    rows = [("Anna Berg", "anna"), ("Berg", "anna"), ("berg", "berg"), ("Ola Berg", "ola"), ("Other", "x")]
    scores = score(rows, gold)
    s = summary(scores, gold)
    assert (s["groups"], s["one_actor"], s["mentions"]) == (2, 1, 4)
    assert s["mention_share"] == pytest.approx(3 / 4)
    assert s["merged"] == []
    s2 = summary(score([("Anna Berg", "z"), ("Ola Berg", "z")], gold), gold)
    assert s2["merged"] == [("Anna Berg", "Ola Berg")]
    gold_file.write_text("A\tx\nB\tx\n", encoding="utf-8")
    with pytest.raises(ValueError, match="is in"):
        read_gold(gold_file)
