"""Key-event labels on the timeline: short headlines placed so that no two overlap.

The layout is done in pixel space before the browser draws anything. Each label's width is estimated
from the advance widths of its font (``resources/label_font.tsv``: Arial's metrics, the font the labels
ask for first) at an assumed plot width (``PLOT_WIDTH_PX``: about what a 1,300 px wide window leaves the
plot beside the sidebar and the lane names; a wider window only spreads the labels further apart).
Labels are taken best first; each goes on the first of ``MAX_ROWS`` rows where it overlaps no
label already placed (with ``GAP_PX`` between neighbours), pushed inside the plot if it would stick out
of it; a label that fits on no row is dropped, never drawn over another.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from dateline.display.dates import axis_string, day_numbers, to_date
from dateline.display.format import fmt_day, missing, text_or
from dateline.resources import read_table
from dateline.story import short_headline

FONT_FAMILY = "Arial, 'Liberation Sans', Helvetica, sans-serif"
FONT_PX = 12
PLOT_WIDTH_PX = 640
MAX_ROWS = 3
ROW_PX = 18        # one row of labels (12 px type and its line spacing)
GAP_PX = 10        # free space kept between two labels on a row
PAD_PX = 2         # Plotly's annotation padding on each side (``borderpad`` 1 plus the border)
DEFAULT_EM = 1.0   # width of a character the table does not list (CJK and symbols are about 1 em)
SAFETY = 1.06      # estimates err on the wide side: a real font's hinting and kerning vary a little
LABEL_CHARS = 36   # headlines are cut to this (at a word) for the chart; the hover shows them whole
LABEL_COLOUR = "#1f2430"
LEADER_COLOUR = "rgba(31,36,48,0.28)"


@cache
def _widths() -> dict[str, float]:
    table = read_table("display/resources/label_font.tsv")
    return {chr(int(code.removeprefix("U+"), 16)): int(width) / 1000 for code, width in table}


def text_width(text: str, size: float = FONT_PX) -> float:
    """Estimated width in pixels of ``text`` set in the labels' font at ``size`` px."""
    widths = _widths()
    return SAFETY * size * sum(widths.get(ch, DEFAULT_EM) for ch in text)


@dataclass(frozen=True, slots=True)
class Label:
    """A label to place: its date (a day number: noon of the key date), text and hover; lower ``rank`` first."""

    x: float
    text: str
    rank: int
    hover: str = ""


@dataclass(frozen=True, slots=True)
class Placed:
    """A placed label: its row (0 = top) and its box in pixels from the plot's left edge; ``shift`` is how
    far the box was moved from being centred on its date to stay inside the plot."""

    label: Label
    row: int
    left: float
    right: float
    shift: float


def place_labels(labels: Sequence[Label], x_range: tuple[float, float], width_px: float = PLOT_WIDTH_PX,
                 max_rows: int = MAX_ROWS, size: float = FONT_PX) -> list[Placed]:
    """Lay ``labels`` out on at most ``max_rows`` rows without overlaps, best rank first; labels dated
    outside ``x_range`` (day numbers) or too wide for the plot are left out, as are those no row has room
    for. Returned in placing order."""
    x0, x1 = x_range
    if not x1 > x0 or width_px <= 0:
        return []
    scale = width_px / (x1 - x0)
    rows: list[list[tuple[float, float]]] = [[] for _ in range(max(0, max_rows))]
    placed: list[Placed] = []
    for label in sorted(labels, key=lambda lb: (lb.rank, lb.x)):
        if not x0 <= label.x <= x1 or not label.text:
            continue
        w = text_width(label.text, size) + 2 * PAD_PX
        if w > width_px:
            continue
        centre = (label.x - x0) * scale
        left = min(max(centre - w / 2, 0.0), width_px - w)
        right = left + w
        for r, taken in enumerate(rows):
            if all(right + GAP_PX <= a or left >= b + GAP_PX for a, b in taken):
                taken.append((left, right))
                placed.append(Placed(label, r, left, right, left + w / 2 - centre))
                break
    return placed


