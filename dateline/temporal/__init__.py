"""Temporal tagger for English news: find date expressions and resolve them against the publication date.

Public API: ``tag_dates(text, anchor) -> list[TimeMatch]``. Detection lives in ``patterns`` (one regex
built from the tables in ``resources/``), calendar arithmetic in ``resolve``, the glue in ``tagger``.
"""

from dateline.temporal.tagger import tag_dates

__all__ = ["tag_dates"]
