"""Dateline — the timeline: who did what and who said what, when, each item traceable to its sources."""

from __future__ import annotations

import streamlit as st

from components import data
from components.evidence import evidence_panel
from components.filters import LANES, current_lane, sidebar_filters
from components.layout import setup_page, store_panel, timeline_metrics
from components.timeline import timeline_chart

setup_page("Timeline")
filters = sidebar_filters(data.filter_options(), timeline=True)
store_panel()

st.title("Timeline")
lane = current_lane()
items = data.timeline(filters, lane)
timeline_metrics(items)

if items.empty:
    st.info("No dated item matches these filters. Loosen or clear them in the sidebar.",
            icon=":material/filter_alt_off:")
else:
    chosen = timeline_chart(items, data.timeline_figure(filters, lane, LANES[lane]), LANES[lane])
    st.subheader("Evidence")
    evidence_panel(chosen, items)
