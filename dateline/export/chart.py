"""The timeline chart for exports, drawn to be read on a slide or a printed page, and its images.

Up to ``MAX_ITEM_ROWS`` items get one row each (numbered like the item slides, labelled with what
happened, the date written beside the mark), so no two labels can overlap. Larger views fall back to the
dashboard's swimlane chart (one lane per actor, the busiest lanes only) with the same large type.

Font sizes are in pixels of a ``WIDTH``-pixel-wide figure; placed ``SLIDE_CHART_WIDTH_IN`` inches wide on a
slide, ``FONT_PX`` pixels print at ``font_points()`` points (≥ 14 pt).

Positions are day numbers (``dateline.display.dates``) sent as ISO strings, so an item of any year 1–9999
is drawn in its year (datetime arithmetic would overflow at the calendar's edges, nanoseconds wrap).

Every text that reaches Plotly (row labels, legend names, hover text, dates, the title) is HTML-escaped:
Plotly renders a subset of HTML in labels, so a headline holding ``<a href=…>`` would otherwise become a
live link on the exported page's axis and in presentation mode.

Images come from kaleido with Debian's chromium. Its server is started once per process with MathJax off
(otherwise every image waits for a MathJax download that cannot succeed offline).
"""

from __future__ import annotations

import html
import threading

import pandas as pd
import plotly.graph_objects as go

from dateline.briefing.models import Item
from dateline.display.dates import AXIS_END, DAY_MIN, axis_string, axis_strings, day_number
from dateline.display.format import truncate
from dateline.display.kinds import kind_colour, kind_label
from dateline.display.timeline import timeline_figure
from dateline.events.kinds import KINDS
from dateline.export.common import when

WIDTH = 1200
FONT_PX = 20
ROW_PX = 40
MAX_ITEM_ROWS = 30
ROWS_PER_SLIDE = 10
LABEL_CHARS = 34
CHAR_PX = FONT_PX * 0.56  # average width of a character of the sans-serif font, for label placement
MAX_OVERVIEW_LANES = 10
SLIDE_CHART_WIDTH_IN = 12.3
FONT_FAMILY = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
_TICKS = [
    dict(dtickrange=[None, "M1"], value="%-d %b %Y"),
    dict(dtickrange=["M1", "M12"], value="%b %Y"),
    dict(dtickrange=["M12", None], value="%Y"),
]


def font_points(width_px: int = WIDTH, shown_width_in: float = SLIDE_CHART_WIDTH_IN,
                font_px: int = FONT_PX) -> float:
    """How big the chart's type prints when the image is shown ``shown_width_in`` inches wide."""
    return font_px * shown_width_in / width_px * 72


Bounds = tuple[float, float, bool]


def _x_bounds(item: Item) -> Bounds:
    """Where an item is drawn, in day numbers: a day at its noon, anything coarser as a band over its
    whole interval (to the midnight after its last day)."""
    assert item.start is not None
    end = item.end or item.start
    s = day_number(item.start)
    if item.granularity == "day" and end == item.start:
        return s + 0.5, s + 0.5, False
    return s, max(day_number(end), s) + 1.0, True


def _drawable(item: Item) -> bool:
    """Dated: an item's dates are Python dates, so any of them has a place on the axis (years 1–9999)."""
    return item.start is not None


def _axis_range(lo: float, hi: float) -> list[str]:
    return [axis_string(max(lo, DAY_MIN)), axis_string(min(hi, AXIS_END))]


def _focus_range(bounds: list[Bounds]) -> tuple[tuple[float, float], int]:
    """The time axis' range, padded for the date labels, and how many bands start before it.

    A few long background bands ("since 1962") would squeeze a month of news into a sliver, so when the
    earliest band starts far before the rest, the axis begins near the bulk of the items and those bands
    run off its left edge. Day items always stay in view.
    """
    starts = sorted(b[0] for b in bounds)
    hi = max(b[1] for b in bounds)
    lo = starts[0]
    bulk = starts[int(len(starts) * 0.1)]
    days = [b[0] for b in bounds if not b[2]]
    focus = min([bulk, *days])
    if hi - lo > 3 * max(hi - focus, 30.0):
        lo = focus
    pad = max((hi - lo) * 0.3, 4.0)
    clipped = sum(1 for b in bounds if b[0] < lo)
    return (lo - pad, hi + pad), clipped


def _clip_note(fig: go.Figure, clipped: int) -> None:
    if clipped:
        fig.add_annotation(text=f"◀ {clipped} longer period(s) begin before the left edge",
                           xref="paper", yref="paper", x=0, y=0, yanchor="top", xanchor="left", yshift=-42,
                           showarrow=False, font=dict(size=FONT_PX - 4, color="#6b7280"))


