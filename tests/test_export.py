"""The public export contract (../shared/contract): the command, its exit codes and the schema."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from dateline.export import export_document
from dateline.settings import PROJECT_ROOT
from dateline.store.query import StoreReader
from tests.conftest import SEED_CORPUS

SCHEMA = PROJECT_ROOT.parent / "shared" / "contract" / "export.schema.json"


@pytest.fixture(scope="module")
def schema() -> dict:
    if not SCHEMA.exists():
        pytest.skip("../shared/contract is not beside the project")
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def test_export_of_the_seed_store_validates(seed_store: Path, schema: dict):
    doc = export_document(StoreReader(seed_store))
    jsonschema.validate(doc, schema)
    assert len(doc["articles"]) == 5
    assert doc["timexes"] and doc["actors"] and doc["statements"] and doc["events"]
    ids = {a["id"] for a in doc["actors"]}
    assert all(s["speaker_id"] in ids for s in doc["statements"] if s["speaker_id"])


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dateline", *args], capture_output=True, text=True,
                          cwd=PROJECT_ROOT, timeout=600)


def test_export_command_builds_a_stale_store_and_reports_rejections(tmp_path: Path, seed_store: Path,
                                                                    schema: dict):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    (corpus / "empty.md").write_text("", encoding="utf-8")
    db = tmp_path / "store.duckdb"
    shutil.copytree(seed_store, db)
    out = tmp_path / "out" / "export.json"
    proc = _run("export", "--corpus", str(corpus), "--db", str(db), "--format", "json",
                "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "empty.md" in proc.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(doc, schema)
    assert len(doc["articles"]) == 5


def test_export_command_fails_when_nothing_is_usable(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_bytes(b"\x00\x00\x00")
    proc = _run("export", "--corpus", str(corpus), "--db", str(tmp_path / "s.duckdb"),
                "--output", str(tmp_path / "o.json"))
    assert proc.returncode != 0
    assert "a.txt" in proc.stderr
    assert not (tmp_path / "o.json").exists()


def test_csv_export_lists_items_with_sources(seed_store: Path):
    from dateline.export import render

    text = render(StoreReader(seed_store), "csv")
    header = text.splitlines()[0]
    assert "title" in header and "sources" in header and "start" in header
    assert len(text.splitlines()) > 5
