"""A real build killed with SIGKILL at several moments never damages the store the app reads.

The scenario: a store built from the seed corpus is in use; the corpus grows (seed articles copied under
new names) and a rebuild starts in a subprocess, exactly as ``python -m dateline build`` runs it. We kill
it early, at fractions of a clean build's duration, and right after extraction. After each kill the old
store must read exactly as before (StoreReader and the app itself), and the next build must complete
and hold the same counts as a clean build of the same corpus.
"""

from __future__ import annotations

import dataclasses
import fcntl
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dateline.settings import PROJECT_ROOT
from dateline.store import layout
from dateline.store.query import Filters, StoreMissing, StoreReader
from tests.conftest import SEED_CORPUS

# slow: real builds; "builds" group: the multi-process build tests run one after another on one worker
pytestmark = [pytest.mark.timeout(900), pytest.mark.slow, pytest.mark.xdist_group("builds")]
COPIES = 4  # 5 seed articles x 4 = 20 articles (3 committed batches): a build of several seconds
TABLES = ("articles", "sentences", "timexes", "mentions", "statements", "actors", "events", "event_mentions",
          "rejections")
ENV = {**os.environ, "DATELINE_BATCH_SIZE": "2", "PYTHONPATH": str(PROJECT_ROOT)}  # a commit every 8 articles


def _grown_corpus(root: Path) -> Path:
    """The seed corpus copied COPIES times under new names, manifest rows included."""
    root.mkdir()
    header, *rows = (SEED_CORPUS / "manifest.csv").read_text(encoding="utf-8").splitlines()
    out = [header]
    for i in range(COPIES):
        for path in sorted(SEED_CORPUS.glob("*.txt")):
            (root / f"copy {i} {path.name}").write_bytes(path.read_bytes())
        out += [f"copy {i} {row}" for row in rows]
    (root / "manifest.csv").write_text("\n".join(out) + "\n", encoding="utf-8")
    return root


def _table_counts(db: Path) -> dict[str, int]:
    """Row counts read by StoreReader in a fresh process, as a newly started app or export would."""
    code = ("import json, sys; from dateline.store.query import StoreReader; r = StoreReader(sys.argv[1]); "
            "print(json.dumps({t: len(r.records(t)) for t in sys.argv[2:]}))")
    out = subprocess.run([sys.executable, "-c", code, str(db), *TABLES], cwd=PROJECT_ROOT, env=ENV,
                         capture_output=True, text=True, timeout=120, check=True)
    return json.loads(out.stdout)


def _complete(db: Path, counts: dict[str, int], clean: dict[str, int]) -> bool:
    """A finished build of the grown corpus: every article, and the inputs signature of its final commit.

    (Counts of derived tables are compared with a clean build at the end of the test, built with the same
    code: other work on the extraction rules may change them between the start and the end of a run.)
    """
    code = ("import sys; from dateline.store import connect; c = connect(sys.argv[1]); "
            "print(c.execute(\"SELECT count(*) FROM meta WHERE key = 'inputs'\").fetchone()[0])")
    out = subprocess.run([sys.executable, "-c", code, str(db)], cwd=PROJECT_ROOT, env=ENV, capture_output=True,
                         text=True, check=True)
    return counts["articles"] == clean["articles"] and out.stdout.strip() == "1" and all(
        n for table, n in counts.items() if table != "rejections")


def _restore(db: Path, source: Path) -> None:
    """Put the store ``source`` in place the way a build does: its segment files into the folder, then a
    catalogue naming them swapped in atomically (with the next generation, as an update would)."""
    db.mkdir(exist_ok=True)
    catalogue = layout.read_catalogue(source)
    for seg in catalogue.segments:
        shutil.copyfile(source / seg.name, db / seg.name)
    generation = max(catalogue.generation, layout.store_version(db)) + 1
    layout.write_catalogue(db, dataclasses.replace(catalogue, generation=generation))


