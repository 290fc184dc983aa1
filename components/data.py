"""The dashboard's access to the store: one cached reader, cached queries, and a first-start build.

Every query is cached per (store, store version, arguments): each build swaps in a new catalogue with
the next generation number, so the cache misses and the page shows the new data without a restart.
Pages call these wrappers; none of them contains SQL (that lives in ``dateline.store.query``).

The store is checked before it is trusted (``dateline.store.health``, once per store version): a damaged
one is moved aside and rebuilt from the corpus, with a notice saying so. A store error during a query
(the file damaged while the app runs) leads to the same check and repair; a page never shows a
traceback, only what happened and what to do.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dateline.display import overview
from dateline.display import timeline as swimlane
from dateline.settings import get_settings
from dateline.store import exists as store_exists
from dateline.store.health import StoreCheck, StoreUnreadable, check_store
from dateline.store.query import (
    Filters,
    Lane,
    StoreMissing,
    StoreReader,
    profile_day_counts,
    profile_edges,
    profile_summary,
)
from dateline.story.window import story_window as find_story_window

Stamp = int  # the store's generation (StoreReader.version)
F = TypeVar("F", bound=Callable[..., Any])
NOTICE_KEY = "_store_notice"  # a repair's notice, shown once on the next page run


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
def _statements(path: str, stamp: Stamp, filters: Filters, limit: int = 5000, offset: int = 0) -> pd.DataFrame:
    return _reader(path).statements(filters, limit=limit, offset=offset)


@st.cache_data(show_spinner=False, max_entries=64)
def _statements_count(path: str, stamp: Stamp, filters: Filters) -> int:
    return _reader(path).statements_count(filters)


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
def _story_defaults(path: str, stamp: Stamp) -> tuple[int, int]:
    reader = _reader(path)
    return reader.default_top_n(), len(reader.key_dates())


@st.cache_data(show_spinner=False, max_entries=8)
def _rejections(path: str, stamp: Stamp) -> pd.DataFrame:
    return _reader(path).rejections()


@st.cache_data(show_spinner=False, max_entries=64)
def _profile(path: str, stamp: Stamp, filters: Filters) -> pd.DataFrame:
    """The matching items counted per date pair (``StoreReader.timeline_profile``): one query per set of
    filters gives the story window, the "earlier / later" counts and the summary of any date range."""
    return _reader(path).timeline_profile(filters)


def _undated(filters: Filters) -> Filters:
    return replace(filters, date_from=None, date_to=None)


@st.cache_data(show_spinner=False, max_entries=8)
def _default_top_n(path: str, stamp: Stamp) -> int:
    return _reader(path).default_top_n()


@st.cache_data(show_spinner=False, max_entries=64)
def _key_items(path: str, stamp: Stamp, filters: Filters, top_n: int) -> pd.DataFrame:
    """The key events among the items matching ``filters`` (the best of each of the top N key dates)."""
    return _reader(path).items(replace(filters, key_events=max(top_n, 1)), limit=max(top_n, 1))


@st.cache_resource(show_spinner=False, max_entries=16)
def _timeline_figure(path: str, stamp: Stamp, filters: Filters, lane: Lane, lane_label: str,
                     view: TimelineView) -> go.Figure:
    """Figures are cached as objects (not pickled): a click reruns the page and must not rebuild it."""
    rows = _timeline(path, stamp, filters, lane)
    key = rows[rows["key_rank"].notna() & (rows["key_rank"] <= view.top_n)]  # the rows carry their key rank
    return swimlane.timeline_figure(rows, lane_label, view.max_lanes, others=True, x_range=view.x_range,
                                    key_items=key)


# Above this many matching items the timeline draws the overview (counts per lane, kind and week or
# month) instead of one marker per item: hover text, packing and the browser all scale with items, and a
# filter change must stay well under a second. Narrowing the filters brings the items back.
DETAIL_LIMIT = 2500


def _timeline_summary(path: str, stamp: Stamp, filters: Filters) -> dict[str, Any]:
    return profile_summary(_profile(path, stamp, _undated(filters)), filters.date_from, filters.date_to)


@st.cache_resource(show_spinner=False, max_entries=16)
def _overview_figure(path: str, stamp: Stamp, filters: Filters, lane: Lane, lane_label: str,
                     view: TimelineView) -> go.Figure:
    summary = _timeline_summary(path, stamp, filters)
    lo, hi = view.x_range or (summary["date_min"], summary["date_max"])
    unit = overview.overview_unit(lo, hi)
    rows = _reader(path).timeline_overview(filters, lane, unit, max_lanes=view.max_lanes, others=True)
    return overview.timeline_overview_figure(rows, lane_label, unit, x_range=view.x_range,
                                             key_items=_key_items(path, stamp, filters, view.top_n))


@dataclass(frozen=True)
class TimelineView:
    """How the chart is drawn beyond the filters: the axis' first and last day (None: every item),
    the busiest lanes kept before "Others", and how many key events are labelled."""

    x_range: tuple[date, date] | None
    max_lanes: int
    top_n: int


def _guarded(fn: F) -> F:
    """A page-facing wrapper whose store errors end in a check, a repair and a plain message."""
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (StoreUnreadable, StoreMissing) as exc:
            store_failed(exc)
            raise  # store_failed stops the script run; outside one (plain tests) the error goes on
    return wrapper  # type: ignore[return-value]


@_guarded
def story_window(filters: Filters) -> tuple[date, date] | None:
    """The story window (first and last day) of the items matching ``filters``, whatever their dates
    (and whether or not only key events are shown: the window is where the whole story is)."""
    window = find_story_window(profile_day_counts(_profile(*_key(), replace(_undated(filters), key_events=0))))
    return (window.start, window.end) if window else None


@_guarded
def timeline_edges(filters: Filters, first: date, last: date) -> dict[str, Any]:
    """Items matching ``filters`` (dates aside) wholly before ``first`` or after ``last``."""
    return profile_edges(_profile(*_key(), _undated(filters)), first, last)


@_guarded
def default_top_n() -> int:
    """How many key events the store proposes (labels, "Key events only")."""
    return _default_top_n(*_key())


@_guarded
def key_items(filters: Filters, top_n: int) -> pd.DataFrame:
    return _key_items(*_key(), filters, top_n)


@_guarded
def timeline_summary(filters: Filters) -> dict[str, Any]:
    """Counts and date bounds of the matching dated items (one aggregate query, cached per filters)."""
    return _timeline_summary(*_key(), filters)


@_guarded
def timeline_is_large(filters: Filters) -> bool:
    return timeline_summary(filters)["items"] > DETAIL_LIMIT


@_guarded
def overview_figure(filters: Filters, lane: Lane, lane_label: str, view: TimelineView) -> go.Figure:
    return _overview_figure(*_key(), filters, lane, lane_label, view)


@_guarded
def counts() -> dict[str, int]:
    return _counts(*_key())


@_guarded
def filter_options() -> dict[str, Any]:
    return _filter_options(*_key())


@_guarded
def timeline(filters: Filters, lane: Lane = "actor") -> pd.DataFrame:
    return _timeline(*_key(), filters, lane)


@_guarded
def timeline_figure(filters: Filters, lane: Lane, lane_label: str, view: TimelineView) -> go.Figure:
    return _timeline_figure(*_key(), filters, lane, lane_label, view)


@_guarded
def evidence(item_id: str) -> pd.DataFrame:
    return _evidence(*_key(), item_id)


@_guarded
def statements(filters: Filters, limit: int = 5000, offset: int = 0) -> pd.DataFrame:
    return _statements(*_key(), filters, limit, offset)


@_guarded
def statements_count(filters: Filters) -> int:
    return _statements_count(*_key(), filters)


@_guarded
def articles(filters: Filters) -> pd.DataFrame:
    return _articles(*_key(), filters)


@_guarded
def article(article_id: str) -> dict[str, Any] | None:
    return _article(*_key(), article_id)


@_guarded
def article_spans(article_id: str) -> pd.DataFrame:
    return _article_spans(*_key(), article_id)


@_guarded
def actors(filters: Filters) -> pd.DataFrame:
    return _actors(*_key(), filters)


@_guarded
def story_defaults() -> tuple[int, int]:
    """(how many key dates to suggest by default for this corpus, how many key dates there are)."""
    return _story_defaults(*_key())


@_guarded
def rejections() -> pd.DataFrame:
    return _rejections(*_key())


# -- checking, first start and repair -----------------------------------------------------------
@st.cache_resource(show_spinner=False, max_entries=8)
def _checked(path: str, stamp: Stamp) -> StoreCheck:
    """The store's check, once per store version (each segment is read back once per server process, so a
    new version costs what its new segment holds; every later page run is free)."""
    return check_store(path)


def ensure_store() -> Path:
    """Return the store path once the store can be trusted: built from the corpus first if it does not
    exist yet, checked if it does, and rebuilt (the damaged file moved aside and kept) if it is damaged
    or was written by another version.

    So ``streamlit run app.py`` works on a fresh clone: the first visitor sees a progress bar while the
    seed corpus is extracted, then the build summary; later visits find the file and skip this.
    """
    path = store_path()
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.warning(notice, icon=":material/build:")
    _show_repairs_once(path)
    if not path.is_file() and not store_exists(path):  # (an old single-file store is checked: stale)
        _build_store(path, "No timeline store yet — building it from the corpus in `{corpus}` (first start "
                           "only; later starts reuse it).")
        return path
    check = _checked(str(path), _stamp(path))
    if _needs_rebuild(check):
        report = _build_store(path, _rebuild_message("cannot be used", check))
        if report.repaired:
            _repairs()[str(path)] = report.repaired
            _show_repairs_once(path)
    return path


@st.cache_resource(show_spinner=False)
def _repairs() -> dict[str, str]:
    """The last repair of each store, server-wide: whoever opens the dashboard next is told, not only the
    session whose page run happened to find the damage (a reconnect or another tab starts a new session)."""
    return {}


def _show_repairs_once(path: Path) -> None:
    """The store's last repair notice, once per session."""
    notice = _repairs().get(str(path))
    seen = st.session_state.setdefault("_repairs_seen", set())
    if notice and notice not in seen:
        seen.add(notice)
        st.warning(notice, icon=":material/build:")


