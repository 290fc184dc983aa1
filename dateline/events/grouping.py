"""Group event mentions that report the same happening, across sentences, articles and outlets.

Blocking keeps it near-linear: mentions are compared only with others whose dates share a day (or,
for a vaguer date, the same interval), and with day-precise mentions up to ``CONFLICT_DAYS`` apart so that
outlets that disagree on the day still meet. Within a block, mentions join when they share an actor, are
of compatible kinds and read alike (TF-IDF cosine over the sentence, scikit-learn).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from dateline.events.kinds import BACKGROUND, OTHER, PROPOSAL, REJECTION, STATEMENT
from dateline.records import Event, EventMention

MAX_DAY_SPAN = 31  # intervals up to a month are indexed day by day so precise dates can refine them
CONFLICT_DAYS = 2  # day-precise reports this far apart may still be one happening (flagged as a conflict)
SIMILAR = 0.30  # cosine needed to join when dates agree
SIMILAR_CONFLICTING = 0.45  # stricter when the dates disagree
MAX_BLOCK = 400  # a block larger than this is compared only to its nearest neighbours in time


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def _overlap(a: EventMention, b: EventMention) -> bool:
    return a.start <= b.end and b.start <= a.end  # type: ignore[operator]


# News reports an offer or a refusal as something said: those kinds may describe one happening.
_SPEECH_ACTS = frozenset({STATEMENT, PROPOSAL, REJECTION})


def _kinds_compatible(a: str, b: str) -> bool:
    if a == b or OTHER in (a, b) or BACKGROUND in (a, b):
        return True
    return STATEMENT in (a, b) and a in _SPEECH_ACTS and b in _SPEECH_ACTS


def _blocks(mentions: Sequence[EventMention]) -> dict[object, list[int]]:
    blocks: dict[object, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        span = (m.end - m.start).days  # type: ignore[operator]
        if span < MAX_DAY_SPAN:
            for d in _days(m.start, m.end):  # type: ignore[arg-type]
                blocks[d].append(i)
        else:
            blocks[(m.start, m.end)].append(i)
    return blocks


def _pairs(mentions: Sequence[EventMention], vectors) -> list[tuple[int, int]]:
    """Candidate pairs that pass the joining rule."""
    blocks = _blocks(mentions)
    day_blocks = {k: v for k, v in blocks.items() if isinstance(k, date)}
    seen: set[tuple[int, int]] = set()
    joined: list[tuple[int, int]] = []

    def consider(i: int, j: int) -> None:
        if i == j:
            return
        key = (i, j) if i < j else (j, i)
        if key in seen:
            return
        seen.add(key)
        a, b = mentions[i], mentions[j]
        if not _kinds_compatible(a.kind, b.kind):
            return
        if not (set(a.actors) & set(b.actors)) and (a.actors or b.actors):
            return
        cos = float(vectors[i].multiply(vectors[j]).sum()) if vectors is not None else 0.0
        if _overlap(a, b):
            if cos >= SIMILAR:
                joined.append(key)
        elif (a.granularity == b.granularity == "day" and a.article_id != b.article_id
              and cos >= SIMILAR_CONFLICTING):
            joined.append(key)

    for members in blocks.values():
        members = members[:MAX_BLOCK]
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                consider(i, j)
    # Day-precise reports a day or two apart: the same happening dated differently by two outlets.
    for d, members in day_blocks.items():
        for shift in range(1, CONFLICT_DAYS + 1):
            other = day_blocks.get(d + timedelta(days=shift))
            if not other:
                continue
            for i in members[:MAX_BLOCK]:
                if mentions[i].granularity != "day":
                    continue
                for j in other[:MAX_BLOCK]:
                    if mentions[j].granularity == "day":
                        consider(i, j)
    return joined


def _event_date(group: Sequence[EventMention]) -> tuple[EventMention, bool]:
    """The most precise interval consistent with most mentions, and whether any mention disagrees."""
    def support(m: EventMention) -> int:
        return sum(1 for o in group if _overlap(m, o))

    best = max(group, key=lambda m: (support(m), -(m.end - m.start).days, m.start))  # type: ignore[operator]
    conflict = any(not _overlap(best, o) for o in group)
    return best, conflict


def _fmt_day(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b %Y}"


def _conflict_note(group: Sequence[EventMention]) -> str:
    by_source: dict[str, list[str]] = defaultdict(list)
    for m in group:
        when = _fmt_day(m.start) if m.start == m.end else f"{m.start} – {m.end}"  # type: ignore[arg-type]
        label = f"{when} (“{m.date_text}”)" if m.date_text else when
        source = m.outlet or m.article_id
        if label not in by_source[source]:
            by_source[source].append(label)
    return "; ".join(f"{src}: {', '.join(labels)}" for src, labels in by_source.items())


def make_title(sentence: str, predicate: str, date_text: str | None, limit: int = 120) -> str:
    """A short readable title: the sentence, or its clause around the predicate and date, trimmed."""
    text = " ".join(sentence.split())
    if len(text) <= limit:
        return text
    anchor = text.lower().find(predicate.lower()) if predicate else -1
    if anchor < 0 and date_text:
        anchor = text.find(date_text)
    anchor = max(anchor, 0)
    start = max(0, anchor - limit // 2)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < anchor else start
    piece = text[start:start + limit]
    if start + limit < len(text):
        piece = piece.rsplit(" ", 1)[0] + " …"
    return ("… " if start else "") + piece


_WORD = re.compile(r"[^\W\d_]{2,}")
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s")


def _stem(word: str) -> str:
    """A crude suffix stripper: enough for 'talks'/'talked'/'talking' to meet in TF-IDF space.

    A full stemmer (NLTK, Snowball) would be one more dependency for little gain on short sentences.
    """
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _analyzer(text: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall(text.lower()) if w not in ENGLISH_STOP_WORDS]


def _vectorize(mentions: Sequence[EventMention]):
    """TF-IDF rows of each mention's sentence without its date expression (same-day reports would
    otherwise look alike just for sharing 'on Thursday')."""
    texts = [m.sentence.replace(m.date_text, " ") if m.date_text else m.sentence for m in mentions]
    return TfidfVectorizer(analyzer=_analyzer, sublinear_tf=True).fit_transform(texts).tocsr()


def group_mentions(
    mentions: Sequence[EventMention], actor_names: Mapping[str, str]
) -> list[Event]:
    """Group dated mentions into events; undated mentions are not events."""
    mentions = [m for m in mentions if m.start is not None and m.end is not None]
    if not mentions:
        return []
    try:
        vectors = _vectorize(mentions)
    except ValueError:  # no word at all in any sentence: nothing can be compared
        vectors = None
    uf = _UnionFind(len(mentions))
    for i, j in _pairs(mentions, vectors):
        uf.union(i, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(mentions)):
        groups[uf.find(i)].append(i)

    events: list[Event] = []
    for members in groups.values():
        group = sorted((mentions[i] for i in members), key=lambda m: m.candidate_id)
        best, conflict = _event_date(group)
        if len(members) > 1 and vectors is not None:
            sub = vectors[members]
            centrality = np.asarray((sub @ sub.T).sum(axis=1)).ravel()
            rep = mentions[members[int(np.argmax(centrality))]]
        else:
            rep = group[0]
        kinds = Counter(m.kind for m in group if m.kind not in (OTHER, BACKGROUND))
        if kinds:
            kind = kinds.most_common(1)[0][0]
        else:
            kind = BACKGROUND if any(m.kind == BACKGROUND for m in group) else OTHER
        actor_counts = Counter(a for m in group for a in m.actors)
        actor_ids = tuple(a for a, _ in actor_counts.most_common())
        outlets = tuple(sorted({m.outlet for m in group if m.outlet}))
        first = group[0]
        events.append(Event(
            id="ev-" + hashlib.sha1(first.candidate_id.encode()).hexdigest()[:12],
            title=make_title(rep.sentence, rep.predicate, rep.date_text),
            kind=kind,
            start=best.start,
            end=best.end,
            granularity=best.granularity,
            actors=tuple(actor_names.get(a, a) for a in actor_ids),
            mentions=tuple(group),
            outlets=outlets,
            date_conflict=conflict,
            conflict_note=_conflict_note(group) if conflict else "",
            actor_ids=actor_ids,
        ))
    events.sort(key=lambda e: (e.start, e.id))  # type: ignore[arg-type, return-value]
    return events
