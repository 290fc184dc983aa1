"""Cross-article actor resolution: one identity per real person, organisation, place or group.

Resolution works on (article, key) slots, so every mention of one key in one article lands on one actor.
Slots are grouped by a spelling-insensitive form of their key, then person groups are merged in stages of
decreasing evidence: full names with compatible given names, names with only an initial, and finally
surname-only or shortened names, each attached only when exactly one candidate exists, so that a shared
first name, title or surname alone never merges two people.
"""

from __future__ import annotations

import warnings
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Indel

from dateline.actors.lexicon import (
    clean_spaces,
    function_words,
    known_entity,
    lexicon,
    lookup_form,
    slugify,
    strip_possessive,
    translit_key,
)
from dateline.actors.names import middle_signature, name_parts, person_key, strip_leading_titles
from dateline.records import Actor, ActorType, EntityMention

# Similarity (0-100, rapidfuzz normalised Indel) above which two spellings count as one name.
GIVEN_NAME_MIN_SIMILARITY = 80.0
SURNAME_MIN_SIMILARITY = 88.0
_TYPE_PRIORITY: tuple[ActorType, ...] = ("person", "organization", "place", "group", "other")
_ACRONYM_SKIP = function_words("acronym-skip")


def actor_id_for(name: str) -> str:
    """Stable id from a canonical name: "Dmitry Peskov" -> "dmitry-peskov"."""
    try:
        return slugify(clean_spaces(str(name)))
    except Exception:  # noqa: BLE001 - ids must never fail
        return "actor-unknown"


@dataclass
class ActorIndex:
    """Actors of a corpus and the actor of every (article id, mention key)."""

    actors: list[Actor]
    by_key: dict[tuple[str, str], str]
    _by_id: dict[str, Actor] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_id = {actor.id: actor for actor in self.actors}

    def actor_for(self, article_id: str, key: str) -> Actor | None:
        actor_id = self.by_key.get((article_id, key))
        if actor_id is None:
            return None
        if len(self._by_id) != len(self.actors):
            self._by_id = {actor.id: actor for actor in self.actors}
        return self._by_id.get(actor_id)


@dataclass(eq=False)
class _Slot:
    article_id: str
    key: str
    mentions: list[EntityMention] = field(default_factory=list)
    forced: str | None = None  # canonical name from the alias table

    kind: ActorType = "other"  # majority type of the mentions, set once collected


@dataclass(eq=False)
class _Group:
    """Slots whose keys normalise to the same form."""

    norm: str
    slots: list[_Slot] = field(default_factory=list)
    types: Counter[str] = field(default_factory=Counter)
    count: int = 0
    type: ActorType = "other"
    display: str = ""
    forced: str | None = None

    @property
    def locked(self) -> bool:
        return self.forced is not None


def _vote(votes: Counter[str]) -> ActorType:
    if not votes:
        return "other"
    best = max(votes.values())
    return next((t for t in _TYPE_PRIORITY if votes.get(t) == best), "other")


def _alias_form(text: str) -> str:
    return clean_spaces(str(text)).casefold()


@lru_cache(maxsize=65536)
def _norm(key: str, kind: ActorType) -> str:
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
    return " ".join(w for w in (translit_key(word) for word in words) if w)


@lru_cache(maxsize=65536)
def _surface(text: str, kind: ActorType) -> str:
    """An alias as written, minus titles and possessive."""
    words = clean_spaces(strip_possessive(str(text))).split(" ")
    return " ".join(strip_leading_titles(words, titles=kind == "person")).strip(" ,;:")


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
class _Cluster:
    groups: list[_Group] = field(default_factory=list)
    givens: set[str] = field(default_factory=set)  # full given names (not initials)
    surnames: set[str] = field(default_factory=set)
    locked: bool = False

    def add(self, group: _Group) -> None:
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


def _collect(per_article: Iterable[tuple[str, Sequence[EntityMention]]],
             aliases: Mapping[str, str] | None) -> list[_Slot]:
    """(article, key) slots with the alias table applied (keys first, then surface forms)."""
    exact: dict[str, str] = {}
    loose: dict[str, str] = {}
    for alias, canonical in (aliases or {}).items():
        if isinstance(alias, str) and isinstance(canonical, str) and alias.strip() and canonical.strip():
            exact[_alias_form(alias)] = clean_spaces(canonical)
            loose.setdefault(lookup_form(alias), clean_spaces(canonical))
    slots: dict[tuple[str, str], _Slot] = {}
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
                slot = slots[(article_id, key)] = _Slot(article_id, key)
            slot.mentions.append(mention)
    for slot in slots.values():
        first = slot.mentions[0].type
        if all(m.type == first for m in slot.mentions):
            slot.kind = first
        else:
            slot.kind = _vote(Counter(m.type for m in slot.mentions))
    if exact:
        for slot in slots.values():
            slot.forced = _forced_name(slot, exact, loose)
    return list(slots.values())


