"""Event grouping on a multi-outlet corpus: how many events, how many corroborated, samples, and timing.

Usage: ``python benchmarks/bench_grouping.py [FOLDER] [--db STORE] [--samples N] [--seed S]``
(default folder: ../shared/data/t17-bpoil, 1,461 articles from five outlets).

The corpus is built once with the real pipeline into ``--db`` (default: a temporary file; an existing
up-to-date store is reused), which times the whole build. Then, on that store:

- ``derive`` (actors, statements, events) is rerun and timed, with the grouping step timed on its own,
  so grouping time is separate from extraction;
- scaling: grouping alone on the mentions of 25%, 50% and 100% of the articles (random, seeded), to
  show growth near-linear in the number of mentions (blocking by date window and actor, never all pairs);
- a sanity read: a dozen random events reported by two or more outlets, each with its title, date,
  outlets and one sentence per outlet.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT = ROOT.parent / "shared" / "data" / "t17-bpoil"


def main() -> None:
    from dateline.actors import resolve_actors
    from dateline.events import group_mentions
    from dateline.pipeline import build
    from dateline.pipeline.corpus import derive, load_event_mentions
    from dateline.store import writer
    from dateline.store.extracted import mentions_by_article

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--db", type=Path, default=None)
    ap.add_argument("--samples", type=int, default=12)
    ap.add_argument("--seed", type=int, default=17)
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-grouping-"))
    db = args.db or tmp / "store.duckdb"
    t0 = time.perf_counter()
    report = build(args.folder, db)
    build_s = time.perf_counter() - t0
    print(f"Corpus: {args.folder}  store: {db}")
    print(f"Build: {report.articles} articles, {report.processed} extracted, {build_s:.1f} s "
          f"(model + extraction + derive + write)")

    with writer.open_session(db) as conn:  # derive again in an update that is never committed
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        counts = derive(conn, timings=timings)
        derive_s = time.perf_counter() - t0
        print(f"Derive: {derive_s:.2f} s (actors, statements, events, writing); "
              f"grouping alone: {timings['grouping']:.2f} s for {counts['event_mentions']} mentions "
              f"(loading mentions included)")

        index = resolve_actors(mentions_by_article(conn).items(), {})
        mentions, sources = load_event_mentions(conn, index)
        names = {a.id: a.name for a in index.actors}
        articles = sorted({m.article_id for m in mentions})
        rng = random.Random(args.seed)
        rng.shuffle(articles)
        print("\nScaling (grouping only, same mentions, articles sampled at random):")
        print(f"  {'share':>6} {'articles':>9} {'mentions':>9} {'events':>7} {'seconds':>8} {'µs/mention':>11}")
        events = []
        for share in (0.25, 0.5, 1.0):
            keep = set(articles[: max(1, round(len(articles) * share))])
            subset = [m for m in mentions if m.article_id in keep]
            t0 = time.perf_counter()
            events = group_mentions(subset, names, sources)
            s = time.perf_counter() - t0
            print(f"  {share:>6.0%} {len(keep):>9} {len(subset):>9} {len(events):>7} {s:>8.2f} "
                  f"{1e6 * s / max(1, len(subset)):>11.1f}")

        multi = [e for e in events if len(e.outlets) >= 2]
        conflicts = [e for e in events if e.date_conflict]
        print(f"\nEvents: {len(events)}; reported by >= 2 outlets: {len(multi)}; "
              f"by >= 3: {sum(len(e.outlets) >= 3 for e in events)}; with a date conflict: {len(conflicts)}")
        kinds: dict[str, int] = {}
        for e in events:
            kinds[e.kind] = kinds.get(e.kind, 0) + 1
        print("Kinds: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items(), key=lambda kv: -kv[1])))

        print(f"\n{args.samples} random events reported by two or more outlets:")
        for e in sorted(rng.sample(multi, min(args.samples, len(multi))), key=lambda e: e.start):
            when = str(e.start) if e.start == e.end else f"{e.start} – {e.end}"
            print(f"\n* {e.title}\n  {when} · {e.kind} · {len(e.mentions)} mentions · "
                  f"{', '.join(e.outlets)}" + (f"\n  CONFLICT: {e.conflict_note}" if e.date_conflict else ""))
            seen = set()
            for m in e.mentions:
                if m.outlet in seen:
                    continue
                seen.add(m.outlet)
                text = " ".join(m.sentence.split())
                print(f"    - {m.outlet} ({m.date_text or 'undated: published ' + str(m.end)}): "
                      f"{text[:160]}{'…' if len(text) > 160 else ''}")
        if conflicts:
            print("\nThree date conflicts:")
            for e in rng.sample(conflicts, min(3, len(conflicts))):
                print(f"* {e.title}\n  {e.conflict_note}")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
