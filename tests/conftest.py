"""Shared fixtures: real stores built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.settings import PROJECT_ROOT

SEED_CORPUS = PROJECT_ROOT / "corpus"
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default corpus built with the real pipeline into a temporary DuckDB file."""
    from dateline.pipeline import build

    db = tmp_path_factory.mktemp("seed") / "seed.duckdb"
    build(SEED_CORPUS, db)
    return db


@pytest.fixture(scope="session")
def synthetic_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model-free store of 300 events for UI tests that need volume rather than real text."""
    from dateline.store.synthetic import make_synthetic_store

    return make_synthetic_store(tmp_path_factory.mktemp("synthetic") / "synthetic.duckdb", 300)
