"""The article reader: the original text with what was extracted from it highlighted.

Safety rule: article text is data, never markup. Every text segment goes through ``html.escape``; the
only tags in the output are our own ``<mark>``/``<span>``/``<div>`` wrappers, whose attributes are
escaped too. Offsets are Python string indices into the article text (end exclusive), as stored.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dateline.display.format import text_or

TARGET_ID = "dateline-target"

# kind -> (CSS class, legend label); the CSS below gives each its look.
SPAN_STYLES: dict[str, tuple[str, str]] = {
    "date": ("dl-date", "Date expression"),
    "quote": ("dl-quote", "Direct quote"),
    "reported": ("dl-reported", "Reported speech"),
    "actor": ("dl-actor", "Actor mention"),
}

READER_CSS = """
<style>
.dl-reader { white-space: pre-wrap; font-size: 1.02rem; line-height: 1.65; max-width: 62rem;
  font-family: Georgia, 'Times New Roman', serif; color: #1f2430; overflow-wrap: anywhere; }
.dl-reader mark, .dl-sentence mark, .dl-legend mark { background: none; color: inherit; padding: 0; }
mark.dl-date { border-bottom: 2px solid #0072B2; background: rgba(0,114,178,0.08); }
mark.dl-quote { background: rgba(0,158,115,0.16); }
mark.dl-reported { background: rgba(230,159,0,0.16); }
mark.dl-actor { font-weight: 600; color: #6A3D9A; }
mark.dl-target { background: #ffe066; box-shadow: 0 0 0 3px #ffe066; border-radius: 2px;
  outline: 2px solid #d4a000; outline-offset: 2px; scroll-margin: 120px; }
.dl-legend { display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem; font-size: 0.9rem; margin: 0.2rem 0 0.8rem; }
.dl-sentence { font-family: Georgia, 'Times New Roman', serif; font-size: 1.02rem; line-height: 1.55;
  border-left: 4px solid #94a3b8; padding: 0.35rem 0 0.35rem 0.8rem; margin: 0.3rem 0; white-space: pre-wrap;
  overflow-wrap: anywhere; }
.dl-meta { font-size: 0.92rem; color: #374151; }
.dl-meta b { color: #111827; }
.dl-muted { color: #6b7280; }
</style>
"""


@dataclass(frozen=True)
class Span:
    kind: str
    start: int
    end: int
    label: str = ""


def spans_from_frame(df: pd.DataFrame | None) -> list[Span]:
    """Spans from ``StoreReader.article_spans`` rows."""
    if df is None or df.empty:
        return []
    return [Span(str(r.kind), int(r.char_start), int(r.char_end), text_or(r.label))
            for r in df.itertuples() if r.char_start is not None and r.char_end is not None]


def highlight_html(text: str, spans: Iterable[Span], target: tuple[int, int] | None = None,
                   css_class: str = "dl-reader") -> str:
    """Escaped ``text`` with spans wrapped in ``<mark>``; ``target`` (a sentence) wrapped in one outer mark.

    Overlapping spans are split at every boundary so the markup always nests; a segment inside several
    spans carries all their classes. Spans outside the text or empty are ignored.
    """
    n = len(text)
    valid = [s for s in spans if 0 <= s.start < s.end <= n and s.kind in SPAN_STYLES]
    if target is not None:
        t0, t1 = max(0, int(target[0])), min(n, int(target[1]))
        target = (t0, t1) if t0 < t1 else None
    cuts = {0, n}
    for s in valid:
        cuts.update((s.start, s.end))
    if target:
        cuts.update(target)
    points = sorted(cuts)
    out: list[str] = [f'<div class="{css_class}">']
    for a, b in zip(points, points[1:], strict=False):
        if target and a == target[0]:
            out.append(f'<mark id="{TARGET_ID}" class="dl-target" title="The sentence you followed">')
        segment = html.escape(text[a:b])
        active = [s for s in valid if s.start <= a and b <= s.end]
        if active:
            classes = " ".join(dict.fromkeys(SPAN_STYLES[s.kind][0] for s in active))
            labels = "; ".join(dict.fromkeys(s.label for s in active if s.label))
            title = f' title="{html.escape(labels, quote=True)}"' if labels else ""
            out.append(f'<mark class="{classes}"{title}>{segment}</mark>')
        else:
            out.append(segment)
        if target and b == target[1]:
            out.append("</mark>")
    out.append("</div>")
    return "".join(out)


def find_spans(sentence: str, needles: Iterable[tuple[str, str]]) -> list[Span]:
    """Spans for the first occurrence of each (kind, text) in a sentence (for the evidence cards)."""
    spans = []
    low = sentence.lower()
    for kind, needle in needles:
        needle = (needle or "").strip()
        if not needle:
            continue
        i = low.find(needle.lower())
        if i >= 0:
            spans.append(Span(kind, i, i + len(needle)))
    return spans


def legend_html() -> str:
    items = "".join(f'<span><mark class="{cls}">{html.escape(label)}</mark></span>'
                    for cls, label in SPAN_STYLES.values())
    items += '<span><mark class="dl-target">Sentence you followed</mark></span>'
    return f'<div class="dl-legend">{items}</div>'


def inject_css() -> None:
    """Once per run: the reader and evidence styles (style-only HTML takes no space on the page)."""
    st.html(READER_CSS)


# Our own constant script (no article content inside): bring the followed sentence into view.
_SCROLL_JS = f"""<script>
setTimeout(function () {{
  var el = document.getElementById({TARGET_ID!r});
  if (el) {{ el.scrollIntoView({{block: "center"}}); }}
}}, 300);
</script>"""


def render_article(text: str, spans_df: pd.DataFrame | None, target: tuple[int, int] | None) -> None:
    """Show the whole article with highlights; scroll to the followed sentence when there is one."""
    st.html(legend_html())
    body = highlight_html(text, spans_from_frame(spans_df), target)
    if target:
        st.html(body + _SCROLL_JS, unsafe_allow_javascript=True)
    else:
        st.html(body)
