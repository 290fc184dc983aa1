"""What the mention rules share: token tests, structural token sets, and the mention draft they refine.

A draft is a mention under construction (token range, then character span, key and role); the rules in
``spans``, ``roles`` and ``keys`` each refine one aspect of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Token

from dateline.actors.lexicon import lexicon
from dateline.records import ActorType

# Clitics and punctuation as the tokenizer splits them: structural tokens, not vocabulary.
POSSESSIVE_TOKENS = frozenset({"'s", "\u2019s", "'", "\u2019"})
BOUNDARY_TOKENS = frozenset({",", ".", ":", ";", "(", ")", "[", "]", "\u2014", "\u2013", "--", "\"", "\u201c",
                             "\u201d", "!", "?"})
EDGE_CHARS = " \t\n.,;:!?\"'`´“”‘’„()[]{}«»<>*|-–—_"
SPACES_RE = re.compile(r"\s+")


@dataclass(slots=True)
class Draft:
    """A mention under construction: the rules move its token range, then fill its span, key and role."""

    start: int  # token indices, end exclusive
    end: int
    label: str
    type: ActorType
    char_start: int = 0
    char_end: int = 0
    text: str = ""
    key: str = ""
    role: str | None = None


def folded(token: Token) -> str:
    return token.text.casefold().replace("\u2019", "'").rstrip(".")


def is_stop(word: str) -> bool:
    return word.casefold() in STOP_WORDS


def is_capitalised(token: Token) -> bool:
    text = token.text
    return bool(text) and text[0].isupper() and any(ch.isalpha() for ch in text)


def name_like(token: Token) -> bool:
    """A capitalised word that could be part of a person's name (not a title, stop word or label)."""
    lex = lexicon()
    text = token.text
    low = folded(token)
    return (
        is_capitalised(token)
        and not text.isupper()
        and len(text) > 1
        and all(ch.isalpha() or ch in "-'’" for ch in text)
        and not is_stop(low)
        and low not in lex.not_names
        and low not in lex.honorifics
        and low not in lex.role_nouns
        and low not in lex.role_modifiers
    )


def sentence_initial(doc: Doc, i: int) -> bool:
    return i == 0 or doc[i - 1].is_space or doc[i - 1].text in BOUNDARY_TOKENS or doc[i - 1].text in (
        "``", "''", "`", "'")
