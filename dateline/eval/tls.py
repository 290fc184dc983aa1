"""Measure the key dates as timeline summarisation is measured: Date-F1 against journalists' timelines.

Usage: ``python -m dateline.eval.tls STORE.duckdb`` (or a corpus folder, built first into ``--db`` or its
default store) ``[--timelines DIR]`` (default: ``../shared/data/timelines/t17-bpoil``).

Metric (tilse / news-tls, Gholipour Ghalandari & Ifrim 2020): a reference timeline has ``l`` distinct dates
between its first and last; the system proposes its ``l`` best dates inside that span; Date-F1 is
``|proposed ∩ reference| / l`` (precision and recall are equal when as many dates are proposed as the
reference has). The figure is the mean over the timelines. Two baselines are ranked from the same store
in the same run: PUBCOUNT (articles published per day) and DATEREF (day-precise date expressions naming
the day). Ties rank the earlier day first.

Findings on t17-bpoil (five timelines, 12–102 dates): retrospective references (a day still cited weeks
later) and corroboration across outlets carry the signal; adding publication volume to date references
does not help, so the key dates leave it out.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path

from dateline.settings import PROJECT_ROOT
from dateline.store import layout
from dateline.store.query import StoreReader

DEFAULT_TIMELINES = PROJECT_ROOT.parent / "shared" / "data" / "timelines" / "t17-bpoil"


def load_timelines(folder: Path) -> dict[str, list[date]]:
    """Each ``*.json`` timeline of ``folder`` (a list of ``{"date", "text"}``) as its sorted distinct days,
    by file name without its suffixes ("bpoil_bbc")."""
    out = {}
    for path in sorted(folder.glob("*.json")):
        entries = json.loads(path.read_text(encoding="utf-8"))
        days = sorted({date.fromisoformat(str(e["date"])[:10]) for e in entries})
        if days:
            out[path.name.split(".")[0]] = days
    return out


def date_f1(ranked: Iterable[date], reference: Sequence[date]) -> float:
    """Date-F1 of a ranking (best first) against one reference timeline's days."""
    ref = set(reference)
    if not ref:
        return 0.0
    lo, hi, n = min(ref), max(ref), len(ref)
    proposed: list[date] = []
    for d in dict.fromkeys(ranked):
        if lo <= d <= hi:
            proposed.append(d)
            if len(proposed) == n:
                break
    return len(ref.intersection(proposed)) / n


def mean_date_f1(ranked: Sequence[date], timelines: Mapping[str, Sequence[date]]) -> tuple[float, dict[str, float]]:
    """The mean Date-F1 over the timelines, and each timeline's."""
    each = {name: date_f1(ranked, days) for name, days in timelines.items()}
    return (sum(each.values()) / len(each) if each else 0.0), each


def ranking(counts: Mapping[date, float]) -> list[date]:
    """Days by count, highest first (ties: the earlier day)."""
    return sorted(counts, key=lambda d: (-counts[d], d))


def evaluate(reader: StoreReader, timelines: Mapping[str, Sequence[date]]) -> dict[str, tuple[float, dict[str, float]]]:
    """Date-F1 of the key dates and of both baselines, from one store."""
    keys = [d.date() if hasattr(d, "date") else d for d in reader.key_dates()["date"]]
    return {
        "key dates": mean_date_f1(keys, timelines),
        "PUBCOUNT": mean_date_f1(ranking(reader.articles_per_day()), timelines),
        "DATEREF": mean_date_f1(ranking(reader.references_per_day()), timelines),
    }


def report(results: Mapping[str, tuple[float, dict[str, float]]], timelines: Mapping[str, Sequence[date]]) -> str:
    names = list(timelines)
    head = f"{'ranking':<12} {'mean':>6}  " + "  ".join(f"{n.split('_')[-1][:8]:>8}" for n in names)
    sizes = f"{'(dates)':<12} {'':>6}  " + "  ".join(f"{len(timelines[n]):>8}" for n in names)
    rows = [f"{name:<12} {mean:6.3f}  " + "  ".join(f"{each[n]:8.3f}" for n in names)
            for name, (mean, each) in results.items()]
    return "\n".join([head, sizes, *rows])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", type=Path, help="a store (STORE.duckdb) or a corpus folder to build")
    parser.add_argument("--db", type=Path, help="the store to build a corpus folder into")
    parser.add_argument("--timelines", type=Path, default=DEFAULT_TIMELINES,
                        help="folder of reference timelines (*.json)")
    args = parser.parse_args(argv)
    timelines = load_timelines(args.timelines)
    if not timelines:
        print(f"no reference timeline in {args.timelines}", file=sys.stderr)
        return 2
    db = args.source
    if args.source.is_dir() and not layout.exists(args.source):  # a store is a folder too: its catalogue says so
        from dateline.pipeline import build

        db = build(args.source, args.db).db
    elif not args.source.exists():
        print(f"no store or corpus folder at {args.source}", file=sys.stderr)
        return 2
    reader = StoreReader(db)
    print(f"Date-F1 on {len(timelines)} timelines of {args.timelines.name} ({reader.counts()['articles']} "
          f"articles, {len(reader.key_dates())} candidate key dates):")
    print(report(evaluate(reader, timelines), timelines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
