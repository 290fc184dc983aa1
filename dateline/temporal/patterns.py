"""Detection: build one precompiled alternation regex from the word tables in ``resources/``.

Each rule is an outer named group (``iso``, ``mdy``, ``wd`` …) whose inner groups carry the rule's name as
a prefix, so the tagger dispatches on ``match.lastgroup`` and reads parts by name, never by number. The
order of the rules matters: at one position the first alternative that matches wins, so longer and more
specific forms come first. Month and weekday names are matched case-sensitively (news capitalises them,
and it keeps "march" the verb and "may" the modal out); function words are matched case-insensitively.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dateline.resources import read_table


def load_table(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of one of the temporal tables (``temporal/resources/NAME``), read by ``read_table``."""
    return read_table(f"temporal/resources/{name}").rows


def _phrase(word: str) -> str:
    """A literal phrase as a regex: spaces match any whitespace, apostrophes either form."""
    out = re.escape(word)
    out = out.replace(r"\ ", r"[\s-]+").replace("'", "['’]").replace(r"\-", "[-\\s]?")
    return out


def alt(words: list[str] | set[str], ci: bool = False) -> str:
    """An alternation of phrases, longest first so that "the past" does not pre-empt "the past few"."""
    parts = [_phrase(w) for w in sorted(set(words), key=lambda w: (-len(w), w))]
    body = "|".join(parts)
    return f"(?i:{body})" if ci else f"(?:{body})"


def _cased(words: list[str]) -> list[str]:
    """Title-case and upper-case spellings of capitalised names (DECEMBER in datelines)."""
    out: list[str] = []
    for w in words:
        out.extend({w, w.upper()})
    return out


@dataclass(frozen=True)
class Tables:
    """The word tables, parsed once at import."""

    months: dict[str, int]
    month_standalone: dict[str, str]
    weekdays: dict[str, int]
    weekday_standalone: dict[str, bool]
    numbers: dict[str, tuple[int, str]]
    decades: dict[str, int]
    seasons: dict[str, tuple[int, int]]
    units: dict[str, tuple[str, str]]
    relative: dict[str, tuple[str, str]]
    modifiers: dict[str, str]
    parts: dict[str, tuple[float, float] | None]
    dayparts: dict[str, int]
    holidays: dict[str, str]
    future_cues: list[str]
    not_after_name: list[str]
    past_cues: list[str]


def _key(word: str) -> str:
    """Normalised lookup key: lower case, single spaces, straight apostrophes, no trailing period."""
    return re.sub(r"\s+", " ", word.lower().replace("’", "'")).rstrip(".").replace("-", " ")


def load_tables() -> Tables:
    months = {_key(r[0]): int(r[1]) for r in load_table("months.tsv")}
    month_standalone = {_key(r[0]): r[2] for r in load_table("months.tsv")}
    weekdays = {_key(r[0]): int(r[1]) for r in load_table("weekdays.tsv")}
    weekday_standalone = {_key(r[0]): r[2] == "yes" for r in load_table("weekdays.tsv")}
    numbers = {_key(r[0]): (int(r[1]), r[2]) for r in load_table("numbers.tsv")}
    decades = {_key(r[0]): int(r[1]) for r in load_table("decades.tsv")}
    seasons = {_key(r[0]): (int(r[1]), int(r[2])) for r in load_table("seasons.tsv")}
    units = {_key(r[0]): (r[1], r[2]) for r in load_table("units.tsv")}
    relative = {_key(r[0]): (r[1], r[2]) for r in load_table("relative.tsv")}
    modifiers = {_key(r[0]): r[1] for r in load_table("modifiers.tsv")}
    parts: dict[str, tuple[float, float] | None] = {}
    for r in load_table("parts.tsv"):
        parts[_key(r[0])] = None if r[1] == "day" else (float(r[1]), float(r[2]))
    dayparts = {_key(r[0]): int(r[1]) for r in load_table("dayparts.tsv")}
    holidays = {_key(r[0]): r[1] for r in load_table("holidays.tsv")}
    future_cues = [r[0] for r in load_table("future_cues.tsv")]
    not_after = [r[0] for r in load_table("not_after_weekday.tsv")]
    past_cues = [r[0] for r in load_table("past_cues.tsv")]
    return Tables(months, month_standalone, weekdays, weekday_standalone, numbers, decades, seasons, units,
                  relative, modifiers, parts, dayparts, holidays, future_cues, not_after, past_cues)


