"""The evidence panel: for a chosen timeline item, every source sentence it rests on.

This is what makes a dot defensible in a briefing: outlet, article, publication date, the sentence
itself (with the date expression and quote marked), the date as written and as resolved, and a link to
the Articles page with that sentence highlighted in context. Article text is escaped before display.

An event reported a hundred times must still read in a glance: sources come most central first (the
store's ranking: how typical the sentence is of the event's reports), word-for-word copies of one
sentence (syndicated wire copy) share one card, the first few cards show and the rest wait behind "Show
all", and a date conflict reads as "n outlets say X, m say Y" with every date given on demand.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from components import data, newness
from components.briefing import pin_button
from dateline.display.conflict import claims_from_evidence, claims_from_note, claims_table, describe_conflict
from dateline.display.format import (
    as_date,
    finite_int,
    fmt_day,
    fmt_resolved_with_precision,
    md_escape,
    safe_url,
    text_or,
)
from dateline.display.highlight import find_spans, highlight_html
from dateline.display.kinds import CONFLICT_COLOUR, kind_colour, kind_label

ARTICLES_PAGE = "pages/2_Articles.py"
MAX_ITEMS = 10
FIRST_SOURCES = 5  # cards shown before "Show all"
MAX_COPIES_NAMED = 6  # copies of a sentence named on its card


def article_link_params(article_id: str, start: Any, end: Any) -> dict[str, str]:
    """Query parameters that open the Articles page on one sentence."""
    params = {"article": str(article_id)}
    s, e = finite_int(start, -1), finite_int(end, -1)
    if 0 <= s < e:
        params.update(start=str(s), end=str(e))
    return params


def article_href(article_id: str, start: Any, end: Any) -> str:
    """A relative link to the Articles page (for tables' link columns)."""
    return "./Articles?" + urlencode(article_link_params(article_id, start, end))


def _as_written(joined: str, shown: int = 3) -> str:
    """An event's date expressions (every report's, '; '-joined in the store), the first few quoted:
    '“April 20”, “last week”, “the 20 April” and 41 more'."""
    forms = [f for f in dict.fromkeys(p.strip() for p in joined.split(";")) if f]
    quoted = ", ".join(f"“{f}”" for f in forms[:shown])
    return quoted + (f" and {len(forms) - shown} more" if len(forms) > shown else "")


def _item_header(item: pd.Series, sources: pd.DataFrame | None = None) -> str:
    kind = text_or(item.get("kind"), "other")
    colour = kind_colour(kind)
    parts = [
        f'<span style="display:inline-block;width:0.8em;height:0.8em;border-radius:50%;'
        f'background:{colour};margin-right:0.4em"></span>'
        f"<b>{html.escape(kind_label(kind))}</b>",
        html.escape(fmt_resolved_with_precision(item.get("start"), item.get("end"), item.get("granularity"))),
    ]
    written = _as_written(text_or(item.get("date_text")))
    if written:
        parts.append(f"as written {html.escape(written)}")
    out = f'<div class="dl-meta">{" · ".join(parts)}</div>'
    if bool(item.get("date_conflict")):
        note = describe_conflict(text_or(item.get("conflict_note")), sources)
        out += (f'<div class="dl-meta" style="color:{CONFLICT_COLOUR}"><b>⚠ Date conflict:</b> '
                f"{html.escape(note)}</div>")
    return out


def _conflict_detail(item: pd.Series, sources: pd.DataFrame) -> None:
    """Every date the sources give, on demand (the summary above names the leading few)."""
    if not bool(item.get("date_conflict")):
        return
    claims = claims_from_evidence(sources) or claims_from_note(text_or(item.get("conflict_note")))
    if len(claims) < 2:
        return
    with st.expander(f"Every date the sources give ({len(claims)})", icon=":material/event_busy:"):
        st.dataframe(claims_table(claims), hide_index=True, width="stretch",
                     height=min(400, 38 + 35 * len(claims)),
                     column_config={"Given by": st.column_config.TextColumn(width="large")})


def _source_card(row: Any) -> str:
    """One source sentence as escaped HTML: where it comes from, the sentence, its date."""
    outlet = text_or(row.outlet, "Unknown outlet")
    title = text_or(row.article_title, text_or(row.file, "Untitled article"))
    published = as_date(row.published)
    meta = f"<b>{html.escape(outlet)}</b> · {html.escape(title)}"
    meta += f" · published {fmt_day(published)}" if published else " · publication date unknown"
    sentence = text_or(row.sentence)
    spans = find_spans(sentence, [("quote", text_or(row.quote)), ("date", text_or(row.date_text))])
    body = highlight_html(sentence, spans, css_class="dl-sentence")
    written = text_or(row.date_text)
    resolved = fmt_resolved_with_precision(row.start, row.end, row.granularity)
    when = (f"Date as written: “{html.escape(written)}” → resolved: <b>{html.escape(resolved)}</b>"
            if written else f"Resolved date: <b>{html.escape(resolved)}</b>")
    speaker = text_or(row.speaker)
    said = f' · said by <b>{html.escape(speaker)}</b>' if speaker else ""
    return f'<div class="dl-meta">{meta}</div>{body}<div class="dl-meta dl-muted">{when}{said}</div>'


def evidence_for_item(item: pd.Series) -> None:
    """The header for one item and a card per source sentence."""
    item_id = str(item["item_id"])
    sources = data.evidence(item_id)
    new = f"{newness.BADGE} · " if newness.is_new(item_id) else ""
    st.markdown(f"#### {new}{md_escape(text_or(item.get('title'), '(untitled)'))}")
    st.html(_item_header(item, sources))
    _conflict_detail(item, sources)
    pin_button(item_id, key_prefix="pin_ev")
    source_cards(item_id, key="ev")


def _same_sentence(text: Any) -> str:
    return re.sub(r"\W+", " ", text_or(text).lower()).strip()


def group_copies(sources: pd.DataFrame) -> list[tuple[Any, list[Any]]]:
    """Sources as (card row, copies): rows whose sentence is word for word the same as an earlier
    (more central) row's are that card's copies. Order kept: the first card is the most central."""
    groups: dict[str, tuple[Any, list[Any]]] = {}
    for row in sources.itertuples():
        key = _same_sentence(row.sentence) or f"row {row.Index}"
        if key in groups:
            groups[key][1].append(row)
        else:
            groups[key] = (row, [])
    return list(groups.values())


def _copies_html(copies: list[Any]) -> str:
    named = [f"{html.escape(text_or(c.outlet, 'Unknown outlet'))}"
             + (f" ({fmt_day(as_date(c.published))})" if as_date(c.published) else "")
             for c in copies[:MAX_COPIES_NAMED]]
    more = f" and {len(copies) - MAX_COPIES_NAMED} more" if len(copies) > MAX_COPIES_NAMED else ""
    n = len(copies)
    return (f'<div class="dl-meta dl-muted">The same sentence in {n} other report{"s" if n != 1 else ""}: '
            f"{', '.join(named)}{more}</div>")


def _toggle(state_key: str) -> None:
    st.session_state[state_key] = not st.session_state.get(state_key, False)


def source_cards(item_id: str, key: str = "src") -> None:
    """Bordered cards for one item's source sentences, most central first: the first ``FIRST_SOURCES``
    and the rest on demand, each with links to the article and the original. ``key`` keeps the "Show
    all" switch apart when two panels show the same item."""
    sources = data.evidence(item_id)
    if sources.empty:
        st.warning("No source sentence is stored for this item.")
        return
    groups = group_copies(sources)
    n_outlets = sources["outlet"].fillna("?").nunique()
    distinct = f", {len(groups):,} distinct" if len(groups) < len(sources) else ""
    ranked = ", most central first" if len(sources) > 1 else ""
    st.caption(f"{len(sources):,} source sentence{'s' if len(sources) != 1 else ''}{distinct} from "
               f"{n_outlets:,} outlet{'s' if n_outlets != 1 else ''}{ranked}.")
    state_key = f"ev_all_{key}_{re.sub(r'[^A-Za-z0-9_-]', '_', item_id)}"
    show_all = bool(st.session_state.get(state_key, False))
    fresh = newness.new_ids()["articles"]
    for row, copies in groups if show_all else groups[:FIRST_SOURCES]:
        with st.container(border=True):
            new = ('<div class="dl-meta"><b>' + newness.BADGE + "</b> since your last visit</div>"
                   if row.article_id in fresh else "")
            st.html(new + _source_card(row) + (_copies_html(copies) if copies else ""))
            cols = st.columns([1, 1, 2])
            with cols[0]:
                st.page_link(ARTICLES_PAGE, label="Open in article", icon=":material/article:",
                             query_params=article_link_params(row.article_id, row.char_start, row.char_end),
                             help="The Articles page, with this sentence highlighted in context.")
            url = safe_url(row.url)
            if url:
                with cols[1]:
                    st.page_link(url, label="Original source", icon=":material/open_in_new:")
    if len(groups) > FIRST_SOURCES:
        label = (f"Show fewer sources (the first {FIRST_SOURCES})" if show_all else
                 f"Show all {len(sources):,} sources" + (f" ({len(groups):,} distinct sentences)"
                                                         if distinct else ""))
        st.button(label, key=f"{state_key}_btn", on_click=_toggle, args=(state_key,),
                  icon=":material/unfold_less:" if show_all else ":material/unfold_more:")


def evidence_panel(item_ids: list[str], items: pd.DataFrame) -> None:
    """Evidence for the chosen items (the first ``MAX_ITEMS`` of a box selection)."""
    if not item_ids:
        st.info("Click a dot or band in the timeline (or choose an item above) to see the sentences it "
                "comes from.", icon=":material/touch_app:")
        return
    by_id = items.drop_duplicates("item_id").set_index("item_id", drop=False)
    shown = [i for i in item_ids if i in by_id.index][:MAX_ITEMS]
    if len(item_ids) > len(shown):
        st.caption(f"Showing {len(shown)} of {len(item_ids)} selected items.")
    for item_id in shown:
        evidence_for_item(by_id.loc[item_id])
