"""Where a build's time goes, by part: a py-spy profile of the whole process tree (pool workers included)
sorted into import, model load, ingestion, spaCy, extraction, derivation, write and the rest.

Usage: ``python benchmarks/profile_parts.py PROFILE.txt`` (a ``py-spy record --format raw --subprocesses``
output), or from ``bench_build.py --profile``. Each sample is one active thread of one process at one
instant, so a part's share of samples is its share of the build's busy process time. A stack belongs to
the first (outermost) frame that names a part, except imports and the model load, which win wherever they
occur (a lazy import inside derivation is start-up cost, not derivation).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

# (part, frame pattern), outermost match wins; "import" and "model load" are checked first.
FIRST = (
    ("model load", re.compile(r"^load_nlp \(dateline/nlp\.py")),
    ("import", re.compile(r"^(_find_and_load|_handle_fromlist|_call_with_frames_removed) \(<frozen")),
)
PARTS = (
    ("ingestion", re.compile(r"^load_corpus \(dateline/ingest/")),
    ("derivation", re.compile(r"^derive \(dateline/pipeline/corpus\.py")),
    ("write", re.compile(r"^(\w+\.)?(commit|replace_articles|delete_articles|write_rejections|write_build_meta|"
                         r"apply_delta|set_meta) \(dateline/store/")),
    ("store open/check", re.compile(r"^(\w+\.)?(_set_aside_if_damaged|stored_inputs|stored_meta|open_session|"
                                    r"stored_hashes|check_store|_signature) \(dateline/")),
    ("spaCy", re.compile(r"^(\w+\.)?(pipe|_multiprocessing_pipe|__call__) \(spacy/")),
    ("extraction", re.compile(r"^(extract_article|extraction_rows) \(dateline/|^from_pylist \(")),
)
# Only when no part above matches: a pool worker's every stack starts in spawn_main and _process_worker.
FALLBACK = (
    ("transfer", re.compile(r"^(\w+\.)?(_sendback_result|_send_bytes|_recv_bytes|send|recv|result|"
                            r"_process_worker|_ForkingPickler|loads|dumps) \(")),
    ("spawn", re.compile(r"^(spawn_main|_main|prepare|_bootstrap) \(.*multiprocessing")),
)
ORDER = ("import", "model load", "ingestion", "store open/check", "spaCy", "extraction", "transfer",
         "derivation", "write", "spawn", "native", "other")


def classify(stack: str) -> str:
    frames = [f.strip() for f in stack.split(";")[1:]]  # the first entry names the process
    if not frames:
        return "native"  # a thread with no Python frame (DuckDB's, a BLAS pool's)
    for part, pattern in FIRST:
        if any(pattern.search(f) for f in frames):
            return part
    for parts in (PARTS, FALLBACK):
        for frame in frames:
            for part, pattern in parts:
                if pattern.search(frame):
                    return part
    return "other"


def parts(profile: Path) -> Counter[str]:
    """Samples per part in a raw (collapsed) py-spy profile."""
    counts: Counter[str] = Counter()
    for line in profile.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, n = line.rpartition(" ")
        if stack and n.isdigit():
            counts[classify(stack)] += int(n)
    return counts


def table(counts: Counter[str], rate: int) -> str:
    total = sum(counts.values()) or 1
    rows = [f"{p:<18}{counts.get(p, 0) / rate:8.1f} s {100 * counts.get(p, 0) / total:6.1f} %"
            for p in ORDER if counts.get(p)]
    return "\n".join([*rows, f"{'total':<18}{total / rate:8.1f} s  (busy process time, all processes)"])


if __name__ == "__main__":
    path = Path(sys.argv[1])
    print(table(parts(path), int(sys.argv[2]) if len(sys.argv) > 2 else 100))