def _forced_name(slot: _Slot, exact: dict[str, str], loose: dict[str, str]) -> str | None:
    kind = slot.kind
    # Surface forms count only when they name what the key names: in an article where "Johnson" abbreviates
    # "Boris Johnson", an alias for "Johnson" does not apply.
    own = _norm(slot.key, kind)
    forms = [slot.key] + [
        form for m in slot.mentions for form in (m.text, _surface(m.text, kind)) if _norm(form, kind) == own
    ]
    for table, fold in ((exact, _alias_form), (loose, lookup_form)):
        if fold(slot.key) in table:
            return table[fold(slot.key)]
        hits = Counter(table[fold(form)] for form in forms if fold(form) in table)
        if hits:
            return hits.most_common(1)[0][0]
    return None


def _group(slots: list[_Slot]) -> list[_Group]:
    groups: dict[str, _Group] = {}
    for slot in slots:
        kind = slot.kind
        norm = _norm(slot.forced or slot.key, kind) or _norm(slot.key, "other") or slot.key.casefold()
        group = groups.setdefault(norm, _Group(norm))
        group.slots.append(slot)
        for m in slot.mentions:
            group.types[m.type] += 1
        group.count += len(slot.mentions)
    for group in groups.values():
        group.type = _vote(group.types)
        forced = Counter(s.forced for s in group.slots if s.forced)
        group.forced = forced.most_common(1)[0][0] if forced else None
        known = known_entity(group.forced or group.slots[0].key)
        if known:
            group.type = known[1]
        display: Counter[str] = Counter()
        for s in group.slots:
            display[_display_key(s.key, group.type)] += len(s.mentions)
        group.display = group.forced or _best_display(display)
    return list(groups.values())


@lru_cache(maxsize=65536)
def _display_key(key: str, kind: ActorType) -> str:
    known = known_entity(key)
    if known:
        return known[0]
    if kind == "person":
        return person_key(key) or clean_spaces(key)
    text = clean_spaces(strip_possessive(key))
    return text[4:] if text.casefold().startswith("the ") else text


def _best_display(counts: Counter[str]) -> str:
    """Most frequent form; ties go to the longer, then the alphabetically first."""
    return min(counts.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0]


def _cluster_people(groups: list[_Group]) -> list[_Cluster]:
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

    clusters: list[_Cluster] = []
    # Blocking: a surname is compared only with surnames sharing its first two letters.
    blocks: dict[str, dict[str, list[_Cluster]]] = defaultdict(lambda: defaultdict(list))

    def new_cluster(group: _Group) -> _Cluster:
        cluster = _Cluster()
        cluster.add(group)
        clusters.append(cluster)
        register(cluster, group)
        return cluster

    def register(cluster: _Cluster, group: _Group) -> None:
        p = parts[id(group)]
        if p.surname:
            surname = "".join(p.surname)
            if cluster not in blocks[surname[:2]][surname]:
                blocks[surname[:2]][surname].append(cluster)

    def join(cluster: _Cluster, group: _Group) -> None:
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

    def candidates(surname: str) -> list[_Cluster]:
        block = blocks[surname[:2]]
        out: list[_Cluster] = []
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


def _attach_mistyped(groups: list[_Group], clusters: list[_Cluster]) -> set[int]:
    """A one-word place/organisation that is the surname of exactly one better-attested person joins them.

    The small model tags surnames as places now and then ("reproached Scholz"); the vote keeps real places
    ("Washington") apart because they are mentioned more often as places than the person is.
    """
    by_surname: dict[str, list[_Cluster]] = defaultdict(list)
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


def _acronym(display: str) -> str:
    words = [w for w in clean_spaces(display).replace("-", " ").split(" ") if w]
    return "".join(w[0] for w in words if w.casefold() not in _ACRONYM_SKIP and w[0].isupper())


def _cluster_others(groups: list[_Group]) -> list[list[_Group]]:
    """Non-person groups: an acronym joins the one long name whose initials spell it ("NSC")."""
    long_by_acronym: dict[str, list[_Group]] = defaultdict(list)
    for g in groups:
        if " " in g.display and len(_acronym(g.display)) >= 2:
            long_by_acronym[_acronym(g.display)].append(g)
    merged: dict[int, list[_Group]] = {id(g): [g] for g in groups}
    for g in groups:
        if g.locked or " " in g.display or not g.display.isupper() or len(g.display) < 2:
            continue
        matches = [m for m in long_by_acronym.get(g.display, []) if m.type == g.type and not m.locked]
        if len(matches) == 1 and id(matches[0]) in merged and id(g) in merged:
            merged[id(matches[0])].extend(merged.pop(id(g)))
    return list(merged.values())


def _split_by_middle_initials(cluster: list[_Group]) -> list[list[_Slot]]:
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
    parts: dict[str, list[_Slot]] = {sig: [] for sig in sorted(distinct)}
    for slot in slots:
        if id(slot) in signature:
            parts[signature[id(slot)]].append(slot)
    largest = max(parts, key=lambda sig: (sum(len(s.mentions) for s in parts[sig]), sig))
    parts[largest].extend(s for s in slots if id(s) not in signature)
    return list(parts.values())


