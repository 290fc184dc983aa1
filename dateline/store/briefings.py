"""The SQL of the briefings sidecar file (``<store>.briefings.duckdb``); ``dateline.briefing`` is the API.

Each operation opens, uses and closes its own connection under a per-file lock: DuckDB lets only one
process hold a file for writing, so short-lived connections let the app and the command line take turns.

A damaged file (garbage, cut short, not DuckDB) is moved aside and kept (``<name>.damaged-<time>``), a new
empty one is started, and a notice says so (``pop_notice``): the analyst loses the briefings in it from
view, never the whole Briefing page.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from dateline.store.health import check_tables, quarantine

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
Connection = duckdb.DuckDBPyConnection
T = TypeVar("T")
_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()
_NOTICES: dict[str, str] = {}  # per file: what a repair did, until the UI shows it
TABLES = ("briefings", "pins")


def _lock(path: Path) -> threading.Lock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(str(path.resolve()), threading.Lock())


def _connect(path: Path, write: bool) -> Connection:
    """A connection, retried briefly while another process holds the file."""
    if not write and not path.exists():
        raise FileNotFoundError(path)
    deadline = time.monotonic() + 5.0
    while True:
        try:
            conn = duckdb.connect(str(path), read_only=not write)
            break
        except duckdb.IOException as exc:
            if not _held_by_another(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    if write:
        conn.execute(SCHEMA)
    return conn


def _held_by_another(exc: duckdb.Error) -> bool:
    """True for DuckDB's "Could not set lock on file" (another process writes): wait, do not repair."""
    return "lock" in str(exc).lower()


def repair_if_damaged(path: Path) -> str:
    """Check the file; a damaged one is moved aside (kept) so that a new one starts. Returns the notice
    for the analyst, or "" when the file is fine or absent."""
    with _lock(path):
        return _repair(path)


def _repair(path: Path) -> str:
    if not path.exists():
        return ""
    check = check_tables(path, TABLES, required=False)
    if not check.damaged:
        return ""
    moved = quarantine(path)
    notice = (f"The briefings file {path.name} was damaged ({check.problem}). It was moved aside to "
              f"{moved.name} (kept, in the same folder) and a new, empty briefings file was started.")
    _NOTICES[str(path)] = notice
    return notice


def pop_notice(path: Path) -> str:
    """What a repair of this file did since the last call ("" if nothing)."""
    return _NOTICES.pop(str(path), "")


def run(path: Path, fn: Callable[[Connection], T], write: bool = True) -> T | None:
    """``fn(conn)`` on the file, in one transaction when writing; None when there is no file to read.

    When the file turns out damaged it is set aside (``repair_if_damaged``) and the operation runs once
    more on a new file."""
    with _lock(path):
        try:
            return _run(path, fn, write)
        except duckdb.Error as exc:
            if _held_by_another(exc) or not _repair(path):
                raise
        return _run(path, fn, write)


def _run(path: Path, fn: Callable[[Connection], T], write: bool) -> T | None:
    """One attempt: connect, run ``fn`` (in a transaction when writing), close."""
    try:
        conn = _connect(path, write)
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


# -- briefings --------------------------------------------------------------------------------
def all_briefings(conn: Connection) -> list[dict[str, Any]]:
    """Every briefing's id, name, headline, pinned item ids and last change, newest first."""
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


def name_taken(conn: Connection, name: str, other_than: str | None = None) -> bool:
    """Whether a briefing (other than ``other_than``) already has this name."""
    if other_than is None:
        return conn.execute("SELECT 1 FROM briefings WHERE name = ?", [name]).fetchone() is not None
    return conn.execute("SELECT 1 FROM briefings WHERE name = ? AND id <> ?",
                        [name, other_than]).fetchone() is not None


def insert_briefing(conn: Connection, bid: str, name: str, headline: str, summary: str,
                    now: datetime) -> None:
    conn.execute("INSERT INTO briefings VALUES (?, ?, ?, ?, ?, ?)", [bid, name, headline, summary, now, now])


