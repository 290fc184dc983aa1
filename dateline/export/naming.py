"""File names for exports: a briefing's file is named after its headline, a view's after its filters.

A name is safe on every common file system and in a download header: letters and digits only (accents
on Latin letters folded to ASCII, other scripts kept), words joined by hyphens, at most ``LIMIT``
characters cut at a word boundary, never a name Windows reserves (``con``, ``nul``, ``com1``…).
"""

from __future__ import annotations

import re
import unicodedata

from dateline.briefing.models import Briefing
from dateline.store.query import Filters

LIMIT = 60
VIEW = "timeline"
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def _fold(char: str) -> str:
    """'é' → 'e', 'ﬁ' → 'fi'; letters of other scripts ('й', '北') stay as they are."""
    parts = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in parts if not unicodedata.combining(c))
    return base if base.isascii() else char


def slugify(text: str, limit: int = LIMIT) -> str:
    """'Talks in Kyiv — 5 Dec. 2022' → 'talks-in-kyiv-5-dec-2022'; '' when nothing readable is left."""
    words = re.findall(r"[^\W_]+", "".join(_fold(c) for c in unicodedata.normalize("NFKC", str(text or "")))
                       .lower())
    slug = ""
    for word in words:
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > limit:
            slug = slug or word[:limit]
            break
        slug = longer
    return f"{slug}-file" if slug in _RESERVED else slug


def briefing_stem(briefing: Briefing) -> str:
    """The briefing's headline as a file name; its name when the headline is empty or unreadable."""
    return slugify(briefing.headline) or slugify(briefing.name) or "briefing"


def view_stem(filters: Filters | None = None, store: str = "") -> str:
    """The current view: 'timeline', then what it is narrowed to (show, words, outlets, kinds, dates),
    after the store's name when there is one: 'bpoil-timeline-events-oil-spill-from-2010-04-20'."""
    f = filters or Filters()
    parts = [VIEW]
    if f.show != "both":
        parts.append(f.show)
    if f.text.strip():
        parts.append(f.text)
    parts += list(f.outlets[:2]) + list(f.kinds[:2])
    if f.actors:
        parts.append(f"{len(f.actors)}-actors" if len(f.actors) > 1 else "1-actor")
    if f.date_from:
        parts.append(f"from {f.date_from.isoformat()}")
    if f.date_to:
        parts.append(f"to {f.date_to.isoformat()}")
    head = slugify(store, limit=24)
    return slugify(" ".join([head, *parts]) if head else " ".join(parts)) or VIEW
