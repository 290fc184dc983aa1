"""Person-name parsing: the cleaned key of a name, its given name, surname and middle initials.

Keys drop what varies between mentions of one person (titles, middle initials, suffixes, possessives) so that
"President Vladimir V. Putin" and "Vladimir Putin's" share the key "Vladimir Putin".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from dateline.actors.lexicon import clean_spaces, is_initial, lexicon, strip_possessive, translit_key

_EDGE_PUNCT = " \t\n.,;:!?\"'“”‘’()[]{}«»<>*|/\\-–—"


def strip_leading_titles(words: list[str], *, titles: bool = True) -> list[str]:
    """Drop honorifics (and, for people, office titles) from the front: "Mr. Biden" -> "Biden"."""
    lex = lexicon()
    out = list(words)
    while len(out) > 1:
        word = out[0].rstrip(".").casefold().replace("\u2019", "'")
        if word in lex.honorifics or (titles and word in lex.title_words):
            out.pop(0)
        else:
            break
    return out


@lru_cache(maxsize=65536)
def person_key(text: str, *, keep_initials: bool = False) -> str:
    """The in-article key of a person name as written: no titles, initials, suffixes or possessive.

    A name that is only initials keeps them ("J. K."), since nothing else identifies it; ``keep_initials``
    keeps middle initials for the rare display that needs them to tell two people apart.
    """
    lex = lexicon()
    words = [w.strip(_EDGE_PUNCT.replace(".", "")) for w in clean_spaces(strip_possessive(text)).split(" ")]
    words = [w for w in words if w and w.strip(".")]
    words = strip_leading_titles(words)
    while len(words) > 1 and words[-1].rstrip(".").casefold() in lex.suffixes:
        words.pop()
    if words:
        words[-1] = strip_possessive(words[-1]).rstrip(",")
    kept = [w for i, w in enumerate(words) if i == 0 or keep_initials or not is_initial(w)]
    if len(kept) < len(words) and len(kept) == 1 and is_initial(kept[0]):
        kept = words
    return " ".join(w.strip(_EDGE_PUNCT) if not is_initial(w) else w for w in kept).strip()


@lru_cache(maxsize=65536)
def middle_signature(text: str) -> str:
    """Middle initials as written ("George H. W. Bush" -> "HW"); "" when there are none."""
    words = strip_leading_titles(clean_spaces(strip_possessive(text)).split(" "))
    middles = words[1:-1]
    return "".join(w.rstrip(".").upper() for w in middles if is_initial(w))


@dataclass(frozen=True, slots=True)
class NameParts:
    """A person key split into comparison keys (transliteration-folded)."""

    tokens: tuple[str, ...]  # every word, folded
    given: str | None  # folded first word when the name has one, else None (surname only)
    surname: tuple[str, ...]  # folded surname words, particles included ("von der leyen")

    @property
    def is_full(self) -> bool:
        return self.given is not None

    @property
    def given_is_initial(self) -> bool:
        return self.given is not None and len(self.given) == 1


@lru_cache(maxsize=65536)
def name_parts(key: str) -> NameParts:
    """Split a person key into given name and surname; particles belong to the surname."""
    lex = lexicon()
    raw = [w for w in clean_spaces(key).replace(".", ". ").split(" ") if w.strip(". ")]
    raw = [w.strip(".") for w in raw if translit_key(w)]
    tokens = tuple(translit_key(w) for w in raw)
    if not tokens:
        return NameParts((), None, ())
    lowered = [w.casefold() for w in raw]
    start = len(tokens) - 1
    while start > 0 and lowered[start - 1] in lex.particles:
        start -= 1
    surname = tokens[start:]
    given = tokens[0] if start > 0 else None
    return NameParts(tokens, given, surname)
