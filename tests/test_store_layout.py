"""The store's layout (a folder of segment files and a catalogue): updates write only what changed,
readers see the old or the new store and never anything between, a kill at any phase of the write path
loses nothing, compaction keeps results equal, and damage is detected.

Model-free: stores are written through the real write session (DuckDB files on disk, real subprocesses
for kills and concurrent readers), with small hand-made rows.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from dateline.settings import PROJECT_ROOT
from dateline.store import StoreDamaged, StoreMissing, compaction, layout, open_session
from dateline.store.derived import apply_derived_delta, replace_derived
from dateline.store.health import check_store
from dateline.store.query import Filters, StoreReader
from tests.store_rows import update

ENV = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}


def snapshot(store: Path) -> dict[str, list]:
    conn = layout.open_read(store)[0]
    try:
        return {t: sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"').fetchall()))
                for t in ("articles", "sentences", "actors", "meta")}
    finally:
        conn.close()


def files(store: Path) -> set[str]:
    return {p.name for p in store.iterdir()}


def listed(store: Path) -> set[str]:
    return {s.name for s in layout.read_catalogue(store).segments} | {layout.CATALOGUE}


@pytest.fixture
def base(tmp_path: Path) -> Path:
    store = tmp_path / "store"
    update(store, put=[(i, 0, 2) for i in range(40)], fresh=True)
    return store


# -- updates ------------------------------------------------------------------------------------------
def test_an_update_writes_a_small_segment_and_leaves_the_old_files_untouched(base: Path) -> None:
    first = layout.read_catalogue(base)
    [old] = first.segments
    before = (base / old.name).stat()
    stats = update(base, put=[(3, 1, 5), (40, 0, 1)], drop=[7])
    cat = layout.read_catalogue(base)
    assert cat.generation == first.generation + 1 and [s.name for s in cat.segments][0] == old.name
    after = (base / old.name).stat()
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (before.st_ino, before.st_mtime_ns, before.st_size)
    assert layout.file_digest(base / old.name) == old.digest
    assert stats.segment_bytes < old.bytes / 4 and stats.compacted_bytes == 0
    new = cat.segments[1]
    assert new.rows["articles"] == 2 and new.rows["sentences"] == 6
    assert new.gone["articles"] == 2  # the replaced and the removed one (the added one was not stored)
    assert new.rows["actors"] == 1 and new.gone["actors"] == 2  # only the actor rows that changed

    reader = StoreReader(base)
    arts = {a["id"]: a for a in reader.records("articles")}
    assert len(arts) == 40 and "a0007" not in arts and "a0040" in arts
    assert arts["a0003"]["text"] == "article 3 version 1"
    sentences = reader.records("sentences")
    assert sum(s["article_id"] == "a0003" for s in sentences) == 5 and len(sentences) == 38 * 2 + 5 + 1
    assert {a["id"] for a in reader.records("actors")} == {f"actor-{i}" for i in arts}


def test_a_store_version_and_a_reader_that_follows_updates(base: Path) -> None:
    reader = StoreReader(base)
    first = reader.version()
    assert first > 0 and reader.counts()["articles"] == 40
    update(base, put=[(41, 0, 1)])
    assert reader.version() == first + 1 and reader.counts()["articles"] == 41
    assert layout.store_version(base) == first + 1 and layout.store_version(base.parent / "none") == 0
    # a rebuild (fresh, or after the store was set aside) never reuses a generation: caches key on it
    update(base, put=[(1, 0, 1)], fresh=True)
    assert reader.version() == first + 2 and reader.counts()["articles"] == 1
    shutil.rmtree(base)
    update(base, put=[(1, 0, 1)])
    assert reader.version() > first + 2


def test_a_derived_delta_upserts_and_deletes_by_key(base: Path) -> None:
    with open_session(base) as s:
        replace_derived(s, {
            "actor_keys": [{"article_id": "a0001", "key": "k", "actor_id": "x"},
                           {"article_id": "a0001", "key": "j", "actor_id": "y"},
                           {"article_id": "a0002", "key": "k", "actor_id": "x"}],
            "event_mentions": [{"event_id": "e1", "article_id": "a0001", "char_start": 0, "sentence": "one"},
                               {"event_id": "e1", "article_id": "a0001", "char_start": 0, "sentence": "dup"},
                               {"event_id": "e1", "article_id": "a0002", "char_start": 5, "sentence": "two"}]})
        s.commit()
    with open_session(base) as s:
        counts = apply_derived_delta(
            s, upserts={"actor_keys": [{"article_id": "a0001", "key": "k", "actor_id": "z"}],
                        "event_mentions": [{"event_id": "e1", "article_id": "a0001", "char_start": 0,
                                            "sentence": "one again"}]},
            deletes={"actor_keys": [("a0002", "k")], "actors": ["actor-a0005"]})
        assert counts == {"actors": 1, "actor_keys": 2, "event_mentions": 1}
        with pytest.raises(ValueError, match="keyed by"):
            apply_derived_delta(s, deletes={"actor_keys": ["a0001"]})
        with pytest.raises(ValueError, match="not derived"):
            apply_derived_delta(s, deletes={"articles": ["a0001"]})
        s.commit()
    reader = StoreReader(base)
    conn = layout.open_read(base)[0]
    assert sorted(conn.execute("SELECT article_id, key, actor_id FROM actor_keys").fetchall()) == [
        ("a0001", "j", "y"), ("a0001", "k", "z")]
    conn.close()
    # the (event, article, offset) group of two rows was replaced as a whole; the other mention stayed
    assert sorted(r["sentence"] for r in reader.records("event_mentions")) == ["one again", "two"]
    assert "actor-a0005" not in {r["id"] for r in reader.records("actors")}


def test_a_wholesale_write_that_changes_most_rows_rewrites_the_table(base: Path) -> None:
    with open_session(base) as s:
        replace_derived(s, {"actors": [{"id": f"other-{i}", "name": "n"} for i in range(40)]})
        s.commit()
    new = layout.read_catalogue(base).segments[-1]
    assert "actors" in new.cleared and "actors" not in new.gone and new.rows["actors"] == 40
    assert {r["id"] for r in StoreReader(base).records("actors")} == {f"other-{i}" for i in range(40)}


def test_a_session_closed_without_commit_changes_nothing(base: Path) -> None:
    before, names = snapshot(base), files(base)
    with open_session(base) as s:
        s.delete_articles(["a0001"])
        assert s.execute("SELECT count(*) FROM articles").fetchone()[0] == 39  # its own reads see it
    assert snapshot(base) == before and files(base) == names


def test_readers_opening_the_store_during_a_rebuild_get_the_old_one(base: Path) -> None:
    with open_session(base, fresh=True) as s:  # (a new extractor: every row rewritten)
        s.replace_articles(["x"], {})
        reader = StoreReader(base)  # a dashboard started meanwhile
        assert reader.counts()["articles"] == 40
        s.commit()
    assert reader.counts()["articles"] == 0 and files(base) == listed(base)


# -- compaction ---------------------------------------------------------------------------------------
def test_the_compaction_plan_merges_geometrically() -> None:
    def seg(n: int) -> layout.Segment:
        return layout.Segment(f"s{n}", n, "")

    assert compaction.plan([seg(1000)]) is None
    assert compaction.plan([seg(1000), seg(10)]) is None
    assert compaction.plan([seg(1000), seg(10), seg(10)]) == (1, 3)  # two alike: merged
    assert compaction.plan([seg(1000), seg(40), seg(10)]) is None  # sizes already grow geometrically
    assert compaction.plan([seg(1000), seg(40), seg(20), seg(10), seg(10)]) == (1, 5)  # the carry ripples
    assert compaction.plan([seg(100), seg(40), seg(11)]) == (0, 3)  # deltas over half the base: all
    many = [seg(10**9)] + [seg(4**k) for k in range(14, 0, -1)]
    assert compaction.plan(many) == (1, len(many))  # the cap on segments


@pytest.mark.slow  # thirty updates
def test_compaction_keeps_results_equal_and_the_segment_count_bounded(tmp_path: Path) -> None:
    store = tmp_path / "store"
    rng = random.Random(5)
    model: dict[int, tuple[int, int]] = {i: (0, 2) for i in range(200)}
    update(store, put=[(i, 0, 2) for i in model], fresh=True)
    merged = 0
    for step in range(30):
        put = []
        for i in rng.sample(range(260), rng.randint(1, 6)):
            version = model.get(i, (0, 0))[0] + 1
            model[i] = (version, rng.randint(1, 4))
            put.append((i, *model[i]))
        drop = [i for i in rng.sample(sorted(model), 2) if i not in {p[0] for p in put}]
        for i in drop:
            del model[i]
        stats = update(store, put=put, drop=drop)
        merged += stats.merged
        cat = layout.read_catalogue(store)
        assert len(cat.segments) <= 8, (step, [s.bytes for s in cat.segments])
        assert files(store) == listed(store)  # merged-away files are gone
        if step % 10 == 9 or step == 0:
            reader = StoreReader(store)
            arts = {a["id"]: a for a in reader.records("articles")}
            assert arts.keys() == {f"a{i:04d}" for i in model}
            assert all(arts[f"a{i:04d}"]["text"] == f"article {i} version {v}" for i, (v, _) in model.items())
            sentences = reader.records("sentences")
            assert len(sentences) == sum(n for _, n in model.values())
            assert {r["id"] for r in reader.records("actors")} == {f"actor-{a}" for a in arts}
            reader.close()
    assert merged > 0
    before = snapshot(store)
    full = compaction.merge(store, layout.read_catalogue(store).segments, 99, keep_gone=False)
    layout.write_catalogue(store, layout.Catalogue(100, (full,), layout.read_catalogue(store).meta))
    assert snapshot(store) == before  # one merged base shows exactly the same rows


def test_a_reader_keeps_reading_segments_that_compaction_removed(base: Path, monkeypatch) -> None:
    conn, _ = layout.open_read(base)
    before = conn.execute("SELECT count(*) FROM sentences").fetchall()
    monkeypatch.setattr(compaction, "BASE_SHARE", 0.0)  # every update merges everything into a new base
    update(base, put=[(1, 1, 3)])
    assert len(layout.read_catalogue(base).segments) == 1
    assert not (files(base) - listed(base))  # the old base is removed from the folder...
    assert conn.execute("SELECT count(*) FROM sentences").fetchall() == before  # ...and still readable
    conn.close()


# -- damage and old stores ----------------------------------------------------------------------------
def test_a_damaged_catalogue_is_detected_and_the_next_update_rebuilds(base: Path) -> None:
    path = layout.catalogue_path(base)
    doc = json.loads(path.read_text())
    doc["catalogue"]["generation"] += 1  # no longer matches its checksum
    path.write_text(json.dumps(doc))
    with pytest.raises(StoreDamaged):
        StoreReader(base).counts()
    assert check_store(base).damaged and StoreReader(base).version() == 0
    path.write_text('{"catalogue": ')
    with pytest.raises(StoreDamaged):
        layout.read_catalogue(base)
    update(base, put=[(1, 0, 1)])  # a damaged store is rebuilt whole
    assert StoreReader(base).counts()["articles"] == 1 and check_store(base).ok


@pytest.mark.parametrize("damage", ["truncated", "missing", "garbage", "bit flipped"])
def test_a_damaged_segment_is_detected(base: Path, damage: str) -> None:
    update(base, put=[(1, 1, 3)])
    seg = base / layout.read_catalogue(base).segments[-1].name
    data = bytearray(seg.read_bytes())
    if damage == "truncated":
        seg.write_bytes(data[: len(data) // 2])
    elif damage == "missing":
        seg.unlink()
    elif damage == "garbage":
        seg.write_bytes(b"\x00" * len(data))
    else:
        data[len(data) // 2] ^= 0xFF
        seg.write_bytes(data)
    check = check_store(base)
    assert check.damaged and seg.name in check.problem
    if damage != "bit flipped":  # caught when the store is opened (size, header)
        with pytest.raises(StoreDamaged, match=seg.name):
            StoreReader(base).counts()


def test_a_single_file_store_of_an_older_dateline_is_rebuilt(tmp_path: Path) -> None:
    store = tmp_path / "old.duckdb"
    duckdb.connect(str(store)).close()
    with pytest.raises(StoreMissing, match="older Dateline"):
        StoreReader(store).counts()
    update(store, put=[(1, 0, 2)])
    assert store.is_dir() and StoreReader(store).counts()["articles"] == 1
    assert not list(tmp_path.glob("old.duckdb.*"))


# -- kills at every phase of the write path -----------------------------------------------------------
KILL = '''
import os, signal, sys
from pathlib import Path
from dateline.store import compaction, layout, session
from tests.store_rows import update

phase, store = sys.argv[1], Path(sys.argv[2])
compaction.BASE_SHARE = 0.0  # this update also compacts, so that the compaction phases happen

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

def after(function):
    def wrapped(*args, **kwargs):
        function(*args, **kwargs)
        die()
    return wrapped

if phase == "segment half written":
    real = session.WriteSession.replace_articles
    calls = []
    def replace(self, ids, tables):
        real(self, ids, tables)
        calls.append(ids)
        if len(calls) == 2:
            die()
    session.WriteSession.replace_articles = replace
elif phase == "segment written, before compaction":
    compaction.compact = die
elif phase == "compaction written, catalogue not":
    compaction.merge = after(compaction.merge)
elif phase == "catalogue written, not swapped":
    real_replace = os.replace
    def replace(src, dst):
        if str(dst).endswith(layout.CATALOGUE):
            die()
        real_replace(src, dst)
    layout.os.replace = replace
elif phase == "catalogue swapped, folder not flushed":
    layout.fsync_folder = die
elif phase == "swapped, old files half removed":
    real_write, real_unlink, swapped = layout.write_catalogue, Path.unlink, []
    def write_catalogue(*args):
        swapped.append(real_write(*args))
        return swapped[-1]
    def unlink(self, missing_ok=False):
        real_unlink(self, missing_ok=missing_ok)
        if swapped:
            die()
    layout.write_catalogue, Path.unlink = write_catalogue, unlink
update(store, put=[(1, 1, 3), (2, 1, 1), (100, 0, 2)], drop=[5])
print("finished")
'''
BEFORE_SWAP = ["segment half written", "segment written, before compaction", "compaction written, catalogue not",
               "catalogue written, not swapped"]
AFTER_SWAP = ["catalogue swapped, folder not flushed", "swapped, old files half removed"]


@pytest.mark.slow  # seven updates in subprocesses
def test_a_kill_at_any_phase_of_an_update_leaves_the_old_or_the_new_store(base: Path, tmp_path: Path) -> None:
    update(base, put=[(9, 1, 1)])  # two segments, so that compaction has work
    old = snapshot(base)
    clean = tmp_path / "clean"
    shutil.copytree(base, clean)
    done = subprocess.run([sys.executable, "-c", KILL, "none", str(clean)], env=ENV, capture_output=True,
                          text=True, timeout=120)
    assert done.stdout.strip() == "finished", done.stderr
    new = snapshot(clean)
    assert new != old
    for phase in BEFORE_SWAP + AFTER_SWAP:
        store = tmp_path / phase.replace(" ", "-").replace(",", "")
        shutil.copytree(base, store)
        proc = subprocess.run([sys.executable, "-c", KILL, phase, str(store)], env=ENV, capture_output=True,
                              text=True, timeout=120)
        assert proc.returncode == -signal.SIGKILL, (phase, proc.stderr)
        expected = old if phase in BEFORE_SWAP else new
        assert snapshot(store) == expected, phase
        assert check_store(store, trust_verified=False).ok, phase
        if phase in BEFORE_SWAP:
            assert files(store) - listed(store), phase  # the killed update's files are really there
        update(store, put=[(1, 1, 3), (2, 1, 1), (100, 0, 2)], drop=[5])  # the next one completes
        assert snapshot(store)["articles"] == new["articles"], phase
        assert files(store) == listed(store), phase  # and removes what the killed one left


# -- readers while updates run --------------------------------------------------------------------------
WRITER = '''
import sys
from pathlib import Path
from dateline.store import compaction
from tests.store_rows import update
compaction.GROWTH = 1.5  # merge often
store = Path(sys.argv[1])
for step in range(int(sys.argv[2])):
    update(store, put=[(1000 + step, 0, 1 + step % 4), (step % 7, step + 1, 1 + step % 3)])
'''


@pytest.mark.slow  # 25 updates in a subprocess
def test_readers_in_another_process_see_the_old_or_the_new_store_never_half(base: Path) -> None:
    steps = 25
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(base), str(steps)], env=ENV,
                              stderr=subprocess.PIPE, text=True)
    reader = StoreReader(base)
    seen: set[int] = set()
    sql = """SELECT (SELECT count(*) FROM articles), (SELECT sum(word_count) FROM articles),
                    (SELECT count(*) FROM sentences), (SELECT count(*) FROM actors),
                    (SELECT count(*) FROM articles a JOIN actors b ON b.id = 'actor-' || a.id)"""
    deadline = time.monotonic() + 300
    while (writer.poll() is None or len(seen) < 2) and time.monotonic() < deadline:
        [(arts, words, sentences, actors, matched)] = reader._rows(sql)  # one query: one generation
        assert words == sentences and actors == arts == matched, (arts, words, sentences, actors)
        seen.add(arts)
        assert "item_id" in reader.timeline(Filters()).columns  # the dashboard's query, mid-update
    assert writer.wait(timeout=300) == 0, writer.stderr.read() if writer.stderr else ""
    assert reader.counts()["articles"] == 40 + steps
    assert len(seen) >= 2  # the reader saw the store change under it
    reader.close()


def test_segment_ddl_covers_every_table() -> None:
    conn = duckdb.connect()
    conn.execute(layout.segment_ddl())
    names = {r[0] for r in conn.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert names == set(layout.tables()) | {f"_gone_{t}" for t in layout.tables()}
