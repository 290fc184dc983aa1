"""An event's date from its mentions, and the note that says which sources give which date.

The date is the most precise interval that most written dates agree with; a written date that does not
overlap it is a conflict. The note summarises the disagreement the way an analyst would say it, then
names the sources: '2 outlets say Fri 2 Dec 2022, 1 says Sat 3 Dec 2022 — Outlet B: Fri 2 Dec 2022
(“on Friday”); Outlet C: Fri 2 Dec 2022 (“Friday”); Outlet A: Sat 3 Dec 2022 (“on Saturday”)'. Only
disagreeing claims are listed: day-precise dates, and coarser written dates that leave out the event's
date ("August" for a happening of 15 July); a coarse date that contains the event's date agrees with it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from dateline.daymath import shift
from dateline.records import EventMention

PUBLICATION_SLACK = timedelta(days=1)  # an undated statement may be a day older than its article
NOTE_DATES = 4  # dates named in a conflict note; the rest are counted
NOTE_SOURCES = 3  # sources named per date in the note's detail; the rest are counted
SUPPORT_SHARE = 0.75  # a precise date agreed by this share of the best-supported one's support wins
_BASIS_RANK = {"explicit": 3, "anchored": 2, "context": 1, "publication": 0}


def window(m: EventMention) -> tuple[date, date]:
    """The days a mention may date from: its interval, or the day before publication too when undated."""
    assert m.start is not None and m.end is not None
    if m.date_basis == "publication":
        return shift(m.start, -PUBLICATION_SLACK), m.end  # stops at 1 Jan 0001
    return m.start, m.end


def overlap(a: tuple[date, date], b: tuple[date, date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def event_date(group: Sequence[EventMention]) -> tuple[date, date, str | None, bool]:
    """The most precise interval consistent with most mentions, and whether a written date disagrees."""
    firm = [m for m in group if m.date_basis != "publication"]
    if not firm:  # only undated statements: the latest day all their windows allow
        lo = max(window(m)[0] for m in group)
        hi = min(window(m)[1] for m in group)
        day = hi if lo <= hi else max(m.end for m in group)  # type: ignore[type-var]
        return day, day, "day", False  # type: ignore[return-value]

    firm_windows = Counter(window(m) for m in firm)
    all_windows = Counter(window(m) for m in group)

    def support(m: EventMention) -> tuple[int, int]:  # written dates first, undated statements break ties
        w = window(m)
        return (sum(n for o, n in firm_windows.items() if overlap(w, o)),
                sum(n for o, n in all_windows.items() if overlap(w, o)))

    # A wide date ("last week") overlaps every report and so has the most support; a precise one that
    # nearly as many agree with is the better date ("April 20", not the week around it).
    top = max(support(m)[0] for m in firm)
    near = [m for m in firm if support(m)[0] >= SUPPORT_SHARE * top]
    best = max(near, key=lambda m: (-(m.end - m.start).days, support(m)[0],  # type: ignore[operator]
                                    support(m)[1], _BASIS_RANK.get(m.date_basis, 0), m.start))
    conflict = any(not overlap(window(best), o) for o in firm_windows)
    return best.start, best.end, best.granularity, conflict  # type: ignore[return-value]


def fmt_day(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b %Y}"


def _when(start: date, end: date) -> str:
    return fmt_day(start) if start == end else f"{start} – {end}"


def conflict_note(group: Sequence[EventMention], sources: Mapping[str, str], when: tuple[date, date]) -> str:
    """'n outlets say X, m say Y — who says what' for an event dated ``when`` whose sources disagree."""
    claims: dict[tuple[date, date], dict[str, list[str]]] = defaultdict(dict)
    for m in group:
        if m.date_basis == "publication":
            continue
        w = (m.start, m.end)
        day_precise = m.start == m.end
        if not day_precise and overlap(w, when) and w != when:  # a coarser date containing the event's agrees
            continue
        source = m.outlet or sources.get(m.article_id) or m.article_id
        texts = claims[w].setdefault(source, [])  # type: ignore[index]
        if m.date_text and m.date_text not in texts:
            texts.append(m.date_text)
    if len(claims) < 2:
        return ""
    # the event's own date first, then the most-cited
    order = sorted(claims, key=lambda w: (not overlap(w, when), -len(claims[w]), w))
    shown = order[:NOTE_DATES]
    parts = []
    for i, w in enumerate(shown):
        n = len(claims[w])
        verb = ("outlet says" if n == 1 else "outlets say") if i == 0 else ("says" if n == 1 else "say")
        parts.append(f"{n} {verb} {_when(*w)}")
    summary = ", ".join(parts)
    if len(order) > len(shown):
        rest = len(order) - len(shown)
        summary += f", {rest} other date{'s' if rest > 1 else ''}"
    details = []
    for w in shown:
        names = list(claims[w])
        for source in names[:NOTE_SOURCES]:
            texts = claims[w][source]
            quoted = f" ({', '.join(f'“{t}”' for t in texts[:2])})" if texts else ""
            details.append(f"{source}: {_when(*w)}{quoted}")
        if len(names) > NOTE_SOURCES:
            details.append(f"{len(names) - NOTE_SOURCES} more: {_when(*w)}")
    return summary + " — " + "; ".join(details)
