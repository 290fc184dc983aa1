"""Building the store for a corpus folder: ingest, extract what changed, derive, swap in atomically.

The build writes one update of the store (a new segment file: ``dateline.store.layout``) and swaps in a
catalogue naming it when done, so readers (the dashboard, an export) never see a half-written store and
a killed build leaves the old one intact, without copying the store. Unchanged articles (same content
hash) are not re-extracted; an unchanged corpus does not even load the model.
"""

from __future__ import annotations

import atexit
import fcntl
import hashlib
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from dateline.ingest import load_corpus
from dateline.ingest.parse import ARTICLE_EXTENSIONS
from dateline.pipeline.extract import extract_tables
from dateline.pipeline.fingerprint import derivation_fingerprint, extractor_fingerprint
from dateline.pipeline.spawning import script_main_hidden
from dateline.records import Article, Rejection
from dateline.settings import get_settings
from dateline.store import SCHEMA_VERSION, Connection, exists, writer
from dateline.store.health import StoreCheck, check_store, quarantine
from dateline.store.session import CommitStats

ALIAS_FILE = "actors.csv"  # in the corpus folder: alias,canonical rows an analyst can edit
Progress = Callable[[int, int], None]


class BuildError(RuntimeError):
    """Nothing usable could be produced (no readable article at all, or no store to read)."""


@dataclass
class BuildReport:
    db: Path
    articles: int = 0
    processed: int = 0  # added or changed, so re-extracted
    added: int = 0  # of those, articles the store did not hold
    unchanged: int = 0
    removed: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    model_loaded: bool = False
    repaired: str = ""  # set when a damaged store was moved aside and rebuilt: what was wrong, where it went
    commit: CommitStats | None = None  # what the update wrote (None: nothing changed)

    def summary(self) -> str:
        fatal = [r for r in self.rejections if r.fatal]
        warn = [r for r in self.rejections if not r.fatal]
        lines = [
            f"Store: {self.db}",
            f"Articles: {self.articles} loaded ({self.processed} processed, {self.unchanged} unchanged, "
            f"{self.removed} removed), {len(fatal)} skipped, {len(warn)} warnings "
            f"in {self.seconds:.1f}s",
        ]
        if self.repaired:
            lines.append(self.repaired)
        if self.counts:
            lines.append("Extracted: " + ", ".join(f"{v} {k}" for k, v in self.counts.items()))
        lines += [f"  skipped {r.file}: {r.reason}" for r in fatal]
        lines += [f"  warning {r.file}: {r.reason}" for r in warn]
        return "\n".join(lines)


def _signature(articles: list[Article], rejections: list[Rejection], alias_text: str, code: str) -> str:
    h = hashlib.sha256(code.encode())
    for a in sorted(articles, key=lambda a: a.id):
        h.update(f"{a.id}:{a.content_hash}\n".encode())
    for r in rejections:
        h.update(f"{r.file}:{r.reason}:{r.fatal}\n".encode())
    h.update(alias_text.encode())
    return h.hexdigest()


