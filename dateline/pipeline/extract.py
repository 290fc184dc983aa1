"""One batch of articles through the model and the extractors, as store rows.

The unit of work every build path hands out (this process, a pool worker, a Dask worker): its own module
so that the local build and the Dask path both use it without importing each other.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pyarrow as pa

from dateline.records import Article
from dateline.settings import get_settings
from dateline.store import writer


def word_batches(items: Sequence[Article], size: int, words: int) -> Iterator[Sequence[Article]]:
    """Batches of at most ``size`` articles and about ``words`` words: the model's working memory grows
    with the words in a batch (64 long articles take over 1 GB), so long articles go in smaller ones."""
    start, total = 0, 0
    for i, a in enumerate(items):
        n = a.text.count(" ") + 1
        if i > start and (i - start >= size or total + n > words):
            yield items[start:i]
            start, total = i, 0
        total += n
    if start < len(items):
        yield items[start:]


def extract_tables(articles: Sequence[Article], batch_size: int) -> dict[str, pa.Table]:
    """Model + extraction + store rows for some articles, as Arrow tables per store table.

    Runs wherever the articles are (this process, a pool worker, a Dask worker): the model is loaded
    once per process (``load_nlp`` is cached), and the caller only has to insert the tables.
    """
    from dateline.nlp import load_nlp
    from dateline.pipeline.article import extract_article

    nlp = load_nlp()
    extractions = []
    for group in word_batches(articles, batch_size, get_settings().batch_words):
        docs = nlp.pipe((a.text for a in group), batch_size=len(group))
        extractions += [extract_article(a, doc) for a, doc in zip(group, docs, strict=True)]
    return {table: pa.Table.from_pylist(rows)
            for table, rows in writer.extraction_rows(extractions).items() if rows}
