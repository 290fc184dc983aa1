"""Group event mentions that report the same happening, across sentences, articles and outlets.

Blocking keeps it near-linear: mentions meet only when they share an actor (or both have none) and a day
of their date windows (an interval of up to a month is indexed day by day so a precise date can refine
it; a longer one only meets the same interval); day-precise mentions also meet those up to
``CONFLICT_DAYS`` apart, so outlets that disagree on the day still find each other. Within a block the
similarity of the clauses (TF-IDF, scikit-learn) is one sparse matrix product.

A pair joins when the kinds are compatible, the agents do not differ (for speech acts: Biden's remarks
and Peskov's answer are different happenings even on the same day with the same actors) and the clauses
read alike. Word-for-word copies (syndicated stories) are joined first, so only distinct mentions are
paired. Pairs are merged best first; a merge is refused when it would stretch a group's written dates,
or the days its undated statements may date from, beyond ``CONFLICT_DAYS``, make one article disagree
with itself, or mix two speakers' speech acts.
Statements of one speaker in one article on one date are one speech act and join without the wording test.

An undated statement is dated by its article's publication day, but may have been made the day before
("Peskov said" in a paper of Friday morning): its window is [publication − 1 day, publication]. It joins
explicitly dated reports inside that window, never makes a conflict, and gives way to them for the date.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from dateline.daymath import days_between, shift, shifted
from dateline.events.kinds import BACKGROUND, OTHER, PROPOSAL, REJECTION, STATEMENT
from dateline.events.text import content_words
from dateline.records import Event, EventMention

MAX_DAY_SPAN = 31  # intervals up to a month are indexed day by day so precise dates can refine them
CONFLICT_DAYS = 2  # day-precise reports this far apart may still be one happening (flagged as a conflict)
SIMILAR = 0.30  # cosine needed to join when dates agree
SIMILAR_CONFLICTING = 0.45  # stricter when the dates disagree
PUBLICATION_SLACK = timedelta(days=1)  # an undated statement may be a day older than its article

# News reports an offer or a refusal as something said: those kinds may describe one happening.
_SPEECH_ACTS = frozenset({STATEMENT, PROPOSAL, REJECTION})
_BASIS_RANK = {"explicit": 3, "anchored": 2, "context": 1, "publication": 0}


class _Groups:
    """Union-find that keeps, per group, what a merge must not break."""

    def __init__(self, mentions: Sequence[EventMention]):
        self.parent = list(range(len(mentions)))
        self.days: list[tuple[date, date] | None] = []  # min/max written day-precise date
        self.article_days: list[dict[str, set[date]]] = []
        self.agents: list[set[str]] = []  # speakers of the group's speech acts
        # (article, sentence) → date as written: two dates in one sentence date two happenings
        self.sentences: list[dict[tuple[str, int], str]] = []
        # first and last day of the members' narrow windows (a day, or an undated statement's two days):
        # keeps undated reports from chaining a group across weeks (Monday's remarks ~ Tuesday's ~ …)
        self.narrow: list[tuple[date, date] | None] = []
        for m in mentions:
            w = _window(m)
            self.narrow.append(w if (w[1] - w[0]).days <= 1 else None)
            firm = m.date_basis in ("explicit", "anchored") and bool(m.date_text)
            self.sentences.append({(m.article_id, m.char_start): m.date_text} if firm else {})  # type: ignore[dict-item]
            firm_day = m.date_basis != "publication" and m.start == m.end
            self.days.append((m.start, m.start) if firm_day else None)  # type: ignore[arg-type]
            self.article_days.append({m.article_id: {m.start}} if firm_day else {})  # type: ignore[arg-type]
            self.agents.append({m.agent} if m.agent and m.kind in _SPEECH_ACTS else set())

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        days = _joined_span(self.days[ra], self.days[rb])
        narrow = _joined_span(self.narrow[ra], self.narrow[rb])
        if days is False or narrow is False:
            return False
        aa, ab = self.article_days[ra], self.article_days[rb]
        if any(art in ab and ab[art] != ds for art, ds in aa.items()):
            return False  # one article does not disagree with itself: two dates there are two happenings
        ga, gb = self.agents[ra], self.agents[rb]
        if ga and gb and not (ga & gb):
            return False
        sa, sb = self.sentences[ra], self.sentences[rb]
        if any(k in sb and sb[k] != v for k, v in sa.items()):
            return False
        keep, drop = min(ra, rb), max(ra, rb)
        self.parent[drop] = keep
        self.days[keep] = days  # type: ignore[assignment]
        self.narrow[keep] = narrow  # type: ignore[assignment]
        merged = {k: set(v) for k, v in aa.items()}
        for art, ds in ab.items():
            merged.setdefault(art, set()).update(ds)
        self.article_days[keep] = merged
        self.agents[keep] = ga | gb
        self.sentences[keep] = {**sa, **sb}
        return True


def _joined_span(
    a: tuple[date, date] | None, b: tuple[date, date] | None
) -> tuple[date, date] | None | bool:
    """The span covering both (either may be absent), or False when it would exceed ``CONFLICT_DAYS``."""
    if not (a and b):
        return a or b
    span = (min(a[0], b[0]), max(a[1], b[1]))
    return False if (span[1] - span[0]).days > CONFLICT_DAYS else span


def _window(m: EventMention) -> tuple[date, date]:
    assert m.start is not None and m.end is not None
    if m.date_basis == "publication":
        return shift(m.start, -PUBLICATION_SLACK), m.end  # stops at 1 Jan 0001
    return m.start, m.end


def _overlap(a: tuple[date, date], b: tuple[date, date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _days(start: date, end: date) -> list[date]:
    return days_between(start, end)


def _kinds_compatible(a: str, b: str) -> bool:
    if a == b or OTHER in (a, b) or BACKGROUND in (a, b):
        return True
    return STATEMENT in (a, b) and a in _SPEECH_ACTS and b in _SPEECH_ACTS


def _agents_compatible(a: EventMention, b: EventMention) -> bool:
    if not (a.agent and b.agent) or a.agent == b.agent:
        return True
    return not (a.kind in _SPEECH_ACTS or b.kind in _SPEECH_ACTS)


def _text(m: EventMention) -> str:
    text = m.clause or m.sentence
    return text.replace(m.date_text, " ") if m.date_text else text


def _vectorize(mentions: Sequence[EventMention]):
    """TF-IDF rows of each mention's clause without its date expression (same-day reports would
    otherwise look alike just for sharing 'on Thursday')."""
    return TfidfVectorizer(analyzer=content_words, sublinear_tf=True).fit_transform(
        [_text(m) for m in mentions]).tocsr()


CHUNK = 200_000  # pairs whose cosines are computed in one sparse operation


def _within(members: list[int]) -> np.ndarray:
    arr = np.asarray(members)
    iu, ju = np.triu_indices(len(arr), 1)
    return np.stack([arr[iu], arr[ju]], axis=1)


def _across(left: list[int], right: list[int]) -> np.ndarray:
    a, b = np.meshgrid(np.asarray(left), np.asarray(right), indexing="ij")
    return np.stack([a.ravel(), b.ravel()], axis=1)


BATCH_PAIRS = 4_000_000  # block pairs gathered before one round of cosines: bounds memory on big corpora


def _similar_pairs(vectors, chunks: Iterable[np.ndarray], threshold: float) -> Iterator[tuple[float, int, int]]:
    """(cosine, i, j), i < j, for the pairs of the blocks at or above ``threshold``.

    Blocks' pairs are gathered ``BATCH_PAIRS`` at a time (never all at once: on a large corpus that is
    gigabytes) and their cosines computed in a few large sparse operations per batch. A pair that two
    batches share comes out twice with the same cosine; callers keep the best per pair.
    """
    if vectors is None:
        return
    batch: list[np.ndarray] = []
    size = 0
    for chunk in chunks:
        batch.append(chunk)
        size += len(chunk)
        if size >= BATCH_PAIRS:
            yield from _batch_cosines(vectors, batch, threshold)
            batch, size = [], 0
    if batch:
        yield from _batch_cosines(vectors, batch, threshold)


def _batch_cosines(vectors, chunks: list[np.ndarray], threshold: float) -> list[tuple[float, int, int]]:
    """The distinct pairs of ``chunks`` at or above ``threshold`` (TF-IDF rows are L2-normalised, so a
    row-wise dot product is the cosine)."""
    pairs = np.concatenate(chunks).astype(np.int64)
    lo, hi = pairs.min(axis=1), pairs.max(axis=1)
    n = int(hi.max()) + 1
    codes = np.unique((lo * n + hi)[lo != hi])
    pairs = np.stack([codes // n, codes % n], axis=1)
    out = []
    for s in range(0, len(pairs), CHUNK):
        i, j = pairs[s:s + CHUNK, 0], pairs[s:s + CHUNK, 1]
        sims = np.asarray(vectors[i].multiply(vectors[j]).sum(axis=1)).ravel()
        keep = sims >= threshold
        out += zip(sims[keep].tolist(), i[keep].tolist(), j[keep].tolist(), strict=True)
    return out


def _candidate_pairs(mentions: Sequence[EventMention], vectors) -> list[tuple[float, int, int]]:
    """Pairs that pass the joining rule, best first."""
    windows = [_window(m) for m in mentions]
    blocks: dict[object, list[int]] = defaultdict(list)
    day_blocks: dict[tuple[date, str | None], list[int]] = defaultdict(list)
    speech: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        w0, w1 = windows[i]
        actors = m.actors or (None,)
        for actor in actors:
            if (w1 - w0).days < MAX_DAY_SPAN:
                for d in _days(w0, w1):
                    blocks[(d, actor)].append(i)
            else:
                blocks[(w0, w1, actor)].append(i)
            if m.date_basis != "publication" and m.granularity == "day" and m.start == m.end:
                day_blocks[(m.start, actor)].append(i)  # type: ignore[index]
        if m.kind == STATEMENT and m.agent:
            speech[(m.article_id, m.agent)].append(i)

    best: dict[tuple[int, int], float] = {}

    def offer(sim: float, i: int, j: int, conflicting: bool) -> None:
        a, b = mentions[i], mentions[j]
        if not _kinds_compatible(a.kind, b.kind) or not _agents_compatible(a, b):
            return
        if conflicting:
            if a.article_id == b.article_id or OTHER in (a.kind, b.kind):
                return
        elif not _overlap(windows[i], windows[j]):
            return
        if sim > best.get((i, j), -1.0):
            best[(i, j)] = sim

    # One speaker's statements in one article on one date: one speech act, whatever the wording.
    for members in speech.values():
        members.sort(key=lambda i: windows[i])
        for x, i in enumerate(members):
            for j in members[x + 1:x + 4]:
                if _overlap(windows[i], windows[j]):
                    offer(1.0, min(i, j), max(i, j), False)
    within = (_within(members) for members in blocks.values() if len(members) > 1)
    for sim, i, j in _similar_pairs(vectors, within, SIMILAR):
        offer(sim, i, j, False)
    # Day-precise reports a day or two apart: the same happening dated differently by two outlets.
    across = []
    for (d, actor), members in day_blocks.items():
        for days in range(1, CONFLICT_DAYS + 1):
            later = shifted(d, days)
            other = day_blocks.get((later, actor)) if later else None
            if other:
                across.append(_across(members, other))
    for sim, i, j in _similar_pairs(vectors, across, SIMILAR_CONFLICTING):
        offer(sim, i, j, True)
    return sorted(((s, i, j) for (i, j), s in best.items()), key=lambda p: (-p[0], p[1], p[2]))


def _event_date(group: Sequence[EventMention]) -> tuple[date, date, str | None, bool]:
    """The most precise interval consistent with most mentions, and whether a written date disagrees."""
    firm = [m for m in group if m.date_basis != "publication"]
    if not firm:  # only undated statements: the latest day all their windows allow
        lo = max(_window(m)[0] for m in group)
        hi = min(_window(m)[1] for m in group)
        day = hi if lo <= hi else max(m.end for m in group)  # type: ignore[type-var]
        return day, day, "day", False  # type: ignore[return-value]

    firm_windows = Counter(_window(m) for m in firm)
    all_windows = Counter(_window(m) for m in group)

    def support(m: EventMention) -> tuple[int, int]:  # written dates first, undated statements break ties
        w = _window(m)
        return (sum(n for o, n in firm_windows.items() if _overlap(w, o)),
                sum(n for o, n in all_windows.items() if _overlap(w, o)))

    best = max(firm, key=lambda m: (support(m)[0], -(m.end - m.start).days,  # type: ignore[operator]
                                    support(m)[1], _BASIS_RANK.get(m.date_basis, 0), m.start))
    conflict = any(not _overlap(_window(best), o) for o in firm_windows)
    return best.start, best.end, best.granularity, conflict  # type: ignore[return-value]


def _fmt_day(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b %Y}"


def _conflict_note(group: Sequence[EventMention], sources: Mapping[str, str]) -> str:
    """Who says what: 'Outlet A: Sat 3 Dec 2022 (“on Saturday”); Outlet B: Fri 2 Dec 2022 (“Friday”)'."""
    by_source: dict[str, list[str]] = defaultdict(list)
    for m in group:
        if m.date_basis == "publication":
            continue
        when = _fmt_day(m.start) if m.start == m.end else f"{m.start} – {m.end}"  # type: ignore[arg-type]
        label = f"{when} (“{m.date_text}”)" if m.date_text else when
        source = m.outlet or sources.get(m.article_id) or m.article_id
        if label not in by_source[source]:
            by_source[source].append(label)
    return "; ".join(f"{src}: {', '.join(labels)}" for src, labels in by_source.items())


def make_title(sentence: str, predicate: str, date_text: str | None, limit: int = 110) -> str:
    """A short readable title: the clause, or its part around the predicate and date, trimmed."""
    text = " ".join(sentence.split())
    if len(text) <= limit:
        return text
    anchor = text.lower().find(predicate.lower()) if predicate else -1
    if anchor < 0 and date_text:
        anchor = text.find(date_text)
    anchor = max(anchor, 0)
    start = 0 if anchor < limit * 2 // 3 else max(0, anchor - limit // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < anchor else start
    piece = text[start:start + limit]
    if start + limit < len(text):
        piece = piece.rsplit(" ", 1)[0].rstrip(",;:—–-") + " …"
    return ("… " if start else "") + piece


def _join_copies(mentions: Sequence[EventMention], uf: _Groups) -> list[int]:
    """Join word-for-word copies (syndicated wire stories, a sentence repeated in one article) first and
    return the indices of the distinct mentions: only those need pairing. A block of n copies would
    otherwise cost n² pairs, all of them certain."""
    first: dict[tuple, int] = {}
    distinct: list[int] = []
    for i, m in enumerate(mentions):
        key = (_text(m), m.start, m.end, m.granularity, m.date_basis, m.date_text, m.kind, m.agent, m.actors)
        j = first.setdefault(key, i)
        if j == i or not uf.union(j, i):
            distinct.append(i)
    return distinct


def group_mentions(
    mentions: Sequence[EventMention],
    actor_names: Mapping[str, str],
    sources: Mapping[str, str] | None = None,
) -> list[Event]:
    """Group dated mentions into events; undated mentions are not events.

    ``sources`` names articles without an outlet (for the conflict note), by article id.
    """
    mentions = [m for m in mentions if m.start is not None and m.end is not None]
    if not mentions:
        return []
    try:
        vectors = _vectorize(mentions)
    except ValueError:  # no word at all in any clause: nothing can be compared
        vectors = None
    uf = _Groups(mentions)
    distinct = _join_copies(mentions, uf)
    for _, i, j in _candidate_pairs([mentions[k] for k in distinct],
                                    vectors[distinct] if vectors is not None else None):
        uf.union(distinct[i], distinct[j])
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(mentions)):
        groups[uf.find(i)].append(i)
    centrality = _centrality(groups, vectors, len(mentions))

    events: list[Event] = []
    ids: set[str] = set()
    for members in groups.values():
        group = sorted((mentions[i] for i in members), key=lambda m: m.candidate_id)
        start, end, granularity, conflict = _event_date(group)
        kinds = Counter(m.kind for m in group if m.kind != OTHER)
        kind = kinds.most_common(1)[0][0] if kinds else OTHER
        if kind == BACKGROUND and len(kinds) > 1 and kinds[BACKGROUND] == kinds.most_common(2)[1][1]:
            kind = kinds.most_common(2)[1][0]  # a tie: the happening's own kind
        rep = _representative(members, mentions, centrality, kind, (start, end))
        actor_counts = Counter(a for m in group for a in m.actors)
        actor_ids = tuple(a for a, _ in actor_counts.most_common())
        outlets = tuple(sorted({m.outlet for m in group if m.outlet}))
        eid = "ev-" + hashlib.sha1(group[0].candidate_id.encode()).hexdigest()[:12]
        while eid in ids:  # candidate ids are unique per build; this guards hand-made input
            eid = "ev-" + hashlib.sha1(eid.encode()).hexdigest()[:12]
        ids.add(eid)
        events.append(Event(
            id=eid,
            title=make_title(rep.clause or rep.sentence, rep.predicate, rep.date_text),
            kind=kind,
            start=start,
            end=end,
            granularity=granularity,  # type: ignore[arg-type]
            actors=tuple(actor_names.get(a, a) for a in actor_ids),
            mentions=tuple(group),
            outlets=outlets,
            date_conflict=conflict,
            conflict_note=_conflict_note(group, sources or {}) if conflict else "",
            actor_ids=actor_ids,
        ))
    events.sort(key=lambda e: (e.start, e.id))  # type: ignore[arg-type, return-value]
    return events


def _centrality(groups: Mapping[int, list[int]], vectors, n: int) -> np.ndarray:
    """Each mention's mean cosine to the members of its group (itself included), for all groups in a
    few sparse operations: the dot product with the group's summed TF-IDF row, over the group's size."""
    if vectors is None:
        return np.zeros(n)
    group_of = np.empty(n, dtype=np.int64)
    sizes = np.empty(len(groups))
    for g, members in enumerate(groups.values()):
        group_of[members] = g
        sizes[g] = len(members)
    indicator = sparse.csr_matrix((np.ones(n), (group_of, np.arange(n))), shape=(len(groups), n))
    sums = (indicator @ vectors).tocsr()
    return np.asarray(vectors.multiply(sums[group_of]).sum(axis=1)).ravel() / sizes[group_of]


def _representative(
    members: list[int], mentions: Sequence[EventMention], centrality: np.ndarray, kind: str,
    when: tuple[date, date],
) -> EventMention:
    """The mention closest to the others, preferring one that writes the event's date and has its kind."""
    if len(members) == 1:
        return mentions[members[0]]

    def score(x: int) -> tuple[float, int]:
        m = mentions[members[x]]
        bonus = (0.3 * (m.date_basis != "publication") + 0.2 * (m.kind == kind)
                 + 0.3 * _overlap(_window(m), when))
        return round(float(centrality[members[x]]) + bonus, 9), -x  # rounded: equal scores go to the first
    best = max(range(len(members)), key=score)
    return mentions[members[best]]
