"""TimelineJS3 JSON (https://timeline.knightlab.com/docs/json-format.html) to publish a timeline.

Dates are split into year/month/day parts with a ``display_date`` as people write it ("November 2022"
for a month). Slide text is HTML in TimelineJS, so every string from an article is escaped.
"""

from __future__ import annotations

import html
import json
from datetime import date
from typing import Any

from dateline.display.format import safe_url
from dateline.export.common import ExportRequest, day, source_label, unique_articles, when, written


def _parts(d: date, display: str) -> dict[str, str]:
    return {"year": str(d.year), "month": str(d.month), "day": str(d.day), "display_date": display}


def _text(item: Any) -> str:
    parts = []
    if item.item_type == "statement" and item.quote:
        said = f"“{html.escape(item.quote)}”"
        parts.append(f"<p>{html.escape(item.speaker)}: {said}</p>" if item.speaker else f"<p>{said}</p>")
    if item.date_text:
        parts.append(f"<p><em>{html.escape(written(item))}</em></p>")
    if item.note:
        parts.append(f"<p><strong>Note:</strong> {html.escape(item.note)}</p>")
    srcs = []
    for s in unique_articles(item):
        label = html.escape(f"{source_label(s)}, {s.title or s.file}, {day(s.published)}")
        url = safe_url(s.url)
        srcs.append(f'<li><a href="{html.escape(url, quote=True)}">{label}</a></li>' if url
                    else f"<li>{label}</li>")
    if srcs:
        parts.append("<p>Sources:</p><ul>" + "".join(srcs) + "</ul>")
    return "".join(parts)


def timelinejs_document(req: ExportRequest) -> dict[str, Any]:
    b = req.view
    events = []
    for it in b.items:
        if it.start is None:
            continue  # TimelineJS needs a start date
        shown = when(it)
        events.append({
            "unique_id": it.item_id,
            "start_date": _parts(it.start, shown),
            "end_date": _parts(it.end or it.start, shown),
            "display_date": shown,
            "text": {"headline": html.escape(it.title if it.item_type != "statement" else it.headline),
                     "text": _text(it)},
            "group": it.kind_label,
        })
    intro = html.escape(b.summary) if b.summary else html.escape(b.subtitle)
    return {"title": {"text": {"headline": html.escape(b.title), "text": f"<p>{intro}</p>" if intro else ""}},
            "events": events}


def export_timelinejs(req: ExportRequest) -> str:
    return json.dumps(timelinejs_document(req), ensure_ascii=False, indent=1)
