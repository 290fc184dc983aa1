"""Which way a clause looks: whether a yearless date or a bare weekday points forward or back, and the
year choice for yearless expressions that follows from it.

News reports the past. A clause with a forward-looking cue (``future_cues.tsv``: "will", "is due to",
"scheduled", "by"/"until" a deadline) looks forward; one with past-tense evidence (``past_cues.tsv``, "-ed"
words, "since", present perfect) looks back; a clause with neither is read by the anchor window of
``resolve.pick_year``. The check is lexical (a window of words on each side of the match, within its clause),
which keeps the tagger a pure, fast text function.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dateline.temporal import resolve as R
from dateline.temporal.atoms import Atom, Context, span_of
from dateline.temporal.patterns import (
    DEADLINE_BEFORE,
    FUTURE_CUE,
    NOT_PAST,
    PAST_CLAUSE,
    PAST_CUE,
    PAST_FORMS,
    PAST_WORD,
    TENSE_MARKERS,
    clause_start,
)

_WORD = re.compile(r"[\w'’]+")
_SCAN_WORDS = 12


def _tense_of(words: list[str], i: int) -> str | None:
    """What word ``i`` says about its clause: "past", "open" (not a past report), or None (nothing, or a
    participle whose auxiliary, just before it, decides: "will be paid", "has given")."""
    word = words[i]
    low = word.lower().replace("’", "'")
    kind = TENSE_MARKERS.get(low)
    if low == "to" and i + 1 < len(words):
        nxt = words[i + 1]
        if TENSE_MARKERS.get(nxt.lower()) == "det" or nxt[0].isupper() or nxt[0].isdigit():
            return None  # a preposition: "flocked to the shrine", "moved to Paris"
    if kind in ("past", "open"):
        return kind
    if kind == "skip":
        return None
    is_form = low in PAST_FORMS or (word.islower() and low.endswith("ed") and len(low) > 3 and low not in NOT_PAST)
    if not is_form:
        return None
    j = i - 1
    while j >= 0 and (TENSE_MARKERS.get(words[j].lower()) == "skip" or words[j].lower().endswith("ly")):
        j -= 1
    if j >= 0 and TENSE_MARKERS.get(words[j].lower().replace("’", "'")) in ("past", "open"):
        return None  # the auxiliary decides
    return "past"


def _nearest_tense(words: list[str]) -> str | None:
    """The kind of the nearest tense marker in the last 12 ``words`` (reading back), or None."""
    for i in range(len(words) - 1, max(-1, len(words) - 1 - _SCAN_WORDS), -1):
        kind = _tense_of(words, i)
        if kind is not None:
            return kind
    return None


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
    deadline = DEADLINE_BEFORE.search(before)
    if deadline and PAST_CLAUSE.search(after) is None and (
            PAST_WORD.search(before) is None or _nearest_tense(_WORD.findall(before[:deadline.start()])) == "open"):
        # "by February", "until 9 a.m. Tuesday", "to pay down the loan by February": a deadline ahead (not
        # "troops left by March")
        return True
    words = list(re.finditer(r"[\w'’]+", before))
    if len(words) >= 2:
        near = before[words[-16].start():] if len(words) > 16 else before
        return FUTURE_CUE.search(near) is not None
    cue = FUTURE_CUE.search(after)  # "Monday's meeting will ...", but not "On Friday, he planned to ..."
    return cue is not None and PAST_WORD.search(after, 0, cue.end()) is None


def direction(ctx: Context, start: int, end: int) -> int:
    """+1 when the clause around a match looks forward, -1 when it reports the past, 0 when it says neither.

    Forward cues win (``is_future``). Otherwise the nearest tense marker before the match, within its clause
    and its last 12 words, decides ("Relations soured after the invasion on February 24": past; "ruled that
    he must leave by Jan. 14": open); with none before, the first one after ("On June 3, police said").
    "since" and present perfect read as past. An open clause is left to the anchor window (0).
    """
    if is_future(ctx, start, end):
        return 1
    text = ctx.text
    before = text[max(0, start - 160):start]
    before = before[clause_start(before):]
    kind = _nearest_tense(_WORD.findall(before))
    if kind is not None:
        return -1 if kind == "past" else 0
    after = text[end:end + 100]
    cut = re.search(r"[.!?;:\n\"“”]", after)
    after_words = _WORD.findall(after[:cut.start()] if cut else after)[:8]
    for i in range(len(after_words)):
        kind = _tense_of(after_words, i)
        if kind is not None:
            return -1 if kind == "past" else 0
    return 0


def yearless(ctx: Context, m: re.Match[str], build: Callable[[int], R.Interval | None], gran: str,
             kind: str, note: str = "", slack_days: int = 31) -> Atom | None:
    """Resolve an expression without a year by the clause's direction (see ``resolve.pick_year``)."""
    s, e = span_of(m)
    if ctx.anchor is None:
        return Atom(s, e, None, None, "unresolved", "no year and no anchor", kind)
    way = direction(ctx, s, e)
    interval, _year = R.pick_year(ctx.anchor, build, way, slack_days)
    if interval is None:
        return Atom(s, e, None, None, "unresolved", "no representable year", kind)
    how = {1: "forward-looking clause", -1: "past clause", 0: "nearest year"}[way]
    return Atom(s, e, interval, gran, "inferred", (note + "; " if note else "") + f"year from anchor ({how})", kind)
