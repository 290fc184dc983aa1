"""The word lists behind statement attribution, read from ``resources/`` so they can grow without code changes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from dateline.resources import read_table, word_classes

CUE_KINDS = frozenset({"verb", "object", "source"})


@dataclass(frozen=True, slots=True)
class Cue:
    """One row of ``cues.tsv``: a (possibly multi-word) cue, how its speaker is placed, and its strength."""

    words: tuple[str, ...]
    kind: str
    strong: bool
    speech: bool = True  # "strong": a verb of saying; "act"/"weak" cues also name other acts and attitudes
    attitude: bool = False  # "attitude": content only as a clause or a quotation ("criticized", "rejected")


def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of one of the statement tables (``statements/resources/NAME``), read by ``read_table``."""
    return read_table(f"statements/resources/{name}").rows


@lru_cache(maxsize=1)
def cue_table() -> dict[str, tuple[Cue, ...]]:
    """Cues keyed by their first word, longest first so "pointed out" wins over a shorter reading."""
    table: dict[str, list[Cue]] = {}
    for row in rows("cues.tsv"):
        if len(row) < 3 or row[1] not in CUE_KINDS:
            continue  # a malformed row must not take the whole extractor down
        cue = Cue(tuple(row[0].lower().split()), row[1], row[2] in ("strong", "act"), row[2] == "strong",
                  row[2] == "attitude")
        table.setdefault(cue.words[0], []).append(cue)
    return {key: tuple(sorted(cues, key=lambda c: -len(c.words))) for key, cues in table.items()}


@lru_cache(maxsize=1)
def cue_words() -> frozenset[str]:
    """The first words of cues ("said", "according"): such a word ends a speaker mention."""
    return frozenset(cue_table())


@lru_cache(maxsize=1)
def speaker_words() -> dict[str, frozenset[str]]:
    """Word -> its classes: ``speaker_words.tsv`` (honorifics, groups, pronouns, skip words), plus the title
    words ("title") and the role nouns ("role") of the vocabulary the actor rules share,
    ``dateline/resources/roles.tsv``. A word may have several classes ("president": title and role)."""
    classes: dict[str, set[str]] = {}
    for row in rows("speaker_words.tsv"):
        if len(row) >= 2:
            classes.setdefault(row[0].lower(), set()).add(row[1])
    for phrase, kind in read_table("resources/roles.tsv"):
        if kind == "title":
            for word in phrase.lower().split():  # a token may carry the abbreviation's dot ("Gen.")
                classes.setdefault(word.rstrip("."), set()).add("title")
                classes.setdefault(word.rstrip(".") + ".", set()).add("title")
        elif kind == "role":
            classes.setdefault(phrase.lower(), set()).add("role")
    return {word: frozenset(cls) for word, cls in classes.items()}


@lru_cache(maxsize=32)
def words_of(cls: str) -> frozenset[str]:
    """All words of one class of ``speaker_words`` ("title", "role", "group", "pronoun-m", "skip" ...)."""
    return frozenset(w for w, c in speaker_words().items() if cls in c)


@lru_cache(maxsize=1)
def strong_cue_words() -> frozenset[str]:
    """First words of strong cues: between a quotation and its cue, such a word means another attribution."""
    return frozenset(key for key, cues in cue_table().items() if any(c.strong for c in cues))


def closed_class(name: str) -> frozenset[str]:
    """One class of ``grammar.tsv``, the closed word classes (determiners, prepositions, pronouns ...); a
    class the table lacks raises ``KeyError`` (at import, below)."""
    return word_classes("statements/resources/grammar.tsv")[name]


# The classes the token rules test in their inner loops, bound once (see grammar.tsv for what each is).
HONORIFICS = closed_class("honorific")
DETERMINERS = closed_class("determiner")
BOUNDARY = closed_class("boundary")
SENTENCE_WORDS = closed_class("sentence-word")
ADJUNCT_STARTS = closed_class("adjunct-start")
ADDRESSEES = closed_class("addressee")
RELATIVES = closed_class("relative")
SUBORDINATORS = closed_class("subordinator")
PRONOUNS = closed_class("pronoun")
SUBJECT_PRONOUNS = closed_class("clause-subject")
PASSIVE = closed_class("passive")
PROGRESSIVE = closed_class("progressive")
NOUN_MARKERS = closed_class("noun-marker")
COORDINATORS = closed_class("coordinator")
FREE_RELATIVES = closed_class("free-relative")
DATE_LEADS = closed_class("date-lead")
NP_LINKS = closed_class("np-link")
NP_LINKS_LEFT = closed_class("np-link-left")
NP_TAILS = closed_class("np-tail")
NOT_SPEAKERS = closed_class("not-speaker")
PERCENT = closed_class("percent")
CONCESSIVES = closed_class("concessive")
