"""Updates of a large store: disk written, wall time and peak memory per update, before (the whole store
copied per update) and after (one new segment per update, compaction now and then), in one run.

Usage: ``python benchmarks/bench_update.py [--source STORE | --corpus FOLDER] [--copies 1 7 69] [--new 10 50]
[--updates 3]`` (SOURCE: a built t17-bpoil store, a folder or an old single file; without one, FOLDER —
default ../shared/data/t17-bpoil — is built first, about 6 minutes).

Stores of about 1,000, 10,000 and 100,000 articles are the source's rows replicated under new ids
(``benchmarks/replicate.py``: no model). Each update adds N articles: the rows of N source articles under
new ids, and the derived rows an incremental derivation (issue #15 part 1) would produce for them — their
actor keys, statements and event mentions, and the existing events and actors those join, upserted with
new counts. Every update runs in a fresh process, which reports its wall time from opening the store to
the swap, the bytes it wrote to storage (``/proc/self/io`` write_bytes: DuckDB's WAL and checkpoints,
copies, fsyncs) and its peak RSS. Variants:

- before: what a build did until now — copy the store file, write into the copy (per-article rows, the
  derived tables rewritten whole), checkpoint, rename it over the store;
- after: ``open_session`` + ``replace_articles`` + ``apply_derived_delta`` + ``commit`` (a new segment,
  the catalogue swapped; compaction when due);
- after, wholesale: the same, but the derived tables passed whole (``replace_derived``: diffed against
  the stored rows, as today's full derivation does) — up to ``--wholesale-max`` articles.

Then: a full compaction at each size (what the occasional merge costs, and its share per update), a long
run of small updates on the smallest store (bytes per update with every merge included), and the
dashboard's queries on the single file, the compacted store and the store with its update segments.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import duckdb  # noqa: E402
from replicate import file_to_store, open_source, renamed, replicate_file  # noqa: E402

from dateline.store import layout  # noqa: E402
from dateline.store.schema import DERIVED_TABLES, KEYS, PER_ARTICLE_TABLES  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "t17-bpoil"
ARTICLE_TABLES = ("articles", *PER_ARTICLE_TABLES)
MB = 1 << 20


# -- the payload of one update (prepared beforehand, not measured) -----------------------------------------
def make_payload(source: Path, out: Path, update: int, n: int) -> dict:
    """Parquet files of the rows ``n`` new articles bring (source articles ``update * n``… under the prefix
    ``u<update>-``), derived rows included: new mentions join the first copy's (``r000-``) events/actors."""
    out.mkdir(parents=True, exist_ok=True)
    src = open_source(source)
    ids = [r[0] for r in src.execute("SELECT id FROM articles ORDER BY id LIMIT ? OFFSET ?",
                                     [n, (update * n) % max(1, src.execute("SELECT count(*) FROM articles")
                                                            .fetchone()[0] - n)]).fetchall()]
    new, old = f"'u{update:03d}-'", "'r000-'"
    src.execute("CREATE TEMP TABLE picked AS SELECT unnest(?::VARCHAR[]) AS id", [ids])
    files = {}

    def write(table: str, sql: str) -> None:
        files[table] = str(out / f"{table}.parquet")
        src.execute(f"COPY ({sql}) TO '{files[table]}' (FORMAT parquet)")

    for table in ARTICLE_TABLES:
        key = "id" if table == "articles" else "article_id"
        write(table, f"SELECT {renamed(table, new)} FROM \"{table}\" t WHERE t.{key} IN (SELECT id FROM picked)")
    write("actor_keys", f"""SELECT t.* REPLACE ({new} || t.article_id AS article_id, {old} || t.actor_id AS actor_id)
                           FROM actor_keys t WHERE t.article_id IN (SELECT id FROM picked)""")
    write("statements", f"""SELECT t.* REPLACE ({new} || t.id AS id, {new} || t.article_id AS article_id,
                                              {old} || t.speaker_id AS speaker_id)
                           FROM statements t WHERE t.article_id IN (SELECT id FROM picked)""")
    write("event_mentions", f"""SELECT t.* REPLACE ({old} || t.event_id AS event_id, {new} || t.article_id AS article_id,
                                                  list_transform(t.actor_ids, lambda x: {old} || x) AS actor_ids,
                                                  {old} || t.agent_id AS agent_id)
                               FROM event_mentions t WHERE t.article_id IN (SELECT id FROM picked)""")
    write("events", f"""SELECT {renamed('events', old, extra='t.n_mentions + m.n AS n_mentions')}
                       FROM events t JOIN (SELECT event_id, count(*) AS n FROM event_mentions
                                           WHERE article_id IN (SELECT id FROM picked) GROUP BY 1) m
                            ON m.event_id = t.id""")
    write("actors", f"""SELECT {renamed('actors', old, extra='t.mention_count + k.n AS mention_count')}
                       FROM actors t JOIN (SELECT actor_id, count(*) AS n FROM actor_keys
                                           WHERE article_id IN (SELECT id FROM picked) GROUP BY 1) k
                            ON k.actor_id = t.id""")
    write("key_dates", "SELECT * FROM key_dates")  # re-ranked whole by a derivation (a few hundred rows)
    src.close()
    doc = {"ids": [f"u{update:03d}-{i}" for i in ids], "files": files}
    (out / "payload.json").write_text(json.dumps(doc))
    return doc


