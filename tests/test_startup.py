"""A build's fixed cost: what extraction workers import, and when the pool starts."""

from __future__ import annotations

import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

import pytest

from dateline.pipeline.build import _early_pool, build
from dateline.settings import PROJECT_ROOT

SEED_CORPUS = PROJECT_ROOT / "corpus"


def test_an_extraction_worker_imports_neither_scikit_learn_nor_pandas() -> None:
    """Every spawned worker imports the extraction code: scikit-learn (SciPy, pandas) cost each one
    seconds of start-up for a list of stop words."""
    code = ("import sys, dateline.pipeline.extract, dateline.pipeline.article; "
            "print(sorted(m for m in ('sklearn', 'scipy', 'pandas') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_the_stop_words_are_scikit_learns() -> None:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from dateline.events.text import ENGLISH_STOP_WORDS as ours

    assert ours == ENGLISH_STOP_WORDS and len(ours) > 300


def test_the_pool_starts_early_only_for_a_new_store_of_more_than_a_batch(
    tmp_path: Path, seed_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATELINE_BATCH_SIZE", "2")
    with ExitStack() as stack:
        assert _early_pool(stack, SEED_CORPUS, tmp_path / "new", 1, None) is None  # one process
        assert _early_pool(stack, SEED_CORPUS, tmp_path / "new", 2, "tcp://x:8786") is None  # Dask
        assert _early_pool(stack, SEED_CORPUS, seed_store, 2, None) is None  # an update: maybe unchanged
        monkeypatch.setenv("DATELINE_BATCH_SIZE", "64")
        assert _early_pool(stack, SEED_CORPUS, tmp_path / "new", 2, None) is None  # one batch: in-process


@pytest.mark.slow
def test_an_early_pool_build_loads_the_model_while_reading_and_matches(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATELINE_BATCH_SIZE", "2")
    with ExitStack() as stack:
        pool = _early_pool(stack, SEED_CORPUS, tmp_path / "new", 2, None)
        assert pool is not None and len(pool._processes) == 2  # started before any article was read
    report = build(SEED_CORPUS, tmp_path / "store", n_process=2)
    assert report.processed == 5 and report.model_loaded and report.counts["statements"] > 0
