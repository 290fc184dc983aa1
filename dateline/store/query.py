"""The one query layer: everything the dashboard and the exports read goes through ``StoreReader``.

Pages never write SQL. Each query takes a ``Filters`` value (hashable, so Streamlit can cache on it)
and returns a pandas DataFrame sized to what is shown, never a whole table.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

import duckdb
import pandas as pd

from dateline.store import layout
from dateline.store.layout import StoreDamaged, StoreMissing, StoreUnreadable
from dateline.story import default_top_n as _default_top_n

Lane = Literal["actor", "outlet"]
Show = Literal["both", "events", "statements"]

UNKNOWN_OUTLET = "(unknown outlet)"
NO_ACTOR = "(no named actor)"


__all__ = ["Filters", "StoreDamaged", "StoreMissing", "StoreReader", "StoreUnreadable"]


def _unreadable(path: Path, exc: duckdb.Error) -> StoreUnreadable:
    """A DuckDB error as the store's problem, in a few words that name the file, not its server path."""
    text = str(exc).split("\n", 1)[0].replace(str(path), path.name)
    return StoreUnreadable(f"The store {path.name} could not be read: {text}")


@dataclass(frozen=True)
class Filters:
    """What the user narrowed the view to. Empty tuples mean 'everything'."""

    actors: tuple[str, ...] = ()  # actor ids
    outlets: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""
    show: Show = "both"
    key_events: int = 0  # > 0: only the key event (the best) of each of the best N key dates

    def is_empty(self) -> bool:
        return self == Filters(show=self.show)


@dataclass
class _Sql:
    """A WHERE clause under construction, with its parameters in order."""

    clauses: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def where(self) -> str:
        return ("WHERE " + " AND ".join(self.clauses)) if self.clauses else ""


# Timeline items: events and statements in one shape. Outlets of a statement are its article's.
_ITEMS = """
WITH keyed AS (SELECT event_ids[1] AS event_id, min(rank) AS key_rank, first(headline) AS key_headline
               FROM key_dates GROUP BY 1),
items AS (
    SELECT e.id AS item_id, 'event' AS item_type, e.kind, e.title, e.start, e."end", e.granularity,
           e.actor_ids, e.actors, e.outlets, e.date_conflict, e.conflict_note, e.date_text,
           NULL::VARCHAR AS quote, NULL::VARCHAR AS speaker, e.n_mentions,
           lower(e.title) AS haystack, coalesce(e.importance, 0) AS importance,
           coalesce(e.tier, 'story') AS tier, k.key_rank, k.key_headline
    FROM events e LEFT JOIN keyed k ON k.event_id = e.id
    UNION ALL
    SELECT s.id, 'statement', 'statement',
           coalesce(s.speaker, s.speaker_text) || ': ' || s.text,
           s.said_start, s.said_end, s.said_granularity,
           CASE WHEN s.speaker_id IS NULL THEN []::VARCHAR[] ELSE [s.speaker_id] END,
           CASE WHEN s.speaker IS NULL THEN []::VARCHAR[] ELSE [s.speaker] END,
           CASE WHEN a.outlet IS NULL THEN []::VARCHAR[] ELSE [a.outlet] END,
           false, '', coalesce(s.said_text, CASE WHEN s.said_basis = 'publication'
                                               THEN 'publication date' END),
           s.text, coalesce(s.speaker, s.speaker_text), 1,
           lower(coalesce(s.speaker, '') || ' ' || s.speaker_text || ' ' || s.text || ' ' || s.sentence),
           coalesce(s.importance, 0), coalesce(s.tier, CASE WHEN s.said_start IS NULL THEN 'undated'
                                                            ELSE 'story' END),
           NULL::INTEGER, NULL::VARCHAR
    FROM statements s JOIN articles a ON a.id = s.article_id
)
"""


def _filter_items(f: Filters) -> _Sql:
    sql = _Sql()
    if f.show == "events":
        sql.add("item_type = 'event'")
    elif f.show == "statements":
        sql.add("item_type = 'statement'")
    if f.actors:
        sql.add("list_has_any(actor_ids, ?::VARCHAR[])", list(f.actors))
    if f.outlets:
        sql.add("list_has_any(outlets, ?::VARCHAR[])", list(f.outlets))
    if f.kinds:
        sql.add("kind IN (SELECT unnest(?::VARCHAR[]))", list(f.kinds))
    if f.date_from:
        sql.add('"end" >= ?', f.date_from)
    if f.date_to:
        sql.add("start <= ?", f.date_to)
    if f.text.strip():
        sql.add("contains(haystack, ?)", f.text.strip().lower())
    if f.key_events > 0:
        sql.add("key_rank <= ?", int(f.key_events))
    return sql


