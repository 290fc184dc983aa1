"""Rule handlers for expressions relative to the anchor or to the narrative: "last week", "two days ago",
weekdays, "today", "the following year", "the quarter", "the year-ago period"."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from dateline.temporal import resolve as R
from dateline.temporal.atoms import GRAN_RANK, Atom, Context, parse_count, parse_year, span_of, weekday_of
from dateline.temporal.orientation import is_future
from dateline.temporal.patterns import GENERIC_AFTER, NOT_AFTER_NAME, TABLES, _key


def h_yago(m: re.Match[str], ctx: Context) -> Atom | None:
    """"year-earlier period", "the year-ago quarter": the reference period one year back."""
    s, e = span_of(m)
    unit = (m["yago_unit"] or "").lower()
    if ctx.last_quarter is not None and ("quarter" in unit or "period" in unit or not unit):
        return Atom(s, e, R.shift_interval(ctx.last_quarter, "year", -1), "quarter", "inferred",
                    "the quarter under discussion, a year earlier", "yago")
    if ctx.anchor is None:
        return Atom(s, e, None, None, "unresolved", "no anchor", "yago")
    return Atom(s, e, R.year_interval(ctx.anchor.year - 1), "year", "inferred", "year before the anchor", "yago")




def _period_for(unit_word: str, anchor: date, offset: int) -> tuple[R.Interval, str] | None:
    """The calendar period named by a unit, season, month or holiday word, ``offset`` periods from the
    one at the anchor ("last" = the most recent one strictly before the anchor's)."""
    key = _key(unit_word)
    singular = key[:-1] if key.endswith("s") and key[:-1] in TABLES.units else key
    if key == "centuries":
        singular = "century"
    if singular in TABLES.units:
        unit, gran = TABLES.units[singular]
        return R.relative_period(unit, anchor, offset), gran
    if key in TABLES.seasons:
        first, last = TABLES.seasons[key]
        year = anchor.year
        if offset == 0:
            own = year - 1 if last < first and anchor.month <= last else year
            return R.season_interval(own, first, last), "season"
        cur = R.season_interval(year, first, last)
        if cur[0] > anchor:
            cur = R.season_interval(year - 1, first, last)
        # cur: the most recent season of this kind that has started on or before the anchor
        if offset < 0 and cur[1] >= anchor:
            return R.season_interval(cur[0].year - 1, first, last), "season"
        if offset > 0:
            return R.season_interval(cur[0].year + 1, first, last), "season"
        if offset == 0 and cur[1] < anchor:
            return R.season_interval(cur[0].year + 1, first, last), "season"
        return cur, "season"
    if key in TABLES.months:
        month = TABLES.months[key]
        if offset == 0:
            return R.month_interval(anchor.year, month), "month"
        if offset < 0:
            # "last May": the previous year's May unless that May came earlier this year, at least two months
            # back ("last February" in a March article is a year ago: the one just ended is "last month")
            year = anchor.year if month < anchor.month - 1 else anchor.year - 1
        else:
            year = anchor.year if month > anchor.month else anchor.year + 1
        return R.month_interval(year, month), "month"
    if key in TABLES.holidays:
        rule = TABLES.holidays[key]
        d = R.holiday(rule, anchor.year)
        if d is None:
            return None
        if offset < 0 and d >= anchor:
            d = R.holiday(rule, anchor.year - 1)
        elif offset > 0 and d <= anchor:
            d = R.holiday(rule, anchor.year + 1)
        return (None if d is None else ((d, d), "day"))
    return None


def _from_reference(ctx: Context, s: int, e: int, unit_word: str, offset: int, kind: str) -> Atom:
    """"the following year", "the previous month": one period away from the preceding date expression."""
    singular = unit_word[:-1] if unit_word.endswith("s") and unit_word[:-1] in TABLES.units else unit_word
    if ctx.last_ref is None or singular not in TABLES.units:
        return Atom(s, e, None, None, "unresolved", "relative to another event", kind)
    unit, gran = TABLES.units[singular]
    if unit == "weekend" or GRAN_RANK.get(gran, 0) < GRAN_RANK.get(ctx.last_ref[1], 0):
        return Atom(s, e, None, None, "unresolved", "relative to another event", kind)  # "the next day" after 2004
    ref = ctx.last_ref[0][0]
    interval = R.unit_interval(unit, R.shift(R.unit_interval(unit, ref)[0], unit, offset))
    return Atom(s, e, interval, gran, "inferred", "relative to the preceding date expression", kind)


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 4):start]
    return start == 0 or re.search(r"(?:[.!?]\s*[\"“'`]*|\n)\s*$", before) is not None


