"""The article reader widget: the original text with what was extracted from it highlighted.

The markup comes from ``dateline.display.highlight`` (every article segment escaped there); this module
adds the page's styles and scrolls to the followed sentence.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dateline.display.highlight import TARGET_ID, highlight_html, legend_html, spans_from_frame

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
