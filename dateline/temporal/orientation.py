"""Which way a clause looks: whether a yearless date or a bare weekday points forward or back, and the
year choice for yearless expressions that follows from it."""

from __future__ import annotations

import re
from collections.abc import Callable

from dateline.temporal import resolve as R
from dateline.temporal.atoms import Atom, Context, span_of
from dateline.temporal.patterns import (
    DEADLINE_BEFORE,
    FUTURE_CUE,
    PAST_CLAUSE,
    PAST_CUE,
    PAST_WORD,
    clause_start,
)


def is_future(ctx: Context, start: int, end: int) -> bool:
    """Whether the clause around a match points forward ("will meet on Monday", "is expected to ...").

    Looks at the clause before the match (its last 16 words); when the match opens its clause, at the words
    after it instead. Past-tense markers right before the match ("said Friday") or in the clause ("had",
    "was scheduled", "would have") win over forward-looking words.
    """
    text = ctx.text
    before = text[max(0, start - 120):start]
    before = before[clause_start(before):]
    after = text[end:end + 80]
    cut = re.search(r"[.!?;\n]", after)
    if cut:
        after = after[:cut.start()]
    if PAST_CUE.search(before) or PAST_CLAUSE.search(before):
        return False
    if DEADLINE_BEFORE.search(before) and PAST_WORD.search(before) is None and PAST_CLAUSE.search(after) is None:
        return True  # "by February", "until 9 a.m. Tuesday": a deadline ahead (not "troops left by March")
    words = list(re.finditer(r"[\w'’]+", before))
    if len(words) >= 2:
        near = before[words[-16].start():] if len(words) > 16 else before
        return FUTURE_CUE.search(near) is not None
    cue = FUTURE_CUE.search(after)  # "Monday's meeting will ...", but not "On Friday, he planned to ..."
    return cue is not None and PAST_WORD.search(after, 0, cue.end()) is None


def yearless(ctx: Context, m: re.Match[str], build: Callable[[int], R.Interval | None], gran: str,
              kind: str, note: str = "", slack_days: int = 31) -> Atom | None:
    """Resolve an expression without a year by the anchor window (see ``resolve.pick_year``)."""
    s, e = span_of(m)
    if ctx.anchor is None:
        return Atom(s, e, None, None, "unresolved", "no year and no anchor", kind)
    interval, _year = R.pick_year(ctx.anchor, build, is_future(ctx, s, e), slack_days)
    if interval is None:
        return None
    return Atom(s, e, interval, gran, "inferred", (note + "; " if note else "") + "year from anchor", kind)

