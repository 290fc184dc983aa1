"""What is new since the reader's last visit: the "new" badge and the sidebar count.

The visit is remembered beside the store (``dateline.store.visits``): per signed-in user with an OpenID
login, one shared marker otherwise. Items are new when the article they come from (for an event: any of
its sources) entered the store after the previous visit began (``arrivals`` in the store).
"""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from components import data
from dateline.store.visits import Visits

BADGE = "● new"  # no emoji: closed-network machines often lack an emoji font (it drew as a box)
_SINCE_KEY = "_dateline_since"


def current_user() -> str:
    """The OpenID e-mail when signed in, else one local marker (no login, or a shared password)."""
    try:
        user = st.user
        if user.get("is_logged_in") and user.get("email"):
            return f"user:{str(user.get('email')).strip().lower()}"
    except Exception:  # noqa: BLE001 - no auth configured: st.user may not be usable
        pass
    return "local"


def since() -> datetime | None:
    """The start of the reader's previous visit (None on a first visit), recorded once per session."""
    if _SINCE_KEY not in st.session_state:
        try:
            st.session_state[_SINCE_KEY] = Visits.beside(data.store_path()).visit(current_user())
        except OSError:  # a read-only store folder: nothing is remembered, nothing is marked
            st.session_state[_SINCE_KEY] = None
    return st.session_state[_SINCE_KEY]


@st.cache_data(show_spinner=False, max_entries=16)
def _new_ids(path: str, stamp: object, when: datetime) -> dict[str, frozenset[str]]:
    return data._reader(path).new_since(when)


def new_ids() -> dict[str, frozenset[str]]:
    """Ids of the articles, statements and events new since the last visit (empty on a first visit)."""
    when = since()
    if when is None:
        return {"articles": frozenset(), "statements": frozenset(), "events": frozenset()}
    path, stamp = data._key()
    return _new_ids(path, stamp, when)


def is_new(item_id: str) -> bool:
    ids = new_ids()
    return item_id in ids["statements"] or item_id in ids["events"]


def badge(item_id: str) -> str:
    """The badge for an item (event or statement id), or "" when it is not new."""
    return BADGE if is_new(item_id) else ""


def sidebar_count() -> None:
    """"N new since your last visit" in the sidebar."""
    when = since()
    with st.sidebar:
        if when is None:
            st.caption("First visit: from your next one, items that arrive meanwhile are marked “" + BADGE + "”.")
            return
        ids = new_ids()
        n_items = len(ids["events"]) + len(ids["statements"])
        st.markdown(f"**{n_items:,} new** since your last visit ({when:%Y-%m-%d %H:%M} UTC): "
                    f"{len(ids['events']):,} events, {len(ids['statements']):,} statements from "
                    f"{len(ids['articles']):,} new or updated articles")