def _base_layout(fig: go.Figure, height: int, title: str) -> None:
    fig.update_layout(
        width=WIDTH, height=height, template="plotly_white",
        font=dict(family=FONT_FAMILY, size=FONT_PX, color="#1f2430"),
        title=dict(text=html.escape(title), x=0.01, xanchor="left", font=dict(size=FONT_PX + 4)) if title else None,
        paper_bgcolor="white", plot_bgcolor="white", hovermode="closest",
        legend=dict(orientation="h", x=0, xanchor="left", y=1.0, yanchor="bottom",
                    font=dict(size=FONT_PX - 2), itemsizing="constant"),
    )
    fig.update_xaxes(type="date", showgrid=True, gridcolor="rgba(100,116,139,0.22)", zeroline=False,
                     tickfont=dict(size=FONT_PX - 2), tickformatstops=_TICKS, ticks="outside",
                     automargin=True, showline=True, linecolor="#94a3b8")


def item_rows_figure(items: list[Item], numbers: list[int] | None = None, *, title: str = "",
                     x_range: tuple[float, float] | None = None) -> go.Figure:
    """One row per dated item, top to bottom in the order given, numbered; the date beside each mark.
    ``x_range`` is in day numbers."""
    dated = [(n, it) for n, it in zip(numbers or range(1, len(items) + 1), items, strict=True)
             if _drawable(it)]
    fig = go.Figure()
    if not dated:
        fig.add_annotation(text="No dated items to draw.", showarrow=False, x=0.5, y=0.5,
                           xref="paper", yref="paper")
        _base_layout(fig, 300, title)
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)
        return fig
    bounds = [_x_bounds(it) for _, it in dated]
    if x_range is None:
        x_range, _ = _focus_range(bounds)
    clipped = sum(1 for b in bounds if b[0] < x_range[0])
    shown = [f"{n}. {truncate(it.headline, LABEL_CHARS)}" for n, it in dated]
    labels = [html.escape(label) for label in shown]  # category names are drawn as Plotly's HTML
    plot_px = WIDTH - 60 - CHAR_PX * max(len(label) for label in shown)
    present = {it.kind for _, it in dated}
    for kind in [k for k in KINDS if k in present] + sorted(present - set(KINDS)):
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=html.escape(kind_label(kind)),
                                 legendgroup=kind, marker=dict(size=16, color=kind_colour(kind),
                                 symbol="diamond" if kind == "statement" else "circle")))
    text_x, text_y, text_s, text_pos = [], [], [], []
    for (_n, it), label, (x0, x1, band) in zip(dated, labels, bounds, strict=True):
        colour = kind_colour(it.kind)
        legend = False
        hover = html.escape(f"{it.kind_label} · {when(it)}")
        if band:
            fig.add_trace(go.Scatter(x=axis_strings([x0, x1]), y=[label, label], mode="lines",
                                     name=html.escape(it.kind_label),
                                     legendgroup=it.kind, showlegend=legend, hovertext=hover,
                                     hoverinfo="text", line=dict(color=colour, width=14), opacity=0.75))
        else:
            fig.add_trace(go.Scatter(x=axis_strings([x0]), y=[label], mode="markers",
                                     name=html.escape(it.kind_label),
                                     legendgroup=it.kind, showlegend=legend, hovertext=hover,
                                     hoverinfo="text",
                                     marker=dict(size=18, color=colour, line=dict(color="white", width=1.5),
                                                 symbol="diamond" if it.kind == "statement" else "circle")))
        if it.date_conflict:
            fig.add_trace(go.Scatter(x=axis_strings([x0 + (x1 - x0) / 2]), y=[label], mode="markers", showlegend=False,
                                     hoverinfo="skip", marker=dict(size=30, symbol="circle-open",
                                                                   color="#D7191C", line=dict(width=3))))
        # The date goes beside the mark on a side where it fits, else over the middle of its band.
        span = x_range[1] - x_range[0]
        need = span * (len(when(it)) * CHAR_PX / plot_px + (0.006 if band else 0.018))
        gap = span * (0.006 if band else 0.018)
        if x_range[1] - x1 >= need:
            text_x.append(x1 + gap)
            text_pos.append("middle right")
        elif x0 - x_range[0] >= need:
            text_x.append(x0 - gap)
            text_pos.append("middle left")
        else:
            text_x.append(max(x0, x_range[0]) + (min(x1, x_range[1]) - max(x0, x_range[0])) / 2)
            text_pos.append("top center")
        text_y.append(label)
        text_s.append(html.escape(when(it)))
    fig.add_trace(go.Scatter(x=axis_strings(text_x), y=text_y, text=text_s, mode="text", textposition=text_pos,
                             showlegend=False, hoverinfo="skip",
                             textfont=dict(size=FONT_PX, color="#1f2430")))
    height = 130 + ROW_PX * len(dated) + (40 if title else 0) + (30 if clipped else 0)
    _base_layout(fig, height, title)
    fig.update_layout(margin=dict(l=20, r=30, t=110 if title else 70, b=70 if clipped else 40))
    fig.update_xaxes(range=_axis_range(*x_range), side="bottom", nticks=6, tickangle=0)
    _clip_note(fig, clipped)
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=labels, autorange="reversed",
                     tickfont=dict(size=FONT_PX), showgrid=True, gridcolor="rgba(100,116,139,0.12)",
                     automargin=True, ticksuffix="  ")
    return fig


