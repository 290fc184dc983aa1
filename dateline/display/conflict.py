"""A date conflict in one line: "9 outlets say 20 Apr 2010, 3 say 22 Apr 2010; 14 other dates".

An event's sources can give dozens of dates (the stored conflict note names each outlet's). What a reader
needs is the balance: the date most outlets give, the dates that contradict it and how many outlets give
each. A wider period around the leading date (its week, its month) does not contradict it, nor does a day
inside a leading month. Outlets are counted, not sentences: a wire story copied forty times is one
outlet's word (a source without an outlet counts as its own); articles are shown beside them.

Two inputs: the evidence rows of an item (resolved dates, the precise form), or the stored conflict note
of a snapshot (``Outlet: Tue 20 Apr 2010 (“April 20”), …; Outlet: …``), parsed defensively: a note that
does not parse gives no claims, and callers fall back to the note itself.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from dateline.display.format import as_date, fmt_resolved, text_or

SHOWN = 3  # contradicting dates named before the rest are summed up


@dataclass(frozen=True)
class DateClaim:
    """One date the sources give for an event, and who gives it."""

    start: date
    end: date
    granularity: str
    sources: frozenset[str]  # outlets
    articles: frozenset[str]  # empty when read from a note (which names outlets only)

    @property
    def label(self) -> str:
        return fmt_resolved(self.start, self.end, self.granularity)

    def contains(self, other: DateClaim) -> bool:
        return self.start <= other.start and other.end <= self.end


def _claims(rows: Iterable[tuple[date, date, str, str, str]]) -> list[DateClaim]:
    """Claims per date window, the leading one first: the date the most outlets give, counting those
    that give a wider period around it; then the one most outlets give by itself, the most articles,
    the narrowest, the earliest. A month never leads over a day inside it that as many outlets give."""
    by_window: dict[tuple[date, date], tuple[str, set[str], set[str]]] = {}
    for start, end, granularity, source, article in rows:
        _, sources, articles = by_window.setdefault((start, end), (granularity, set(), set()))
        sources.add(source)
        if article:
            articles.add(article)
    claims = [DateClaim(s, e, g, frozenset(src), frozenset(arts))
              for (s, e), (g, src, arts) in by_window.items()]

    def backed(c: DateClaim) -> int:
        return len(set().union(*(o.sources for o in claims if o.contains(c))))
    return sorted(claims, key=lambda c: (-backed(c), -len(c.sources), -len(c.articles),
                                         (c.end - c.start).days, c.start))


def claims_from_evidence(rows: pd.DataFrame) -> list[DateClaim]:
    """Claims from ``StoreReader.evidence`` rows: every resolved date given in a sentence (dates taken
    from the publication date say nothing about when the event happened and are left out)."""
    if rows.empty or "start" not in rows:
        return []
    basis = rows["date_basis"] if "date_basis" in rows else pd.Series("", index=rows.index)
    out = []
    for start, end, g, outlet, article, b, written in zip(
            rows["start"], rows["end"], rows["granularity"], rows["outlet"], rows["article_id"], basis,
            rows["date_text"], strict=True):
        s, e = as_date(start), as_date(end)
        if s is None or text_or(b) == "publication" or text_or(written) == "publication date":
            continue
        art = text_or(article)
        out.append((s, e or s, text_or(g, "day"), text_or(outlet) or f"article {art}", art))
    return _claims(out)


_DAY = r"(?:[A-Z][a-z]{2} )?\d{1,2} [A-Z][a-z]{2} \d{4}"  # 'Tue 20 Apr 2010' (grouping's day format)
_RANGE = r"\d{4}-\d{2}-\d{2} – \d{4}-\d{2}-\d{2}"  # '2010-04-01 – 2010-04-30'
_DATE = re.compile(rf"({_RANGE}|{_DAY})(?: \(“[^”]*”\))?")


def _parse_date(text: str) -> tuple[date, date, str] | None:
    try:
        if " – " in text:
            a, b = (date.fromisoformat(p) for p in text.split(" – "))
            month = a.day == 1 and (a.year, a.month) == (b.year, b.month) and \
                b.day == calendar.monthrange(b.year, b.month)[1]
            return a, b, "month" if month else "range"
        d = datetime.strptime(text.split(" ", 1)[1] if text[0].isalpha() else text, "%d %b %Y").date()
        return d, d, "day"
    except (ValueError, IndexError):
        return None


def claims_from_note(note: str) -> list[DateClaim]:
    """Claims from a stored conflict note; [] when it is not in the note's format."""
    rows = []
    text = text_or(note)
    _head, sep, detail = text.partition(" — ")  # grouping's note: "summary — Source: date (“as written”); …"
    for segment in (detail if sep else text).split("; "):
        source, sep, said = segment.partition(": ")
        if not sep or source.split(" ", 1)[0].isdigit():  # "3 more: Tue 20 Apr 2010" names no source
            continue
        for m in _DATE.finditer(said):
            parsed = _parse_date(m.group(1))
            if parsed is not None:
                rows.append((*parsed, source.strip(), ""))
    return _claims(rows)


