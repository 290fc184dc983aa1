"""The dashboard's access to the store: one cached reader, cached queries, and a first-start build.

Every query is cached per (store, store version, arguments): each build swaps in a new catalogue with
the next generation number, so the cache misses and the page shows the new data without a restart.
Pages call these wrappers; none of them contains SQL (that lives in ``dateline.store.query``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dateline.display import overview
from dateline.display import timeline as swimlane
from dateline.settings import get_settings
from dateline.store import exists as store_exists
from dateline.store.query import Filters, Lane, StoreReader

Stamp = int  # the store's generation (StoreReader.version)


def store_path() -> Path:
    """DATELINE_DB if set, else the default corpus' store under .dateline/."""
    settings = get_settings()
    return settings.db or settings.default_db()


def _stamp(path: Path) -> Stamp:
    """The store's version: changes with every build that changed it (0: no store yet)."""
    return _reader(str(path)).version()


@st.cache_resource(show_spinner=False)
def _reader(path: str) -> StoreReader:
    """One reader per store file for the whole server: it hands out a cursor per query (thread-safe)."""
    return StoreReader(path)


def reader() -> StoreReader:
    return _reader(str(store_path()))


def _key() -> tuple[str, Stamp]:
    path = store_path()
    return str(path), _stamp(path)


# -- cached queries (plain hashable arguments only: Filters is a frozen dataclass) --------------
@st.cache_data(show_spinner=False, max_entries=32)
def _counts(path: str, stamp: Stamp) -> dict[str, int]:
    return _reader(path).counts()


@st.cache_data(show_spinner=False, max_entries=8)
def _filter_options(path: str, stamp: Stamp) -> dict[str, Any]:
    return _reader(path).filter_options()


@st.cache_data(show_spinner=False, max_entries=64)
def _timeline(path: str, stamp: Stamp, filters: Filters, lane: Lane) -> pd.DataFrame:
    return _reader(path).timeline(filters, lane=lane)


@st.cache_data(show_spinner=False, max_entries=512)
def _evidence(path: str, stamp: Stamp, item_id: str) -> pd.DataFrame:
    return _reader(path).evidence(item_id)


@st.cache_data(show_spinner=False, max_entries=64)
def _statements(path: str, stamp: Stamp, filters: Filters) -> pd.DataFrame:
    return _reader(path).statements(filters)


@st.cache_data(show_spinner=False, max_entries=64)
def _articles(path: str, stamp: Stamp, filters: Filters) -> pd.DataFrame:
    return _reader(path).articles(filters)


@st.cache_data(show_spinner=False, max_entries=128)
def _article(path: str, stamp: Stamp, article_id: str) -> dict[str, Any] | None:
    return _reader(path).article(article_id)


@st.cache_data(show_spinner=False, max_entries=128)
def _article_spans(path: str, stamp: Stamp, article_id: str) -> pd.DataFrame:
    return _reader(path).article_spans(article_id)


@st.cache_data(show_spinner=False, max_entries=64)
def _actors(path: str, stamp: Stamp, filters: Filters) -> pd.DataFrame:
    return _reader(path).actors(filters)


@st.cache_data(show_spinner=False, max_entries=8)
def _rejections(path: str, stamp: Stamp) -> pd.DataFrame:
    return _reader(path).rejections()


@st.cache_resource(show_spinner=False, max_entries=16)
def _timeline_figure(path: str, stamp: Stamp, filters: Filters, lane: Lane, lane_label: str) -> go.Figure:
    """Figures are cached as objects (not pickled): a click reruns the page and must not rebuild it."""
    return swimlane.timeline_figure(_timeline(path, stamp, filters, lane), lane_label)


# Above this many matching items the timeline draws the overview (counts per lane, kind and week or
# month) instead of one marker per item: hover text, packing and the browser all scale with items, and a
# filter change must stay well under a second. Narrowing the filters brings the items back.
DETAIL_LIMIT = 2500


