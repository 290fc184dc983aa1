"""Actors: one card per person or organisation, with aliases, roles and how often they appear."""

from __future__ import annotations

import streamlit as st

from components import data
from components.actors import actor_cards
from components.auth import require_login
from components.filters import sidebar_filters
from components.layout import setup_page, store_panel

require_login()  # off unless .streamlit/secrets.toml configures a login
setup_page("Actors")
filters = sidebar_filters(data.filter_options())
store_panel()

st.title("Actors")
st.caption("Names merged across articles (aliases such as surnames and titles point to one canonical name).")
actor_cards(data.actors(filters))
