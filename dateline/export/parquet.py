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

from dateline.store.dataset import copy_to_parquet
from dateline.store.query import StoreReader


def write_parquet_dataset(reader: StoreReader, folder: Path) -> list[Path]:
    """Write one ``<table>.parquet`` per exported table into ``folder``; return the files."""
    folder.mkdir(parents=True, exist_ok=True)
    return copy_to_parquet(reader.path, folder)


def export_parquet(reader: StoreReader) -> bytes:
    """The dataset as one zip archive (for a download button or standard output)."""
    with tempfile.TemporaryDirectory(prefix="dateline-parquet-") as tmp:
        files = write_parquet_dataset(reader, Path(tmp))
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:  # parquet is compressed already
            for path in files:
                zf.write(path, path.name)
        return buf.getvalue()

