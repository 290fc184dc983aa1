"""Cross-article actor resolution: one identity per real person, organisation, place or group.

Resolution works on (article, key) slots (``slots``), grouped by a spelling-insensitive form of their key;
person groups are then merged in stages of decreasing evidence (``people``), and a non-person acronym
joins the one long name whose initials spell it, and a one-word short form the one dominant name it heads.
Each resulting cluster becomes one ``Actor``.

Decomposable for incremental derivation: every merge is decided within a block (a spelling-insensitive
key, a surname, a head word) from counts that only add up across articles; the corpus-wide inputs are
tallies too (the words the corpus writes in lowercase, the words it uses in names of things), so new
articles re-resolve the blocks their mentions touch once those tallies are updated.
"""

from __future__ import annotations

import warnings
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from dateline.actors.lexicon import clean_spaces, function_words, known_entity, lexicon, slugify, translit_key
from dateline.actors.names import middle_signature, name_parts, person_key
from dateline.actors.people import DOMINANT, attach_mistyped, cluster_people, split_by_middle_initials
from dateline.actors.slots import (
    Group,
    Slot,
    best_display,
    collect,
    display_key,
    group_slots,
    surface,
    vote,
)
from dateline.records import Actor, ActorType, EntityMention

_ACRONYM_SKIP = function_words("acronym-skip")
# a one-word short form joins its long name only when this share of its articles also name the long one
SHORT_FORM_SHARE = 0.5


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


def _acronym(display: str) -> str:
    words = [w for w in clean_spaces(display).replace("-", " ").split(" ") if w]
    return "".join(w[0] for w in words if w.casefold() not in _ACRONYM_SKIP and w[0].isupper())


def _cluster_others(groups: list[Group]) -> list[list[Group]]:
    """Non-person groups: an acronym joins the one long name whose initials spell it ("NSC"), and a one-word
    short form the one dominant longer name it starts or ends ("Gulf" for the Gulf of Mexico beside the
    rarer Gulf Coast, "Horizon" for the Deepwater Horizon)."""
    long_by_acronym: dict[str, list[Group]] = defaultdict(list)
    for g in groups:
        if " " in g.display and len(_acronym(g.display)) >= 2:
            long_by_acronym[_acronym(g.display)].append(g)
    merged: dict[int, list[Group]] = {id(g): [g] for g in groups}
    for g in groups:
        if g.locked or " " in g.display or not g.display.isupper() or len(g.display) < 2:
            continue
        matches = [m for m in long_by_acronym.get(g.display, []) if m.type == g.type and not m.locked]
        if len(matches) == 1 and id(matches[0]) in merged and id(g) in merged:
            merged[id(matches[0])].extend(merged.pop(id(g)))
    generic = lexicon().generic_heads
    by_head: dict[str, list[Group]] = defaultdict(list)  # head word -> longer names
    articles: dict[int, set[str]] = {id(g): {s.article_id for s in g.slots} for g in groups}
    for g in groups:
        words = g.norm.split(" ")
        if len(words) > 1 and not g.locked:  # "Deepwater Horizon" -> horizon; "Gulf of Mexico" -> gulf
            by_head[words[0] if words[1] == "of" else words[-1]].append(g)
    for g in groups:
        if g.locked or " " in g.norm or g.norm in generic or known_entity(g.display) or g.display.isupper() \
                or id(g) not in merged:
            continue
        longer = sorted((m for m in by_head.get(g.norm, []) if id(m) in merged), key=lambda m: -m.count)
        if not longer or (len(longer) > 1 and longer[0].count < DOMINANT * longer[1].count):
            continue
        # the short form is written where the long one is: in the same articles, most of the time
        shared = len(articles[id(g)] & articles[id(longer[0])]) / len(articles[id(g)])
        if longer[0].count * DOMINANT >= g.count and shared >= SHORT_FORM_SHARE:
            merged[id(longer[0])].extend(merged.pop(id(g)))
    return list(merged.values())


def _names_someone(role: str, names: frozenset[str]) -> bool:
    """A role that holds an honorific or a person's name ("BP Managing Director Bob Dudley", "Obama
    President") is text from around the name, not the person's own title."""
    lex = lexicon()
    words = [w.strip(".,'’") for w in role.split(" ")]
    return any(w.casefold() in lex.honorifics or translit_key(w) in names for w in words if w[:1].isupper())


