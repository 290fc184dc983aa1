"""Items read from the store in bulk: snapshots for pinning and the current filtered view for exports.

A fixed number of queries whatever the number of items (items, then all their sources at once).
"""

from __future__ import annotations

from dateline.briefing.models import Briefing, Item, items_from_frames
from dateline.store.query import Filters, StoreReader

MAX_VIEW_ITEMS = 5000


def snapshot_items(reader: StoreReader, item_ids: list[str] | tuple[str, ...]) -> list[Item]:
    """Full snapshots (with every source) of these items, in the order asked; unknown ids are skipped."""
    ids = [str(i) for i in dict.fromkeys(item_ids)]
    if not ids:
        return []
    found = {i.item_id: i for i in items_from_frames(reader.items_by_id(ids), reader.sources(ids))}
    return [found[i] for i in ids if i in found]


def describe_filters(f: Filters) -> str:
    """The filters in words, for an export's subtitle ('' when nothing is filtered)."""
    parts = []
    if f.show != "both":
        parts.append(f"{f.show} only")
    if f.actors:
        parts.append(f"{len(f.actors)} actor(s)")
    if f.outlets:
        parts.append("outlets: " + ", ".join(f.outlets))
    if f.kinds:
        parts.append("kinds: " + ", ".join(f.kinds))
    if f.date_from:
        parts.append(f"from {f.date_from.isoformat()}")
    if f.date_to:
        parts.append(f"to {f.date_to.isoformat()}")
    if f.text.strip():
        parts.append(f"matching “{f.text.strip()}”")
    return "; ".join(parts)


def current_view(reader: StoreReader, filters: Filters | None = None, *, title: str = "Timeline",
                 limit: int = MAX_VIEW_ITEMS) -> Briefing:
    """The filtered timeline as an unsaved briefing, items in date order (undated last)."""
    f = filters or Filters()
    ids = reader.items(f, limit=limit)["item_id"].astype(str).tolist()
    described = describe_filters(f)
    return Briefing(name=title, headline=title, items=snapshot_items(reader, ids),
                    subtitle=f"Filtered view: {described}" if described else "All items in the store")
