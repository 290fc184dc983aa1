"""Event mentions in one article: a dated happening per resolved date expression.

Without a dependency parse (the build runs the fast senter + ner pipeline), the predicate a date governs
is approximated by the nearest event word of the lexicon within the same clause, preferring words
before the date ("Russia invaded Ukraine on February 24"). Each resolved date outside a direct quote
yields one candidate, so a sentence reporting two happenings ("said on Thursday … since Russia invaded on
February 24") yields two.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from dateline.events.kinds import BACKGROUND, OTHER, STATEMENT
from dateline.records import (
    Article,
    EntityMention,
    EventCandidate,
    LocalStatement,
    Sentence,
    TimeMatch,
)

_RESOURCES = Path(__file__).parent / "resources"
# Happenings dated this long before publication are the story's background, not its news.
BACKGROUND_AFTER = timedelta(days=45)
# How far (in characters) a predicate may sit from its date and still govern it.
PREDICATE_WINDOW = 90
_CLAUSE_BREAK = re.compile(r"[;:—–]|,\s+(?:but|while|although|whereas)\s|\.\s")


def _load_predicates() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in (_RESOURCES / "predicates.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, forms = line.split("\t", 1)
        for form in forms.split():
            table.setdefault(form.replace("-", " ").lower(), kind)
    return table


PREDICATES = _load_predicates()
_PREDICATE_RE = re.compile(
    r"\b(?P<word>" + "|".join(sorted(map(re.escape, PREDICATES), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)


def _nearest_predicate(sentence: Sentence, timex: TimeMatch) -> tuple[str, str]:
    """(word, kind) of the event word closest to the date within its clause, or ("", other)."""
    lo = timex.char_start - sentence.char_start
    hi = timex.char_end - sentence.char_start
    text = sentence.text
    best: tuple[float, str] | None = None
    for m in _PREDICATE_RE.finditer(text):
        if lo <= m.start() < hi:  # inside the date expression itself
            continue
        gap_start, gap_end = (m.end(), lo) if m.end() <= lo else (hi, m.start())
        if gap_end - gap_start > PREDICATE_WINDOW or _CLAUSE_BREAK.search(text, gap_start, gap_end):
            continue
        # Predicates before the date usually govern it ("invaded ... on Feb 24"); after costs more.
        score = (gap_end - gap_start) * (1.0 if m.end() <= lo else 1.6)
        if best is None or score < best[0]:
            best = (score, m.group("word"))
    if best is None:
        return "", OTHER
    word = best[1]
    return word, PREDICATES[word.lower()]


def _inside(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def find_event_candidates(
    article: Article,
    sentences: Sequence[Sentence],
    timexes: Sequence[TimeMatch],
    mentions: Sequence[EntityMention],
    statements: Sequence[LocalStatement],
) -> list[EventCandidate]:
    """One candidate per resolved date expression that is not inside a direct quote."""
    quoted = [(s.match.char_start, s.match.char_end) for s in statements if s.match.direct]
    said_dates = {(s.said.char_start, s.said.char_end) for s in statements if s.said}
    out: list[EventCandidate] = []
    si = 0
    for t in timexes:
        if t.start is None or t.end is None or _inside(t.char_start, t.char_end, quoted):
            continue
        while si < len(sentences) and sentences[si].char_end <= t.char_start:
            si += 1
        if si >= len(sentences):
            break
        sent = sentences[si]
        if not sent.char_start <= t.char_start < sent.char_end:
            continue
        word, kind = _nearest_predicate(sent, t)
        if (t.char_start, t.char_end) in said_dates:
            kind = STATEMENT
        if article.published and t.end < article.published - BACKGROUND_AFTER:
            kind = BACKGROUND
        keys = tuple(dict.fromkeys(
            m.key for m in mentions
            if sent.char_start <= m.char_start < sent.char_end
            and not _inside(m.char_start, m.char_end, quoted)
        ))
        out.append(EventCandidate(
            id=f"{article.id}-e{t.char_start}",
            article_id=article.id,
            char_start=sent.char_start,
            char_end=sent.char_end,
            sentence=sent.text,
            date_text=t.text,
            start=t.start,
            end=t.end,
            granularity=t.granularity,
            kind=kind,
            predicate=word,
            actor_keys=keys,
        ))
    return out
