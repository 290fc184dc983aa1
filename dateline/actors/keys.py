"""In-article keys: the canonical form each mention is resolved by across the corpus.

A short mention's key is the full name it abbreviates in the same article (the only candidate, else the
nearest one before it); a one-word place or organisation that is the surname of a person in the article
becomes that person when the article names the person at least as often.
"""

from __future__ import annotations

import re
from collections import Counter

from dateline.actors.lexicon import clean_spaces, known_entity, lookup_form, translit_key
from dateline.actors.names import middle_signature, name_parts, person_key
from dateline.actors.tokens import Draft
from dateline.records import ActorType

_ACRONYM_RE = re.compile(r"(?:[A-Z]\.){2,}")


def org_key(text: str, kind: ActorType) -> tuple[str, ActorType]:
    """In-article key of a non-person mention: known canonical name, else the text without "the"."""
    known = known_entity(text)
    if known:
        return known
    key = clean_spaces(text)
    if key.casefold().startswith("the "):
        key = key[4:]
    if _ACRONYM_RE.fullmatch(key):
        key = key.replace(".", "")
    if kind == "group" and len(key) > 4 and key.endswith("s") and not key.endswith("ss"):
        key = key[:-1]  # "Russians" and "Russian" name one group
    return key, kind


def keep_distinguishing_initials(drafts: list[Draft]) -> None:
    """Two people in one article who differ only by middle initials ("George H. W. Bush", "George W.
    Bush") keep their initials in the key, so that they stay two actors."""
    signatures: dict[str, set[str]] = {}
    for d in drafts:
        if d.type == "person" and middle_signature(d.text):
            signatures.setdefault(d.key, set()).add(middle_signature(d.text))
    for d in drafts:
        if d.type == "person" and len(signatures.get(d.key, ())) > 1 and middle_signature(d.text):
            d.key = person_key(d.text, keep_initials=True)


def resolve_people(drafts: list[Draft]) -> None:
    """Point short person mentions ("Peskov", "Mr. Kirby") at the full name used in the same article."""
    fulls = [(i, d) for i, d in enumerate(drafts) if d.type == "person" and name_parts(d.key).is_full]
    surname_votes: Counter[str] = Counter()
    non_person: Counter[str] = Counter()
    for d in drafts:
        parts = name_parts(d.key)
        if d.type == "person" and parts.surname:
            surname_votes[parts.surname[-1]] += 1
        elif d.type != "person":
            non_person[lookup_form(d.key)] += 1
    for i, draft in enumerate(drafts):
        if draft.type == "person":
            parts = name_parts(draft.key)
            if parts.is_full and not any(
                name_parts(f.key).tokens[-len(parts.tokens) :] == parts.tokens
                and len(name_parts(f.key).tokens) > len(parts.tokens)
                for _, f in fulls
            ):
                continue
        elif draft.type in ("place", "organization") and draft.label in ("GPE", "ORG", "LOC"):
            # The model sometimes tags a surname as a place or organisation ("reproached Scholz").
            if known_entity(draft.text) or " " in draft.key:
                continue
            if surname_votes[translit_key(draft.key)] < non_person[lookup_form(draft.key)]:  # same-article evidence: a tie is enough
                continue
            parts = name_parts(draft.key)
        else:
            continue
        if not parts.tokens:
            continue
        target = _pick_full(i, parts.tokens, fulls)
        if target is not None:
            draft.key = target.key
            draft.type = "person"


def _pick_full(index: int, tokens: tuple[str, ...], fulls: list[tuple[int, Draft]]) -> Draft | None:
    """The full name a short mention abbreviates: the only candidate, else the nearest one before it."""
    by_surname = [
        (j, f) for j, f in fulls
        if len(name_parts(f.key).tokens) > len(tokens) and name_parts(f.key).tokens[-len(tokens) :] == tokens
    ]
    candidates = by_surname
    if not candidates and len(tokens) == 1:
        candidates = [(j, f) for j, f in fulls if name_parts(f.key).given == tokens[0]]
    keys = {f.key for _, f in candidates}
    if not keys:
        return None
    if len(keys) == 1:
        return candidates[0][1]
    before = [(j, f) for j, f in candidates if j < index]
    return (before[-1] if before else candidates[0])[1]
