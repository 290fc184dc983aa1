"""What the dashboard's figures share: the type, the height limits, WebGL for large traces, the empty figure."""

from __future__ import annotations

import html
from typing import Any

import plotly.graph_objects as go

from dateline.display.dates import undrawn_note

SCATTERGL_THRESHOLD = 3000  # above this many points, WebGL keeps panning and hovering smooth
MIN_HEIGHT = 320
MAX_HEIGHT = 6000
# Room above the plot for the legend (one row, left) over the top date axis' labels, and below it.
MARGIN = dict(l=10, r=10, t=92, b=24)
LEGEND_GAP_PX = 46  # the legend's bottom sits this far above the plot (the axis labels go between)
FONT = dict(family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
            size=14, color="#1f2430")


def scatter(use_gl: bool, **kwargs: Any) -> go.Scatter | go.Scattergl:
    """A WebGL scatter for large traces (pans and hovers smoothly), else an SVG one."""
    return go.Scattergl(**kwargs) if use_gl else go.Scatter(**kwargs)


def top_legend(plot_px: float, **kwargs: Any) -> dict[str, Any]:
    """A one-row legend above the top date axis, left-aligned: the plot keeps the figure's full width
    (a legend at the side took 160 px from it, and so from the key-event labels)."""
    return dict(orientation="h", x=0, xanchor="left", y=1 + LEGEND_GAP_PX / max(plot_px, 1.0),
                yanchor="bottom", font=dict(size=13), bgcolor="rgba(255,255,255,0.9)", **kwargs)


def empty_figure(message: str) -> go.Figure:
    """A blank figure carrying a message (the app prefers a plain message; this is for exports)."""
    fig = go.Figure()
    fig.add_annotation(text=html.escape(message), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_layout(xaxis_visible=False, yaxis_visible=False, height=MIN_HEIGHT, font=FONT)
    return fig


def undrawn_annotation(n: int) -> dict[str, Any]:
    """The note under a chart that left ``n`` items out (a layout annotation)."""
    return dict(text=html.escape(undrawn_note(n)), xref="paper", yref="paper", x=0, y=0, xanchor="left",
                yanchor="top", yshift=-8, showarrow=False, font=dict(size=12, color="#6b7280"))
