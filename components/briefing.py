"""Briefing widgets: pin buttons, the briefing editor, presentation mode and the download buttons.

Briefings live in a sidecar DuckDB file beside the store (``dateline.briefing.store``), so they survive
rebuilds and restarts. A pin stores a snapshot of the item with all its sources. The active briefing
(where pins go) is kept in the session; without one, the first pin creates "My briefing".

Everything from articles is escaped before it is shown (``html.escape`` for ``st.html``, ``md_escape``
for Markdown): a quote can never inject markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import plotly.graph_objects as go
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components import data
from dateline import export as exporter
from dateline.briefing import Briefing, BriefingError, BriefingStore, Item, snapshot_items
from dateline.briefing.draft import suggest_briefing
from dateline.display.conflict import describe_conflict
from dateline.display.format import md_escape, safe_url, truncate
from dateline.display.kinds import CONFLICT_COLOUR, kind_colour
from dateline.export.chart import item_rows_figure
from dateline.export.common import day, source_label, unique_articles, when, written
from dateline.export.naming import briefing_stem, view_stem
from dateline.store.query import Filters

ACTIVE = "brf_active"
PRESENT = "brf_present"
STEP = "brf_step"
DEFAULT_NAME = "My briefing"
PRESENT_SOURCES = 8  # articles listed under a presented item (most central first), then "… and N more"
DOWNLOAD_ORDER = ("pptx", "html", "md", "csv", "png", "svg", "timelinejs", "json")
FORMAT_LABELS = {"pptx": "Slides (pptx)", "html": "Web page (html)", "md": "Written brief (md)",
                 "csv": "Table (csv)", "png": "Chart (png)", "svg": "Chart (svg)",
                 "timelinejs": "TimelineJS (json)", "json": "Full data (json)"}

PRESENT_CSS = """
<style>
section[data-testid="stSidebar"], div[data-testid="stSidebarCollapsedControl"],
button[data-testid="stExpandSidebarButton"], header[data-testid="stHeader"] { display: none !important; }
div[data-testid="stMainBlockContainer"], .block-container { max-width: 100% !important;
  padding: 1.2rem 3rem 2rem !important; }