def _build_actor(slots: list[_Slot], groups: list[_Group], with_initials: bool) -> tuple[Actor, list[_Slot]]:
    mentions = [m for s in slots for m in s.mentions]
    types = Counter(m.type for m in mentions)
    kinds = {g.type for g in groups}
    kind: ActorType = "person" if "person" in kinds else _vote(types)
    forced = Counter(s.forced for s in slots for _ in s.mentions if s.forced)
    if forced:
        name = _best_display(forced)
    else:
        group_types = {id(s): g.type for g in groups for s in g.slots}
        displays: Counter[str] = Counter()
        for slot in slots:
            shown = _display_key(slot.key, group_types.get(id(slot), kind))
            displays[shown] += len(slot.mentions)
        if kind == "person":
            full = Counter({k: v for k, v in displays.items() if name_parts(k).is_full})
            displays = full or displays
            if with_initials:
                written = Counter(
                    person_key(m.text, keep_initials=True) for m in mentions if middle_signature(m.text)
                )
                displays = written or displays
        # A dateline in capitals ("MARIUPOL —") is not how the name is written elsewhere.
        cased = Counter({k: v for k, v in displays.items() if not (k.isupper() and len(k) > 4)})
        displays = cased or displays
        name = _best_display(displays) if displays else clean_spaces(slots[0].key)
    surfaces: Counter[str] = Counter()
    order: dict[str, int] = {}
    for m in mentions:
        shown = _surface(m.text, m.type) or clean_spaces(m.text)
        surfaces[shown] += 1
        order.setdefault(shown, len(order))
    roles: Counter[str] = Counter()
    role_text: dict[str, str] = {}
    for m in mentions:
        role = " ".join(str(m.role or "").split())
        if role:
            fold = clean_spaces(role).casefold()
            roles[fold] += 1
            role_text.setdefault(fold, role)
    actor = Actor(
        id=actor_id_for(name),
        name=name,
        type=kind,
        aliases=tuple(sorted(surfaces, key=lambda s: (-surfaces[s], order[s]))),
        mention_count=len(mentions),
        roles=tuple(role_text[r] for r in sorted(roles, key=lambda r: (-roles[r], r))),
    )
    return actor, slots


def resolve_actors(per_article: Iterable[tuple[str, Sequence[EntityMention]]],
                   aliases: Mapping[str, str] | None = None) -> ActorIndex:
    """Merge the mentions of a corpus into actors; the alias table is applied first and wins."""
    try:
        slots = _collect(per_article, aliases)
    except Exception as exc:  # noqa: BLE001 - never raise on odd input
        warnings.warn(f"actor resolution could not read its input ({exc!r})", RuntimeWarning, stacklevel=2)
        return ActorIndex(actors=[], by_key={})
    try:
        return _resolve(slots)
    except Exception as exc:  # noqa: BLE001 - a corpus build must survive a resolver bug
        warnings.warn(f"actor resolution failed ({exc!r}); one actor per key", RuntimeWarning, stacklevel=2)
        groups: dict[str, list[_Slot]] = defaultdict(list)
        for slot in slots:
            groups[slot.forced or clean_spaces(slot.key)].append(slot)
        return _index([
            (Actor(actor_id_for(name), name, members[0].kind,
                   tuple(dict.fromkeys(m.text for s in members for m in s.mentions)),
                   sum(len(s.mentions) for s in members)), members)
            for name, members in groups.items()
        ])


def _resolve(slots: list[_Slot]) -> ActorIndex:
    groups = _group(slots)
    clusters = _cluster_people(groups)
    moved = _attach_mistyped(groups, clusters)
    others = _cluster_others([g for g in groups if g.type != "person" and id(g) not in moved])
    built: list[tuple[Actor, list[_Slot]]] = []
    for cluster in clusters:
        pieces = _split_by_middle_initials(cluster.groups)
        for piece in pieces:
            built.append(_build_actor(piece, cluster.groups, with_initials=len(pieces) > 1))
    for members in others:
        built.append(_build_actor([s for g in members for s in g.slots], members, with_initials=False))
    return _index(built)


def _index(built: list[tuple[Actor, list[_Slot]]]) -> ActorIndex:
    """Sort actors by mention count, make ids unique, and map every slot to its actor."""
    built.sort(key=lambda item: (-item[0].mention_count, item[0].name.casefold(), item[0].id))
    actors: list[Actor] = []
    by_key: dict[tuple[str, str], str] = {}
    taken: set[str] = set()
    for actor, actor_slots in built:
        if actor.id in taken:  # two actors with one name (kept apart on purpose) need distinct ids
            n = 2
            while f"{actor.id}-{n}" in taken:
                n += 1
            actor = Actor(f"{actor.id}-{n}", actor.name, actor.type, actor.aliases, actor.mention_count,
                          actor.roles)
        taken.add(actor.id)
        actors.append(actor)
        for slot in actor_slots:
            by_key[(slot.article_id, slot.key)] = actor.id
    return ActorIndex(actors=actors, by_key=by_key)
