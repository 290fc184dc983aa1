"""Dateline — the timeline: who did what and who said what, when, each item traceable to its sources.

It opens on the story: the story window (where most day-precise items fall) with the items outside it
counted in "earlier / later" buttons, the key events labelled, the busiest lanes with the rest folded
into "Others". Every choice lives in the URL, so a link shows a colleague the same view and item.
"""

from __future__ import annotations

import streamlit as st

from components import data
from components.auth import require_login
from components.briefing import download_buttons
from components.evidence import evidence_panel
from components.filters import LANES, all_lanes, current_lane, sidebar_filters
from components.layout import setup_page, store_panel, timeline_metrics
from components.tables import items_table
from components.timeline import NOTE, chart_with_evidence, lanes_note, overview_chart, view_controls
from dateline.display.format import as_date
from dateline.display.timeline import MAX_LANES, STORY_LANES

require_login()  # off unless .streamlit/secrets.toml configures a login
setup_page("Timeline")
options = data.filter_options()
top_n = data.default_top_n()
filters = sidebar_filters(options, timeline=True, story_window=data.story_window, top_n=top_n)
store_panel()

st.title("Timeline")
lane = current_lane()
lo, hi = as_date(options.get("date_min")), as_date(options.get("date_max"))
shown = (filters.date_from or lo, filters.date_to or hi) if lo and hi else None
edges = data.timeline_edges(filters, *shown) if shown else {}
view_controls(edges, shown, top_n)
view = data.TimelineView(x_range=shown if (filters.date_from or filters.date_to) else None,
                         max_lanes=MAX_LANES if all_lanes() else STORY_LANES, top_n=top_n)

summary = data.timeline_summary(filters)
if summary["items"] > data.DETAIL_LIMIT:  # too many to draw one by one: counts per lane and period
    cols = st.columns(4)
    cols[0].metric("Events", f"{summary['events']:,}")
    cols[1].metric("Statements", f"{summary['statements']:,}")
    cols[2].metric("Dated only roughly", f"{summary['bands']:,}")
    cols[3].metric("Date conflicts", f"{summary['conflicts']:,}")
    fig = data.overview_figure(filters, lane, LANES[lane], view)
    st.caption(f"{summary['items']:,} items match — too many to draw one by one, so each marker counts the "
               f"items of one {fig.layout.meta['unit']} (bigger = more). Click a marker to see its items one by one, "
               f"switch on “Key events only”, or narrow the dates, actors, outlets or kinds in the sidebar to "
               f"{data.DETAIL_LIMIT:,} items or fewer to click items and see sources.")
    lanes_note(fig.layout.meta or {}, LANES[lane])
    overview_chart(fig, lane)
    st.stop()
items = data.timeline(filters, lane)
timeline_metrics(items)

if items.empty:
    st.info("No dated item matches these filters. Loosen or clear them in the sidebar.",
            icon=":material/filter_alt_off:")
else:
    fig = data.timeline_figure(filters, lane, LANES[lane], view)
    st.caption(NOTE)
    lanes_note(fig.layout.meta or {}, LANES[lane])
    chart_with_evidence(items, fig, LANES[lane], evidence_panel)
    with st.expander(f"All {items['item_id'].nunique():,} items as a table", icon=":material/table_rows:"):
        items_table(items)
    with st.expander("Export this view", icon=":material/download:"):
        st.caption("The items matching the sidebar filters, in each format (the Briefing page exports pinned items).")
        download_buttons(None, filters, key="dl_tl")