def chart_text(headline: str) -> str:
    """A key date's headline as short as a chart label must be (cut at a word, never inside one)."""
    return short_headline(headline, LABEL_CHARS)


def key_labels(key_items: pd.DataFrame | None, view: tuple[float, float],
               width_px: float = PLOT_WIDTH_PX) -> tuple[list[Placed], int]:
    """Labels for the key events among ``key_items`` (rows with ``item_id``, ``start``, ``key_rank``,
    ``key_headline``; others ignored) dated inside ``view`` (day numbers), placed without overlaps; and
    how many were candidates (in view)."""
    if key_items is None or key_items.empty or "key_rank" not in key_items:
        return [], 0
    rows = key_items[key_items["key_rank"].notna() & key_items["start"].notna()].drop_duplicates("item_id")
    if rows.empty:
        return [], 0
    days = day_numbers(rows["start"])
    labels = []
    for day, row in zip(days, rows.itertuples(), strict=True):
        headline = text_or(getattr(row, "key_headline", None)) or text_or(getattr(row, "title", None))
        if np.isnan(day) or not headline or missing(row.key_rank):
            continue
        labels.append(Label(x=float(day) + 0.5, text=chart_text(headline), rank=int(row.key_rank),
                            hover=headline))
    in_view = sum(view[0] <= lb.x <= view[1] for lb in labels)
    return place_labels(labels, view, width_px), in_view


@dataclass(frozen=True, slots=True)
class Strip:
    """The band above the lanes that holds the labels: ``px`` tall, the lanes below ``lanes_top``
    (paper coordinates); ``candidates`` labels were offered, ``placed`` fit."""

    placed: tuple[Placed, ...]
    px: int
    lanes_top: float
    row_frac: float
    candidates: int
    plot_px: float

    def layout(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The labels' annotations and their leader lines, as layout dicts (added with the rest of the
        layout in one update: one by one, each re-validates the whole layout)."""
        return label_layout(self.placed, 1.0, self.row_frac, self.lanes_top)


def label_strip(placed: Sequence[Placed], height: int, candidates: int | None = None,
                margins_px: int = 100) -> Strip:
    """The strip for ``placed`` labels on a figure whose lanes need ``height`` px, ``margins_px`` of it
    above and below the plot: one ``ROW_PX`` row per row used, nothing when there is no label."""
    rows = max((p.row for p in placed), default=-1) + 1
    px = rows * ROW_PX + (6 if rows else 0)
    plot = max(height + px - margins_px, 1)
    return Strip(tuple(placed), px, 1.0 - px / plot, ROW_PX / plot,
                 len(placed) if candidates is None else candidates, float(plot))


def label_layout(placed: Sequence[Placed], strip_top: float, row_frac: float,
                 lanes_top: float) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Annotations for ``placed`` labels, row ``r`` hanging ``r`` rows below ``strip_top`` (paper
    coordinates; ``row_frac`` is one row's height there), and a dotted leader from under each label down
    through the lanes at its date."""
    notes, lines = [], []
    for p in placed:
        lb = p.label
        y = strip_top - p.row * row_frac
        x = axis_string(lb.x)
        notes.append(dict(
            x=x, xref="x", y=y, yref="paper", yanchor="top", xanchor="center", xshift=p.shift,
            text=html.escape(lb.text), showarrow=False, align="center", borderpad=1,
            font=dict(family=FONT_FAMILY, size=FONT_PX, color=LABEL_COLOUR), bgcolor="rgba(255,255,255,0.85)",
            hovertext=html.escape(lb.hover or lb.text) + "<br>" + html.escape(fmt_day(to_date(lb.x))),
            name=f"key-label-{lb.rank}",
        ))
        lines.append(dict(type="line", xref="x", yref="paper", x0=x, x1=x, y0=0, y1=max(y - row_frac, lanes_top),
                          line=dict(color=LEADER_COLOUR, width=1, dash="dot"), layer="below",
                          name=f"key-leader-{lb.rank}"))
    return notes, lines
