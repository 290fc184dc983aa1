"""Corpus ingestion: a folder of news articles (.txt, .md, .html) in, Articles and Rejections out.

The folder format is the public contract in the export README: optional ``manifest.csv`` and front matter,
hidden folders skipped, and metadata precedence manifest > front matter > HTML metadata > text > unknown.
"""

from __future__ import annotations

from dateline.ingest.errors import IngestError
from dateline.ingest.ids import article_id_for
from dateline.ingest.loader import load_corpus
from dateline.ingest.manifest import read_manifest
from dateline.ingest.parse import parse_article, parse_article_report

__all__ = [
    "IngestError",
    "article_id_for",
    "load_corpus",
    "parse_article",
    "parse_article_report",
    "read_manifest",
]
