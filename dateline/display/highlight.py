"""Article text with what was extracted from it marked: escaped HTML, for the reader and the evidence cards.

Safety rule: article text is data, never markup. Every text segment goes through ``html.escape``; the
only tags in the output are our own ``<mark>``/``<span>``/``<div>`` wrappers, whose attributes are
escaped too. Offsets are Python string indices into the article text (end exclusive), as stored.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from dateline.display.format import text_or

TARGET_ID = "dateline-target"

# kind -> (CSS class, legend label); the page's stylesheet gives each class its look.
SPAN_STYLES: dict[str, tuple[str, str]] = {
    "date": ("dl-date", "Date expression"),
    "quote": ("dl-quote", "Direct quote"),
    "reported": ("dl-reported", "Reported speech"),
    "actor": ("dl-actor", "Actor mention"),
}


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