def _person_names(clusters: list) -> frozenset[str]:
    """Folded surnames of the corpus' well-attested people: words no title contains."""
    return frozenset(s for c in clusters if c.count >= 3 and c.givens for s in c.surnames)


def _build_actor(slots: list[Slot], groups: list[Group], with_initials: bool,
                 names: frozenset[str] = frozenset()) -> tuple[Actor, list[Slot]]:
    mentions = [m for s in slots for m in s.mentions]
    types = Counter(m.type for m in mentions)
    kinds = {g.type for g in groups}
    kind: ActorType = "person" if "person" in kinds else vote(Counter({g.type: g.count for g in groups}) or types)
    forced = Counter(s.forced for s in slots for _ in s.mentions if s.forced)
    if forced:
        name = best_display(forced)
    else:
        group_types = {id(s): g.type for g in groups for s in g.slots}
        displays: Counter[str] = Counter()
        for slot in slots:
            shown = display_key(slot.name, group_types.get(id(slot), kind))
            displays[shown] += len(slot.mentions)
        if kind == "person":
            full = Counter({k: v for k, v in displays.items() if name_parts(k).is_full})
            displays = full or displays
            if with_initials:
                written = Counter(
                    person_key(m.text, keep_initials=True) for m in mentions if middle_signature(m.text)
                )
                displays = written or displays
        else:  # a short form that joined its long name ("Horizon") does not name the actor
            longer = Counter({k: v for k, v in displays.items() if " " in k})
            if longer and all(" " in k or any(k in o.split(" ") for o in longer) for k in displays):
                displays = longer
        # A dateline in capitals ("MARIUPOL —") is not how the name is written elsewhere.
        cased = Counter({k: v for k, v in displays.items() if not (k.isupper() and len(k) > 4)})
        displays = cased or displays
        name = best_display(displays) if displays else clean_spaces(slots[0].key)
    surfaces: Counter[str] = Counter()
    order: dict[str, int] = {}
    for m in mentions:
        shown = surface(m.text, m.type) or clean_spaces(m.text)
        surfaces[shown] += 1
        order.setdefault(shown, len(order))
    roles: Counter[str] = Counter()
    role_text: dict[str, str] = {}
    for m in mentions if kind == "person" else ():  # a title is a person's: an organisation has none
        role = " ".join(str(m.role or "").split())
        if role and not _names_someone(role, names):
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
        slots = collect(per_article, aliases)
    except Exception as exc:  # noqa: BLE001 - never raise on odd input
        warnings.warn(f"actor resolution could not read its input ({exc!r})", RuntimeWarning, stacklevel=2)
        return ActorIndex(actors=[], by_key={})
    try:
        return _resolve(slots)
    except Exception as exc:  # noqa: BLE001 - a corpus build must survive a resolver bug
        warnings.warn(f"actor resolution failed ({exc!r}); one actor per key", RuntimeWarning, stacklevel=2)
        groups: dict[str, list[Slot]] = defaultdict(list)
        for slot in slots:
            groups[slot.forced or clean_spaces(slot.key)].append(slot)
        return _index([
            (Actor(actor_id_for(name), name, members[0].kind,
                   tuple(dict.fromkeys(m.text for s in members for m in s.mentions)),
                   sum(len(s.mentions) for s in members)), members)
            for name, members in groups.items()
        ])


def _resolve(slots: list[Slot]) -> ActorIndex:
    groups = group_slots(slots)
    clusters = cluster_people(groups)
    moved = attach_mistyped(groups, clusters)
    others = _cluster_others([g for g in groups if g.type != "person" and id(g) not in moved])
    built: list[tuple[Actor, list[Slot]]] = []
    names = _person_names(clusters)
    for cluster in clusters:
        pieces = split_by_middle_initials(cluster.groups)
        for piece in pieces:
            built.append(_build_actor(piece, cluster.groups, with_initials=len(pieces) > 1, names=names))
    for members in others:
        built.append(_build_actor([s for g in members for s in g.slots], members, with_initials=False))
    return _index(built)


def _index(built: list[tuple[Actor, list[Slot]]]) -> ActorIndex:
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