.dl-present-title { font-size: 2.6rem; font-weight: 700; line-height: 1.15; margin: 0 0 .3rem; color: #111827; }
.dl-present-meta { font-size: 1.25rem; color: #4b5563; }
.dl-step { border: 1px solid #e5e7eb; border-radius: 12px; padding: 1.4rem 1.8rem; background: #fff; }
.dl-step-count { font-size: 1.1rem; color: #6b7280; letter-spacing: .04em; text-transform: uppercase; }
.dl-step-date { font-size: 2.3rem; font-weight: 700; color: #111827; margin: .2rem 0; }
.dl-step-kind { font-size: 1.2rem; color: #374151; }
.dl-step-text { font-size: 1.9rem; line-height: 1.4; color: #1f2430; margin: .8rem 0; font-family: Georgia, serif; }
.dl-step-written { font-size: 1.1rem; color: #6b7280; }
.dl-step-note { font-size: 1.3rem; border-left: 5px solid #E69F00; padding: .3rem .9rem; margin: .8rem 0;
  background: #fffbeb; }
.dl-step-sources { font-size: 1.15rem; margin-top: .8rem; } .dl-step-sources li { margin: .25rem 0; }
</style>
"""


def store() -> BriefingStore:
    return BriefingStore.beside(data.store_path())


def _key(text: str) -> str:
    """A widget-key-safe form of an id."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", text)


@st.cache_data(show_spinner=False, max_entries=16)
def _catalogue(path: str, stamp: tuple[int, ...]) -> list[dict]:
    return BriefingStore(path).all_briefings()


def catalogue() -> list[dict]:
    """Every briefing with its pinned item ids; read again only when the briefings file changes."""
    bs = store()
    return _catalogue(str(bs.path), bs.stamp())


def _changed() -> None:
    """After a write in this process: forget the cached catalogue (the file stamp would change too)."""
    _catalogue.clear()


def active_id() -> str | None:
    """The briefing pins go to: the session's choice if it still exists, else the latest one."""
    ids = [b["id"] for b in catalogue()]
    current = st.session_state.get(ACTIVE)
    if current in ids:
        return current
    chosen = ids[0] if ids else None
    st.session_state[ACTIVE] = chosen
    return chosen


# -- pinning ------------------------------------------------------------------------------------
def _pin(item_id: str) -> None:
    _changed()
    bs = store()
    bid = active_id()
    if bid is None:
        name = DEFAULT_NAME
        existing = {b["name"] for b in bs.all_briefings()}
        n = 2
        while name in existing:
            name, n = f"{DEFAULT_NAME} {n}", n + 1
        bid = bs.create(name)
        st.session_state[ACTIVE] = bid
    items = snapshot_items(data.reader(), [item_id])
    if not items:
        st.session_state["_brf_toast"] = "That item is no longer in the store."
        return
    added = bs.pin(bid, items[0])
    st.session_state["_brf_toast"] = "Pinned to the briefing." if added else "Already in the briefing."


def _unpin(bid: str, item_id: str) -> None:
    _changed()
    store().unpin(bid, item_id)


def pin_button(item_id: str, key_prefix: str = "pin") -> None:
    """'Pin to briefing' (or 'Unpin') for one item, into the active briefing."""
    toast = st.session_state.pop("_brf_toast", None)
    if toast:
        st.toast(toast, icon=":material/push_pin:")
    bid = active_id()
    b = next((c for c in catalogue() if c["id"] == bid), None)
    key = f"{key_prefix}_{_key(item_id)}"
    if b is not None and item_id in b["item_ids"]:
        st.button(f"Pinned in “{truncate(b['name'], 40)}” — unpin", key=key, icon=":material/keep_off:",
                  on_click=_unpin, args=(b["id"], item_id), help="Remove it from the briefing.")
    else:
        target = f"“{truncate(b['name'], 40)}”" if b is not None else "a new briefing"
        st.button(f"Pin to {target}", key=key, icon=":material/push_pin:", on_click=_pin, args=(item_id,),
                  help="Add this item, with its sources, to the briefing (see the Briefing page).")


# -- the editor ---------------------------------------------------------------------------------
def _create() -> None:
    _changed()
    name = st.session_state.get("brf_new_name", "")
    try:
        bid = store().create(name)
    except BriefingError as exc:
        st.session_state["_brf_error"] = str(exc)
        return
    st.session_state[ACTIVE] = bid
    st.session_state["brf_new_name"] = ""


def _suggest() -> None:
    """Create a briefing of the corpus' key events (the engine's draft) and make it the active one."""
    _changed()
    top = int(st.session_state.get("brf_suggest_n") or 0) or None
    try:
        bid = suggest_briefing(data.reader(), store(), top=top)
    except BriefingError as exc:
        st.session_state["_brf_error"] = str(exc)
        return
    st.session_state[ACTIVE] = bid
    made = store().get(bid)
    n = len(made.items) if made else 0
    st.session_state["_brf_toast"] = (f"Suggested {n} key event{'s' if n != 1 else ''} as “{made.name if made else ''}”:"
                                      " delete, reorder and annotate them below.")


def suggest_controls(n_col: DeltaGenerator, button_col: DeltaGenerator) -> None:
    """"Suggest a briefing" in one click: how many key dates (the corpus' default, changeable) beside it."""
    default, available = data.story_defaults()
    if available:
        n_col.number_input("Key dates", min_value=1, max_value=available, step=1,
                           value=min(default, available), key="brf_suggest_n",
                           help=f"How many key dates to draft (of {available:,}); {default} suits a corpus of "
                                "this size.")
    button_col.button("Suggest a briefing", key="brf_suggest", on_click=_suggest, icon=":material/auto_awesome:",
                      disabled=not available, width="stretch",
                      help="A new briefing of the story's key dates: one event per date (the most important of "
                           "the day, with all its sources), in date order. Delete, reorder and annotate it "
                           "afterwards; every export works on it." if available else
                           "This corpus has no key dates (no day-precise events) to suggest.")


def _rename(bid: str) -> None:
    _changed()
    try:
        store().rename(bid, st.session_state.get(f"brf_rename_{bid}", ""))
    except BriefingError as exc:
        st.session_state["_brf_error"] = str(exc)


def _delete(bid: str) -> None:
    _changed()
    store().delete(bid)
    st.session_state.pop(ACTIVE, None)


def _save_text(bid: str, field: str) -> None:
    _changed()
    value = st.session_state.get(f"brf_{field}_{bid}", "")
    store().update_text(bid, **{field: value})


def _save_note(bid: str, item_id: str) -> None:
    _changed()
    store().set_note(bid, item_id, st.session_state.get(f"brf_note_{bid}_{_key(item_id)}", ""))


def _move(bid: str, item_id: str, delta: int) -> None:
    _changed()
    store().move(bid, item_id, delta)


def _select() -> None:
    st.session_state[ACTIVE] = st.session_state.get("brf_select")
    st.session_state[STEP] = 0


def briefing_picker() -> Briefing | None:
    """Choose, create, rename or delete briefings; return the active one."""
    bs = store()
    error = st.session_state.pop("_brf_error", None)
    if error:
        st.error(error)
    toast = st.session_state.pop("_brf_toast", None)
    if toast:
        st.toast(toast, icon=":material/auto_awesome:")
    briefings = catalogue()
    bid = active_id()
    cols = st.columns([5, 2, 1.4, 2.6], vertical_alignment="bottom")
    with cols[0]:
        if briefings:
            names = {b["id"]: f"{b['name']} ({b['items']} item{'s' if b['items'] != 1 else ''})"
                     for b in briefings}
            st.session_state["brf_select"] = bid
            st.selectbox("Briefing", list(names), key="brf_select", format_func=names.__getitem__,
                         on_change=_select, help="Pins from the timeline and the tables go to this briefing.")
    with cols[1], st.popover("New briefing", icon=":material/add:"):
        st.text_input("Name", key="brf_new_name", max_chars=120, placeholder="e.g. Talks, Dec 2022")
        st.button("Create", key="brf_create", on_click=_create, type="primary")
    suggest_controls(cols[2], cols[3])
    if bid is None:
        st.info("No briefing yet. “Suggest a briefing” drafts one from the story's key dates; or pin an item "
                "from the timeline's evidence panel or the Statements table, or create an empty briefing.",
                icon=":material/push_pin:")
        return None
    b = bs.get(bid)
    if b is None:
        return None
    c1, c2, _ = st.columns([1, 1, 3])
    with c1, st.popover("Rename", icon=":material/edit:"):
        st.text_input("New name", key=f"brf_rename_{bid}", value=b.name, max_chars=120)
        st.button("Rename", key=f"brf_rename_go_{bid}", on_click=_rename, args=(bid,))
    with c2, st.popover("Delete", icon=":material/delete:"):
        st.write(f"Delete “{md_escape(b.name)}” and its {len(b.items)} pinned item(s)?")
        st.button("Delete for good", key=f"brf_delete_{bid}", on_click=_delete, args=(bid,), type="primary")
    return b


def _init(key: str, value: str) -> None:
    if key not in st.session_state:
        st.session_state[key] = value


def briefing_editor(b: Briefing) -> None:
    """Headline, summary, and the pinned items with notes and up/down/remove controls."""
    _init(f"brf_headline_{b.id}", b.headline)
    _init(f"brf_summary_{b.id}", b.summary)
    st.text_input("Headline", key=f"brf_headline_{b.id}", max_chars=200, on_change=_save_text,
                  args=(b.id, "headline"), placeholder="What this briefing shows, in one line")
    st.text_area("Summary", key=f"brf_summary_{b.id}", max_chars=3000, height=110, on_change=_save_text,
                 args=(b.id, "summary"), placeholder="The overall picture, for the title slide and the brief")
    if not b.items:
        st.info("Nothing pinned yet: use “Pin to …” in the timeline's evidence panel or on a selected "
                "statement.", icon=":material/push_pin:")
        return
    st.subheader(f"Pinned items ({len(b.items)})")
    for n, it in enumerate(b.items, start=1):
        k = _key(it.item_id)
        with st.container(border=True, key=f"brf_item_{b.id}_{k}"):
            cols = st.columns([12, 1, 1, 1], vertical_alignment="top")
            with cols[0]:
                st.html(_item_html(n, it, compact=True))
            cols[1].button("", key=f"brf_up_{b.id}_{k}", icon=":material/arrow_upward:", help="Move up",
                           on_click=_move, args=(b.id, it.item_id, -1), disabled=n == 1)
            cols[2].button("", key=f"brf_down_{b.id}_{k}", icon=":material/arrow_downward:",
                           help="Move down", on_click=_move, args=(b.id, it.item_id, 1),
                           disabled=n == len(b.items))
            cols[3].button("", key=f"brf_remove_{b.id}_{k}", icon=":material/close:", help="Unpin",
                           on_click=_unpin, args=(b.id, it.item_id))
            _init(f"brf_note_{b.id}_{k}", it.note)
            st.text_input("Analyst note", key=f"brf_note_{b.id}_{k}", max_chars=300,
                          on_change=_save_note, args=(b.id, it.item_id), label_visibility="collapsed",
                          placeholder="One-line analyst note (goes to the speaker notes)")


def _sources_html(it: Item, limit: int | None = None) -> str:
    rows = []
    arts = unique_articles(it)
    for s in arts[:limit]:
        url = safe_url(s.url)
        title = html.escape(s.title or s.file or "untitled")
        link = f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">{title}</a>' \
            if url else f"{title} <span class='dl-muted'>({html.escape(s.file)})</span>"
        rows.append(f"<li><b>{html.escape(source_label(s))}</b> — {link} — "
                    f"<span class='dl-muted'>published {html.escape(day(s.published))}</span></li>")
    more = f"<li class='dl-muted'>… and {len(arts) - limit} more</li>" if limit and len(arts) > limit else ""
    return "<ul style='margin:.2rem 0 0 1rem;padding:0'>" + "".join(rows) + more + "</ul>"


def _item_html(n: int, it: Item, compact: bool = False) -> str:
    dot = (f'<span style="display:inline-block;width:.8em;height:.8em;border-radius:50%;'
           f'background:{kind_colour(it.kind)};margin-right:.4em"></span>')
    head = (f'<div class="dl-meta">{dot}<b>{n}. {html.escape(when(it))}</b> · {html.escape(it.kind_label)}'
            + (f" · <span class='dl-muted'>{html.escape(written(it))}</span>" if written(it) else "")
            + "</div>")
    text = f'<div class="dl-sentence">{html.escape(truncate(it.headline, 400 if compact else 2000))}</div>'
    conflict = (f'<div class="dl-meta" style="color:{CONFLICT_COLOUR}">⚠ Date conflict: '
                f"{html.escape(describe_conflict(it.conflict_note))}</div>" if it.date_conflict else "")
    return head + text + conflict + f'<div class="dl-meta">{_sources_html(it, 3 if compact else None)}</div>'


# -- downloads ----------------------------------------------------------------------------------
def _generator(fmt: str, briefing: Briefing | None, filters: Filters | None) -> Callable[[], bytes]:
    """Deferred export: runs when the button is clicked (kaleido and pptx take a few seconds)."""
    reader = data.reader()

    def make() -> bytes:
        return exporter.render_bytes(reader, fmt, filters=filters, briefing=briefing)
    return make


def _store_label() -> str:
    """The store's name for a file name: 'bpoil' for bpoil.duckdb, the corpus' name for the default
    store (without the digest that keeps stores of same-named folders apart)."""
    return re.sub(r"-[0-9a-f]{10}$", "", data.store_path().stem)


def download_buttons(briefing: Briefing | None, filters: Filters | None = None, key: str = "dl") -> None:
    """One download button per export format, for a briefing or (without one) the filtered view."""
    name = briefing_stem(briefing) if briefing is not None else view_stem(filters, _store_label())
    formats = [f for f in DOWNLOAD_ORDER if f in exporter.FORMATS] + \
        [f for f in exporter.FORMATS if f not in DOWNLOAD_ORDER]
    cols = st.columns(4)
    for i, fmt in enumerate(formats):
        spec = exporter.spec(fmt)
        suffix = "-timelinejs" if fmt == "timelinejs" else ""
        with cols[i % 4]:
            st.download_button(FORMAT_LABELS.get(fmt, fmt), data=_generator(fmt, briefing, filters),
                               file_name=f"{name}{suffix}.{spec.extension}", mime=spec.mime,
                               key=f"{key}_{fmt}", on_click="ignore", icon=":material/download:",
                               help=spec.description, width="stretch")


# -- presentation -------------------------------------------------------------------------------
def _step(delta: int, n: int) -> None:
    st.session_state[STEP] = max(0, min(n - 1, int(st.session_state.get(STEP, 0)) + delta))


def start_presentation() -> None:
    st.session_state[PRESENT] = True
    st.session_state[STEP] = 0


def presenting() -> bool:
    return bool(st.session_state.get(PRESENT))


@st.cache_data(show_spinner=False, max_entries=16)
def _briefing(path: str, stamp: tuple[int, ...], bid: str) -> Briefing | None:
    return BriefingStore(path).get(bid)


def cached_briefing(bid: str | None) -> Briefing | None:
    """A briefing read once per change of the briefings file (presentation steps do not reread it)."""
    if not bid:
        return None
    bs = store()
    return _briefing(str(bs.path), bs.stamp(), bid)


@st.cache_resource(show_spinner=False, max_entries=64)
def _step_figure(path: str, stamp: tuple[int, ...], bid: str, k: int) -> go.Figure:
    """The presentation chart with step ``k``'s row highlighted, built once per briefing version and step."""
    b = _briefing(path, stamp, bid)
    items = b.items if b is not None else []
    fig = item_rows_figure(items)
    dated = [i for i, it in enumerate(items) if it.start]
    if k in dated:  # highlight the current item's row (category rows are numbered 0… in order)
        row = dated.index(k)
        fig.add_shape(type="rect", xref="paper", x0=0, x1=1, yref="y", y0=row - 0.5, y1=row + 0.5,
                      fillcolor="rgba(255,224,102,0.45)", line_width=0, layer="below")
    return fig


@st.fragment
def present_active() -> None:
    """Presentation mode as a fragment: "Next" and "Previous" rerun only this part of the page (no
    sidebar, filters or store panel), and the briefing and each step's chart come from caches."""
    b = cached_briefing(active_id())
    if b is None:
        st.session_state[PRESENT] = False
        st.rerun()
        return
    presentation(b)


def presentation(b: Briefing) -> None:
    """Full width, large type, no sidebar: the pinned items' timeline and one item at a time."""
    st.html(PRESENT_CSS)
    n = len(b.items)
    top = st.columns([8, 1], vertical_alignment="center")
    with top[0]:
        st.html(f'<div class="dl-present-title">{html.escape(b.title)}</div>'
                + (f'<div class="dl-present-meta">{html.escape(b.summary)}</div>' if b.summary else ""))
    if top[1].button("Exit", key="brf_exit", icon=":material/close_fullscreen:", width="stretch"):
        st.session_state[PRESENT] = False
        st.rerun()  # the whole page, not just the presentation fragment
    if not n:
        st.info("This briefing has no pinned items yet.")
        return
    k = max(0, min(n - 1, int(st.session_state.get(STEP, 0))))
    st.session_state[STEP] = k
    bs = store()
    fig = _step_figure(str(bs.path), bs.stamp(), b.id, k) if b.id else item_rows_figure(b.items)
    st.plotly_chart(fig, key="brf_present_chart", width="stretch", theme=None,
                    config={"displaylogo": False, "displayModeBar": False})
    it = b.items[k]
    nav = st.columns([1, 1, 6])
    nav[0].button("Previous", key="brf_prev", icon=":material/arrow_back:", on_click=_step, args=(-1, n),
                  disabled=k == 0, width="stretch")
    nav[1].button("Next", key="brf_next", icon=":material/arrow_forward:", on_click=_step, args=(1, n),
                  disabled=k == n - 1, width="stretch", type="primary")
    note = f'<div class="dl-step-note">{html.escape(it.note)}</div>' if it.note.strip() else ""
    conflict = (f'<div class="dl-step-written" style="color:{CONFLICT_COLOUR}">⚠ Date conflict: '
                f"{html.escape(describe_conflict(it.conflict_note))}</div>" if it.date_conflict else "")
    st.html(
        f'<div class="dl-step" id="dl-step">'
        f'<div class="dl-step-count">Item {k + 1} of {n}</div>'
        f'<div class="dl-step-date">{html.escape(when(it))}</div>'
        f'<div class="dl-step-kind"><span style="display:inline-block;width:.8em;height:.8em;border-radius:50%;'
        f'background:{kind_colour(it.kind)};margin-right:.4em"></span>{html.escape(it.kind_label)}'
        + (f" · {html.escape(', '.join(it.actors[:5]))}" if it.actors else "") + "</div>"
        f'<div class="dl-step-text">{html.escape(it.headline)}</div>'
        f'<div class="dl-step-written">{html.escape(written(it))}</div>{conflict}{note}'
        f'<div class="dl-step-sources"><b>Sources</b>{_sources_html(it, PRESENT_SOURCES)}</div></div>'
    )