TABLES = load_tables()


def _raw_names(name: str, column_filter: str | None = None) -> list[str]:
    rows = load_table(name)
    return [r[0] for r in rows if column_filter is None or r[2] == column_filter]


_ONES = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TEENS = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
# "nineteen ninety-six": a century word then a tens word is a year wherever it stands
SPELLED_CENTURY_YEAR = rf"(?i:(?:eighteen|nineteen)[\s-]+{_TENS}(?:[\s-]+{_ONES})?)"
SPELLED_YEAR = (rf"(?i:(?:eighteen|nineteen)[\s-]+(?:{_TENS}(?:[\s-]+{_ONES})?|{_TEENS}|oh[\s-]+{_ONES}|hundred)"
                rf"|two\s+thousand(?:\s+and)?(?:\s+(?:{_TEENS}|{_ONES}))?(?![\s-]+(?:{_ONES}|{_TENS}|hundred)))")


def build_master() -> re.Pattern[str]:
    """The single detection regex (see the module docstring for how rules are ordered and named)."""
    t = TABLES
    month_any = alt(_cased(_raw_names("months.tsv")))
    month_full = alt(_cased([n for n in _raw_names("months.tsv") if "." not in n and (len(n) > 3 or n == "May")]))
    month_alone = alt(_cased([n for n, s in zip(_raw_names("months.tsv"),
                                                  [r[2] for r in load_table("months.tsv")], strict=True)
                              if s in ("yes", "cue")]))
    wd_full = alt(_cased(_raw_names("weekdays.tsv", "yes")))
    wd_any = alt(_cased(_raw_names("weekdays.tsv")))
    day = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
    not_after_number = alt([r[0] for r in load_table("not_after_number.tsv")], ci=True)
    # a four-digit year of any century; one outside 1000-2099 not followed by a quantity's noun ("March 3,
    # 5000 troops")
    year = rf"(?:1[0-9]\d\d|20\d\d|[2-9]\d\d\d(?!\s+{not_after_number}(?!\w))|{SPELLED_YEAR})"
    num_words = alt([w for w, (_, kind) in t.numbers.items() if kind in ("cardinal", "approx")], ci=True)
    ordinals = alt([w for w, (_, kind) in t.numbers.items() if kind == "ordinal"], ci=True)
    units_plural = alt([u for u in t.units] + [u + "s" for u in t.units] + ["centuries"], ci=True)
    seasons = alt(list(t.seasons), ci=True)
    modifiers = alt(list(t.modifiers), ci=True)
    relative = alt(list(t.relative), ci=True)
    dayparts = alt(list(t.dayparts), ci=True)
    decade_words = alt(list(t.decades), ci=True)
    holidays = alt([h.title() for h in t.holidays] + [h.replace("'S", "'s") for h in
                                                      (x.title() for x in t.holidays)], ci=False)
    holidays_ci = alt(list(t.holidays), ci=True)
    left = r"(?<![\w$£€#@/.,:])"  # not inside a word or number, not after a currency sign
    end = r"(?!\w)"
    approx = alt([r[0] for r in load_table("approximators.tsv")], ci=True)

    rules: list[tuple[str, str]] = [
        ("iso", r"(?<![\d\-/])(?P<iso_y>\d{4})-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>0[1-9]|[12]\d|3[01])"
                r"(?:T\d\d:\d\d(?::\d\d)?Z?)?(?![\d\-/])"),
        ("num", r"(?<![\d/.,\-])(?P<num_a>\d{1,2})(?P<num_sep>[/.])(?P<num_b>\d{1,2})(?P=num_sep)"
                r"(?P<num_y>\d{4}|\d{2})(?![\d/]|[.,]\d)"),
        ("dmy", rf"{left}(?:(?P<dmy_wd>{wd_any})(?:\s*,)?\s+)?(?:(?i:the)\s+)?(?P<dmy_d>{day})(?:\s+(?i:of))?\s+"
                rf"(?P<dmy_m>{month_any})(?:\s*,?\s*(?P<dmy_y>{year})(?!\d)|\s+(?:(?i:of)\s+)?(?P<dmy_rel>(?i:last|this|"
                rf"next))\s+(?i:year))?{end}"),
        ("mdy", rf"{left}(?:(?P<mdy_wd>{wd_any})(?:\s*,)?\s+)?(?P<mdy_m>{month_any})\s+(?P<mdy_d>{day})"
                rf"(?:\s*(?:-|–|(?i:to|through|and))\s*(?P<mdy_d2>{day}))?(?![\d:,.]\d|\w)"
                rf"(?:\s*,?\s*(?P<mdy_y>{year})(?![\d,.]\d|\w)|\s+(?:(?i:of)\s+)?(?P<mdy_rel>(?i:last|this|next))\s+"
                rf"(?i:year)(?!\w))?"),
        ("my", rf"{left}(?P<my_m>{month_any})(?:\s*,)?\s+(?:(?i:of)\s+)?(?P<my_y>{year})(?![\w]|[.,]\d)"),
        ("qtr", rf"{left}(?:(?:(?P<qtr_y1>{year})|(?P<qtr_rel>(?i:this|last|next))\s+(?i:year)['’]s)\s+)?"
                rf"(?:(?P<qtr_fis>(?i:fiscal))[\s-]+)?(?P<qtr_ord>(?i:first|second|third|fourth|1st|2nd|3rd"
                rf"|4th|final))[\s-]+(?:(?i:fiscal)[\s-]+)?(?i:quarter)(?!\w)"
                rf"(?:\s+(?:(?i:of)\s+)?(?:(?i:fiscal)\s+)?(?P<qtr_y2>{year})(?![\w]|[.,]\d))?"
                rf"|{left}Q(?P<qtr_n>[1-4])(?:\s*(?P<qtr_y3>{year})|\s*['’](?P<qtr_yy>\d\d))?{end}"),
        ("dec", rf"{left}(?:(?P<dec_y>1\d\d0|20\d0)['’]?s|['’‘](?P<dec_s>\d0)['’]?s"
                rf"|(?i:the)\s+(?P<dec_s2>\d0)['’]?s|(?i:the)\s+(?P<dec_w>{decade_words})){end}"),
        ("cen", rf"{left}(?:(?P<cen_n>\d{{1,2}})(?:st|nd|rd|th)|(?P<cen_w>{ordinals}))[\s-]+(?i:century){end}"),
        ("mo", rf"{left}(?P<mo_m>{month_alone})(?:\s+(?:(?i:of)\s+)?(?P<mo_rel>(?i:last|this|next))\s+(?i:year))?{end}"),
        ("yq", rf"{left}(?i:the)\s+(?:(?P<yq_y>{year})\s+(?i:period|quarter)|(?i:corresponding|comparable|same)\s+"
               rf"(?i:period|quarter)\s+(?P<yq_rel>(?i:last\s+year|a\s+year\s+(?:ago|earlier))))(?![\w-])"
               rf"|{left}(?P<yq_last>(?i:last|previous))\s+(?i:year)['’]s\s+(?i:period|quarter)(?![\w-])"),
        ("ye", rf"{left}(?:(?i:year)[\s-]end|(?i:year)['’]s\s+end)(?![\w-])"),
        ("yr", rf"(?<![\w$£€#@/.,:])(?<!\d-)(?:(?P<yr_fis>(?i:fiscal))(?:\s+(?i:year))?\s+|(?i:the\s+year)\s+)?"
               rf"(?P<yr_y>[1-9]\d\d\d)(?:['’]s(?!\w))?(?![\w]|[.,]\d|\s*[%+]|\s*(?i:percent|per\s+cent))"
               rf"(?!\s+{not_after_number}(?!\w))"),
        ("spy", rf"{left}(?:(?i:the\s+year)\s+)(?P<spy_y>{SPELLED_YEAR}){end}|"
                rf"(?<=(?i:in|of) )(?P<spy_y2>{SPELLED_YEAR}){end}|{left}(?P<spy_y3>{SPELLED_CENTURY_YEAR}){end}"),
        ("yago", rf"{left}(?:(?i:the)\s+)?(?:(?i:comparable|corresponding|same)\s+)?(?i:year)[\s-]+"
                 rf"(?P<yago_w>(?i:ago|earlier))(?:\s+(?P<yago_unit>(?i:period|quarter|third\s+quarter|"
                 rf"second\s+quarter|first\s+quarter|fourth\s+quarter|month|week)))?{end}"),
        ("hol", rf"{left}(?:(?P<hol_mod>(?i:last|this|next))\s+)?(?P<hol_name>{holidays})"
                rf"(?:\s*,?\s*(?P<hol_y>{year})(?![\w]|[.,]\d))?(?:\s+(?P<hol_week>(?i:week))(?!\w))?{end}"),
        ("sea", rf"{left}(?P<sea_w>{seasons})(?:\s+(?:(?i:of)\s+)?(?P<sea_y>{year})(?![\w]|[.,]\d))?{end}"),
        ("rd", rf"{left}(?P<rd_mod>(?i:that(?:\s+same)?|the\s+same|the\s+next|the\s+following|the\s+previous))\s+"
               rf"(?P<rd_part>(?i:day|morning|afternoon|evening|night))(?![\w-])"),
        ("rel", rf"{left}(?P<rel_mod>{modifiers})\s+(?:(?P<rel_n>{num_words}|\d{{1,3}})\s+)?"
                rf"(?P<rel_unit>{units_plural}|{seasons}|{month_full}|{holidays_ci})(?:['’]s)?{end}"),
        ("tu", rf"{left}(?P<tu_det>(?i:the|that))\s+(?:(?P<tu_adj>(?i:latest|full|current|fiscal|same|comparable|"
               rf"corresponding|most\s+recent|recent|entire|whole))[\s-]+){{0,2}}"
               rf"(?P<tu_unit>(?i:quarter|period|year|week|weekend|month))(?:['’]s)?(?![\w-])(?!(?<=[wW]eek)\s+(?i:of)\s)"
               rf"(?!\s+(?i:before|after|earlier|later)(?!\w))"),
        ("dpt", rf"{left}(?P<dpt_mod>(?i:this|last|early\s+this|late\s+last))\s+(?P<dpt_part>{dayparts}){end}"),
        ("ago", rf"{left}(?:(?P<ago_approx>{approx})\s+)?(?P<ago_n>{num_words}|\d{{1,3}}|(?i:the)(?=\s+(?i:day|week|month|year)\s))"
                rf"(?:\s+(?i:or\s+(?:so|two|three|more)))?\s+(?P<ago_unit>{units_plural})"
                rf"(?:\s+(?i:or\s+so))?\s+(?P<ago_dir>(?i:ago|earlier|later|before|after|back|from\s+now|"
                rf"hence|previously)){end}"),
        ("wd", rf"{left}(?:(?P<wd_mod>(?i:last|this\s+past|this\s+coming|this|next|coming|the\s+previous|"
               rf"the\s+following|the\s+next|previous))\s+)?(?P<wd_day>{wd_full})(?:['’]s)?"
               rf"(?:\s+(?P<wd_part>{dayparts}))?{end}"),
        ("dx", rf"{left}(?P<dx_word>{relative})(?:\s+(?P<dx_part>{dayparts}))?{end}"
               rf"(?!\s+(?:(?:{num_words}|{units_plural})(?!\w)|\d))"),
    ]
    body = "|".join(f"(?P<{name}>{pattern})" for name, pattern in rules)
    return re.compile(body)


