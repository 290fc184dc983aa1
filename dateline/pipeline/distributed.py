"""Extraction on a Dask cluster: the same per-article work as a local build, spread over its workers.

The build stays in charge of everything else (what changed, the atomic swap, corpus-level derivation):
it hands the changed articles here in batches. Each worker loads the model once (a worker plugin), runs
model + extraction on a batch and sends back one Parquet shard per store table; the shards are written
into the store folder and merged into the update's segment as they arrive (the same insert as a local
batch: a store built on a cluster has the same layout), so memory stays bounded on both sides. Workers
need the same Dateline and model installed as the machine that runs the build.
"""

from __future__ import annotations

import itertools
import secrets
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from distributed import Client, LocalCluster, WorkerPlugin, as_completed

from dateline.nlp import load_nlp
from dateline.pipeline.extract import extract_tables
from dateline.pipeline.spawning import script_main_hidden
from dateline.records import Article
from dateline.store import Connection, writer

Progress = Callable[[int, int], None]


class ModelPlugin(WorkerPlugin):
    """Loads the spaCy model when a worker starts, once: every task on that worker reuses it."""

    name = "dateline-model"

    def setup(self, worker: object) -> None:
        load_nlp()


def extract_shard(articles: Sequence[Article], batch_size: int) -> dict[str, bytes]:
    """On a worker: the store rows of ``articles`` as one Parquet file (bytes) per table."""
    out = {}
    for table, arrow in extract_tables(articles, batch_size).items():
        sink = pa.BufferOutputStream()
        pq.write_table(arrow, sink)
        out[table] = sink.getvalue().to_pybytes()
    return out


def extract_on_dask(
    conn: Connection,
    store: Path,
    todo: Sequence[Article],
    batch_size: int,
    progress: Progress | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
) -> None:
    """Extract ``todo`` on the cluster at ``scheduler`` (or a local one of ``workers`` processes) into ``conn``.

    Shards go to ``<store folder>/shards-<id>/`` while the build runs and are removed afterwards (or, after
    a killed build, by the next one).
    """
    shards = store / f"shards-{secrets.token_hex(3)}"
    shutil.rmtree(shards, ignore_errors=True)
    cluster = None
    if scheduler is None:
        with script_main_hidden():
            cluster = LocalCluster(n_workers=workers or 1, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
    client = Client(cluster if cluster is not None else scheduler)
    try:
        client.register_plugin(ModelPlugin())
        window = 2 * max(1, sum(client.nthreads().values()))
        batches = iter([todo[i:i + batch_size] for i in range(0, len(todo), batch_size)])
        pending = as_completed()
        ids_of = {}
        for batch in itertools.islice(batches, window):
            future = client.submit(extract_shard, batch, batch_size, pure=False)
            ids_of[future.key] = [a.id for a in batch]
            pending.add(future)
        done = 0
        if progress:
            progress(0, len(todo))
        for number, future in enumerate(pending):
            result = future.result()
            ids = ids_of.pop(future.key)
            files = {}
            for table, data in result.items():
                path = shards / table / f"part-{number:05d}.parquet"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
                files[table] = path
            writer.replace_articles(conn, ids, files)  # the same insert as a local build
            future.release()
            done += len(ids)
            if progress:
                progress(done, len(todo))
            batch = next(batches, None)
            if batch is not None:
                nxt = client.submit(extract_shard, batch, batch_size, pure=False)
                ids_of[nxt.key] = [a.id for a in batch]
                pending.add(nxt)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
        shutil.rmtree(shards, ignore_errors=True)
