"""Watching a corpus folder: an update of the store whenever articles arrive, change or go.

File events come from watchdog (inotify and the like); where the file system sends none (a network share,
some containers) ``poll=True`` compares the folder's listing every ``interval`` seconds instead. Events
are debounced: an update starts once the folder has been quiet for ``debounce`` seconds, so a burst of
files (a morning's download) is one update. Updates run one at a time in the calling thread; events that
arrive during one mark the folder dirty and start the next. An update that fails (an unreadable article is
only a rejection, but the disk may be full) is reported and the watch goes on.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from dateline.pipeline.build import BuildError, BuildReport, build
from dateline.settings import get_settings

Report = Callable[[str], None]


class _Changes(FileSystemEventHandler):
    """Remembers when the corpus last changed; ignores hidden files and the store's own files."""

    def __init__(self, corpus: Path, ignore: list[Path]) -> None:
        self.corpus = corpus.resolve()
        self.ignore = [p.resolve() for p in ignore]
        self.last = 0.0
        self.wake = threading.Event()

    def relevant(self, path: str | bytes) -> bool:
        p = Path(path.decode() if isinstance(path, bytes) else path).resolve()
        if any(p == i or i in p.parents or p.name.startswith(i.name + ".") for i in self.ignore):
            return False
        try:
            rel = p.relative_to(self.corpus)
        except ValueError:
            return False
        return not any(part.startswith(".") for part in rel.parts)

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write") or (event.is_directory
                                                                 and event.event_type == "modified"):
            return  # reads, and a folder's own listing change (its files' events follow)
        paths = [event.src_path, getattr(event, "dest_path", "") or ""]
        if any(p and self.relevant(p) for p in paths):
            self.last = time.monotonic()
            self.wake.set()


def update_line(report: BuildReport, when: datetime | None = None) -> str:
    """One line per update: time, articles added/changed/removed, rejections, seconds."""
    when = when or datetime.now()
    fatal = [r for r in report.rejections if r.fatal]
    line = (f"{when:%H:%M:%S} update: {report.added} added, {report.processed - report.added} changed, "
            f"{report.removed} removed, {report.unchanged} unchanged, {len(fatal)} rejected "
            f"in {report.seconds:.1f}s")
    if fatal:
        shown = "; ".join(f"{r.file}: {r.reason}" for r in fatal[:3])
        line += f" ({shown}{'; …' if len(fatal) > 3 else ''})"
    return line


def watch(corpus: Path, db: Path | None = None, *, poll: bool = False, debounce: float = 2.0,
          interval: float = 1.0, report: Report = print, stop: threading.Event | None = None,
          **build_options: Any) -> int:
    """Keep the store for ``corpus`` up to date until ``stop`` is set (or Ctrl-C); returns the number
    of updates run. The first update runs at once (the store may be behind the folder already)."""
    corpus = Path(corpus)
    if not corpus.is_dir():
        raise BuildError(f"Corpus folder {corpus} does not exist or is not a folder.")
    stop = stop or threading.Event()
    changes = _Changes(corpus, [Path(db) if db else get_settings().default_db(corpus)])
    observer = PollingObserver(timeout=interval) if poll else Observer(timeout=interval)
    observer.schedule(changes, str(corpus), recursive=True)
    observer.start()
    updates = 0
    try:
        report(f"watching {corpus} ({'polling every ' + str(interval) + 's' if poll else 'file events'}, "
               f"updates after {debounce}s of quiet); Ctrl-C stops")
        pending = True  # the first update: bring the store up to date with the folder as it is
        while not stop.is_set():
            if not pending:
                changes.wake.wait(timeout=0.2)
                if changes.wake.is_set():
                    changes.wake.clear()
                    pending = True
                continue
            quiet = time.monotonic() - changes.last
            if quiet < debounce:
                stop.wait(min(debounce - quiet, 0.2))
                continue
            pending = False
            changes.wake.clear()
            updates += 1
            try:
                result = build(corpus, db, **build_options)
            except Exception as exc:  # a failed update must not end the watch: the next event retries
                report(f"{datetime.now():%H:%M:%S} update failed: {type(exc).__name__}: {exc}")
                continue
            if result.repaired:
                report(result.repaired)
            report(update_line(result))
    finally:
        observer.stop()
        observer.join(timeout=5)
    return updates