@st.cache_data(show_spinner=False, max_entries=64)
def _timeline_summary(path: str, stamp: Stamp, filters: Filters) -> dict[str, Any]:
    return _reader(path).timeline_summary(filters)


@st.cache_resource(show_spinner=False, max_entries=16)
def _overview_figure(path: str, stamp: Stamp, filters: Filters, lane: Lane, lane_label: str) -> go.Figure:
    summary = _timeline_summary(path, stamp, filters)
    unit = overview.overview_unit(summary["date_min"], summary["date_max"])
    return overview.timeline_overview_figure(_reader(path).timeline_overview(filters, lane, unit), lane_label,
                                            unit)


def timeline_summary(filters: Filters) -> dict[str, Any]:
    """Counts and date bounds of the matching dated items (one aggregate query, cached per filters)."""
    return _timeline_summary(*_key(), filters)


def timeline_is_large(filters: Filters) -> bool:
    return timeline_summary(filters)["items"] > DETAIL_LIMIT


def overview_figure(filters: Filters, lane: Lane, lane_label: str) -> go.Figure:
    return _overview_figure(*_key(), filters, lane, lane_label)


def counts() -> dict[str, int]:
    return _counts(*_key())


def filter_options() -> dict[str, Any]:
    return _filter_options(*_key())


def timeline(filters: Filters, lane: Lane = "actor") -> pd.DataFrame:
    return _timeline(*_key(), filters, lane)


def timeline_figure(filters: Filters, lane: Lane, lane_label: str) -> go.Figure:
    return _timeline_figure(*_key(), filters, lane, lane_label)


def evidence(item_id: str) -> pd.DataFrame:
    return _evidence(*_key(), item_id)


def statements(filters: Filters) -> pd.DataFrame:
    return _statements(*_key(), filters)


def articles(filters: Filters) -> pd.DataFrame:
    return _articles(*_key(), filters)


def article(article_id: str) -> dict[str, Any] | None:
    return _article(*_key(), article_id)


def article_spans(article_id: str) -> pd.DataFrame:
    return _article_spans(*_key(), article_id)


def actors(filters: Filters) -> pd.DataFrame:
    return _actors(*_key(), filters)


def rejections() -> pd.DataFrame:
    return _rejections(*_key())


# -- first start ------------------------------------------------------------------------------
def ensure_store() -> Path:
    """Return the store path, building it from the corpus first if it does not exist yet.

    So ``streamlit run app.py`` works on a fresh clone: the first visitor sees a progress bar while the
    seed corpus is extracted, then the build summary; later visits find the file and skip this.
    """
    path = store_path()
    if store_exists(path):
        return path
    settings = get_settings()
    st.info(f"No timeline store yet — building it from the corpus in `{settings.corpus_dir}` "
            "(first start only; later starts reuse it).")
    bar = st.progress(0.0, text="Reading the corpus…")

    def on_progress(done: int, total: int) -> None:
        bar.progress(min(1.0, done / total) if total else 1.0,
                     text=f"Extracting dates, actors, statements and events… {done} of {total} articles")

    try:
        from dateline.pipeline.build import build  # imported here: it loads the NLP stack

        report = build(settings.corpus_dir, path, progress=on_progress)
    except Exception as exc:  # any build failure: show it to the analyst, then stop
        bar.empty()
        st.error(f"Could not build the store at `{path}`: {type(exc).__name__}: {exc}\n\n"
                 "Fix the corpus (or run `python -m dateline build`) and reload this page.")
        st.stop()
        return path  # only reached outside a script run (st.stop() raises inside one)
    bar.progress(1.0, text="Build finished.")
    summary = report.summary()
    st.session_state["_build_summary"] = summary
    st.success("Store built.")
    st.code(summary, language=None)
    if report.rejections:
        with st.expander(f"{len(report.rejections)} file(s) skipped or with warnings"):
            st.dataframe(pd.DataFrame([{"file": r.file, "reason": r.reason, "fatal": r.fatal}
                                       for r in report.rejections]), hide_index=True)
    return path
