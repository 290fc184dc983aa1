"""Tables: the Statements table and the timeline's items table, each row linked to its sources and pinnable."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import data, newness
from components.briefing import pin_button
from components.evidence import article_href, source_cards
from dateline.display.format import SAID_BASIS_LABELS, fmt_resolved, text_or
from dateline.display.kinds import kind_label
from dateline.store.query import Filters

TABLE_KEY = "st_table"
PAGE_KEY = "st_page"
PAGE_SIZE_KEY = "st_page_size"
PAGE_SIZES = (100, 250, 500, 1000, 2000)
DEFAULT_PAGE_SIZE = 500


def _selected_row(frame: pd.DataFrame, key: str, max_height: int, column_config: dict) -> int | None:
    """A sortable single-row-select table; the position of the selected row in ``frame``, if any."""
    event = st.dataframe(frame, key=key, hide_index=True, width="stretch",
                         height=min(max_height, 38 + 35 * len(frame)), on_select="rerun",
                         selection_mode="single-row", column_config=column_config)
    rows = event.selection.rows if event else []
    return rows[0] if rows else None


def statements_frame(df: pd.DataFrame) -> pd.DataFrame:
    """What the analyst reads: speaker, what was said, when (and on what basis), where, and a link."""
    return pd.DataFrame({
        "Speaker": df["speaker"].fillna(df["speaker_text"]).fillna("(unknown)"),
        "Said": df["text"].fillna(""),
        "Type": df["direct"].map({True: "quote", False: "reported"}).fillna("reported"),
        "Date": pd.to_datetime(df["said_start"]).dt.date,
        "When": [fmt_resolved(s, e, g) for s, e, g in
                 zip(df["said_start"], df["said_end"], df["said_granularity"], strict=True)],
        "Basis": df["said_basis"].map(lambda b: text_or(b, "unresolved")),
        "As written": df["said_text"].map(lambda t: text_or(t)),
        "Outlet": df["outlet"].fillna(""),
        "Article": df["article_title"].fillna(""),
        "Source": [article_href(a, s, e) for a, s, e in
                   zip(df["article_id"], df["sentence_start"], df["sentence_end"], strict=True)],
    })


def _new_page() -> None:
    """A row number selected on one page means another statement on the next: forget the selection."""
    st.session_state.pop(TABLE_KEY, None)


def statements_pager(filters: Filters) -> None:
    """Every matching statement, a page at a time: the count of all of them, a page size and a page
    number, then that page's table (the query reads only the rows shown, with LIMIT/OFFSET)."""
    total = data.statements_count(filters)
    if not total:
        statements_table(pd.DataFrame())
        return
    if st.session_state.get("_st_filters") != filters:  # new filters: back to the first page
        st.session_state["_st_filters"] = filters
        st.session_state[PAGE_KEY] = 1
    size = int(st.session_state.get(PAGE_SIZE_KEY, DEFAULT_PAGE_SIZE))
    pages = max(1, -(-total // size))
    if int(st.session_state.get(PAGE_KEY, 1)) > pages:
        st.session_state[PAGE_KEY] = pages
    cols = st.columns([4, 1, 1], vertical_alignment="bottom")
    cols[1].selectbox("Rows per page", PAGE_SIZES, index=PAGE_SIZES.index(DEFAULT_PAGE_SIZE),
                      key=PAGE_SIZE_KEY, on_change=_new_page)
    page = int(cols[2].number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, step=1,
                                    key=PAGE_KEY, on_change=_new_page, disabled=pages == 1))
    first = (page - 1) * size
    df = data.statements(filters, limit=size, offset=first)
    cols[0].markdown(f"**{total:,} statement{'s' if total != 1 else ''}** match{'es' if total == 1 else ''} "
                     f"these filters · rows {first + 1:,}–{first + len(df):,} · page {page:,} of {pages:,}")
    statements_table(df, paged=pages > 1)


def statements_table(df: pd.DataFrame, paged: bool = False) -> None:
    """One page of the table, and the full source card for the row the analyst selects."""
    if df.empty:
        st.info("No statement matches these filters. Loosen or clear them in the sidebar.",
                icon=":material/filter_alt_off:")
        return
    st.caption("Select a row to read its sentence here; “Open” shows it highlighted in its article."
               + (" Sorting a column sorts this page only; to find a statement, narrow the list with the "
                  "sidebar filters (speaker, outlet, dates, words)." if paged else ""))
    frame = statements_frame(df)
    frame.insert(0, "New", [newness.badge(str(i)) for i in df["id"]])
    row_number = _selected_row(
        frame, TABLE_KEY, max_height=640,
        column_config={
            "New": st.column_config.TextColumn(help="From an article that arrived since your last visit."),
            "Said": st.column_config.TextColumn(width="large"),
            "Date": st.column_config.DateColumn(help="First day of when it was said (sorts the table)."),
            "When": st.column_config.TextColumn(help="When it was said, at the precision known."),
            "Basis": st.column_config.TextColumn(
                help="; ".join(f"{k}: {v}" for k, v in SAID_BASIS_LABELS.items())),
            "Source": st.column_config.LinkColumn(
                "Source", display_text="Open ↗",
                help="The Articles page with this statement's sentence highlighted."),
        },
    )
    if row_number is not None:
        row = df.iloc[row_number]
        st.subheader("Source")
        pin_button(str(row["id"]), key_prefix="pin_st")
        source_cards(str(row["id"]), key="st")


ITEMS_KEY = "items_table"


def items_frame(items: pd.DataFrame) -> pd.DataFrame:
    """The timeline's items as rows: what happened or was said, when (at its precision), who, where."""
    return pd.DataFrame({
        "What": items["title"].fillna("(untitled)"),
        "Kind": items["kind"].fillna("other").map(kind_label),
        "Date": pd.to_datetime(items["start"]).dt.date,
        "When": [fmt_resolved(s, e, g) for s, e, g in
                 zip(items["start"], items["end"], items["granularity"], strict=True)],
        "Outlets": items["outlets"].fillna(""),
        "Actors": items["actors"].fillna(""),
        "Conflict": items["date_conflict"].fillna(False).astype(bool),
    })


def items_table(items: pd.DataFrame) -> None:
    """Every item of the timeline in a sortable table; a selected row shows its sources and can be pinned.

    The chart's click is the quick way in; the table is for reading down a list, sorting by outlets or
    date, and pinning events that are hard to hit among many dots.
    """
    items = items.drop_duplicates("item_id").reset_index(drop=True)  # the chart has a row per item and lane
    st.caption(f"{len(items):,} item(s). Select a row to read its sources and pin it to the briefing.")
    frame = items_frame(items)
    frame.insert(0, "New", [newness.badge(str(i)) for i in items["item_id"]])
    row_number = _selected_row(
        frame, ITEMS_KEY, max_height=480,
        column_config={
            "New": st.column_config.TextColumn(help="Has a source that arrived since your last visit."),
            "What": st.column_config.TextColumn(width="large"),
            "Date": st.column_config.DateColumn(help="First day of the item's date (sorts the table)."),
            "When": st.column_config.TextColumn(help="The date at the precision the sources support."),
            "Conflict": st.column_config.CheckboxColumn(help="The outlets disagree on the date."),
        },
    )
    if row_number is not None:
        item_id = str(items.iloc[row_number]["item_id"])
        pin_button(item_id, key_prefix="pin_it")
        source_cards(item_id, key="it")
