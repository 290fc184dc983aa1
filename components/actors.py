"""Actor cards: who appears in the corpus, under which names, in which roles, and how often."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from components.filters import GO_TIMELINE, focus_actor
from components.format import md_escape, text_or

MAX_CARDS = 60
PER_ROW = 3
TYPE_ICONS = {"person": ":material/person:", "organization": ":material/corporate_fare:",
              "place": ":material/place:", "group": ":material/groups:"}


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    try:
        return [str(v) for v in list(value) if v is not None and str(v)]
    except TypeError:
        return []


def actor_card(row: Any) -> None:
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
    rows = list(shown.itertuples())
    for i in range(0, len(rows), PER_ROW):
        cols = st.columns(PER_ROW)
        for col, row in zip(cols, rows[i:i + PER_ROW], strict=False):
            with col, st.container(border=True):
                actor_card(row)
    with st.expander(f"All {len(df):,} actors as a table"):
        st.dataframe(pd.DataFrame({
            "Name": df["name"], "Type": df["type"], "Mentions": df["mention_count"],
            "Statements": df["statements"],
            "Aliases": df["aliases"].map(lambda v: ", ".join(_as_list(v))),
            "Roles": df["roles"].map(lambda v: ", ".join(_as_list(v))),
        }), hide_index=True, width="stretch")