MASTER = build_master()

PART_BEFORE = re.compile(
    r"(?<!\w)(?P<part>" + alt(list(TABLES.parts), ci=True) + r")(?:\s*-\s*|\s+)(?:(?i:the|of)\s+)?$"
)
WEEK_OF_BEFORE = re.compile(r"(?<!\w)(?i:the\s+week\s+of)\s+$")
SINCE_BEFORE = re.compile(r"(?<!\w)(?i:since|ever\s+since)\s+(?P<the>(?i:the)\s+)?$")
RANGE_FROM_BEFORE = re.compile(r"(?<!\w)(?P<kw>(?i:from|between))\s+$")
RANGE_BETWEEN = re.compile(r"\s*(?P<sep>-|–|—|(?i:to|through|thru|until|till|and))\s*$")
TIME_BEFORE = re.compile(
    r"(?<![\w:.])(?:(?:around|about|at)\s+)?(?:\d{1,2}(?::\d\d)?\s*(?:a\.m\.?|p\.m\.?|am|pm)|noon|midnight|"
    r"mid-?\s?afternoon|midday|mid-?\s?morning)(?:\s+(?:[ECMP][SD]T|GMT|UTC|BST))?,?\s+(?:on\s+)?$",
    re.IGNORECASE,
)
FUTURE_CUE = re.compile(r"(?<![\w'’])(?:" + "|".join(_phrase(c) for c in TABLES.future_cues) + r")(?!\w)",
                        re.IGNORECASE)
