"""Command line: `python -m dateline build|export`. Each command is a docstring and a call."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tqdm import tqdm

from dateline import export as exporter
from dateline.pipeline import BuildError, BuildReport, build
from dateline.settings import get_settings
from dateline.store.query import StoreReader


def _build(corpus: Path, db: Path | None, quiet: bool) -> BuildReport:
    bar: tqdm | None = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if quiet:
            return
        if bar is None:
            bar = tqdm(total=total, unit="article", desc="Extracting", file=sys.stderr)
        bar.update(done - bar.n)

    try:
        return build(corpus, db, progress=progress)
    finally:
        if bar is not None:
            bar.close()


def cmd_build(args: argparse.Namespace) -> int:
    """Build or update the store for a corpus folder; report what was loaded and skipped."""
    report = _build(args.corpus, args.db, args.quiet)
    print(report.summary(), file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Build the store if missing or stale, then write one export of it."""
    report = _build(args.corpus, args.db, quiet=True)
    for r in report.rejections:
        print(f"{'rejected' if r.fatal else 'warning'}: {r.file}: {r.reason}", file=sys.stderr)
    text = exporter.render(StoreReader(report.db), args.format)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
        print(f"Wrote {args.format} export to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


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
    b.set_defaults(func=cmd_build)

    e = sub.add_parser("export", help=cmd_export.__doc__, description=cmd_export.__doc__)
    e.add_argument("--corpus", type=Path, default=settings.corpus_dir,
                   help=f"corpus folder (default: {settings.corpus_dir})")
    e.add_argument("--db", type=Path, help="DuckDB store file (default: one per corpus)")
    e.add_argument("--format", default="json", choices=sorted(exporter.FORMATS), help="export format")
    e.add_argument("--output", type=Path, help="output file (default: standard output)")
    e.set_defaults(func=cmd_export)
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
