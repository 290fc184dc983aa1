"""The one exception ingestion raises, so callers can tell a bad file from a bug."""

from __future__ import annotations


class IngestError(ValueError):
    """A file (or metadata row) cannot be turned into an article; the message says why and what to do."""
