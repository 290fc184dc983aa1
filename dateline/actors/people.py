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

from dateline.actors.lexicon import known_entity, lexicon
from dateline.actors.names import middle_signature, name_parts
from dateline.actors.slots import Group, Slot

# Similarity (0-100, rapidfuzz normalised Indel) above which two spellings count as one name.
GIVEN_NAME_MIN_SIMILARITY = 80.0
SURNAME_MIN_SIMILARITY = 88.0


def _similar(a: str, b: str, minimum: float) -> bool:
    return Indel.normalized_similarity(a, b) * 100 >= minimum


def _gender_conflict(a: str, b: str) -> bool:
    """ "Aleksandra" / "Aleksandr", "Ivanova" / "Ivanov": a feminine ending on one side only."""
    return a.endswith("a") != b.endswith("a")


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


def cluster_people(groups: list[Group]) -> list[Cluster]:
    """Merge person groups in stages of decreasing evidence; ambiguous candidates stay apart."""
    people = sorted((g for g in groups if g.type == "person"), key=lambda g: (-g.count, g.norm))
    parts = {id(g): name_parts(g.display) for g in people}
    suffixes: set[tuple[str, ...]] = set()
    for g in people:
        toks = parts[id(g)].tokens
        suffixes.update(toks[i:] for i in range(1, len(toks)))
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
        if len(targets) == 1:
            clusters[next(iter(targets))].add(g)
        else:
            new_cluster(g)
    return clusters


def attach_mistyped(groups: list[Group], clusters: list[Cluster]) -> set[int]:
    """A one-word place/organisation that is the surname of exactly one better-attested person joins them.

    The small model tags surnames as places now and then ("reproached Scholz"); the vote keeps real places
    ("Washington") apart because they are mentioned more often as places than the person is.
    """
    by_surname: dict[str, list[Cluster]] = defaultdict(list)
    for cluster in clusters:
        for surname in cluster.surnames:
            if cluster not in by_surname[surname]:
                by_surname[surname].append(cluster)
    moved: set[int] = set()
    for group in groups:
        if group.type in ("person", "group") or group.locked or " " in group.norm:
            continue
        if known_entity(group.display) or any(ch.isdigit() for ch in group.norm):
            continue
        candidates = by_surname.get(group.norm, [])
        if len(candidates) == 1 and candidates[0].count > group.count and len(candidates[0].givens) > 0:
            group.type = "person"
            candidates[0].add(group)
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
