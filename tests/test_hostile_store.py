"""A damaged store and a damaged briefings file: checked before use, moved aside (kept) and rebuilt, and
never a traceback on a page.

Damage comes in the forms seen in the field: cut short (a full disk, a copy stopped at 80 %), overwritten
with garbage, a few blocks overwritten in the middle, a DuckDB file of something else.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from dateline.briefing import BriefingStore, Item
from dateline.pipeline import build
from dateline.store import layout
from dateline.store.health import StoreUnreadable, check_store, check_tables, quarantine
from dateline.store.query import Filters, StoreReader
from dateline.store.synthetic import make_synthetic_store
from tests import hostile_corpora as hc

_BLOCK, _HEADER = 262144, 3 * 4096


def _file(path: Path) -> Path:
    """The file a damage hits: a store folder's largest segment (its base), or the file itself."""
    if path.is_dir():
        return max(path.glob("seg-*.duckdb"), key=lambda p: p.stat().st_size)
    return path


def _truncate(path: Path) -> None:
    path = _file(path)
    os.truncate(path, path.stat().st_size * 8 // 10)


def _garbage(path: Path) -> None:
    path = _file(path)
    size = path.stat().st_size
    path.write_bytes(os.urandom(size))


def _middle(path: Path) -> None:
    """Overwrite the first data block of the events table: the file still opens and reports its tables."""
    path = _file(path)
    with duckdb.connect(str(path), read_only=True) as conn:
        [(block,)] = conn.execute("SELECT min(block_id) FROM pragma_storage_info('events') "
                                  "WHERE block_id >= 0 AND segment_type = 'VARCHAR'").fetchall()
    with open(path, "r+b") as fh:
        fh.seek(_HEADER + block * _BLOCK + 64)
        fh.write(os.urandom(4096))


def _foreign(path: Path) -> None:
    path = _file(path)
    path.unlink()
    with duckdb.connect(str(path)) as conn:
        conn.execute("CREATE TABLE t AS SELECT 1 AS x")


def _catalogue_cut(path: Path) -> None:
    cat = layout.catalogue_path(path)
    cat.write_bytes(cat.read_bytes()[:100])


def _catalogue_edited(path: Path) -> None:
    """A hand edit (a segment's row count) that leaves valid JSON but breaks its checksum."""
    cat = layout.catalogue_path(path)
    cat.write_text(cat.read_text().replace('"events": ', '"events": 1', 1))


DAMAGE: dict[str, Callable[[Path], None]] = {"cut short": _truncate, "garbage": _garbage,
                                             "middle block": _middle, "someone else's database": _foreign,
                                             "catalogue cut short": _catalogue_cut,
                                             "catalogue edited": _catalogue_edited}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_synthetic_store(tmp_path_factory.mktemp("health") / "s", 3000)


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_check_store_finds_each_kind_of_damage(synthetic: Path, tmp_path: Path, damage) -> None:  # noqa: ANN001
    db = tmp_path / "store"
    shutil.copytree(synthetic, db)
    assert check_store(db).ok
    damage(db)
    check = check_store(db)
    assert not check.ok and check.damaged and check.problem
    assert str(tmp_path) not in check.problem  # names the file, never the server's folders


def test_a_reader_on_a_damaged_store_raises_one_error_that_names_only_the_file(synthetic: Path,
                                                                                tmp_path: Path) -> None:
    db = tmp_path / "store"
    shutil.copytree(synthetic, db)
    _truncate(db)
    reader = StoreReader(db)
    with pytest.raises(StoreUnreadable) as err:
        reader.timeline(Filters())
        reader.records("events")
    assert "store" in str(err.value) and str(tmp_path) not in str(err.value)


def test_quick_and_deep_checks(synthetic: Path, tmp_path: Path) -> None:
    """The quick check (the build's) sees a rewrite by its time stamp; only the deep one reads every value."""
    db = tmp_path / "store"
    shutil.copytree(synthetic, db)  # a copy: new time stamps, same checksums
    assert check_store(db, deep=False).ok and check_store(db).ok
    seg = _file(db)
    st = seg.stat()
    data = bytearray(seg.read_bytes())
    data[len(data) // 2] ^= 0xFF
    seg.write_bytes(data)
    assert not check_store(db, deep=False).ok  # rewritten since: the checksum is compared
    os.utime(seg, ns=(st.st_atime_ns, st.st_mtime_ns))  # ... unless its time stamp is put back:
    assert check_store(db, deep=False).ok and check_store(db).ok  # both trust what this process verified
    check = check_store(db, trust_verified=False)
    assert check.damaged and "checksum" in check.problem


def test_an_old_single_file_store_is_stale_not_damaged(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    duckdb.connect(str(db)).close()
    check = check_store(db)
    assert check.stale and not check.damaged and not check.ok
    assert not check_store(tmp_path / "none").ok and not check_store(tmp_path / "none").damaged


def test_quarantine_keeps_the_damaged_file_beside_the_store(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    db.write_bytes(b"x" * 20_000)
    first, second = quarantine(db), None
    db.write_bytes(b"y" * 20_000)
    second = quarantine(db)
    assert not db.exists() and first != second
    assert first.read_bytes() == b"x" * 20_000 and second.read_bytes() == b"y" * 20_000
    assert first.parent == second.parent == tmp_path


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_the_build_rebuilds_a_damaged_store_and_says_so(tmp_path: Path, damage) -> None:  # noqa: ANN001
    corpus = hc.make("other", tmp_path)
    db = tmp_path / "store"
    first = build(corpus, db, n_process=1)
    assert not first.repaired
    damage(db)
    report = build(corpus, db, n_process=1)
    assert report.repaired and "damaged" in report.repaired and report.repaired in report.summary()
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("store.damaged-")]
    assert len(kept) == 1 and kept[0].name in report.repaired
    assert check_store(db).ok
    assert StoreReader(db).counts()["articles"] == first.articles
    again = build(corpus, db, n_process=1)  # the repaired store is trusted as it is
    assert again.processed == 0 and not again.repaired


# -- the briefings sidecar ------------------------------------------------------------------------------------
@pytest.mark.parametrize("damage", [_garbage, _truncate], ids=["garbage", "cut short"])
def test_a_damaged_briefings_file_is_moved_aside_and_a_new_one_started(tmp_path: Path, damage) -> None:  # noqa: ANN001
    bs = BriefingStore(tmp_path / "s.briefings.duckdb")
    bid = bs.create("Before")
    for n in range(40):  # enough rows for a few blocks
        bs.pin(bid, Item(f"i{n}", "event", "meeting", os.urandom(8000).hex()))
    assert check_tables(bs.path, ("briefings", "pins")).ok
    damage(bs.path)
    assert bs.all_briefings() == []  # the operation itself repairs, and reads the new (empty) file
    notice = bs.pop_notice()
    assert "damaged" in notice and "moved aside" in notice and bs.pop_notice() == ""
    kept = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1 and kept[0].name in notice
    new = bs.create("After")
    assert [b["id"] for b in bs.all_briefings()] == [new]
    assert bs.repair_if_damaged() == ""  # a sound file is left alone


def test_a_sound_briefings_file_is_never_moved(tmp_path: Path) -> None:
    bs = BriefingStore(tmp_path / "s.briefings.duckdb")
    bs.create("Kept")
    assert bs.repair_if_damaged() == "" and [b["name"] for b in bs.all_briefings()] == ["Kept"]
    assert [p.name for p in tmp_path.iterdir() if ".damaged" in p.name] == []
