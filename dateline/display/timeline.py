"""The timeline figure: a DataFrame in, a ``go.Figure`` out, no Streamlit.

The timeline is a swimlane chart. Time runs left to right; each lane is an actor or an outlet.

* A day-precise item is a marker at noon of its day.
* An item known only to a week, month, quarter, season, year, decade or century is a band covering its
  whole interval (from its first day's midnight to the midnight after its last day) — never a point on a
  made-up day.
* Colour is the kind (``KIND_COLOURS``, Okabe–Ito colour-blind-safe palette); statements are one colour
  and drawn as diamonds so "said" and "done" differ without colour too.
* Size grows with the number of outlets reporting the item (corroboration).
* A red ring (day items) or red outline (bands) marks a date conflict between sources.
* Every point carries ``customdata[0] = item_id`` so a click or box selection maps back to the store.

Items that overlap in time within a lane are stacked on sub-rows (tracks) so they do not hide each other.
Positions are day numbers (``dateline.display.dates``), so any year 1–9999 is drawn where it belongs; an
item whose date is no such year is left out and the figure says how many.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dateline.display.dates import axis_range, axis_strings, day_numbers, undrawn_note
from dateline.display.figure import FONT, MAX_HEIGHT, MIN_HEIGHT, SCATTERGL_THRESHOLD, empty_figure, scatter
from dateline.display.format import (
    fmt_resolved,
    missing,
    text_or,
    truncate,
    wrap_html,
)
from dateline.display.kinds import CONFLICT_COLOUR, kind_colour, kind_label
from dateline.events.kinds import KINDS

MAX_LANES = 60
MAX_TRACKS = 6
TRACK_PX = 21
LANE_PAD_PX = 14


def marker_size(n_outlets: int) -> int:
    """Markers grow by 3 px per extra outlet, capped so a widely reported item stays readable."""
    return 10 + 3 * (min(max(n_outlets, 1), 5) - 1)


def band_width(n_outlets: int) -> int:
    """Band thickness grows like marker size (bands share a trace per thickness)."""
    return 7 + 3 * (min(max(n_outlets, 1), 5) - 1)


@dataclass(frozen=True)
class Layout:
    """Where each row of the frame is drawn vertically, and the lanes' labels."""

    y: list[float]
    lane_centres: list[float]
    lane_labels: list[str]
    lane_bounds: list[tuple[float, float]]
    height: int
    lanes_total: int


def _order_lanes(df: pd.DataFrame) -> list[str]:
    """Busiest lanes first; the catch-all lanes ('(no named actor)', '(unknown outlet)') last."""
    counts = df.groupby("lane", sort=False)["item_id"].nunique()
    catch_all = {lane for lane in counts.index if str(lane).startswith("(")}
    return sorted(counts.index, key=lambda lane: (lane in catch_all, -counts[lane], str(lane)))


def _pack(lanes_of_rows: np.ndarray, x0: np.ndarray, x1: np.ndarray, lanes: list[str],
          lanes_total: int) -> Layout:
    """Stack items that would overlap on screen onto separate tracks within their lane.

    ``x0``/``x1`` are day numbers. Greedy interval packing: each item takes the first track whose last
    item ended at least ``gap`` (about a marker's width) before it starts.
    """
    span = max(float(x1.max() - x0.min()), 1.0)
    gap = span * 0.016
    y = np.zeros(len(x0), dtype=float)
    centres, bounds = [], []
    top = 0.0
    for lane in lanes:
        idx = np.flatnonzero(lanes_of_rows == lane)
        idx = idx[np.lexsort((x1[idx], x0[idx]))]
        ends: list[float] = []
        used = 1
        for n, i in enumerate(idx.tolist()):
            a, b = float(x0[i]), float(x1[i])
            for t, last in enumerate(ends):
                if a >= last + gap:
                    ends[t] = b
                    track = t
                    break
            else:
                if len(ends) < MAX_TRACKS:
                    ends.append(b)
                    track = len(ends) - 1
                else:  # too dense to separate at this zoom: spread over the tracks in turn
                    track = n % MAX_TRACKS
                    ends[track] = max(ends[track], b)
            used = max(used, track + 1)
            y[i] = top + 0.5 + track
        bounds.append((top, top + used))
        centres.append(top + used / 2)
        top += used
    px = int(top * TRACK_PX + len(lanes) * LANE_PAD_PX)
    return Layout(y=y.tolist(), lane_centres=centres, lane_labels=lanes, lane_bounds=bounds,
                  height=max(MIN_HEIGHT, min(MAX_HEIGHT, px + 150)), lanes_total=lanes_total)


