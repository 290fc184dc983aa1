"""Large stores without the model: a built store's rows replicated under new ids (a benchmark helper).

``replicate_file(SOURCE, OUT, copies)`` writes a single-file DuckDB store of the layout before issue #15
(one file, the schema's tables with their primary keys) holding ``copies`` copies of every row of SOURCE,
each copy's ids prefixed ``r000-``, ``r001-``… (articles, files, the ids that embed an article id, actors,
events and every column that points at them), so the copies are distinct articles, actors and events,
and so are its long texts (article texts and titles, sentences, quotes), so that the copies do not
compress into each other: character offsets then point a few characters off, which no store
measurement reads.
``file_to_store(FILE, STORE)`` turns such a file into a store of today's layout with the same rows (one
base segment, written through the ordinary write session from Parquet files, as a Dask build's shards).
SOURCE is either: a store folder, or a single-file store of the old layout (e.g. /work/notes/t17.duckdb).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb

from dateline.store import layout, open_session
from dateline.store.derived import apply_derived_delta
from dateline.store.schema import DDL, DERIVED_TABLES, PER_ARTICLE_TABLES

# Columns to prefix per copy: "s" an id, "l" a list of ids, "t" a text (the long ones: so that copies
# do not compress into each other, which would make the replicated store unrealistically small).
RENAME: dict[str, dict[str, str]] = {
    "articles": {"id": "s", "file": "s", "title": "t", "text": "t"},
    "sentences": {"article_id": "s", "text": "t"},
    "timexes": {"id": "s", "article_id": "s"},
    "mentions": {"article_id": "s"},
    "statement_matches": {"id": "s", "article_id": "s", "text": "t", "sentence": "t"},
    "event_candidates": {"id": "s", "article_id": "s", "sentence": "t"},
    "actors": {"id": "s"},
    "actor_keys": {"article_id": "s", "actor_id": "s"},
    "statements": {"id": "s", "article_id": "s", "speaker_id": "s", "text": "t", "sentence": "t"},
    "events": {"id": "s", "actor_ids": "l", "title": "t"},
    "event_mentions": {"event_id": "s", "article_id": "s", "actor_ids": "l", "agent_id": "s", "sentence": "t"},
}
ROW_TABLES = ("articles", *PER_ARTICLE_TABLES, *DERIVED_TABLES)


def open_source(source: Path) -> duckdb.DuckDBPyConnection:
    """A read connection with the source's tables under their names (store folder or single file)."""
    source = Path(source)
    if source.is_dir():
        return layout.open_read(source)[0]
    return duckdb.connect(str(source), read_only=True)


def renamed(table: str, prefix: str, alias: str = "t", extra: str = "") -> str:
    """The SELECT list of ``table`` with its id columns prefixed by the SQL expression ``prefix`` (and the
    further replacements ``extra``, "expr AS column, ...")."""
    parts = [f"list_transform({alias}.\"{c}\", lambda x: {prefix} || x) AS \"{c}\"" if kind == "l"
             else f"{prefix} || {alias}.\"{c}\" AS \"{c}\""
             for c, kind in RENAME.get(table, {}).items()] + ([extra] if extra else [])
    return f"{alias}.* REPLACE ({', '.join(parts)})" if parts else f"{alias}.*"


def replicate_file(source: Path, out: Path, copies: int) -> Path:
    """``copies`` copies of every row of ``source`` in one single-file store ``out`` (old layout)."""
    part_file = out.with_name(out.name + ".part")  # renamed when complete: a half-made file is never reused
    part_file.unlink(missing_ok=True)
    src = open_source(source)
    try:
        with tempfile.TemporaryDirectory(prefix="replicate-") as tmp:
            conn = duckdb.connect(str(part_file))
            conn.execute(DDL)
            for table in ROW_TABLES:
                part = Path(tmp) / f"{table}.parquet"  # the source read once, written once per copy
                src.execute(f"COPY (SELECT * FROM \"{table}\") TO '{part}' (FORMAT parquet)")
                prefix = "('r' || lpad(k::VARCHAR, 3, '0') || '-')"
                conn.execute(f"""INSERT INTO "{table}" BY NAME
                                 SELECT {renamed(table, prefix)} FROM range({int(copies)}) r(k),
                                        read_parquet('{part}') t ORDER BY k""")
            meta = src.execute("SELECT key, value FROM meta").fetchall()
            conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta)
            conn.execute("CHECKPOINT")
            conn.close()
    finally:
        src.close()
    part_file.replace(out)
    return out


def file_to_store(single: Path, store: Path) -> Path:
    """The single-file store ``single`` as a store of today's layout at ``store`` (one base segment)."""
    src = duckdb.connect(str(single), read_only=True)
    with tempfile.TemporaryDirectory(prefix="to-store-") as tmp:
        files = {}
        for table in (*ROW_TABLES, "rejections"):
            files[table] = Path(tmp) / f"{table}.parquet"
            src.execute(f"COPY (SELECT * FROM \"{table}\") TO '{files[table]}' (FORMAT parquet)")
        ids = [r[0] for r in src.execute("SELECT id FROM articles").fetchall()]
        meta = dict(src.execute("SELECT key, value FROM meta").fetchall())
        src.close()
        with open_session(store, fresh=True) as session:
            session.replace_articles(ids, {t: files[t] for t in ("articles", *PER_ARTICLE_TABLES)})
            apply_derived_delta(session, upserts={t: files[t] for t in DERIVED_TABLES})
            session.replace_table("rejections", files["rejections"])
            session.set_meta(meta)
            session.commit()
    return store
