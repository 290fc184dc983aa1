"""Named briefings in a small DuckDB file beside the timeline store.

Why a sidecar file: a build writes a fresh store file and swaps it in with ``os.replace``, and the app
opens the store read-only. Briefings kept inside the store would be lost at the next build (or could not
be written at all), so they live in ``<store>.briefings.duckdb`` in the same folder and survive rebuilds.
The file's SQL is in ``dateline.store.briefings``; this module is the API (names, errors, snapshots).
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from dateline.briefing.models import Briefing, Item
from dateline.store import briefings as sql
from dateline.store.briefings import Connection

MAX_NAME = 120


class BriefingError(ValueError):
    """A request the analyst can fix: empty or duplicate name, unknown briefing."""


def briefing_path(store: Path | str) -> Path:
    """The sidecar file for a store: ``seed.duckdb`` → ``seed.briefings.duckdb`` in the same folder."""
    store = Path(store)
    return store.with_name(f"{store.stem}.briefings.duckdb")


def _clean_name(name: str) -> str:
    name = " ".join(str(name or "").split())[:MAX_NAME]
    if not name:
        raise BriefingError("A briefing needs a name.")
    return name


class BriefingStore:
    """Create, rename, delete briefings; pin, unpin, reorder and annotate their items."""

    def __init__(self, path: Path | str):
        self.path = Path(path)

    @classmethod
    def beside(cls, store: Path | str) -> BriefingStore:
        return cls(briefing_path(store))

    def stamp(self) -> tuple[int, ...]:
        """Changes whenever the file (or its write-ahead log) changes: a cache key for readers."""
        out: list[int] = []
        for p in (self.path, self.path.with_name(self.path.name + ".wal")):
            try:
                st = p.stat()
                out += [st.st_ino, st.st_mtime_ns, st.st_size]
            except FileNotFoundError:
                out += [0, 0, 0]
        return tuple(out)

    def _run(self, fn: Any, write: bool = True) -> Any:
        return sql.run(self.path, fn, write)

    def repair_if_damaged(self) -> str:
        """Check the file; a damaged one is moved aside (kept) and a new one starts. The notice, or ""."""
        return sql.repair_if_damaged(self.path)

    def pop_notice(self) -> str:
        """What a repair did since last asked (a repair can also happen inside any operation), or ""."""
        return sql.pop_notice(self.path)

    # -- briefings ----------------------------------------------------------------------------
    def all_briefings(self) -> list[dict[str, Any]]:
        """Every briefing's id, name, headline, pinned item ids and last change, newest first."""
        return self._run(sql.all_briefings, write=False) or []

    def create(self, name: str, headline: str = "", summary: str = "") -> str:
        name = _clean_name(name)
        bid = uuid.uuid4().hex[:12]

        def q(conn: Connection) -> None:
            if sql.name_taken(conn, name):
                raise BriefingError(f"A briefing named “{name}” already exists.")
            sql.insert_briefing(conn, bid, name, headline, summary, datetime.now())
        self._run(q)
        return bid

    def find(self, name_or_id: str) -> str | None:
        """A briefing's id from its id or its name."""
        return self._run(lambda conn: sql.find_id(conn, name_or_id), write=False)

    def get(self, name_or_id: str) -> Briefing | None:
        """The briefing with its items in order, each carrying its note."""
        def q(conn: Connection) -> Briefing | None:
            row = sql.briefing_row(conn, name_or_id)
            if not row:
                return None
            items = [Item.from_dict(json.loads(s)).with_note(note) for s, note in sql.pins(conn, row[0])]
            return Briefing(id=row[0], name=row[1], headline=row[2], summary=row[3], created=row[4],
                            updated=row[5], items=items)
        return self._run(q, write=False)

    def _touch(self, conn: Connection, bid: str) -> None:
        if not sql.touch(conn, bid, datetime.now()):
            raise BriefingError("No such briefing (it may have been deleted).")

    def rename(self, bid: str, name: str) -> None:
        name = _clean_name(name)

        def q(conn: Connection) -> None:
            if sql.name_taken(conn, name, other_than=bid):
                raise BriefingError(f"A briefing named “{name}” already exists.")
            self._touch(conn, bid)
            sql.set_name(conn, bid, name)
        self._run(q)

    def update_text(self, bid: str, *, headline: str | None = None, summary: str | None = None) -> None:
        def q(conn: Connection) -> None:
            self._touch(conn, bid)
            sql.set_text(conn, bid, headline, summary)
        self._run(q)

    def delete(self, bid: str) -> None:
        self._run(lambda conn: sql.delete_briefing(conn, bid))

    # -- pinned items -------------------------------------------------------------------------
    def pin(self, bid: str, item: Item) -> bool:
        """Add an item at the end (its snapshot); False when it is already pinned (left as it is)."""
        snapshot = json.dumps({**item.to_dict(), "note": ""}, ensure_ascii=False)

        def q(conn: Connection) -> bool:
            self._touch(conn, bid)
            if sql.is_pinned(conn, bid, item.item_id):
                return False
            sql.append_pin(conn, bid, item.item_id, item.note, snapshot, datetime.now())
            return True
        return bool(self._run(q))

    def unpin(self, bid: str, item_id: str) -> None:
        def q(conn: Connection) -> None:
            self._touch(conn, bid)
            sql.remove_pin(conn, bid, item_id)
            sql.write_order(conn, bid, sql.pin_order(conn, bid))  # renumber
        self._run(q)

    def move(self, bid: str, item_id: str, delta: int) -> None:
        """Move an item ``delta`` places (negative = earlier), clamped to the list."""
        def q(conn: Connection) -> None:
            self._touch(conn, bid)
            order = sql.pin_order(conn, bid)
            if item_id not in order:
                return
            i = order.index(item_id)
            j = max(0, min(len(order) - 1, i + delta))
            order.insert(j, order.pop(i))
            sql.write_order(conn, bid, order)
        self._run(q)

    def reorder(self, bid: str, item_ids: list[str]) -> None:
        """Put items in this order (ids not listed keep their relative order after these)."""
        def q(conn: Connection) -> None:
            self._touch(conn, bid)
            current = sql.pin_order(conn, bid)
            wanted = [i for i in dict.fromkeys(item_ids) if i in current]
            sql.write_order(conn, bid, wanted + [i for i in current if i not in wanted])
        self._run(q)

    def set_note(self, bid: str, item_id: str, note: str) -> None:
        def q(conn: Connection) -> None:
            self._touch(conn, bid)
            sql.set_note(conn, bid, item_id, note)
        self._run(q)

    def refresh(self, bid: str, items: list[Item]) -> int:
        """Replace snapshots with fresher copies of the same items (notes and order kept)."""
        def q(conn: Connection) -> int:
            self._touch(conn, bid)
            n = 0
            for item in items:
                snapshot = json.dumps({**item.to_dict(), "note": ""}, ensure_ascii=False)
                n += sql.set_snapshot(conn, bid, item.item_id, snapshot)
            return n
        return int(self._run(q) or 0)
