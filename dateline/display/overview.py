"""The timeline overview, drawn when too many items match to draw one by one: counts per lane and period."""

from __future__ import annotations

import html
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dateline.display.dates import axis_range, axis_strings, day_number, day_numbers, to_date, undrawn_note
from dateline.display.figure import FONT, MAX_HEIGHT, MIN_HEIGHT, SCATTERGL_THRESHOLD, empty_figure, scatter
from dateline.display.format import fmt_day, missing, truncate
from dateline.display.kinds import CONFLICT_COLOUR, kind_colour, kind_label
from dateline.events.kinds import KINDS

_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "quarter": 91, "year": 365}
_UNIT_WORDS = {"day": "on", "week": "in the week of", "month": "in", "quarter": "in the quarter from",
               "year": "in"}


def overview_unit(date_min: Any, date_max: Any) -> str:
    """The bucket for the overview: fine enough to show the shape, coarse enough to stay a few thousand
    points (about 150 buckets across the span)."""
    lo, hi = (np.nan, np.nan) if missing(date_min) or missing(date_max) else (day_number(date_min),
                                                                              day_number(date_max))
    if np.isnan(lo) or np.isnan(hi):
        return "week"
    days = hi - lo
    for unit in ("day", "week", "month", "quarter"):
        if days / _UNIT_DAYS[unit] <= 150:
            return unit
    return "year"


def timeline_overview_figure(df: pd.DataFrame, lane_label: str = "Actor", unit: str = "week") -> go.Figure:
    """The timeline when too many items match to draw one by one: per lane, one marker per ``unit``, its
    area growing with the number of items and its colour the most frequent kind (the hover lists them all);
    rows shaped like ``StoreReader.timeline_overview``.

    Built from a few thousand aggregated rows with vectorised text, so it costs milliseconds whatever the
    store's size; narrowing the filters (dates, actors, outlets, kinds) brings back the item-level chart.
    """
    if df is None or df.empty:
        return empty_figure("Nothing to show for these filters.")
    bucket = day_numbers(df["bucket"])
    placeable = ~np.isnan(bucket)  # a bucket the axis cannot hold is left out, never drawn elsewhere
    undrawn = int(df.loc[~placeable, "n"].sum())
    df, bucket = df[placeable].reset_index(drop=True), bucket[placeable]
    if df.empty:
        return empty_figure(undrawn_note(undrawn))
    lanes = list(dict.fromkeys(df["lane"].astype(str)))
    y_of = {lane: i for i, lane in enumerate(lanes)}
    y = df["lane"].astype(str).map(y_of).to_numpy()
    centre = bucket + _UNIT_DAYS.get(unit, 7) / 2
    n = df["n"].astype(int).to_numpy()
    size = np.clip(5 + 3.2 * np.sqrt(n), 6, 34)
    days = [to_date(b) for b in bucket]
    when = pd.Series([fmt_day(d) if unit in ("day", "week", "quarter") else
                      (d.strftime("%B ") + str(d.year) if unit == "month" else str(d.year)) for d in days],
                     dtype=object)
    kinds = df["kind"].fillna("other").astype(str)
    hover = (
        "<b>" + df["lane"].astype(str).map(html.escape) + "</b>: " + n.astype(str) + " items "
        + _UNIT_WORDS.get(unit, "in") + " " + when
        + "<br>" + df["kinds"].fillna("").astype(str).map(html.escape)
        + np.where(df["conflicts"].to_numpy() > 0,
                   "<br><span style='color:" + CONFLICT_COLOUR + "'>⚠ " + df["conflicts"].astype(str)
                   + " with a date conflict</span>", "")
        + "<br><span style='color:#6b7280'>Narrow the filters or dates to see the items</span>"
    ).to_numpy(dtype=object)
    x = axis_strings(centre)
    use_gl = len(df) > SCATTERGL_THRESHOLD
    fig = go.Figure()
    present = set(kinds)
    for kind in [k for k in KINDS if k in present] + sorted(present - set(KINDS)):
        m = (kinds == kind).to_numpy()
        fig.add_trace(scatter(
            use_gl, x=x[m], y=y[m], mode="markers", name=html.escape(kind_label(kind)), hovertext=hover[m],
            hovertemplate="%{hovertext}<extra></extra>",
            marker=dict(size=size[m], color=kind_colour(kind), opacity=0.75, line=dict(color="white", width=1),
                        symbol="diamond" if kind == "statement" else "circle"),
            meta={"role": "overview", "kind": kind},
        ))
    lanes_total = int(df["lanes_total"].iloc[0]) if "lanes_total" in df else len(lanes)
    fig.update_layout(
        height=max(MIN_HEIGHT, min(MAX_HEIGHT, 34 * len(lanes) + 150)), font=FONT,
        margin=dict(l=10, r=10, t=40, b=30), plot_bgcolor="white", paper_bgcolor="white",
        hovermode="closest", dragmode="zoom",
        legend=dict(title=dict(text="<b>Kind</b>"), orientation="v", x=1.01, xanchor="left", y=1,
                    yanchor="top"),
        xaxis=dict(type="date", side="top", showgrid=True, gridcolor="rgba(100,116,139,0.18)", zeroline=False),
        yaxis=dict(tickmode="array", tickvals=list(range(len(lanes))),
                   ticktext=[html.escape(truncate(lane, 32)) for lane in lanes], range=[len(lanes) - 0.5, -0.5],
                   showgrid=True, gridcolor="rgba(100,116,139,0.12)", zeroline=False, automargin=True,
                   title=dict(text=f"<b>{html.escape(lane_label)}</b>", standoff=8)),
        meta={"overview": True, "unit": unit, "lanes_total": lanes_total, "lanes_shown": len(lanes),
              "points": int(len(df)), "lane_items": int(n.sum()), "webgl": use_gl, "undrawn": undrawn},
    )
    x_range = axis_range(float(centre.min()), float(centre.max()))
    if x_range:
        fig.update_xaxes(range=x_range)
    if undrawn:
        fig.add_annotation(text=html.escape(undrawn_note(undrawn)), xref="paper", yref="paper", x=0, y=0,
                           xanchor="left", yanchor="top", yshift=-8, showarrow=False,
                           font=dict(size=12, color="#6b7280"))
    return fig
