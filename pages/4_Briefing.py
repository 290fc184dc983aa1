"""Briefing: pinned events and statements with a headline, notes and a summary; present or export them."""

from __future__ import annotations

import streamlit as st

from components import briefing as brf
from components import data
from components.auth import require_login
from components.filters import sidebar_filters
from components.layout import setup_page, store_panel

require_login()  # off unless .streamlit/secrets.toml configures a login
setup_page("Briefing")
filters = sidebar_filters(data.filter_options())
store_panel()

if brf.presenting():
    if brf.cached_briefing(brf.active_id()) is not None:
        brf.present_active()
        st.stop()
    st.session_state[brf.PRESENT] = False

st.title("Briefing")
current = brf.briefing_picker()
if current is not None:
    st.button("Present", key="brf_present_on", icon=":material/slideshow:", type="primary",
              on_click=brf.start_presentation, disabled=not current.items,
              help="Full width, large type: the pinned items' timeline and one item at a time.")
    brf.briefing_editor(current)
    if current.items:
        st.subheader("Download this briefing")
        brf.download_buttons(current, key="dl_brf")

st.subheader("Download the current view")
st.caption("Everything the sidebar filters select (all items when nothing is filtered), in date order.")
brf.download_buttons(None, filters, key="dl_view")
