"""One article, one line, no sentence punctuation: build time, memory and output size at 0.1 / 0.3 / 1 MB.

Usage: ``python benchmarks/bench_long_sentence.py [--sizes 100000,300000,1000000] [--timeout 900]``

Scraped tables, lists and OCR text arrive as one "sentence" of any length. Each size is a corpus of a
single ``.txt`` file: the seed articles' words, lower-cased, with all punctuation but quotation marks and
every line break taken out, repeated to the size. The text still holds the quotes, speakers, cues and
dates of real news, but the model's sentencer finds no sentence end in it: one sentence of the whole size.
Each build runs as a fresh subprocess (``python -m dateline build``; one process, so the figure is one
article's cost) and is measured like ``bench_build.py``: wall seconds start to exit, CPU seconds of the
process tree (steadier than wall time on a shared machine), peak RSS of the tree (sampled every 0.1 s). Then: how many statements, the longest stored statement sentence,
and the JSON export's size against the input's.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_build import run_measured  # noqa: E402

SEED = ROOT / "corpus"
_NOT_WORDS = re.compile(r"[^\w\s“”\"']+")


def one_line_text(size: int) -> str:
    """``size`` characters of news words on one line, with no sentence end anywhere."""
    words = " ".join(_NOT_WORDS.sub(" ", p.read_text(encoding="utf-8").lower()) for p in sorted(SEED.glob("*.txt")))
    words = re.sub(r"\s+", " ", words).strip()
    text = (words + " ") * (size // (len(words) + 1) + 1)
    cut = text.rfind(" ", 0, size)
    return text[: cut if cut > 0 else size]


STATS = """
import json, sys
from dateline.store.query import StoreReader
r = StoreReader(sys.argv[1])
rows = r._rows("SELECT count(*), coalesce(max(length(sentence)), 0), coalesce(max(length(text)), 0) FROM statements")
print(json.dumps({"statements": rows[0][0], "max_sentence": rows[0][1], "max_text": rows[0][2],
                  "counts": r.counts()}))
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100000,300000,1000000", help="characters per article, comma-separated")
    ap.add_argument("--timeout", type=int, default=900, help="seconds before a build counts as not finished")
    args = ap.parse_args(argv)
    env = {**os.environ, "DATELINE_N_PROCESS": "1", "PYTHONPATH": str(ROOT)}
    print(f"{'size':>9} {'seconds':>8} {'CPU s':>7} {'peak RSS':>9} {'statements':>10} {'max sentence':>12} "
          f"{'JSON/input':>10}")
    with tempfile.TemporaryDirectory(prefix="dateline-long-") as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            corpus = Path(tmp) / f"c{size}"
            corpus.mkdir()
            text = one_line_text(size)
            (corpus / "one line.txt").write_text(text, encoding="utf-8")
            db = Path(tmp) / f"s{size}.duckdb"
            cmd = [sys.executable, "-m", "dateline", "build", str(corpus), "--db", str(db), "--quiet"]
            try:
                seconds, peak, cpu, _ = run_measured(["timeout", str(args.timeout), *cmd], env)
            except SystemExit as exc:
                print(f"{size:>9,} did not finish in {args.timeout} s ({str(exc)[:200]})")
                continue
            stats = json.loads(subprocess.run([sys.executable, "-c", STATS, str(db)], env=env, check=True,
                                              capture_output=True, text=True).stdout)
            out = Path(tmp) / f"e{size}.json"
            subprocess.run([sys.executable, "-m", "dateline", "export", "--corpus", str(corpus), "--db", str(db),
                            "--format", "json",
                            "--output", str(out)], env=env, check=True, capture_output=True)
            ratio = out.stat().st_size / len(text.encode("utf-8"))
            print(f"{size:>9,} {seconds:>8.1f} {cpu:>7.1f} {peak / 2**20:>6,.0f} MiB {stats['statements']:>10,} "
                  f"{stats['max_sentence']:>12,} {ratio:>9.1f}x")
            db.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
