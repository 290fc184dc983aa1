"""Is a store file safe to trust? Check it before use, and move a damaged one aside (kept) for a rebuild.

A store cut short (a full disk, a copy that stopped at 80 %) still opens and still answers the build's
"what was this built from?" question, because DuckDB reads lazily; every page and export then failed with
``IOException: Could not read enough bytes``. ``check_store`` therefore opens the file read-only and
checks what a reader relies on: a DuckDB file of this schema version, as long as its own header says, with every table present and every value of every column read back (so DuckDB
verifies every data block's checksum). About a second for t17-bpoil's 50 MB store. Any caller (the build, the dashboard, a future store layout) decides what
to do with the answer; ``quarantine`` is the repair's first step.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dateline.store.schema import DERIVED_TABLES, PER_ARTICLE_TABLES, SCHEMA_VERSION

_HEADER_BYTES = 3 * 4096  # DuckDB's file header and its two database headers, before the first block
REQUIRED_TABLES = ("meta", "articles", "rejections", *PER_ARTICLE_TABLES, *DERIVED_TABLES)


class StoreUnreadable(RuntimeError):
    """The store could not be read (damaged, cut short, not a store): rebuild it."""


@dataclass(frozen=True)
class StoreCheck:
    """The verdict on one store file. ``damaged``: its bytes cannot be trusted (move it aside and
    rebuild); ``stale``: another schema version (rebuild); neither: missing, or busy being written."""

    path: Path
    ok: bool
    problem: str = ""
    damaged: bool = False
    stale: bool = False  # a sound store of another schema version: rebuild, nothing to keep


def check_store(path: Path | str) -> StoreCheck:
    """Open the store at ``path`` read-only and check it can be trusted, without changing it."""
    return _check(Path(path), _store_checks)


def check_tables(path: Path | str, tables: tuple[str, ...], *, required: bool = True) -> StoreCheck:
    """The same checks for any DuckDB file of ours (the briefings sidecar): it opens, is as long as its
    header says, and ``tables`` read back entirely (when ``required`` is False, those that exist)."""
    def checks(conn: duckdb.DuckDBPyConnection, path: Path) -> StoreCheck:
        present = _tables(conn)
        missing = [t for t in tables if t not in present]
        if missing and required:
            return StoreCheck(path, False, f"the file lacks the table(s) {', '.join(missing)}", damaged=True)
        _read_all(conn, [t for t in tables if t in present])
        return StoreCheck(path, True)
    return _check(Path(path), checks)


def _check(path: Path, checks: Callable[[duckdb.DuckDBPyConnection, Path], StoreCheck]) -> StoreCheck:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return StoreCheck(path, False, "there is no file yet")
    except OSError as exc:
        return StoreCheck(path, False, f"the file cannot be read ({exc.strerror or exc})", damaged=True)
    if size < _HEADER_BYTES:
        return StoreCheck(path, False, f"the file is only {size:,} bytes long, too short to be a DuckDB file",
                          damaged=True)
    try:
        conn = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        if "lock" in str(exc).lower():  # held by a writer right now: not a verdict on its bytes
            return StoreCheck(path, False, "the file is being written by another process")
        return StoreCheck(path, False, f"the file is not a readable DuckDB file ({_first_line(exc, path)})",
                          damaged=True)
    expected = 0
    try:
        block_size, blocks = conn.execute("SELECT block_size, total_blocks FROM pragma_database_size()").fetchone()
        expected = _HEADER_BYTES + int(blocks) * int(block_size)  # (the last blocks may be free, unwritten)
        return checks(conn, path)
    except duckdb.Error as exc:
        if size < expected and "enough bytes" in str(exc):
            return StoreCheck(path, False, f"the file is cut short: {size:,} of its {expected:,} bytes "
                                           f"({size / expected:.0%})", damaged=True)
        return StoreCheck(path, False, f"part of the file cannot be read ({_first_line(exc, path)})",
                          damaged=True)
    finally:
        conn.close()


def _store_checks(conn: duckdb.DuckDBPyConnection, path: Path) -> StoreCheck:
    tables = _tables(conn)
    if "meta" not in tables:
        return StoreCheck(path, False, "the file is a DuckDB database but not a Dateline store", damaged=True)
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    if meta.get("schema_version") != SCHEMA_VERSION:
        return StoreCheck(path, False, f"the store was written by another version of Dateline (schema "
                                       f"{meta.get('schema_version')!r}, this one reads {SCHEMA_VERSION!r})",
                          stale=True)
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        return StoreCheck(path, False, f"the store lacks the table(s) {', '.join(missing)}", damaged=True)
    _read_all(conn, REQUIRED_TABLES)
    return StoreCheck(path, True)


def _tables(conn: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT table_name FROM duckdb_tables()").fetchall()}


def _read_all(conn: duckdb.DuckDBPyConnection, tables: Iterable[str]) -> None:
    """Hash every value of every column (count() alone would skip the data blocks); DuckDB verifies each
    block's checksum as it reads it, so damage anywhere raises here."""
    for table in tables:
        cols = [r[0] for r in conn.execute(f"DESCRIBE {_quoted(table)}").fetchall()]
        conn.execute(f"SELECT {', '.join(f'bit_xor(hash({_quoted(c)}))' for c in cols)} "
                     f"FROM {_quoted(table)}").fetchall()


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _first_line(exc: BaseException, path: Path) -> str:
    """A DuckDB error in a few words, naming the store by its file name rather than its server path."""
    text = str(exc).split("\n", 1)[0].replace(str(path), path.name)
    return text.split("Error: ", 1)[-1]


def quarantine(path: Path | str) -> Path:
    """Move a damaged store (and its WAL) aside, kept for inspection: ``<name>.damaged-<time>``."""
    path = Path(path)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    os.replace(path, target)
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        os.replace(wal, target.with_name(target.name + ".wal"))
    return target
