"""Writing the DuckDB store: schema, per-article rows and the build's meta rows (``derived``: the rest).

Rows go in as Arrow tables (one bulk insert per table and batch), never row by row: DuckDB's
``executemany`` is orders of magnitude slower for this.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa

from dateline.records import ArticleExtraction, Rejection
from dateline.store.schema import DDL, PER_ARTICLE_TABLES, SCHEMA_VERSION

Connection = duckdb.DuckDBPyConnection  # for type hints outside the store, which never imports duckdb
# One batch's rows for one table: Arrow in memory (a pool worker's result) or a Parquet file (a Dask shard).
TableRows = pa.Table | Path
COUNTED_TABLES = ("articles", "events", "statements", "actors")


def connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the store; a writable connection creates the schema if needed."""
    if read_only:
        return duckdb.connect(str(path), read_only=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = duckdb.connect(str(path))
    conn.execute(DDL)
    conn.execute(
        "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION]
    )
    return conn


def schema_version(conn: duckdb.DuckDBPyConnection) -> str | None:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except duckdb.Error:
        return None
    return row[0] if row else None


@contextmanager
def transaction(conn: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN … COMMIT around the block; an exception leaves the transaction open for ``close`` to drop."""
    conn.execute("BEGIN")
    yield conn
    conn.execute("COMMIT")


def checkpoint(conn: duckdb.DuckDBPyConnection) -> None:
    """Write the WAL into the file, so the finished store is one file to rename."""
    conn.execute("CHECKPOINT")


def read_meta(conn: duckdb.DuckDBPyConnection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def write_build_meta(conn: duckdb.DuckDBPyConnection, inputs: str, extractor: str) -> None:
    """What the store was built from: the inputs' signature and the extraction code's fingerprint."""
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('inputs', ?), ('extractor', ?)", [inputs, extractor])


def stored_inputs(db: Path) -> str | None:
    """The inputs' signature of an existing store of this schema version, else None (rebuild)."""
    if not db.exists():
        return None
    try:
        with duckdb.connect(str(db), read_only=True) as conn:
            if schema_version(conn) != SCHEMA_VERSION:
                return None
            return read_meta(conn, "inputs")
    except duckdb.Error:
        return None


def table_counts(conn: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per table the build reports (articles, events, statements, actors)."""
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED_TABLES}


def insert_rows(conn: duckdb.DuckDBPyConnection, table: str, rows: Sequence[dict]) -> None:
    """Bulk-insert dicts by column name (columns not given stay NULL)."""
    if not rows:
        return
    arrow = pa.Table.from_pylist(list(rows))  # noqa: F841 - read by DuckDB's replacement scan
    conn.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM arrow')


def stored_hashes(conn: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(conn.execute("SELECT id, content_hash FROM articles").fetchall())


def delete_articles(conn: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> None:
    ids = list(ids)
    if not ids:
        return
    for table in PER_ARTICLE_TABLES:
        conn.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?))", [ids])
    conn.execute("DELETE FROM articles WHERE id IN (SELECT unnest(?))", [ids])


def replace_articles(conn: duckdb.DuckDBPyConnection, ids: Iterable[str],
                     tables: Mapping[str, TableRows]) -> None:
    """Replace the rows of articles ``ids`` with ``tables``, in one transaction.

    The one insert path of a build: a local or pool batch arrives as Arrow tables, a Dask batch as
    Parquet shard files, which DuckDB reads straight from disk (never all in memory at once).
    """
    with transaction(conn):
        delete_articles(conn, ids)
        for name, rows in tables.items():
            source = conn.read_parquet(str(rows)) if isinstance(rows, Path) else rows  # noqa: F841
            conn.execute(f'INSERT INTO "{name}" BY NAME SELECT * FROM source')  # a replacement scan


def write_extractions(conn: duckdb.DuckDBPyConnection, batch: Sequence[ArticleExtraction]) -> None:
    """Replace the per-article rows of every article in the batch."""
    delete_articles(conn, [x.article.id for x in batch])
    for table, table_rows in extraction_rows(batch).items():
        insert_rows(conn, table, table_rows)


def extraction_rows(batch: Sequence[ArticleExtraction]) -> dict[str, list[dict]]:
    """The store rows of a batch per table: built where the batch was extracted (a worker process or a
    Dask worker), so the process that owns the store only inserts."""
    rows: dict[str, list[dict]] = {name: [] for name in ("articles", *PER_ARTICLE_TABLES)}
    for x in batch:
        a = x.article
        rows["articles"].append({
            "id": a.id, "file": a.file, "title": a.title, "outlet": a.outlet, "author": a.author,
            "url": a.url, "published": a.published, "published_basis": a.published_basis,
            "text": a.text, "content_hash": a.content_hash, "word_count": len(a.text.split()),
        })
        rows["sentences"] += [
            {"article_id": a.id, "idx": s.index, "char_start": s.char_start, "char_end": s.char_end,
             "text": s.text}
            for s in x.sentences
        ]
        rows["timexes"] += [
            {"id": f"{a.id}-t{i}", "article_id": a.id, "text": t.text, "char_start": t.char_start,
             "char_end": t.char_end, "start": t.start, "end": t.end, "granularity": t.granularity,
             "basis": t.basis, "note": t.note}
            for i, t in enumerate(x.timexes)
        ]
        rows["mentions"] += [
            {"article_id": a.id, "char_start": m.char_start, "char_end": m.char_end, "text": m.text,
             "label": m.label, "type": m.type, "key": m.key, "role": m.role}
            for m in x.mentions
        ]
        for s in x.statements:
            m = s.match
            rows["statement_matches"].append({
                "id": s.id, "article_id": a.id, "text": m.text, "char_start": m.char_start,
                "char_end": m.char_end, "direct": m.direct, "speaker_text": m.speaker_text,
                "speaker_start": m.speaker_start, "speaker_end": m.speaker_end, "cue": m.cue,
                "speaker_key": s.speaker_key, "speaker_type": s.speaker_type,
                "said_text": s.said.text if s.said else None,
                "said_start": s.said_start, "said_end": s.said_end,
                "said_granularity": s.said.granularity if s.said else ("day" if s.said_start else None),
                "said_basis": s.said_basis, "sentence": s.sentence.text,
                "sentence_start": s.sentence.char_start, "sentence_end": s.sentence.char_end,
            })
        rows["event_candidates"] += [
            {"id": c.id, "article_id": c.article_id, "char_start": c.char_start, "char_end": c.char_end,
             "sentence": c.sentence, "date_text": c.date_text, "start": c.start, "end": c.end,
             "granularity": c.granularity, "kind": c.kind, "predicate": c.predicate,
             "actor_keys": list(c.actor_keys), "date_basis": c.date_basis, "clause": c.clause,
             "agent_key": c.agent_key}
            for c in x.event_candidates
        ]
    return rows


def write_rejections(conn: duckdb.DuckDBPyConnection, rejections: Sequence[Rejection]) -> None:
    conn.execute("DELETE FROM rejections")
    insert_rows(conn, "rejections", [
        {"file": r.file, "reason": r.reason, "fatal": r.fatal} for r in rejections
    ])
