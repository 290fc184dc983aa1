"""Reading ``manifest.csv``: per-article metadata that overrides whatever the files say about themselves.

A bad row is reported and skipped (its article still loads with inferred metadata); a manifest that is not
a CSV with a ``file`` column is reported and ignored as a whole. Nothing here ever stops a corpus loading.
"""

from __future__ import annotations

import csv
import io
import os
import posixpath
from pathlib import Path

from dateline.ingest.dates import parse_published
from dateline.ingest.decode import decode_bytes
from dateline.ingest.errors import IngestError
from dateline.ingest.ids import normalize_rel_path
from dateline.ingest.parse import is_article_name
from dateline.ingest.textmeta import META_KEYS
from dateline.records import Rejection

MANIFEST_NAME = "manifest.csv"
# A manifest row is ~200 bytes; this allows a few hundred thousand articles and refuses absurd files.
_MAX_MANIFEST_BYTES = 256 * 1024 * 1024
_SKIPPED = "row skipped; the article (if any) is loaded with metadata inferred from the file"


def _rejection(path: Path, reason: str) -> Rejection:
    return Rejection(file=path.name, reason=reason, fatal=False)


def _check_rel(rel: str) -> str | None:
    """Why a manifest ``file`` value can never name an article in this folder, or None if it may."""
    if posixpath.isabs(rel) or (len(rel) > 1 and rel[1] == ":"):
        return "is an absolute path; give the path relative to the corpus folder"
    parts = rel.split("/")
    if ".." in parts:
        return "points outside the corpus folder ('..'); give the path relative to the corpus folder"
    if any(part.startswith(".") for part in parts if part):
        return "is in a hidden file or folder, which is never loaded"
    if not is_article_name(rel):
        return "is not an article file (.txt, .md, .html or .htm)"
    return None


def read_manifest(path: Path) -> tuple[dict[str, dict[str, str]], list[Rejection]]:
    """Rows of ``manifest.csv`` keyed by relative file path, plus the problems found (all non-fatal).

    Each row keeps only the contract's columns with non-empty values; ``published`` is normalised to
    YYYY-MM-DD. Rows naming a missing file or carrying an unreadable date are reported and left out.
    """
    path = Path(path)
    rows: dict[str, dict[str, str]] = {}
    problems: list[Rejection] = []
    try:
        size = path.stat().st_size
        if size > _MAX_MANIFEST_BYTES:
            return rows, [_rejection(path, f"manifest is {size / 1e6:.0f} MB, too large to be a manifest; "
                                           "it was ignored")]
        raw = path.read_bytes()
    except OSError as exc:
        return rows, [_rejection(path, f"manifest could not be read ({exc.strerror or exc}); it was ignored")]
    try:
        text = decode_bytes(raw)
    except IngestError as exc:
        return rows, [_rejection(path, f"manifest is not a text file: {exc}; it was ignored")]
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
        if "file" not in header:
            hint = ""
            first = text.split("\n", 1)[0]
            if ";" in first or "\t" in first:
                hint = " (columns must be separated by commas)"
            return rows, [_rejection(
                path,
                f"manifest has no 'file' column in its header row{hint}; it was ignored. The first line must "
                f"name the columns, e.g. 'file,title,outlet,published,url,author'",
            )]
        reader.fieldnames = header
        root = path.parent
        for record in reader:
            line = reader.line_num
            problem = _read_row(record, line, root, rows)
            if problem:
                problems.append(_rejection(path, problem))
    except csv.Error as exc:
        return {}, [_rejection(path, f"manifest is not valid CSV (line {reader.line_num}: {exc}); it was ignored")]
    return rows, problems


def _read_row(record: dict[str | None, object], line: int, root: Path, rows: dict[str, dict[str, str]]) -> str | None:
    """Validate one CSV record and add it to ``rows``; return the reason when it is skipped."""
    file_value = str(record.get("file") or "").strip()
    if not file_value:
        if not any(str(v or "").strip() for k, v in record.items() if k is not None and isinstance(v, str)):
            return None  # a row of empty cells
        return f"line {line}: the 'file' cell is empty; {_SKIPPED}"
    rel = normalize_rel_path(file_value)
    where = f"line {line} ('{file_value}')"
    why = _check_rel(rel)
    if why:
        return f"{where}: the file {why}; {_SKIPPED}"
    if not os.path.isfile(root / rel):
        return f"{where}: no such file in the corpus folder; fix the path or remove the row; {_SKIPPED}"
    if rel in rows:
        return f"{where}: a second row for the same file; the first row is used and this one is ignored"
    row: dict[str, str] = {}
    for key in META_KEYS:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            row[key] = value.strip()
    if "published" in row:
        try:
            row["published"] = parse_published(row["published"]).isoformat()
        except ValueError as exc:
            return f"{where}: unusable 'published' date: {exc}; {_SKIPPED}"
    rows[rel] = row
    return None