def find_id(conn: Connection, name_or_id: str) -> str | None:
    """A briefing's id from its id or its name (the id wins); None also when the file has no tables."""
    try:
        row = conn.execute("SELECT id FROM briefings WHERE id = ? OR name = ? ORDER BY id = ? DESC",
                           [name_or_id, name_or_id, name_or_id]).fetchone()
    except duckdb.CatalogException:
        return None
    return row[0] if row else None


def briefing_row(conn: Connection, name_or_id: str) -> tuple | None:
    """(id, name, headline, summary, created, updated) of a briefing by id or name."""
    try:
        return conn.execute(
            "SELECT id, name, headline, summary, created, updated FROM briefings "
            "WHERE id = ? OR name = ? ORDER BY id = ? DESC LIMIT 1",
            [name_or_id, name_or_id, name_or_id]).fetchone()
    except duckdb.CatalogException:
        return None


def touch(conn: Connection, bid: str, now: datetime) -> bool:
    """Mark a briefing changed; False when there is no such briefing."""
    return conn.execute("UPDATE briefings SET updated = ? WHERE id = ? RETURNING id",
                        [now, bid]).fetchone() is not None


def set_name(conn: Connection, bid: str, name: str) -> None:
    conn.execute("UPDATE briefings SET name = ? WHERE id = ?", [name, bid])


def set_text(conn: Connection, bid: str, headline: str | None, summary: str | None) -> None:
    """Replace the headline and/or the summary (None leaves it as it is)."""
    if headline is not None:
        conn.execute("UPDATE briefings SET headline = ? WHERE id = ?", [headline, bid])
    if summary is not None:
        conn.execute("UPDATE briefings SET summary = ? WHERE id = ?", [summary, bid])


def delete_briefing(conn: Connection, bid: str) -> None:
    conn.execute("DELETE FROM pins WHERE briefing_id = ?", [bid])
    conn.execute("DELETE FROM briefings WHERE id = ?", [bid])


# -- pinned items -----------------------------------------------------------------------------
def pins(conn: Connection, bid: str) -> list[tuple[str, str]]:
    """(snapshot JSON, note) of every pinned item, in order."""
    return conn.execute("SELECT snapshot, note FROM pins WHERE briefing_id = ? ORDER BY position",
                        [bid]).fetchall()


def is_pinned(conn: Connection, bid: str, item_id: str) -> bool:
    return conn.execute("SELECT 1 FROM pins WHERE briefing_id = ? AND item_id = ?",
                        [bid, item_id]).fetchone() is not None


def append_pin(conn: Connection, bid: str, item_id: str, note: str, snapshot: str, now: datetime) -> None:
    """Pin an item after the last one."""
    pos = conn.execute("SELECT coalesce(max(position), -1) + 1 FROM pins WHERE briefing_id = ?",
                       [bid]).fetchone()[0]
    conn.execute("INSERT INTO pins VALUES (?, ?, ?, ?, ?, ?)", [bid, item_id, pos, note, snapshot, now])


def remove_pin(conn: Connection, bid: str, item_id: str) -> None:
    conn.execute("DELETE FROM pins WHERE briefing_id = ? AND item_id = ?", [bid, item_id])


def pin_order(conn: Connection, bid: str) -> list[str]:
    """The pinned item ids in order."""
    return [r[0] for r in conn.execute(
        "SELECT item_id FROM pins WHERE briefing_id = ? ORDER BY position", [bid]).fetchall()]


def write_order(conn: Connection, bid: str, order: list[str]) -> None:
    """Number the pins 0, 1, … in this order."""
    if order:
        conn.executemany("UPDATE pins SET position = ? WHERE briefing_id = ? AND item_id = ?",
                         [[i, bid, item_id] for i, item_id in enumerate(order)])


def set_note(conn: Connection, bid: str, item_id: str, note: str) -> None:
    conn.execute("UPDATE pins SET note = ? WHERE briefing_id = ? AND item_id = ?", [note, bid, item_id])


def set_snapshot(conn: Connection, bid: str, item_id: str, snapshot: str) -> int:
    """Replace a pinned item's snapshot; 1 if it was pinned, else 0."""
    return len(conn.execute("UPDATE pins SET snapshot = ? WHERE briefing_id = ? AND item_id = ? RETURNING 1",
                            [snapshot, bid, item_id]).fetchall())