def h_rel(m: re.Match[str], ctx: Context) -> Atom | None:
    s, e = span_of(m)
    if m["rel_unit"][:1].isupper() and m["rel_unit"].lower() in TABLES.units and m["rel_mod"][:1].isupper() \
            and not _sentence_start(ctx.text, s):
        return None  # a title: ABC's "This Week"
    op = TABLES.modifiers.get(_key(m["rel_mod"]))
    unit_word = _key(m["rel_unit"])
    counted = parse_count(m["rel_n"])
    plural = unit_word.endswith("s") and unit_word[:-1] in TABLES.units or unit_word == "centuries"
    if op is None:
        return None
    if op in ("ref_prev", "ref_next"):
        return _from_reference(ctx, s, e, unit_word, -1 if op == "ref_prev" else 1, "rel")
    if ctx.anchor is None:
        return Atom(s, e, None, None, "unresolved", "relative and no anchor", "rel")
    anchor = ctx.anchor
    if op in ("span_past", "span_future") or (plural and op in ("prev", "next")):
        singular = "century" if unit_word == "centuries" else unit_word[:-1] if plural else unit_word
        if singular not in TABLES.units:
            # "the past spring" / "the coming Monday" read as last/next
            op = "prev" if op == "span_past" else "next"
        else:
            if counted is None and not plural:
                n, vague = 1, False
            elif counted is None:
                n, vague = 3, True
            else:
                n, vague = counted
            unit, gran = TABLES.units[singular]
            if unit == "weekend":
                return None
            interval = R.span(unit, anchor, n, past=op in ("span_past", "prev"))
            note = "stretch ending at the anchor" if op in ("span_past", "prev") else "stretch from the anchor"
            if vague:
                note += "; count approximate"
            return Atom(s, e, interval, gran, "relative", note, "rel")
    if counted is not None:
        return None  # "this two weeks": not a construction
    offset = {"prev": -1, "this": 0, "next": 1, "upto": 0, "from": 0}.get(op)
    if offset is None:
        return None
    found = _period_for(unit_word, anchor, offset)
    if found is None:
        return None
    interval, gran = found
    note = ""
    if op == "upto":
        interval = (interval[0], max(min(anchor, interval[1]), interval[0]))
        note = f"part of {gran}: from its start to the anchor"
    elif op == "from":
        interval = (min(max(anchor, interval[0]), interval[1]), interval[1])
        note = f"part of {gran}: from the anchor to its end"
    return Atom(s, e, interval, gran, "relative", note, "rel")


def h_dpt(m: re.Match[str], ctx: Context) -> Atom | None:
    """"this morning" (today), "last night" (yesterday)."""
    s, e = span_of(m)
    if ctx.anchor is None:
        return Atom(s, e, None, None, "unresolved", "relative and no anchor", "dpt")
    mod = m["dpt_mod"].lower().split()[-1]
    offset = TABLES.dayparts.get(_key(m["dpt_part"]), -1) if mod == "last" else 0
    d = R.shift(ctx.anchor, "day", offset)
    return Atom(s, e, (d, d), "day", "relative", "part of a day", "dpt")


