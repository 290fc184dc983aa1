"""Second pass over the resolved atoms: grow an atom to the left ("mid-", "since", "9 a.m.") and merge
neighbours into ranges ("from 2009 to 2014") and anchored shifts ("two days after December 1")."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from dateline.temporal import resolve as R
from dateline.temporal.atoms import GRAN_RANK, OUTSIDE_CALENDAR, PARTABLE, YEARLESS_KINDS, Atom, Context
from dateline.temporal.patterns import (
    PART_BEFORE,
    RANGE_BETWEEN,
    RANGE_FROM_BEFORE,
    SINCE_BEFORE,
    TABLES,
    TIME_BEFORE,
    WEEK_OF_BEFORE,
    _key,
)


def grow_left(atom: Atom, ctx: Context, floor: int) -> Atom:
    """Attach a part ("mid-", "the end of", "late"), "since", or a clock time written before the atom."""
    text = ctx.text
    lo = max(floor, atom.start - 40)
    part = PART_BEFORE.search(text, lo, atom.start)
    if part is not None and atom.interval is not None:
        bounds = TABLES.parts.get(_key(part["part"]))
        if bounds is not None and atom.granularity in PARTABLE:
            lo_f, hi_f = bounds
            atom = replace(atom, start=part.start(), interval=R.part_of(atom.interval, lo_f, hi_f),
                           note=(atom.note + "; " if atom.note else "") + f"part of {atom.granularity}: "
                           + _key(part["part"]))
        elif atom.granularity == "day":
            atom = replace(atom, start=part.start())
    elif part is not None and atom.interval is None and atom.basis == "unresolved" and atom.kind != "ago":
        atom = replace(atom, start=part.start())
    week_of = WEEK_OF_BEFORE.search(text, max(floor, atom.start - 16), atom.start)
    if week_of is not None and atom.granularity == "day" and atom.interval is not None:
        atom = replace(atom, start=week_of.start(), interval=R.week_interval(atom.interval[0]), granularity="week",
                       note=(atom.note + "; " if atom.note else "") + "the week containing the date")
    clock = TIME_BEFORE.search(text, max(floor, atom.start - 30), atom.start)
    if clock is not None and atom.granularity == "day":
        atom = replace(atom, start=clock.start())
    since = SINCE_BEFORE.search(text, max(floor, atom.start - 15), atom.start)
    if since is not None and since["the"] and atom.granularity not in ("season", "decade", "century"):
        since = None  # "since the spring", "since the 1990s"; not "since the April 20 explosion" (an event)
    if since is not None and atom.interval is not None and ctx.anchor is not None \
            and atom.interval[0] < ctx.anchor:
        atom = replace(atom, start=since.start(), interval=(atom.interval[0], ctx.anchor),
                       note=(atom.note + "; " if atom.note else "") + "since: from its start to the anchor")
    return atom


def combine(atoms: list[Atom], ctx: Context) -> list[Atom]:
    """Merge neighbours: ranges ("from 2009 to 2014", "between March and May") and anchored shifts
    ("two days after December 1"). A merge that would leave the calendar ("a day after December 31, 9999")
    gives one unresolved atom over both."""
    out: list[Atom] = []
    for atom in atoms:
        prev = out[-1] if out else None
        if prev is None:
            out.append(atom)
            continue
        try:
            merged = _merge(prev, atom, ctx.text)
        except (ValueError, OverflowError):
            merged = Atom(prev.start, atom.end, None, None, "unresolved", OUTSIDE_CALENDAR, "anchored")
        if merged is None:
            out.append(atom)
        else:
            out[-1] = merged
    return out


def _merge(prev: Atom, atom: Atom, text: str) -> Atom | None:
    """The atom that ``prev`` and the following ``atom`` make together, or None when they stay apart."""
    if prev.kind == "tu" and prev.interval is not None and atom.kind == "ago" \
            and atom.count and atom.direction < 0 and text[prev.end:atom.start].strip() == "":
        # "the quarter a year ago": the period named, moved back
        return replace(prev, end=atom.end, kind="anchored", note="the period named, moved back",
                       interval=R.shift_interval(prev.interval, atom.unit, -atom.count))
    if prev.kind == "ago" and prev.interval is None and prev.count \
            and atom.interval is not None and text[prev.end:atom.start].strip() == "":
        interval = R.shift_interval(atom.interval, prev.unit, prev.direction * prev.count) \
            if atom.granularity != "day" else tuple(R.shift(d, prev.unit, prev.direction * prev.count)
                                                     for d in atom.interval)
        return Atom(prev.start, atom.end, interval, atom.granularity, atom.basis,  # type: ignore[arg-type]
                    "shifted from the date it is anchored to", "anchored", atom.year_explicit)
    if prev.interval is None or atom.interval is None:
        return None
    sep = RANGE_BETWEEN.match(text, prev.end, atom.start)
    if sep is None or text[prev.end:atom.start].count("\n") != 0:
        return None
    kw = RANGE_FROM_BEFORE.search(text, max(0, prev.start - 12), prev.start)
    word = sep["sep"].lower()
    kw_word = kw["kw"].lower() if kw else ""
    needs = {"and": "between", "to": "from"}.get(word)
    if needs == "from" and prev.granularity == atom.granularity:
        needs = None  # "Monday to Friday", "2009 to 2014"
    if (needs and kw_word != needs) or (not kw_word and prev.granularity != atom.granularity):
        return None
    first = prev.interval
    if not prev.year_explicit and atom.year_explicit:
        first = R.shift_interval(first, "year", atom.interval[1].year - first[1].year)
    second = atom.interval
    if first[0] > second[1] and prev.kind == "wd" and atom.kind == "wd":
        second = (second[0] + timedelta(weeks=1), second[1] + timedelta(weeks=1))
    elif first[0] > second[1] and not prev.year_explicit and prev.kind in YEARLESS_KINDS:
        first = R.shift_interval(first, "year", -1)
    if first[0] > second[1]:
        return None
    gran = prev.granularity if GRAN_RANK.get(prev.granularity or "", 0) >= GRAN_RANK.get(
        atom.granularity or "", 0) else atom.granularity
    basis = prev.basis if prev.basis == atom.basis else "inferred"
    return Atom(kw.start() if kw else prev.start, atom.end, (first[0], second[1]), gran,
                basis, "range", "range", prev.year_explicit or atom.year_explicit)
