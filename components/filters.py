"""One sidebar of filters for every page, mirrored into the URL so a filtered view can be shared.

Streamlit forgets a widget's value when the page changes (each page has its own widgets), so every
value is also kept under a ``_keep_`` key and handed back to the widget at the start of each run. The
URL is read once per session (a shared link opens with its filters) and rewritten whenever a filter
changes. Keys are prefixed by purpose: ``flt_`` for filters every page shares, ``tl_`` for the
timeline's own view controls (lanes, show, key events only, all lanes, the selected item).

On the timeline the date range defaults to the story window (``dateline.story.window``) of the other
filters: until the analyst picks dates (or widens the view with the "earlier / later" buttons) the range
follows the window and stays out of the URL, since the same store and filters give the same window; on
the other pages it defaults to every date. Whatever comes from the URL is cleaned: a value that is no
valid choice is dropped, never raised on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from dateline.display.format import as_date
from dateline.events.kinds import KIND_LABELS
from dateline.store.query import Filters, Lane, Show

W_ACTORS = "flt_actors"
W_OUTLETS = "flt_outlets"
W_KINDS = "flt_kinds"
W_DATES = "flt_dates"
W_TEXT = "flt_text"
W_LANE = "tl_lane"
W_SHOW = "tl_show"
W_KEY = "tl_key"              # "Key events only"
W_ALL_LANES = "tl_all_lanes"  # every lane instead of the busiest and "Others"
_KEEP = "_keep_"
_SEEDED = "_flt_seeded_from_url"
_DATES_AUTO = "_flt_dates_auto"  # the date range follows the page's default (the story window)
ITEM = "_keep_tl_item"           # the selected timeline item (URL ``item``)

# URL parameter per widget; list-valued ones repeat (…?actor=A&actor=B).
PARAMS = {W_ACTORS: "actor", W_OUTLETS: "outlet", W_KINDS: "kind", W_TEXT: "q", W_LANE: "lane",
          W_SHOW: "show", W_KEY: "key", W_ALL_LANES: "lanes"}
DATE_FROM, DATE_TO, ITEM_PARAM = "from", "to", "item"
_TRUE = {"1", "true", "yes", "on"}
_ITEM_ID = re.compile(r"[\w.:-]{1,120}")
_VIEW_KEYS = (W_LANE, W_SHOW, W_KEY, W_ALL_LANES)  # the timeline's own controls
LANES: dict[str, str] = {"actor": "Actor", "outlet": "Outlet"}
SHOWS: dict[str, str] = {"both": "Events and statements", "events": "Events only",
                         "statements": "Statements only"}
_DEFAULTS: dict[str, Any] = {W_ACTORS: [], W_OUTLETS: [], W_KINDS: [], W_TEXT: "", W_LANE: "actor",
                             W_SHOW: "both", W_KEY: False, W_ALL_LANES: False}
StoryWindowFn = Callable[[Filters], "tuple[date, date] | None"]
# The actor filter lists this many names (most mentioned first) and any already chosen: a list of every
# actor (10,000 on t17-bpoil, most mentioned once) made each rerun of every page redraw 10,000 options.
MAX_ACTOR_CHOICES = 2000


def _actor_names(options: dict[str, Any]) -> list[str]:
    """Canonical names, most mentioned first, each once (two actors can share a name)."""
    actors: pd.DataFrame = options["actors"]
    if actors.empty:
        return []
    return list(dict.fromkeys(actors["name"].dropna().astype(str)))


def _date_bounds(options: dict[str, Any]) -> tuple[date, date] | None:
    lo, hi = as_date(options.get("date_min")), as_date(options.get("date_max"))
    if lo is None or hi is None:
        return None
    return lo, hi


def _clean(key: str, value: Any, options: dict[str, Any]) -> Any:
    """Keep only values that are valid choices now (the store may have been rebuilt)."""
    if key == W_ACTORS:
        names = set(_actor_names(options))
        return [v for v in value or [] if v in names]
    if key == W_OUTLETS:
        return [v for v in value or [] if v in set(options["outlets"])]
    if key == W_KINDS:
        return [v for v in value or [] if v in set(options["kinds"])]
    if key == W_TEXT:
        return str(value or "")[:200]
    if key == W_LANE:
        return value if value in LANES else "actor"
    if key == W_SHOW:
        return value if value in SHOWS else "both"
    if key == W_KEY:
        return value is True or (isinstance(value, str) and value.strip().lower() in _TRUE)
    if key == W_ALL_LANES:
        return value is True or (isinstance(value, str) and value.strip().lower() in _TRUE | {"all"})
    if key == W_DATES:
        bounds = _date_bounds(options)
        if bounds is None:
            return None
        lo, hi = bounds
        picked = [as_date(v) for v in (value or ())]
        picked = [d for d in picked if d is not None]
        start = min(max(picked[0], lo), hi) if picked else lo
        end = min(max(picked[1], lo), hi) if len(picked) > 1 else hi
        return (start, end) if start <= end else (lo, hi)
    return value


def _seed_from_url(options: dict[str, Any]) -> None:
    """Once per session: a shared link's filters become the starting values."""
    if st.session_state.get(_SEEDED):
        return
    qp = st.query_params
    for key, param in PARAMS.items():
        values = qp.get_all(param)
        if not values:
            continue
        raw: Any = values if isinstance(_DEFAULTS[key], list) else values[-1]
        st.session_state[_KEEP + key] = _clean(key, raw, options)
    if DATE_FROM in qp or DATE_TO in qp:
        bounds = _date_bounds(options)
        if bounds:
            lo, hi = as_date(qp.get(DATE_FROM)), as_date(qp.get(DATE_TO))
            if lo or hi:  # a link with real dates pins them; unreadable ones leave the default
                st.session_state[_KEEP + W_DATES] = _clean(W_DATES, (lo or bounds[0], hi or bounds[1]), options)
                st.session_state[_DATES_AUTO] = False
    item = qp.get_all(ITEM_PARAM)
    st.session_state[ITEM] = clean_item(item[-1]) if item else None
    st.session_state[_SEEDED] = True