class StoreReader:
    """Read-only access to a store; reopens by itself when a build swaps in a new catalogue.

    Each generation of the store gets one in-memory DuckDB connection with the segments attached and a
    view per table (``layout.open_read``); queries take a cursor of it.
    """

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._conn: duckdb.DuckDBPyConnection | None = None
        self._stamp: tuple[int, int] | None = None  # the connection's catalogue file identity
        self._version: tuple[tuple[int, int], int] | None = None  # (identity, generation) last read

    # -- connection -------------------------------------------------------------------------
    def _identity(self) -> tuple[int, int]:
        """The catalogue file's identity: a new catalogue is a new file (``os.replace``)."""
        try:
            st = os.stat(layout.catalogue_path(self.path))
        except (FileNotFoundError, NotADirectoryError) as exc:
            layout.read_catalogue(self.path)  # the reason: an old single-file store, or none at all
            raise StoreMissing(f"No store at {self.path}: run `python -m dateline build`.") from exc
        return (st.st_ino, st.st_mtime_ns)

    def version(self) -> int:
        """The store's generation (0: none yet): cheap (a stat while it is unchanged), for cache keys."""
        try:
            stamp = self._identity()
        except (StoreMissing, StoreDamaged):
            return 0
        if self._version is None or self._version[0] != stamp:
            self._version = (stamp, layout.store_version(self.path))
        return self._version[1]

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of a connection to the current generation (DuckDB cursors are safe per thread)."""
        stamp = self._identity()
        with self._lock:
            if self._conn is None or stamp != self._stamp:
                if self._conn is not None:
                    self._conn.close()
                    self._conn = None
                try:
                    self._conn, _ = layout.open_read(self.path)
                except duckdb.Error as exc:
                    raise _unreadable(self.path, exc) from exc
                self._stamp = stamp
            return self._conn.cursor()

    def _df(self, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
        cur = self._cursor()
        try:
            return cur.execute(sql, params or []).df()
        except duckdb.Error as exc:  # a damaged file, mostly: callers check and repair (store.health)
            raise _unreadable(self.path, exc) from exc
        finally:
            cur.close()

    def _rows(self, sql: str, params: list[Any] | None = None) -> list[tuple]:
        cur = self._cursor()
        try:
            return cur.execute(sql, params or []).fetchall()
        except duckdb.Error as exc:
            raise _unreadable(self.path, exc) from exc
        finally:
            cur.close()

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    # -- overview ---------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        tables = ("articles", "events", "statements", "actors", "timexes", "rejections")
        sql = "SELECT " + ", ".join(f"(SELECT count(*) FROM {t})" for t in tables)
        return dict(zip(tables, self._rows(sql)[0], strict=True))

    def filter_options(self) -> dict[str, Any]:
        """Choices for the sidebar: actors (id, name, count), outlets, kinds, date bounds."""
        actors = self._df(
            "SELECT id, name, type, mention_count FROM actors ORDER BY mention_count DESC, name"
        )
        outlets = [r[0] for r in self._rows(
            "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY 1")]
        kinds = [r[0] for r in self._rows("SELECT DISTINCT kind FROM events ORDER BY 1")]
        if self._rows("SELECT count(*) FROM statements")[0][0]:
            kinds.append("statement")
        lo, hi = self._rows(
            """SELECT min(d0), max(d1) FROM (
                   SELECT start AS d0, "end" AS d1 FROM events
                   UNION ALL SELECT said_start, said_end FROM statements)"""
        )[0]
        return {"actors": actors, "outlets": outlets, "kinds": sorted(set(kinds)),
                "date_min": lo, "date_max": hi}

    # -- timeline ---------------------------------------------------------------------------
    def timeline(self, f: Filters, lane: Lane = "actor", limit: int = 20000) -> pd.DataFrame:
        """Dated items, one row per item and lane (an item with two actors shows in both lanes)."""
        sql = _filter_items(f)
        sql.add("start IS NOT NULL")
        lane_expr = "unnest(CASE WHEN len(actors) = 0 THEN [?] ELSE actors END)" if lane == "actor" \
            else "unnest(CASE WHEN len(outlets) = 0 THEN [?] ELSE outlets END)"
        lane_default = NO_ACTOR if lane == "actor" else UNKNOWN_OUTLET
        q = f"""{_ITEMS}
            SELECT item_id, item_type, kind, title, start, "end", granularity, date_text,
                   array_to_string(outlets, ', ') AS outlets, len(outlets) AS n_outlets,
                   array_to_string(actors, ', ') AS actors, date_conflict, conflict_note,
                   quote, speaker, n_mentions, importance, tier, key_rank, key_headline,
                   {lane_expr} AS lane
            FROM items {sql.where()}
            ORDER BY start, item_id LIMIT {int(limit)}"""
        df = self._df(q, [lane_default, *sql.params])
        if lane == "actor" and f.actors and not df.empty:
            # Keep only the lanes the user asked for; co-actors would otherwise add noise rows.
            names = set(self._df("SELECT name FROM actors WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                                 [list(f.actors)])["name"])
            df = df[df["lane"].isin(names)]
        if lane == "outlet" and f.outlets and not df.empty:
            df = df[df["lane"].isin(set(f.outlets))]
        return df.reset_index(drop=True)

    def timeline_summary(self, f: Filters) -> dict[str, Any]:
        """Counts and date bounds of the dated items matching ``f``, in one aggregate query: enough to
        decide between drawing items one by one and the overview, without loading any row."""
        sql = _filter_items(f)
        sql.add("start IS NOT NULL")
        row = self._rows(
            f"""{_ITEMS}
            SELECT count(*), count(*) FILTER (WHERE item_type = 'event'),
                   count(*) FILTER (WHERE item_type = 'statement'),
                   count(*) FILTER (WHERE date_conflict),
                   count(*) FILTER (WHERE coalesce(granularity, 'day') <> 'day'),
                   min(start), max(coalesce("end", start))
            FROM items {sql.where()}""", sql.params)[0]
        keys = ("items", "events", "statements", "conflicts", "bands", "date_min", "date_max")
        return dict(zip(keys, row, strict=True))

    def day_counts(self, f: Filters) -> dict[date, int]:
        """How many day-precise items (one day: start = end) matching ``f`` fall on each day: what the
        story window is found from (``dateline.story.window``)."""
        sql = _filter_items(f)
        sql.add("start IS NOT NULL")
        sql.add('start = "end"')
        sql.add("coalesce(granularity, 'day') = 'day'")
        return dict(self._rows(f"{_ITEMS} SELECT start, count(*) FROM items {sql.where()} GROUP BY 1",
                               sql.params))

    def timeline_edges(self, f: Filters, first: date, last: date) -> dict[str, Any]:
        """The dated items matching ``f`` but its dates that lie wholly before ``first`` or wholly after
        ``last``: how many (``before``, ``after``), the earliest start and the latest end among them
        (``earliest``, ``latest``) — the timeline's "N earlier / N later" indicators."""
        sql = _filter_items(replace(f, date_from=None, date_to=None))
        sql.add("start IS NOT NULL")
        row = self._rows(
            f"""{_ITEMS}
            SELECT count(*) FILTER (WHERE coalesce("end", start) < ?),
                   min(start) FILTER (WHERE coalesce("end", start) < ?),
                   count(*) FILTER (WHERE start > ?),
                   max(coalesce("end", start)) FILTER (WHERE start > ?)
            FROM items {sql.where()}""", [first, first, last, last, *sql.params])[0]
        return dict(zip(("before", "earliest", "after", "latest"), row, strict=True))

    def timeline_profile(self, f: Filters) -> pd.DataFrame:
        """The dated items matching ``f`` but its dates, counted per (start, end, type, band, conflict):
        a few thousand rows from which ``profile_day_counts``, ``profile_edges`` and ``profile_summary``
        give the story window, the "earlier / later" counts and the summary of any date range without
        another query (the text filter makes each scan of the items cost a string search)."""
        sql = _filter_items(replace(f, date_from=None, date_to=None))
        sql.add("start IS NOT NULL")
        rows = self._rows(
            f"""{_ITEMS}
            SELECT start, "end", item_type = 'event' AS is_event,
                   coalesce(granularity, 'day') <> 'day' AS band,
                   start = "end" AND coalesce(granularity, 'day') = 'day' AS one_day,
                   coalesce(date_conflict, false) AS conflict, count(*) AS n
            FROM items {sql.where()} GROUP BY ALL""", sql.params)
        columns = ["start", "end", "is_event", "band", "one_day", "conflict", "n"]
        return pd.DataFrame(rows, columns=columns).astype({"start": object, "end": object})  # Python dates

    def timeline_overview(self, f: Filters, lane: Lane = "actor", unit: str = "week",
                          max_lanes: int = 40, others: bool = False) -> pd.DataFrame:
        """Dated items counted per lane and ``unit`` (day, week, month, quarter, year), with the most
        frequent kind and the count of each — what the timeline draws when too many items match to draw
        them one by one. Busiest ``max_lanes`` lanes only; with ``others`` the remaining lanes fold into
        one more row (``lane`` NULL, last), where an item counts once however many of its lanes fold.
        A bucket never starts before ``f.date_from``: a band begun earlier counts where the view begins."""
        if unit not in ("day", "week", "month", "quarter", "year"):
            raise ValueError(f"unknown unit {unit!r}")
        sql = _filter_items(f)
        sql.add("start IS NOT NULL")
        lane_expr = "unnest(CASE WHEN len(actors) = 0 THEN [?] ELSE actors END)" if lane == "actor" \
            else "unnest(CASE WHEN len(outlets) = 0 THEN [?] ELSE outlets END)"
        lane_default = NO_ACTOR if lane == "actor" else UNKNOWN_OUTLET
        first = "greatest(start, ?::DATE)" if f.date_from else "start"
        params: list[Any] = [lane_default, *([f.date_from] if f.date_from else []), *sql.params]
        keep = ""
        if lane == "actor" and f.actors:
            keep = "WHERE lane IN (SELECT name FROM actors WHERE id IN (SELECT unnest(?::VARCHAR[])))"
            params.append(list(f.actors))
        elif lane == "outlet" and f.outlets:
            keep = "WHERE lane IN (SELECT unnest(?::VARCHAR[]))"
            params.append(list(f.outlets))
        q = f"""{_ITEMS},
            laned AS (SELECT {lane_expr} AS lane, item_id, kind,
                             date_trunc('{unit}', {first})::DATE AS bucket, date_conflict
                      FROM items {sql.where()}),
            kept AS (SELECT * FROM laned {keep}),
            ranked AS (SELECT lane, count(*) AS total, starts_with(lane, '(') AS catch_all FROM kept
                       GROUP BY lane),
            top AS (SELECT lane, catch_all FROM ranked ORDER BY catch_all, total DESC, lane
                    LIMIT {int(max_lanes)}),
            folded AS (SELECT t.lane, k.item_id, k.kind, k.bucket, k.date_conflict
                       FROM kept k {"LEFT JOIN" if others else "JOIN"} top t ON t.lane = k.lane),
            by_kind AS (SELECT lane, kind, bucket, count(DISTINCT item_id) AS n,
                               count(DISTINCT item_id) FILTER (WHERE date_conflict) AS conflicts
                        FROM folded GROUP BY ALL),
            counted AS (SELECT lane, bucket, sum(n)::BIGINT AS n, sum(conflicts)::BIGINT AS conflicts,
                               arg_max(kind, n) AS kind,
                               string_agg(n || ' ' || kind, ' · ' ORDER BY n DESC, kind) AS kinds
                        FROM by_kind GROUP BY lane, bucket),
            totals AS (SELECT lane, sum(n) AS total FROM counted GROUP BY lane)
            SELECT c.lane, c.bucket, c.kind, c.kinds, c.n, c.conflicts, tt.total AS lane_total,
                   (SELECT count(*) FROM ranked) AS lanes_total
            FROM counted c JOIN totals tt ON tt.lane IS NOT DISTINCT FROM c.lane
                 LEFT JOIN top t ON t.lane = c.lane
            ORDER BY c.lane IS NULL, t.catch_all, tt.total DESC, c.lane, c.bucket"""
        return self._df(q, params)

    def items(self, f: Filters, limit: int = 5000) -> pd.DataFrame:
        """Dated and undated items matching the filters, one row each (for tables and exports)."""
        sql = _filter_items(f)
        q = f"""{_ITEMS}
            SELECT item_id, item_type, kind, title, start, "end", granularity, date_text,
                   array_to_string(outlets, ', ') AS outlets, array_to_string(actors, ', ') AS actors,
                   date_conflict, conflict_note, quote, speaker, n_mentions, importance, tier, key_rank,
                   key_headline
            FROM items {sql.where()}
            ORDER BY start NULLS LAST, item_id LIMIT {int(limit)}"""
        return self._df(q, sql.params)

    def evidence(self, item_id: str) -> pd.DataFrame:
        """The source sentences behind one timeline item, with their articles' metadata, the most central
        first (``centrality``: the sentence's mean similarity to the event's other reports)."""
        cols = """a.id AS article_id, a.title AS article_title, a.outlet, a.published, a.url, a.file"""
        df = self._df(
            f"""SELECT {cols}, m.sentence, m.char_start, m.char_end,
                       coalesce(m.date_text, CASE WHEN m.date_basis = 'publication' THEN 'publication date' END) AS date_text, m.start, m."end",
                       m.granularity, NULL::VARCHAR AS quote, NULL::VARCHAR AS speaker,
                       coalesce(m.centrality, 0) AS centrality, m.date_basis
                FROM event_mentions m JOIN articles a ON a.id = m.article_id
                WHERE m.event_id = ?
                ORDER BY centrality DESC, a.published NULLS LAST, a.outlet NULLS LAST, a.id, m.char_start""",
            [item_id],
        )
        if df.empty:
            df = self._df(
                f"""SELECT {cols}, s.sentence, s.sentence_start AS char_start,
                           s.sentence_end AS char_end,
                           coalesce(s.said_text, 'publication date') AS date_text,
                           s.said_start AS start, s.said_end AS "end", s.said_granularity AS granularity,
                           s.text AS quote, coalesce(s.speaker, s.speaker_text) AS speaker,
                           1.0::DOUBLE AS centrality, s.said_basis AS date_basis
                    FROM statements s JOIN articles a ON a.id = s.article_id WHERE s.id = ?""",
                [item_id],
            )
        return df

    # -- exports and briefings (many items at once: never one query per item) ----------------
    def items_by_id(self, item_ids: list[str] | tuple[str, ...]) -> pd.DataFrame:
        """The rows ``items`` would return for exactly these ids (pinning, briefing refresh)."""
        q = f"""{_ITEMS}
            SELECT item_id, item_type, kind, title, start, "end", granularity, date_text,
                   outlets, actors, date_conflict, conflict_note, quote, speaker, n_mentions, importance,
                   tier, key_rank, key_headline
            FROM items WHERE item_id IN (SELECT unnest(?::VARCHAR[]))
            ORDER BY start NULLS LAST, item_id"""
        return self._df(q, [list(item_ids)])

    def sources(self, item_ids: list[str] | tuple[str, ...]) -> pd.DataFrame:
        """``evidence`` for many items in one query, with an ``item_id`` column to group by (each item's
        sources most central first, as ``evidence``)."""
        ids = [list(item_ids)]
        cols = "a.id AS article_id, a.title AS article_title, a.outlet, a.published, a.url, a.file"
        return self._df(
            f"""SELECT m.event_id AS item_id, {cols}, m.sentence,
                       coalesce(m.date_text, CASE WHEN m.date_basis = 'publication' THEN 'publication date' END) AS date_text, m.char_start,
                       coalesce(m.centrality, 0) AS centrality
                FROM event_mentions m JOIN articles a ON a.id = m.article_id
                WHERE m.event_id IN (SELECT unnest(?::VARCHAR[]))
                UNION ALL
                SELECT s.id, {cols}, s.sentence, coalesce(s.said_text, 'publication date'),
                       s.sentence_start, 1.0
                FROM statements s JOIN articles a ON a.id = s.article_id
                WHERE s.id IN (SELECT unnest(?::VARCHAR[]))
                ORDER BY item_id, centrality DESC, published NULLS LAST, outlet NULLS LAST, article_id,
                         char_start""",
            ids + ids,
        )

    # -- the story (salience and key dates, dateline/story) ------------------------------------
    def key_dates(self, limit: int | None = None) -> pd.DataFrame:
        """The corpus' key dates, best first: rank, date, score, event_ids (best first), headline,
        n_events, and the best event's id, title, kind and outlet count (``limit``: the first N)."""
        lim = f"LIMIT {int(limit)}" if limit is not None else ""
        return self._df(
            f"""SELECT k.rank, k.date, k.score, k.event_ids, k.headline, len(k.event_ids) AS n_events,
                       e.id AS event_id, e.title, e.kind, len(e.outlets) AS n_outlets, e.n_mentions
                FROM key_dates k LEFT JOIN events e ON e.id = k.event_ids[1]
                ORDER BY k.rank {lim}""")

    def default_top_n(self) -> int:
        """How many key dates to propose by default for this corpus (``dateline.story.default_top_n``)."""
        articles, days = self._rows("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM key_dates)")[0]
        return _default_top_n(articles, days)

    def story_period(self) -> tuple[date, date] | None:
        """The corpus' publication period as salience defined it (between two quantiles of the
        publication dates), or None without dated articles."""
        meta = dict(self._rows("SELECT key, value FROM meta WHERE key IN ('period_start', 'period_end')"))
        if len(meta) < 2:
            return None
        return date.fromisoformat(meta["period_start"]), date.fromisoformat(meta["period_end"])

    def articles_per_day(self) -> dict[date, int]:
        """Articles published per day (the PUBCOUNT baseline of timeline summarisation)."""
        return dict(self._rows(
            "SELECT published, count(*) FROM articles WHERE published IS NOT NULL GROUP BY 1"))

    def references_per_day(self) -> dict[date, int]:
        """Day-precise date expressions naming each day (the date-reference baseline)."""
        return dict(self._rows(
            """SELECT start, count(*) FROM timexes WHERE granularity = 'day' AND start = "end"
               GROUP BY 1"""))

    # -- tables -----------------------------------------------------------------------------
    @staticmethod
    def _statement_filter(f: Filters) -> _Sql:
        sql = _Sql()
        if f.actors:
            sql.add("s.speaker_id IN (SELECT unnest(?::VARCHAR[]))", list(f.actors))
        if f.outlets:
            sql.add("a.outlet IN (SELECT unnest(?::VARCHAR[]))", list(f.outlets))
        if f.kinds and "statement" not in f.kinds:
            sql.add("false")
        if f.date_from:
            sql.add("s.said_end >= ?", f.date_from)
        if f.date_to:
            sql.add("s.said_start <= ?", f.date_to)
        if f.text.strip():
            sql.add("contains(lower(coalesce(s.speaker, '') || ' ' || s.speaker_text || ' ' || s.text), ?)",
                    f.text.strip().lower())
        return sql

    def statements(self, f: Filters, limit: int = 5000, offset: int = 0) -> pd.DataFrame:
        """Statements matching ``f`` in the table's order (when said, article, position), one page of
        ``limit`` rows from ``offset``; ``statements_count`` tells how many there are in all."""
        sql = self._statement_filter(f)
        return self._df(
            f"""SELECT s.id, coalesce(s.speaker, s.speaker_text) AS speaker, s.speaker_id,
                       s.speaker_text, s.text, s.direct, s.said_start, s.said_end, s.said_basis,
                       s.said_text, s.said_granularity, a.outlet, a.title AS article_title,
                       a.id AS article_id, a.url, s.sentence, s.sentence_start, s.sentence_end,
                       s.char_start, s.char_end
                FROM statements s JOIN articles a ON a.id = s.article_id {sql.where()}
                ORDER BY s.said_start NULLS LAST, a.id, s.char_start, s.id
                LIMIT {max(0, int(limit))} OFFSET {max(0, int(offset))}""",
            sql.params,
        )

    def statements_count(self, f: Filters) -> int:
        """How many statements match ``f`` (the Statements page's pager)."""
        sql = self._statement_filter(f)
        return int(self._rows(
            f"SELECT count(*) FROM statements s JOIN articles a ON a.id = s.article_id {sql.where()}",
            sql.params)[0][0])

    def articles(self, f: Filters, limit: int = 5000) -> pd.DataFrame:
        sql = _Sql()
        if f.outlets:
            sql.add("a.outlet IN (SELECT unnest(?::VARCHAR[]))", list(f.outlets))
        if f.date_from:
            sql.add("a.published >= ?", f.date_from)
        if f.date_to:
            sql.add("a.published <= ?", f.date_to)
        if f.actors:
            sql.add("a.id IN (SELECT article_id FROM actor_keys WHERE actor_id IN "
                    "(SELECT unnest(?::VARCHAR[])))", list(f.actors))
        if f.text.strip():
            sql.add("contains(lower(coalesce(a.title, '') || ' ' || a.text), ?)", f.text.strip().lower())
        return self._df(
            f"""SELECT a.id, a.title, a.outlet, a.published, a.published_basis, a.author, a.url, a.file,
                       a.word_count,
                       (SELECT count(*) FROM statements s WHERE s.article_id = a.id) AS statements,
                       (SELECT count(*) FROM event_mentions m WHERE m.article_id = a.id) AS events
                FROM articles a {sql.where()}
                ORDER BY a.published NULLS LAST, a.file LIMIT {int(limit)}""",
            sql.params,
        )

    def article(self, article_id: str) -> dict[str, Any] | None:
        df = self._df("SELECT * FROM articles WHERE id = ?", [article_id])
        return None if df.empty else df.iloc[0].to_dict()

    def article_spans(self, article_id: str) -> pd.DataFrame:
        """Everything extracted from one article as (kind, start, end, label) spans, for highlighting."""
        return self._df(
            """SELECT 'date' AS kind, char_start, char_end,
                      text || ' → ' || coalesce(CAST(start AS VARCHAR) ||
                          CASE WHEN "end" <> start THEN ' … ' || CAST("end" AS VARCHAR) ELSE '' END,
                          'unresolved') AS label
               FROM timexes WHERE article_id = ?
               UNION ALL
               SELECT CASE WHEN direct THEN 'quote' ELSE 'reported' END, char_start, char_end,
                      'said by ' || coalesce(speaker, speaker_text)
               FROM statements WHERE article_id = ?
               UNION ALL
               SELECT 'actor', m.char_start, m.char_end, coalesce(ac.name, m.key)
               FROM mentions m LEFT JOIN actor_keys k ON k.article_id = m.article_id AND k.key = m.key
                    LEFT JOIN actors ac ON ac.id = k.actor_id
               WHERE m.article_id = ?
               ORDER BY char_start, char_end""",
            [article_id, article_id, article_id],
        )

    def actors(self, f: Filters | None = None, limit: int = 2000) -> pd.DataFrame:
        sql = _Sql()
        if f and f.actors:
            sql.add("id IN (SELECT unnest(?::VARCHAR[]))", list(f.actors))
        if f and f.text.strip():
            sql.add("contains(lower(name || ' ' || array_to_string(aliases, ' ')), ?)",
                    f.text.strip().lower())
        return self._df(
            f"""SELECT id, name, type, aliases, roles, mention_count,
                       (SELECT count(*) FROM statements s WHERE s.speaker_id = actors.id) AS statements
                FROM actors {sql.where()} ORDER BY mention_count DESC, name LIMIT {int(limit)}""",
            sql.params,
        )

    def rejections(self) -> pd.DataFrame:
        return self._df("SELECT file, reason, fatal FROM rejections ORDER BY file")

    def new_since(self, since: datetime) -> dict[str, frozenset[str]]:
        """Ids of what entered the store after ``since`` (naive UTC): the articles whose current content
        arrived later, their statements, and the events with a mention in one of them (an event that
        gained a new source is new again: there is something new to read about it)."""
        fresh = "SELECT article_id FROM arrivals WHERE stored_at > ?"
        rows = self._rows(
            f"""SELECT 'articles', article_id FROM ({fresh})
                UNION ALL SELECT 'statements', id FROM statements WHERE article_id IN ({fresh})
                UNION ALL SELECT DISTINCT 'events', event_id FROM event_mentions WHERE article_id IN ({fresh})""",
            [since, since, since])
        return {kind: frozenset(i for k, i in rows if k == kind) for kind in ("articles", "statements", "events")}

    def records(self, name: str) -> list[dict[str, Any]]:
        """A whole table as plain Python values, for exports only (the UI never calls this)."""
        allowed = {"articles", "timexes", "actors", "statements", "events", "event_mentions",
                   "mentions", "sentences", "rejections", "key_dates"}
        if name not in allowed:
            raise ValueError(f"unknown table {name!r}")
        cur = self._cursor()
        try:
            result = cur.execute(f"SELECT * FROM {name} ORDER BY ALL")
            columns = [d[0] for d in result.description]
            return [dict(zip(columns, row, strict=True)) for row in result.fetchall()]
        except duckdb.Error as exc:
            raise _unreadable(self.path, exc) from exc
        finally:
            cur.close()

    # -- actors page (statements over time, co-actors) ------------------------------------------
    def actor_statement_counts(self, actor_ids: list[str] | tuple[str, ...], unit: str = "month") -> pd.DataFrame:
        """Statements per actor and period (by when they were said), for the actor cards' small charts."""
        if unit not in ("day", "week", "month", "quarter", "year"):
            raise ValueError(f"unknown unit {unit!r}")
        return self._df(
            f"""SELECT speaker_id AS actor_id, date_trunc('{unit}', said_start)::DATE AS period,
                       count(*) AS statements, count(*) FILTER (WHERE direct) AS direct
                FROM statements
                WHERE speaker_id IN (SELECT unnest(?::VARCHAR[])) AND said_start IS NOT NULL
                GROUP BY ALL ORDER BY actor_id, period""",
            [list(actor_ids)],
        )

    def co_actors(self, actor_ids: list[str] | tuple[str, ...], per_actor: int = 5) -> pd.DataFrame:
        """Who each actor appears with: other actors named in the same sentences or grouped in the same
        events, strongest first (``per_actor`` each)."""
        return self._df(
            """WITH wanted AS (SELECT unnest(?::VARCHAR[]) AS id),
               placed AS (
                   SELECT DISTINCT k.actor_id, s.article_id, s.idx
                   FROM mentions m
                   JOIN actor_keys k ON k.article_id = m.article_id AND k.key = m.key
                   JOIN sentences s ON s.article_id = m.article_id
                        AND m.char_start >= s.char_start AND m.char_start < s.char_end),
               by_sentence AS (
                   SELECT a.actor_id, b.actor_id AS other_id, count(*) AS sentences
                   FROM placed a JOIN placed b ON a.article_id = b.article_id AND a.idx = b.idx
                        AND a.actor_id <> b.actor_id
                   WHERE a.actor_id IN (SELECT id FROM wanted)
                   GROUP BY ALL),
               in_event AS (SELECT DISTINCT id AS event_id, unnest(actor_ids) AS actor_id FROM events),
               by_event AS (
                   SELECT a.actor_id, b.actor_id AS other_id, count(*) AS events
                   FROM in_event a JOIN in_event b ON a.event_id = b.event_id AND a.actor_id <> b.actor_id
                   WHERE a.actor_id IN (SELECT id FROM wanted)
                   GROUP BY ALL),
               joined AS (
                   SELECT coalesce(s.actor_id, e.actor_id) AS actor_id, coalesce(s.other_id, e.other_id) AS other_id,
                          coalesce(s.sentences, 0) AS sentences, coalesce(e.events, 0) AS events
                   FROM by_sentence s FULL OUTER JOIN by_event e
                        ON s.actor_id = e.actor_id AND s.other_id = e.other_id)
               SELECT j.actor_id, j.other_id, o.name AS other_name, o.type AS other_type, j.sentences, j.events
               FROM joined j JOIN actors o ON o.id = j.other_id
               QUALIFY row_number() OVER (PARTITION BY j.actor_id
                                          ORDER BY j.sentences + j.events DESC, o.name) <= ?
               ORDER BY j.actor_id, j.sentences + j.events DESC, o.name""",
            [list(actor_ids), int(per_actor)],
        )


