"""HTML: one standalone page that works offline — the interactive chart and a table of items with sources.

plotly.js is inlined; the page names no external script, stylesheet or font (a Content-Security-Policy
forbids fetching any), so it opens the same from a USB stick or an e-mail attachment. Every string from
an article is escaped; only http(s) URLs become links.
"""

from __future__ import annotations

import html
from datetime import date

from dateline.display.format import safe_url
from dateline.display.kinds import kind_colour
from dateline.export.chart import chart_figure
from dateline.export.common import ExportRequest, day, source_label, span, unique_articles, when, written

CSP = ("default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; "
       "img-src data:; font-src data:")
CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;margin:0;
     color:#1f2430;background:#fff;line-height:1.45}
main{max-width:1260px;margin:0 auto;padding:24px}
h1{font-size:2rem;margin:0 0 .3rem} .meta{color:#5b6472;margin:0 0 1rem}
.summary{font-size:1.1rem;background:#f6f8fa;border-left:4px solid #0072B2;padding:.6rem 1rem}
table{border-collapse:collapse;width:100%;font-size:.95rem} th,td{border-bottom:1px solid #e2e8f0;
     padding:.5rem;vertical-align:top;text-align:left} th{background:#f1f5f9;position:sticky;top:0}
.kind{display:inline-block;width:.8em;height:.8em;border-radius:50%;margin-right:.35em}
.muted{color:#5b6472;font-size:.88rem} .conflict{color:#D7191C} ol.src{margin:0;padding-left:1.2em}
.note{font-style:italic} .chart{overflow-x:auto}
"""


def _esc(text: object) -> str:
    return html.escape(str(text or ""), quote=True)


def _sources(item) -> str:  # noqa: ANN001 - an Item
    rows = []
    for s in unique_articles(item):
        url = safe_url(s.url)
        title = _esc(s.title or s.file or "untitled")
        linked = f'<a href="{_esc(url)}" rel="noopener noreferrer">{title}</a>' if url else title
        where = "" if url else f' <span class="muted">({_esc(s.file)})</span>' if s.file else ""
        rows.append(f"<li><b>{_esc(source_label(s))}</b> — {linked}{where} — "
                    f'<span class="muted">{_esc(day(s.published))}</span></li>')
    return f'<ol class="src">{"".join(rows)}</ol>' if rows else '<span class="muted">no source</span>'


def export_html(req: ExportRequest) -> str:
    b = req.view
    fig = chart_figure(b.items)
    chart = fig.to_html(full_html=False, include_plotlyjs=True, include_mathjax=False,
                        config={"displaylogo": False, "responsive": False,
                                "modeBarButtonsToRemove": ["lasso2d", "select2d"]})
    meta = [f"{len(b.items)} item(s)"]
    if span(b.items):
        meta.append(span(b.items))
    if b.subtitle:
        meta.append(b.subtitle)
    meta.append(f"exported {day(date.today())}")
    rows = []
    for n, it in enumerate(b.items, start=1):
        what = f"{_esc(it.headline)}"
        if it.date_text:
            what += f'<div class="muted">{_esc(written(it))}</div>'
        if it.date_conflict:
            what += f'<div class="conflict">⚠ Date conflict: {_esc(it.conflict_note or "sources disagree")}</div>'
        note = f'<div class="note">Note: {_esc(it.note)}</div>' if it.note else ""
        rows.append(
            f"<tr><td>{n}</td><td>{_esc(when(it))}</td>"
            f'<td><span class="kind" style="background:{kind_colour(it.kind)}"></span>{_esc(it.kind_label)}</td>'
            f"<td>{what}{note}</td><td>{_esc(', '.join(it.actors))}</td><td>{_sources(it)}</td></tr>")
    summary = f'<p class="summary">{_esc(b.summary)}</p>' if b.summary.strip() else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_esc(b.title)}</title><style>{CSS}</style></head>
<body><main>
<h1>{_esc(b.title)}</h1>
<p class="meta">{_esc(" · ".join(meta))}</p>
{summary}
<section class="chart" aria-label="Timeline chart">{chart}</section>
<h2>Items and sources</h2>
<table><thead><tr><th>#</th><th>Date</th><th>Kind</th><th>What happened or was said</th><th>Actors</th>
<th>Sources</th></tr></thead><tbody>
{"".join(rows)}
</tbody></table>
<p class="muted">Made with Dateline. Dates are shown at the precision the sources give.</p>
</main></body></html>
"""
