"""The dashboard on a damaged store or briefings file (streamlit.testing): every page runs without an
exception, says what happened, and repairs what it can; the damaged file is kept.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dateline.briefing import BriefingStore
from dateline.pipeline import build
from dateline.settings import PROJECT_ROOT
from dateline.store.health import check_store
from tests import hostile_corpora as hc
from tests.test_hostile_store import _file, _garbage, _truncate

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]
PAGES = ["app.py", "pages/1_Statements.py", "pages/2_Articles.py", "pages/3_Actors.py", "pages/4_Briefing.py"]
TIMEOUT = 180


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("dash")
    corpus = hc.make("dates", base)
    db = base / "good.duckdb"
    build(corpus, db, n_process=1)
    return corpus, db


@pytest.fixture
def store(built: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    corpus, good = built
    db = tmp_path / "store.duckdb"
    shutil.copytree(good, db)
    monkeypatch.setenv("DATELINE_DB", str(db))
    monkeypatch.setenv("DATELINE_CORPUS", str(corpus))
    return db


def _run(page: str) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=TIMEOUT)
    if page != "app.py":
        at.switch_page(page)
    return at.run()


def _texts(at: AppTest) -> str:
    return " ".join(str(e.value) for kind in ("warning", "error", "info", "success") for e in getattr(at, kind))


def _kept(db: Path) -> list[Path]:
    return [p for p in db.parent.iterdir() if p.name.startswith(db.name + ".damaged-")]


@pytest.mark.parametrize("damage", [_truncate, _garbage], ids=["cut short", "garbage"])
def test_a_damaged_store_is_rebuilt_on_first_view_and_every_page_then_runs(store: Path, damage) -> None:  # noqa: ANN001
    damage(store)
    at = _run("app.py")
    assert not at.exception, at.exception
    said = _texts(at)
    assert "damaged" in said and "moved aside" in said, said
    assert str(store.parent) not in said.replace(f"`{store.parent}", "")  # the message names files
    assert len(_kept(store)) == 1 and check_store(store).ok
    assert at.get("plotly_chart"), "the timeline is drawn from the rebuilt store"
    for page in PAGES[1:]:
        assert not _run(page).exception, page


def test_the_repair_notice_reaches_the_next_session_once(store: Path) -> None:
    """A reconnect or another tab is a new session: it is told about the repair too, once, not on every rerun."""
    _garbage(store)
    first = _run("app.py")
    assert "moved aside" in _texts(first)
    assert "moved aside" not in _texts(first.run())  # the same session's next run: said already
    other = _run("app.py")  # a new session on the same server
    assert "moved aside" in _texts(other), _texts(other)
    assert _texts(other).count("moved aside") == 1
    assert "moved aside" not in _texts(other.run())


def test_damage_while_the_app_runs_is_caught_at_the_query_and_repaired(store: Path) -> None:
    import streamlit as st

    from components import data

    at = _run("app.py")
    assert not at.exception and at.get("plotly_chart")
    segment = _file(store)
    stat = segment.stat()
    with open(segment, "r+b") as fh:  # garbage in place: same file, same size and time stamp, same store
        fh.write(os.urandom(stat.st_size))  # version, so the check is not redone before the query
    os.utime(segment, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    data._reader(str(store)).close()  # as a fresh server process would: no cached rows, no open file
    data._reader.clear()
    st.cache_data.clear()
    at = _run("pages/1_Statements.py")
    assert not at.exception, at.exception
    assert "damaged" in _texts(at) and len(_kept(store)) == 1 and check_store(store).ok


def test_a_store_that_cannot_be_rebuilt_is_explained_not_traced(store: Path, monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    _garbage(store)
    monkeypatch.setenv("DATELINE_CORPUS", str(tmp_path / "no such corpus"))
    for page in PAGES:
        at = _run(page)
        assert not at.exception, (page, at.exception)
        assert at.error and "Could not build the store" in at.error[0].value


def test_a_damaged_briefings_file_is_set_aside_with_a_notice(store: Path) -> None:
    side = BriefingStore.beside(store)
    side.create("Before the damage")
    _garbage(side.path)
    at = _run("pages/4_Briefing.py")
    assert not at.exception, at.exception
    said = _texts(at)
    assert "briefings file" in said and "moved aside" in said, said
    assert [p for p in side.path.parent.iterdir() if p.name.startswith(side.path.name + ".damaged-")]
    assert not _run("app.py").exception  # item selection on the timeline reads the briefings too
    side.create("After the repair")
    assert [b["name"] for b in side.all_briefings()] == ["After the repair"]