# -- one update, in its own process -------------------------------------------------------------------------
def peak_rss() -> int:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from the parent)."""
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmHWM"))


def io_written() -> int:
    with open("/proc/self/io") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("write_bytes"))


def one_update(variant: str, store: Path, payload: Path) -> dict:
    """Apply the payload to the store as ``variant`` does; what it cost."""
    doc = json.loads((payload / "payload.json").read_text())
    files = {t: Path(f) for t, f in doc["files"].items()}
    import pandas  # noqa: F401 - a build has these loaded already: not part of an update's cost
    layout.tables()
    w0, t0 = io_written(), time.perf_counter()
    extra: dict = {}
    if variant == "before":
        before_update(store, doc["ids"], files)
    else:
        from dateline.store import open_session
        from dateline.store.derived import apply_derived_delta

        with open_session(store) as s:
            s.replace_articles(doc["ids"], {t: files[t] for t in ARTICLE_TABLES})
            if variant == "after":
                apply_derived_delta(s, upserts={t: files[t] for t in DERIVED_TABLES})
            else:  # wholesale: every derived table whole, as a full derivation hands it over
                for table in DERIVED_TABLES:
                    s.replace_table(table, s.conn.sql(whole_table_sql(table, f"prior.\"{table}\"",
                                                                      files[table])).to_arrow_table())
            s.set_meta({"inputs": f"update {payload.name}"})
            stats = s.commit()
        extra = {"segment": stats.segment_bytes, "compacted": stats.compacted_bytes,
                 "merged": stats.merged, "segments": stats.segments}
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "written": io_written() - w0,
            "rss": peak_rss(), **extra}


def whole_table_sql(table: str, stored: str, delta: Path) -> str:
    """The table after the update: the stored rows the delta does not supersede, then the delta's."""
    on = " AND ".join(f"t.\"{k}\" IS NOT DISTINCT FROM d.\"{k}\"" for k in KEYS[table])
    return (f"SELECT t.* FROM {stored} t ANTI JOIN read_parquet('{delta}') d ON {on} "
            f"UNION ALL BY NAME SELECT * FROM read_parquet('{delta}')")