def _hover(row: Any) -> str:
    """Hover text: title, date as written and as resolved, outlets, the quote. Escaped for Plotly."""
    kind = text_or(row.kind)
    lines = [f"<b>{wrap_html(text_or(row.title, '(untitled)'), 70, 220)}</b>"]
    lines.append(f"{html.escape(kind_label(kind))} · <b>{html.escape(fmt_resolved(row.start, row.end, row.granularity))}</b>")
    written = text_or(row.date_text)
    if written:
        lines.append(f"As written: “{wrap_html(written, 60, 120)}”")
    outlets = text_or(row.outlets)
    n = int(row.n_outlets) if not missing(row.n_outlets) else 0
    if outlets:
        lines.append(f"Outlets ({n}): {wrap_html(outlets, 70, 200)}")
    actors = text_or(row.actors)
    if actors and actors != text_or(row.lane):
        lines.append(f"Actors: {wrap_html(actors, 70, 200)}")
    quote = text_or(row.quote)
    if quote:
        speaker = text_or(row.speaker)
        said = f"“{quote}”" + (f" — {speaker}" if speaker else "")
        lines.append(f"<i>{wrap_html(said, 70, 320)}</i>")
    if bool(row.date_conflict):
        note = text_or(row.conflict_note) or "sources disagree on the date"
        lines.append(f"<span style='color:{CONFLICT_COLOUR}'>⚠ Date conflict: {wrap_html(note, 60, 200)}</span>")
    lines.append("<span style='color:#6b7280'>Click for the source sentences</span>")
    return "<br>".join(lines)


_iso = axis_strings  # day numbers → ISO strings (Plotly reads them on a date axis; cheap to send)


def _band_arrays(rows: pd.DataFrame, x0: np.ndarray, x1: np.ndarray, y: np.ndarray,
                 with_data: bool = True) -> dict[str, Any]:
    """Segments start→mid→end with a gap after each; the mid vertex is an invisible hover/click handle."""
    k = len(rows)
    mid = x0 + (x1 - x0) / 2
    xs = np.empty((k, 4), dtype=object)
    xs[:, 0], xs[:, 1], xs[:, 2], xs[:, 3] = _iso(x0), _iso(mid), _iso(x1), None
    ys = np.empty((k, 4), dtype=object)
    ys[:, 0] = ys[:, 1] = ys[:, 2] = y
    ys[:, 3] = None
    out: dict[str, Any] = {"x": xs.ravel(), "y": ys.ravel()}
    if with_data:
        ids = rows["item_id"].astype(str).to_numpy(dtype=object)
        cd = np.empty((k, 4), dtype=object)
        cd[:, 0] = cd[:, 1] = cd[:, 2] = ids
        cd[:, 3] = None
        hv = np.empty((k, 4), dtype=object)
        hv[:, 0] = hv[:, 1] = hv[:, 2] = rows["hover"].to_numpy(dtype=object)
        hv[:, 3] = None
        out["customdata"] = cd.reshape(-1, 1)
        out["hovertext"] = hv.ravel()
    return out


