"""Actors: one card per person or organisation: aliases, roles, statements over time, who they appear with."""

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
st.caption("Names merged across articles (aliases such as surnames and titles point to one canonical name). "
           "Each card charts the actor's statements by the week they were said and lists who they appear "
           "with in the same sentences or events.")
actor_cards(data.actors(filters))
