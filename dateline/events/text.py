"""Words shared by candidate extraction and grouping: event words and their kinds, stems (TF-IDF), alternations."""

from __future__ import annotations

import re
from functools import lru_cache

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from dateline.resources import read_table, word_classes

_WORD = re.compile(r"[^\W\d_]{2,}")
_BRITISH = re.compile(r"(?<=\w{3})is(e|ed|es|ing|ation|ations)$")
_SUFFIXES = tuple(read_table("events/resources/suffixes.txt").column())  # in the order they are tried


def _load_predicates() -> dict[str, str]:
    table: dict[str, str] = {}
    for kind, *forms in read_table("events/resources/predicates.tsv"):
        for form in " ".join(forms).split():
            table.setdefault(form.replace("-", " ").lower(), kind)
    return table


# event word (lowercase, a phrasal verb's particle after a space) -> the kind of event it names
PREDICATES = _load_predicates()
# the event rules' function words by class (events/resources/function_words.tsv)
WORDS = word_classes("events/resources/function_words.tsv")


def alternation(words: frozenset[str] | list[str]) -> str:
    """A regex alternation of the words, longest first (so that a longer phrase wins)."""
    return "|".join(map(re.escape, sorted(words, key=lambda w: (-len(w), w))))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A crude suffix stripper: enough for 'talks'/'talked'/'talking' to meet in TF-IDF space.

    A full stemmer (NLTK, Snowball) would be one more dependency for little gain on short clauses.
    """
    word = _BRITISH.sub(r"iz\1", word)  # recognise/recognize, organisation/organization
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> list[str]:
    """Stemmed words that are not stop words: the TF-IDF analyzer."""
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in ENGLISH_STOP_WORDS]
