"""Metadata that lives inside article text: YAML front matter, a date/byline header line, a dateline, a title.

Everything here is pure string work. Removing front matter or a header line changes the body, so the
functions return the body they leave behind; all later offsets refer to that body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml

from dateline.ingest.dates import (
    MONTHS,
    WEEKDAYS,
    DateHit,
    find_dates,
    match_date_at,
    parse_published,
)
from dateline.resources import read_table

META_KEYS: tuple[str, ...] = ("title", "outlet", "published", "url", "author")
# Common synonyms in front matter written for static-site generators.
_KEY_ALIASES = {"date": "published", "authors": "author"}

_FENCE_OPEN_RE = re.compile(r"\A(?P<fence>---)[ \t]*\n")
_FENCE_CLOSE_RE = re.compile(r"^(?P<fence>---|\.\.\.)[ \t]*$", re.MULTILINE)
_FRONT_MATTER_KEY_RE = re.compile(r"^\s*(?P<key>[A-Za-z_][\w -]{0,40}?)\s*:(?:\s|$)")
_FRONT_MATTER_MAX_CHARS = 64 * 1024
_BLANK_LINES_RE = re.compile(r"(?:[ \t]*\n)+")

# Header lines ---------------------------------------------------------------------------------------------
_HEADER_MAX_CHARS = 200
_HEADER_SCAN_LINES = 3  # a header line may follow a title line, but not more
_LABEL_RE = re.compile(
    r"\b(?P<label>first\s+published|last\s+updated|last\s+modified|published|posted|updated|modified|"
    r"created|dated?|publication\s+date|on|at)\b\s*:?",
    re.IGNORECASE,
)
# The label right before a date ("Published: 3 Dec 2022", "Updated on 5 Dec 2022").
_LABEL_BEFORE_RE = re.compile(
    r"(?P<label>first\s+published|last\s+updated|last\s+modified|published|posted|updated|modified|"
    r"created|dated?|publication\s+date)\b\W*(?:on\W+)?$",
    re.IGNORECASE,
)
_PUBLISH_LABELS = ("first published", "published", "posted", "created", "date", "dated", "publication date")
_TIME_RE = re.compile(
    r"\b(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?)?\s*(?P<ampm>[ap]\.?\s?m\b\.?)"
    r"|\b(?P<hour24>\d{1,2})[:.](?P<minute24>\d{2})(?::\d{2})?\b(?:\s*h\b)?",
    re.IGNORECASE,
)
_TZ_RE = re.compile(
    r"\b(?P<tz>GMT|UTC|BST|CET|CEST|EET|EEST|WET|MSK|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|PT|CT|IST|JST|"
    r"AEST|AEDT|HKT|SGT)\b(?:\s*(?P<offset>[+-]\s*\d{1,2}(?::?\d{2})?))?",
)
_AGO_RE = re.compile(r"\b(?P<amount>\d+|an?|one)\s+(?P<unit>sec|second|min|minute|hour|day|week)s?\s+ago\b", re.I)
_READ_TIME_RE = re.compile(r"\b(?P<minutes>\d+)\s*(?:-\s*)?min(?:ute)?s?\s+read\b|\breading\s+time\b", re.I)
_BYLINE_RE = re.compile(
    r"(?:^|(?<=[\s|•·,;:/]))(?:(?P<lead>written|words|story|reporting|text)\s+)?(?:by|author)\s*:?\s+"
    r"(?P<name>[^|•·/\n]+?)\s*(?=$|[|•·/])",
    re.IGNORECASE,
)
# Lower-case words a byline name may contain: name particles, joiners, and staff roles after a comma.
_NAME_PARTICLES = frozenset(read_table("ingest/resources/byline_words.txt").column())
_ATX_OPEN_RE = re.compile(r"^\s{0,3}#{1,6}(?=\s|$)")  # Markdown "# Title" (and "## Title #")
_ATX_CLOSE_RE = re.compile(r"\s+#+$")
_SEGMENT_SPLIT_RE = re.compile(r"[|•·/]")
_NAME_TOKEN_RE = re.compile(r"^[^\W\d_][\w'’.\-]*$")

# Datelines: "WASHINGTON (Reuters), Dec. 3, 2022 —", "KYIV, Ukraine, 3 December 2022 -" ---------------------
_DATELINE_HEAD_RE = re.compile(
    r"[ \t]*(?P<place>[A-Z][A-Z'’.\-]+(?:[ \-][A-Z][A-Z'’.\-]+){0,3})"
    rf"(?:\s*,\s*(?!(?i:{MONTHS}|{WEEKDAYS})\b)(?P<region>[A-Z][\w.]*(?:\s[A-Z][\w.]*){{0,2}}))?"
    r"\s*(?:\((?P<agency>[^()\n]{1,40})\))?\s*[,:]?\s*"
)
_DATELINE_TAIL_RE = re.compile(r"\s*(?:\((?P<agency>[^()\n]{1,40})\))?\s*,?\s*(?P<dash>—|–|--?)")
_DATELINE_SCAN_LINES = 3


@dataclass(slots=True)
class FrontMatter:
    """What a leading ``---`` block gave: metadata, the body after it, and problems worth reporting."""

    meta: dict[str, str] = field(default_factory=dict)
    body: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class HeaderInfo:
    """What a header line said."""

    published: date | None
    author: str | None


class _NoTimestampLoader(yaml.SafeLoader):
    """SafeLoader that keeps dates as strings, so an impossible date is a reportable value, not a crash."""


_NoTimestampLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _scalar(value: Any) -> str | None:
    if value is None or isinstance(value, dict):
        return None
    if isinstance(value, list | tuple):
        parts = [_scalar(v) for v in value]
        joined = ", ".join(p for p in parts if p)
        return joined or None
    text = str(value).strip()
    return text or None


def split_front_matter(text: str) -> FrontMatter:
    """Split a leading YAML ``---`` block from the text.

    Only a block whose first line reads "key:" counts (a Markdown rule followed by prose is not front
    matter). Such a block that does not parse is still removed when it is closed (it is metadata, not
    article prose) and reported; an opening fence that is never closed is left in the body and reported.
    """
    opening = _FENCE_OPEN_RE.match(text)
    if not opening:
        return FrontMatter(body=text)
    first_line = next((line for line in text[opening.end():opening.end() + 4096].split("\n") if line.strip()), "")
    if not _FRONT_MATTER_KEY_RE.match(first_line) and not _FENCE_CLOSE_RE.match(first_line):
        return FrontMatter(body=text)
    closing = _FENCE_CLOSE_RE.search(text, opening.end())
    if closing is None or closing.start() > _FRONT_MATTER_MAX_CHARS:
        if _FRONT_MATTER_KEY_RE.match(first_line):
            return FrontMatter(
                body=text,
                warnings=["front matter opens with '---' on line 1 but is never closed with a '---' line; "
                          "it was kept as article text"],
            )
        return FrontMatter(body=text)
    block = text[opening.end():closing.start()]
    after = closing.end()
    if text.startswith("\n", after):
        after += 1
    blank = _BLANK_LINES_RE.match(text, after)
    body = text[blank.end():] if blank else text[after:]
    result = FrontMatter(body=body)
    try:
        loaded = yaml.load(block, Loader=_NoTimestampLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).split("\n", 1)[0]
        result.warnings.append(
            f"front matter is not valid YAML{where}: {problem}; its metadata was ignored (fix the block or "
            "move the metadata to manifest.csv)"
        )
        return result
    if loaded is None:
        return result
    if not isinstance(loaded, dict):
        result.warnings.append(
            "front matter is not a list of 'key: value' lines; its metadata was ignored"
        )
        return result
    explicit = {str(k).strip().lower() for k in loaded}
    for raw_key, raw_value in loaded.items():
        name = str(raw_key).strip().lower()
        key = _KEY_ALIASES.get(name, name)
        if key not in META_KEYS or (name != key and key in explicit):
            continue  # unknown key, or a synonym overridden by the contract's own key
        value = _scalar(raw_value)
        if value is None:
            continue
        if key == "published":
            try:
                value = parse_published(value).isoformat()
            except ValueError as exc:
                result.warnings.append(f"front matter '{raw_key}' ignored: {exc}")
                continue
        result.meta[key] = value
    return result


# Header lines ---------------------------------------------------------------------------------------------


def _is_name(name: str, max_tokens: int = 10) -> bool:
    """A byline name: capitalised words (with particles and 'and'), not a headline starting with 'By'."""
    tokens = [t for t in re.split(r"[\s,;:]+", name.strip(" \t,;:-–—")) if t]
    if not tokens or len(tokens) > max_tokens:
        return False
    capitalised = 0
    for token in tokens:
        if token.lower() in _NAME_PARTICLES:
            continue
        if not _NAME_TOKEN_RE.match(token) or not token[0].isupper():
            return False
        capitalised += 1
    return capitalised >= 1


def _blank(text: str, start: int, end: int, filler: str = " ") -> str:
    return text[:start] + filler * (end - start) + text[end:]


def parse_header_line(line: str) -> HeaderInfo | None:
    """Read a line that is only a date and/or byline ("By Jane Doe | Published 3 Dec 2022 8:57 GMT").

    Returns None unless every word of the line is accounted for as a date, time, label or byline name,
    so that a headline which merely mentions a date is never mistaken for metadata.
    """
    stripped = line.strip()
    if not stripped or len(stripped) > _HEADER_MAX_CHARS:
        return None
    work = stripped
    dated: list[tuple[DateHit, str | None]] = []
    for hit in find_dates(stripped, with_yearless=True):
        label = _LABEL_BEFORE_RE.search(stripped, 0, hit.start)
        dated.append((hit, re.sub(r"\s+", " ", label.group("label").lower()) if label else None))
        work = _blank(work, hit.start, hit.end, "|")
    for pattern in (_AGO_RE, _READ_TIME_RE, _TIME_RE, _TZ_RE):
        for m in pattern.finditer(work):
            work = _blank(work, m.start(), m.end(), "|")
    for m in _LABEL_RE.finditer(work):
        work = _blank(work, m.start(), m.end(), "|")
    author: str | None = None
    byline = _BYLINE_RE.search(work)
    if byline and _is_name(byline.group("name")):
        author = re.sub(r"\s+", " ", byline.group("name")).strip(" ,")
        work = _blank(work, byline.start(), byline.end())
    leftover = [seg for seg in _SEGMENT_SPLIT_RE.split(work) if re.sub(r"[\W_]+", "", seg)]
    # Next to a byline, other segments may name the agency or desk ("By Jane Doe | Associated Press").
    if leftover and not (author and all(_is_name(seg, max_tokens=5) for seg in leftover)):
        return None
    if not dated and author is None:
        return None
    # A date line whose date is unusable (no year, ambiguous day/month) is still metadata, not prose.
    return HeaderInfo(published=_choose_published(dated), author=author)


def _choose_published(dated: list[tuple[DateHit, str | None]]) -> date | None:
    """Prefer a date labelled as publication, then an unlabelled one, then an 'updated' one."""
    usable = [(hit.value, label) for hit, label in dated if hit.value is not None]
    for wanted in (lambda lab: lab in _PUBLISH_LABELS, lambda lab: lab is None, lambda lab: True):
        for value, label in usable:
            if wanted(label):
                return value
    return None


def _lines_with_offsets(text: str, limit: int) -> list[tuple[int, int, str]]:
    """The first ``limit`` non-empty lines as (start, end, line) with end excluding the newline."""
    found: list[tuple[int, int, str]] = []
    pos = 0
    while pos < len(text) and len(found) < limit:
        end = text.find("\n", pos)
        if end == -1:
            end = len(text)
        line = text[pos:end]
        if line.strip():
            found.append((pos, end, line))
        pos = end + 1
    return found


def strip_header_lines(text: str) -> tuple[str, HeaderInfo | None]:
    """Remove a leading date/byline header line (or a run of them, possibly after a title line).

    The removed span is the header line(s) plus the blank lines after them; the rest of the text is
    returned verbatim. Returns the new body and what the header said.
    """
    lines = _lines_with_offsets(text, _HEADER_SCAN_LINES + 1)
    published: date | None = None
    author: str | None = None
    cut_start: int | None = None
    cut_end = 0
    for index, (start, end, line) in enumerate(lines):
        info = parse_header_line(line)
        if info is None:
            if cut_start is not None or index >= 1:
                break
            continue  # the first line may be a title; a header may follow it
        if cut_start is None:
            cut_start = start
        published = published or info.published
        author = author or info.author
        cut_end = end
    if cut_start is None:
        return text, None
    if not text[:cut_start].strip():
        cut_start = 0  # nothing but blank lines before the header: drop them with it
    if text.startswith("\n", cut_end):
        cut_end += 1
    blank = _BLANK_LINES_RE.match(text, cut_end)
    if blank:
        cut_end = blank.end()
    return text[:cut_start] + text[cut_end:], HeaderInfo(published=published, author=author)


def find_dateline_date(text: str) -> date | None:
    """A date from a wire-style dateline at the start of one of the first lines ("LONDON, 3 Dec 2022 —").

    Only a dateline with an explicit year sets a date: "WASHINGTON (Reuters), Dec. 3 —" does not.
    """
    for start, _end, _line in _lines_with_offsets(text, _DATELINE_SCAN_LINES):
        head = _DATELINE_HEAD_RE.match(text, start)
        if head is None or sum(ch.isalpha() for ch in head.group("place")) < 3:
            continue
        hit = match_date_at(text, head.end())
        if hit is None or hit.value is None:
            continue
        if _DATELINE_TAIL_RE.match(text, hit.end):
            return hit.value
    return None


def first_line_title(text: str, max_chars: int = 200) -> str | None:
    """The first non-empty line, without Markdown '#' marks; long lines are cut at a word boundary."""
    for _start, _end, line in _lines_with_offsets(text, 20):
        title = _ATX_OPEN_RE.sub("", line[: 4 * max_chars]).strip()
        if title.endswith("#"):
            title = _ATX_CLOSE_RE.sub("", title)
        if not any(ch.isalnum() for ch in title):
            continue
        title = " ".join(title.split())
        if len(title) > max_chars:
            cut = title.rfind(" ", 0, max_chars)
            title = title[: cut if cut > max_chars // 2 else max_chars].rstrip(" ,;:") + "…"
        return title
    return None
