"""Dateline — the timeline: who did what and who said what, when, each item traceable to its sources."""

from __future__ import annotations

import streamlit as st

from components import data
from components.auth import require_login
from components.briefing import download_buttons
from components.evidence import evidence_panel
from components.filters import LANES, current_lane, sidebar_filters
from components.layout import setup_page, store_panel, timeline_metrics
from components.tables import items_table
from components.timeline import timeline_chart

require_login()  # off unless .streamlit/secrets.toml configures a login
setup_page("Timeline")
filters = sidebar_filters(data.filter_options(), timeline=True)
store_panel()

st.title("Timeline")
lane = current_lane()
summary = data.timeline_summary(filters)
if summary["items"] > data.DETAIL_LIMIT:  # too many to draw one by one: counts per lane and period
    cols = st.columns(4)
    cols[0].metric("Events", f"{summary['events']:,}")
    cols[1].metric("Statements", f"{summary['statements']:,}")
    cols[2].metric("Dated only roughly", f"{summary['bands']:,}")
    cols[3].metric("Date conflicts", f"{summary['conflicts']:,}")
    fig = data.overview_figure(filters, lane, LANES[lane])
    st.caption(f"{summary['items']:,} items match — too many to draw one by one, so each marker counts the "
               f"items of one {fig.layout.meta['unit']} (bigger = more). Narrow the dates, actors, outlets or "
               f"kinds in the sidebar to {data.DETAIL_LIMIT:,} items or fewer to click items and see sources.")
    st.plotly_chart(fig, key="tl_overview", width="stretch", theme=None, config={"displaylogo": False})
    st.stop()
items = data.timeline(filters, lane)
timeline_metrics(items)

if items.empty:
    st.info("No dated item matches these filters. Loosen or clear them in the sidebar.",
            icon=":material/filter_alt_off:")
else:
    chosen = timeline_chart(items, data.timeline_figure(filters, lane, LANES[lane]), LANES[lane])
    st.subheader("Evidence")
    evidence_panel(chosen, items)
    with st.expander(f"All {items['item_id'].nunique():,} items as a table", icon=":material/table_rows:"):
        items_table(items)
    with st.expander("Export this view", icon=":material/download:"):
        st.caption("The items matching the sidebar filters, in each format (the Briefing page exports pinned items).")
        download_buttons(None, filters, key="dl_tl")