@contextmanager
def _build_lock(db: Path) -> Iterator[None]:
    """One build per store at a time; a second one waits rather than corrupting the first."""
    db.parent.mkdir(parents=True, exist_ok=True)
    with open(db.with_name(db.name + ".lock"), "w") as fh:  # beside the store: it may not exist yet
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _batches(items: Sequence[Article], size: int) -> Iterator[Sequence[Article]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _init_worker(parent: int) -> None:
    """Pool worker start: exit with the build (a killed build must not leave workers holding a model
    each: spawned workers never see their queue close), then load the model once."""
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    atexit.register(_exit_now)
    from dateline.nlp import load_nlp

    load_nlp()


def _exit_now() -> None:
    """A worker's last step: leave without interpreter teardown. The worker holds nothing to flush but its
    standard streams, and DuckDB's bindings (nanobind) print spurious "leaked instances" reports when a
    process that imported them is torn down with a model loaded."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def build(
    corpus: Path,
    db: Path | None = None,
    progress: Progress | None = None,
    n_process: int | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
) -> BuildReport:
    """Bring the store for ``corpus`` up to date and return what was done.

    Extraction runs in ``n_process`` local processes, or on a Dask cluster: the one at ``scheduler``
    (an address such as ``tcp://host:8786``) or a local one of ``workers`` processes.
    """
    t0 = time.perf_counter()
    settings = get_settings()
    corpus = Path(corpus)
    db = Path(db) if db else settings.default_db(corpus)
    if not corpus.is_dir():
        raise BuildError(f"Corpus folder {corpus} does not exist or is not a folder.")
    report = BuildReport(db=db)
    with ExitStack() as stack:
        # a store to be built from scratch needs the model: the workers load it while this process reads
        # the corpus and checks the store, instead of after
        pool = _early_pool(stack, corpus, db, n_process or settings.n_process, scheduler or workers
                           or settings.scheduler)
        _build(corpus, db, report, progress, n_process, scheduler, workers, pool)
    report.seconds = time.perf_counter() - t0
    return report


def _build(corpus: Path, db: Path, report: BuildReport, progress: Progress | None, n_process: int | None,
           scheduler: str | None, workers: int | None, pool: ProcessPoolExecutor | None) -> None:
    settings = get_settings()
    loaded = list(load_corpus(corpus, settings.max_file_bytes))
    articles = [x for x in loaded if isinstance(x, Article)]
    report.rejections = [x for x in loaded if isinstance(x, Rejection)]
    report.articles = len(articles)
    alias_path = corpus / ALIAS_FILE
    alias_text = alias_path.read_text(encoding="utf-8", errors="replace") if alias_path.is_file() else ""

    with _build_lock(db):
        report.repaired = _set_aside_if_damaged(db)
        code = extractor_fingerprint()
        signature = _signature(articles, report.rejections, alias_text, code + derivation_fingerprint())
        if writer.stored_inputs(db) == signature:
            report.unchanged = len(articles)
            with writer.connect(db) as reader:
                report.counts = writer.table_counts(reader)
            return
        if not articles and not exists(db):
            raise BuildError(
                f"No usable article in {corpus}: "
                + ("; ".join(f"{r.file}: {r.reason}" for r in report.rejections) or "the folder is empty.")
            )

        stored_meta = writer.stored_meta(db)
        # a new extractor or schema rewrites every row: a fresh store, not an update of each one
        fresh = stored_meta.get("extractor") != code or stored_meta.get("schema_version") != SCHEMA_VERSION
        update = dict(articles=articles, signature=signature, code=code, alias_path=alias_path,
                      progress=progress, n_process=n_process, scheduler=scheduler, workers=workers, pool=pool)
        try:
            _update(db, report, fresh=fresh, **update)
        except Exception:
            # reading the stored rows failed: if the store turns out damaged, set it aside and rebuild
            check = check_store(db, trust_verified=False)
            if fresh or not check.damaged:
                raise
            report.repaired = _set_aside(db, check)
            _update(db, report, fresh=True, **update)
    report.counts = {"articles": report.articles, **report.counts}


def _early_pool(stack: ExitStack, corpus: Path, db: Path, n_process: int,
                distributed: object) -> ProcessPoolExecutor | None:
    """The extraction pool, started before ingestion when the build will surely need it: a store that
    does not exist yet, a corpus of more than one batch (a smaller one is extracted in this process) and
    local processes. Updates keep the late start: an unchanged corpus must not load the model."""
    if n_process <= 1 or distributed or exists(db):
        return None
    files = 0
    for _, _, names in os.walk(corpus):
        files += sum(1 for n in names if n.lower().endswith(ARTICLE_EXTENSIONS))
        if files > get_settings().batch_size:
            pool = stack.enter_context(_pool(n_process))
            for _ in range(n_process):  # one process per submission: all of them start loading now
                pool.submit(_ready)
            return pool
    return None


@contextmanager
def _pool(n_process: int) -> Iterator[ProcessPoolExecutor]:
    # spawn, not fork: the parent holds DuckDB's threads, which a fork must not copy
    context = multiprocessing.get_context("spawn")
    with script_main_hidden(), ProcessPoolExecutor(n_process, mp_context=context, initializer=_init_worker,
                                                   initargs=(os.getpid(),)) as pool:
        yield pool


def _ready() -> None:
    """A no-op task: submitting it starts a worker (which loads the model in its initializer)."""


def _set_aside_if_damaged(db: Path) -> str:
    """Check an existing store before trusting it (under the build lock, so two builds never both move
    it); a damaged one is moved aside, kept, and the build starts from scratch. Returns what happened.

    The quick check (catalogue, segment sizes and headers): reading every value of a large store before
    each update would cost what the store holds; damage further in surfaces when the update reads the
    stored rows, and ``build`` then checks deeply and repairs.
    """
    check = check_store(db, deep=False)
    return _set_aside(db, check) if check.damaged else ""


def _set_aside(db: Path, check: StoreCheck) -> str:
    moved = quarantine(db)
    return (f"The store {db.name} was damaged ({check.problem}); it was moved aside to {moved.name} and "
            "rebuilt from the corpus.")


def _update(db: Path, report: BuildReport, *, fresh: bool, articles: list[Article], signature: str, code: str,
            alias_path: Path, progress: Progress | None, n_process: int | None, scheduler: str | None,
            workers: int | None, pool: ProcessPoolExecutor | None = None) -> None:
    """One update of the store: extract what changed, derive, commit (or, ``fresh``, a new store)."""
    settings = get_settings()
    conn = writer.open_session(db, fresh=fresh)
    try:
        stored = writer.stored_hashes(conn)
        current = {a.id for a in articles}
        todo = [a for a in articles if stored.get(a.id) != a.content_hash]
        gone = [i for i in stored if i not in current]
        report.processed, report.removed = len(todo), len(gone)
        report.added = sum(1 for a in todo if a.id not in stored)
        report.unchanged = len(articles) - len(todo)
        writer.delete_articles(conn, gone)
        if todo:
            scheduler = scheduler or (None if workers else settings.scheduler)
            if scheduler or workers:
                from dateline.pipeline.distributed import extract_on_dask  # dask only when asked

                extract_on_dask(conn, conn.target, todo, settings.batch_size, progress,
                                scheduler=scheduler, workers=workers)
            else:
                _extract(conn, todo, settings.batch_size, n_process or settings.n_process, progress, pool)
            report.model_loaded = True
        # the model, extraction and derivation (spaCy, scikit-learn) load only when something changed
        from dateline.actors import load_alias_file
        from dateline.pipeline.corpus import derive

        writer.write_arrivals(conn, [a.id for a in todo], gone)
        writer.write_rejections(conn, report.rejections)
        report.counts = derive(conn, load_alias_file(alias_path))
        writer.write_build_meta(conn, inputs=signature, extractor=code)
        report.commit = conn.commit()
    finally:
        conn.close()


def _extract(
    conn: Connection,
    todo: list[Article],
    batch_size: int,
    n_process: int,
    progress: Progress | None,
    pool: ProcessPoolExecutor | None = None,
) -> None:
    """Run the model over changed articles in batches, committing each batch.

    With more than one batch and ``n_process`` > 1, each batch goes to a pool of processes that run
    model *and* extraction (so the per-article work is spread over the cores too, and only compact rows
    travel back); at most two batches per process are in flight, which bounds memory.
    """
    done = 0
    if progress:
        progress(0, len(todo))
    if pool is None and (n_process <= 1 or len(todo) <= batch_size):
        for batch in _batches(todo, batch_size):
            writer.replace_articles(conn, [a.id for a in batch], extract_tables(batch, batch_size))
            done += len(batch)
            if progress:
                progress(done, len(todo))
        return
    with ExitStack() as stack:
        pool = pool or stack.enter_context(_pool(n_process))
        pending: dict[Future, list[str]] = {}
        batches = iter(_batches(todo, batch_size))
        while True:
            while len(pending) < 2 * n_process:
                batch = next(batches, None)
                if batch is None:
                    break
                pending[pool.submit(extract_tables, batch, batch_size)] = [a.id for a in batch]
            if not pending:
                break
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                ids = pending.pop(future)
                writer.replace_articles(conn, ids, future.result())
                done += len(ids)
                if progress:
                    progress(done, len(todo))
