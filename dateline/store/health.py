"""Is a store safe to trust? Check it before use, and move a damaged one aside (kept) for a rebuild.

A store cut short (a full disk, a copy that stopped at 80 %) still opens and still answers the build's
"what was this built from?" question, because DuckDB reads lazily; every page and export then failed with
``IOException: Could not read enough bytes``. A store is a folder of segment files named by a catalogue
(``layout``), so ``check_store`` checks what a reader relies on, from cheap to thorough: the catalogue
(readable, its own checksum, this layout and schema version), every segment it names (present, the size
and modification time it was written with, else the checksum it was written with; its DuckDB header),
and with ``deep`` each segment's checksum and every value of every column read back (so DuckDB verifies
every data block's checksum: about a second for t17-bpoil's 30 MB). Segments never change once written,
so a deep check reads each one once per process (``trust_verified=False``: again). Any caller (the
build, the dashboard) decides what to do with the answer; ``quarantine`` is the repair's first step.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dateline.store import layout
from dateline.store.layout import StoreDamaged, StoreMissing, StoreUnreadable
from dateline.store.schema import SCHEMA_VERSION

_HEADER_BYTES = 3 * 4096  # DuckDB's file header and its two database headers, before the first block
_VERIFIED: set[tuple[str, int, int, str]] = set()  # segments read back whole by this process

__all__ = ["StoreCheck", "StoreUnreadable", "check_store", "check_tables", "quarantine"]


@dataclass(frozen=True)
class StoreCheck:
    """The verdict on one store file. ``damaged``: its bytes cannot be trusted (move it aside and
    rebuild); ``stale``: another schema version (rebuild); neither: missing, or busy being written."""

    path: Path
    ok: bool
    problem: str = ""
    damaged: bool = False
    stale: bool = False  # a sound store of another schema version: rebuild, nothing to keep


def check_store(path: Path | str, deep: bool = True, trust_verified: bool = True) -> StoreCheck:
    """Check the store at ``path`` can be trusted, without changing it (see the module docstring)."""
    path = Path(path)
    if path.is_file():
        return StoreCheck(path, False, "the store is a single file written by an older version of Dateline",
                          stale=True)
    try:
        catalogue = layout.read_catalogue(path)
    except StoreMissing as exc:
        exists = layout.catalogue_path(path).exists()  # a catalogue of another layout: rebuild
        return StoreCheck(path, False, str(exc) if exists else "there is no store yet", stale=exists)
    except StoreDamaged as exc:
        return StoreCheck(path, False, str(exc), damaged=True)
    if catalogue.meta.get("schema_version") != SCHEMA_VERSION:
        return StoreCheck(path, False, f"the store was written by another version of Dateline (schema "
                                       f"{catalogue.meta.get('schema_version')!r}, this one reads "
                                       f"{SCHEMA_VERSION!r})", stale=True)
    for seg in catalogue.segments:
        problem = _segment_problem(path / seg.name, seg, deep, trust_verified)
        if problem:
            return StoreCheck(path, False, f"segment {seg.name}: {problem}", damaged=True)
    try:
        conn, _ = layout.open_read(path)  # every header, and the views over the segments
        conn.close()
    except (StoreUnreadable, duckdb.Error) as exc:
        return StoreCheck(path, False, _first_line(exc, path), damaged=True)
    return StoreCheck(path, True)


def _segment_problem(path: Path, seg: layout.Segment, deep: bool, trust_verified: bool) -> str:
    """What is wrong with one segment file ("" when nothing)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return "the file is missing"
    except OSError as exc:
        return f"the file cannot be read ({exc.strerror or exc})"
    if st.st_size != seg.bytes:
        return f"the file is cut short or overwritten ({st.st_size:,} bytes, {seg.bytes:,} were written)"
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns, seg.digest)
    if deep and trust_verified and key in _VERIFIED:
        return ""
    changed = st.st_mtime_ns != seg.mtime_ns  # written to since (or copied: then the checksum still holds)
    if (deep or changed) and layout.file_digest(path) != seg.digest:
        return "the file does not hold what was written (its checksum differs)"
    if deep:
        check = _check(path, _segment_checks)
        if not check.ok:
            return check.problem
        _VERIFIED.add(key)
    return ""


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


def _segment_checks(conn: duckdb.DuckDBPyConnection, path: Path) -> StoreCheck:
    tables = _tables(conn)
    required = [*layout.tables(), *(f"_gone_{t}" for t in layout.tables())]
    missing = [t for t in required if t not in tables]
    if missing:
        return StoreCheck(path, False, f"the segment lacks the table(s) {', '.join(missing)}", damaged=True)
    _read_all(conn, required)
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
    """Move a damaged store (a folder, or an old single file and its WAL) aside, kept for inspection:
    ``<name>.damaged-<time>``."""
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