class Build:
    """``python -m dateline build`` in a subprocess, with its progress (done/total) read from stderr."""

    def __init__(self, corpus: Path, db: Path, quiet: bool = False):
        cmd = [sys.executable, "-m", "dateline", "build", str(corpus), "--db", str(db)]
        self.proc = subprocess.Popen(cmd + (["--quiet"] if quiet else []), cwd=PROJECT_ROOT, env=ENV,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.done = self.total = 0
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        buf = b""
        while chunk := self.proc.stderr.read1(4096):
            buf += chunk
            *lines, buf = re.split(rb"[\r\n]", buf)
            for line in lines:
                text = line.decode("utf-8", "replace")
                self.log.append(text)
                if m := re.search(r"(\d+)/(\d+) \[", text):
                    self.done, self.total = int(m.group(1)), int(m.group(2))

    def wait_until(self, condition, timeout: float = 300) -> bool:
        """Poll until ``condition()``; False if the build ended first."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return True
            if self.proc.poll() is not None:
                return False
            time.sleep(0.02)
        pytest.fail("build did not reach the moment in time:\n" + "\n".join(self.log[-20:]))

    def kill(self) -> bool:
        """SIGKILL; True if the build was still running when killed."""
        running = self.proc.poll() is None
        if running:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=60)
        return running

    def finish(self, timeout: float = 600) -> int:
        return self.proc.wait(timeout=timeout)


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The grown corpus with its clean build's counts, and a store of the seed corpus."""
    base = tmp_path_factory.mktemp("crash")
    corpus = _grown_corpus(base / "corpus")
    clean_db = base / "clean.duckdb"
    clean = Build(corpus, clean_db, quiet=True)
    assert clean.finish() == 0, "\n".join(clean.log)
    seed_db = base / "seed.duckdb"
    assert Build(SEED_CORPUS, seed_db, quiet=True).finish() == 0
    return {"corpus": corpus, "clean": _table_counts(clean_db), "seed_db": seed_db,
            "seed": _table_counts(seed_db), "base": base}


# When to kill, as a condition on the running build (progress is read from its stderr).
MOMENTS = {
    "early, while starting up": lambda b: time.sleep(0.3) is None,
    "as extraction starts": lambda b: b.total > 0,
    "after the first committed batch": lambda b: b.done >= 8,
    "after the last batch (derive, commit, swap)": lambda b: b.total > 0 and b.done >= b.total,
    "half way through extraction": lambda b: b.total > 0 and b.done >= b.total // 2,  # last: leaves leftovers
}


def test_killed_rebuilds_leave_the_old_store_readable_and_the_next_build_completes(
        grown: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    db = grown["base"] / "in use.duckdb"
    _restore(db, grown["seed_db"])
    before = _table_counts(db)
    reader = StoreReader(db)  # a reader that stays open through every kill, as the app's does
    timeline_before = reader.timeline(Filters())
    outcomes: dict[str, str] = {}
    for moment, condition in MOMENTS.items():
        build = Build(grown["corpus"], db)
        reached = build.wait_until(lambda: condition(build))  # noqa: B023 - used before the next loop
        killed = build.kill()
        after = _table_counts(db)
        # Whatever the moment: the old store whole, or the complete new one, never anything between.
        assert after == before or _complete(db, after, grown["clean"]), (moment, after)
        if after == before:
            outcomes[moment] = "killed, old store intact" if killed and reached else "?"
            assert reader.timeline(Filters()).equals(timeline_before)  # the open reader kept working
        else:  # the build got as far as swapping in the new store before the kill
            outcomes[moment] = "new store already swapped in"
            _restore(db, grown["seed_db"])
    print(outcomes)
    assert list(outcomes.values()).count("killed, old store intact") >= 4, outcomes
    # a killed build's leftovers are really there: its lock file beside the store, its unfinished segment
    assert (db.parent / (db.name + ".lock")).exists()
    listed = {s.name for s in layout.read_catalogue(db).segments}
    assert {p.name for p in db.glob("seg-*.duckdb")} - listed

    reader.close()  # DuckDB shares one instance per path within a process: leave the app its own

    # The app itself reads the store a killed build left behind.
    monkeypatch.setenv("DATELINE_DB", str(db))
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1

    # With the leftovers (unfinished segment, lock file) in place, the next build completes.
    final = Build(grown["corpus"], db, quiet=True)
    assert final.finish() == 0, "\n".join(final.log)
    clean = Build(grown["corpus"], grown["base"] / "clean again.duckdb", quiet=True)
    assert clean.finish() == 0
    assert _table_counts(db) == _table_counts(grown["base"] / "clean again.duckdb")


def test_garbage_leftovers_and_a_lock_held_by_a_killed_process_do_not_block_a_build(grown: dict) -> None:
    db = grown["base"] / "leftovers.duckdb"
    _restore(db, grown["seed_db"])
    for name in ("seg-999999-abcdef.duckdb", "seg-999999-abcdef.duckdb.wal", "catalogue.json.abcdef.tmp"):
        (db / name).write_bytes(b"not a database \x00\xff" * 100)  # a killed build's unfinished files
    lock = db.parent / (db.name + ".lock")
    holder = subprocess.Popen(  # takes the build lock, then dies holding it
        [sys.executable, "-c", "import fcntl, sys, time; fh = open(sys.argv[1], 'w'); "
         "fcntl.flock(fh, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(600)", str(lock)],
        stdout=subprocess.PIPE)
    assert holder.stdout is not None and holder.stdout.readline().strip() == b"locked"
    with open(lock) as fh, pytest.raises(BlockingIOError):
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)  # really held
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    build = Build(SEED_CORPUS, db, quiet=True)
    assert build.finish(timeout=300) == 0, "\n".join(build.log)
    assert _complete(db, _table_counts(db), grown["seed"])


def test_a_first_build_killed_leaves_no_store_and_the_next_one_completes(grown: dict, tmp_path: Path) -> None:
    db = tmp_path / "first.duckdb"
    build = Build(grown["corpus"], db)
    assert build.wait_until(lambda: build.done >= 8)
    assert build.kill()
    assert not layout.exists(db)  # nothing half-built where the app looks
    with pytest.raises(StoreMissing):
        StoreReader(db).counts()
    final = Build(grown["corpus"], db, quiet=True)
    assert final.finish() == 0, "\n".join(final.log)
    assert _table_counts(db)["articles"] == grown["clean"]["articles"]
