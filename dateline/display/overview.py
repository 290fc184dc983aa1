"""The timeline overview, drawn when too many items match to draw one by one: counts per lane and period."""

from __future__ import annotations

import html
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dateline.display.dates import (
    axis_string,
    axis_strings,
    day_number,
    day_numbers,
    to_date,
    undrawn_note,
)
from dateline.display.figure import (
    FONT,
    MARGIN,
    MAX_HEIGHT,
    MIN_HEIGHT,
    SCATTERGL_THRESHOLD,
    empty_figure,
    scatter,
    top_legend,
    undrawn_annotation,
)
from dateline.display.format import fmt_day, missing, truncate
from dateline.display.kinds import CONFLICT_COLOUR, kind_colour, kind_label
from dateline.display.labels import key_labels, label_strip
from dateline.display.timeline import OTHERS_LANE, lane_name, padded_view
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


def bucket_end(first: date, unit: str) -> date:
    """The last day of the ``unit`` (day, week, month, quarter, year) that begins on ``first``."""
    if unit == "day":
        return first
    if unit == "week":
        return min(first + timedelta(days=6), date.max)
    months = {"month": 1, "quarter": 3}.get(unit)
    if months is None:
        return date(first.year, 12, 31)
    m = first.month - 1 + months
    y, m = first.year + m // 12, m % 12 + 1
    return date.max if y > date.max.year else date(y, m, 1) - timedelta(days=1)


