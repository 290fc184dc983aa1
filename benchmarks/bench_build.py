"""Full-build throughput and memory beside the bare spaCy pipeline on the same texts, in the same run.

Usage: ``python benchmarks/bench_build.py [FOLDER] [--articles N] [--n-process P] [--repeat R]``
(default folder: ../shared/data/t17-bpoil). ``--articles 10000`` replicates the folder under new file
names (so new article ids) in a temporary folder until it holds N articles.

Both sides run as fresh subprocesses, one after the other, so each has its own peak memory:

- build: ``python -m dateline build FOLDER --db TMP`` into an empty store, timed from process start to
  exit (interpreter start-up, reading, model loading, extraction, derivation and writing included);
- bare: the same texts through ``load_nlp()`` (the build's components: tok2vec, senter, ner),
  ``nlp.pipe(batch_size=64, n_process=P)``, also timed as a whole process from start to exit (interpreter,
  reading and model loading included; the pipe alone is printed beside it).

The ratio is bare seconds over build seconds, both whole processes (issue #15: >= 0.85 on ~150 articles,
>= 0.90 on t17-bpoil); ``--repeat R`` alternates the two sides R times and reports every ratio (their
spread shows the machine's noise) and the ratio of the best runs.

Peak RSS is the largest sum of resident memory over the process tree (sampled every 0.1 s with psutil),
and ``ru_maxrss`` of the largest single process (``resource.getrusage``, children included).
On a shared machine the wall times of the two runs see different loads, so the CPU seconds of each
process tree are given too, and the ratio of those (bare process CPU over build process CPU).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT = ROOT.parent / "shared" / "data" / "t17-bpoil"

BARE = """
import json, sys, time
from pathlib import Path
from dateline.ingest import load_corpus
from dateline.nlp import load_nlp
from dateline.records import Article
texts = [a.text for a in load_corpus(Path(sys.argv[1]), 5 * 1024 * 1024) if isinstance(a, Article)]
nlp = load_nlp()
t0 = time.perf_counter()
for _ in nlp.pipe(texts, batch_size=64, n_process=int(sys.argv[2])):
    pass
print(json.dumps({"seconds": time.perf_counter() - t0, "pipes": nlp.pipe_names}))
"""


def replicate(src: Path, dst: Path, n: int) -> Path:
    """A corpus of ``n`` articles: copies of ``src``'s articles under new paths (new ids), same manifest."""
    with (src / "manifest.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0].keys())
    out, copy = [], 0
    while len(out) < n:
        for row in rows:
            if len(out) >= n:
                break
            rel = Path(f"r{copy:03d}") / row["file"]
            (dst / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src / row["file"], dst / rel)
            out.append({**row, "file": rel.as_posix()})
        copy += 1
    with (dst / "manifest.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(out)
    return dst


def corpus_words(folder: Path) -> tuple[int, int]:
    """(articles, words) as the build reads them (same ingest, same rejections)."""
    from dateline.ingest import load_corpus
    from dateline.records import Article

    articles = [a for a in load_corpus(folder, 5 * 1024 * 1024) if isinstance(a, Article)]
    return len(articles), sum(len(a.text.split()) for a in articles)


def run_measured(cmd: list[str], env: dict[str, str]) -> tuple[float, int, float, str]:
    """Run ``cmd``; return wall seconds, peak summed RSS of its process tree, the tree's CPU seconds
    (user + system, sampled per process with psutil), and its stdout."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    cpu: dict[int, float] = {}
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        root = psutil.Process(proc.pid)
        while not stop.is_set():
            total = 0
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                procs = []
            for p in procs:
                try:
                    total += p.memory_info().rss
                    t = p.cpu_times()
                    cpu[p.pid] = max(cpu.get(p.pid, 0.0), t.user + t.system)
                except psutil.Error:
                    continue
            peak = max(peak, total)
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - t0
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-3000:]}")
    return seconds, peak, sum(cpu.values()), out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--articles", type=int, help="replicate the folder to this many articles")
    ap.add_argument("--n-process", type=int, default=None,
                    help="processes for both sides (default: the build's default, DATELINE_N_PROCESS)")
    ap.add_argument("--repeat", type=int, default=1, help="alternate build and bare this many times")
    ap.add_argument("--no-bare", action="store_true", help="build only (memory check)")
    args = ap.parse_args(argv)

    from dateline.settings import get_settings

    n_process = args.n_process or get_settings().n_process
    env = {**os.environ, "DATELINE_N_PROCESS": str(n_process), "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory(prefix="dateline-bench-") as tmp:
        folder = args.folder
        if args.articles:
            folder = replicate(args.folder, Path(tmp) / "corpus", args.articles)
        n_articles, words = corpus_words(folder)
        print(f"corpus: {folder} ({n_articles} articles, {words} words), n_process={n_process}, "
              f"cores={os.cpu_count()}")
        builds, bares = [], []
        for i in range(args.repeat):
            db = Path(tmp) / f"store-{i}.duckdb"
            seconds, peak, cpu, _ = run_measured(
                [sys.executable, "-m", "dateline", "build", str(folder), "--db", str(db), "--quiet"], env)
            builds.append((seconds, peak, cpu))
            print(f"build: {seconds:.1f} s, {n_articles / seconds:.1f} articles/s, {words / seconds:,.0f} "
                  f"words/s, peak RSS {peak / 2**20:,.0f} MiB (process tree), CPU {cpu:.0f} s "
                  f"({words / cpu:,.0f} words per CPU-second)")
            shutil.rmtree(db, ignore_errors=True)
            if args.no_bare:
                continue
            wall, peak, cpu, out = run_measured([sys.executable, "-c", BARE, str(folder), str(n_process)], env)
            bare = json.loads(out.strip().splitlines()[-1])
            bares.append((wall, cpu, bare["seconds"]))
            print(f"bare spaCy {bare['pipes']}: {bare['seconds']:.1f} s in nlp.pipe ({wall:.1f} s with "
                  f"start-up), {words / bare['seconds']:,.0f} words/s, peak RSS {peak / 2**20:,.0f} MiB, "
                  f"CPU {cpu:.0f} s with start-up ({words / cpu:,.0f} words per CPU-second)")
        maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"largest single process (ru_maxrss, children): {maxrss:,.0f} MiB")
        build_s = min(s for s, _, _ in builds)
        build_cpu = min(c for _, _, c in builds)
        print(f"SUMMARY build {n_articles} articles: {n_articles / build_s:.1f} articles/s, "
              f"{words / build_s:,.0f} words/s, peak RSS {max(p for _, p, _ in builds) / 2**20:,.0f} MiB")
        if bares:
            bare_s = min(s for s, _, _ in bares)
            bare_cpu = min(c for _, c, _ in bares)
            pipe_s = min(p for _, _, p in bares)
            each = ", ".join(f"{b[0] / a[0]:.2f}" for a, b in zip(builds, bares, strict=False))
            print(f"SUMMARY bare spaCy {words / bare_s:,.0f} words/s as a whole process ({bare_s:.1f} s; "
                  f"pipe only {pipe_s:.1f} s); ratio bare/build, whole processes = {bare_s / build_s:.2f} "
                  f"(each run: {each}); by CPU time (robust to other load on the machine) = "
                  f"{bare_cpu / build_cpu:.2f}; fixed cost beyond the pipe: build {build_s - pipe_s:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
