"""Markdown: a written brief, each item with numbered citations [1] listed at the end.

One number per article (an article cited by several items keeps its number). Text from articles is
escaped so it reads as plain text in any Markdown renderer (no links, emphasis or HTML from the source).
"""

from __future__ import annotations

import re

from dateline.export.common import (
    ExportRequest,
    article_key,
    citation,
    numbered_sources,
    span,
    when,
    written,
)

_MD = re.compile(r"([\\`*_\[\]<>|~])")


def md_text(text: str) -> str:
    """Plain text safe inside Markdown: special characters escaped, line breaks flattened."""
    return _MD.sub(r"\\\1", " ".join(str(text or "").split()))


def export_markdown(req: ExportRequest) -> str:
    b = req.view
    numbers, sources = numbered_sources(b.items)
    lines = [f"# {md_text(b.title)}", ""]
    meta = [f"{len(b.items)} item(s)"]
    if span(b.items):
        meta.append(span(b.items))
    if b.subtitle:
        meta.append(b.subtitle)
    if b.headline and b.name and b.headline != b.name:
        meta.insert(0, f"Briefing “{b.name}”")
    lines += [f"*{md_text(' · '.join(meta))}*", ""]
    if b.summary.strip():
        lines += ["## Summary", "", md_text(b.summary), ""]
    lines += ["## Timeline", ""]
    for n, item in enumerate(b.items, start=1):
        refs = sorted({numbers[article_key(s)] for s in item.sources})
        cite = "".join(f"[{r}]" for r in refs)
        text = md_text(item.headline)
        lines.append(f"{n}. **{md_text(when(item))}** — {md_text(item.kind_label)}: {text} {cite}".rstrip())
        if item.date_text:
            lines.append(f"   - {md_text(written(item))}")
        if item.date_conflict:
            lines.append(f"   - Date conflict: {md_text(item.conflict_note or 'the sources disagree')}")
        if item.note.strip():
            lines.append(f"   - Analyst note: {md_text(item.note)}")
    lines += ["", "## Sources", ""]
    for n, s in enumerate(sources, start=1):
        lines.append(f"[{n}] {md_text(citation(s))}  ")
    if not sources:
        lines.append("No sources.")
    return "\n".join(lines).rstrip() + "\n"
