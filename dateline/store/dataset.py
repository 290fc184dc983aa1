"""The store's tables written as Parquet files, straight from DuckDB (no pandas round trip)."""

from __future__ import annotations

from pathlib import Path

from dateline.store import layout

# table -> ORDER BY (stable files: the same store gives the same rows in the same order)
TABLES = {
    "articles": "id",
    "timexes": "article_id, char_start, id",
    "actors": "id",
    "statements": "article_id, char_start, id",
    "events": "start NULLS LAST, id",
    "event_mentions": "event_id, article_id, char_start",
    "key_dates": "rank",
}


def copy_to_parquet(db: Path, folder: Path) -> list[Path]:
    """Write one ``<table>.parquet`` per table in ``TABLES`` into ``folder``; return the files.

    Each file is written beside its final name and renamed, so a reader never sees half a file.
    """
    out = []
    conn, _ = layout.open_read(db)
    with conn:
        for table, order in TABLES.items():
            path = folder / f"{table}.parquet"
            tmp = path.with_name(path.name + ".part")
            conn.execute(f"COPY (SELECT * FROM {table} ORDER BY {order}) TO '{_quote(tmp)}' "
                         "(FORMAT parquet, COMPRESSION zstd)")
            tmp.replace(path)
            out.append(path)
    return out


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")
