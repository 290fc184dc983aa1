"""Articles: the corpus, and any one article read with its extractions highlighted."""

from __future__ import annotations

import streamlit as st

from components import data
from components.articles import article_reader, articles_table, requested_article
from components.auth import require_login
from components.filters import sidebar_filters
from components.layout import setup_page, store_panel

require_login()  # off unless .streamlit/secrets.toml configures a login
setup_page("Articles")
filters = sidebar_filters(data.filter_options())
store_panel()

request = requested_article()
if request is None:
    st.title("Articles")
    articles_table(data.articles(filters))
else:
    article_reader(request)
