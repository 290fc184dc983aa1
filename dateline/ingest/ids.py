"""Stable identifiers and change-detection hashes for articles.

Ids come from the path alone so that re-running on the same folder (or on a copy of it) gives the same ids;
the content hash covers the bytes *and* the metadata row so that fixing a manifest re-processes the article.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Mapping

# Bump when parsing changes what an Article looks like, so stores built by an older version re-process.
PARSER_VERSION = "dateline-ingest/1"


def normalize_rel_path(rel_path: str) -> str:
    """Forward slashes, no leading './', NFC (macOS stores NFD names; the same folder must give the same ids)."""
    path = unicodedata.normalize("NFC", rel_path.replace("\\", "/"))
    while path.startswith("./"):
        path = path[2:]
    return path


def article_id_for(rel_path: str) -> str:
    """Short id derived from the path relative to the corpus folder: ``a-`` + 12 hex digits of its SHA-1."""
    digest = hashlib.sha1(normalize_rel_path(rel_path).encode("utf-8")).hexdigest()
    return "a-" + digest[:12]


def content_hash_for(raw: bytes, meta: Mapping[str, str] | None) -> str:
    """SHA-256 of the raw bytes plus the effective metadata row (and the parser version)."""
    h = hashlib.sha256()
    h.update(raw)
    h.update(b"\x00")
    h.update(json.dumps(dict(meta or {}), sort_keys=True, ensure_ascii=False).encode("utf-8"))
    h.update(b"\x00" + PARSER_VERSION.encode("ascii"))
    return h.hexdigest()
