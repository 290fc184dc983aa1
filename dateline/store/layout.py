"""The store on disk: a folder of immutable DuckDB segment files and a catalogue that names them.

    STORE/catalogue.json         the segments that make up the store (oldest first), with their sizes,
                                 checksums and row counts, the build's meta rows and a generation number
    STORE/seg-000007-3f9a1c.duckdb  one file per update (or per compaction), never changed once listed

Why (issue #15): an update used to copy the whole store file, write into the copy and rename it over the
old one, because DuckDB allows one read-write process *or* many read-only ones per file, and the dashboard
reads while a build writes. Now an update writes only its own rows into a new segment file and swaps in a
new catalogue with ``os.replace``: readers that opened the old catalogue keep reading its files (never
modified, and open files outlive their removal), new readers get the new one, and a build killed at any
moment leaves the old catalogue, which names only complete files. DuckDB segments rather than Parquet
ones: the dashboard's queries over attached DuckDB files measured within noise of the single file, and up
to twice as fast as over Parquet; a Dask build's Parquet shards are written into a segment like a local
batch, so a store built on a cluster has this same layout, only bigger.

A reader opens an in-memory DuckDB that ATTACHes every listed segment READ_ONLY and defines one view per
table under the usual name, so the query layer's SQL does not know about segments. A newer segment
supersedes older rows by key (``schema.KEYS``): its ``_gone_<table>`` rows name the keys it replaced or
deleted, and a segment that rewrote a table whole ("cleared" it) hides all older rows of that table.
``dateline.store.session`` writes segments; ``dateline.store.compaction`` merges them now and then.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import duckdb

from dateline.store.schema import DDL, KEYS

LAYOUT_VERSION = 1
CATALOGUE = "catalogue.json"
SEGMENT_RE = re.compile(r"seg-\d{6,}-[0-9a-f]{6}\.duckdb(\.wal)?$")
SCRATCH_RE = re.compile(r"(catalogue\.json\.\w+\.tmp|shards-\w+|tmp-\w+)$")  # a writer's scratch files
SMALL_BLOCK = 16 * 1024  # DuckDB's smallest block: a 10-article update is ~0.3 MB, not 2 MB of 256 KB blocks
OPEN_ATTEMPTS = 5


class StoreMissing(FileNotFoundError):
    """No store at the path yet (or one of an older layout): build it."""


class StoreUnreadable(RuntimeError):
    """The store could not be read (damaged, cut short, not a store): rebuild it."""


class StoreDamaged(StoreUnreadable):
    """The catalogue or a segment it names is unreadable, truncated or not what was written."""


@dataclass(frozen=True)
class Segment:
    """One segment file as the catalogue records it."""

    name: str
    bytes: int
    digest: str  # blake2b of the file: a deep check compares it
    mtime_ns: int = 0  # when it was written: a quick check compares it (a later write changes it)
    rows: dict[str, int] = field(default_factory=dict)  # rows per table (absent: 0)
    gone: dict[str, int] = field(default_factory=dict)  # superseded keys per table
    cleared: tuple[str, ...] = ()  # tables rewritten whole: every older row of them is hidden

    def to_json(self) -> dict:
        return {"name": self.name, "bytes": self.bytes, "digest": self.digest, "mtime_ns": self.mtime_ns,
                "rows": self.rows,
                "gone": self.gone, "cleared": list(self.cleared)}

    @classmethod
    def from_json(cls, d: dict) -> Segment:
        return cls(name=str(d["name"]), bytes=int(d["bytes"]), digest=str(d["digest"]),
                   mtime_ns=int(d.get("mtime_ns", 0)),
                   rows={str(k): int(v) for k, v in d["rows"].items()},
                   gone={str(k): int(v) for k, v in d["gone"].items()},
                   cleared=tuple(str(t) for t in d["cleared"]))


@dataclass(frozen=True)
class Catalogue:
    generation: int
    segments: tuple[Segment, ...]
    meta: dict[str, str] = field(default_factory=dict)  # the store's meta rows (schema, inputs, extractor)


@cache
def tables() -> dict[str, list[tuple[str, str]]]:
    """Every table of the schema with its (column, type) pairs, in DDL order."""
    with duckdb.connect() as conn:
        conn.execute(DDL)
        rows = conn.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "ORDER BY table_name, ordinal_position").fetchall()
    out: dict[str, list[tuple[str, str]]] = {}
    for table, column, typ in rows:
        out.setdefault(table, []).append((column, typ))
    missing = set(out) - set(KEYS)
    if missing:
        raise RuntimeError(f"schema.KEYS has no key for table(s) {sorted(missing)}")
    return out


def segment_ddl() -> str:
    """The schema as a segment holds it: no primary keys (uniqueness is the writer's job, and an index per
    segment is pure weight), plus one ``_gone_<table>`` of superseded keys per table."""
    cols = tables()
    gone = [
        f'CREATE TABLE IF NOT EXISTS "_gone_{t}" ('
        + ", ".join(f'"{c}" {dict(cols[t])[c]}' for c in KEYS[t]) + ");"
        for t in cols
    ]
    return DDL.replace(" PRIMARY KEY", "") + "\n".join(gone)


# -- the catalogue --------------------------------------------------------------------------------------
def catalogue_path(store: Path) -> Path:
    return Path(store) / CATALOGUE


def exists(store: Path) -> bool:
    """A store (of this layout) is there: its folder holds a catalogue."""
    return catalogue_path(store).is_file()


def _checksum(body: dict) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def read_catalogue(store: Path) -> Catalogue:
    """The store's current catalogue; StoreMissing when there is none, StoreDamaged when it is unreadable."""
    store = Path(store)
    if store.is_file():
        raise StoreMissing(f"{store.name} is a single-file store of an older Dateline: run "
                           "`python -m dateline build` to rebuild it as a store folder.")
    try:
        text = catalogue_path(store).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise StoreMissing(f"No store at {store.name}: run `python -m dateline build`.") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreDamaged(f"The catalogue of {store.name} is unreadable: {exc.__class__.__name__}") from exc
    try:
        doc = json.loads(text)
        body, digest = doc["catalogue"], doc["sha256"]
        if digest != _checksum(body):
            raise ValueError("checksum mismatch")
        if body["layout"] != LAYOUT_VERSION:
            raise StoreMissing(f"{store.name} has store layout {body['layout']}, this Dateline reads "
                               f"{LAYOUT_VERSION}: run `python -m dateline build` to rebuild it.")
        segments = tuple(Segment.from_json(s) for s in body["segments"])
        if not segments:
            raise ValueError("no segment")
        return Catalogue(generation=int(body["generation"]), segments=segments,
                         meta={str(k): str(v) for k, v in body["meta"].items()})
    except StoreMissing:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise StoreDamaged(f"The catalogue of {store.name} is damaged ({exc}).") from exc


