"""Command line: `python -m dateline build|watch|export|story`. Each command is a docstring and a call."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

from dateline.pipeline import BuildError, BuildReport, build
from dateline.settings import get_settings

if TYPE_CHECKING:
    from dateline.store.query import Filters, StoreReader

# The exporters, the briefings and the query layer (pandas) load in the commands that use them: a build
# or a watch starts a second sooner without them (and its extraction workers with it).


class _Formats:
    """The export formats for ``--format``'s choices, looked up on first use (argparse only asks when
    the export command's arguments are checked or its help is shown)."""

    def __iter__(self) -> Iterator[str]:
        from dateline import export

        return iter(sorted(export.FORMATS))

    def __contains__(self, name: object) -> bool:
        from dateline import export

        return name in export.FORMATS


def _build(corpus: Path, db: Path | None, quiet: bool, n_process: int | None = None,
           scheduler: str | None = None, workers: int | None = None) -> BuildReport:
    bar: tqdm | None = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if quiet:
            return
        if bar is None:
            bar = tqdm(total=total, unit="article", desc="Extracting", file=sys.stderr)
        bar.update(done - bar.n)

    try:
        return build(corpus, db, progress=progress, n_process=n_process, scheduler=scheduler,
                     workers=workers)
    finally:
        if bar is not None:
            bar.close()


def cmd_build(args: argparse.Namespace) -> int:
    """Build or update the store for a corpus folder; report what was loaded and skipped."""
    report = _build(args.corpus, args.db, args.quiet, n_process=args.n_process, scheduler=args.scheduler,
                    workers=args.workers)
    print(report.summary(), file=sys.stderr)
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    """Keep the store up to date while articles arrive in the corpus folder: one update per burst of
    changes, one line per update; Ctrl-C stops."""
    from dateline.pipeline.watch import watch  # watchdog only for this command

    with contextlib.suppress(KeyboardInterrupt):
        watch(args.corpus, args.db, poll=args.poll, debounce=args.debounce, interval=args.interval,
              report=lambda line: print(line, flush=True), n_process=args.n_process)
    print("stopped watching", flush=True)
    return 0


def _export_filters(reader: StoreReader, args: argparse.Namespace) -> Filters:
    """Filters from the export flags (actors by name, as the dashboard shows them)."""
    from dateline.store.query import Filters

    ids: tuple[str, ...] = ()
    if args.actor:
        actors = reader.filter_options()["actors"]
        wanted = {a.casefold() for a in args.actor}
        ids = tuple(sorted(actors.loc[actors["name"].str.casefold().isin(wanted), "id"].astype(str)))
        if not ids:
            raise BuildError(f"No actor named {', '.join(args.actor)} in the store.")
    return Filters(actors=ids, outlets=tuple(args.outlet or ()), kinds=tuple(args.kind or ()),
                   date_from=args.date_from, date_to=args.date_to, text=args.text or "", show=args.show)


