"""Roles of person mentions: the title before a name, or a role phrase in apposition to it.

"German Chancellor [Olaf Scholz]" -> "German Chancellor"; "[Dmitri S. Peskov], a Kremlin spokesman," ->
"Kremlin spokesman". A one-word title ("President") gives way to an appositive next to the same name.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from dateline.actors.lexicon import function_words, lexicon
from dateline.actors.tokens import (
    BOUNDARY_TOKENS,
    EDGE_CHARS,
    POSSESSIVE_TOKENS,
    SPACES_RE,
    Draft,
    folded,
    is_capitalised,
    is_stop,
    sentence_initial,
)

_DETERMINERS = function_words("determiner")
_POSSESSIVE_PRONOUNS = function_words("possessive-pronoun")
_PREPOSITIONS = function_words("preposition")
_MAX_ROLE_TOKENS = 12
_MAX_TITLE_TOKENS = 6


def _allowed_in_title(token: Token) -> bool:
    """Words that may make up a title before a name: "former UK Prime Minister", "Kremlin spokesperson"."""
    lex = lexicon()
    low = folded(token)
    if token.is_space or (token.ent_type_ == "PERSON"):
        return False
    if token.text in POSSESSIVE_TOKENS or token.text == "-":
        return True
    if low in lex.role_nouns or low in lex.role_modifiers or low in lex.title_words:
        return True
    return (
        is_capitalised(token)
        and not is_stop(low)
        and low not in lex.not_names
        and low not in lex.honorifics
        and all(ch.isalpha() or ch in ".-'’" for ch in token.text)
    )


def _is_role_head(token: Token) -> bool:
    return folded(token) in lexicon().role_nouns


def title_head(doc: Doc, start: int) -> int | None:
    """Index of the role noun ending a title before ``start``: "Chancellor" in "Chancellor of Germany X"."""
    if start == 0 or doc[start - 1].whitespace_ != " ":
        return None
    if _is_role_head(doc[start - 1]):
        return start - 1
    # "<role> of <Place>" directly before the name: "Secretary of State", "Chancellor of Germany".
    for width in (1, 2):
        of = start - 1 - width
        if of >= 1 and folded(doc[of]) == "of" and _is_role_head(doc[of - 1]) and all(
            is_capitalised(tok) and not is_stop(folded(tok)) and tok.ent_type_ != "PERSON"
            for tok in doc[of + 1 : start]
        ):
            return of - 1
    return None


def _preceding_title(doc: Doc, start: int) -> str | None:
    """The title right before a name: "German Chancellor [Olaf Scholz]" -> "German Chancellor"."""
    head = title_head(doc, start)
    if head is None:
        return None
    first = head
    while first > 0 and start - first < _MAX_TITLE_TOKENS and _allowed_in_title(doc[first - 1]):
        if doc[first - 1].whitespace_ == "" and doc[first - 1].text not in {"-"} and doc[first].text not in (
            POSSESSIVE_TOKENS | {"-"}
        ):
            break
        first -= 1
    lex = lexicon()
    if first < head and sentence_initial(doc, first) and doc[first].ent_iob_ == "O" and not doc[first].text.isupper() \
            and not any(folded(doc[first]) in words for words in (lex.role_nouns, lex.role_modifiers, lex.title_words)):
        first += 1  # "Expect Press Secretary Robert Gibbs to ...": a sentence-opening word, not a title
    while first < head and (
        doc[first].text in POSSESSIVE_TOKENS or doc[first].text == "-" or folded(doc[first]) in lexicon().not_names
    ):
        first += 1
    return _span_text(doc, first, start)


def _span_text(doc: Doc, start: int, end: int) -> str:
    """Text of a token range as written (quotes kept), whitespace collapsed."""
    text = SPACES_RE.sub(" ", doc[start:end].text)  # doc.text would join the whole document
    abbreviated = bool(re.search(r"\b[A-Z][a-z]{0,3}\.$", text))  # "Gen.", "Sen.", "Lt."
    text = text.strip(EDGE_CHARS)
    return text + "." if abbreviated and not text.endswith(".") else text


def _valid_role_phrase(tokens: list[Token]) -> tuple[int, int] | None:
    """Token range (within ``tokens``) of a role noun phrase, or None when the words are not a role.

    Accepts "a Kremlin spokesman", "press secretary of the Russian President", "the former NATO leader";
    rejects clauses ("who served as ..."), descriptions without a role noun and phrases that name another
    person ("managing director Mr Dudley").
    """
    lex = lexicon()
    if not tokens:
        return None
    if any(folded(tok) in lex.honorifics or tok.ent_type_ == "PERSON" for tok in tokens):
        return None  # "managing director Mr Dudley": another person's title, not this one's
    first = 0
    if folded(tokens[0]) in _DETERMINERS:
        first = 1
    elif folded(tokens[0]) in _POSSESSIVE_PRONOUNS:
        return None
    head = next((i for i in range(first, len(tokens)) if _is_role_head(tokens[i])), None)
    if head is None:
        return None
    for tok in tokens[first:head]:
        low = folded(tok)
        if not (
            low in lex.role_modifiers
            or low in lex.role_nouns
            or tok.text in POSSESSIVE_TOKENS
            or tok.text == "-"
            or (is_capitalised(tok) and not is_stop(low))
        ):
            return None
    after_prep = False
    for tok in tokens[head + 1 :]:
        low = folded(tok)
        if low in _PREPOSITIONS:
            after_prep = True
            continue
        if low in _DETERMINERS or tok.text in POSSESSIVE_TOKENS or tok.text == "-":
            continue
        if low in lex.role_nouns or low in lex.role_modifiers or (is_capitalised(tok) and not is_stop(low)):
            continue
        if after_prep and tok.is_alpha and not is_stop(low):
            continue
        return None
    return first, len(tokens)


def _phrase_tokens(doc: Doc, start: int, step: int) -> list[Token] | None:
    """Tokens from ``start`` walking by ``step`` (+1/-1) up to a boundary; None when none is near."""
    out: list[Token] = []
    i = start
    while 0 <= i < len(doc) and len(out) <= _MAX_ROLE_TOKENS:
        tok = doc[i]
        if tok.text in BOUNDARY_TOKENS or tok.is_space or "\n" in tok.text:
            return out if step > 0 else out[::-1]
        if tok.ent_type_ == "PERSON" and step < 0:
            return None
        out.append(tok)
        i += step
    if i < 0 and step < 0:
        return out[::-1]
    return None


def _appositive_role(doc: Doc, start: int, end: int) -> str | None:
    """A role in apposition: "Dmitri S. Peskov, a Kremlin spokesman," or "Italy’s Foreign Minister, X,"."""
    if end < len(doc) and doc[end].text == ",":
        tokens = _phrase_tokens(doc, end + 1, 1)
        if tokens and tokens[0].ent_type_ != "PERSON":
            found = _valid_role_phrase(tokens)
            if found:
                return _span_text(doc, tokens[found[0]].i, tokens[found[1] - 1].i + 1)
    closes = end >= len(doc) or doc[end].text in {",", ":"}
    if start >= 2 and doc[start - 1].text == "," and closes:
        tokens = _phrase_tokens(doc, start - 2, -1)
        if tokens:
            found = _valid_role_phrase(tokens)
            if found:
                return _span_text(doc, tokens[found[0]].i, tokens[found[1] - 1].i + 1)
    return None


def role_of(doc: Doc, draft: Draft) -> str | None:
    if draft.type != "person":
        return None
    title = _preceding_title(doc, draft.start)
    role = title
    if not title or " " not in title:
        # A one-word title ("Gen.", "President") says less than an appositive next to the same name.
        role = _appositive_role(doc, draft.start, draft.end) or title
    if not role:
        return None
    role = SPACES_RE.sub(" ", role).strip(EDGE_CHARS.replace(".", ""))
    if role[:2].casefold() in ("a ", "an") and role.split(" ", 1)[0].casefold() in ("a", "an"):
        role = role.split(" ", 1)[1] if " " in role else ""
    if role.casefold().startswith("the "):
        role = role[4:]
    return role or None
