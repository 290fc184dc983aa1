"""When and how a store's segments are merged: amortised cost per update, never a copy per update.

Every update adds one small segment. Left alone, readers would union ever more files, so a commit merges:

- the newest segments, binary-counter style: the new segment absorbs the next older ones while each is at
  most ``GROWTH`` times what has been merged so far (sizes then grow geometrically from newest to oldest,
  so there are about log2(deltas / update) of them and each row is rewritten that many times at most);
- everything into a new base when the deltas together exceed ``BASE_SHARE`` of the base: the base is
  rewritten once per growth of the store by that share, i.e. a constant number of times per row;
- all deltas into one when there are more than ``MAX_SEGMENTS`` segments (a safety bound).

A merge writes the rows that are visible across its run into a new segment (sorted by key, which keeps
DuckDB's zone maps tight for the query layer's lookups) with the run's superseded keys, which it still
needs unless the run starts at the base. Segments whose every row a later rewrite hides are dropped
outright. The files merged away are removed after the catalogue swap (``layout.remove_unreferenced``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path

import duckdb

from dateline.store import layout
from dateline.store.layout import Segment, ident, path_literal
from dateline.store.schema import KEYS

GROWTH = 2.0
BASE_SHARE = 0.5
MAX_SEGMENTS = 12
BIG_SEGMENT = 16 << 20  # merged output above this uses DuckDB's default 256 KB blocks


def drop_hidden(segments: Sequence[Segment]) -> list[Segment]:
    """The segments without those every row, key and rewrite of which a later rewrite (clear) hides."""
    out = []
    for i, seg in enumerate(segments):
        later = set().union(*(s.cleared for s in segments[i + 1:]))
        used = set(seg.rows) | set(seg.gone) | set(seg.cleared)
        if i == len(segments) - 1 or not used <= later:
            out.append(seg)
    return out


def plan(segments: Sequence[Segment]) -> tuple[int, int] | None:
    """The run [start, end) of segments to merge next, or None."""
    n = len(segments)
    if n < 2:
        return None
    deltas = sum(s.bytes for s in segments[1:])
    if deltas > BASE_SHARE * segments[0].bytes:
        return (0, n)
    k, merged = n - 1, segments[-1].bytes
    while k - 1 >= 1 and segments[k - 1].bytes <= GROWTH * merged:
        k -= 1
        merged += segments[k].bytes
    if k < n - 1:
        return (k, n)
    if n > MAX_SEGMENTS:
        return (1, n)
    return None


def compact(store: Path, segments: Sequence[Segment], generation: int) -> tuple[list[Segment], int, int]:
    """Merge as ``plan`` says until it says no more; returns (segments, bytes written, segments merged)."""
    segments, written, merged = list(segments), 0, 0
    while (run := plan(segments)) is not None:
        start, end = run
        seg = merge(store, segments[start:end], generation, keep_gone=start > 0)
        written += seg.bytes
        merged += end - start
        segments[start:end] = [seg]
    return segments, written, merged


def merge(store: Path, run: Sequence[Segment], generation: int, keep_gone: bool) -> Segment:
    """One segment holding what ``run`` (consecutive, oldest first) shows; with ``keep_gone`` also the keys
    it superseded in older segments and the tables it rewrote whole."""
    name = layout.new_segment_name(generation)
    path = Path(store) / name
    scratch = Path(store) / f"tmp-{name[4:-7]}"
    block = "" if sum(s.bytes for s in run) > BIG_SEGMENT else f" (BLOCK_SIZE {layout.SMALL_BLOCK})"
    with duckdb.connect(config={"temp_directory": str(scratch)}) as conn:
        attached = layout.attach(conn, store, run, prefix="m")
        conn.execute(f"ATTACH '{path_literal(path)}' AS out{block}")
        conn.execute("USE out")
        conn.execute(layout.segment_ddl())
        conn.execute("USE memory")
        rows, gone = {}, {}
        for table in layout.tables():
            keys = ", ".join(map(ident, KEYS[table]))
            conn.execute(f"INSERT INTO out.{ident(table)} SELECT * FROM ({layout.visible_sql(table, attached)}) "
                         f"ORDER BY {keys}")
            rows[table] = conn.execute(f"SELECT count(*) FROM out.{ident(table)}").fetchall()[0][0]
            sources = [f"SELECT {keys} FROM {a}.{ident('_gone_' + table)}"
                       for a, s in attached if s.gone.get(table, 0) > 0]
            if keep_gone and sources:
                conn.execute(f"INSERT INTO out.{ident('_gone_' + table)} SELECT DISTINCT * FROM "
                             f"({' UNION ALL '.join(sources)})")
                gone[table] = conn.execute(f"SELECT count(*) FROM out.{ident('_gone_' + table)}").fetchall()[0][0]
        conn.execute("CHECKPOINT out")
        conn.execute("DETACH out")
    shutil.rmtree(scratch, ignore_errors=True)
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())
    cleared = tuple(sorted(set().union(*(s.cleared for s in run)))) if keep_gone else ()
    st = path.stat()
    return Segment(name, st.st_size, layout.file_digest(path), st.st_mtime_ns,
                   rows={t: n for t, n in rows.items() if n}, gone={t: n for t, n in gone.items() if n},
                   cleared=cleared)


