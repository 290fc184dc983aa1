"""Glue: run the detection regex, resolve each match against the anchor, then combine neighbours.

Pipeline per text: (1) ``_candidates`` runs ``MASTER`` at trigger words only and yields atoms, each handled by
the function named after its rule (``h_<rule>``, in ``calendar_dates`` and ``relative``; the year choice for
yearless dates is ``orientation``'s); (2) an atom may grow to the left ("mid-", "the end of",
"since", "9 a.m.") and neighbouring atoms merge into ranges ("from 2009 to 2014") or anchored shifts ("two
days after December 1"), in ``combine``; (3) atoms become ``TimeMatch`` records. A document-level reference (the last period
resolved, the last quarter named) lets "a year earlier" and "the quarter" follow the narrative, as news and
earnings reports use them (basis "inferred", with a note).

Decisions (news semantics, documented so that callers can rely on them):
- Numeric dates: ISO always; slashes are month/day/year (US), dots day.month.year.
- Yearless dates, months, seasons, quarters, holidays (``orientation``): news reports the past. In a past
  clause ("since", present perfect, past tense: the nearest tense marker before the date, else the first
  after it) the nearest occurrence on or before the anchor; in a forward-looking clause ("will", "is due
  to", "scheduled", a deadline "by"/"until") the first candidate that has not ended more than a month
  before the anchor (two for quarters); in a clause with neither, the year whose start lies between 10
  months before and 2 months after the anchor. "last May" is the previous year's May unless May came at
  least two months earlier this year.
- Years: four digits of any century are themselves ("in 1066", "the year 2500"); outside 1600-2099 only
  after a year cue ("in", "since", "by" ...). Whatever the calendar cannot hold (before 0001-01-01, after
  9999-12-31, "tomorrow" on 9999-12-31) is detected and left unresolved, noted "outside the calendar".
- Bare weekdays: the most recent such day on or before the anchor (the publication weekday is that day);
  forward-looking clause: the next one on or after it; "last X" strictly before, "next X" strictly after.
- Parts of a period ("mid-November", "early 2022", "the end of the year", "earlier this week") return the
  sub-interval (mid-November = 11-20 November) with the granularity of the whole period and a note
  starting "part of <granularity>", so that a consumer can widen it back to the period.
- Spans ("the past two years", "in recent days") are N units up to the anchor, granularity of the unit;
  "since X" runs from the start of X to the anchor; ranges cover both ends, granularity of the coarser end.
- Vague references ("now", "currently", "recently", "the future") are detected but unresolved: they name no
  calendar period. So are expressions anchored to an event ("a day after Biden's remarks", "the day before
  the vote"), unless the anchor is itself a date ("two days after December 1").
- Expressions relative to the narrative ("a year earlier", "two days later", "the following year", "the
  previous Friday", "that day", "the next morning") count from the preceding date expression in the text (basis "inferred"); with none
  before them they stay unresolved. In earnings reports "a year earlier/ago", "the year-ago period",
  "the 1988 period" follow the quarter last named.
- Without an anchor, everything relative or yearless is unresolved; absolute dates still resolve.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime

from dateline.records import TimeMatch
from dateline.temporal.atoms import OUTSIDE_CALENDAR, Atom, Context
from dateline.temporal.calendar_dates import (
    h_cen,
    h_dec,
    h_dmy,
    h_hol,
    h_iso,
    h_mdy,
    h_mo,
    h_my,
    h_num,
    h_qtr,
    h_sea,
    h_spy,
    h_yr,
)
from dateline.temporal.combine import combine, grow_left
from dateline.temporal.patterns import (
    MASTER,
    SECOND_WORDS,
    STRONG_TRIGGERS,
    TOKEN,
    TRIGGER_SCAN,
    TRIGGER_SCAN_LOWER,
)
from dateline.temporal.relative import h_ago, h_dpt, h_dx, h_rd, h_rel, h_tu, h_wd, h_yago, h_ye, h_yq

HANDLERS: dict[str, Callable[[re.Match[str], Context], Atom | None]] = {
    "iso": h_iso, "num": h_num, "dmy": h_dmy, "mdy": h_mdy, "my": h_my, "mo": h_mo, "yr": h_yr,
    "qtr": h_qtr, "dec": h_dec, "cen": h_cen, "yago": h_yago, "hol": h_hol, "sea": h_sea, "rel": h_rel,
    "dpt": h_dpt, "spy": h_spy, "rd": h_rd, "ye": h_ye, "yq": h_yq, "tu": h_tu, "ago": h_ago, "wd": h_wd, "dx": h_dx,
}




def _candidates(text: str) -> Iterator[re.Match[str]]:
    """The leftmost non-overlapping matches of ``MASTER``, tried only where a trigger word starts
    (``TRIGGER_SCAN``); weak triggers ("the", "a", "in") only when the next word could continue a rule."""
    pos = 0
    low = text.lower()
    prechecked = len(low) == len(text)
    scan, scan_text = (TRIGGER_SCAN_LOWER, low) if prechecked else (TRIGGER_SCAN, text)
    for hit in scan.finditer(scan_text):
        s = hit.start()
        if s < pos:
            continue
        word = hit.group()
        if not prechecked and not word[0].isdigit() and word.lower() not in STRONG_TRIGGERS:
            nxt = TOKEN.search(text, hit.end(), hit.end() + 40)
            if nxt is None:
                continue
            nword = nxt.group()
            if not (nword[0].isdigit() or nword.lower() in SECOND_WORDS):
                continue
        m = MASTER.match(text, s)
        if m is None and word[0].isdigit() and s > 0 and text[s - 1] in "'’‘":
            m = MASTER.match(text, s - 1)
        if m is None or m.end() == m.start():
            continue
        pos = m.end()
        yield m


def tag_atoms(text: str, anchor: date | None) -> list[Atom]:
    """Detect and resolve, returning internal atoms in text order (see ``tag_dates``)."""
    ctx = Context(text, anchor)
    atoms: list[Atom] = []
    for m in _candidates(text):
        handler = HANDLERS.get(m.lastgroup or "")
        if handler is None:
            continue
        try:
            atom = handler(m, ctx)
        except (ValueError, OverflowError):
            # date arithmetic left the calendar ("tomorrow" on 9999-12-31): detected, not resolved
            s, e = m.span(m.lastgroup or 0)
            atom = Atom(s, e, None, None, "unresolved", OUTSIDE_CALENDAR, m.lastgroup or "")
        except (KeyError, TypeError, IndexError):
            atom = None
        if atom is None:
            continue
        with contextlib.suppress(ValueError, OverflowError, KeyError, TypeError, IndexError):
            atom = grow_left(atom, ctx, atoms[-1].end if atoms else 0)
        if atom.interval is not None and atom.basis != "unresolved" and atom.kind not in ("ago", "yago", "tu", "yq") \
                and not atom.note.startswith(("stretch", "part of")) and "since:" not in atom.note:
            if atom.granularity == "quarter" and (anchor is None or atom.interval[0] <= anchor):
                ctx.last_quarter = atom.interval  # a reported quarter, not a forecast one
            if atom.kind not in ("dx", "dpt"):
                ctx.last_ref = (atom.interval, atom.granularity or "day")
        atoms.append(atom)
    try:
        return combine(atoms, ctx)
    except (ValueError, OverflowError, KeyError, TypeError, IndexError):
        return atoms


def tag_dates(text: str, anchor: date | None) -> list[TimeMatch]:
    """Find the temporal expressions in ``text`` and resolve each to an inclusive calendar interval.

    ``anchor`` is the publication date; without it, relative and yearless expressions come back
    unresolved (start/end None) instead of guessed. Results are sorted and do not overlap. Never raises.
    """
    if not isinstance(text, str) or not text:
        return []
    if isinstance(anchor, datetime):
        anchor = anchor.date()  # a datetime would not compare with the dates built here
    elif anchor is not None and not isinstance(anchor, date):
        anchor = None
    try:
        atoms = tag_atoms(text, anchor)
    except Exception:  # noqa: BLE001 - the contract is to never raise on any input
        return []
    out: list[TimeMatch] = []
    last_end = -1
    for a in atoms:
        if a.start < last_end or a.start >= a.end:
            continue
        start, end = (a.interval if a.interval is not None else (None, None))
        basis = a.basis if a.interval is not None else "unresolved"
        out.append(TimeMatch(text=text[a.start:a.end], char_start=a.start, char_end=a.end, start=start, end=end,
                             granularity=a.granularity if a.interval is not None else None,  # type: ignore[arg-type]
                             basis=basis, note=a.note))  # type: ignore[arg-type]
        last_end = a.end
    return out
