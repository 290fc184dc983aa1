"""CSV: one row per timeline item (events and statements) with dates, actors, outlets and sources.

Items and all their sources are read with a fixed number of queries (never one query per item).

Every text cell that a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a carriage
return: an outlet called "=HYPERLINK(…)", a quote starting "-2+3") gets a leading apostrophe, as OWASP's
CSV-injection guidance says: spreadsheets then show the text as written and run nothing.
"""

from __future__ import annotations

import csv
import io

from dateline.export.common import ExportRequest, citation, unique_articles, when

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = ["n", "item_id", "item_type", "kind", "date", "start", "end", "granularity", "date_text", "title",
           "speaker", "quote", "actors", "outlets", "date_conflict", "conflict_note", "note", "n_sources",
           "sources", "urls"]


def neutralise(cell: object) -> object:
    """A text cell that would start a spreadsheet formula, prefixed with an apostrophe; others unchanged."""
    if isinstance(cell, str) and cell.startswith(FORMULA_START):
        return "'" + cell
    return cell


def export_csv(req: ExportRequest) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)
    for n, it in enumerate(req.view.items, start=1):
        arts = unique_articles(it)
        w.writerow([neutralise(cell) for cell in (
            n, it.item_id, it.item_type, it.kind, when(it),
            it.start.isoformat() if it.start else "", (it.end or it.start).isoformat() if it.start else "",
            it.granularity, it.date_text, it.title, it.speaker, it.quote, "; ".join(it.actors),
            "; ".join(it.outlets), it.date_conflict, it.conflict_note, it.note, len(it.sources),
            " | ".join(citation(s) for s in arts), " ".join(s.url for s in arts if s.url),
        )])
    return out.getvalue()
