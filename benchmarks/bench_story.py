"""The story engine on a multi-outlet corpus: Date-F1 of the key dates beside both baselines, and timing.

Usage: ``python benchmarks/bench_story.py [FOLDER] [--db STORE] [--timelines DIR] [--top N]``
(default folder: ../shared/data/t17-bpoil; default timelines: ../shared/data/timelines/t17-bpoil).

The corpus is built with the real pipeline into ``--db`` (an up-to-date store is reused; default: a
temporary file). Then, on that store:

- Date-F1 (``dateline/eval/tls.py``) of the stored key dates, PUBCOUNT and DATEREF, same store, same run;
- ``derive`` is rerun on a copy and timed: grouping and salience (scores, key dates, their store reads)
  on their own, median of three runs;
- the top ``--top`` key dates with their headlines, a sanity read.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT = ROOT.parent / "shared" / "data" / "t17-bpoil"


def main() -> None:
    from dateline.eval.tls import DEFAULT_TIMELINES, evaluate, load_timelines, report
    from dateline.pipeline import build
    from dateline.pipeline.corpus import derive
    from dateline.store import writer
    from dateline.store.query import StoreReader

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--db", type=Path, default=None)
    ap.add_argument("--timelines", type=Path, default=DEFAULT_TIMELINES)
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-story-"))
    db = args.db or tmp / "store"
    t0 = time.perf_counter()
    built = build(args.folder, db)
    print(f"Corpus: {args.folder}  store: {db}  ({built.articles} articles; build or check "
          f"{time.perf_counter() - t0:.1f} s)")

    reader = StoreReader(db)
    timelines = load_timelines(args.timelines)
    print(f"\nDate-F1 on {len(timelines)} reference timelines ({args.timelines}), same store, same run:")
    print(report(evaluate(reader, timelines), timelines))

    work = tmp / "derive"  # derive again on a copy: the measured store stays as built
    shutil.copytree(db, work)
    runs: list[dict[str, float]] = []
    for _ in range(args.runs):
        timings: dict[str, float] = {}
        t0, c0 = time.perf_counter(), time.process_time()
        with writer.open_session(work) as session:
            counts = derive(session, timings=timings)
            session.commit()
        timings["derive"] = time.perf_counter() - t0
        timings["derive_cpu"] = time.process_time() - c0
        runs.append(timings)
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    print(f"\nDerive (median of {args.runs}): {med['derive']:.2f} s ({med['derive_cpu']:.2f} s CPU in this "
          f"process; DuckDB's threads not counted); grouping {med['grouping']:.2f} s; "
          f"salience and key dates {med['salience']:.2f} s ({med['salience_cpu']:.2f} s CPU) "
          f"({counts['events']} events, {counts['statements']} statements, {counts['event_mentions']} "
          f"mentions, {counts['key_dates']} candidate days)")

    n = reader.default_top_n()
    print(f"\nDefault number of key dates for this corpus: {n}. Top {args.top}:")
    for k in reader.key_dates(args.top).itertuples():
        print(f"  {k.rank:>3}. {k.date:%Y-%m-%d}  {k.score:8.1f}  {k.n_outlets or 0} outlets  {k.headline}")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
