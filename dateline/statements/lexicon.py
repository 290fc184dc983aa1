"""The word lists behind statement attribution, read from ``resources/`` so they can grow without code changes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from dateline.resources import read_table

CUE_KINDS = frozenset({"verb", "object", "source"})


@dataclass(frozen=True, slots=True)
class Cue:
    """One row of ``cues.tsv``: a (possibly multi-word) cue, how its speaker is placed, and its strength."""

    words: tuple[str, ...]
    kind: str
    strong: bool
    speech: bool = True  # "strong": a verb of saying; "act"/"weak" cues also name other acts and attitudes


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
        cue = Cue(tuple(row[0].lower().split()), row[1], row[2] in ("strong", "act"), row[2] == "strong")
        table.setdefault(cue.words[0], []).append(cue)
    return {key: tuple(sorted(cues, key=lambda c: -len(c.words))) for key, cues in table.items()}


@lru_cache(maxsize=1)
def cue_words() -> frozenset[str]:
    """The first words of cues ("said", "according"): such a word ends a speaker mention."""
    return frozenset(cue_table())


@lru_cache(maxsize=1)
def speaker_words() -> dict[str, frozenset[str]]:
    """Word -> its classes in ``speaker_words.tsv`` (a word may be both a title and a role)."""
    classes: dict[str, set[str]] = {}
    for row in rows("speaker_words.tsv"):
        if len(row) >= 2:
            classes.setdefault(row[0].lower(), set()).add(row[1])
    return {word: frozenset(cls) for word, cls in classes.items()}


@lru_cache(maxsize=32)
def words_of(cls: str) -> frozenset[str]:
    """All words of one class of ``speaker_words.tsv``."""
    return frozenset(w for w, c in speaker_words().items() if cls in c)


@lru_cache(maxsize=1)
def strong_cue_words() -> frozenset[str]:
    """First words of strong cues: between a quotation and its cue, such a word means another attribution."""
    return frozenset(key for key, cues in cue_table().items() if any(c.strong for c in cues))


# Closed-class words the token rules test against (moved to a resource table next).
HONORIFICS = frozenset({"mr.", "mr", "mrs.", "mrs", "ms.", "ms", "dr.", "dr", "sen.", "rep.", "gov.", "gen.", "prof."})
DETERMINERS = frozenset({
    "the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "that", "these", "those",
    "some", "many", "several", "two", "three", "four", "other", "another", "one", "most", "few", "both",
})
# Words that cannot be inside a speaker mention: where one starts or ends.
BOUNDARY = frozenset({
    "that", "which", "who", "whom", "whose", "and", "or", "but", "because", "while", "when", "where", "if",
    "as", "since", "after", "before", "than", "to", "in", "on", "at", "with", "by", "from", "about",
    "into", "during", "under", "over", "is", "was", "are", "were", "be", "being", "been", "has", "have",
    "had", "not", "however", "meanwhile", "then", "so", "yet", "although", "though", "also", "there",
    "it", "this", "what", "how", "why", "here", "now", "still", "even", "just", "only", "do", "does", "did",
    "will", "would", "can", "could", "should", "may", "might", "must", "against", "through", "without",
    "instead", "despite", "like", "per", "via", "among", "between", "for", "of", "all",
})
# Capitalised words that start sentences rather than names.
SENTENCE_WORDS = frozenset({
    "but", "and", "so", "yet", "however", "meanwhile", "still", "now", "then", "later", "earlier", "in",
    "on", "at", "last", "this", "that", "after", "before", "while", "when", "if", "as", "also", "today",
    "yesterday", "instead", "indeed", "moreover", "furthermore", "finally", "separately", "asked", "speaking",
})
ADJUNCT_STARTS = frozenset({
    "in", "on", "at", "during", "after", "before", "late", "early", "last", "this", "earlier", "later",
    "yesterday", "today", "tonight", "via", "through", "while", "when", "from", "with", "of",
    "again", "also", "recently", "previously", "repeatedly", "once", "then", "afterward", "afterwards",
    "privately", "publicly", "separately", "flatly", "bluntly", "simply", "only", "even", "further",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "for", "about", "over",
})
ADDRESSEES = frozenset({
    "reporters", "journalists", "the", "press", "him", "her", "them", "me", "us", "you", "lawmakers",
    "supporters", "viewers", "listeners", "readers", "audience", "crowd", "congress", "parliament",
})
RELATIVES = frozenset({"who", "which"})
SUBORDINATORS = frozenset({"though", "although", "while", "when", "if", "as", "because", "after", "before", "since",
                           "whereas", "unless", "once", "despite", "in", "on", "at", "during"})
PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it", "him", "her", "them"})
SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it"})
PASSIVE = frozenset({"been", "being", "was", "were", "is", "are", "be", "get", "got"})
