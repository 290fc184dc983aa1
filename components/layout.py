"""Page scaffolding shared by every page: config, styles, store check, navigation, store panel.

The sidebar navigation is our own (``st.page_link``) so the timeline is labelled "Timeline" rather than
after its file name, and so every page lists the same four destinations in the same order.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from PIL import Image, ImageDraw

from components import data, newness
from components.reader import inject_css

PAGES: tuple[tuple[str, str, str], ...] = (
    ("app.py", "Timeline", ":material/timeline:"),
    ("pages/1_Statements.py", "Statements", ":material/format_quote:"),
    ("pages/2_Articles.py", "Articles", ":material/article:"),
    ("pages/3_Actors.py", "Actors", ":material/groups:"),
    ("pages/4_Briefing.py", "Briefing", ":material/push_pin:"),
)


@st.cache_resource(show_spinner=False)
def _icon() -> Image.Image:
    """The favicon, drawn here: a material-icon favicon would be fetched from a font CDN."""
    img = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle((2, 2, 62, 62), radius=12, fill="#0f2f4f")
    draw.line((10, 40, 54, 40), fill="#e5e7eb", width=3)
    draw.line((14, 24, 34, 24), fill="#56B4E9", width=7)
    for x, colour in ((16, "#E69F00"), (32, "#009E73"), (48, "#CC79A7")):
        draw.ellipse((x - 5, 35, x + 5, 45), fill=colour)
    return img


def setup_page(title: str) -> None:
    """Page config, styles, the store (checked; built on first start, rebuilt when damaged), the briefings
    file (checked) and the navigation."""
    # Viewers never see an exception's details (also set in .streamlit/config.toml, for any start-up
    # folder); store errors are handled in components/data.py with a message saying what to do.
    st.set_option("client.showErrorDetails", "none")
    st.set_page_config(page_title=f"{title} · Dateline" if title != "Timeline" else "Dateline",
                       page_icon=_icon(), layout="wide")
    inject_css()
    data.ensure_store()
    notice = data.briefings_notice()
    if notice:
        st.warning(notice, icon=":material/build:")
    with st.sidebar:
        st.markdown("### Dateline")
        for path, label, icon in PAGES:
            st.page_link(path, label=label, icon=icon)
        st.divider()
    newness.sidebar_count()


def store_panel() -> None:
    """Sidebar footer: which store is shown, what it holds, and what the last build skipped."""
    with st.sidebar.expander("About this data", icon=":material/database:"):
        counts = data.counts()
        st.caption(f"Store: `{data.store_path()}`")
        st.caption(", ".join(f"{v:,} {k}" for k, v in counts.items() if k != "rejections"))
        summary = st.session_state.get("_build_summary")
        if summary:
            st.code(summary, language=None)
        rejected = data.rejections()
        if not rejected.empty:
            st.caption(f"{len(rejected)} file(s) skipped or with warnings:")
            st.dataframe(rejected, hide_index=True, width="stretch")


def timeline_metrics(df: pd.DataFrame) -> None:
    """Headline counts for what the chart shows (items, not item×lane rows)."""
    items = df.drop_duplicates("item_id") if not df.empty else df
    n_events = int((items["item_type"] == "event").sum()) if not items.empty else 0
    n_statements = int((items["item_type"] == "statement").sum()) if not items.empty else 0
    n_conflicts = int(items["date_conflict"].fillna(False).astype(bool).sum()) if not items.empty else 0
    n_lanes = int(df["lane"].nunique()) if not df.empty else 0
    n_bands = int((items["granularity"].fillna("day") != "day").sum()) if not items.empty else 0
    cols = st.columns(5)
    cols[0].metric("Events", f"{n_events:,}")
    cols[1].metric("Statements", f"{n_statements:,}")
    cols[2].metric("Lanes", f"{n_lanes:,}")
    cols[3].metric("Dated only roughly", f"{n_bands:,}",
                   help="Items known only to a week, month, season, year… drawn as bands.")
    cols[4].metric("Date conflicts", f"{n_conflicts:,}", help="Sources disagree on when it happened.")
