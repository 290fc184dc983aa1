"""Person clustering: person groups merged across articles in stages of decreasing evidence.

Full names with compatible given names first, then names with only an initial, finally surname-only or
shortened names, each attached only when exactly one candidate exists, so that a shared first name,
title or surname alone never merges two people. A one-word place or organisation that is the surname of
one better-attested person joins them; people who differ only by middle initials stay apart.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Indel

from dateline.actors.lexicon import function_words, known_entity, lexicon, translit_key
from dateline.actors.names import middle_signature, name_parts
from dateline.actors.slots import Group, Slot

# Similarity (0-100, rapidfuzz normalised Indel) above which two spellings count as one name.
GIVEN_NAME_MIN_SIMILARITY = 80.0
SURNAME_MIN_SIMILARITY = 88.0
# A short form ("Obama") joins the full name it abbreviates when that name has this many times the mentions
# of the next full name it could abbreviate ("Michelle Obama"); below it, the short form stays apart.
DOMINANT = 3.0


def _similar(a: str, b: str, minimum: float) -> bool:
    return Indel.normalized_similarity(a, b) * 100 >= minimum


def _gender_conflict(a: str, b: str) -> bool:
    """ "Aleksandra" / "Aleksandr", "Ivanova" / "Ivanov": the same name with a feminine ending on one side
    only ("Sara" / "Sarah" are one name)."""
    return a + "a" == b or b + "a" == a or (a.endswith("a") != b.endswith("a") and a[:-1] == b[:-1])


@lru_cache(maxsize=65536)
def _given_compatible(a: str, b: str) -> bool:
    if a == b or (a, b) in lexicon().nicknames:
        return True
    if min(len(a), len(b)) < 4 or _gender_conflict(a, b):
        return False
    return _similar(a, b, GIVEN_NAME_MIN_SIMILARITY)


def _surname_compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or _gender_conflict(a, b):
        return False
    return _similar(a, b, SURNAME_MIN_SIMILARITY)


@dataclass(eq=False)
class Cluster:
    groups: list[Group] = field(default_factory=list)
    givens: set[str] = field(default_factory=set)  # full given names (not initials)
    surnames: set[str] = field(default_factory=set)
    locked: bool = False

    def add(self, group: Group) -> None:
        self.groups.append(group)
        parts = name_parts(group.display) if group.type == "person" else None
        if parts and parts.given and not parts.given_is_initial:
            self.givens.add(parts.given)
        if parts and parts.surname:
            self.surnames.add("".join(parts.surname))
        self.locked = self.locked or group.locked

    @property
    def count(self) -> int:
        return sum(g.count for g in self.groups)


def _non_name_words(groups: list[Group]) -> set[str]:
    """Folded words the corpus uses more in the names of things than as people's given names ("Guardian",
    "Gulf", "Interior"), plus titles, role words, demonyms and labels: a person span that starts with one
    had it glued on ("Guardian Tony Hayward")."""
    lex = lexicon()
    in_things: Counter[str] = Counter()
    as_given: Counter[str] = Counter()
    for g in groups:
        if g.type == "person":
            p = name_parts(g.display)
            if p.given:
                as_given[p.given] += g.count
        else:
            for word in g.norm.split(" "):
                in_things[word] += g.count
    words = {w for w, n in in_things.items() if n > as_given[w]}
    for table in (lex.honorifics, lex.title_words, lex.role_nouns, lex.role_modifiers, lex.not_names):
        words |= {translit_key(w) for w in table}
    words |= {translit_key(w) for w in lex.demonyms} | {translit_key(w) for w in function_words("title-like")}
    return words


def _glued(word: str, non_names: set[str]) -> bool:
    """A word written before a name that is not part of it: a thing's word, a title (also plural, "Senators"),
    an adverb ("Thankfully"), or a short code in capitals ("BST", "COO")."""
    key = translit_key(word)
    plural = word.endswith("s") and translit_key(word[:-1]) in non_names
    return (key in non_names or plural
            or (len(word) >= 6 and word.endswith("ly")) or (word.isupper() and 1 < len(word) <= 4))


def strip_glue(groups: list[Group]) -> None:
    """A person group named by words glued before another person's name ("Guardian Tony Hayward", "Briton
    Tony Hayward", "Thankfully Obama") takes that name, so that it meets the person it names.

    Word evidence is counted over the whole corpus (a word is a thing's word when the corpus uses it more
    in names of things than as a given name); the counts add up, so an update can recount incrementally.
    """
    people = [g for g in groups if g.type == "person" and not g.locked]
    known = {name_parts(g.display).tokens for g in people}
    full = {name_parts(g.display).tokens for g in people if name_parts(g.display).is_full}
    surnames = {name_parts(g.display).surname for g in people if name_parts(g.display).is_full}
    non_names = _non_name_words(groups)
    for g in groups:
        if g.locked or " " not in g.display.strip():
            continue
        words = g.display.split(" ")
        k = 0
        while len(words) - k > 1 and _glued(words[k], non_names):
            k += 1
        if not k:
            continue
        rest = " ".join(words[k:])
        tokens = name_parts(rest).tokens
        if g.type == "person" and (tokens in known or (len(tokens) == 1 and tokens in surnames)):
            g.display = rest
        elif g.type != "person" and tokens in full:  # "Interior Ken Salazar" tagged as an organisation
            g.display, g.type = rest, "person"


def cluster_people(groups: list[Group]) -> list[Cluster]:
    """Merge person groups in stages of decreasing evidence; ambiguous candidates stay apart, unless one
    full name dominates the others (``DOMINANT``: "Obama" is Barack Obama beside a rare Michelle Obama)."""
    strip_glue(groups)
    people = sorted((g for g in groups if g.type == "person"), key=lambda g: (-g.count, g.norm))
    parts = {id(g): name_parts(g.display) for g in people}
    # a full name that ends a longer one ("Fogh Rasmussen" in "Anders Fogh Rasmussen") is a short form of it,
    # unless it is the better attested of the two (then the longer one has words glued on)
    longest: dict[tuple[str, ...], int] = {}
    for g in people:
        toks = parts[id(g)].tokens
        for i in range(1, len(toks)):
            longest[toks[i:]] = max(longest.get(toks[i:], 0), g.count)
    suffixes = {toks for toks, n in longest.items()}
    counts = {parts[id(g)].tokens: g.count for g in people}
    suffixes = {toks for toks in suffixes if longest[toks] >= counts.get(toks, 0)}
    full, initial, short = [], [], []
    for g in people:
        p = parts[id(g)]
        if not p.tokens or not p.is_full or p.tokens in suffixes:
            short.append(g)
        elif p.given_is_initial:
            initial.append(g)
        else:
            full.append(g)

    clusters: list[Cluster] = []
    # Blocking: a surname is compared only with surnames sharing its first two letters.
    blocks: dict[str, dict[str, list[Cluster]]] = defaultdict(lambda: defaultdict(list))

    def new_cluster(group: Group) -> Cluster:
        cluster = Cluster()
        cluster.add(group)
        clusters.append(cluster)
        register(cluster, group)
        return cluster

    def register(cluster: Cluster, group: Group) -> None:
        p = parts[id(group)]
        if p.surname:
            surname = "".join(p.surname)
            if cluster not in blocks[surname[:2]][surname]:
                blocks[surname[:2]][surname].append(cluster)

    def join(cluster: Cluster, group: Group) -> None:
        cluster.add(group)
        register(cluster, group)

    def near_surnames(surname: str) -> list[str]:
        block = blocks[surname[:2]]
        found = [surname] if surname in block else []
        if len(surname) >= 5:
            for other, _score, _ in process.extract(surname, list(block), scorer=Indel.normalized_similarity,
                                                    score_cutoff=SURNAME_MIN_SIMILARITY / 100, limit=None):
                if other != surname and _surname_compatible(surname, other):
                    found.append(other)
        return found

    def candidates(surname: str) -> list[Cluster]:
        block = blocks[surname[:2]]
        out: list[Cluster] = []
        for near in near_surnames(surname):
            out.extend(c for c in block[near] if c not in out)
        return out

    # Stage 1: full names. Surname the same or a close variant, every given name compatible.
    for g in full:
        p = parts[id(g)]
        surname = "".join(p.surname)
        fits = [] if g.locked else [
            c for c in candidates(surname)
            if not c.locked and all(_given_compatible(p.given or "", given) for given in c.givens)
        ]
        exact = [c for c in fits if surname in c.surnames]
        if len(fits) > 1 and len(exact) == 1:
            fits = exact  # "Bill Reilly" is William Reilly's, not Bill O'Reilly's
        if len(fits) == 1:
            join(fits[0], g)
        else:
            new_cluster(g)

    # Stage 2: an initial for a given name ("J. Kirby") joins the one cluster it fits.
    for g in initial:
        p = parts[id(g)]
        surname = "".join(p.surname)
        fits = [] if g.locked else [
            c for c in blocks[surname[:2]].get(surname, [])
            if not c.locked and any(x.startswith(p.given or "?") for x in c.givens)
        ]
        if len(fits) == 1:
            join(fits[0], g)
        else:
            new_cluster(g)

    # Stage 3: surname-only and shortened names join the single cluster whose names end with them.
    by_suffix: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for index, cluster in enumerate(clusters):
        for member in cluster.groups:
            toks = parts[id(member)].tokens
            for i in range(1, len(toks)):
                by_suffix[toks[i:]].add(index)
    for g in short:
        targets = by_suffix.get(parts[id(g)].tokens, set())
        target = dominant([clusters[i] for i in sorted(targets)]) if not g.locked else None
        if target is not None and not target.locked:
            target.add(g)
        else:
            new_cluster(g)
    return clusters


def dominant(candidates: list[Cluster]) -> Cluster | None:
    """The only candidate, or the one with ``DOMINANT`` times the mentions of the next (else None)."""
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    ranked = sorted(candidates, key=lambda c: -c.count)
    return ranked[0] if ranked[0].count >= DOMINANT * ranked[1].count else None


def attach_mistyped(groups: list[Group], clusters: list[Cluster]) -> set[int]:
    """A one-word place, organisation or group that is the surname of one dominant, better-attested person
    joins them ("Hayward" tagged as an organisation).

    The small model tags surnames as places now and then ("reproached Scholz"); the vote keeps real places
    ("Washington") apart because they are mentioned more often as places than the person is, and a word
    that starts a well-attested thing's name ("Cameron International") stays that thing's.
    """
    by_surname: dict[str, list[Cluster]] = defaultdict(list)
    for cluster in clusters:
        for surname in cluster.surnames:
            if cluster not in by_surname[surname]:
                by_surname[surname].append(cluster)
    # a one-word name that starts the name of a thing ("Cameron" beside "Cameron International") may be that
    # thing's short form: it stays apart when that thing is attested well enough
    things: Counter[str] = Counter()
    for g in groups:
        if g.type != "person" and " " in g.norm:
            things[g.norm.split(" ")[0]] += g.count
    moved: set[int] = set()
    for group in groups:
        if group.type == "person" or group.locked or " " in group.norm:
            continue
        if known_entity(group.display) or any(ch.isdigit() for ch in group.norm):
            continue
        if things[group.norm] >= max(3, 0.1 * group.count):
            continue
        target = dominant([c for c in by_surname.get(group.norm, []) if c.givens])
        if target is not None and not target.locked and target.count > group.count:
            group.type = "person"
            target.add(group)
            moved.add(id(group))
    return moved


def split_by_middle_initials(cluster: list[Group]) -> list[list[Slot]]:
    """People who differ only by middle initials ("George H. W. Bush", "George W. Bush") stay apart."""
    slots = [s for g in cluster for s in g.slots]
    signature: dict[int, str] = {}
    for slot in slots:
        if len(slot.mentions) == 1:
            sig = middle_signature(slot.mentions[0].text)
        else:
            sigs = Counter(middle_signature(m.text) for m in slot.mentions)
            sigs.pop("", None)
            sig = sigs.most_common(1)[0][0] if sigs else ""
        if sig:
            signature[id(slot)] = sig
    distinct = set(signature.values())
    if len(distinct) < 2 or any(g.locked for g in cluster):
        return [slots]
    parts: dict[str, list[Slot]] = {sig: [] for sig in sorted(distinct)}
    for slot in slots:
        if id(slot) in signature:
            parts[signature[id(slot)]].append(slot)
    largest = max(parts, key=lambda sig: (sum(len(s.mentions) for s in parts[sig]), sig))
    parts[largest].extend(s for s in slots if id(s) not in signature)
    return list(parts.values())