def write_catalogue(store: Path, catalogue: Catalogue) -> int:
    """Swap in ``catalogue`` atomically (written beside, flushed to disk, renamed, folder flushed).

    Returns the bytes written. Before the rename the old catalogue is the store; after it, the new one.
    """
    body = {"layout": LAYOUT_VERSION, "generation": catalogue.generation,
            "segments": [s.to_json() for s in catalogue.segments], "meta": catalogue.meta}
    data = json.dumps({"catalogue": body, "sha256": _checksum(body)}, indent=1).encode()
    tmp = Path(store) / f"{CATALOGUE}.{secrets.token_hex(3)}.tmp"
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, catalogue_path(store))
    fsync_folder(store)
    return len(data)


def fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def store_version(store: Path) -> int:
    """The catalogue's generation (0: no readable store): changes with every update, for cache keys."""
    try:
        return read_catalogue(store).generation
    except (StoreMissing, StoreDamaged):
        return 0


def new_segment_name(generation: int) -> str:
    return f"seg-{generation:06d}-{secrets.token_hex(3)}.duckdb"


def file_digest(path: Path) -> str:
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def remove_unreferenced(store: Path, catalogue: Catalogue | None) -> None:
    """Delete segment and scratch files the catalogue does not name (a killed build's, merged segments).

    Only the build (holding the store's lock) calls this; a reader still using a removed segment keeps
    reading it through its open file.
    """
    keep = {s.name for s in catalogue.segments} if catalogue else set()
    for path in Path(store).iterdir():
        if path.name in keep:
            continue
        if SEGMENT_RE.match(path.name) or SCRATCH_RE.match(path.name):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


