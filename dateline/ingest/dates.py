"""Publication dates as they appear in metadata and in article header lines.

Only explicit calendar dates count here (a year is required): a publication date is the anchor for every
relative expression in the article, so a guessed year would silently shift the whole timeline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
WEEKDAYS = r"mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?"
_MONTH_NUMBER = {name: i for i, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}

_WEEKDAY_PREFIX = rf"(?:(?P<weekday>{WEEKDAYS})\.?,?\s+)?"
_ORDINAL = r"(?:st|nd|rd|th)?"

ISO_RE = re.compile(
    r"(?<![\d-])(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:[T ](?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(?P<tz>Z|[+-]\d{2}:?\d{2})?)?(?![\d-])",
    re.IGNORECASE,
)
DMY_RE = re.compile(
    rf"\b{_WEEKDAY_PREFIX}(?P<day>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?(?P<month>{MONTHS})\.?,?\s+(?P<year>\d{{4}})\b",
    re.IGNORECASE,
)
MDY_RE = re.compile(
    rf"\b{_WEEKDAY_PREFIX}(?P<month>{MONTHS})\.?\s+(?P<day>\d{{1,2}}){_ORDINAL}\s*,?\s+(?P<year>\d{{4}})\b",
    re.IGNORECASE,
)
YMD_SLASH_RE = re.compile(r"(?<![\d/.])(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})(?![\d/.])")
NUMERIC_RE = re.compile(r"(?<![\d/.])(?P<first>\d{1,2})(?P<sep>[/.])(?P<second>\d{1,2})(?P=sep)(?P<year>\d{4})(?![\d/.])")
# Day and month without a year: consumed as part of a header line, but never a publication date.
DM_NOYEAR_RE = re.compile(
    rf"\b{_WEEKDAY_PREFIX}(?P<day>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?(?P<month>{MONTHS})\b\.?", re.IGNORECASE
)
MD_NOYEAR_RE = re.compile(
    rf"\b{_WEEKDAY_PREFIX}(?P<month>{MONTHS})\.?\s+(?P<day>\d{{1,2}}){_ORDINAL}\b", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class DateHit:
    """A date written in text: its span and the calendar day (None when ambiguous or yearless)."""

    start: int
    end: int
    value: date | None
    note: str = ""


def _month(name: str) -> int:
    return _MONTH_NUMBER[name[:3].lower()]


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _hit_from(m: re.Match[str]) -> DateHit:
    """Turn a match of any of the patterns above into a DateHit."""
    groups = m.groupdict()
    if "first" in groups:  # dd/mm/yyyy or mm/dd/yyyy: only usable when the order is evident
        first, second, year = int(groups["first"]), int(groups["second"]), int(groups["year"])
        if first > 12 >= second:
            return DateHit(m.start(), m.end(), _make(year, second, first))
        if second > 12 >= first:
            return DateHit(m.start(), m.end(), _make(year, first, second))
        if first == second:
            return DateHit(m.start(), m.end(), _make(year, first, second))
        return DateHit(m.start(), m.end(), None, "day/month order is ambiguous")
    month_text = groups["month"]
    month = int(month_text) if month_text.isdigit() else _month(month_text)
    year_text = groups.get("year")
    if year_text is None:
        return DateHit(m.start(), m.end(), None, "no year")
    return DateHit(m.start(), m.end(), _make(int(year_text), month, int(groups["day"])))


_WITH_YEAR = (ISO_RE, DMY_RE, MDY_RE, YMD_SLASH_RE, NUMERIC_RE)
_WITHOUT_YEAR = (DM_NOYEAR_RE, MD_NOYEAR_RE)


def find_dates(text: str, with_yearless: bool = False) -> list[DateHit]:
    """All non-overlapping dates in ``text``, leftmost-longest first, in order of position."""
    patterns = _WITH_YEAR + (_WITHOUT_YEAR if with_yearless else ())
    candidates: list[DateHit] = [_hit_from(m) for pattern in patterns for m in pattern.finditer(text)]
    candidates.sort(key=lambda h: (h.start, -(h.end - h.start)))
    chosen: list[DateHit] = []
    for hit in candidates:
        if chosen and hit.start < chosen[-1].end:
            continue
        chosen.append(hit)
    return chosen


def match_date_at(text: str, pos: int) -> DateHit | None:
    """A date (with a year) starting exactly at ``pos``, the longest one if several patterns fit."""
    best: DateHit | None = None
    for pattern in _WITH_YEAR:
        m = pattern.match(text, pos)
        if m and (best is None or m.end() > best.end):
            best = _hit_from(m)
    return best


def iter_full_dates(value: str) -> Iterator[DateHit]:
    """Dates that make up the whole of ``value`` (used for metadata fields)."""
    for pattern in _WITH_YEAR:
        m = pattern.fullmatch(value)
        if m:
            yield _hit_from(m)


def parse_published(value: str) -> date:
    """Parse a metadata ``published`` value: an ISO date or date-time (also an unambiguous written date).

    The calendar day is taken as written (a time zone offset is not applied), because the article's own
    local date is what its relative expressions ("yesterday") refer to. Raises ValueError with a reason.
    """
    text = value.strip()
    if not text:
        raise ValueError("the date is empty")
    try:
        return datetime.fromisoformat(text.replace("z", "Z")).date()
    except ValueError:
        pass
    for hit in iter_full_dates(text):
        if hit.value is not None:
            return hit.value
        if hit.note:
            raise ValueError(f"'{value}' is {hit.note}; write it as YYYY-MM-DD")
    iso = ISO_RE.fullmatch(text)
    if iso or re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", text):
        raise ValueError(f"'{value}' is not a real calendar date; write it as YYYY-MM-DD")
    if re.fullmatch(r"\d{4}(?:-\d{1,2})?", text):
        raise ValueError(f"'{value}' is not a full date (day missing); write it as YYYY-MM-DD")
    raise ValueError(f"'{value}' is not an ISO date (YYYY-MM-DD) or date-time")
