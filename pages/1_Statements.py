"""Statements: who said what, when and where — a searchable table, each row linked to its sentence."""

from __future__ import annotations

import streamlit as st

from components import data
from components.auth import require_login
from components.filters import sidebar_filters
from components.layout import setup_page, store_panel
from components.tables import statements_pager

require_login()  # off unless .streamlit/secrets.toml configures a login
setup_page("Statements")
filters = sidebar_filters(data.filter_options())
store_panel()

st.title("Statements")
st.caption("Everything quoted or reported as said, with the speaker's canonical name and when it was said. "
           "“When” comes from a date in the sentence when there is one, otherwise the publication date.")
statements_pager(filters)
