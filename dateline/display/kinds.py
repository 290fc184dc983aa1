"""How each event kind looks wherever it is drawn: its colour and its label, and the red kept for conflicts.

The dashboard's chart, evidence panel and briefing editor and the exports' charts, slides and page all
take their colours from here, so a colour means the same kind on every screen and in every briefing.
"""

from __future__ import annotations

from dateline.events.kinds import KIND_LABELS

# Okabe & Ito (2008) colour-blind-safe palette, one fixed colour per kind so a colour means the same
# thing on every screen and in every briefing. Red (#D7191C) is reserved for date conflicts.
KIND_COLOURS: dict[str, str] = {
    "statement": "#0072B2",   # blue
    "meeting": "#009E73",     # bluish green
    "proposal": "#E69F00",    # orange
    "rejection": "#CC79A7",   # reddish purple
    "military": "#6A3D9A",    # dark purple (kept away from the conflict red)
    "political": "#56B4E9",   # sky blue
    "background": "#999999",  # grey: the story's long view
    "other": "#8C6D31",       # brown
}
FALLBACK_COLOUR = "#555555"
CONFLICT_COLOUR = "#D7191C"


def kind_colour(kind: str) -> str:
    """The kind's palette colour; grey for a kind the palette does not know."""
    return KIND_COLOURS.get(kind, FALLBACK_COLOUR)


def kind_label(kind: str) -> str:
    """The kind as an analyst reads it ("Meeting or call"); an unknown kind capitalised."""
    return KIND_LABELS.get(kind, kind.capitalize())
