"""Walking a corpus folder: the only place ingestion touches the file system (with ``read_manifest``).

``load_corpus`` never raises for a bad file or row: it yields a Rejection saying what is wrong and goes on,
so one odd file cannot stop a thousand good ones from loading.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from dateline.ingest.errors import IngestError
from dateline.ingest.ids import normalize_rel_path
from dateline.ingest.manifest import MANIFEST_NAME, read_manifest
from dateline.ingest.parse import is_article_name, parse_article_report
from dateline.records import Article, Rejection
from dateline.settings import get_settings

EntryKind = Literal["file", "outside", "broken", "inside-dir", "unreadable-dir", "special", "other-type",
                    "hidden"]
# Files of the corpus folder's top level that are read as settings, not articles (so never reported):
# the manifest, and the analyst's alias table (read by the build, ``pipeline.build.ALIAS_FILE``).
CONFIG_NAMES = (MANIFEST_NAME, "actors.csv")


@dataclass(frozen=True, slots=True)
class _Entry:
    rel: str
    path: Path
    kind: EntryKind
    detail: str = ""


def human_size(n: int) -> str:
    """Bytes as a person reads them (9.2 MB), for error messages."""
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{int(size)} bytes" if unit == "bytes" else f"{size:.1f}".removesuffix(".0") + f" {unit}"
        size /= 1024
    return f"{n} bytes"


def printable(text: str) -> str:
    """``text`` safe to store and print: bytes of a non-UTF-8 file name (surrogate escapes) shown as \\xNN."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        try:
            raw = text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            raw = text.encode("utf-8", "replace")
        return raw.decode("utf-8", "backslashreplace")


def _inside(target: Path, root_real: Path) -> bool:
    return target.is_relative_to(root_real)


def _walk(root: Path, root_real: Path) -> Iterator[_Entry]:
    """Every entry below ``root``: article candidates, link problems, and the files that are not articles.

    A hidden entry (name starting with '.') is reported once and never entered or read, as the corpus
    contract says; the top level's ``manifest.csv`` and ``actors.csv`` are settings, not reported.

    Iterative (a stack, not recursion) so that absurdly deep folder trees cannot exhaust the stack.
    """
    pending: list[tuple[Path, str]] = [(root, "")]
    while pending:
        folder, rel_prefix = pending.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as exc:
            yield _Entry(rel_prefix.rstrip("/") or ".", folder, "unreadable-dir", exc.strerror or str(exc))
            continue
        for entry in entries:
            rel = rel_prefix + entry.name
            path = Path(entry.path)
            if entry.name.startswith("."):
                yield _Entry(rel, path, "hidden")
                continue
            if not rel_prefix and entry.name in CONFIG_NAMES and entry.is_file():
                continue
            try:
                if entry.is_symlink():
                    yield from _symlink(path, rel, root_real)
                elif entry.is_dir(follow_symlinks=False):
                    pending.append((path, rel + "/"))
                elif is_article_name(entry.name):
                    kind: EntryKind = "file" if entry.is_file(follow_symlinks=False) else "special"
                    yield _Entry(rel, path, kind)
                else:
                    yield _Entry(rel, path, "other-type")
            except OSError as exc:
                yield _Entry(rel, path, "unreadable-dir", exc.strerror or str(exc))


def _symlink(path: Path, rel: str, root_real: Path) -> Iterator[_Entry]:
    """Symlinks: followed only when they stay inside the corpus folder and name an article file."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        if is_article_name(path.name):
            yield _Entry(rel, path, "broken")
        return
    if not _inside(target, root_real):
        if target.is_dir() or is_article_name(path.name):
            yield _Entry(rel, path, "outside", str(target))
        return
    if target.is_dir():
        yield _Entry(rel, path, "inside-dir", str(target))
    elif is_article_name(path.name):
        yield _Entry(rel, path, "file" if target.is_file() else "special")
    else:
        yield _Entry(rel, path, "other-type")


def _entry_rejection(entry: _Entry) -> Rejection | None:
    """The report for a walk entry that cannot be read as an article (None for a readable file)."""
    rel = normalize_rel_path(entry.rel)
    if entry.kind == "outside":
        return Rejection(
            rel,
            f"is a symlink to {entry.detail}, outside the corpus folder; it was not followed. Copy the file "
            "into the folder if it belongs to the corpus",
        )
    if entry.kind == "broken":
        return Rejection(rel, "is a broken symlink (its target does not exist); fix or remove it")
    if entry.kind == "inside-dir":
        return Rejection(
            rel,
            f"is a symlink to a folder inside the corpus ({entry.detail}); not followed, so its files are "
            "loaded once, from their real location",
            fatal=False,
        )
    if entry.kind == "unreadable-dir":
        return Rejection(rel, f"could not be read ({entry.detail}); check its permissions")
    if entry.kind == "special":
        return Rejection(rel, "is not a regular file (a pipe, socket or device); it was skipped")
    if entry.kind == "other-type":
        return Rejection(rel, _other_type_reason(rel))
    if entry.kind == "hidden":
        return Rejection(rel, "is hidden (its name starts with '.'); hidden files and folders are never read",
                         fatal=False)
    return None


# Extensions that are articles under another name: say how to make them load.
_RENAME_HINTS = {".markdown": ".md", ".mdown": ".md", ".mkd": ".md", ".text": ".txt", ".xhtml": ".html",
                 ".shtml": ".html"}


def _other_type_reason(rel: str) -> str:
    name = rel.rsplit("/", 1)[-1].lower()
    hint = next((f"; rename it to {new} if it is an article" for old, new in _RENAME_HINTS.items()
                 if name.endswith(old)), "")
    if name in CONFIG_NAMES:
        hint = f"; only the corpus folder's own {name} is read, not one in a subfolder"
    return f"is not an article file type (.txt, .md, .html or .htm); it was skipped{hint}"


def _read_capped(path: Path, cap: int) -> bytes | str:
    """The file's bytes, or the reason it was not read. The size is checked before any byte is read."""
    try:
        info = os.stat(path)
        size = info.st_size
        if not stat.S_ISREG(info.st_mode):
            return "is not a regular file; it was skipped"
        if size > cap:
            shown = human_size(size)
            if shown == human_size(cap):  # "5 MB, over the 5 MB cap" would read as a contradiction
                shown += f" ({size:,} bytes)"
            return (
                f"file is {shown}, over the {human_size(cap)} cap (DATELINE_MAX_FILE_BYTES); "
                "split it, remove it, or raise the cap"
            )
        with open(path, "rb") as fh:
            raw = fh.read(cap + 1)
    except OSError as exc:
        return f"could not be read ({exc.strerror or exc}); check that it exists and is readable"
    if len(raw) > cap:
        return (f"file grew past the {human_size(cap)} cap (DATELINE_MAX_FILE_BYTES) while being read; "
                "it was skipped")
    return raw