def before_update(store: Path, ids: list[str], files: dict[str, Path]) -> None:
    """The write path before issue #15: copy, write per-article rows, rewrite derived tables, swap."""
    tmp = store.with_name(store.name + ".building")
    shutil.copyfile(store, tmp)
    conn = duckdb.connect(str(tmp))
    conn.execute("BEGIN")
    for table in ARTICLE_TABLES:
        key = "id" if table == "articles" else "article_id"
        conn.execute(f"DELETE FROM \"{table}\" WHERE {key} IN (SELECT unnest(?))", [ids])
        conn.execute(f"INSERT INTO \"{table}\" BY NAME SELECT * FROM read_parquet('{files[table]}')")
    conn.execute("COMMIT")
    conn.execute("BEGIN")
    for table in DERIVED_TABLES:  # write_derived: DELETE everything, INSERT everything
        conn.execute(f"CREATE TEMP TABLE whole AS {whole_table_sql(table, chr(34) + table + chr(34), files[table])}")
        conn.execute(f"DELETE FROM \"{table}\"")
        conn.execute(f"INSERT INTO \"{table}\" BY NAME SELECT * FROM whole")
        conn.execute("DROP TABLE whole")
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('inputs', ?)", [f"update {len(ids)}"])
    conn.execute("COMMIT")
    conn.execute("CHECKPOINT")
    conn.close()
    os.replace(tmp, store)


def run_child(*args: str) -> dict:
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"child {args} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- compaction --------------------------------------------------------------------------------------------
def full_compaction(store: Path) -> dict:
    from dateline.store import compaction

    cat = layout.read_catalogue(store)
    w0, t0 = io_written(), time.perf_counter()
    seg = compaction.merge(store, cat.segments, cat.generation + 1, keep_gone=False)
    layout.write_catalogue(store, layout.Catalogue(cat.generation + 1, (seg,), cat.meta))
    layout.remove_unreferenced(store, layout.read_catalogue(store))
    return {"seconds": time.perf_counter() - t0, "written": io_written() - w0, "bytes": seg.bytes,
            "rss": peak_rss()}


# -- dashboard queries -------------------------------------------------------------------------------------
def query_times(stores: dict[str, Path], rounds: int = 5) -> dict[str, dict[str, float]]:
    """Median ms per dashboard query on each store, the stores interleaved round by round."""
    from bench_dashboard import filters_for

    from components.data import DETAIL_LIMIT
    from dateline.display.overview import overview_unit
    from dateline.store.query import Filters, StoreReader

    def filter_change(reader: StoreReader, f: Filters) -> None:
        """The timeline page's queries on a filter change (bench_dashboard's, without the figure)."""
        summary = reader.timeline_summary(f)
        if summary["items"] > DETAIL_LIMIT:
            reader.timeline_overview(f, "actor", overview_unit(summary["date_min"], summary["date_max"]))
        else:
            reader.timeline(f, lane="actor")

    class FileReader(StoreReader):
        """The reader as it was: one read-only connection to a single file."""

        def _cursor(self) -> duckdb.DuckDBPyConnection:
            if self._conn is None:
                self._conn = duckdb.connect(str(self.path), read_only=True)
            return self._conn.cursor()

    readers = {name: (FileReader(p) if p.is_file() else StoreReader(p)) for name, p in stores.items()}
    first = next(iter(readers.values()))
    filters = filters_for(first)
    actor = str(first.filter_options()["actors"]["id"].iloc[0])
    item = first.timeline(Filters(actors=(actor,)))["item_id"].iloc[0]
    queries = {f"filter: {k}": (lambda r, f=f: filter_change(r, f)) for k, f in filters.items()}
    queries |= {
        "filter options": lambda r: r.filter_options(),
        "evidence": lambda r: r.evidence(item),
        "statements": lambda r: r.statements(Filters()),
        "articles": lambda r: r.articles(Filters()),
        "actors": lambda r: r.actors(Filters()),
        "co-actors": lambda r: r.co_actors([actor]),
    }
    samples: dict[str, dict[str, list[float]]] = {q: {n: [] for n in readers} for q in queries}
    for reader in readers.values():
        for fn in queries.values():
            fn(reader)  # warm: connection opened, files cached
    for _ in range(rounds):
        for q, fn in queries.items():
            for name, reader in readers.items():
                t0 = time.perf_counter()
                fn(reader)
                samples[q][name].append(1000 * (time.perf_counter() - t0))
    for reader in readers.values():
        reader.close()
    return {q: {n: statistics.median(v) for n, v in by.items()} for q, by in samples.items()}


