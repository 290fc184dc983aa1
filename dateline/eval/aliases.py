"""Score actor identity against alias groups: is each real person one actor, and are different people apart?

Gold (``tests/data/t17_alias_groups.tsv`` for t17-bpoil): one line per group, its name and the in-article
mention keys (surname-only, titled, misspelt, nickname and glued forms) that name it in that corpus, and
``apart`` lines pairing groups that are different people. A mention belongs to the group one of whose
forms equals its key (case-insensitively); a key belongs to at most one group.

Figures: a group is *one actor* when all its mentions resolved to a single actor; the *mention share* is
the share of a group's mentions under its main actor (the actor holding most of them), pooled over the
groups; an ``apart`` pair is *merged* when both groups have the same main actor. Groups without any
mention in the store are reported and left out.

Run: ``python -m dateline.eval.aliases STORE [GOLD]``.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "tests" / "data" / "t17_alias_groups.tsv"


@dataclass
class AliasGold:
    groups: dict[str, frozenset[str]]  # group name -> casefolded forms
    apart: list[tuple[str, str]]


@dataclass
class GroupScore:
    name: str
    mentions: int
    actors: Counter[str | None] = field(default_factory=Counter)

    @property
    def main(self) -> tuple[str | None, int]:
        return self.actors.most_common(1)[0] if self.actors else (None, 0)

    @property
    def one_actor(self) -> bool:
        return len(self.actors) == 1 and None not in self.actors


def read_gold(path: Path) -> AliasGold:
    """Parse the gold table (format above); a form listed in two groups is an error."""
    groups: dict[str, frozenset[str]] = {}
    apart: list[tuple[str, str]] = []
    owner: dict[str, str] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        if cells[0] == "apart":
            apart.append((cells[1], cells[2]))
            continue
        forms = frozenset(c.casefold() for c in cells[1:])
        for form in forms:
            if form in owner:
                raise ValueError(f"{path}: form {form!r} is in {owner[form]!r} and {cells[0]!r}")
            owner[form] = cells[0]
        groups[cells[0]] = forms
    unknown = {name for pair in apart for name in pair} - set(groups)
    if unknown:
        raise ValueError(f"{path}: apart pairs name unknown groups {sorted(unknown)}")
    return AliasGold(groups, apart)


def score(resolved: Iterable[tuple[str, str | None]], gold: AliasGold) -> list[GroupScore]:
    """Per group, which actors its mentions resolved to; ``resolved`` yields (mention key, actor id)."""
    owner = {form: name for name, forms in gold.groups.items() for form in forms}
    scores = {name: GroupScore(name, 0) for name in gold.groups}
    for key, actor in resolved:
        name = owner.get((key or "").casefold())
        if name is not None:
            scores[name].mentions += 1
            scores[name].actors[actor] += 1
    return [scores[name] for name in gold.groups]


def summary(scores: list[GroupScore], gold: AliasGold) -> dict[str, object]:
    """The headline figures (module docstring) over the groups that have mentions."""
    present = [s for s in scores if s.mentions]
    by_name = {s.name: s for s in present}
    main_total = sum(s.main[1] for s in present)
    total = sum(s.mentions for s in present)
    merged = [(a, b) for a, b in gold.apart
              if a in by_name and b in by_name and by_name[a].main[0] == by_name[b].main[0]]
    return {
        "groups": len(present), "one_actor": sum(s.one_actor for s in present),
        "mention_share": main_total / total if total else 0.0, "mentions": total,
        "merged": merged, "missing": [s.name for s in scores if not s.mentions],
    }


def main(argv: list[str] | None = None) -> None:
    from dateline.store import extracted, writer

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("gold", type=Path, nargs="?", default=DEFAULT_GOLD)
    ap.add_argument("--groups", action="store_true", help="list every group's actors")
    args = ap.parse_args(argv)
    gold = read_gold(args.gold)
    with writer.connect(args.store, read_only=True) as conn:
        scores = score(extracted.mention_actors(conn), gold)
    s = summary(scores, gold)
    print(f"alias groups one actor: {s['one_actor']} of {s['groups']} "
          f"({s['one_actor'] / max(1, s['groups']):.0%}); mentions under the main actor: "
          f"{s['mention_share']:.1%} of {s['mentions']}; different people merged: {len(s['merged'])} "
          f"{s['merged'] or ''}")
    if s["missing"]:
        print("groups without mentions:", ", ".join(s["missing"]))
    for g in scores:
        if args.groups or (g.mentions and not g.one_actor):
            print(f"  {'ok   ' if g.one_actor else 'split'} {g.name}: {g.mentions} mentions, "
                  + ", ".join(f"{a} {n}" for a, n in g.actors.most_common(6)))


if __name__ == "__main__":
    main()
