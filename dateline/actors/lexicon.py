"""Word lists and string normalisation shared by mention extraction and cross-article resolution.

The word lists live in ``resources/`` as data files (each states its format in a header comment) so that
they can grow without code changes; they are read once, from the installed package, never from the network.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from dateline.records import ActorType
from dateline.resources import read_table, word_classes

_ACTOR_TYPES: frozenset[str] = frozenset({"person", "organization", "place", "group", "other"})

# Curly quotes and dashes as they appear in scraped news, mapped to their ASCII forms for comparison only.
_QUOTE_MAP = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u2010": "-",
                            "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u00a0": " "})
_POSSESSIVE_RE = re.compile(r"(?P<stem>.*?\S)(?:'s|')$", re.IGNORECASE)
_ACRONYM_DOTS_RE = re.compile(r"\b(?P<letter>[A-Za-z])\.(?=[A-Za-z]\.|[A-Za-z]\b|\s|$)")
_SPACES_RE = re.compile(r"\s+")
_INITIAL_RE = re.compile(r"^(?P<letter>[^\W\d_])\.?$")
_SLUG_RE = re.compile(r"[^a-z0-9]+")


def _lines(name: str) -> list[str]:
    """The entries of a one-column actor table (``actors/resources/NAME``)."""
    return read_table(f"actors/resources/{name}").column()


def _csv_rows(name: str) -> list[dict[str, str]]:
    """The rows of a CSV actor table, keyed by its column names."""
    return read_table(f"actors/resources/{name}").records()


def _word(text: str) -> str:
    """Lookup form of a word: casefolded, ASCII quotes, no trailing dot."""
    return text.translate(_QUOTE_MAP).casefold().rstrip(".")


@dataclass(frozen=True)
class Lexicon:
    honorifics: frozenset[str]
    title_words: frozenset[str]
    titles: frozenset[str]  # whole titles, lowercase, e.g. "prime minister"
    role_nouns: frozenset[str]
    role_modifiers: frozenset[str]
    particles: frozenset[str]
    suffixes: frozenset[str]
    not_names: frozenset[str]
    nicknames: frozenset[tuple[str, str]]
    known: dict[str, tuple[str, ActorType]]  # lookup form -> (canonical, type)
    demonyms: dict[str, str]  # lookup form of a demonym -> the place it names
    corporate_suffixes: frozenset[str]
    generic_heads: frozenset[str]  # folded head nouns a one-word name never stands for alone


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The word lists, loaded once per process."""
    roles = read_table("resources/roles.tsv")  # titles and role nouns, shared with the statement rules
    titles = frozenset(_word(phrase) for phrase, kind in roles if kind == "title")
    title_words = frozenset(w for t in titles for w in t.split())
    known: dict[str, tuple[str, ActorType]] = {}
    for row in _csv_rows("known_entities.csv"):
        kind = row.get("type", "")
        if row.get("surface") and row.get("canonical") and kind in _ACTOR_TYPES:
            known[lookup_form(row["surface"])] = (row["canonical"], kind)  # type: ignore[assignment]
    nicknames = set()
    forms: dict[str, set[str]] = {}  # long name -> its short forms
    for row in _csv_rows("nicknames.csv"):
        short, long = translit_key(row.get("short", "")), translit_key(row.get("long", ""))
        if short and long:
            forms.setdefault(long, {long}).add(short)
    for names in forms.values():  # "Bill", "Billy" and "William" all name one person
        nicknames.update((a, b) for a in names for b in names if a != b)
    return Lexicon(
        honorifics=frozenset(_word(w) for w in _lines("honorifics.txt")),
        title_words=title_words,
        titles=titles,
        # A title's head word is a role noun: "prime minister" -> "minister".
        role_nouns=frozenset(_word(p) for p, kind in roles if kind in ("role", "role-vague"))
        | {t.split()[-1] for t in titles},
        role_modifiers=frozenset(_word(w) for w in _lines("role_modifiers.txt")),
        particles=frozenset(_word(w) for w in _lines("name_particles.txt")),
        suffixes=frozenset(_word(w) for w in _lines("name_suffixes.txt")),
        not_names=frozenset(_word(w) for w in _lines("not_names.txt")),
        nicknames=frozenset(nicknames),
        known=known,
        demonyms={lookup_form(row[0]): row[1] for row in read_table("actors/resources/demonyms.tsv")},
        corporate_suffixes=frozenset(_word(w) for w in _lines("corporate_suffixes.txt")),
        generic_heads=frozenset(translit_key(w) for w in _lines("generic_heads.txt")),
    )


def function_words(cls: str) -> frozenset[str]:
    """One class of ``function_words.tsv``; a class the table lacks raises ``KeyError``."""
    return word_classes("actors/resources/function_words.tsv")[cls]


@lru_cache(maxsize=65536)
def ascii_fold(text: str) -> str:
    """Strip accents so "Zelenskyy" and "Zelénskyy" compare equal; non-Latin letters are kept."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTE_MAP))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def clean_spaces(text: str) -> str:
    return _SPACES_RE.sub(" ", text.translate(_QUOTE_MAP)).strip()


def strip_possessive(text: str) -> str:
    """ "Biden's" -> "Biden"; "Reuters'" -> "Reuters"."""
    match = _POSSESSIVE_RE.fullmatch(text.translate(_QUOTE_MAP))
    return text[: len(match.group("stem"))] if match else text


@lru_cache(maxsize=65536)
def lookup_form(text: str) -> str:
    """Case-, dot- and article-insensitive form used to look names up ("the U.S.'s" -> "us")."""
    text = strip_possessive(clean_spaces(text))
    text = _ACRONYM_DOTS_RE.sub(lambda m: m.group("letter"), text)
    text = ascii_fold(text).casefold().strip(" .,;:!?\"'()[]{}")
    if text.startswith("the "):
        text = text[4:]
    return _SPACES_RE.sub(" ", text).strip()


@lru_cache(maxsize=65536)
def known_entity(text: str) -> tuple[str, ActorType] | None:
    return lexicon().known.get(lookup_form(text))


def is_initial(token: str) -> bool:
    """ "V." or "V" (a middle initial), not "Vy"."""
    return bool(_INITIAL_RE.match(token))


_TRANSLIT_RULES: tuple[tuple[str, str], ...] = tuple(
    (row[0], row[1]) for row in read_table("actors/resources/transliteration.tsv"))


@lru_cache(maxsize=65536)
def translit_key(word: str) -> str:
    """A spelling-insensitive key for a name word, so transliteration variants collide.

    "Zelensky" / "Zelenskyy" / "Zelenskiy" -> "zelenski"; "Dmitry" / "Dmitri" -> "dmitri".
    """
    text = ascii_fold(word).casefold()
    text = "".join(ch for ch in text if ch.isalnum())
    for old, new in _TRANSLIT_RULES:
        text = text.replace(old, new)
    collapsed: list[str] = []
    for ch in text:
        if not collapsed or collapsed[-1] != ch:
            collapsed.append(ch)
    return "".join(collapsed)


def slugify(name: str) -> str:
    """Lowercase ASCII slug; names without Latin letters get a short hash so the id is still stable."""
    slug = _SLUG_RE.sub("-", ascii_fold(name).casefold()).strip("-")
    if slug:
        return slug
    digest = hashlib.sha1(clean_spaces(name).casefold().encode("utf-8")).hexdigest()[:10]
    return f"actor-{digest}"
