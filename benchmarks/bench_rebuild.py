"""Rebuild cost: an unchanged corpus, and one changed article, beside a full build of the same corpus.

Usage: ``python benchmarks/bench_rebuild.py [FOLDER] [--repeat R] [--keep STORE]`` (default: ../shared/data/t17-bpoil,
copied to a temporary folder so one article can be edited).

Every figure is the wall time of ``python -m dateline build FOLDER --db STORE --quiet`` as a fresh
process, start-up included. Targets: unchanged < 5% of the full build (nothing re-extracted, the model
not loaded); one changed article reprocesses that article only (then actors, statements and events are
re-derived from the stored per-article rows).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "t17-bpoil"


def run_build(folder: Path, db: Path) -> tuple[float, str]:
    """Wall seconds of one build process and its summary (stderr)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "dateline", "build", str(folder), "--db", str(db), "--quiet"],
                          env=env, capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"build failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return seconds, proc.stderr


def processed(summary: str) -> int:
    m = re.search(r"\((\d+) processed", summary)
    if not m:
        raise SystemExit(f"no summary in build output:\n{summary}")
    return int(m.group(1))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=3, help="unchanged rebuilds to time (median)")
    ap.add_argument("--keep", type=Path, help="copy the built store here at the end (for bench_grouping --db)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dateline-rebuild-") as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(args.folder, corpus)
        db = Path(tmp) / "store.duckdb"
        full, summary = run_build(corpus, db)
        print(f"full build: {full:.1f} s ({processed(summary)} articles processed)")

        unchanged = []
        for _ in range(args.repeat):
            seconds, summary = run_build(corpus, db)
            assert processed(summary) == 0, summary
            unchanged.append(seconds)
        med = statistics.median(unchanged)
        print(f"unchanged rebuild: median {med:.2f} s of {len(unchanged)} "
              f"({', '.join(f'{s:.2f}' for s in unchanged)}), 0 processed")

        article = sorted(p for p in corpus.rglob("*.txt"))[len(list(corpus.rglob('*.txt'))) // 2]
        with article.open("a", encoding="utf-8") as fh:
            fh.write("\n\nOn Tuesday, BP said it had hired an outside firm to review the clean-up.\n")
        changed, summary = run_build(corpus, db)
        n = processed(summary)
        print(f"one article changed ({article.relative_to(corpus)}): {changed:.1f} s, {n} processed")
        print(f"SUMMARY unchanged = {100 * med / full:.1f}% of the full build (target < 5%); "
              f"one changed = {100 * changed / full:.1f}% ({n} article re-extracted)")
        if args.keep:
            shutil.copytree(db, args.keep, dirs_exist_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
