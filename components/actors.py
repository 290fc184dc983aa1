"""Actor cards: who appears in the corpus, under which names and roles, when they spoke, and with whom.

The statements chart and the co-actor list come from two store queries for all cards at once (one for
statement counts per week, one for co-occurrence in sentences and events), never from re-extraction.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from components import data
from components.filters import GO_TIMELINE, focus_actor
from dateline.display.actors import co_actor_line, statements_figure
from dateline.display.format import md_escape, text_or

MAX_CARDS = 60
PER_ROW = 3
CO_ACTORS = 5
CHART_UNIT = "week"
TYPE_ICONS = {"person": ":material/person:", "organization": ":material/corporate_fare:",
              "place": ":material/place:", "group": ":material/groups:"}


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    try:
        return [str(v) for v in list(value) if v is not None and str(v)]
    except TypeError:
        return []


# -- cached queries (per store file and its identity, like components.data) --------------------------
@st.cache_data(show_spinner=False, max_entries=32)
def _statement_counts(path: str, stamp: data.Stamp, ids: tuple[str, ...]) -> pd.DataFrame:
    return data._reader(path).actor_statement_counts(ids, unit=CHART_UNIT)


@st.cache_data(show_spinner=False, max_entries=32)
def _co_actors(path: str, stamp: data.Stamp, ids: tuple[str, ...]) -> pd.DataFrame:
    return data._reader(path).co_actors(ids, per_actor=CO_ACTORS)


def statement_counts(ids: tuple[str, ...]) -> pd.DataFrame:
    return _statement_counts(*data._key(), ids)


def co_actors(ids: tuple[str, ...]) -> pd.DataFrame:
    return _co_actors(*data._key(), ids)


# -- widgets ---------------------------------------------------------------------------------------
def actor_card(row: Any, counts: pd.DataFrame | None = None, partners: pd.DataFrame | None = None) -> None:
    name = text_or(row.name, "(unnamed)")
    kind = text_or(row.type, "other")
    st.markdown(f"##### {TYPE_ICONS.get(kind, ':material/label:')} {md_escape(name)}")
    st.caption(md_escape(kind.capitalize()))
    cols = st.columns(2)
    cols[0].metric("Mentions", f"{int(row.mention_count or 0):,}")
    cols[1].metric("Statements", f"{int(row.statements or 0):,}")
    aliases = [a for a in _as_list(row.aliases) if a != name]
    st.markdown("**Also called:** " + (", ".join(md_escape(a) for a in aliases) if aliases else "—"))
    roles = _as_list(row.roles)
    st.markdown("**Roles:** " + (", ".join(md_escape(r) for r in roles) if roles else "—"))
    if counts is not None and not counts.empty:
        st.markdown("**Statements over time** (weeks, by when said)")
        st.plotly_chart(statements_figure(counts, name), key=f"act_chart_{row.id}", width="stretch",
                        config={"displayModeBar": False})
    line = co_actor_line(partners) if partners is not None and not partners.empty else ""
    st.markdown("**Appears with:** " + (line or "—"))
    st.button("Show on timeline", key=f"act_focus_{row.id}", on_click=focus_actor, args=(name,),
              icon=":material/timeline:")


def actor_cards(df: pd.DataFrame) -> None:
    """Cards for the most mentioned actors matching the filters, and a table of all of them."""
    if st.session_state.pop(GO_TIMELINE, False):
        st.switch_page("app.py")
    if df.empty:
        st.info("No actor matches these filters. Loosen or clear them in the sidebar.",
                icon=":material/filter_alt_off:")
        return
    shown = df.head(MAX_CARDS)
    st.caption(f"{len(df):,} actor(s)" + (f"; cards for the {MAX_CARDS} most mentioned" if len(df) > MAX_CARDS
                                          else ""))
    ids = tuple(str(i) for i in shown["id"])
    counts = statement_counts(ids)
    partners = co_actors(ids)
    rows = list(shown.itertuples())
    for i in range(0, len(rows), PER_ROW):
        cols = st.columns(PER_ROW)
        for col, row in zip(cols, rows[i:i + PER_ROW], strict=False):
            with col, st.container(border=True):
                actor_card(row, counts[counts["actor_id"] == row.id], partners[partners["actor_id"] == row.id])
    with st.expander(f"All {len(df):,} actors as a table"):
        st.dataframe(pd.DataFrame({
            "Name": df["name"], "Type": df["type"], "Mentions": df["mention_count"],
            "Statements": df["statements"],
            "Aliases": df["aliases"].map(lambda v: ", ".join(_as_list(v))),
            "Roles": df["roles"].map(lambda v: ", ".join(_as_list(v))),
        }), hide_index=True, width="stretch")