def _n(k: int, one: str, many: str) -> str:
    return f"{k:,} {one if k == 1 else many}"


def _articles(c: DateClaim) -> str:
    return f" ({_n(len(c.articles), 'article', 'articles')})" if c.articles else ""


def conflict_summary(claims: list[DateClaim], shown: int = SHOWN) -> str:
    """'5 outlets (212 articles) say 20 Apr 2010; 2 (9 articles) say 22 Apr 2010, 1 (1 article) says
    May 2010; 14 other dates from 3 outlets' — '' when no claim contradicts the leading one. Periods
    around the leading date (its week, its month) and days inside a leading period agree with it."""
    if not claims:
        return ""
    lead = claims[0]
    against = [c for c in claims[1:] if not (c.contains(lead) or lead.contains(c))]
    if not against:
        return ""
    text = f"{_n(len(lead.sources), 'outlet', 'outlets')}{_articles(lead)} " \
           f"{'says' if len(lead.sources) == 1 else 'say'} {lead.label}"
    against.sort(key=lambda c: (-len(c.sources), -len(c.articles), c.start))
    named = [f"{len(c.sources):,}{_articles(c)} {'says' if len(c.sources) == 1 else 'say'} {c.label}"
             for c in against[:shown]]
    text += "; " + ", ".join(named)
    rest = against[shown:]
    if rest:
        outlets = set().union(*(c.sources for c in rest))
        text += f"; {_n(len(rest), 'other date', 'other dates')} from {_n(len(outlets), 'outlet', 'outlets')}"
    return text


def describe_conflict(note: str, evidence: pd.DataFrame | None = None, limit: int = 300) -> str:
    """The line to show for a flagged conflict: the summary from the evidence rows when given, else from
    the stored note, else the note itself cut to ``limit`` characters."""
    summary = conflict_summary(claims_from_evidence(evidence)) if evidence is not None else ""
    note = " ".join(text_or(note).split())
    head, sep, _ = note.partition(" — ")
    if not summary and sep:  # the grouping's note opens with its own "n outlets say X, m say Y"
        summary = head
    summary = summary or conflict_summary(claims_from_note(note))
    if summary:
        return summary if len(summary) <= limit else summary[: limit - 1].rstrip() + "…"
    if not note:
        return "the sources disagree on the date"
    return note if len(note) <= limit else note[: limit - 1].rstrip() + "…"


def claims_table(claims: list[DateClaim]) -> pd.DataFrame:
    """Every date given, for the on-demand detail: date, how many outlets and articles, which outlets."""
    return pd.DataFrame({
        "Date": [c.label for c in claims],
        "Outlets": [len(c.sources) for c in claims],
        "Articles": [len(c.articles) or None for c in claims],
        "Given by": [", ".join(sorted(c.sources)) for c in claims],
    })