# A clause ends at ! ? ; : quotes, line breaks, and at a period that closes a sentence: not one after an
# initial ("Daniel P. Davison", "U.S.") or a title or month abbreviation ("Mr.", "Gov.", "Jan.").
ABBREVIATIONS: frozenset[str] = frozenset(r[0] for r in load_table("abbreviations.tsv"))
CLAUSE_BREAK = re.compile(r"[!?;:\"“”]\s|\n|''|``|(?P<word>\b\w+)?\.\s")


def clause_start(text: str) -> int:
    """Offset just after the last clause break in ``text`` (0 if none). A period after a single letter
    ("Daniel P. Davison", "U.S.", "9 a.m.") or after an abbreviation from ``abbreviations.tsv`` ("Gov.",
    "Jan.") does not end a sentence."""
    start = 0
    for brk in CLAUSE_BREAK.finditer(text):
        word = brk["word"]
        if word is not None and (len(word) == 1 or word in ABBREVIATIONS):
            continue
        start = brk.end()
    return start


PAST_CUE = re.compile(r"(?<!\w)(?:" + "|".join(_phrase(w) for w in TABLES.past_cues) + r"|[a-z]+ed)\s+(?:on\s+)?$",
                      re.IGNORECASE)
# Past perfect, "was scheduled", counterfactual "would have": the clause reports the past even with a
# forward-looking word in it.
PAST_CLAUSE = re.compile(r"(?i:\bhad\b|\b(?:was|were)\s+(?:scheduled|due|expected|set|supposed|to)\b|"
                         r"\b(?:would|could|might|should)\s+have\b|\b\w+(?:'|’)d\s+have\b)")
