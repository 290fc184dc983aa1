"""CSV export: one row per timeline item (events and statements) with dates, actors and sources."""

from __future__ import annotations

import pandas as pd

from dateline.store.query import Filters, StoreReader


def export_csv(reader: StoreReader, filters: Filters | None = None) -> str:
    items = reader.items(filters or Filters(), limit=1_000_000)
    sources = []
    for item_id in items["item_id"]:
        ev = reader.evidence(item_id)
        sources.append(" | ".join(
            f"{r.outlet or 'unknown outlet'}, {r.article_title or r.file}"
            + (f", {r.url}" if isinstance(r.url, str) and r.url else "")
            for r in ev.itertuples()
        ))
    items = items.assign(sources=sources)
    for col in ("start", "end"):
        items[col] = pd.to_datetime(items[col]).dt.strftime("%Y-%m-%d")
    return items.to_csv(index=False)
