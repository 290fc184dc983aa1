"""A suggested briefing: the corpus' key dates as a named briefing the analyst then edits.

One item per key date, its best event (the most important of the day), pinned with every source as
pins always carry them, in date order so it reads as a timeline. Everything else (delete, reorder,
annotate, export, present) is the ordinary briefing API.
"""

from __future__ import annotations

from dateline.briefing.collect import snapshot_items
from dateline.briefing.models import Item
from dateline.briefing.store import MAX_NAME, BriefingError, BriefingStore
from dateline.display.format import fmt_range
from dateline.store.query import StoreReader

DEFAULT_NAME = "Suggested briefing"


def key_event_ids(reader: StoreReader, top: int | None = None) -> list[str]:
    """The best event of each of the ``top`` best key dates (default: ``reader.default_top_n()``), best
    date first."""
    n = reader.default_top_n() if top is None else max(int(top), 0)
    if n == 0:
        return []
    ids = [list(e)[0] for e in reader.key_dates(n)["event_ids"] if len(e)]
    return list(dict.fromkeys(str(i) for i in ids))


def free_name(store: BriefingStore, base: str = DEFAULT_NAME) -> str:
    """``base``, or ``base (2)``, ``base (3)``… : the first name no saved briefing has."""
    taken = {b["name"] for b in store.all_briefings()}
    base = " ".join(base.split())[:MAX_NAME - 6] or DEFAULT_NAME
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base} ({n})"
    return name


def suggest_briefing(reader: StoreReader, store: BriefingStore, name: str | None = None,
                     top: int | None = None) -> str:
    """Create a briefing of the ``top`` key events (default: ``reader.default_top_n()``) and return its id.

    ``name`` defaults to a free "Suggested briefing …" name; a name already taken raises
    ``BriefingError`` (as ``BriefingStore.create`` does), as does a store without key dates.
    """
    items: list[Item] = snapshot_items(reader, key_event_ids(reader, top))
    if not items:
        raise BriefingError("This corpus has no key dates to suggest (no day-precise events).")
    items.sort(key=lambda i: (i.start is None, i.start, i.item_id))
    dated = [i.start for i in items if i.start]
    span = fmt_range(min(dated), max(dated)) if dated else ""
    headline = f"Key dates{': ' + span if span else ''}"
    summary = (f"{len(items)} key dates proposed by Dateline: the most important event of each, with its "
               "sources. Delete, reorder and annotate before sharing.")
    bid = store.create(name if name is not None else free_name(store), headline, summary)
    try:
        store.pin_many(bid, items)
    except BaseException:
        store.delete(bid)
        raise
    return bid
