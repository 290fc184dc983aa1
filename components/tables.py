"""Tables: the Statements table and the timeline's items table, each row linked to its sources and pinnable."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.briefing import pin_button
from components.evidence import article_href, source_cards
from dateline.display.format import SAID_BASIS_LABELS, fmt_resolved, text_or
from dateline.display.kinds import kind_label

TABLE_KEY = "st_table"


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


def statements_table(df: pd.DataFrame) -> None:
    """The table, and the full source card for the row the analyst selects."""
    if df.empty:
        st.info("No statement matches these filters. Loosen or clear them in the sidebar.",
                icon=":material/filter_alt_off:")
        return
    st.caption(f"{len(df):,} statement(s). Select a row to read its sentence here; "
               "“Open” shows it highlighted in its article.")
    row_number = _selected_row(
        statements_frame(df), TABLE_KEY, max_height=640,
        column_config={
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
        source_cards(str(row["id"]))


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
    row_number = _selected_row(
        items_frame(items), ITEMS_KEY, max_height=480,
        column_config={
            "What": st.column_config.TextColumn(width="large"),
            "Date": st.column_config.DateColumn(help="First day of the item's date (sorts the table)."),
            "When": st.column_config.TextColumn(help="The date at the precision the sources support."),
            "Conflict": st.column_config.CheckboxColumn(help="The outlets disagree on the date."),
        },
    )
    if row_number is not None:
        item_id = str(items.iloc[row_number]["item_id"])
        pin_button(item_id, key_prefix="pin_it")
        source_cards(item_id)
