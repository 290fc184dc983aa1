"""Which code the stored data depends on, stage by stage, and a fingerprint of each stage.

A build compares the fingerprints it finds in the store with these: a changed *extraction* fingerprint
re-extracts every article (and re-derives), a changed *derivation* fingerprint only re-derives actors,
statements and events from the stored rows (no model). Every file under ``dateline/`` is listed in
exactly one of the three lists below (``tests/test_fingerprint.py`` checks it), so a new module cannot
change stored data without changing a fingerprint, and editing a reader (a query, an export) rebuilds
nothing. An entry is a file or a folder (``name/``: every file below it, resource tables included),
relative to the package.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent  # dateline/

# What one article's stored rows are made of: the model and its settings, the records, the extractors
# with their resource tables, the per-article step and how its rows are written.
EXTRACTION = (
    "daymath.py", "nlp.py", "records.py", "settings.py", "resources/",
    "ingest/", "temporal/", "statements/",
    "actors/__init__.py", "actors/keys.py", "actors/lexicon.py", "actors/mentions.py", "actors/names.py",
    "actors/roles.py", "actors/spans.py", "actors/tokens.py", "actors/resources/",
    "events/__init__.py", "events/candidates.py", "events/dating.py", "events/kinds.py", "events/parse.py",
    "events/text.py", "events/tree.py", "events/resources/",
    "pipeline/article.py", "pipeline/extract.py",
    "store/schema.py", "store/writer.py",
)

# What turns stored per-article rows into corpus-level records, and the build that runs it all.
DERIVATION = (
    "actors/aliases.py", "actors/people.py", "actors/resolve.py", "actors/slots.py", "events/conflicts.py",
    "events/grouping.py",
    "pipeline/__init__.py", "pipeline/build.py", "pipeline/corpus.py", "pipeline/distributed.py",
    "pipeline/fingerprint.py", "pipeline/spawning.py",
    "store/derived.py", "store/extracted.py",
    "story/__init__.py", "story/keydates.py", "story/salience.py", "story/score.py", "story/resources/",
)

# Readers and tools: nothing they do ends up in the store. Also the store's layout (segments, sessions,
# compaction): how rows are kept, not which; an incompatible layout carries a new layout.LAYOUT_VERSION.
NOT_STORED = (
    "__init__.py", "__main__.py", "cli.py", "pipeline/watch.py",
    "briefing/", "display/", "eval/", "export/",
    "store/__init__.py", "store/briefings.py", "store/dataset.py", "store/health.py", "store/query.py",
    "store/synthetic.py", "store/visits.py", "store/layout.py", "store/session.py", "store/compaction.py",
    "story/window.py",
)

STAGES = {"extraction": EXTRACTION, "derivation": DERIVATION, "not stored": NOT_STORED}


def package_files(root: Path | None = None) -> Iterator[tuple[str, Path]]:
    """Every source and resource file of the package as (path relative to it, path), sorted."""
    root = root or PACKAGE_ROOT
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            yield path.relative_to(root).as_posix(), path


def covers(entry: str, rel: str) -> bool:
    return rel.startswith(entry) if entry.endswith("/") else rel == entry


def stage_of(rel: str) -> list[str]:
    """The stages whose lists name this file (exactly one, for a well-kept list)."""
    return [stage for stage, entries in STAGES.items() if any(covers(e, rel) for e in entries)]


def _fingerprint(entries: tuple[str, ...], root: Path | None) -> str:
    h = hashlib.sha256()
    for rel, path in package_files(root):
        if any(covers(e, rel) for e in entries):
            h.update(rel.encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def extractor_fingerprint(root: Path | None = None) -> str:
    """A hash of the extraction code and its resource tables: a new release re-extracts everything."""
    return _fingerprint(EXTRACTION, root)


def derivation_fingerprint(root: Path | None = None) -> str:
    """A hash of the derivation code: a change re-derives from the stored rows, without the model."""
    return _fingerprint(DERIVATION, root)
