"""The store as a Parquet dataset, for downstream tools (pandas, Polars, Spark, DuckDB, Arrow).

One file per table in a folder: ``articles``, ``timexes``, ``actors``, ``statements``, ``events`` and
``event_mentions`` (the reports grouped into each event, joined by ``event_id``). Always the whole store,
like the JSON contract; columns are the store's, so ids join across files. DuckDB writes the files
straight from the store (no pandas round trip), so a large store exports in seconds.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import duckdb

from dateline.store.query import StoreReader

# table -> ORDER BY (stable files: the same store gives the same rows in the same order)
TABLES = {
    "articles": "id",
    "timexes": "article_id, char_start, id",
    "actors": "id",
    "statements": "article_id, char_start, id",
    "events": "start NULLS LAST, id",
    "event_mentions": "event_id, article_id, char_start",
}


def write_parquet_dataset(reader: StoreReader, folder: Path) -> list[Path]:
    """Write one ``<table>.parquet`` per exported table into ``folder``; return the files."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    with duckdb.connect(str(reader.path), read_only=True) as conn:
        for table, order in TABLES.items():
            path = folder / f"{table}.parquet"
            tmp = path.with_name(path.name + ".part")
            conn.execute(f"COPY (SELECT * FROM {table} ORDER BY {order}) TO '{_quote(tmp)}' "
                         "(FORMAT parquet, COMPRESSION zstd)")
            tmp.replace(path)
            out.append(path)
    return out


def export_parquet(reader: StoreReader) -> bytes:
    """The dataset as one zip archive (for a download button or standard output)."""
    with tempfile.TemporaryDirectory(prefix="dateline-parquet-") as tmp:
        files = write_parquet_dataset(reader, Path(tmp))
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:  # parquet is compressed already
            for path in files:
                zf.write(path, path.name)
        return buf.getvalue()


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")