DEADLINE_BEFORE = re.compile(r"(?i:\b(?:by|until)\s+(?:early|mid|late|the\s+end\s+of)?[\s-]*"
                             r"(?:\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?(?:\s+[A-Z]{2,4})?,?\s+|noon\s+|midnight\s+)?)$")
PAST_WORD = re.compile(r"(?<!\w)(?:" + "|".join(_phrase(w) for w in TABLES.past_cues) + r"|[a-z]+ed)(?!\w)",
                       re.IGNORECASE)
# The tense scan before a yearless date (``orientation.direction``): what each word says about its clause.
TENSE_MARKERS: dict[str, str] = {r[0].replace("’", "'"): r[1] for r in load_table("tense_markers.tsv")}
PAST_FORMS: frozenset[str] = frozenset(TABLES.past_cues) | frozenset(r[0] for r in load_table("past_forms.tsv"))
NOT_PAST: frozenset[str] = frozenset(r[0] for r in load_table("not_past.tsv"))
GENERIC_AFTER = re.compile(r"['’]s\s+(?:\w+\s+)?(?:" + "|".join(r[0] for r in load_table("generic_nouns.tsv")) + r")(?!\w)",
                           re.IGNORECASE)
NOT_AFTER_NAME = re.compile(r"\s+(?:" + "|".join(_phrase(w) for w in TABLES.not_after_name) + r")(?!\w)")
_YEAR_CUES = load_table("year_cues.tsv")
# A four-digit number outside 1600-2099 is a year only after one of these words (``year_cues.tsv``).
YEAR_CUE_BEFORE = re.compile(r"(?<![\w.])" + alt([r[0] for r in _YEAR_CUES], ci=True) + r"\s+$")
YEAR_CUE_BEFORE_LATE = re.compile(r"(?<![\w.])" + alt([r[0] for r in _YEAR_CUES if r[1] == "any"], ci=True)
                                  + r"\s+$")