def _timeline_frame(items: list[Item]) -> pd.DataFrame:
    """Items in the shape ``StoreReader.timeline`` returns (one row per item and actor lane)."""
    rows = []
    for it in items:
        if not _drawable(it):
            continue
        for lane in it.actors or ("(no named actor)",):
            rows.append({
                "item_id": it.item_id, "item_type": it.item_type, "kind": it.kind, "title": it.title,
                "start": it.start, "end": it.end or it.start,  # Python dates: any year 1–9999
                "granularity": it.granularity, "date_text": it.date_text,
                "outlets": ", ".join(it.outlets), "n_outlets": max(1, len(it.outlets)),
                "actors": ", ".join(it.actors), "date_conflict": it.date_conflict,
                "conflict_note": it.conflict_note, "quote": it.quote or None, "speaker": it.speaker or None,
                "n_mentions": len(it.sources), "lane": lane,
            })
    return pd.DataFrame(rows)


def overview_figure(items: list[Item], *, title: str = "", height: int = 620) -> go.Figure:
    """The swimlane chart for views too large for a row per item: the busiest actor lanes, large type."""
    df = _timeline_frame(items)
    fig = timeline_figure(df, "Actor", max_lanes=MAX_OVERVIEW_LANES)
    meta = fig.layout.meta or {}
    _base_layout(fig, height, title)
    fig.update_layout(margin=dict(l=20, r=30, t=140 if title else 100, b=80),
                      legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom", title=None))
    dated = [_x_bounds(it) for it in items if _drawable(it)]
    if dated:
        x_range, clipped = _focus_range(dated)
        fig.update_xaxes(range=_axis_range(*x_range))
        _clip_note(fig, clipped)
    fig.update_xaxes(side="bottom", nticks=6, tickangle=0)
    fig.update_yaxes(tickfont=dict(size=FONT_PX - 2), title=None)
    if meta.get("lanes_total", 0) > meta.get("lanes_shown", 0):
        fig.add_annotation(text=f"The {meta['lanes_shown']} busiest of {meta['lanes_total']} actors",
                           xref="paper", yref="paper", x=1, y=0, yanchor="top", xanchor="right", yshift=-42,
                           showarrow=False, font=dict(size=FONT_PX - 4, color="#6b7280"))
    return fig


def chart_figure(items: list[Item], title: str = "") -> go.Figure:
    """One figure for the whole list (html, png, svg)."""
    dated = [it for it in items if _drawable(it)]
    if len(dated) <= MAX_ITEM_ROWS:
        return item_rows_figure(items, title=title)
    return overview_figure(items, title=title)


def slide_figures(items: list[Item]) -> list[go.Figure]:
    """Figures for timeline slides: rows of ``ROWS_PER_SLIDE`` items sharing one time axis."""
    numbered = [(n, it) for n, it in enumerate(items, start=1) if _drawable(it)]
    if not numbered:
        return []
    if len(numbered) > MAX_ITEM_ROWS:
        return [overview_figure(items)]
    x_range, _ = _focus_range([_x_bounds(it) for _, it in numbered])
    chunks = [numbered[i:i + ROWS_PER_SLIDE] for i in range(0, len(numbered), ROWS_PER_SLIDE)]
    return [item_rows_figure([it for _, it in c], [n for n, _ in c], x_range=x_range) for c in chunks]


# -- images -----------------------------------------------------------------------------------
_KALEIDO_LOCK = threading.Lock()
_kaleido_started = False


def _ensure_kaleido() -> None:
    global _kaleido_started
    if _kaleido_started:
        return
    import kaleido

    kaleido.start_sync_server(mathjax=False, silence_warnings=True)
    _kaleido_started = True


def figure_image(fig: go.Figure, fmt: str = "png", scale: float = 2.0) -> bytes:
    """PNG or SVG bytes of a figure at its own width and height (one render at a time per process)."""
    import kaleido

    width = int(fig.layout.width or WIDTH)
    height = int(fig.layout.height or 600)
    with _KALEIDO_LOCK:
        _ensure_kaleido()
        out = kaleido.calc_fig_sync(fig, opts=dict(format=fmt, width=width, height=height,
                                                   scale=scale if fmt == "png" else 1))
    return out if isinstance(out, bytes) else str(out).encode("utf-8")


__all__ = ["chart_figure", "figure_image", "font_points", "item_rows_figure", "overview_figure",
           "slide_figures"]
