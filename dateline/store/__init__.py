"""The DuckDB store: schema, writing (build side) and the one query layer the UI and exports read."""

from dateline.store.schema import SCHEMA_VERSION
from dateline.store.writer import connect

__all__ = ["SCHEMA_VERSION", "connect"]