CUE_BEFORE_MONTH = re.compile(r"(?<!\w)" + alt([r[0] for r in load_table("month_cues.tsv")], ci=True) + r"[\s-]+$")


def _first_words(phrases: object) -> set[str]:
    return {_key(p).split()[0] for p in phrases}  # type: ignore[attr-defined]


# Words that can open a rule. The tagger runs ``MASTER.match`` only at tokens in this set (or starting with a
# digit): trying the whole alternation at every character is five times slower. A rule whose first word is
# missing here can never fire, so keep this in step with ``build_master``.
TRIGGERS: frozenset[str] = frozenset(
    _first_words(TABLES.months) | _first_words(TABLES.weekdays) | _first_words(TABLES.numbers)
    | _first_words(TABLES.relative) | _first_words(TABLES.modifiers) | _first_words(TABLES.holidays)
    | _first_words(TABLES.seasons) | _first_words(TABLES.dayparts)
    | _first_words([r[0] for r in load_table("approximators.tsv")])
    | {"the", "that", "this", "last", "next", "coming", "previous", "early", "late", "fiscal", "year",
       "comparable", "corresponding", "same", "q1", "q2", "q3", "q4", "eighteen", "nineteen", "two",
       "twenty", "1st", "2nd", "3rd", "4th", "final"}
)
TOKEN = re.compile(r"\w+")


def trie_regex(words: set[str] | frozenset[str]) -> str:
    """An alternation factored by common prefixes ("t(?:he|his|oday)"): the regex engine then tries one
    branch per position instead of every word, which is what makes trigger scanning fast."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict[str, dict]) -> str:
        optional = "" in node
        branches = [re.escape(ch) + render(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and len(branches[0]) <= 2 else "(?:" + "|".join(branches) + ")"
        if len(branches) == 1 and not optional and not body.startswith("(?:"):
            return body
        return body + ("?" if optional else "") if body.startswith("(?:") else "(?:" + body + ")" + (
            "?" if optional else "")

    return render(trie)


TRIGGER_SCAN = re.compile(r"(?<!\w)(?:" + trie_regex(TRIGGERS) + r"(?!\w)|\d)", re.IGNORECASE)

# Triggers that open a rule on their own (names, deictic words); every other trigger ("the", "a", "in",
# "last") is tried only when the next word is a trigger, a digit, a unit or a period adjective.
STRONG_TRIGGERS: frozenset[str] = frozenset(
    _first_words(TABLES.months) | _first_words(TABLES.weekdays) | _first_words(TABLES.holidays)
    | _first_words(TABLES.seasons) | {_key(p) for p in TABLES.relative if " " not in _key(p)}
    | {"q1", "q2", "q3", "q4", "year"}
)
def _all_words(phrases: object) -> set[str]:
    return {w for p in phrases for w in _key(p).split()}  # type: ignore[attr-defined]


SECOND_WORDS: frozenset[str] = TRIGGERS | frozenset(
    _all_words(TABLES.modifiers) | _all_words(TABLES.relative) | _all_words(TABLES.numbers)
    | _all_words(TABLES.holidays) | _all_words(TABLES.parts) |
    {u for u in TABLES.units} | {u + "s" for u in TABLES.units} | set(TABLES.decades)
    | {"centuries", "latest", "full", "current", "fiscal", "near", "future", "past", "rest", "recent", "most",
       "entire", "whole", "period", "same", "comparable", "corresponding", "following", "previous", "or",
       "thousand", "hundred", "quarter", "half", "few", "couple", "several", "dozen", "than", "present"}
)

# The same on lower-cased text (case-sensitive matching is faster), used when lowering keeps offsets; the
# check that a weak trigger is followed by a possible continuation is done inside the regex.
TRIGGER_SCAN_LOWER = re.compile(
    r"\b(?:" + trie_regex(STRONG_TRIGGERS) + r"\b|\d|(?P<weak>" + trie_regex(TRIGGERS - STRONG_TRIGGERS)
    + r")\b(?=[\s\W]{0,3}(?:(?:" + trie_regex(frozenset(SECOND_WORDS)) + r")\b|\d|['’‘]\d)))"
)
