"""Exports of the store: JSON (the public contract) and tabular formats."""

from __future__ import annotations

from pathlib import Path

from dateline.export.jsondoc import export_document, export_json
from dateline.export.tabular import export_csv
from dateline.store.query import StoreReader

FORMATS = {"json": export_json, "csv": export_csv}


class UnknownFormat(ValueError):
    pass


def render(reader: StoreReader, fmt: str) -> str:
    """The export of the whole store in ``fmt`` as text."""
    try:
        return FORMATS[fmt](reader)
    except KeyError:
        raise UnknownFormat(f"Unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}.") from None


def write(reader: StoreReader, fmt: str, output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render(reader, fmt), encoding="utf-8")


__all__ = ["FORMATS", "UnknownFormat", "export_document", "export_json", "render", "write"]