def clean_item(value: Any) -> str | None:
    """An item id from outside (the URL): the characters ids are made of, or None."""
    text = str(value or "").strip()
    return text if _ITEM_ID.fullmatch(text) else None


def _restore(key: str, options: dict[str, Any], default: Any) -> None:
    """Hand the kept value back to the widget before it is drawn (survives page switches)."""
    value = st.session_state.get(key, st.session_state.get(_KEEP + key, default))
    st.session_state[key] = _clean(key, value, options)


def _keep(key: str) -> Any:
    value = st.session_state.get(key)
    st.session_state[_KEEP + key] = value
    return value


def _clear(options: dict[str, Any]) -> None:
    """Back to the story view: no filter, the story window, key events and lanes as they open."""
    for key, default in _DEFAULTS.items():
        if key in (W_LANE, W_SHOW):
            continue
        st.session_state[key] = default.copy() if isinstance(default, list) else default
        st.session_state[_KEEP + key] = st.session_state[key]
    bounds = _date_bounds(options)
    st.session_state[W_DATES] = bounds
    st.session_state[_KEEP + W_DATES] = bounds
    st.session_state[_DATES_AUTO] = True
    st.session_state[ITEM] = None


def _dates_picked() -> None:
    st.session_state[_DATES_AUTO] = False


def dates_follow_story() -> bool:
    """True while the date range is the page's default (on the timeline: the story window)."""
    return bool(st.session_state.get(_DATES_AUTO, True))


def show_dates(start: date, end: date) -> None:
    """Button callback: set the date range (the "earlier / later" indicators widen it)."""
    st.session_state[W_DATES] = st.session_state[_KEEP + W_DATES] = (start, end)
    st.session_state[_DATES_AUTO] = False


_NARROW = "_tl_narrow_next_run"


def narrow_next_run(lane_kind: Lane, lane: str, start: date, end: date) -> None:
    """Ask the next run to show one lane's items of one period (a click on the overview): that actor or
    outlet and those dates. Applied before the sidebar's widgets are drawn (they cannot change after)."""
    st.session_state[_NARROW] = (lane_kind, lane, start, end)