def cmd_export(args: argparse.Namespace) -> int:
    """Build the store if missing or stale, then write one export of it (or of a saved briefing)."""
    from dateline import export as exporter
    from dateline.briefing.store import BriefingStore
    from dateline.store.query import StoreReader

    report = _build(args.corpus, args.db, quiet=True)
    if report.repaired:
        print(report.repaired, file=sys.stderr)
    for r in report.rejections:
        print(f"{'rejected' if r.fatal else 'warning'}: {r.file}: {r.reason}", file=sys.stderr)
    reader = StoreReader(report.db)
    briefing = None
    if args.briefing:
        store = BriefingStore.beside(report.db)
        briefing = store.get(args.briefing)
        if briefing is None:
            names = ", ".join(b["name"] for b in store.all_briefings()) or "none yet"
            raise BuildError(f"No briefing named {args.briefing!r} beside {report.db} (saved: {names}).")
    if args.format == "parquet" and args.output:  # a dataset is a folder: one file per table
        from dateline.export.parquet import write_parquet_dataset
        files = write_parquet_dataset(reader, args.output)
        print(f"Wrote parquet dataset ({', '.join(f.name for f in files)}) to {args.output}", file=sys.stderr)
        return 0
    data = exporter.render_bytes(reader, args.format, filters=_export_filters(reader, args),
                                 briefing=briefing)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        tmp = args.output.with_name(args.output.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(args.output)
        print(f"Wrote {args.format} export ({len(data):,} bytes) to {args.output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def cmd_story(args: argparse.Namespace) -> int:
    """Build the store if missing or stale, then print the corpus' key dates, best first, each with its
    most central sentences and their sources."""
    from dateline.store.query import StoreReader

    report = _build(args.corpus, args.db, quiet=True)
    for r in report.rejections:
        print(f"{'rejected' if r.fatal else 'warning'}: {r.file}: {r.reason}", file=sys.stderr)
    print(story_text(StoreReader(report.db), args.top, args.sentences))
    return 0


def story_text(reader: StoreReader, top: int | None = None, sentences: int = 2) -> str:
    """The key dates as plain text: rank, day, headline, then up to ``sentences`` representative
    sentences (the best event's most central mentions, one per article) with outlet, article and date."""
    from dateline.display.format import as_date, fmt_day, text_or, truncate

    n = reader.default_top_n() if top is None else max(top, 0)
    keys = reader.key_dates(n)
    total = len(reader.key_dates())
    if keys.empty:
        return "No key dates: the corpus has no day-precise events."
    sources = reader.sources(keys["event_id"].dropna().astype(str).tolist())
    lines = [f"Key dates, best first ({len(keys)} of {total}; --top N to change):"]
    for k in keys.itertuples(index=False):
        day = k.date.date() if hasattr(k.date, "date") else k.date
        lines += ["", f"{k.rank:>3}. {fmt_day(day)}  ({k.n_events} event{'s' * (k.n_events != 1)}, "
                      f"score {k.score:.1f})  {k.headline}"]
        seen: set[str] = set()
        for s in sources[sources["item_id"] == k.event_id].itertuples(index=False):
            if s.article_id in seen or len(seen) >= sentences:
                continue
            seen.add(s.article_id)
            article = text_or(s.article_title) or text_or(s.file)
            published = as_date(s.published)
            where = ", ".join(p for p in (text_or(s.outlet), f"“{truncate(article, 80)}”", text_or(s.file),
                                          fmt_day(published) if published else "") if p)
            lines += [f"       “{truncate(' '.join(text_or(s.sentence).split()), 300)}”", f"         — {where}"]
    return "\n".join(lines)


def parser() -> argparse.ArgumentParser:
    settings = get_settings()
    p = argparse.ArgumentParser(prog="python -m dateline", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help=cmd_build.__doc__, description=cmd_build.__doc__)
    b.add_argument("corpus", nargs="?", type=Path, default=settings.corpus_dir,
                   help=f"corpus folder (default: {settings.corpus_dir})")
    b.add_argument("--db", type=Path, help="DuckDB store file (default: one per corpus under "
                   f"{settings.store_dir})")
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    b.add_argument("--n-process", type=int, metavar="N",
                   help=f"local extraction processes (default: {settings.n_process}, DATELINE_N_PROCESS)")
    dask = b.add_mutually_exclusive_group()
    dask.add_argument("--scheduler", metavar="ADDRESS",
                      help="extract on the Dask cluster at ADDRESS, e.g. tcp://host:8786 (DATELINE_SCHEDULER)")
    dask.add_argument("--workers", type=int, metavar="N", help="extract on a local Dask cluster of N workers")
    b.set_defaults(func=cmd_build)

    w = sub.add_parser("watch", help=cmd_watch.__doc__, description=cmd_watch.__doc__)
    w.add_argument("corpus", nargs="?", type=Path, default=settings.corpus_dir,
                   help=f"corpus folder (default: {settings.corpus_dir})")
    w.add_argument("--db", type=Path, help="DuckDB store file (default: one per corpus)")
    w.add_argument("--poll", action="store_true",
                   help="compare the folder's listing every --interval seconds instead of file events "
                   "(network shares)")
    w.add_argument("--interval", type=float, default=1.0, metavar="SECONDS",
                   help="polling interval (default: 1)")
    w.add_argument("--debounce", type=float, default=2.0, metavar="SECONDS",
                   help="update once the folder has been quiet this long (default: 2)")
    w.add_argument("--n-process", type=int, metavar="N", help="local extraction processes (as for build)")
    w.set_defaults(func=cmd_watch)

    e = sub.add_parser("export", help=cmd_export.__doc__, description=cmd_export.__doc__)
    e.add_argument("--corpus", type=Path, default=settings.corpus_dir,
                   help=f"corpus folder (default: {settings.corpus_dir})")
    e.add_argument("--db", type=Path, help="DuckDB store file (default: one per corpus)")
    e.add_argument("--format", default="json", choices=_Formats(), help="export format")
    e.add_argument("--output", type=Path, help="output file (default: standard output)")
    e.add_argument("--briefing", metavar="NAME", help="export a saved briefing instead of the store's items")
    e.add_argument("--actor", action="append", metavar="NAME", help="only items of this actor (repeatable)")
    e.add_argument("--outlet", action="append", metavar="OUTLET", help="only items from this outlet")
    e.add_argument("--kind", action="append", metavar="KIND", help="only items of this kind")
    e.add_argument("--from", dest="date_from", type=date.fromisoformat, metavar="YYYY-MM-DD",
                   help="only items that end on or after this day")
    e.add_argument("--to", dest="date_to", type=date.fromisoformat, metavar="YYYY-MM-DD",
                   help="only items that start on or before this day")
    e.add_argument("--text", help="only items whose text contains this")
    e.add_argument("--show", choices=("both", "events", "statements"), default="both")
    e.set_defaults(func=cmd_export)

    s = sub.add_parser("story", help=cmd_story.__doc__, description=cmd_story.__doc__)
    s.add_argument("corpus", nargs="?", type=Path, default=settings.corpus_dir,
                   help=f"corpus folder (default: {settings.corpus_dir})")
    s.add_argument("--db", type=Path, help="DuckDB store file (default: one per corpus)")
    s.add_argument("--top", type=int, metavar="N",
                   help="how many key dates (default: by corpus size, about 6 for five articles)")
    s.add_argument("--sentences", type=int, default=2, metavar="K",
                   help="representative sentences per key date (default: 2)")
    s.set_defaults(func=cmd_story)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