def load_corpus(root: Path, max_file_bytes: int | None = None) -> Iterator[Article | Rejection]:
    """Every article below ``root`` (sorted by relative path), and a Rejection for each unusable file or row.

    Manifest problems come first, then files in order, then manifest rows that matched no loaded file.
    Every string yielded is valid UTF-8, whatever bytes the file names hold.
    """
    for item in _load(root, max_file_bytes):
        if isinstance(item, Rejection):
            safe = Rejection(printable(item.file), printable(item.reason), item.fatal)
            yield item if safe == item else safe
        else:
            yield item


def _load(root: Path, max_file_bytes: int | None) -> Iterator[Article | Rejection]:
    root = Path(root)
    cap = get_settings().max_file_bytes if max_file_bytes is None else max_file_bytes
    if not root.is_dir():
        yield Rejection(str(root), "corpus folder does not exist or is not a folder; check the --corpus path")
        return
    root_real = root.resolve()
    rows: dict[str, dict[str, str]] = {}
    manifest = root / MANIFEST_NAME
    if manifest.is_symlink() and not _inside(manifest.resolve(), root_real):
        yield Rejection(
            MANIFEST_NAME,
            "is a symlink to a file outside the corpus folder; it was not followed and no manifest was used. "
            "Copy the manifest into the folder",
            fatal=False,
        )
    elif manifest.is_file():
        try:
            rows, problems = read_manifest(manifest)
        except Exception as exc:  # noqa: BLE001 - a manifest bug must not stop the corpus loading
            rows, problems = {}, [Rejection(
                MANIFEST_NAME,
                f"unexpected error while reading it ({type(exc).__name__}: {exc}); it was ignored. "
                "This is a bug in Dateline, please report it with the manifest",
                fatal=False,
            )]
        yield from problems
    entries = sorted(_walk(root, root_real), key=lambda e: (normalize_rel_path(e.rel), e.rel))
    seen: set[str] = set()
    for entry in entries:
        rejection = _entry_rejection(entry)
        if rejection is not None:
            yield rejection
            continue
        rel = normalize_rel_path(entry.rel)
        if printable(rel) != rel:
            yield Rejection(rel, "has a name that is not valid UTF-8 (shown with \\x escapes), so it cannot be "
                                 "stored or linked; rename it")
            continue
        if rel in seen:  # two names that differ only in Unicode normalisation (NFC vs NFD)
            yield Rejection(entry.rel, f"has the same name as '{rel}' once Unicode is normalised, so it would "
                                       "get the same id; rename one of them")
            continue
        seen.add(rel)
        meta = rows.pop(rel, None)
        raw = _read_capped(entry.path, cap)
        if isinstance(raw, str):
            yield Rejection(rel, raw)
            continue
        try:
            article, warnings = parse_article_report(raw, rel, meta)
        except IngestError as exc:
            yield Rejection(rel, str(exc))
            continue
        except Exception as exc:  # noqa: BLE001 - one file must never stop the corpus
            yield Rejection(rel, f"unexpected error while reading it ({type(exc).__name__}: {exc}); "
                                 "this is a bug in Dateline, please report it with the file")
            continue
        for warning in warnings:
            yield Rejection(rel, warning, fatal=False)
        yield article
    for rel in sorted(rows):
        yield Rejection(
            MANIFEST_NAME,
            f"the row for '{rel}' matched no loaded article (the file is hidden, a symlink out of the folder, "
            "or named differently on disk); the row was ignored",
            fatal=False,
        )