def _narrow(options: dict[str, Any]) -> None:
    pending = st.session_state.pop(_NARROW, None)
    if not pending:
        return
    lane_kind, lane, start, end = pending
    if lane:
        key = W_ACTORS if lane_kind == "actor" else W_OUTLETS
        if _clean(key, [lane], options):
            st.session_state[key] = st.session_state[_KEEP + key] = [lane]
    show_dates(start, end)


def show_story_window() -> None:
    """Button callback: the date range follows the story window again."""
    st.session_state[_DATES_AUTO] = True


def selected_item() -> str | None:
    """The timeline item the analyst (or a shared link) selected."""
    return st.session_state.get(ITEM)


def select_item(item_id: str | None) -> None:
    """Remember the selected item and put it in the URL, so a link points a colleague at it."""
    st.session_state[ITEM] = item_id
    qp = st.query_params
    if item_id:
        if qp.get(ITEM_PARAM) != item_id:
            qp[ITEM_PARAM] = item_id
    elif ITEM_PARAM in qp:
        del qp[ITEM_PARAM]


def _sync_url(values: dict[str, list[str] | str | None]) -> None:
    """Write only what differs from the defaults, and only the parameters this sidebar owns."""
    qp = st.query_params
    for param, value in values.items():
        wanted = [value] if isinstance(value, str) else list(value or [])
        wanted = [v for v in wanted if v]
        if not wanted:
            if param in qp:
                del qp[param]
        elif qp.get_all(param) != wanted:
            qp[param] = wanted if len(wanted) > 1 else wanted[0]


def _date_default(options: dict[str, Any], bounds: tuple[date, date] | None, timeline: bool,
                  story_window: StoryWindowFn | None) -> tuple[date, date] | None:
    """What the date range is while it follows the page: the story window of the other filters on the
    timeline (held inside the store's bounds), every date elsewhere."""
    if not (timeline and story_window and bounds):
        return bounds
    window = story_window(_current_filters(options))
    if not window:
        return bounds
    lo, hi = bounds
    start, end = max(window[0], lo), min(window[1], hi)
    return (start, end) if start <= end else bounds


def _current_filters(options: dict[str, Any]) -> Filters:
    """The filters as the widgets stand before they are drawn, dates left out (the story window's input)."""
    actors_df: pd.DataFrame = options["actors"]
    names = st.session_state.get(W_ACTORS) or []
    ids = tuple(sorted(actors_df.loc[actors_df["name"].isin(names), "id"].astype(str))) \
        if names and not actors_df.empty else ()
    return Filters(actors=ids, outlets=tuple(sorted(st.session_state.get(W_OUTLETS) or [])),
                   kinds=tuple(sorted(st.session_state.get(W_KINDS) or [])),
                   text=(st.session_state.get(W_TEXT) or "").strip(),
                   show=st.session_state.get(W_SHOW, "both") if st.session_state.get(W_SHOW) in SHOWS
                   else "both")


