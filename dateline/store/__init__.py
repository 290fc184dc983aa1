"""The DuckDB store: every SQL statement of Dateline lives in this package.

``layout`` (the store on disk: a folder of segment files and the catalogue naming them, and why),
``session`` (one update, written into a new segment), ``compaction`` (merging segments), ``schema``,
``writer`` and ``derived`` (the build side), ``extracted`` (stored rows read back for derivation),
``query`` (the one query layer the UI and the exports read), ``health`` (is a store safe to trust),
``dataset`` (Parquet files), ``briefings`` (the sidecar file of saved briefings).
"""

from dateline.store.layout import StoreDamaged, StoreMissing, StoreUnreadable, exists, store_version
from dateline.store.schema import SCHEMA_VERSION
from dateline.store.session import WriteSession
from dateline.store.writer import connect, open_session

Connection = WriteSession  # what the build's steps write and read through (type hints outside the store)

__all__ = ["SCHEMA_VERSION", "Connection", "StoreDamaged", "StoreMissing", "StoreUnreadable", "WriteSession",
           "connect", "exists", "open_session", "store_version"]
