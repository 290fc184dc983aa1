"""The build: corpus folder in, up-to-date DuckDB store out."""

from dateline.pipeline.article import extract_article
from dateline.pipeline.build import BuildError, BuildReport, build

__all__ = ["BuildError", "BuildReport", "build", "extract_article"]