def print_queries(by_size: dict[int, tuple]) -> None:
    """Query times on each size's single file, compacted store, updated store (and long-run store)."""
    print("\ndashboard queries, median ms (single file / compacted store / + update segments [/ long run]):")
    for single, store, n_articles, updated, long_store in by_size.values():
        stores = {"file": single, "store": store, "updated": updated}
        if long_store is not None and layout.exists(long_store):
            stores["long"] = long_store
        times_by = query_times(stores)
        segments = "/".join(str(len(layout.read_catalogue(p).segments)) for p in list(stores.values())[1:])
        print(f"  {n_articles:,} articles (segments: {segments}):")
        for q, by in times_by.items():
            print(f"    {q:<24} " + " ".join(f"{by[k]:7.1f}" for k in stores))
        print(f"    {'sum':<24} " + " ".join(f"{sum(by[k] for by in times_by.values()):7.1f}" for k in stores))


# -- the run -----------------------------------------------------------------------------------------------
def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, help="a built store of the corpus to replicate")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="built first when --source is not given")
    ap.add_argument("--copies", type=int, nargs="+", default=[1, 7, 69])
    ap.add_argument("--new", type=int, nargs="+", default=[10, 50])
    ap.add_argument("--updates", type=int, default=3, help="updates per size and variant (median / mean)")
    ap.add_argument("--wholesale-max", type=int, default=12000, help="largest store for the wholesale variant")
    ap.add_argument("--long", type=int, default=40, help="updates of the long run on the smallest store")
    ap.add_argument("--work", type=Path, help="working folder (default: a temporary one, removed)")
    ap.add_argument("--one", nargs=3, metavar=("VARIANT", "STORE", "PAYLOAD"), help=argparse.SUPPRESS)
    ap.add_argument("--compact", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--only-queries", action="store_true", help="only the query times, on the stores of "
                    "an earlier run with the same --work")
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one_update(args.one[0], Path(args.one[1]), Path(args.one[2]))))
        return 0
    if args.compact:
        print(json.dumps(full_compaction(args.compact)))
        return 0
    if args.only_queries:  # again on the stores an earlier run left in --work
        work = args.work
        by_size = {}
        for c in args.copies[:2]:
            single = work / f"x{c}.duckdb"
            with duckdb.connect(str(single), read_only=True) as conn:
                n = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            by_size[c] = (single, work / f"x{c}.store", n, work / f"w-after-{c}-{args.new[-1]}",
                          work / "long" if c == args.copies[0] else None)
        print_queries(by_size)
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-update-"))
    work.mkdir(parents=True, exist_ok=True)
    if args.source is None:
        from dateline.pipeline import build

        args.source = work / "source"
        print(f"building {args.corpus} into {args.source} ...")
        build(args.corpus, args.source)
    if not args.source.exists():
        raise SystemExit(f"no source store at {args.source}")
    try:
        run(args, work)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def run(args: argparse.Namespace, work: Path) -> None:
    print(f"source: {args.source}; work: {work}")
    rows = []
    compactions = {}
    stores = {}
    for copies in args.copies:
        single = work / f"x{copies}.duckdb"
        store = work / f"x{copies}.store"
        t0 = time.perf_counter()
        if not single.exists():
            replicate_file(args.source, single, copies)
        if not layout.exists(store):
            file_to_store(single, store)
        with duckdb.connect(str(single), read_only=True) as c:
            n_articles = c.execute("SELECT count(*) FROM articles").fetchone()[0]
        seg_bytes = sum(s.bytes for s in layout.read_catalogue(store).segments)
        print(f"\n{n_articles:,} articles: single file {single.stat().st_size / MB:,.0f} MB, store "
              f"{seg_bytes / MB:,.0f} MB (one base segment), made in {time.perf_counter() - t0:.0f} s")
        updated = None
        for n in args.new:
            payloads = []
            for u in range(args.updates):
                payloads.append(work / f"payload-{n}-{u}")
                make_payload(args.source, payloads[-1], u, n)
            variants = ["before", "after"] + (["wholesale"] if n_articles <= args.wholesale_max else [])
            for variant in variants:
                target = work / f"w-{variant}-{copies}-{n}"
                if variant == "before":
                    shutil.copyfile(single, target)
                else:
                    shutil.rmtree(target, ignore_errors=True)
                    shutil.copytree(store, target)
                results = [run_child("--one", variant, str(target), str(p)) for p in payloads]
                row = {"articles": n_articles, "new": n, "variant": variant,
                       "seconds": statistics.median(r["seconds"] for r in results),
                       "written": statistics.mean(r["written"] for r in results),
                       "rss": max(r["rss"] for r in results),
                       "segments": results[-1].get("segments"),
                       "merged": sum(r.get("merged", 0) for r in results)}
                rows.append(row)
                print(f"  +{n:>3} {variant:<10} {row['seconds']:7.2f} s  {row['written'] / MB:9.1f} MB written  "
                      f"peak RSS {row['rss'] / MB:6.0f} MB"
                      + (f"  ({row['segments']} segments)" if row["segments"] else ""))
                if variant == "after" and n == args.new[-1]:
                    updated = target  # kept: compaction and queries below
                elif target.is_file():
                    target.unlink()
                else:
                    shutil.rmtree(target, ignore_errors=True)
            for p in payloads:
                shutil.rmtree(p, ignore_errors=True)
        stores[copies] = (single, store, n_articles, updated)
        # the occasional full merge, on a copy of the updated store
        merged = work / f"compact-{copies}"
        shutil.rmtree(merged, ignore_errors=True)
        shutil.copytree(stores[copies][3], merged)
        compactions[copies] = run_child("--compact", str(merged))
        c = compactions[copies]
        print(f"  full compaction: {c['seconds']:.1f} s, {c['written'] / MB:,.0f} MB written, "
              f"peak RSS {c['rss'] / MB:.0f} MB")

    # a long run of small updates: every merge included
    copies = args.copies[0]
    long_store = work / "long"
    shutil.rmtree(long_store, ignore_errors=True)
    shutil.copytree(stores[copies][1], long_store)
    total, most, merges, times = 0, 0, 0, []
    for u in range(args.long):
        p = work / f"payload-long-{u}"
        make_payload(args.source, p, 100 + u, args.new[0])
        r = run_child("--one", "after", str(long_store), str(p))
        total += r["written"]
        most = max(most, r["segments"])
        merges += r["merged"]
        times.append(r["seconds"])
        shutil.rmtree(p, ignore_errors=True)
    print(f"\nlong run: {args.long} updates of {args.new[0]} articles on {stores[copies][2]:,} articles: "
          f"{total / args.long / MB:.2f} MB written per update, merges included ({merges} segments merged, "
          f"at most {most} segments); median {statistics.median(times):.2f} s")

    # the dashboard's queries
    print_queries({c: stores[c][:3] + (stores[c][3], long_store if c == copies else None)
                   for c in args.copies[:2]})

    print("\nSUMMARY per update (median s / mean MB written), before -> after:")
    for copies in args.copies:
        n_articles = stores[copies][2]
        for n in args.new:
            by = {r["variant"]: r for r in rows if r["articles"] == n_articles and r["new"] == n}
            whole = by.get("wholesale")
            print(f"  {n_articles:>7,} articles +{n:<3}: {by['before']['seconds']:6.2f} s {by['before']['written'] / MB:8.1f} MB"
                  f" -> {by['after']['seconds']:5.2f} s {by['after']['written'] / MB:6.2f} MB"
                  + (f"  (wholesale derived: {whole['seconds']:.2f} s {whole['written'] / MB:.2f} MB)" if whole else ""))
        c = compactions[copies]
        print(f"  {n_articles:>7,} articles full compaction {c['seconds']:.1f} s {c['written'] / MB:,.0f} MB "
              f"(once per growth of the store by half)")


if __name__ == "__main__":
    raise SystemExit(main())
