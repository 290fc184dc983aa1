"""The timeline widget: the view controls, the chart, its selection, and a keyboard-accessible item picker.

A click (or box selection) on the chart and a choice in the picker both lead to the same place: the
item ids whose evidence is shown. The picker follows the chart (a click fills it in), so whichever the
analyst used last wins and the two never disagree. The chart, the picker and the evidence run as one
fragment: a click reruns only them, not the sidebar, the queries or the tables, and the figure itself is
a cached object, so a click costs the evidence's query and little else.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.filters import (
    W_ALL_LANES,
    W_KEY,
    dates_follow_story,
    narrow_next_run,
    select_item,
    selected_item,
    show_dates,
    show_story_window,
)
from dateline.display.format import as_date, fmt_day, fmt_resolved, text_or, truncate
from dateline.display.kinds import kind_label
from dateline.display.timeline import selected_item_ids
from dateline.store.query import Lane

CHART_KEY = "tl_chart"
PICK_KEY = "tl_pick"
_LAST_SELECTION = "_tl_last_selection"
SCROLL_AFTER_PX = 780  # taller charts scroll inside a box so the evidence stays close
MAX_PICKER_OPTIONS = 5000
CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "toImage"], "scrollZoom": False}
NOTE = ("● a dot is a day-precise item · ▬ a band is an item dated only to a week, month, season or year, "
        "spanning that whole period · bigger = reported by more outlets · red ring = the sources disagree "
        "on the date · labelled: the key events. Click an item for its sources; drag to zoom, double-click "
        "to reset.")


def view_controls(edges: dict[str, Any], shown: tuple[date, date] | None, top_n: int) -> None:
    """The row above the chart: "◀ N earlier" / "N later ▶" (one click brings them in), "Key events
    only", "All lanes", and the way back to the story window once the range was changed."""
    cols = st.columns([1.2, 1.5, 1.1, 1.3, 1.2], vertical_alignment="center")
    before, after = int(edges.get("before") or 0), int(edges.get("after") or 0)
    if shown and before and edges.get("earliest"):
        cols[0].button(f"◀ {before:,} earlier", key="tl_earlier", on_click=show_dates,
                       args=(edges["earliest"], shown[1]), width="stretch",
                       help=f"{before:,} matching items are dated before {fmt_day(shown[0])} (the earliest "
                            f"{fmt_day(edges['earliest'])}). Click to bring them in.")
    cols[1].toggle("Key events only", key=W_KEY,
                   help=f"Only the key event of each of the {top_n} key dates: the days the corpus keeps "
                        "coming back to and that several outlets reported.")
    cols[2].toggle("All lanes", key=W_ALL_LANES,
                   help="Draw every lane instead of the busiest dozen with the rest folded into “Others”.")
    if not dates_follow_story():
        cols[3].button("↺ Story window", key="tl_story", on_click=show_story_window, width="stretch",
                       help="Back to the weeks where most of the day-precise items fall.")
    if shown and after and edges.get("latest"):
        cols[4].button(f"{after:,} later ▶", key="tl_later", on_click=show_dates,
                       args=(shown[0], edges["latest"]), width="stretch",
                       help=f"{after:,} matching items are dated after {fmt_day(shown[1])} (the latest "
                            f"{fmt_day(edges['latest'])}). Click to bring them in.")


def lanes_note(meta: dict[str, Any], lane_label: str) -> None:
    folded = int(meta.get("lanes_folded") or 0)
    if folded:
        st.caption(f"The {meta['lanes_shown'] - 1} busiest of {meta['lanes_total']:,} lanes; the other "
                   f"{folded:,} are folded into “Others” — switch on “All lanes” to draw them one by one.")
    elif meta.get("lanes_total", 0) > meta.get("lanes_shown", 0):
        st.caption(f"Showing the {meta['lanes_shown']} busiest of {meta['lanes_total']:,} lanes — filter by "
                   f"{lane_label.lower()} to see the others.")


