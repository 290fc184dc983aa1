"""The parallel build paths give the local build's results; the Parquet export is a readable dataset.

Real parts throughout: a Dask ``LocalCluster`` of two worker processes (one thread each) running the real
model, a spawned process pool, DuckDB stores, and pyarrow reading the exported files.
"""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from dateline.cli import main
from dateline.export import export_document
from dateline.pipeline import build
from dateline.store.query import StoreReader
from tests.conftest import SEED_CORPUS

# slow: real builds; "builds" group: a Dask cluster and a process pool, run after the other multi-process
# builds rather than beside them
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("builds")]

# Ids of derived records (actors, events, statements) are allowed to differ between paths; article ids
# come from file paths and must not.
_ID_KEYS = {"id", "speaker_id", "actor_ids", "event_id"}


def _normalised(value: Any) -> Any:
    """The export without derived ids, every list in a canonical order."""
    if isinstance(value, dict):
        return {k: _normalised(v) for k, v in value.items() if k not in _ID_KEYS}
    if isinstance(value, list):
        return sorted((_normalised(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value


def _export(db: Path) -> dict[str, Any]:
    reader = StoreReader(db)
    try:
        return _normalised(export_document(reader))
    finally:
        reader.close()


def _script_as_main(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make ``__main__`` a spec-less script, as Streamlit (and AppTest) do with the page being run.

    Spawned workers re-run such a script unless the build hides it; this one leaves a marker file if run.
    """
    marker = tmp_path / "script-ran"
    script = tmp_path / "page.py"
    script.write_text(f"open({str(marker)!r}, 'w').close()\n", encoding="utf-8")
    module = types.ModuleType("__main__")
    module.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", module)
    return marker


def test_dask_local_cluster_build_matches_local_build(
    seed_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATELINE_BATCH_SIZE", "2")  # five articles -> three partitions over two workers
    marker = _script_as_main(tmp_path, monkeypatch)
    db = tmp_path / "dask.duckdb"
    report = build(SEED_CORPUS, db, workers=2)
    assert report.processed == 5 and report.model_loaded
    assert not marker.exists()  # the workers did not re-run the host's script
    assert not list(db.glob("shards-*"))  # shards are merged into the store's segment, then removed
    local, dask = _export(seed_store), _export(db)
    assert dask["events"] and dask["statements"] and dask["timexes"]
    for section in ("articles", "timexes", "actors", "statements", "events"):
        assert dask[section] == local[section], section


def test_process_pool_build_matches_in_process_build(
    seed_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATELINE_BATCH_SIZE", "2")  # more than one batch: the spawned pool is used
    marker = _script_as_main(tmp_path, monkeypatch)
    db = tmp_path / "pool.duckdb"
    build(SEED_CORPUS, db, n_process=2)
    assert not marker.exists()
    assert _export(db) == _export(seed_store)


def test_parquet_export_is_a_dataset_pyarrow_reads(seed_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "dataset"
    assert main(["export", "--corpus", str(SEED_CORPUS), "--db", str(seed_store), "--format", "parquet",
                 "--output", str(out)]) == 0
    tables = {p.stem: pq.read_table(p) for p in out.glob("*.parquet")}
    assert set(tables) == {"articles", "timexes", "actors", "statements", "events", "event_mentions", "key_dates"}
    counts = StoreReader(seed_store).counts()
    for name in ("articles", "timexes", "actors", "statements", "events"):
        assert tables[name].num_rows == counts[name], name
    assert str(tables["events"].schema.field("start").type) == "date32[day]"
    events = set(tables["events"].column("id").to_pylist())
    assert set(tables["event_mentions"].column("event_id").to_pylist()) <= events
    articles = set(tables["articles"].column("id").to_pylist())
    assert set(tables["statements"].column("article_id").to_pylist()) <= articles
    assert tables["articles"].column("text").to_pylist()[0]  # the full text travels with the article