# -- views over segments -------------------------------------------------------------------------------
def ident(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def visible_sql(table: str, segments: Sequence[tuple[str, Segment]]) -> str:
    """SELECT of the rows of ``table`` that the segments (alias, segment; oldest first) leave visible.

    Segments older than the last one that cleared the table are skipped, and so are empty parts; each
    remaining part hides the keys that a later segment superseded.
    """
    start = max((i for i, (_, s) in enumerate(segments) if table in s.cleared), default=0)
    live = list(segments[start:])
    keys = KEYS[table]
    parts = []
    for i, (alias, seg) in enumerate(live):
        if seg.rows.get(table, 0) <= 0:
            continue
        src = f"{alias}.{ident(table)}"
        later = [f"SELECT {', '.join(map(ident, keys))} FROM {a}.{ident('_gone_' + table)}"
                 for a, s in live[i + 1:] if s.gone.get(table, 0) > 0]
        if not later:
            parts.append(f"SELECT * FROM {src}")
            continue
        on = " AND ".join(f"t.{ident(k)} IS NOT DISTINCT FROM g.{ident(k)}" for k in keys)
        parts.append(f"SELECT t.* FROM {src} t ANTI JOIN ({' UNION ALL '.join(later)}) g ON {on}")
    if not parts:
        return f"SELECT * FROM {segments[-1][0]}.{ident(table)} WHERE false"
    return " UNION ALL ".join(parts)


def attach(conn: duckdb.DuckDBPyConnection, store: Path, segments: Iterable[Segment],
           prefix: str = "seg") -> list[tuple[str, Segment]]:
    """ATTACH each segment READ_ONLY (after checking its size) as ``<prefix><n>``; returns (alias, segment)."""
    out = []
    for n, seg in enumerate(segments):
        path = Path(store) / seg.name
        where = f"Segment {seg.name} of the store {Path(store).name}"
        try:
            size = path.stat().st_size
        except FileNotFoundError as exc:
            raise StoreDamaged(f"{where} is missing.") from exc
        if size != seg.bytes:
            raise StoreDamaged(f"{where} is cut short or overwritten: {size:,} bytes, {seg.bytes:,} were written.")
        alias = f"{prefix}{n}"
        try:
            conn.execute(f"ATTACH '{path_literal(path)}' AS {alias} (READ_ONLY)")
        except duckdb.Error as exc:
            raise StoreDamaged(f"{where} is not a readable DuckDB file "
                               f"({str(exc).splitlines()[0].replace(str(path), seg.name)}).") from exc
        out.append((alias, seg))
    return out


def create_views(conn: duckdb.DuckDBPyConnection, segments: Sequence[tuple[str, Segment]],
                 schema: str = "main", only: Iterable[str] | None = None) -> None:
    """One view per table of the schema (or of ``only``), under its usual name, in ``schema`` of the
    connection's in-memory database."""
    if schema != "main":
        conn.execute(f"CREATE SCHEMA IF NOT EXISTS memory.{schema}")
    for table in only if only is not None else tables():
        conn.execute(f"CREATE OR REPLACE VIEW memory.{schema}.{ident(table)} AS {visible_sql(table, segments)}")


def path_literal(path: Path) -> str:
    """A path inside a single-quoted SQL string."""
    return str(path).replace("'", "''")


def open_read(store: Path) -> tuple[duckdb.DuckDBPyConnection, Catalogue]:
    """A read-only view of the store's current generation: an in-memory DuckDB, its segments attached.

    A build may swap in a new catalogue and remove the old one's merged segments between our reading the
    catalogue and attaching its files: then the catalogue has moved on and we open the new one. A segment
    that is missing or broken while its catalogue stays current is damage.
    """
    store = Path(store)
    for _ in range(OPEN_ATTEMPTS):
        catalogue = read_catalogue(store)
        conn = duckdb.connect()
        try:
            create_views(conn, attach(conn, store, catalogue.segments))
            return conn, catalogue
        except (StoreDamaged, duckdb.Error) as exc:
            conn.close()
            if read_catalogue(store).generation == catalogue.generation:
                if isinstance(exc, StoreDamaged):
                    raise
                raise StoreDamaged(f"The store {store.name} is unreadable: "
                                   f"{str(exc).splitlines()[0].replace(str(store), store.name)}") from exc
    raise StoreDamaged(f"The store {store.name} changed {OPEN_ATTEMPTS} times while being opened.")