def h_ago(m: re.Match[str], ctx: Context) -> Atom | None:
    """"two weeks ago" (the week containing the day two weeks before the anchor); "a day after"
    (left for the combiner to attach to a following date, else unresolved)."""
    s, e = span_of(m)
    counted = (1, False) if m["ago_n"].lower() == "the" else parse_count(m["ago_n"])
    if counted is None:
        return None
    n, vague = counted
    unit_word = _key(m["ago_unit"])
    singular = "century" if unit_word == "centuries" else unit_word[:-1] if unit_word.endswith("s") else unit_word
    if singular not in TABLES.units:
        return None
    unit, gran = TABLES.units[singular]
    if unit == "weekend":
        return None
    direction_word = _key(m["ago_dir"])
    if m["ago_n"].lower() == "the" and direction_word not in ("before", "after"):
        return None
    note = "count approximate" if vague or m["ago_approx"] else ""
    if direction_word in ("ago", "back", "previously", "from now", "hence"):
        sign = 1 if direction_word in ("from now", "hence") else -1
        if ctx.anchor is None:
            return Atom(s, e, None, None, "unresolved", "relative and no anchor", "ago")
        if unit == "year" and direction_word == "ago" and ctx.last_quarter is not None and n == 1:
            return Atom(s, e, R.shift_interval(ctx.last_quarter, "year", -1), "quarter", "inferred",
                        "the quarter under discussion, a year earlier", "ago", unit=unit, count=n, direction=-1)
        target = R.shift(ctx.anchor, unit, sign * n)
        return Atom(s, e, R.unit_interval(unit, target), gran, "relative", note, "ago", unit=unit, count=n,
                    direction=sign)
    sign = -1 if direction_word in ("earlier", "before") else 1
    atom = Atom(s, e, None, None, "unresolved", "relative to another event", "ago", unit=unit, count=n,
                direction=sign)
    if direction_word == "earlier" and unit == "year" and n == 1 and ctx.last_quarter is not None:
        # earnings reports compare the quarter under discussion with the same quarter a year before
        return replace(atom, interval=R.shift_interval(ctx.last_quarter, "year", -1), granularity="quarter",
                       basis="inferred", note="the quarter under discussion, a year earlier")
    if direction_word in ("earlier", "later") and ctx.last_ref is not None \
            and GRAN_RANK.get(gran, 0) >= GRAN_RANK.get(ctx.last_ref[1], 0):
        # "a year later" after June 2007; not "two days later" after it (which day of June?)
        ref, ref_gran = ctx.last_ref
        atom = replace(atom, interval=R.shift_interval(ref, unit, sign * n), granularity=ref_gran, basis="inferred",
                       note="relative to the preceding date expression")
    return atom


def h_wd(m: re.Match[str], ctx: Context) -> Atom | None:
    s, e = span_of(m)
    if NOT_AFTER_NAME.match(ctx.text, e):
        return None
    weekday = weekday_of(m["wd_day"])
    if weekday is None:
        return None
    mod = re.sub(r"\s+", " ", m["wd_mod"].lower()) if m["wd_mod"] else ""
    if mod in ("the previous", "the following", "the next", "previous"):
        if ctx.last_ref is None or ctx.last_ref[1] not in ("day", "week"):
            return Atom(s, e, None, None, "unresolved", "relative to another event", "wd")
        d = R.weekday_near(ctx.last_ref[0][0], weekday, -2 if "previous" in mod else 2)
        return Atom(s, e, (d, d), "day", "inferred", "relative to the preceding date expression", "wd")
    if ctx.anchor is None:
        return Atom(s, e, None, None, "unresolved", "weekday and no anchor", "wd")
    if mod in ("last", "this past"):
        direction, note = -2, "last such weekday before the anchor"
    elif mod in ("next", "this coming", "coming"):
        direction, note = 2, "next such weekday after the anchor"
    elif mod == "this":
        direction, note = (-1, "this week, past context") if _past_this(ctx, s) else (1, "this week")
    elif is_future(ctx, s, e):
        direction, note = 1, "future context: on or after the anchor"
    else:
        direction, note = -1, "most recent such weekday on or before the anchor"
    d = R.weekday_near(ctx.anchor, weekday, direction)
    return Atom(s, e, (d, d), "day", "relative", note, "wd")


def _past_this(ctx: Context, start: int) -> bool:
    before = ctx.text[max(0, start - 60):start].lower()
    return bool(re.search(r"\b(?:said|was|were|had|did)\b", before))


def h_dx(m: re.Match[str], ctx: Context) -> Atom | None:
    s, e = span_of(m)
    entry = TABLES.relative.get(_key(m["dx_word"]))
    if entry is None:
        return None
    unit, value = entry
    word = m["dx_word"]
    if word[0].isupper() and s > 0 and (NOT_AFTER_NAME.match(ctx.text, e) or re.search(r"\b[A-Z]{2,}\s+$", ctx.text[
            max(0, s - 8):s])):
        return None  # a title or a name: "the Today programme", "USA Today"
    if _key(word) in ("today", "tomorrow") and (GENERIC_AFTER.match(ctx.text, e) or re.search(
            r"(?i:\bof\s+)$", ctx.text[max(0, s - 4):s])):
        return None  # "today's youth", "the people of tomorrow": present-day, not a date
    if unit == "ref":
        # "now", "currently", "recently": no calendar interval is meant, so none is claimed
        return Atom(s, e, None, None, "unresolved", f"vague {value} reference", "dx")
    if ctx.anchor is None:
        return Atom(s, e, None, None, "unresolved", "relative and no anchor", "dx")
    d = R.shift(ctx.anchor, "day", int(value))
    return Atom(s, e, (d, d), "day", "relative", "", "dx")