def timeline_figure(df: pd.DataFrame, lane_label: str = "Actor", max_lanes: int = MAX_LANES) -> go.Figure:
    """The swimlane timeline for rows shaped like ``StoreReader.timeline`` (one per item and lane)."""
    if df is None or df.empty:
        return empty_figure("Nothing to show for these filters.")
    df = df[df["start"].notna()].copy()
    if df.empty:
        return empty_figure("No dated items for these filters.")
    start = day_numbers(df["start"])
    end_given = df["end"].notna().to_numpy()
    end = np.where(end_given, day_numbers(df["end"]), start)
    placeable = ~np.isnan(start) & ~np.isnan(end)  # a date the axis cannot hold is left out, not moved
    undrawn = int(df.loc[~placeable, "item_id"].nunique())
    df, start, end = df[placeable].copy(), start[placeable], end[placeable]
    if df.empty:
        return empty_figure(undrawn_note(undrawn))
    df["_x_start"], df["_x_end"] = start, end
    df["lane"] = df["lane"].fillna("(none)").astype(str)
    lanes_all = _order_lanes(df)
    lanes = lanes_all[:max_lanes]
    df = df[df["lane"].isin(set(lanes))].reset_index(drop=True)

    start = df["_x_start"].to_numpy(dtype=float)
    end = np.maximum(df["_x_end"].to_numpy(dtype=float), start)
    band = (df["granularity"].fillna("day").astype(str) != "day").to_numpy() | (end != start)
    x0 = np.where(band, start, start + 0.5)   # a day sits at its noon
    x1 = np.where(band, end + 1.0, x0)        # a band runs to the midnight after its last day
    layout = _pack(df["lane"].to_numpy(dtype=object), x0, x1, lanes, len(lanes_all))
    y = np.asarray(layout.y)
    items = df.drop_duplicates("item_id")
    hover = {str(r.item_id): _hover(r) for r in items.itertuples()}
    df["hover"] = df["item_id"].astype(str).map(hover)
    nout = df["n_outlets"].fillna(1).astype(int).clip(lower=1).to_numpy()
    kinds = df["kind"].fillna("other").astype(str).to_numpy(dtype=object)
    conflict = df["date_conflict"].fillna(False).astype(bool).to_numpy()

    n_points = int((~band).sum() + 3 * band.sum())
    use_gl = len(df) > SCATTERGL_THRESHOLD
    fig = go.Figure()

    # Alternate lane shading; lane separators are the y axis' minor grid lines (cheaper than shapes).
    shapes = [dict(type="rect", xref="paper", x0=0, x1=1, yref="y", y0=lo, y1=hi,
                   fillcolor="rgba(100,116,139,0.07)", line_width=0, layer="below")
              for i, (lo, hi) in enumerate(layout.lane_bounds) if i % 2 == 0]

    # Conflict outlines go under the items they mark.
    if conflict.any():
        cb = conflict & band
        if cb.any():
            fig.add_trace(scatter(
                use_gl, **_band_arrays(df[cb], x0[cb], x1[cb], y[cb], with_data=False), mode="lines",
                name="Date conflict", legendgroup="conflict", hoverinfo="skip", showlegend=False,
                line=dict(color=CONFLICT_COLOUR, width=band_width(int(nout[cb].max())) + 6),
            ))
        cd = conflict & ~band
        if cd.any():
            fig.add_trace(scatter(
                use_gl, x=_iso(x0[cd]), y=y[cd], mode="markers", name="Date conflict",
                legendgroup="conflict", hoverinfo="skip", showlegend=False,
                marker=dict(symbol="circle-open", color=CONFLICT_COLOUR,
                            size=np.array([marker_size(n) + 9 for n in nout[cd]]), line=dict(width=3)),
            ))
        # A legend entry that always shows, whichever of the two shapes is present.
        fig.add_trace(scatter(
            use_gl, x=[None], y=[None], mode="markers", name="⚠ Date conflict", legendgroup="conflict",
            marker=dict(symbol="circle-open", color=CONFLICT_COLOUR, size=14, line=dict(width=3)),
            hoverinfo="skip", showlegend=True, legendrank=2000,
        ))

    present = set(kinds.tolist())
    order = [k for k in KINDS if k in present] + sorted(present - set(KINDS))
    for kind in order:
        colour = kind_colour(kind)
        label = html.escape(kind_label(kind))
        is_kind = kinds == kind
        kd = is_kind & ~band
        shown = bool(kd.any())  # the legend shows the dot when the kind has dots, else the band
        kb = is_kind & band
        for n in sorted(set(np.minimum(nout[kb], 5).tolist())):
            m = kb & (np.minimum(nout, 5) == n)
            fig.add_trace(scatter(
                use_gl, **_band_arrays(df[m], x0[m], x1[m], y[m]), mode="lines+markers",
                name=label, legendgroup=kind, showlegend=not shown,
                line=dict(color=colour, width=band_width(n)), opacity=0.6,
                marker=dict(size=band_width(n) + 4, color=colour, opacity=0),
                selected=dict(marker=dict(opacity=0)), unselected=dict(marker=dict(opacity=0)),
                hovertemplate="%{hovertext}<extra></extra>", connectgaps=False,
                meta={"role": "band", "kind": kind},
            ))
            shown = True
        if kd.any():
            fig.add_trace(scatter(
                use_gl, x=_iso(x0[kd]), y=y[kd],
                customdata=df.loc[kd, "item_id"].astype(str).to_numpy(dtype=object).reshape(-1, 1),
                hovertext=df.loc[kd, "hover"].to_numpy(dtype=object), mode="markers", name=label,
                legendgroup=kind, showlegend=True,
                marker=dict(size=np.array([marker_size(n) for n in nout[kd]]), color=colour,
                            symbol="diamond" if kind == "statement" else "circle",
                            line=dict(color="white", width=1), opacity=0.9),
                unselected=dict(marker=dict(opacity=0.35)),
                hovertemplate="%{hovertext}<extra></extra>",
                meta={"role": "day", "kind": kind},
            ))

    n_lanes = len(lanes)
    y_max = layout.lane_bounds[-1][1] if layout.lane_bounds else 1.0
    tick_labels = [html.escape(truncate(lane, 32)) for lane in layout.lane_labels]
    fig.update_layout(
        height=layout.height,
        font=FONT,
        margin=dict(l=10, r=10, t=40, b=30),
        plot_bgcolor="white",
        paper_bgcolor="white",
        clickmode="event+select",
        dragmode="zoom",
        hovermode="closest",
        hoverdistance=16,
        hoverlabel=dict(bgcolor="white", bordercolor="#94a3b8",
                        font=dict(size=13, family=FONT["family"], color="#1f2430"),
                        align="left"),
        legend=dict(title=dict(text="<b>Kind</b>"), orientation="v", x=1.01, xanchor="left", y=1,
                    yanchor="top", itemclick="toggle", itemdoubleclick="toggleothers",
                    font=dict(size=13), bgcolor="rgba(255,255,255,0.9)"),
        shapes=shapes,
        xaxis=dict(type="date", side="top", showgrid=True, gridcolor="rgba(100,116,139,0.18)",
                   zeroline=False, ticks="outside", tickfont=dict(size=13), automargin=True,
                   showspikes=True, spikemode="across", spikethickness=1, spikecolor="#94a3b8",
                   spikedash="dot", spikesnap="cursor"),
        yaxis=dict(tickmode="array", tickvals=layout.lane_centres, ticktext=tick_labels,
                   range=[y_max + 0.1, -0.1], showgrid=False, zeroline=False, automargin=True,
                   tickfont=dict(size=13), title=dict(text=f"<b>{html.escape(lane_label)}</b>", standoff=8),
                   minor=dict(tickmode="array", tickvals=[hi for _, hi in layout.lane_bounds[:-1]],
                              showgrid=True, gridcolor="rgba(100,116,139,0.25)", ticks="")),
        meta={"lanes_total": layout.lanes_total, "lanes_shown": n_lanes, "points": n_points,
              "webgl": use_gl, "undrawn": undrawn},
    )
    x_range = axis_range(float(x0.min()), float(x1.max()))
    if x_range:
        fig.update_xaxes(range=x_range)
    if undrawn:
        fig.add_annotation(text=html.escape(undrawn_note(undrawn)), xref="paper", yref="paper", x=0, y=0,
                           xanchor="left", yanchor="top", yshift=-8, showarrow=False,
                           font=dict(size=12, color="#6b7280"))
    return fig


def selected_item_ids(selection: Any) -> list[str]:
    """Item ids from a Streamlit Plotly selection (``event.selection``), in order, without repeats."""
    if not selection:
        return []
    points = selection.get("points", []) if isinstance(selection, dict) else getattr(selection, "points", [])
    seen: dict[str, None] = {}
    for point in points or []:
        cd = point.get("customdata") if isinstance(point, dict) else None
        if isinstance(cd, list | tuple) and cd:
            cd = cd[0]
        if isinstance(cd, str) and cd:
            seen.setdefault(cd, None)
    return list(seen)
