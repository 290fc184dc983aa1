"""The build: corpus folder in, up-to-date DuckDB store out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dateline.pipeline.build import BuildError, BuildReport, build

if TYPE_CHECKING:
    from dateline.pipeline.article import extract_article

__all__ = ["BuildError", "BuildReport", "build", "extract_article"]


def __getattr__(name: str) -> Any:
    """``extract_article`` loads on first use (it imports spaCy): an unchanged rebuild never needs it."""
    if name == "extract_article":
        from dateline.pipeline.article import extract_article
        return extract_article
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
