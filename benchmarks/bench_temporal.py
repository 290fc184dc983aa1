"""Throughput of the temporal tagger: MB of article text per second on one core.

Usage: ``python benchmarks/bench_temporal.py [FOLDER] [--repeat N]`` (default folder: the t17-bpoil corpus
in ../shared/data). Reads every .txt file under the folder once, then times ``tag_dates`` over all of them;
the anchor comes from the folder's manifest.csv when there is one (relative expressions cost more).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dateline.temporal import tag_dates  # noqa: E402

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "t17-bpoil"


def load(folder: Path) -> list[tuple[str, date | None]]:
    """(text, anchor) pairs for every .txt file under ``folder``."""
    anchors: dict[str, date] = {}
    manifest = folder / "manifest.csv"
    if manifest.exists():
        with manifest.open(newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                try:
                    anchors[row["file"]] = date.fromisoformat(row.get("published") or "")
                except (KeyError, ValueError):
                    continue
    out = []
    for path in sorted(folder.rglob("*.txt")):
        rel = path.relative_to(folder).as_posix()
        out.append((path.read_text(encoding="utf-8", errors="replace"), anchors.get(rel)))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    docs = load(args.folder)
    if not docs:
        print(f"no .txt files under {args.folder}", file=sys.stderr)
        return 1
    size_mb = sum(len(text.encode("utf-8")) for text, _ in docs) / 1e6
    best = float("inf")
    matches = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        matches = sum(len(tag_dates(text, anchor)) for text, anchor in docs)
        best = min(best, time.perf_counter() - t0)
    print(f"{len(docs)} documents, {size_mb:.2f} MB, {matches} matches")
    print(f"best of {args.repeat}: {best:.2f} s  ->  {size_mb / best:.2f} MB/s on one core (target >= 1 MB/s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
