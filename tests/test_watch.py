"""`python -m dateline watch`: a real folder, real file events (and polling), real builds with the model."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from dateline.pipeline.watch import watch
from dateline.settings import PROJECT_ROOT
from dateline.store.query import Filters, StoreReader

pytestmark = pytest.mark.slow
SEEDS = sorted((PROJECT_ROOT / "corpus").glob("*.txt"))


class Watching:
    """``watch`` in a thread; its report lines arrive in a queue."""

    def __init__(self, corpus: Path, db: Path, **options: object) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=watch, args=(corpus, db), daemon=True,
                                       kwargs=dict(report=self.lines.put, stop=self.stop, n_process=1, **options))
        self.thread.start()

    def next_update(self, timeout: float = 90) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                continue
            if " update: " in line or " update failed" in line:
                return line
        raise AssertionError("no update reported")

    def quiet(self, seconds: float) -> bool:
        try:
            line = self.lines.get(timeout=seconds)
        except queue.Empty:
            return True
        raise AssertionError(f"unexpected report: {line}")

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=30)
        assert not self.thread.is_alive()


def _articles(db: Path) -> set[str]:
    return set(StoreReader(db).articles(Filters())["file"])


@pytest.mark.parametrize("poll", [False, True], ids=["events", "polling"])
def test_watch_updates_on_arrivals_changes_removals_and_survives_a_bad_article(tmp_path: Path,
                                                                               poll: bool) -> None:
    corpus, db = tmp_path / "corpus", tmp_path / "store"
    corpus.mkdir()
    shutil.copy(SEEDS[0], corpus)
    w = Watching(corpus, db, poll=poll, debounce=0.5, interval=0.2)
    try:
        assert "1 added, 0 changed, 0 removed" in w.next_update()  # the first update: the folder as it is
        assert _articles(db) == {SEEDS[0].name}
        for seed in SEEDS[1:3]:  # a burst of files is one update
            shutil.copy(seed, corpus)
        assert "2 added, 0 changed, 0 removed, 1 unchanged, 0 rejected" in w.next_update()
        assert _articles(db) == {s.name for s in SEEDS[:3]}
        (corpus / "bad.txt").write_bytes(b"\xff\xfe\x00\x00\x00\xd8\x00\x00garbage")  # undecodable
        with (corpus / SEEDS[0].name).open("a", encoding="utf-8") as fh:
            fh.write("\nOn 3 March 2023 the talks resumed, officials said.\n")
        line = w.next_update()
        assert "0 added, 1 changed, 0 removed, 2 unchanged, 1 rejected" in line and "bad.txt" in line
        (corpus / SEEDS[1].name).unlink()
        assert "0 added, 0 changed, 1 removed" in w.next_update()
        assert _articles(db) == {SEEDS[0].name, SEEDS[2].name}
        (corpus / ".hidden.txt").write_text("an editor's swap file", encoding="utf-8")
        assert w.quiet(2.0)  # hidden files are not articles: no update
    finally:
        w.close()


def test_ctrl_c_stops_the_watch_cleanly(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS[0], corpus)
    proc = subprocess.Popen([sys.executable, "-m", "dateline", "watch", str(corpus), "--db", str(tmp_path / "s"),
                             "--debounce", "0.2", "--n-process", "1"], cwd=PROJECT_ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ})
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline(), proc.stdout.readline()]
        assert "watching" in lines[0] and "1 added" in lines[1], lines
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert "stopped watching" in out and "Traceback" not in err
