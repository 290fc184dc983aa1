"""Incremental rebuilds: nothing re-extracted when nothing changed, one article when one changed, and a
derivation-only code change re-derives from the stored rows without the model.

Real builds of the seed corpus (copied, with its already-built store, so each test starts up to date).
"""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path

import pytest

from dateline.pipeline import build
from dateline.store import connect
from tests.conftest import SEED_CORPUS

build_module = importlib.import_module("dateline.pipeline.build")  # the module (the package exports the function)


@pytest.fixture
def corpus_and_store(seed_store: Path, tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    db = tmp_path / "store.duckdb"
    shutil.copytree(seed_store, db)
    return corpus, db


def test_unchanged_corpus_loads_no_model(corpus_and_store: tuple[Path, Path]) -> None:
    corpus, db = corpus_and_store
    report = build(corpus, db)
    assert (report.processed, report.unchanged, report.model_loaded) == (0, report.articles, False)


def test_one_changed_article_is_the_only_one_extracted(corpus_and_store: tuple[Path, Path]) -> None:
    corpus, db = corpus_and_store
    article = sorted(p for p in corpus.rglob("*") if p.suffix in {".txt", ".md", ".html"})[0]
    article.write_text(article.read_text(encoding="utf-8")
                       + "\n\nOn 3 March 2031, the committee met again to review the agreement.\n",
                       encoding="utf-8")
    report = build(corpus, db)
    assert report.processed == 1 and report.unchanged == report.articles - 1 and report.model_loaded
    with connect(db) as conn:
        # the new sentence was extracted and grouped into an event
        assert conn.execute("SELECT count(*) FROM timexes WHERE start = DATE '2031-03-03'").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM events WHERE start = DATE '2031-03-03'").fetchone()[0] >= 1


def test_derivation_code_change_rederives_without_the_model(
    corpus_and_store: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, db = corpus_and_store
    monkeypatch.setattr(build_module, "derivation_fingerprint", lambda: "changed-grouping")
    report = build(corpus, db)
    assert report.processed == 0 and not report.model_loaded
    assert report.counts["events"] > 0
    again = build(corpus, db)  # the new signature was stored
    assert again.processed == 0 and not again.model_loaded
