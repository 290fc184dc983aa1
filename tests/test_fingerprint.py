"""Stage fingerprints: which edits re-extract, which only re-derive, which rebuild nothing.

The fingerprints are computed over a copy of the package (never the working tree, which other tests
import), edited the way a developer would edit the real files.
"""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path

import pytest

from dateline.pipeline import build, fingerprint
from dateline.pipeline.fingerprint import (
    PACKAGE_ROOT,
    STAGES,
    derivation_fingerprint,
    extractor_fingerprint,
    package_files,
    stage_of,
)
from tests.conftest import SEED_CORPUS

build_module = importlib.import_module("dateline.pipeline.build")


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A copy of ``dateline/`` to edit."""
    copy = tmp_path / "dateline"
    shutil.copytree(PACKAGE_ROOT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def _edit(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")


def _fingerprints(root: Path) -> tuple[str, str]:
    return extractor_fingerprint(root), derivation_fingerprint(root)


def test_every_file_of_the_package_is_in_exactly_one_stage() -> None:
    """A new module (or resource table) must be placed: extraction, derivation or not stored."""
    misplaced = {rel: stage_of(rel) for rel, _ in package_files() if len(stage_of(rel)) != 1}
    assert not misplaced, f"list each in exactly one of {list(STAGES)} in dateline/pipeline/fingerprint.py"


def test_the_copy_fingerprints_like_the_package(package: Path) -> None:
    assert _fingerprints(package) == _fingerprints(PACKAGE_ROOT)


@pytest.mark.parametrize("module", ["store/query.py", "export/jsondoc.py", "briefing/store.py", "cli.py"])
def test_editing_a_reader_changes_no_fingerprint(package: Path, module: str) -> None:
    before = _fingerprints(package)
    _edit(package / module)
    assert _fingerprints(package) == before


@pytest.mark.parametrize("module", ["nlp.py", "records.py", "statements/__init__.py", "actors/mentions.py",
                                    "temporal/resources/months.tsv", "store/writer.py", "pipeline/article.py"])
def test_editing_extraction_code_or_tables_changes_the_extraction_fingerprint(package: Path,
                                                                              module: str) -> None:
    extraction, derivation = _fingerprints(package)
    _edit(package / module)
    assert extractor_fingerprint(package) != extraction
    assert derivation_fingerprint(package) == derivation


@pytest.mark.parametrize("module", ["events/grouping.py", "actors/resolve.py", "pipeline/corpus.py",
                                    "store/extracted.py"])
def test_editing_derivation_code_changes_only_the_derivation_fingerprint(package: Path, module: str) -> None:
    extraction, derivation = _fingerprints(package)
    _edit(package / module)
    assert extractor_fingerprint(package) == extraction
    assert derivation_fingerprint(package) != derivation


@pytest.mark.slow
def test_real_builds_after_a_query_edit_and_after_an_nlp_edit(
    package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build reads the fingerprints of the (copied) package: a query edit rebuilds nothing, an edit to
    ``nlp.py`` re-extracts every article."""
    monkeypatch.setattr(fingerprint, "PACKAGE_ROOT", package)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted(SEED_CORPUS.glob("*.txt"))[:2]:
        shutil.copyfile(path, corpus / path.name)
    db = tmp_path / "store.duckdb"
    first = build(corpus, db)
    assert first.processed == 2 and first.model_loaded

    _edit(package / "store" / "query.py")
    again = build(corpus, db)
    assert (again.processed, again.unchanged, again.model_loaded) == (0, 2, False)

    _edit(package / "nlp.py")
    after_nlp = build(corpus, db)
    assert (after_nlp.processed, after_nlp.unchanged, after_nlp.model_loaded) == (2, 0, True)
    assert build_module.extractor_fingerprint() == extractor_fingerprint(package)
