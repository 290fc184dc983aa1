"""What every export format shares: the request, dates as people write them, and citations.

Date wording reuses ``dateline.display.format`` (pure functions, shared with the dashboard) so an export
says "1 Dec 2022" or "November 2022" exactly as the dashboard does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from dateline.briefing.collect import current_view
from dateline.briefing.models import Briefing, Item, Source
from dateline.display.format import fmt_day, fmt_range, fmt_resolved, safe_url
from dateline.store.query import Filters, StoreReader


@dataclass
class ExportRequest:
    """One export: the store (for the JSON contract), the filters, and an optional saved briefing."""

    reader: StoreReader | None = None
    filters: Filters | None = None
    briefing: Briefing | None = None
    title: str = "Timeline"

    @cached_property
    def view(self) -> Briefing:
        """The briefing, or else the filtered store as an unsaved briefing."""
        if self.briefing is not None:
            return self.briefing
        if self.reader is None:
            raise ValueError("An export needs a store or a briefing.")
        return current_view(self.reader, self.filters, title=self.title)


@dataclass(frozen=True)
class ExportFormat:
    """A registered format: how to render it and how to offer it as a download."""

    name: str
    extension: str
    mime: str
    binary: bool
    render: Callable[[ExportRequest], bytes | str]
    description: str = ""


def when(item: Item) -> str:
    """The item's date at its own precision: '1 Dec 2022', 'November 2022', 'undated'."""
    if item.start is None:
        return "undated"
    return fmt_resolved(item.start, item.end, item.granularity)


PUBLICATION_DATE = "publication date"


def written(item: Item) -> str:
    """How the date was found: 'as written “last Thursday”' or that the publication date was used."""
    if not item.date_text:
        return ""
    if item.date_text == PUBLICATION_DATE:
        return "Dated by the article's publication date (no date in the sentence)"
    return f"Date as written: “{item.date_text}”"


def day(d: date | None) -> str:
    return fmt_day(d) if d else "date unknown"


def span(items: list[Item]) -> str:
    """The period a list of items covers: '1–25 Dec 2022'."""
    starts = [i.start for i in items if i.start]
    ends = [i.end or i.start for i in items if i.start]
    if not starts:
        return ""
    return fmt_range(min(starts), max(e for e in ends if e))


def source_label(s: Source) -> str:
    return s.outlet or "Unknown outlet"


def source_location(s: Source) -> str:
    """The URL when it is a real web address, else the corpus file the article came from."""
    return safe_url(s.url) or s.url or (f"file: {s.file}" if s.file else "")


def citation(s: Source) -> str:
    """'The New York Times, “Title”, 2 Dec 2022, https://…' (or the file when there is no URL)."""
    parts = [source_label(s)]
    if s.title:
        parts.append(f"“{s.title}”")
    parts.append(f"published {day(s.published)}" if s.published else "publication date unknown")
    loc = source_location(s)
    if loc:
        parts.append(loc)
    return ", ".join(parts)


def article_key(s: Source) -> str:
    return s.article_id or s.file or s.url or s.title


def numbered_sources(items: list[Item]) -> tuple[dict[str, int], list[Source]]:
    """Citation numbers per article in first-use order (one number per article, shared by items)."""
    numbers: dict[str, int] = {}
    ordered: list[Source] = []
    for item in items:
        for s in item.sources:
            key = article_key(s)
            if key not in numbers:
                numbers[key] = len(numbers) + 1
                ordered.append(s)
    return numbers, ordered


def unique_articles(item: Item) -> list[Source]:
    """An item's sources, one per article (several sentences of one article cite it once)."""
    seen: dict[str, Source] = {}
    for s in item.sources:
        seen.setdefault(article_key(s), s)
    return list(seen.values())
