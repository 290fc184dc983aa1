"""The Articles page's parts: the corpus table and the reader for one article."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components import data
from components.evidence import ARTICLES_PAGE, article_href
from components.reader import render_article
from dateline.display.format import (
    PUBLISHED_BASIS_LABELS,
    as_date,
    fmt_day,
    md_escape,
    safe_url,
    text_or,
)

TABLE_KEY = "art_table"


@dataclass(frozen=True)
class ArticleRequest:
    """What the URL asks for: an article, and optionally a passage (sentence offsets) to highlight."""

    article_id: str
    start: int | None = None
    end: int | None = None

    @property
    def target(self) -> tuple[int, int] | None:
        if self.start is not None and self.end is not None and 0 <= self.start < self.end:
            return self.start, self.end
        return None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def requested_article() -> ArticleRequest | None:
    """``?article=<id>&start=<char>&end=<char>`` from the URL, or None for the list."""
    article_id = (st.query_params.get("article") or "").strip()
    if not article_id:
        return None
    return ArticleRequest(article_id, _int(st.query_params.get("start")), _int(st.query_params.get("end")))


def articles_table(df: pd.DataFrame) -> None:
    """Every article matching the filters, with its publication date's basis and extraction counts."""
    if df.empty:
        st.info("No article matches these filters. Loosen or clear them in the sidebar.",
                icon=":material/filter_alt_off:")
        return
    st.caption(f"{len(df):,} article(s). Select a row or use “Read” to open one with its extractions "
               "highlighted.")
    table = pd.DataFrame({
        "Title": df["title"].fillna(df["file"]),
        "Outlet": df["outlet"].fillna(""),
        "Published": pd.to_datetime(df["published"]).dt.date,
        "Date basis": df["published_basis"].map(lambda b: PUBLISHED_BASIS_LABELS.get(text_or(b), text_or(b))),
        "Statements": df["statements"],
        "Events": df["events"],
        "Words": df["word_count"],
        "File": df["file"],
        "Read": [article_href(i, None, None) for i in df["id"]],
    })
    event = st.dataframe(
        table, key=TABLE_KEY, hide_index=True, width="stretch", height=min(640, 38 + 35 * len(df)),
        on_select="rerun", selection_mode="single-row",
        column_config={
            "Title": st.column_config.TextColumn(width="large"),
            "Published": st.column_config.DateColumn(),
            "Read": st.column_config.LinkColumn("Read", display_text="Read ↗"),
        },
    )
    rows = event.selection.rows if event else []
    if rows:
        row = df.iloc[rows[0]]
        st.page_link(ARTICLES_PAGE, label=f"Read: {text_or(row['title'], row['file'])}",
                     icon=":material/article:", query_params={"article": str(row["id"])})


def article_reader(request: ArticleRequest) -> None:
    """One article: its metadata, the followed sentence, and the full text with highlights."""
    article = data.article(request.article_id)
    st.page_link(ARTICLES_PAGE, label="All articles", icon=":material/arrow_back:")
    if article is None:
        st.title("Articles")
        st.error(f"There is no article with id “{md_escape(request.article_id)}” in this store. "
                 "The link may come from an older build; pick an article from the list.")
        return
    text = text_or(article.get("text"))
    st.title(md_escape(text_or(article.get("title"), text_or(article.get("file"), "Untitled article"))))
    published = as_date(article.get("published"))
    basis = PUBLISHED_BASIS_LABELS.get(text_or(article.get("published_basis")), "")
    meta = [
        f"**{md_escape(text_or(article.get('outlet'), 'Unknown outlet'))}**",
        f"published {fmt_day(published)} ({basis})" if published else "publication date unknown",
    ]
    author = text_or(article.get("author"))
    if author:
        meta.append(f"by {md_escape(author)}")
    meta.append(f"file {md_escape(text_or(article.get('file')))}")
    st.markdown(" · ".join(meta))
    url = safe_url(article.get("url"))
    if url:
        st.page_link(url, label="Original source", icon=":material/open_in_new:")

    target = request.target
    if target and target[1] > len(text):
        st.warning("The passage in the link is outside this article's text (the store may have been "
                   "rebuilt); showing the whole article.")
        target = None
    if target:
        with st.container(border=True):
            st.caption("The sentence you followed (highlighted in yellow below):")
            st.text(text[target[0]:target[1]])
    render_article(text, data.article_spans(request.article_id), target)
