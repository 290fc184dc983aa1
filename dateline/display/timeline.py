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
The busiest lanes are drawn (``max_lanes``); with ``others`` the rest fold into one "Others" lane at the
bottom (each item once), so the chart stays a dozen readable rows. ``x_range`` sets the axis (the story
window, ``dateline.story.window``) and ``key_items`` are labelled above the lanes with their short
headlines, laid out without overlaps (``dateline.display.labels``).
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

from dateline.display.dates import AXIS_END, DAY_MIN, axis_string, axis_strings, day_numbers, undrawn_note
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
from dateline.display.format import (
    fmt_resolved,
    missing,
    text_or,
    truncate,
    wrap_html,
)
from dateline.display.kinds import CONFLICT_COLOUR, kind_colour, kind_label
from dateline.display.labels import key_labels, label_strip
from dateline.events.kinds import KINDS

MAX_LANES = 60
STORY_LANES = 12  # lanes the timeline opens with; the rest fold into "Others"
KEY_COLOUR = "#1f2430"
OTHERS_LANE = "\x00others"  # the folded lanes' row (no actor or outlet can be named this)
MAX_TRACKS = 6     # sub-rows per lane when many lanes share the chart …
TRACK_BUDGET = 72  # … and sub-rows the whole chart may use, so one or two lanes get up to 36 each
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
          lanes_total: int, span: float | None = None, later: np.ndarray | None = None) -> Layout:
    """Stack items that would overlap on screen onto separate tracks within their lane.

    ``x0``/``x1`` are day numbers. Greedy interval packing: each item takes the first track whose last
    item ended at least ``gap`` (about a marker's width at the axis' ``span``) before it starts; items
    flagged ``later`` are packed after the others.
    """
    span = max(float(span if span else x1.max() - x0.min()), 1.0)
    gap = span * 0.016
    max_tracks = max(MAX_TRACKS, min(TRACK_BUDGET // max(len(lanes), 1), TRACK_BUDGET // 2))
    y = np.zeros(len(x0), dtype=float)
    centres, bounds = [], []
    top = 0.0
    for lane in lanes:
        idx = np.flatnonzero(lanes_of_rows == lane)
        keys = (x1[idx], x0[idx]) if later is None else (x1[idx], x0[idx], later[idx])
        idx = idx[np.lexsort(keys)]
        ends: list[float] = []
        used = 1
        first_later = None  # the first track a ``later`` item opened
        for n, i in enumerate(idx.tolist()):
            a, b = float(x0[i]), float(x1[i])
            for t, last in enumerate(ends):
                if a >= last + gap:
                    ends[t] = b
                    track = t
                    break
            else:
                if len(ends) < max_tracks:
                    ends.append(b)
                    track = len(ends) - 1
                    if later is not None and later[i] and first_later is None:
                        first_later = track
                elif later is not None and later[i] and first_later is not None:
                    # too dense: a band overflows onto the bands' tracks, never over the dated items
                    track = first_later + n % (max_tracks - first_later)
                    ends[track] = max(ends[track], b)
                else:  # too dense to separate at this zoom: spread over the tracks in turn
                    track = n % max_tracks
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
    """Hover text: title, date as written and as resolved, outlets, the quote; escaped for Plotly, and
    each part capped (it is sent for every point: the evidence panel has the rest on a click)."""
    kind = text_or(row.kind)
    quote, speaker = text_or(row.quote), text_or(row.speaker)
    title = (speaker or "Unattributed") if quote else text_or(row.title, "(untitled)")
    lines = [f"<b>{wrap_html(title, 70, 130)}</b>"]
    lines.append(f"{html.escape(kind_label(kind))} · <b>{html.escape(fmt_resolved(row.start, row.end, row.granularity))}</b>")
    written = text_or(row.date_text)
    if written:
        lines.append(f"As written: “{wrap_html(written, 60, 80)}”")
    outlets = text_or(row.outlets)
    n = int(row.n_outlets) if not missing(row.n_outlets) else 0
    if outlets:
        lines.append(f"Outlets ({n}): {wrap_html(outlets, 70, 100)}")
    actors = text_or(row.actors)
    if actors and actors != text_or(row.lane) and actors != speaker:
        lines.append(f"Actors: {wrap_html(actors, 70, 80)}")
    if quote:
        lines.append(f"<i>{wrap_html(f'“{quote}”', 70, 240)}</i>")
    if bool(row.date_conflict):
        note = text_or(row.conflict_note) or "sources disagree on the date"
        lines.append(f"<span style='color:{CONFLICT_COLOUR}'>⚠ Date conflict: {wrap_html(note, 60, 200)}</span>")
    return "<br>".join(lines)


# What every point's hover ends with, once per trace rather than once per point.
HOVER_TEMPLATE = "%{hovertext}<br><span style='color:#6b7280'>Click for the source sentences</span><extra></extra>"


_iso = axis_strings  # day numbers → ISO strings (Plotly reads them on a date axis; cheap to send)


def _band_arrays(x0: np.ndarray, x1: np.ndarray, y: np.ndarray, ids: np.ndarray | None = None,
                 hover: np.ndarray | None = None) -> dict[str, Any]:
    """Segments start→mid→end with a gap after each; the mid vertex is an invisible hover/click handle.
    With ``ids`` (and ``hover``) every vertex carries its item's id (and hover text)."""
    k = len(x0)
    mid = x0 + (x1 - x0) / 2
    xs = np.empty((k, 4), dtype=object)
    xs[:, 0], xs[:, 1], xs[:, 2], xs[:, 3] = _iso(x0), _iso(mid), _iso(x1), None
    ys = np.empty((k, 4), dtype=object)
    ys[:, 0] = ys[:, 1] = ys[:, 2] = y
    ys[:, 3] = None
    out: dict[str, Any] = {"x": xs.ravel(), "y": ys.ravel()}
    if ids is not None:
        cd = np.empty((k, 4), dtype=object)
        cd[:, 0] = cd[:, 1] = cd[:, 2] = ids
        cd[:, 3] = None
        hv = np.empty((k, 4), dtype=object)
        hv[:, 0] = hv[:, 1] = hv[:, 2] = hover
        hv[:, 3] = None
        out["customdata"] = cd.reshape(-1, 1)
        out["hovertext"] = hv.ravel()
    return out


def fold_lanes(df: pd.DataFrame, max_lanes: int, others: bool) -> tuple[pd.DataFrame, list[str], int]:
    """The rows of the busiest ``max_lanes`` lanes, and with ``others`` those of every other lane moved to
    one ``OTHERS_LANE`` (an item once, however many of its lanes fold; as in any lane, an item of a kept
    lane too shows there as well); the lanes drawn, in order, and how many lanes folded. Folding a single
    lane would only rename it, so it is drawn as itself."""
    lanes_all = _order_lanes(df)
    if len(lanes_all) <= max_lanes + (1 if others else 0):
        return df.reset_index(drop=True), lanes_all, 0
    keep = lanes_all[:max_lanes]
    kept = df["lane"].isin(set(keep))
    if not others:
        return df[kept].reset_index(drop=True), keep, 0
    rest = df[~kept].drop_duplicates("item_id").assign(lane=OTHERS_LANE)
    return pd.concat([df[kept], rest], ignore_index=True), [*keep, OTHERS_LANE], len(lanes_all) - len(keep)


def lane_name(lane: str, folded: int) -> str:
    """How a lane is labelled on the chart (the folded lanes' row says how many it holds)."""
    return f"Others ({folded:,} lanes)" if lane == OTHERS_LANE else lane


def timeline_figure(df: pd.DataFrame, lane_label: str = "Actor", max_lanes: int = MAX_LANES, *,
                    others: bool = False, x_range: tuple[Any, Any] | None = None,
                    key_items: pd.DataFrame | None = None) -> go.Figure:
    """The swimlane timeline for rows shaped like ``StoreReader.timeline`` (one per item and lane).

    ``max_lanes``: the busiest lanes drawn; ``others``: fold the rest into one lane instead of leaving
    them out. ``x_range``: the first and last day on the axis (default: every item). ``key_items``: rows
    with ``start``, ``key_rank`` and ``key_headline`` (``StoreReader.items`` with ``Filters.key_events``)
    labelled above the lanes, best rank first, as many as fit without overlapping.
    """
    if df is None or df.empty:
        return empty_figure("Nothing to show for these filters.")
    df = df[df["start"].notna()].copy()
    if df.empty:
        return empty_figure("No dated items for these filters.")
    df, undrawn = _placeable(df)
    if df.empty:
        return empty_figure(undrawn_note(undrawn))
    lanes_total = int(df["lane"].nunique())
    df, lanes, folded = fold_lanes(df, max_lanes, others)
    marks = _marks(df, x_range, lanes, lanes_total, key_items)
    fig = go.Figure()
    _conflict_traces(fig, marks)
    _key_rings(fig, marks)
    _kind_traces(fig, marks)
    _layout(fig, marks, lane_label, lanes_total, folded, undrawn, key_items)
    return fig


def _placeable(df: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The rows whose dates the axis can hold, with their day numbers, and how many items it cannot (left
    out, never moved)."""
    start = day_numbers(df["start"])
    end_given = df["end"].notna().to_numpy()
    end = np.where(end_given, day_numbers(df["end"]), start)
    placeable = ~np.isnan(start) & ~np.isnan(end)
    undrawn = int(df.loc[~placeable, "item_id"].nunique())
    df = df[placeable].copy()
    df["_x_start"], df["_x_end"] = start[placeable], end[placeable]
    df["lane"] = df["lane"].fillna("(none)").astype(str)
    return df, undrawn


@dataclass
class _Marks:
    """Per-row arrays every trace draws from: positions, packing, hover, size, kind and flags."""

    x0: np.ndarray
    x1: np.ndarray
    y: np.ndarray
    band: np.ndarray
    ids: np.ndarray
    hov: np.ndarray
    nout: np.ndarray
    kinds: np.ndarray
    conflict: np.ndarray
    is_key: np.ndarray
    view: tuple[float, float]
    layout: Layout
    use_gl: bool


def _marks(df: pd.DataFrame, x_range: tuple[Any, Any] | None, lanes: list[str], lanes_total: int,
           key_items: pd.DataFrame | None) -> _Marks:
    """Where each row is drawn: a day at its noon, a band from its first midnight to the one after its
    last day, both cut to the view, packed into their lanes' tracks."""
    start = df["_x_start"].to_numpy(dtype=float)
    end = np.maximum(df["_x_end"].to_numpy(dtype=float), start)
    band = (df["granularity"].fillna("day").astype(str) != "day").to_numpy() | (end != start)
    x0 = np.where(band, start, start + 0.5)   # a day sits at its noon
    x1 = np.where(band, end + 1.0, x0)        # a band runs to the midnight after its last day
    view = _view(x_range, x0, x1)
    # Draw and pack what the axis shows: a band reaching past the window is cut at its edges, so its
    # hover-and-click handle (the middle vertex) lies on screen and it takes only the width it has there.
    # Day-precise items are packed first (top tracks of their lane), bands after them: in a narrow view a
    # band of a whole month or year says least, and must not push the dated items out of sight.
    x0, x1 = np.clip(x0, *view), np.clip(x1, *view)
    layout = _pack(df["lane"].to_numpy(dtype=object), x0, x1, lanes, lanes_total, span=view[1] - view[0],
                   later=band)
    hover = {str(r.item_id): _hover(r) for r in df.drop_duplicates("item_id").itertuples()}
    ids = df["item_id"].astype(str).to_numpy(dtype=object)
    key_ids = set(key_items["item_id"].astype(str)) if key_items is not None and not key_items.empty else set()
    return _Marks(
        x0=x0, x1=x1, y=np.asarray(layout.y), band=band, ids=ids,
        hov=np.array([hover[i] for i in ids], dtype=object),
        nout=df["n_outlets"].fillna(1).astype(int).clip(lower=1).to_numpy(),
        kinds=df["kind"].fillna("other").astype(str).to_numpy(dtype=object),
        conflict=df["date_conflict"].fillna(False).astype(bool).to_numpy(),
        is_key=np.fromiter((i in key_ids for i in ids), dtype=bool, count=len(ids)),
        view=view, layout=layout, use_gl=len(df) > SCATTERGL_THRESHOLD,
    )


def _conflict_traces(fig: go.Figure, m: _Marks) -> None:
    """Red outlines under the items whose sources disagree on the date, and their legend entry."""
    if not m.conflict.any():
        return
    cb = m.conflict & m.band
    if cb.any():
        fig.add_trace(scatter(
            m.use_gl, **_band_arrays(m.x0[cb], m.x1[cb], m.y[cb]), mode="lines",
            name="Date conflict", legendgroup="conflict", hoverinfo="skip", showlegend=False,
            line=dict(color=CONFLICT_COLOUR, width=band_width(int(m.nout[cb].max())) + 6),
        ))
    cd = m.conflict & ~m.band
    if cd.any():
        fig.add_trace(scatter(
            m.use_gl, x=_iso(m.x0[cd]), y=m.y[cd], mode="markers", name="Date conflict",
            legendgroup="conflict", hoverinfo="skip", showlegend=False,
            marker=dict(symbol="circle-open", color=CONFLICT_COLOUR,
                        size=np.array([marker_size(n) + 9 for n in m.nout[cd]]), line=dict(width=3)),
        ))
    # A legend entry that always shows, whichever of the two shapes is present.
    fig.add_trace(scatter(
        m.use_gl, x=[None], y=[None], mode="markers", name="⚠ Date conflict", legendgroup="conflict",
        marker=dict(symbol="circle-open", color=CONFLICT_COLOUR, size=14, line=dict(width=3)),
        hoverinfo="skip", showlegend=True, legendrank=2000,
    ))


def _key_rings(fig: go.Figure, m: _Marks) -> None:
    """A dark ring under each key event's marker, so the labelled item stands out in its lane."""
    kr = m.is_key & ~m.band
    if kr.any() and not m.is_key.all():  # when every item is a key event ("Key events only") rings say nothing
        fig.add_trace(scatter(
            m.use_gl, x=_iso(m.x0[kr]), y=m.y[kr], mode="markers", name="Key event", legendgroup="key",
            hoverinfo="skip", showlegend=True, legendrank=1500,
            marker=dict(symbol="circle-open", color=KEY_COLOUR,
                        size=np.array([marker_size(n) + 7 for n in m.nout[kr]]), line=dict(width=1.5)),
            meta={"role": "key"},
        ))


def _kind_traces(fig: go.Figure, m: _Marks) -> None:
    """Per kind: its bands (one trace per corroboration width) and its day markers."""
    present = set(m.kinds.tolist())
    for kind in [k for k in KINDS if k in present] + sorted(present - set(KINDS)):
        colour = kind_colour(kind)
        label = html.escape(kind_label(kind))
        is_kind = m.kinds == kind
        kd = is_kind & ~m.band
        shown = bool(kd.any())  # the legend shows the dot when the kind has dots, else the band
        kb = is_kind & m.band
        for n in sorted(set(np.minimum(m.nout[kb], 5).tolist())):
            b = kb & (np.minimum(m.nout, 5) == n)
            fig.add_trace(scatter(
                m.use_gl, **_band_arrays(m.x0[b], m.x1[b], m.y[b], m.ids[b], m.hov[b]), mode="lines+markers",
                name=label, legendgroup=kind, showlegend=not shown,
                line=dict(color=colour, width=band_width(n)), opacity=0.6,
                marker=dict(size=band_width(n) + 4, color=colour, opacity=0),
                selected=dict(marker=dict(opacity=0)), unselected=dict(marker=dict(opacity=0)),
                hovertemplate=HOVER_TEMPLATE, connectgaps=False,
                meta={"role": "band", "kind": kind},
            ))
            shown = True
        if kd.any():
            fig.add_trace(scatter(
                m.use_gl, x=_iso(m.x0[kd]), y=m.y[kd],
                customdata=m.ids[kd].reshape(-1, 1), hovertext=m.hov[kd], mode="markers", name=label,
                legendgroup=kind, showlegend=True,
                marker=dict(size=np.array([marker_size(n) for n in m.nout[kd]]), color=colour,
                            symbol="diamond" if kind == "statement" else "circle",
                            line=dict(color="white", width=1), opacity=0.9),
                unselected=dict(marker=dict(opacity=0.35)),
                hovertemplate=HOVER_TEMPLATE,
                meta={"role": "day", "kind": kind},
            ))


def _layout(fig: go.Figure, m: _Marks, lane_label: str, lanes_total: int, folded: int, undrawn: int,
            key_items: pd.DataFrame | None) -> None:
    """Axes, lane shading, key-event labels and the figure's meta, in one layout update (adding them one
    by one re-validates the layout each time)."""
    layout = m.layout
    # Alternate lane shading; lane separators are the y axis' minor grid lines (cheaper than shapes).
    shapes = [dict(type="rect", xref="paper", x0=0, x1=1, yref="y", y0=lo, y1=hi,
                   fillcolor="rgba(100,116,139,0.07)", line_width=0, layer="below")
              for i, (lo, hi) in enumerate(layout.lane_bounds) if i % 2 == 0]
    y_max = layout.lane_bounds[-1][1] if layout.lane_bounds else 1.0
    tick_labels = [html.escape(truncate(lane_name(lane, folded), 32)) for lane in layout.lane_labels]
    axis = padded_view(m.view)
    placed, candidates = key_labels(key_items, axis)
    strip = label_strip(placed, layout.height, candidates, MARGIN["t"] + MARGIN["b"])
    notes, leaders = strip.layout()
    if undrawn:
        notes.append(undrawn_annotation(undrawn))
    fig.update_layout(
        annotations=notes,
        height=layout.height + strip.px,
        font=FONT,
        margin=MARGIN,
        plot_bgcolor="white",
        paper_bgcolor="white",
        clickmode="event+select",
        dragmode="zoom",
        hovermode="closest",
        hoverdistance=16,
        hoverlabel=dict(bgcolor="white", bordercolor="#94a3b8",
                        font=dict(size=13, family=FONT["family"], color="#1f2430"),
                        align="left"),
        legend=top_legend(strip.plot_px, title=dict(text="<b>Kind</b>"), itemclick="toggle",
                          itemdoubleclick="toggleothers"),
        shapes=shapes + leaders,
        xaxis=dict(type="date", side="top", showgrid=True, gridcolor="rgba(100,116,139,0.18)",
                   zeroline=False, ticks="outside", tickfont=dict(size=13), automargin=True,
                   showspikes=True, spikemode="across", spikethickness=1, spikecolor="#94a3b8",
                   spikedash="dot", spikesnap="cursor", anchor="free", position=1,
                   range=[axis_string(axis[0]), axis_string(axis[1])]),
        yaxis=dict(tickmode="array", tickvals=layout.lane_centres, ticktext=tick_labels,
                   range=[y_max + 0.1, -0.1], showgrid=False, zeroline=False, automargin=True,
                   domain=[0, strip.lanes_top],
                   tickfont=dict(size=13), title=dict(text=f"<b>{html.escape(lane_label)}</b>", standoff=8),
                   minor=dict(tickmode="array", tickvals=[hi for _, hi in layout.lane_bounds[:-1]],
                              showgrid=True, gridcolor="rgba(100,116,139,0.25)", ticks="")),
        meta={"lanes_total": lanes_total, "lanes_shown": len(layout.lane_labels),
              "lanes_folded": folded, "points": int((~m.band).sum() + 3 * m.band.sum()), "webgl": m.use_gl,
              "undrawn": undrawn, "labels": len(placed), "label_candidates": strip.candidates,
              "x_range": [axis_string(m.view[0]), axis_string(m.view[1])]},
    )


def _view(x_range: tuple[Any, Any] | None, x0: np.ndarray, x1: np.ndarray) -> tuple[float, float]:
    """The days shown in day numbers: ``x_range`` (its first day to the midnight after its last), else
    the items' extent (never less than a day)."""
    if x_range is not None:
        lo, hi = day_numbers(list(x_range))
        if not (np.isnan(lo) or np.isnan(hi)) and hi >= lo:
            return float(lo), float(hi) + 1.0
    lo, hi = float(np.min(x0)), float(np.max(x1))
    pad = max(1.0 - (hi - lo), 0.0) / 2
    return lo - pad, hi + pad


def padded_view(view: tuple[float, float]) -> tuple[float, float]:
    """The axis' range: the view with 2 % to spare on each side, so what sits on its edges (a marker, a
    band cut at the window) is drawn whole and can be clicked; never past the calendar's ends (Plotly
    falls back to the year 2000 for a range beyond 9999)."""
    pad = (view[1] - view[0]) * 0.02
    return max(view[0] - pad, DAY_MIN), min(view[1] + pad, AXIS_END)


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