def _item_labels(df: pd.DataFrame) -> dict[str, str]:
    """Picker labels in time order: '1 Dec 2022 · Meeting · Biden met …'."""
    items = df.drop_duplicates("item_id").sort_values(["start", "item_id"]).head(MAX_PICKER_OPTIONS)
    return {
        str(r.item_id): f"{fmt_resolved(r.start, r.end, r.granularity)} · {kind_label(text_or(r.kind))} · "
                        f"{truncate(text_or(r.title, '(untitled)'), 90)}"
        for r in items.itertuples()
    }


def timeline_chart(df: pd.DataFrame, fig: go.Figure, lane_label: str) -> list[str]:
    """Draw the chart (built from ``df``) and the picker; return the ids of the items to show evidence for."""
    height = int(fig.layout.height or 400)
    box = st.container(height=SCROLL_AFTER_PX, border=False) if height > SCROLL_AFTER_PX else st.container()
    with box:
        event = st.plotly_chart(fig, key=CHART_KEY, on_select="rerun", selection_mode=("points", "box"),
                                width="stretch", theme=None, config=CONFIG)
    labels = _item_labels(df)
    # The event is a dict subclass (PlotlyState); a plain dict when a test sets the state directly.
    selection = event.get("selection") if isinstance(event, dict) else None
    selected = [i for i in selected_item_ids(selection) if i in labels]

    # The picker mirrors the latest chart selection; clearing the selection clears it too. A shared link's
    # item (``?item=``) is the picker's first value.
    linked = selected_item()
    if PICK_KEY not in st.session_state:
        st.session_state[PICK_KEY] = linked if linked in labels else None
        if linked and linked not in labels:
            st.caption("The linked item is not among the items shown: it may be outside these filters or "
                       "dates, or the store was rebuilt since the link was made.")
    if selected != st.session_state.get(_LAST_SELECTION, []):
        st.session_state[_LAST_SELECTION] = selected
        st.session_state[PICK_KEY] = selected[0] if selected else None
    if st.session_state.get(PICK_KEY) not in labels:
        st.session_state[PICK_KEY] = None
    picked = st.selectbox(
        "Item", list(labels), key=PICK_KEY, format_func=labels.__getitem__,
        placeholder="Choose an item to see its sources (or click one in the chart)…",
        help="Keyboard alternative to clicking: type to search the visible items.",
    )
    select_item(picked)
    if selected and picked in selected:
        return [picked, *[i for i in selected if i != picked]]
    return [picked] if picked else []


@st.fragment
def chart_with_evidence(df: pd.DataFrame, fig: go.Figure, lane_label: str,
                        evidence: Callable[[list[str], pd.DataFrame], None]) -> None:
    """The chart, the picker and ``evidence`` for the chosen items, rerun alone on every click."""
    chosen = timeline_chart(df, fig, lane_label)
    st.subheader("Evidence")
    evidence(chosen, df)


OVERVIEW_KEY = "tl_overview"


def _clicked_period(event: Any) -> tuple[str, date, date] | None:
    """(lane or "", first day, last day) of a click on an overview marker, if there was one."""
    selection = event.get("selection") if isinstance(event, dict) else None
    points = (selection or {}).get("points") or []
    custom = points[0].get("customdata") if points and isinstance(points[0], dict) else None
    if not (isinstance(custom, list | tuple) and len(custom) == 3):
        return None
    start, end = as_date(custom[1]), as_date(custom[2])
    return (str(custom[0] or ""), start, end) if start and end and start <= end else None


def overview_chart(fig: go.Figure, lane_kind: Lane) -> None:
    """The overview (counts per lane and period); a click on a marker shows that lane's items of that
    period one by one (the sidebar's widgets are drawn by then: the change is applied on a new run)."""
    event = st.plotly_chart(fig, key=OVERVIEW_KEY, width="stretch", theme=None, on_select="rerun",
                            selection_mode="points", config=CONFIG)
    clicked = _clicked_period(event)
    if clicked:
        narrow_next_run(lane_kind, *clicked)
        st.rerun()