def h_yq(m: re.Match[str], ctx: Context) -> Atom | None:
    """Earnings phrasing: "the 1988 period" (the quarter under discussion, in 1988), "the corresponding
    period last year" / "last year's quarter" (that quarter a year back)."""
    s, e = span_of(m)
    if m["yq_y"]:
        year = parse_year(m["yq_y"])
        if ctx.last_quarter is not None:
            q = (ctx.last_quarter[0].month - 1) // 3 + 1
            return Atom(s, e, R.quarter_interval(year, q), "quarter", "inferred",
                        "the quarter under discussion, in that year", "yq")
        return Atom(s, e, R.year_interval(year), "year", "absolute", "", "yq", True)
    if ctx.last_quarter is not None:
        return Atom(s, e, R.shift_interval(ctx.last_quarter, "year", -1), "quarter", "inferred",
                    "the quarter under discussion, a year earlier", "yq")
    if ctx.anchor is None:
        return Atom(s, e, None, None, "unresolved", "no anchor", "yq")
    latest = R.relative_period("quarter", ctx.anchor, -1)
    return Atom(s, e, R.shift_interval(latest, "year", -1), "quarter", "inferred",
                "latest completed quarter, a year earlier", "yq")


def h_ye(m: re.Match[str], ctx: Context) -> Atom | None:
    """"year-end", "year's end": the end of the anchor's year (the last third, as "the end of the year")."""
    s, e = span_of(m)
    if ctx.anchor is None:
        return Atom(s, e, None, None, "unresolved", "no anchor", "ye")
    lo, hi = TABLES.parts.get("the end of", (0.667, 1.0)) or (0.667, 1.0)
    return Atom(s, e, R.part_of(R.year_interval(ctx.anchor.year), lo, hi), "year", "inferred",
                "part of year: end", "ye")


def h_rd(m: re.Match[str], ctx: Context) -> Atom | None:
    """"that day", "the same day", "the next morning", "the previous day": a day of the narrative, counted
    from the preceding day-precise date expression (unresolved when there is none)."""
    s, e = span_of(m)
    mod = re.sub(r"\s+", " ", m["rd_mod"].lower())
    offset = 1 if mod in ("the next", "the following") else -1 if mod == "the previous" else 0
    if ctx.last_ref is None or ctx.last_ref[1] != "day":
        return Atom(s, e, None, None, "unresolved", "relative to another event", "rd")
    d = R.shift(ctx.last_ref[0][0], "day", offset)
    return Atom(s, e, (d, d), "day", "inferred", "relative to the preceding date expression", "rd")


def h_tu(m: re.Match[str], ctx: Context) -> Atom | None:
    """"the quarter", "the latest period", "the year", "the weekend": the period the story is about —
    the quarter last named, else the one at the anchor (the last completed one for quarters)."""
    s, e = span_of(m)
    unit = m["tu_unit"].lower()
    adj = (m["tu_adj"] or "").lower()
    that = m["tu_det"].lower() == "that"
    if unit in ("quarter", "period"):
        if ctx.last_quarter is not None and adj not in ("latest", "most recent"):
            return Atom(s, e, ctx.last_quarter, "quarter", "inferred", "the quarter under discussion", "tu")
        if unit == "period" and not adj or that:
            return None
        if ctx.anchor is None:
            return Atom(s, e, None, None, "unresolved", "no anchor", "tu")
        return Atom(s, e, R.relative_period("quarter", ctx.anchor, -1), "quarter", "inferred",
                    "latest completed quarter before the anchor", "tu")
    if that:
        if ctx.last_ref is None or unit not in ("year", "month", "week"):
            return Atom(s, e, None, None, "unresolved", "relative to another event", "tu")
        ref = ctx.last_ref[0][0]
        return Atom(s, e, R.unit_interval(unit, ref), unit, "inferred", "the period of the preceding date", "tu")
    if ctx.anchor is None:
        return Atom(s, e, None, None, "unresolved", "no anchor", "tu")
    if unit == "weekend":
        interval = R.weekend_interval(ctx.anchor, 1 if is_future(ctx, s, e) else -1)
        return Atom(s, e, interval, "week", "relative", "weekend", "tu")
    return Atom(s, e, R.unit_interval(unit, ctx.anchor), unit, "inferred", f"the {unit} of the anchor", "tu")


