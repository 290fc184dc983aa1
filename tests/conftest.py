"""Shared fixtures: real stores built once per test session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from dateline.settings import PROJECT_ROOT

SEED_CORPUS = PROJECT_ROOT / "corpus"
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default corpus built with the real pipeline into a temporary DuckDB file.

    Tests only read it (those that write use a copy). Under pytest-xdist every worker of the run asks for
    the same file: the build's own lock lets the first one build it and the others find it up to date,
    so the model runs once per test run rather than once per worker.
    """
    from dateline.pipeline import build

    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, above each worker's own
    db = base / "seed-store" / "seed.duckdb"
    build(SEED_CORPUS, db)
    return db


@pytest.fixture(scope="session")
def synthetic_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model-free store of 300 events for UI tests that need volume rather than real text."""
    from dateline.store.synthetic import make_synthetic_store

    return make_synthetic_store(tmp_path_factory.mktemp("synthetic") / "synthetic.duckdb", 300)


# -- markers -------------------------------------------------------------------------------------------
# ``slow``: the test needs the spaCy model or a real build. Tests that use the fixtures below get the
# marker here; tests that build or load the model themselves are marked in their modules, and the hooks
# after this refuse the model to any test that is not marked, so ``make test-fast`` stays model-free.
MODEL_FIXTURES = {"seed_store", "nlp"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: pytest.Item):
    with _model_refused_unless_slow(item):
        yield


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy pipeline, once per test process (for slow tests: others may not load the model)."""
    from dateline.nlp import load_nlp

    return load_nlp()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item):
    with _model_refused_unless_slow(item):
        yield


@contextmanager
def _model_refused_unless_slow(item: pytest.Item) -> Iterator[None]:
    if item.get_closest_marker("slow") is not None:
        yield
        return
    import dateline.nlp

    def refuse(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"{item.nodeid} loads the spaCy model: mark it @pytest.mark.slow")

    original, dateline.nlp.load_nlp = dateline.nlp.load_nlp, refuse
    try:
        yield
    finally:
        dateline.nlp.load_nlp = original