def timeline_overview_figure(df: pd.DataFrame, lane_label: str = "Actor", unit: str = "week", *,
                             x_range: tuple[Any, Any] | None = None,
                             key_items: pd.DataFrame | None = None) -> go.Figure:
    """The timeline when too many items match to draw one by one: per lane, one marker per ``unit``, its
    area growing with the number of items and its colour the most frequent kind (the hover lists them all);
    rows shaped like ``StoreReader.timeline_overview`` (a NULL lane is the folded "Others" row).
    ``x_range`` and ``key_items`` as for ``timeline_figure``: the axis' first and last day, and the key
    events labelled above the lanes.

    Built from a few thousand aggregated rows with vectorised text, so it costs milliseconds whatever the
    store's size; narrowing the filters (dates, actors, outlets, kinds) brings back the item-level chart,
    and every marker carries ``customdata`` = (lane or "", first day, last day) for a click to narrow to.
    """
    if df is None or df.empty:
        return empty_figure("Nothing to show for these filters.")
    bucket = day_numbers(df["bucket"])
    placeable = ~np.isnan(bucket)  # a bucket the axis cannot hold is left out, never drawn elsewhere
    undrawn = int(df.loc[~placeable, "n"].sum())
    df, bucket = df[placeable].reset_index(drop=True), bucket[placeable]
    if df.empty:
        return empty_figure(undrawn_note(undrawn))
    lane_col = df["lane"].astype(object).where(df["lane"].notna(), OTHERS_LANE).astype(str)
    lanes = list(dict.fromkeys(lane_col))
    lanes_total = int(df["lanes_total"].iloc[0]) if "lanes_total" in df else len(lanes)
    folded = lanes_total - (len(lanes) - 1) if OTHERS_LANE in lanes else 0
    names = [lane_name(lane, folded) for lane in lanes]
    y_of = {lane: i for i, lane in enumerate(lanes)}
    y = lane_col.map(y_of).to_numpy()
    centre = bucket + _UNIT_DAYS.get(unit, 7) / 2
    n = df["n"].astype(int).to_numpy()
    size = np.clip(5 + 3.2 * np.sqrt(n), 6, 34)
    days = [to_date(b) for b in bucket]
    when = pd.Series([fmt_day(d) if unit in ("day", "week", "quarter") else
                      (d.strftime("%B ") + str(d.year) if unit == "month" else str(d.year)) for d in days],
                     dtype=object)
    kinds = df["kind"].fillna("other").astype(str)
    hover = (
        "<b>" + lane_col.map(lambda lane: html.escape(lane_name(lane, folded))) + "</b>: " + n.astype(str)
        + " items "
        + _UNIT_WORDS.get(unit, "in") + " " + when
        + "<br>" + df["kinds"].fillna("").astype(str).map(html.escape)
        + np.where(df["conflicts"].to_numpy() > 0,
                   "<br><span style='color:" + CONFLICT_COLOUR + "'>⚠ " + df["conflicts"].astype(str)
                   + " with a date conflict</span>", "")
        + "<br><span style='color:#6b7280'>Click to see these items one by one</span>"
    ).to_numpy(dtype=object)
    # A click drills down: customdata is the lane (empty for the catch-all and "Others" rows) and the
    # bucket's first and last day.
    lane_value = np.array(["" if lane == OTHERS_LANE or lane.startswith("(") else lane for lane in lane_col],
                          dtype=object)
    period = np.array([[d.isoformat(), bucket_end(d, unit).isoformat()] for d in days], dtype=object)
    custom = np.column_stack([lane_value, period]) if len(days) else np.empty((0, 3), dtype=object)
    x = axis_strings(centre)
    use_gl = len(df) > SCATTERGL_THRESHOLD
    fig = go.Figure()
    present = set(kinds)
    for kind in [k for k in KINDS if k in present] + sorted(present - set(KINDS)):
        m = (kinds == kind).to_numpy()
        fig.add_trace(scatter(
            use_gl, x=x[m], y=y[m], mode="markers", name=html.escape(kind_label(kind)), hovertext=hover[m],
            hovertemplate="%{hovertext}<extra></extra>", customdata=custom[m],
            marker=dict(size=size[m], color=kind_colour(kind), opacity=0.75, line=dict(color="white", width=1),
                        symbol="diamond" if kind == "statement" else "circle"),
            meta={"role": "overview", "kind": kind},
        ))
    view = _view(x_range, bucket, bucket + _UNIT_DAYS.get(unit, 7))
    height = max(MIN_HEIGHT, min(MAX_HEIGHT, 34 * len(lanes) + 150))
    axis = padded_view(view)
    placed, candidates = key_labels(key_items, axis)
    strip = label_strip(placed, height, candidates, MARGIN["t"] + MARGIN["b"])
    notes, leaders = strip.layout()
    if undrawn:
        notes.append(undrawn_annotation(undrawn))
    fig.update_layout(
        annotations=notes, shapes=leaders,
        height=height + strip.px, font=FONT,
        margin=MARGIN, plot_bgcolor="white", paper_bgcolor="white",
        hovermode="closest", dragmode="zoom",
        legend=top_legend(strip.plot_px, title=dict(text="<b>Kind</b>")),
        xaxis=dict(type="date", side="top", showgrid=True, gridcolor="rgba(100,116,139,0.18)", zeroline=False,
                   anchor="free", position=1, range=[axis_string(axis[0]), axis_string(axis[1])]),
        yaxis=dict(tickmode="array", tickvals=list(range(len(lanes))), domain=[0, strip.lanes_top],
                   ticktext=[html.escape(truncate(name, 32)) for name in names], range=[len(lanes) - 0.5, -0.5],
                   showgrid=True, gridcolor="rgba(100,116,139,0.12)", zeroline=False, automargin=True,
                   title=dict(text=f"<b>{html.escape(lane_label)}</b>", standoff=8)),
        meta={"overview": True, "unit": unit, "lanes_total": lanes_total, "lanes_shown": len(lanes),
              "lanes_folded": folded, "points": int(len(df)), "lane_items": int(n.sum()), "webgl": use_gl,
              "undrawn": undrawn, "labels": len(placed), "label_candidates": candidates,
              "x_range": [axis_string(view[0]), axis_string(view[1])]},
    )
    return fig


def _view(x_range: tuple[Any, Any] | None, x0: np.ndarray, x1: np.ndarray) -> tuple[float, float]:
    """The axis' extent in day numbers: ``x_range`` (first day to the midnight after the last), else the
    buckets' extent."""
    if x_range is not None:
        lo, hi = day_numbers(list(x_range))
        if not (np.isnan(lo) or np.isnan(hi)) and hi >= lo:
            return float(lo), float(hi) + 1.0
    return float(np.min(x0)), float(np.max(x1))
