"""Exports of the store, a filtered view of it, or a saved briefing — one registry for the CLI and the UI.

Formats: json (the public contract: always the whole store; a briefing is added under ``briefing``), csv,
md, html, pptx, png, svg, timelinejs. ``render_bytes`` gives any format as bytes (what a file or a download
button needs); ``render`` gives a text format as text.

Adding a format: ``register(ExportFormat(name, extension, mime, binary, render))`` where ``render`` takes
an ``ExportRequest`` (``.reader``, ``.filters``, ``.briefing`` and ``.view``, the items to show). A plain
function put straight into ``FORMATS`` is accepted too: it is called with the ``StoreReader`` alone.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dateline.briefing.models import Briefing
from dateline.export.common import ExportFormat, ExportRequest
from dateline.export.jsondoc import export_document, export_json
from dateline.store.query import Filters, StoreReader


class UnknownFormat(ValueError):
    pass


def _json(req: ExportRequest) -> str:
    if req.reader is None:
        raise ValueError("The JSON export needs the store.")
    if req.briefing is None:
        return export_json(req.reader)
    doc = export_document(req.reader)
    b = req.briefing
    doc["briefing"] = {"name": b.name, "headline": b.headline, "summary": b.summary,
                       "items": [i.to_dict() for i in b.items]}
    return json.dumps(doc, ensure_ascii=False, indent=1)


def _csv(req: ExportRequest) -> str:
    from dateline.export.tabular import export_csv
    return export_csv(req)


def _md(req: ExportRequest) -> str:
    from dateline.export.brief import export_markdown
    return export_markdown(req)


def _html(req: ExportRequest) -> str:
    from dateline.export.page import export_html
    return export_html(req)


def _pptx(req: ExportRequest) -> bytes:
    from dateline.export.slides import export_pptx
    return export_pptx(req)


def _png(req: ExportRequest) -> bytes:
    from dateline.export.images import export_png
    return export_png(req)


def _svg(req: ExportRequest) -> bytes:
    from dateline.export.images import export_svg
    return export_svg(req)


def _timelinejs(req: ExportRequest) -> str:
    from dateline.export.timelinejs import export_timelinejs
    return export_timelinejs(req)


def _parquet(req: ExportRequest) -> bytes:
    from dateline.export.parquet import export_parquet
    return export_parquet(req.reader)


FORMATS: dict[str, ExportFormat | Callable[..., Any]] = {}


def register(fmt: ExportFormat) -> None:
    FORMATS[fmt.name] = fmt


for _f in (
    ExportFormat("json", "json", "application/json", False, _json, "the public JSON contract (whole store)"),
    ExportFormat("csv", "csv", "text/csv", False, _csv, "one row per item with dates, actors and sources"),
    ExportFormat("md", "md", "text/markdown", False, _md, "a written brief with numbered citations"),
    ExportFormat("html", "html", "text/html", False, _html, "a standalone interactive page (offline)"),
    ExportFormat("pptx", "pptx",
                 "application/vnd.openxmlformats-officedocument.presentationml.presentation", True, _pptx,
                 "slides: title, timeline, one per item with sources"),
    ExportFormat("png", "png", "image/png", True, _png, "the timeline chart as an image"),
    ExportFormat("svg", "svg", "image/svg+xml", True, _svg, "the timeline chart as a vector image"),
    ExportFormat("timelinejs", "json", "application/json", False, _timelinejs, "TimelineJS3 JSON"),
    ExportFormat("parquet", "zip", "application/zip", True, _parquet, "the whole store as Parquet files"),
):
    register(_f)


def spec(fmt: str) -> ExportFormat:
    """The registered format (a bare function in FORMATS is wrapped: called with the reader)."""
    try:
        found = FORMATS[fmt]
    except KeyError:
        raise UnknownFormat(f"Unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}.") from None
    if isinstance(found, ExportFormat):
        return found
    fn = found
    return ExportFormat(fmt, fmt, "application/octet-stream", True,
                        lambda req: fn(req.reader), getattr(fn, "__doc__", "") or "")


def _request(reader: StoreReader | None, filters: Filters | None, briefing: Briefing | None) -> ExportRequest:
    return ExportRequest(reader=reader, filters=filters, briefing=briefing)


def render_bytes(reader: StoreReader | None, fmt: str, *, filters: Filters | None = None,
                 briefing: Briefing | None = None) -> bytes:
    """Any format as bytes (text formats UTF-8 encoded)."""
    out = spec(fmt).render(_request(reader, filters, briefing))
    return out if isinstance(out, bytes) else out.encode("utf-8")


def render(reader: StoreReader | None, fmt: str, *, filters: Filters | None = None,
           briefing: Briefing | None = None) -> str:
    """A text format as text (binary formats: use ``render_bytes``)."""
    out = spec(fmt).render(_request(reader, filters, briefing))
    if isinstance(out, bytes):
        raise UnknownFormat(f"{fmt} is a binary format: use render_bytes.")
    return out


def write(reader: StoreReader | None, fmt: str, output: Path, *, filters: Filters | None = None,
          briefing: Briefing | None = None) -> int:
    """Write one export to ``output`` (parent folders created); return its size in bytes."""
    data = render_bytes(reader, fmt, filters=filters, briefing=briefing)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(output)
    return len(data)


__all__ = ["FORMATS", "ExportFormat", "ExportRequest", "UnknownFormat", "export_document", "export_json",
           "register", "render", "render_bytes", "spec", "write"]