def briefings_notice() -> str:
    """Check the briefings sidecar (a few milliseconds): a damaged one is moved aside (kept) and a new one
    starts. What was done, by this check or by a repair inside an earlier operation, or ""."""
    from dateline.briefing import BriefingStore

    sidecar = BriefingStore.beside(store_path())
    return sidecar.repair_if_damaged() or sidecar.pop_notice()


def _needs_rebuild(check: StoreCheck) -> bool:
    return check.damaged or check.stale


def _rebuild_message(what: str, check: StoreCheck) -> str:
    kept = " (the damaged file is kept beside it)" if check.damaged else ""
    return (f"The timeline store {what}: {check.problem}. Rebuilding it from the corpus in `{{corpus}}`"
            f"{kept}; this takes a while for a large corpus.")


def store_failed(exc: Exception) -> None:
    """A query failed on the store: check it; repair a damaged one (and rerun the page), else say what
    happened and what to do. Stops the page run; no traceback reaches the browser."""
    path = store_path()
    check = check_store(path, trust_verified=False)
    if _needs_rebuild(check) or not store_exists(path):
        _checked.clear()
        report = _build_store(path, _rebuild_message("could not be read", check))
        if report.repaired:
            _repairs()[str(path)] = report.repaired
        st.session_state[NOTICE_KEY] = report.repaired or "The timeline store was rebuilt from the corpus."
        st.session_state.setdefault("_repairs_seen", set()).add(report.repaired)
        st.rerun()
    st.error(f"The timeline store could not be read just now ({exc}). Reload the page; if this keeps "
             "happening, rebuild the store with `python -m dateline build` and reload.",
             icon=":material/error:")
    st.stop()


def _build_store(path: Path, message: str) -> Any:
    """Build the store at ``path`` from the configured corpus, with a progress bar and the build's summary;
    a damaged file already there is moved aside by the build itself (under its lock). Returns the report."""
    settings = get_settings()
    st.info(message.replace("{corpus}", str(settings.corpus_dir)), icon=":material/construction:")
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
        raise  # only reached outside a script run (st.stop() raises inside one)
    bar.progress(1.0, text="Build finished.")
    summary = report.summary()
    st.session_state["_build_summary"] = summary
    st.success("Store built.")
    st.code(summary, language=None)
    if report.rejections:
        with st.expander(f"{len(report.rejections)} file(s) skipped or with warnings"):
            st.dataframe(pd.DataFrame([{"file": r.file, "reason": r.reason, "fatal": r.fatal}
                                       for r in report.rejections]), hide_index=True)
    return report
