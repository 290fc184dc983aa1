"""One update of a store: reads see the store as it will be, writes go into one new segment file.

A build opens a ``WriteSession``, replaces the rows of changed articles, writes derived rows as a delta
(upserts and deletes by key, ``schema.KEYS``) or wholesale (diffed against the stored rows, so that only
what changed is written), and commits: the segment is flushed, compaction runs if due, and a new catalogue
is swapped in (``layout``). Until that swap nothing a reader sees has changed; a session that is closed
without committing, or killed, leaves only a file that the next build removes.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from dateline.store import compaction, layout
from dateline.store.layout import Catalogue, Segment, StoreDamaged, StoreMissing, ident, path_literal
from dateline.store.schema import KEYS, PER_ARTICLE_TABLES, SCHEMA_VERSION

# Rows for one table: Arrow in memory, a Parquet file (a Dask shard), or dicts by column name.
Rows = pa.Table | Path | Sequence[Mapping[str, Any]]
Key = Any  # one key value, or a tuple of values for a table with a composite key (schema.KEYS)
ARTICLE_TABLES = ("articles", *PER_ARTICLE_TABLES)
CLEAR_SHARE = 0.5  # a wholesale write that changes more than this share of a table's keys rewrites it whole


@dataclass
class CommitStats:
    """What one commit wrote: the new segment, compactions, the catalogue (bytes), and how long it took."""

    generation: int = 0
    segment_bytes: int = 0
    compacted_bytes: int = 0
    catalogue_bytes: int = 0
    merged: int = 0  # segments merged away by compaction
    segments: int = 0  # segments in the new catalogue
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def bytes_written(self) -> int:
        return self.segment_bytes + self.compacted_bytes + self.catalogue_bytes


class WriteSession:
    """A build's connection to the store: ``execute`` reads (old segments + this update), methods write."""

    def __init__(self, store: Path, fresh: bool = False):
        self.store = Path(store)
        self.target = self.store  # where the catalogue goes; differs while replacing a single-file store
        if self.store.is_file():  # an older Dateline's single-file store: rebuilt beside it, then swapped
            self.target = self.store.with_name(self.store.name + ".migrating")
            fresh = True
        elif self.store.with_name(self.store.name + ".migrating").exists():
            _remove(self.store.with_name(self.store.name + ".migrating"))
        self.store.with_name(self.store.name + ".old").unlink(missing_ok=True)
        self.target.mkdir(parents=True, exist_ok=True)
        try:
            current: Catalogue | None = layout.read_catalogue(self.target)
        except (StoreMissing, StoreDamaged):
            current = None  # none yet, or damaged: rebuilt whole
        self.old = None if fresh else current  # what this update builds on
        layout.remove_unreferenced(self.target, current)  # a killed build's leftovers (readers keep theirs)
        # A store's generation never repeats, even across rebuilds (the dashboard's caches are keyed on it):
        # the next number, or for a new store the time in milliseconds.
        self.generation = current.generation + 1 if current else int(time.time() * 1000)
        self.name = layout.new_segment_name(self.generation)
        self.scratch = self.target / f"tmp-{self.name[4:-7]}"
        self.conn = duckdb.connect(config={"temp_directory": str(self.scratch)})
        self.committed = False
        self._registered: list[str] = []
        self.cleared: set[str] = set()
        self._touched: set[str] = set()  # tables this session wrote: rows with a key it writes again go first
        self._written_articles: set[str] = set()
        try:
            self.attached = layout.attach(self.conn, self.target, self.old.segments if self.old else ())
        except StoreDamaged:
            self.conn.close()
            self.conn = duckdb.connect(config={"temp_directory": str(self.scratch)})
            self.old, self.attached = None, []
        # an update's segment is small: small blocks; a full build's is the new base: DuckDB's default
        block = f" (BLOCK_SIZE {layout.SMALL_BLOCK})" if self.attached else ""
        self.conn.execute(f"ATTACH '{path_literal(self.target / self.name)}' AS new{block}")
        self.conn.execute("USE new")
        self.conn.execute(layout.segment_ddl())
        self.conn.execute("USE memory")
        if self.attached:
            layout.create_views(self.conn, self.attached, schema="prior")  # the store before this update
        self._views()
        self._stored_articles: set[str] | None = None

    # -- reading ------------------------------------------------------------------------------------
    def execute(self, sql: str, params: Sequence[Any] | None = None) -> duckdb.DuckDBPyConnection:
        """Read the store as this update leaves it (views: writing through them fails)."""
        return self.conn.execute(sql, params or [])

    def _views(self, only: Iterable[str] | None = None) -> None:
        """Views over the old segments and this one (counted as holding rows and keys of every table)."""
        every = {t: 1 for t in layout.tables()}
        mine = Segment(self.name, 0, "", rows=every, gone=every, cleared=tuple(sorted(self.cleared)))
        layout.create_views(self.conn, [*self.attached, ("new", mine)], only=only)

    def _has_prior(self, table: str) -> bool:
        return any(s.rows.get(table, 0) > 0 for _, s in self.attached) and table not in self.cleared

    # -- per-article rows ---------------------------------------------------------------------------
    def stored_article_ids(self) -> set[str]:
        if self._stored_articles is None:
            self._stored_articles = {r[0] for r in self.conn.execute(
                "SELECT id FROM prior.articles").fetchall()} if self.attached else set()
        return self._stored_articles

    def delete_articles(self, ids: Iterable[str]) -> None:
        """Remove every row of these articles (their derived rows are the derivation's business)."""
        ids = list(ids)
        if ids:
            self._transaction(lambda: self._supersede_articles(ids))

    def replace_articles(self, ids: Iterable[str], tables: Mapping[str, Rows]) -> None:
        """Replace the rows of articles ``ids`` with ``tables`` (one batch, one transaction)."""
        ids = list(ids)

        def write() -> None:
            self._supersede_articles(ids)
            for name, rows in tables.items():
                self._insert(name, rows)
            self._written_articles.update(ids)

        try:
            self._transaction(write)
        finally:
            self._unregister()

    def _supersede_articles(self, ids: list[str]) -> None:
        again = [i for i in ids if i in self._written_articles]
        stored = [i for i in ids if i in self.stored_article_ids()]
        for table in ARTICLE_TABLES:
            key = KEYS[table][0]
            if again:
                self.conn.execute(f"DELETE FROM new.{ident(table)} WHERE {ident(key)} IN (SELECT unnest(?))", [again])
            if stored and self._has_prior(table):
                self.conn.execute(f"INSERT INTO new.{ident('_gone_' + table)} SELECT unnest(?)", [stored])

    # -- any table by key ---------------------------------------------------------------------------
    def apply_delta(self, table: str, upserts: Rows | None = None, deletes: Iterable[Key] = ()) -> int:
        """Upsert and delete rows of ``table`` by key: every stored row whose key an upserted row carries,
        or that ``deletes`` names, is replaced or removed (as a group). Returns the keys superseded."""
        keys = KEYS[table]
        deleted = [k if isinstance(k, tuple) else (k,) for k in deletes]
        if any(len(k) != len(keys) for k in deleted):
            raise ValueError(f"{table} is keyed by {keys}")
        cols = ", ".join(map(ident, keys))
        try:
            key_sets = []
            source = self._relation(table, upserts) if upserts is not None else None
            if source is not None:
                key_sets.append(f"SELECT DISTINCT {cols} FROM ({source})")
            if deleted:
                name = self._register(pa.table({k: pa.array([d[i] for d in deleted]) for i, k in enumerate(keys)}))
                casts = ", ".join(f"{ident(k)}::{self._type(table, k)} AS {ident(k)}" for k in keys)
                key_sets.append(f"SELECT DISTINCT {casts} FROM {name}")
            if not key_sets:
                return 0
            superseded = self._register(self.conn.sql(" UNION ".join(key_sets)).to_arrow_table())
            on = " AND ".join(f"t.{ident(k)} IS NOT DISTINCT FROM s.{ident(k)}" for k in keys)

            def write() -> None:
                if table in self._touched:
                    self.conn.execute(f"DELETE FROM new.{ident(table)} t USING {superseded} s WHERE {on}")
                    self.conn.execute(f"DELETE FROM new.{ident('_gone_' + table)} t USING {superseded} s WHERE {on}")
                if self._has_prior(table):
                    self.conn.execute(f"INSERT INTO new.{ident('_gone_' + table)} SELECT * FROM {superseded}")
                if source is not None:
                    self.conn.execute(f"INSERT INTO new.{ident(table)} {source}")
                self._touched.add(table)

            self._transaction(write)
            return self.conn.execute(f"SELECT count(*) FROM {superseded}").fetchall()[0][0]
        finally:
            self._unregister()

    def replace_table(self, table: str, rows: Rows) -> int:
        """Make ``rows`` the whole content of ``table``, writing only the difference to the stored rows:
        the keys whose rows changed, appeared or disappeared (or the whole table, when most of it
        changed). Returns the keys written."""
        if table in self._touched or table in self.cleared:
            self._reset(table)
        try:
            source = self._relation(table, rows)
            keys = ", ".join(map(ident, KEYS[table]))
            if not self._has_prior(table):
                self._clear_and_insert(table, source)
                return self.conn.execute(f"SELECT count(*) FROM (SELECT DISTINCT {keys} FROM ({source}))").fetchall()[0][0]
            staged = self._register(self.conn.sql(source).to_arrow_table())
            cols = ", ".join(ident(c) for c, _ in layout.tables()[table])
            prior = f"SELECT {cols} FROM prior.{ident(table)}"
            changed = self._register(self.conn.sql(
                f"""SELECT DISTINCT {keys} FROM (
                        (SELECT {cols} FROM {staged} EXCEPT ALL {prior})
                        UNION ALL ({prior} EXCEPT ALL SELECT {cols} FROM {staged}))""").to_arrow_table())
            n_changed = self.conn.execute(f"SELECT count(*) FROM {changed}").fetchall()[0][0]
            total = self.conn.execute(f"SELECT count(*) FROM (SELECT DISTINCT {keys} FROM {staged})").fetchall()[0][0]
            if n_changed > CLEAR_SHARE * max(total, 1):
                self._clear_and_insert(table, f"SELECT * FROM {staged}")
                return total
            if n_changed:
                on = " AND ".join(f"t.{ident(k)} IS NOT DISTINCT FROM c.{ident(k)}" for k in KEYS[table])

                def write() -> None:
                    self.conn.execute(f"INSERT INTO new.{ident('_gone_' + table)} SELECT * FROM {changed}")
                    self.conn.execute(f"INSERT INTO new.{ident(table)} SELECT t.* FROM {staged} t SEMI JOIN {changed} c ON {on}")
                    self._touched.add(table)

                self._transaction(write)
            return n_changed
        finally:
            self._unregister()

    def set_meta(self, values: Mapping[str, str | None]) -> None:
        """Set meta rows (a None value removes the key)."""
        up = [{"key": k, "value": v} for k, v in values.items() if v is not None]
        self.apply_delta("meta", up or None, [k for k, v in values.items() if v is None])

    def _clear_and_insert(self, table: str, source: str) -> None:
        def write() -> None:
            self.conn.execute(f"INSERT INTO new.{ident(table)} {source}")
            self._touched.add(table)

        self._transaction(write)
        if self.attached and table not in self.cleared:
            self.cleared.add(table)
            self._views(only=[table])

    def _reset(self, table: str) -> None:
        """Forget what this session wrote to ``table`` (a wholesale write follows)."""
        self.conn.execute(f"DELETE FROM new.{ident(table)}")
        self.conn.execute(f"DELETE FROM new.{ident('_gone_' + table)}")
        self._touched.discard(table)
        if table in self.cleared:
            self.cleared.discard(table)
            self._views(only=[table])

    def _type(self, table: str, column: str) -> str:
        return dict(layout.tables()[table])[column]

    def _relation(self, table: str, rows: Rows) -> str:
        """SQL selecting ``rows`` as the table's columns and types (missing columns NULL)."""
        cols = layout.tables()[table]
        if isinstance(rows, Path):
            src = f"read_parquet('{path_literal(rows)}')"
            names = set(self.conn.sql(f"SELECT * FROM {src} LIMIT 0").columns)
        elif not isinstance(rows, pa.Table) and not rows:  # no rows (and so no columns to read)
            return "SELECT " + ", ".join(f"NULL::{t} AS {ident(c)}" for c, t in cols) + " WHERE false"
        else:
            arrow = rows if isinstance(rows, pa.Table) else pa.Table.from_pylist(list(rows))
            src, names = self._register(arrow), set(arrow.column_names)
        unknown = names - {c for c, _ in cols}
        if unknown:
            raise ValueError(f"{table} has no column(s) {sorted(unknown)}")
        select = ", ".join(f"{ident(c)}::{t} AS {ident(c)}" if c in names else f"NULL::{t} AS {ident(c)}"
                           for c, t in cols)
        return f"SELECT {select} FROM {src}"

    def _register(self, arrow: pa.Table) -> str:
        """Make an Arrow table scannable by name (until ``_unregister``)."""
        name = f"_rows_{len(self._registered)}"
        self.conn.register(name, arrow)
        self._registered.append(name)
        return name

    def _unregister(self) -> None:
        for name in self._registered:
            self.conn.unregister(name)
        self._registered = []

    def _insert(self, table: str, rows: Rows) -> None:
        self.conn.execute(f"INSERT INTO new.{ident(table)} {self._relation(table, rows)}")
        self._touched.add(table)

    def _transaction(self, block: Callable[[], None]) -> None:
        """Run ``block``'s writes (all into the new segment) in one transaction."""
        self.conn.execute("BEGIN")
        try:
            block()
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- finishing ----------------------------------------------------------------------------------
    def commit(self) -> CommitStats:
        """Flush the segment, compact if due, swap in the new catalogue and remove what it no longer names."""
        t0 = time.perf_counter()
        self.set_meta({"schema_version": SCHEMA_VERSION})
        meta = dict(self.conn.execute("SELECT key, value FROM meta").fetchall())
        rows = {t: self.conn.execute(f"SELECT count(*) FROM new.{ident(t)}").fetchall()[0][0] for t in layout.tables()}
        gone = {t: self.conn.execute(f"SELECT count(*) FROM new.{ident('_gone_' + t)}").fetchall()[0][0]
                for t in layout.tables()}
        self.conn.execute("CHECKPOINT new")
        self.conn.execute("DETACH new")
        path = self.target / self.name
        _fsync(path)
        st = path.stat()
        mine = Segment(self.name, st.st_size, layout.file_digest(path), st.st_mtime_ns,
                       rows={t: n for t, n in rows.items() if n}, gone={t: n for t, n in gone.items() if n},
                       cleared=tuple(sorted(self.cleared)))
        stats = CommitStats(generation=self.generation, segment_bytes=mine.bytes,
                            rows={t: n for t, n in rows.items() if n})
        self.conn.close()
        segments = compaction.drop_hidden([*(s for _, s in self.attached), mine])
        segments, stats.compacted_bytes, stats.merged = compaction.compact(self.target, segments, self.generation)
        catalogue = Catalogue(generation=self.generation, segments=tuple(segments), meta=meta)
        stats.catalogue_bytes = layout.write_catalogue(self.target, catalogue)
        self.committed = True
        if self.target != self.store:  # replacing a single-file store: two renames, then it is gone
            old = self.store.with_name(self.store.name + ".old")
            os.replace(self.store, old)
            os.replace(self.target, self.store)
            old.unlink()
        layout.remove_unreferenced(self.store, catalogue)
        stats.segments = len(segments)
        stats.seconds = time.perf_counter() - t0
        return stats

    def close(self) -> None:
        """End the session; without a commit its segment is removed and the store stays as it was."""
        if not self.committed:
            try:
                self.conn.close()
            finally:
                for p in (self.target / self.name, self.target / (self.name + ".wal"), self.scratch):
                    _remove(p)
        _remove(self.scratch)

    def __enter__(self) -> WriteSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()



def _fsync(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
