"""Text helpers shared by the figures, the exports and the dashboard's evidence panel and tables.

Dates are shown at the precision they were written with: a month is "November 2022", never a fake day.
Free of Streamlit, so an export words a date exactly as the dashboard does.
"""

from __future__ import annotations

import calendar
import html
import math
import re
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlparse

import pandas as pd

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_SEASONS = {12: "Winter", 1: "Winter", 2: "Winter", 3: "Spring", 4: "Spring", 5: "Spring",
            6: "Summer", 7: "Summer", 8: "Summer", 9: "Autumn", 10: "Autumn", 11: "Autumn"}
GRANULARITY_LABELS = {
    "day": "exact day", "week": "week", "month": "month", "quarter": "quarter", "season": "season",
    "year": "year", "decade": "decade", "century": "century",
}
SAID_BASIS_LABELS = {
    "explicit": "date stated in the text",
    "publication": "publication date (no date in the sentence)",
    "unresolved": "unresolved",
}
PUBLISHED_BASIS_LABELS = {
    "manifest": "from the manifest", "front-matter": "from the file header", "html-meta": "from page metadata",
    "text": "found in the text", "inferred": "inferred", "unknown": "unknown",
}


def missing(value: Any) -> bool:
    """True for None, NaN, NaT and pandas' NA: the store's many ways of saying 'not known'."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def text_or(value: Any, default: str = "") -> str:
    """A display string for a possibly-missing value."""
    return default if missing(value) else str(value)


def as_date(value: Any) -> date | None:
    """A plain ``date`` from whatever DuckDB/pandas returned (Timestamp, datetime, date, str)."""
    if missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def fmt_day(d: date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def fmt_range(start: date, end: date) -> str:
    """'1–7 Dec 2022', '28 Nov – 4 Dec 2022', '29 Dec 2022 – 4 Jan 2023'."""
    if start == end:
        return fmt_day(start)
    if start.year != end.year:
        return f"{fmt_day(start)} – {fmt_day(end)}"
    if start.month != end.month:
        return f"{start.day} {_MONTHS[start.month - 1]} – {fmt_day(end)}"
    return f"{start.day}–{end.day} {_MONTHS[end.month - 1]} {end.year}"


def fmt_resolved(start: Any, end: Any, granularity: Any) -> str:
    """The resolved date at its own precision: '1 Dec 2022', 'November 2022', 'Q4 2022', '2020s'."""
    s, e = as_date(start), as_date(end)
    if s is None:
        return "unresolved"
    e = e or s
    g = text_or(granularity, "day")
    month_name = date(2000, s.month, 1).strftime("%B")
    if g == "day" and s == e:
        return fmt_day(s)
    if g == "month" and s.day == 1 and (e.year, e.month) == (s.year, s.month) \
            and e.day == calendar.monthrange(e.year, e.month)[1]:  # 'early August' is 1–10 Aug
        return f"{month_name} {s.year}"
    if g == "quarter" and s.day == 1 and s.month in (1, 4, 7, 10):
        return f"Q{(s.month - 1) // 3 + 1} {s.year}"
    if g == "season":
        name = _SEASONS[s.month]
        years = f"{s.year}–{str(e.year)[-2:]}" if e.year != s.year else str(s.year)
        return f"{name} {years} ({_MONTHS[s.month - 1]} – {_MONTHS[e.month - 1]})"
    if g == "year" and (s.month, s.day) == (1, 1) and (e.month, e.day) == (12, 31):
        return str(s.year) if s.year == e.year else f"{s.year}–{e.year}"
    if g == "decade" and s.year % 10 == 0 and e.year - s.year == 9:
        return f"{s.year}s"
    if g == "century" and e.year - s.year == 99:
        return f"{_ordinal(s.year // 100 + 1)} century"
    return fmt_range(s, e)


def fmt_resolved_with_precision(start: Any, end: Any, granularity: Any) -> str:
    """Resolved date plus its precision when coarser than a day: 'November 2022 (month)'."""
    text = fmt_resolved(start, end, granularity)
    g = text_or(granularity, "day")
    if text == "unresolved" or g == "day":
        return text
    return f"{text} ({GRANULARITY_LABELS.get(g, g)})"


def band_interval(start: Any, end: Any) -> tuple[datetime, datetime]:
    """Where a band is drawn: from the first day's midnight to the midnight after its last day."""
    s = as_date(start)
    e = as_date(end) or s
    assert s is not None and e is not None
    return datetime(s.year, s.month, s.day), datetime(e.year, e.month, e.day) + timedelta(days=1)


def day_position(start: Any) -> datetime:
    """Where a day marker is drawn: noon, so it sits inside its day next to bands."""
    s = as_date(start)
    assert s is not None
    return datetime(s.year, s.month, s.day, 12)


def wrap_html(text: str, width: int = 72, max_chars: int | None = None) -> str:
    """Escape plain text for Plotly's HTML-like labels and wrap it with <br> (hover boxes never wrap)."""
    if max_chars is not None and len(text) > max_chars:
        text = text[: max_chars - 1].rstrip() + "…"
    if len(text) <= width and text.isprintable() and text == text.strip():
        return html.escape(text)  # what textwrap would give, without its cost (hover text for every item)
    return "<br>".join(html.escape(line) for line in _wrap(text, width))


def _wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap at ``width``: runs of whitespace become one space, a word longer than a line is
    cut. Plain splitting, no regular expressions (``textwrap`` was most of a chart's build time: hover
    text is built for thousands of items)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        while len(word) > width:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:width])
            word = word[width:]
        if not word:
            continue
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines or [""]


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&])")


def md_escape(text: Any) -> str:
    """Neutralise Markdown (and Streamlit's :directives:) in article-derived text shown via markdown."""
    return _MD_SPECIAL.sub(r"\\\1", text_or(text))


def safe_url(url: Any) -> str | None:
    """An http(s) URL or nothing: never turn a javascript: or data: string from an article into a link."""
    if missing(url):
        return None
    value = str(url).strip()
    parsed = urlparse(value)
    if parsed.scheme in ("http", "https") and parsed.netloc:
        return value
    return None


def truncate(text: Any, n: int) -> str:
    value = text_or(text)
    return value if len(value) <= n else value[: n - 1].rstrip() + "…"


def finite_int(value: Any, default: int = 0) -> int:
    """An int from a possibly-missing numeric cell."""
    if missing(value):
        return default
    try:
        f = float(value)
    except (TypeError, ValueError):
        return default
    return default if math.isnan(f) else int(f)
