"""Slots and groups: the units actor resolution merges.

A slot is one key in one article, so every mention of one key in one article lands on one actor; the
user's alias table is applied to slots first (keys, then surface forms). Slots whose keys share a
spelling-insensitive form make one group, with a majority type and a display name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from dateline.actors.lexicon import (
    clean_spaces,
    known_entity,
    lexicon,
    lookup_form,
    strip_possessive,
    translit_key,
)
from dateline.actors.names import person_key, strip_leading_titles
from dateline.records import ActorType, EntityMention

_TYPE_PRIORITY: tuple[ActorType, ...] = ("person", "organization", "place", "group", "other")


@dataclass(eq=False)
class Slot:
    article_id: str
    key: str
    mentions: list[EntityMention] = field(default_factory=list)
    forced: str | None = None  # canonical name from the alias table

    kind: ActorType = "other"  # majority type of the mentions, set once collected
    fold: str | None = None  # the name the slot is resolved by when not its key: a demonym's place

    @property
    def name(self) -> str:
        return self.fold or self.key


@dataclass(eq=False)
class Group:
    """Slots whose keys normalise to the same form."""

    norm: str
    slots: list[Slot] = field(default_factory=list)
    types: Counter[str] = field(default_factory=Counter)
    count: int = 0
    type: ActorType = "other"
    display: str = ""
    forced: str | None = None

    @property
    def locked(self) -> bool:
        return self.forced is not None


def vote(votes: Counter[str]) -> ActorType:
    if not votes:
        return "other"
    best = max(votes.values())
    return next((t for t in _TYPE_PRIORITY if votes.get(t) == best), "other")


def _alias_form(text: str) -> str:
    return clean_spaces(str(text)).casefold()


@lru_cache(maxsize=65536)
def norm_form(key: str, kind: ActorType) -> str:
    """Spelling-insensitive grouping form of a key; the same for a known entity's variants."""
    known = known_entity(key)
    if known:
        key, kind = known
    if kind == "person":
        words = person_key(key).split(" ")
    else:
        text = lookup_form(key)
        if kind == "group" and len(text) > 4 and text.endswith("s") and not text.endswith("ss"):
            text = text[:-1]
        words = text.split(" ")
        while len(words) > 1 and words[-1].rstrip(".") in lexicon().corporate_suffixes:
            words.pop()  # "BP Plc" is BP
    return " ".join(w for w in (translit_key(word) for word in words) if w)


def corporate(key: str) -> bool:
    """A name written with a legal form ("Transocean Ltd"): an organisation, whatever the model tagged."""
    words = lookup_form(key).split(" ")
    return len(words) > 1 and words[-1].rstrip(".") in lexicon().corporate_suffixes


@lru_cache(maxsize=65536)
def surface(text: str, kind: ActorType) -> str:
    """An alias as written, minus titles and possessive."""
    words = clean_spaces(strip_possessive(str(text))).split(" ")
    return " ".join(strip_leading_titles(words, titles=kind == "person")).strip(" ,;:")


def collect(per_article: Iterable[tuple[str, Sequence[EntityMention]]],
            aliases: Mapping[str, str] | None) -> list[Slot]:
    """(article, key) slots with the alias table applied (keys first, then surface forms)."""
    exact: dict[str, str] = {}
    loose: dict[str, str] = {}
    for alias, canonical in (aliases or {}).items():
        if isinstance(alias, str) and isinstance(canonical, str) and alias.strip() and canonical.strip():
            exact[_alias_form(alias)] = clean_spaces(canonical)
            loose.setdefault(lookup_form(alias), clean_spaces(canonical))
    slots: dict[tuple[str, str], Slot] = {}
    for item in per_article or ():
        try:
            article_id, mentions = item
        except (TypeError, ValueError):
            continue
        article_id = str(article_id)
        if isinstance(mentions, (str, bytes)):
            continue
        for mention in mentions or ():
            if not isinstance(mention, EntityMention):
                continue
            key = mention.key if isinstance(mention.key, str) and mention.key.strip() else mention.text
            if not isinstance(key, str) or not key.strip():
                continue
            slot = slots.get((article_id, key))
            if slot is None:
                slot = slots[(article_id, key)] = Slot(article_id, key)
            slot.mentions.append(mention)
    lowercase = {w for slot in slots.values() for m in slot.mentions for w in m.text.split() if w.islower()}
    demonyms = lexicon().demonyms
    for slot in slots.values():
        first = slot.mentions[0].type
        if all(m.type == first for m in slot.mentions):
            slot.kind = first
        else:
            slot.kind = vote(Counter(m.type for m in slot.mentions))
        if corporate(slot.key):
            slot.kind = "organization"
        elif slot.kind in ("group", "other", "place") and lookup_form(slot.key) in demonyms:
            slot.fold, slot.kind = demonyms[lookup_form(slot.key)], "place"  # "Russian" is Russia
    named = {lookup_form(s.key) for s in slots.values() if any(m.label != "SPEAKER" for m in s.mentions)}
    slots = {k: s for k, s in slots.items() if not _not_an_actor(s, lowercase, named)}
    if exact:
        for slot in slots.values():
            slot.forced = _forced_name(slot, exact, loose)
    return list(slots.values())


