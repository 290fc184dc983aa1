"""The DuckDB store: every SQL statement of Dateline lives in this package.

``schema``, ``writer`` and ``derived`` (the build side), ``extracted`` (stored rows read back for derivation),
``query`` (the one query layer the UI and the exports read), ``dataset`` (Parquet files), ``briefings``
(the sidecar file of saved briefings).
"""

from dateline.store.schema import SCHEMA_VERSION
from dateline.store.writer import Connection, connect

__all__ = ["SCHEMA_VERSION", "Connection", "connect"]