# -- what the timeline profile gives (pure: no SQL, same semantics as the queries above) ----------------
def profile_day_counts(profile: pd.DataFrame) -> dict[date, int]:
    """``StoreReader.day_counts`` from a profile."""
    one = profile[profile["one_day"].astype(bool)]
    return {k: int(v) for k, v in one.groupby("start")["n"].sum().items()}


def _in_range(profile: pd.DataFrame, first: date | None, last: date | None) -> pd.Series:
    """The rows ``_filter_items`` keeps for a date range: ending on or after ``first``, starting on or
    before ``last`` (a row without an end never passes a ``first``)."""
    keep = pd.Series(True, index=profile.index)
    if first is not None:
        keep &= profile["end"].notna() & (profile["end"] >= first)
    if last is not None:
        keep &= profile["start"] <= last
    return keep


def profile_edges(profile: pd.DataFrame, first: date, last: date) -> dict[str, Any]:
    """``StoreReader.timeline_edges`` from a profile."""
    end = profile["end"].where(profile["end"].notna(), profile["start"])
    before, after = end < first, profile["start"] > last
    return {"before": int(profile.loc[before, "n"].sum()),
            "earliest": profile.loc[before, "start"].min() if before.any() else None,
            "after": int(profile.loc[after, "n"].sum()),
            "latest": end[after].max() if after.any() else None}


def profile_summary(profile: pd.DataFrame, first: date | None, last: date | None) -> dict[str, Any]:
    """``StoreReader.timeline_summary`` of the same filters with the date range ``first``–``last``."""
    rows = profile[_in_range(profile, first, last)]
    n = rows["n"]
    event = rows["is_event"].astype(bool)
    end = rows["end"].where(rows["end"].notna(), rows["start"])
    return {"items": int(n.sum()), "events": int(n[event].sum()), "statements": int(n[~event].sum()),
            "conflicts": int(n[rows["conflict"].astype(bool)].sum()), "bands": int(n[rows["band"].astype(bool)].sum()),
            "date_min": rows["start"].min() if len(rows) else None, "date_max": end.max() if len(rows) else None}
