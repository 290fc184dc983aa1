"""What an actor card shows, free of Streamlit: the statements-per-week chart and the co-actor line."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dateline.display.dates import axis_range, axis_strings, day_numbers
from dateline.display.format import md_escape


def statements_figure(counts: pd.DataFrame, name: str) -> go.Figure:
    """A small bar chart of one actor's statements per week (quoted and reported stacked)."""
    fig = go.Figure()
    days = day_numbers(counts["period"]) if not counts.empty else np.array([])
    placeable = ~np.isnan(days)  # a week no date axis can hold is left out (and counted), never moved
    counts, days = counts[placeable], days[placeable]
    if not counts.empty:
        periods = axis_strings(days)
        direct = counts["direct"].astype(int)
        reported = counts["statements"].astype(int) - direct
        fig.add_bar(x=periods, y=reported, name="reported", marker_color="#8fb3d9",
                    hovertemplate="week of %{x|%d %b %Y}: %{y} reported<extra></extra>")
        fig.add_bar(x=periods, y=direct, name="quoted", marker_color="#1f5c99",
                    hovertemplate="week of %{x|%d %b %Y}: %{y} quoted<extra></extra>")
    fig.update_layout(
        barmode="stack", height=140, margin={"l": 4, "r": 4, "t": 4, "b": 4}, showlegend=False,
        xaxis={"type": "date", "tickformat": "%d %b\n%Y", "title": None},
        yaxis={"title": None, "rangemode": "tozero", "tickformat": "d"},
        meta={"actor": name, "undrawn": int((~placeable).sum())},
    )
    if len(days):
        x_range = axis_range(float(days.min()) - 4, float(days.max()) + 4)  # a week's bar around its start
        if x_range:
            fig.update_xaxes(range=x_range)
    return fig


def co_actor_line(rows: pd.DataFrame) -> str:
    """ "Vladimir Putin (7 sentences, 6 events), Russia (6 sentences)" from one actor's co-actor rows."""
    parts = []
    for r in rows.itertuples():
        bits = [f"{int(r.sentences)} sentence{'s' if r.sentences != 1 else ''}"] if r.sentences else []
        bits += [f"{int(r.events)} event{'s' if r.events != 1 else ''}"] if r.events else []
        parts.append(f"{md_escape(str(r.other_name))} ({', '.join(bits)})")
    return ", ".join(parts)
