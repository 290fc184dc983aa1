"""Named briefings in a small DuckDB file beside the timeline store.

Why a sidecar file: a build writes a fresh store file and swaps it in with ``os.replace``, and the app
opens the store read-only. Briefings kept inside the store would be lost at the next build (or could not
be written at all), so they live in ``<store>.briefings.duckdb`` in the same folder and survive rebuilds.

Each operation opens, uses and closes its own connection under a per-file lock: DuckDB lets only one
process hold a file for writing, so short-lived connections let the app and the command line take turns.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from dateline.briefing.models import Briefing, Item

SCHEMA = """
CREATE TABLE IF NOT EXISTS briefings (
    id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL UNIQUE,
    headline VARCHAR NOT NULL DEFAULT '',
    summary VARCHAR NOT NULL DEFAULT '',
    created TIMESTAMP NOT NULL,
    updated TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS pins (
    briefing_id VARCHAR NOT NULL,
    item_id VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    note VARCHAR NOT NULL DEFAULT '',
    snapshot VARCHAR NOT NULL,          -- Item.to_dict() as JSON: survives store rebuilds
    pinned_at TIMESTAMP NOT NULL,
    PRIMARY KEY (briefing_id, item_id)
);
"""
MAX_NAME = 120
_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


class BriefingError(ValueError):
    """A request the analyst can fix: empty or duplicate name, unknown briefing."""


def briefing_path(store: Path | str) -> Path:
    """The sidecar file for a store: ``seed.duckdb`` → ``seed.briefings.duckdb`` in the same folder."""
    store = Path(store)
    return store.with_name(f"{store.stem}.briefings.duckdb")


def _lock(path: Path) -> threading.Lock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(str(path.resolve()), threading.Lock())


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

    # -- connections --------------------------------------------------------------------------
    def _connect(self, write: bool) -> duckdb.DuckDBPyConnection:
        """A connection, retried briefly while another process holds the file."""
        if not write and not self.path.exists():
            raise FileNotFoundError(self.path)
        deadline = time.monotonic() + 5.0
        while True:
            try:
                conn = duckdb.connect(str(self.path), read_only=not write)
                break
            except duckdb.IOException:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        if write:
            conn.execute(SCHEMA)
        return conn

    def _run(self, fn: Any, write: bool = True) -> Any:
        with _lock(self.path):
            try:
                conn = self._connect(write)
            except FileNotFoundError:
                return None
            try:
                if not write:
                    return fn(conn)
                conn.execute("BEGIN")
                try:
                    out = fn(conn)
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
                return out
            finally:
                conn.close()

    # -- briefings ----------------------------------------------------------------------------
    def all_briefings(self) -> list[dict[str, Any]]:
        """Every briefing's id, name, headline, pinned item ids and last change, newest first."""
        def q(conn: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
            if not conn.execute("SELECT count(*) FROM information_schema.tables "
                                "WHERE table_name = 'briefings'").fetchone()[0]:
                return []
            rows = conn.execute(
                """SELECT b.id, b.name, b.headline, b.updated,
                          list(p.item_id ORDER BY p.position) FILTER (WHERE p.item_id IS NOT NULL)
                   FROM briefings b LEFT JOIN pins p ON p.briefing_id = b.id
                   GROUP BY ALL ORDER BY b.updated DESC, b.name""").fetchall()
            return [{"id": r[0], "name": r[1], "headline": r[2], "updated": r[3], "items": len(r[4] or []),
                     "item_ids": list(r[4] or [])} for r in rows]
        return self._run(q, write=False) or []

    def create(self, name: str, headline: str = "", summary: str = "") -> str:
        name = _clean_name(name)
        bid = uuid.uuid4().hex[:12]

        def q(conn: duckdb.DuckDBPyConnection) -> None:
            if conn.execute("SELECT 1 FROM briefings WHERE name = ?", [name]).fetchone():
                raise BriefingError(f"A briefing named “{name}” already exists.")
            now = datetime.now()
            conn.execute("INSERT INTO briefings VALUES (?, ?, ?, ?, ?, ?)",
                         [bid, name, headline, summary, now, now])
        self._run(q)
        return bid

    def find(self, name_or_id: str) -> str | None:
        """A briefing's id from its id or its name."""
        def q(conn: duckdb.DuckDBPyConnection) -> str | None:
            row = conn.execute("SELECT id FROM briefings WHERE id = ? OR name = ? ORDER BY id = ? DESC",
                               [name_or_id, name_or_id, name_or_id]).fetchone()
            return row[0] if row else None
        try:
            return self._run(q, write=False)
        except duckdb.CatalogException:
            return None

    def get(self, name_or_id: str) -> Briefing | None:
        """The briefing with its items in order, each carrying its note."""
        def q(conn: duckdb.DuckDBPyConnection) -> Briefing | None:
            row = conn.execute(
                "SELECT id, name, headline, summary, created, updated FROM briefings "
                "WHERE id = ? OR name = ? ORDER BY id = ? DESC LIMIT 1",
                [name_or_id, name_or_id, name_or_id]).fetchone()
            if not row:
                return None
            pins = conn.execute("SELECT snapshot, note FROM pins WHERE briefing_id = ? ORDER BY position",
                                [row[0]]).fetchall()
            items = [Item.from_dict(json.loads(s)).with_note(note) for s, note in pins]
            return Briefing(id=row[0], name=row[1], headline=row[2], summary=row[3], created=row[4],
                            updated=row[5], items=items)
        try:
            return self._run(q, write=False)
        except duckdb.CatalogException:
            return None

    def _touch(self, conn: duckdb.DuckDBPyConnection, bid: str) -> None:
        if not conn.execute("UPDATE briefings SET updated = ? WHERE id = ? RETURNING id",
                            [datetime.now(), bid]).fetchone():
            raise BriefingError("No such briefing (it may have been deleted).")

    def rename(self, bid: str, name: str) -> None:
        name = _clean_name(name)

        def q(conn: duckdb.DuckDBPyConnection) -> None:
            if conn.execute("SELECT 1 FROM briefings WHERE name = ? AND id <> ?", [name, bid]).fetchone():
                raise BriefingError(f"A briefing named “{name}” already exists.")
            self._touch(conn, bid)
            conn.execute("UPDATE briefings SET name = ? WHERE id = ?", [name, bid])
        self._run(q)

    def update_text(self, bid: str, *, headline: str | None = None, summary: str | None = None) -> None:
        def q(conn: duckdb.DuckDBPyConnection) -> None:
            self._touch(conn, bid)
            if headline is not None:
                conn.execute("UPDATE briefings SET headline = ? WHERE id = ?", [headline, bid])
            if summary is not None:
                conn.execute("UPDATE briefings SET summary = ? WHERE id = ?", [summary, bid])
        self._run(q)

    def delete(self, bid: str) -> None:
        def q(conn: duckdb.DuckDBPyConnection) -> None:
            conn.execute("DELETE FROM pins WHERE briefing_id = ?", [bid])
            conn.execute("DELETE FROM briefings WHERE id = ?", [bid])
        self._run(q)

    # -- pinned items -------------------------------------------------------------------------
    def pin(self, bid: str, item: Item) -> bool:
        """Add an item at the end (its snapshot); False when it is already pinned (left as it is)."""
        snapshot = json.dumps({**item.to_dict(), "note": ""}, ensure_ascii=False)

        def q(conn: duckdb.DuckDBPyConnection) -> bool:
            self._touch(conn, bid)
            if conn.execute("SELECT 1 FROM pins WHERE briefing_id = ? AND item_id = ?",
                            [bid, item.item_id]).fetchone():
                return False
            pos = conn.execute("SELECT coalesce(max(position), -1) + 1 FROM pins WHERE briefing_id = ?",
                               [bid]).fetchone()[0]
            conn.execute("INSERT INTO pins VALUES (?, ?, ?, ?, ?, ?)",
                         [bid, item.item_id, pos, item.note, snapshot, datetime.now()])
            return True
        return bool(self._run(q))

    def unpin(self, bid: str, item_id: str) -> None:
        def q(conn: duckdb.DuckDBPyConnection) -> None:
            self._touch(conn, bid)
            conn.execute("DELETE FROM pins WHERE briefing_id = ? AND item_id = ?", [bid, item_id])
            self._renumber(conn, bid)
        self._run(q)

    def move(self, bid: str, item_id: str, delta: int) -> None:
        """Move an item ``delta`` places (negative = earlier), clamped to the list."""
        def q(conn: duckdb.DuckDBPyConnection) -> None:
            self._touch(conn, bid)
            order = [r[0] for r in conn.execute(
                "SELECT item_id FROM pins WHERE briefing_id = ? ORDER BY position", [bid]).fetchall()]
            if item_id not in order:
                return
            i = order.index(item_id)
            j = max(0, min(len(order) - 1, i + delta))
            order.insert(j, order.pop(i))
            self._write_order(conn, bid, order)
        self._run(q)

    def reorder(self, bid: str, item_ids: list[str]) -> None:
        """Put items in this order (ids not listed keep their relative order after these)."""
        def q(conn: duckdb.DuckDBPyConnection) -> None:
            self._touch(conn, bid)
            current = [r[0] for r in conn.execute(
                "SELECT item_id FROM pins WHERE briefing_id = ? ORDER BY position", [bid]).fetchall()]
            wanted = [i for i in dict.fromkeys(item_ids) if i in current]
            self._write_order(conn, bid, wanted + [i for i in current if i not in wanted])
        self._run(q)

    def set_note(self, bid: str, item_id: str, note: str) -> None:
        def q(conn: duckdb.DuckDBPyConnection) -> None:
            self._touch(conn, bid)
            conn.execute("UPDATE pins SET note = ? WHERE briefing_id = ? AND item_id = ?",
                         [note, bid, item_id])
        self._run(q)

    def refresh(self, bid: str, items: list[Item]) -> int:
        """Replace snapshots with fresher copies of the same items (notes and order kept)."""
        def q(conn: duckdb.DuckDBPyConnection) -> int:
            self._touch(conn, bid)
            n = 0
            for item in items:
                snapshot = json.dumps({**item.to_dict(), "note": ""}, ensure_ascii=False)
                n += len(conn.execute(
                    "UPDATE pins SET snapshot = ? WHERE briefing_id = ? AND item_id = ? RETURNING 1",
                    [snapshot, bid, item.item_id]).fetchall())
            return n
        return int(self._run(q) or 0)

    @staticmethod
    def _renumber(conn: duckdb.DuckDBPyConnection, bid: str) -> None:
        order = [r[0] for r in conn.execute(
            "SELECT item_id FROM pins WHERE briefing_id = ? ORDER BY position", [bid]).fetchall()]
        BriefingStore._write_order(conn, bid, order)

    @staticmethod
    def _write_order(conn: duckdb.DuckDBPyConnection, bid: str, order: list[str]) -> None:
        if order:
            conn.executemany("UPDATE pins SET position = ? WHERE briefing_id = ? AND item_id = ?",
                             [[i, bid, item_id] for i, item_id in enumerate(order)])
