"""Words shared by candidate extraction and grouping: event words and their kinds, stems (TF-IDF), alternations."""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path

from dateline.resources import read_table, word_classes


def _english_stop_words() -> frozenset[str]:
    """scikit-learn's English stop words, read from its data module without importing scikit-learn: the
    package's import (SciPy, pandas) cost every extraction worker seconds of start-up for one word list.
    Falls back to the ordinary import if the module moves."""
    spec = importlib.util.find_spec("sklearn")  # locates the package, does not import it
    path = Path(spec.origin).parent / "feature_extraction" / "_stop_words.py" if spec and spec.origin else None
    if path is not None and path.is_file():
        module_spec = importlib.util.spec_from_file_location("_dateline_sklearn_stop_words", path)
        if module_spec and module_spec.loader:
            module = importlib.util.module_from_spec(module_spec)
            module_spec.loader.exec_module(module)
            words = getattr(module, "ENGLISH_STOP_WORDS", None)
            if isinstance(words, frozenset) and words:
                return words
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return ENGLISH_STOP_WORDS


ENGLISH_STOP_WORDS = _english_stop_words()

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
