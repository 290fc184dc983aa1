"""The timeline widget: the chart, its selection, and a keyboard-accessible item picker.

A click (or box selection) on the chart and a choice in the picker both lead to the same place: the
item ids whose evidence is shown. The picker follows the chart (a click fills it in), so whichever the
analyst used last wins and the two never disagree.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dateline.display.format import fmt_resolved, text_or, truncate
from dateline.display.kinds import kind_label
from dateline.display.timeline import selected_item_ids

CHART_KEY = "tl_chart"
PICK_KEY = "tl_pick"
_LAST_SELECTION = "_tl_last_selection"
SCROLL_AFTER_PX = 780  # taller charts scroll inside a box so the evidence stays close
MAX_PICKER_OPTIONS = 5000


def _item_labels(df: pd.DataFrame) -> dict[str, str]:
    """Picker labels in time order: '1 Dec 2022 · Meeting · Biden met …'."""
    items = df.drop_duplicates("item_id").sort_values(["start", "item_id"])
    return {
        str(r.item_id): f"{fmt_resolved(r.start, r.end, r.granularity)} · {kind_label(text_or(r.kind))} · "
                        f"{truncate(text_or(r.title, '(untitled)'), 90)}"
        for r in items.head(MAX_PICKER_OPTIONS).itertuples()
    }


def timeline_chart(df: pd.DataFrame, fig: go.Figure, lane_label: str) -> list[str]:
    """Draw the chart (built from ``df``) and the picker; return the ids of the items to show evidence for."""
    meta = fig.layout.meta or {}
    height = int(fig.layout.height or 400)
    note = ("● a dot is a day-precise item · ▬ a band is an item dated only to a week, month, season or "
            "year, spanning that whole period · bigger = reported by more outlets · red ring = the sources "
            "disagree on the date. Click an item for its sources; drag to zoom, double-click to reset.")
    st.caption(note)
    if meta.get("lanes_total", 0) > meta.get("lanes_shown", 0):
        st.caption(f"Showing the {meta['lanes_shown']} busiest of {meta['lanes_total']} lanes — filter by "
                   f"{lane_label.lower()} to see the others.")
    box = st.container(height=SCROLL_AFTER_PX, border=False) if height > SCROLL_AFTER_PX else st.container()
    with box:
        event = st.plotly_chart(
            fig, key=CHART_KEY, on_select="rerun", selection_mode=("points", "box"), width="stretch", theme=None,
            config={"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "toImage"],
                    "scrollZoom": False},
        )
    labels = _item_labels(df)
    # The event is a dict subclass (PlotlyState); a plain dict when a test sets the state directly.
    selection = event.get("selection") if isinstance(event, dict) else None
    selected = [i for i in selected_item_ids(selection) if i in labels]

    # The picker mirrors the latest chart selection; clearing the selection clears it too.
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
    if selected and picked in selected:
        return [picked, *[i for i in selected if i != picked]]
    return [picked] if picked else []