_LABEL_TYPES: dict[str, ActorType] = {"ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place",
                                      "NORP": "group"}
THE_SHARE = 0.01  # a "person" written "the X" this often (and 5 times) is a thing ("the Deepwater Horizon")


def _written_as_a_thing(group: Group) -> bool:
    """People are not written with "the": a person group whose mentions often are is a thing the model
    took for a person (a rig, a ship)."""
    texts = [m.text for s in group.slots for m in s.mentions]
    the = sum(1 for text in texts if text[:4].casefold() == "the ")
    return the >= 5 and the >= THE_SHARE * len(texts)


def is_stop(word: str) -> bool:
    return word.casefold() in STOP_WORDS


def _not_an_actor(slot: Slot, lowercase: set[str], named: set[str]) -> bool:
    """Descriptions and codes: "the company", "Officials", "analysts" (a speaker no name covers, every
    word of which the corpus also writes in lowercase, and that the model never tags as a name elsewhere),
    "-RRB-" (every word a non-name)."""
    words = [w for w in clean_spaces(slot.key).replace("-", " ").split(" ") if w]
    lex = lexicon()
    if words and all(w.casefold().strip(".") in lex.not_names for w in words):
        return True
    if all(m.label == "SPEAKER" for m in slot.mentions) and lookup_form(slot.key) not in named:
        common = [w.islower() or w.casefold() in lowercase or is_stop(w) for w in words]
        head = words[-1].casefold() if words else ""
        role = head in lex.role_nouns or (head.endswith("s") and head[:-1] in lex.role_nouns)
        return all(common) or (role and all(common[:-1]))  # "Aides", "Senior aides"
    return False


def _forced_name(slot: Slot, exact: dict[str, str], loose: dict[str, str]) -> str | None:
    kind = slot.kind
    # Surface forms count only when they name what the key names: in an article where "Johnson" abbreviates
    # "Boris Johnson", an alias for "Johnson" does not apply.
    own = norm_form(slot.key, kind)
    forms = [slot.key] + [
        form for m in slot.mentions for form in (m.text, surface(m.text, kind)) if norm_form(form, kind) == own
    ]
    for table, fold in ((exact, _alias_form), (loose, lookup_form)):
        if fold(slot.key) in table:
            return table[fold(slot.key)]
        hits = Counter(table[fold(form)] for form in forms if fold(form) in table)
        if hits:
            return hits.most_common(1)[0][0]
    return None


def group_slots(slots: list[Slot]) -> list[Group]:
    groups: dict[str, Group] = {}
    for slot in slots:
        kind = slot.kind
        norm = norm_form(slot.forced or slot.name, kind) or norm_form(slot.name, "other") or slot.key.casefold()
        group = groups.setdefault(norm, Group(norm))
        group.slots.append(slot)
        retyped = bool(slot.fold) or corporate(slot.key)  # the slot's kind outvotes the model's labels
        for m in slot.mentions:
            group.types[slot.kind if retyped else m.type] += 1
        group.count += len(slot.mentions)
    for group in groups.values():
        group.type = vote(group.types)
        if any(corporate(s.key) for s in group.slots):
            group.type = "organization"
        elif group.type == "person" and _written_as_a_thing(group):
            labels = Counter(_LABEL_TYPES.get(m.label, "other") for s in group.slots for m in s.mentions)
            labels.pop("person", None)
            group.type = vote(labels) if labels else "other"
        forced = Counter(s.forced for s in group.slots if s.forced)
        group.forced = forced.most_common(1)[0][0] if forced else None
        known = known_entity(group.forced or group.slots[0].key)
        if known:
            group.type = known[1]
        display: Counter[str] = Counter()
        for s in group.slots:
            display[display_key(s.name, group.type)] += len(s.mentions)
        group.display = group.forced or best_display(display)
    return list(groups.values())


@lru_cache(maxsize=65536)
def display_key(key: str, kind: ActorType) -> str:
    known = known_entity(key)
    if known:
        return known[0]
    if kind == "person":
        return person_key(key) or clean_spaces(key)
    text = clean_spaces(strip_possessive(key))
    return text[4:] if text.casefold().startswith("the ") else text


def best_display(counts: Counter[str]) -> str:
    """Most frequent form; ties go to the longer, then the alphabetically first."""
    return min(counts.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0]
