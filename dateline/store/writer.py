"""Writing the store: per-article rows, rejections and the build's meta rows (``derived``: the rest).

Everything goes through a ``WriteSession`` (``dateline.store.session``): one update of the store, written
into a new segment file and swapped in by ``commit`` (``dateline.store.layout`` says why). Rows go in as
Arrow tables (one bulk insert per table and batch), never row by row: DuckDB's ``executemany`` is orders
of magnitude slower for this.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from dateline.records import ArticleExtraction, Rejection
from dateline.store import layout
from dateline.store.schema import PER_ARTICLE_TABLES, SCHEMA_VERSION
from dateline.store.session import WriteSession

# One batch's rows for one table: Arrow in memory (a pool worker's result) or a Parquet file (a Dask shard).
TableRows = pa.Table | Path
COUNTED_TABLES = ("articles", "events", "statements", "actors")


def open_session(store: Path, fresh: bool = False) -> WriteSession:
    """Start an update of the store (a new one when there is none; ``fresh``: rewrite it whole)."""
    return WriteSession(Path(store), fresh=fresh)


def connect(path: Path, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the store's current state (the same views the query layer reads)."""
    if not read_only:
        raise ValueError("the store is written through open_session(), not a read-write connection")
    return layout.open_read(Path(path))[0]


def read_meta(conn: duckdb.DuckDBPyConnection | WriteSession, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def write_build_meta(session: WriteSession, inputs: str, extractor: str) -> None:
    """What the store was built from: the inputs' signature and the extraction code's fingerprint."""
    session.set_meta({"inputs": inputs, "extractor": extractor})


def stored_meta(db: Path) -> dict[str, str]:
    """The meta rows of an existing store (from its catalogue: no segment is opened), else {}."""
    try:
        return layout.read_catalogue(Path(db)).meta
    except (layout.StoreMissing, layout.StoreDamaged):
        return {}


def stored_inputs(db: Path) -> str | None:
    """The inputs' signature of an existing store of this schema version, else None (rebuild)."""
    meta = stored_meta(db)
    return meta.get("inputs") if meta.get("schema_version") == SCHEMA_VERSION else None


def table_counts(conn: duckdb.DuckDBPyConnection | WriteSession) -> dict[str, int]:
    """Rows per table the build reports (articles, events, statements, actors)."""
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED_TABLES}


def insert_rows(session: WriteSession, table: str, rows: Sequence[dict]) -> None:
    """Add dicts by column name (columns not given stay NULL); a row replaces stored rows with its key."""
    if rows:
        session.apply_delta(table, upserts=list(rows))


def stored_hashes(session: WriteSession) -> dict[str, str]:
    return dict(session.execute("SELECT id, content_hash FROM articles").fetchall())


def delete_articles(session: WriteSession, ids: Iterable[str]) -> None:
    session.delete_articles(ids)


def replace_articles(session: WriteSession, ids: Iterable[str], tables: Mapping[str, TableRows]) -> None:
    """Replace the rows of articles ``ids`` with ``tables``, in one transaction.

    The one insert path of a build: a local or pool batch arrives as Arrow tables, a Dask batch as
    Parquet shard files, which DuckDB reads straight from disk (never all in memory at once).
    """
    session.replace_articles(ids, tables)


def write_extractions(session: WriteSession, batch: Sequence[ArticleExtraction]) -> None:
    """Replace the per-article rows of every article in the batch."""
    rows = extraction_rows(batch)
    session.replace_articles([x.article.id for x in batch],
                             {t: pa.Table.from_pylist(r) for t, r in rows.items() if r})


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


def write_arrivals(session: WriteSession, ids: Sequence[str], gone: Iterable[str] = ()) -> None:
    """Articles ``ids`` (new or changed) entered the store now; ``gone`` left it. Unchanged articles keep
    their time."""
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = pa.table({"article_id": pa.array(list(ids), pa.string()),
                     "stored_at": pa.array([now] * len(ids), pa.timestamp("us"))})
    session.apply_delta("arrivals", rows if ids else None, deletes=list(gone))


def write_rejections(session: WriteSession, rejections: Sequence[Rejection]) -> None:
    """The build's rejections replace the stored ones."""
    session.replace_table("rejections", pa.Table.from_pylist(
        [{"file": r.file, "reason": r.reason, "fatal": r.fatal} for r in rejections],
        schema=pa.schema([("file", pa.string()), ("reason", pa.string()), ("fatal", pa.bool_())])))
