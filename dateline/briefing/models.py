"""What a briefing holds: pinned items, each a self-contained snapshot of a timeline item.

A snapshot keeps everything an export or a presentation shows (kind, dates, title or quote, actors,
outlets and every source with its outlet, title, date and URL or file) so a briefing still reads the same
after the store is rebuilt, even if extraction changes or an article is removed.

The same shapes carry an unsaved "current view" (the filtered timeline) into the exporters, so every
export format has exactly one input type: ``Briefing``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from typing import Any

import pandas as pd

from dateline.display.format import as_date, missing, text_or
from dateline.events.kinds import KIND_LABELS


def _names(value: Any) -> tuple[str, ...]:
    """A tuple from a comma-joined string (the items query) or a list."""
    if hasattr(value, "tolist"):  # numpy arrays from DuckDB list columns
        value = value.tolist()
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value if text_or(v))
    if missing(value):
        return ()
    return tuple(p.strip() for p in str(value).split(",") if p.strip())


@dataclass(frozen=True)
class Source:
    """One source sentence of an item and the article it comes from."""

    article_id: str
    outlet: str = ""
    title: str = ""
    published: date | None = None
    url: str = ""
    file: str = ""
    sentence: str = ""
    date_text: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["published"] = self.published.isoformat() if self.published else None
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Source:
        return cls(article_id=text_or(d.get("article_id")), outlet=text_or(d.get("outlet")),
                   title=text_or(d.get("title")), published=as_date(d.get("published")),
                   url=text_or(d.get("url")), file=text_or(d.get("file")),
                   sentence=text_or(d.get("sentence")), date_text=text_or(d.get("date_text")))


@dataclass(frozen=True)
class Item:
    """A timeline item (event or statement) as pinned or exported, with the analyst's note."""

    item_id: str
    item_type: str  # 'event' | 'statement'
    kind: str
    title: str
    start: date | None = None
    end: date | None = None
    granularity: str = "day"
    date_text: str = ""
    quote: str = ""
    speaker: str = ""
    actors: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    date_conflict: bool = False
    conflict_note: str = ""
    sources: tuple[Source, ...] = ()
    note: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind.capitalize() or "Other")

    @property
    def headline(self) -> str:
        """What happened or was said, in one line: 'Speaker: quote' for statements, else the title."""
        if self.item_type == "statement" and self.quote:
            quote = self.quote.strip().strip('“”"').strip()
            return f"{self.speaker}: “{quote}”" if self.speaker else f"“{quote}”"
        return self.title or "(untitled)"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["start"] = self.start.isoformat() if self.start else None
        d["end"] = self.end.isoformat() if self.end else None
        d["actors"], d["outlets"] = list(self.actors), list(self.outlets)
        d["sources"] = [s.to_dict() for s in self.sources]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Item:
        return cls(
            item_id=text_or(d.get("item_id")), item_type=text_or(d.get("item_type")) or "event",
            kind=text_or(d.get("kind")) or "other", title=text_or(d.get("title")),
            start=as_date(d.get("start")), end=as_date(d.get("end")),
            granularity=text_or(d.get("granularity")) or "day", date_text=text_or(d.get("date_text")),
            quote=text_or(d.get("quote")), speaker=text_or(d.get("speaker")),
            actors=_names(d.get("actors") or []), outlets=_names(d.get("outlets") or []),
            date_conflict=bool(d.get("date_conflict") or False),
            conflict_note=text_or(d.get("conflict_note")),
            sources=tuple(Source.from_dict(s) for s in d.get("sources") or []),
            note=text_or(d.get("note")),
        )

    def with_note(self, note: str) -> Item:
        return replace(self, note=note)


@dataclass
class Briefing:
    """A named, ordered selection of items with a headline and a summary (or an unsaved view)."""

    name: str
    headline: str = ""
    summary: str = ""
    items: list[Item] = field(default_factory=list)
    id: str = ""
    created: datetime | None = None
    updated: datetime | None = None
    subtitle: str = ""  # e.g. which filters an unsaved view reflects

    @property
    def title(self) -> str:
        return self.headline or self.name

    def item_ids(self) -> list[str]:
        return [i.item_id for i in self.items]


def items_from_frames(items: pd.DataFrame, sources: pd.DataFrame) -> list[Item]:
    """Items from ``StoreReader.items``/``items_by_id`` rows and their ``StoreReader.sources`` rows."""
    by_item: dict[str, list[Source]] = {}
    for r in sources.itertuples(index=False):
        by_item.setdefault(str(r.item_id), []).append(Source(
            article_id=text_or(r.article_id), outlet=text_or(r.outlet), title=text_or(r.article_title),
            published=as_date(r.published), url=text_or(r.url), file=text_or(r.file),
            sentence=text_or(r.sentence), date_text=text_or(r.date_text)))
    out = []
    for r in items.itertuples(index=False):
        item_id = str(r.item_id)
        out.append(Item(
            item_id=item_id, item_type=text_or(r.item_type), kind=text_or(r.kind) or "other",
            title=text_or(r.title), start=as_date(r.start), end=as_date(r.end),
            granularity=text_or(r.granularity) or "day", date_text=text_or(r.date_text),
            quote=text_or(r.quote), speaker=text_or(r.speaker), actors=_names(r.actors),
            outlets=_names(r.outlets), date_conflict=bool(r.date_conflict) if not missing(r.date_conflict)
            else False, conflict_note=text_or(r.conflict_note), sources=tuple(by_item.get(item_id, ())),
        ))
    return out