def sidebar_filters(options: dict[str, Any], *, timeline: bool = False,
                    story_window: StoryWindowFn | None = None, top_n: int = 0) -> Filters:
    """Draw the shared sidebar and return the chosen ``Filters`` (ids for actors, not names).

    On the timeline, ``story_window`` gives the date range's default for the other filters, and
    ``top_n`` is how many key events "Key events only" keeps (its switch is drawn with the chart).
    """
    _seed_from_url(options)
    _narrow(options)
    actors_df: pd.DataFrame = options["actors"]
    mentions = dict(zip(actors_df["name"], actors_df["mention_count"], strict=False)) \
        if not actors_df.empty else {}
    bounds = _date_bounds(options)
    for key, default in _DEFAULTS.items():
        if key in _VIEW_KEYS and not timeline:
            continue
        _restore(key, options, default)
    if dates_follow_story():
        st.session_state[W_DATES] = _date_default(options, bounds, timeline, story_window)
    else:
        _restore(W_DATES, options, bounds)

    sb = st.sidebar
    sb.header("Filters")
    if timeline:
        sb.radio("Lanes", list(LANES), key=W_LANE, format_func=LANES.__getitem__, horizontal=True,
                 help="One row of the timeline per actor or per outlet.")
        sb.radio("Show", list(SHOWS), key=W_SHOW, format_func=SHOWS.__getitem__,
                 help="Events are things done; statements are things said.")
    sb.text_input("Search text", key=W_TEXT, placeholder="e.g. negotiations",
                  help="Matches titles, quotes and speakers (case-insensitive).")
    chosen = st.session_state.get(W_ACTORS) or []
    offered = list(dict.fromkeys([*chosen, *_actor_names(options)[:MAX_ACTOR_CHOICES]]))
    sb.multiselect("Actors", offered, key=W_ACTORS, placeholder="All actors",
                   format_func=lambda n: f"{n} ({mentions.get(n, 0)})",
                   help="Canonical names (aliases are merged); the number is how often each is mentioned. "
                        f"The {MAX_ACTOR_CHOICES:,} most mentioned are listed; the Actors page reaches every one.")
    sb.multiselect("Outlets", options["outlets"], key=W_OUTLETS, placeholder="All outlets")
    sb.multiselect("Kinds", options["kinds"], key=W_KINDS, placeholder="All kinds",
                   format_func=lambda k: KIND_LABELS.get(k, k))
    if bounds:
        sb.date_input("Date range", key=W_DATES, min_value=bounds[0], max_value=bounds[1],
                      format="YYYY-MM-DD", on_change=_dates_picked,
                      help="Items whose date interval overlaps this range (a month band counts if any "
                           "of its days is inside)."
                           + (" It opens on the story window: the weeks where most day-precise items "
                              "fall." if timeline else ""))
    sb.button("Clear filters", on_click=_clear, args=(options,), key="flt_clear")

    names = _keep(W_ACTORS) or []
    outlets = _keep(W_OUTLETS) or []
    kinds = _keep(W_KINDS) or []
    text = (_keep(W_TEXT) or "").strip()
    dates = _keep(W_DATES) if bounds else None
    lane: Lane = _keep(W_LANE) if timeline else st.session_state.get(_KEEP + W_LANE, "actor")
    show: Show = _keep(W_SHOW) if timeline else "both"
    key_only = bool(_keep(W_KEY)) if timeline else False
    all_lanes = bool(_keep(W_ALL_LANES)) if timeline else False

    date_from = date_to = None
    if bounds and dates:
        picked = [as_date(d) for d in dates]
        if picked and picked[0] and picked[0] > bounds[0]:
            date_from = picked[0]
        if len(picked) > 1 and picked[1] and picked[1] < bounds[1]:
            date_to = picked[1]

    ids = tuple(sorted(actors_df.loc[actors_df["name"].isin(names), "id"].astype(str))) \
        if names else ()
    pinned = not dates_follow_story()
    url: dict[str, list[str] | str | None] = {
        "actor": names, "outlet": outlets, "kind": kinds, "q": text,
        DATE_FROM: date_from.isoformat() if date_from and pinned else None,
        DATE_TO: date_to.isoformat() if date_to and pinned else None,
    }
    if timeline:
        url["lane"] = None if lane == "actor" else lane
        url["show"] = None if show == "both" else show
        url["key"] = "1" if key_only else None
        url["lanes"] = "all" if all_lanes else None
    _sync_url(url)
    return Filters(actors=ids, outlets=tuple(sorted(outlets)), kinds=tuple(sorted(kinds)),
                   date_from=date_from, date_to=date_to, text=text, show=show,
                   key_events=max(int(top_n), 1) if key_only else 0)


def without_dates(f: Filters) -> Filters:
    """``f`` with its date range (and key-events limit) removed: what the story window is found from."""
    return replace(f, date_from=None, date_to=None, key_events=0)


def all_lanes() -> bool:
    """The timeline draws every lane (up to its limit) instead of folding the quiet ones into "Others"."""
    return bool(st.session_state.get(_KEEP + W_ALL_LANES, False))


def current_lane() -> Lane:
    """The lane choice made in the sidebar (timeline page)."""
    lane = st.session_state.get(_KEEP + W_LANE, "actor")
    return lane if lane in LANES else "actor"


GO_TIMELINE = "_go_timeline"


def focus_actor(name: str) -> None:
    """Button callback: filter every page to one actor and ask the page to open the timeline."""
    st.session_state[_KEEP + W_ACTORS] = [name]
    st.session_state[W_ACTORS] = [name]
    st.session_state[GO_TIMELINE] = True
