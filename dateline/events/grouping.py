"""Group event mentions that report the same happening, across sentences, articles and outlets.

Blocking keeps it near-linear: mentions meet only when they share an actor (or both have none) and a day
of their date windows (an interval of up to a month is indexed day by day so a precise date can refine
it; a longer one only meets the same interval); day-precise mentions also meet those up to
``CONFLICT_DAYS`` apart, so outlets that disagree on the day still find each other. Within a block the
similarity of the clauses (TF-IDF, scikit-learn) is one sparse matrix product.

A pair joins when the kinds are compatible, the agents do not differ (for speech acts: Biden's remarks
and Peskov's answer are different happenings even on the same day with the same actors) and the clauses
read alike; how alike depends on what else the two share (``_threshold``): one speaker's speech act
reported by two articles (a day or two apart: with some shared wording besides the speaker's name), or the
same kind of act on the same day by the same participants, needs little shared wording; two different event words of no common kind need more, and so do dates that disagree.
A statement that names the meeting it was made in ("in the call, Putin said") joins that meeting.

Word-for-word copies (syndicated stories) are joined first, so only distinct mentions are paired. Pairs
are merged best first, and a merge must keep the group one happening (``_Groups.union``): the two groups
must read alike as wholes (centroid cosine, so that A~B and B~C do not chain A to C), their written days
stay within ``CONFLICT_DAYS``, their coarser written dates ("July", "last week") keep a common day that
the written days reach (so "July" and "August" never meet through "in recent
weeks"), one article never disagrees with itself, and two speakers' speech acts never mix.
Statements of one speaker in one article on one date are one speech act and join without the wording test.

An undated statement is dated by its article's publication day, but may have been made the day before
("Peskov said" in a paper of Friday morning): its window is [publication − 1 day, publication]. It joins
explicitly dated reports inside that window, never makes a conflict, and gives way to them for the date.

Everything a merge tests is local to the happening's block (its days and actors), so a corpus update can
regroup only the blocks its new mentions touch; the TF-IDF weights are the one corpus-wide input.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from dateline.daymath import days_between, shifted
from dateline.events.conflicts import conflict_note, event_date, overlap, window
from dateline.events.kinds import BACKGROUND, MEETING, OTHER, PROPOSAL, REJECTION, STATEMENT
from dateline.events.text import PREDICATES, alternation, content_words, stem
from dateline.records import Event, EventMention

MAX_DAY_SPAN = 31  # intervals up to a month are indexed day by day so precise dates can refine them
CONFLICT_DAYS = 2  # day-precise reports this far apart may still be one happening (flagged as a conflict)
SIMILAR = 0.30  # cosine needed to join when dates agree
SIMILAR_CONFLICTING = 0.45  # stricter when the dates disagree
SIMILAR_SPEAKER = 0.20  # one speaker's speech act told by two articles (dates agree or disagree by a day or two)
SIMILAR_SPEAKER_CONTENT = 0.10  # and, when their dates disagree, this much without the speaker's name
SIMILAR_SAME_ACT = 0.10  # same kind of act, same written day, two participants in common
SIMILAR_OTHER_WORD = 0.40  # two different event words of no common kind
AT_MEETING = -1.0  # a pair's group test for a statement made at a meeting: no wording test, speakers may mix
# a pair's group test for one speaker's speech act told by two articles: one sentence each need not read alike
# as a whole, but both groups must be that speaker's alone (a meeting's many voices take the wording test)
ONE_SPEAKER = SIMILAR_SPEAKER / 2

# News reports an offer or a refusal as something said: those kinds may describe one happening.
_SPEECH_ACTS = frozenset({STATEMENT, PROPOSAL, REJECTION})
_NO_ACT = frozenset({OTHER, BACKGROUND, STATEMENT})
# "in the call, Putin said", "notes from the talks show": a statement that names the meeting it was made in
_AT_MEETING = re.compile(
    r"\b(?:the|a|their|his|her|its)\s+(?:(?:phone|telephone|video|private|closed-door)\s+)?(?:"
    + alternation([w for w, k in PREDICATES.items() if k == MEETING and " " not in w]) + r")\b",
    re.IGNORECASE)


def _act(m: EventMention) -> str:
    """The kind of act the event word names (background mentions keep their word's kind)."""
    return PREDICATES.get(m.predicate.lower(), OTHER) if m.predicate else OTHER


def _firm_day(m: EventMention) -> bool:
    return m.date_basis != "publication" and m.start == m.end


class _Groups:
    """Union-find that keeps, per group, what a merge must not break."""

    def __init__(self, mentions: Sequence[EventMention], vectors=None):
        self.parent = list(range(len(mentions)))
        self.days: list[tuple[date, date] | None] = []  # min/max written day-precise date
        # common days of the coarser written dates (a week, a month): they may refine, never chain
        self.common: list[tuple[date, date] | None] = []
        self.article_days: list[dict[str, set[date]]] = []
        self.agents: list[set[str]] = []  # speakers of the group's speech acts
        # (article, sentence) → date as written: two dates in one sentence date two happenings
        self.sentences: list[dict[tuple[str, int], str]] = []
        # first and last day of the members' narrow windows (a day, or an undated statement's two days):
        # keeps undated reports from chaining a group across weeks (Monday's remarks ~ Tuesday's ~ …)
        self.narrow: list[tuple[date, date] | None] = []
        self.vectors = vectors
        self.sums: dict[int, dict[int, float]] = {}  # root → summed TF-IDF row (made on first use)
        self.norms: dict[int, float] = {}  # root → squared norm of that sum
        for m in mentions:
            w = window(m)
            self.narrow.append(w if (w[1] - w[0]).days <= 1 else None)
            firm = m.date_basis in ("explicit", "anchored") and bool(m.date_text)
            self.sentences.append({(m.article_id, m.char_start): m.date_text} if firm else {})  # type: ignore[dict-item]
            firm_day = _firm_day(m)
            self.days.append((m.start, m.start) if firm_day else None)  # type: ignore[arg-type]
            self.common.append(None if firm_day or m.date_basis == "publication" else w)
            self.article_days.append({m.article_id: {m.start}} if firm_day else {})  # type: ignore[arg-type]
            self.agents.append({m.agent} if m.agent and m.kind in _SPEECH_ACTS else set())

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def _sum(self, root: int) -> dict[int, float]:
        found = self.sums.get(root)
        if found is None:
            found = row_dict(self.vectors, root)
            self.sums[root] = found
            self.norms[root] = sum(v * v for v in found.values())
        return found

    def alike(self, ra: int, rb: int) -> tuple[float, float]:
        """(cosine of the two groups' summed rows, their dot product): how alike they read as wholes."""
        a, b = self._sum(ra), self._sum(rb)
        if len(a) > len(b):
            a, b = b, a
        dot = sum(v * b.get(k, 0.0) for k, v in a.items())
        denom = math.sqrt(self.norms[ra] * self.norms[rb])
        return (dot / denom if denom else 0.0), dot

    def union(self, a: int, b: int, min_cos: float | None = None, dates_differ: bool = False) -> bool:
        """Merge the groups of ``a`` and ``b`` unless that breaks one of the rules (module docstring);
        ``dates_differ``: the pair itself is two reports dated a day or two apart, the one way a group
        may come to hold two written days (never through a coarser date both fall in)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        da, db = self.days[ra], self.days[rb]
        days = _joined_span(da, db)
        narrow = _joined_span(self.narrow[ra], self.narrow[rb])
        if days is False or narrow is False:
            return False
        if da and db and days != da and days != db and not dates_differ:
            return False
        common = _common(self.common[ra], self.common[rb])
        if common is False or (days and common and not overlap(days, common)):  # type: ignore[arg-type]
            return False  # "July" and "August", or a written day outside the group's coarse dates
        aa, ab = self.article_days[ra], self.article_days[rb]
        if any(art in ab and ab[art] != ds for art, ds in aa.items()):
            return False  # one article does not disagree with itself: two dates there are two happenings
        ga, gb = self.agents[ra], self.agents[rb]
        if ga and gb and not (ga & gb) and min_cos != AT_MEETING:  # at a meeting, each participant speaks
            return False
        if min_cos == ONE_SPEAKER and (len(ga) > 1 or len(gb) > 1):
            return False
        sa, sb = self.sentences[ra], self.sentences[rb]
        if any(k in sb and sb[k] != v for k, v in sa.items()):
            return False
        dot = None
        if min_cos is not None and min_cos != AT_MEETING and self.vectors is not None:
            cos, dot = self.alike(ra, rb)
            if cos < min_cos:
                return False
        keep, drop = min(ra, rb), max(ra, rb)
        self.parent[drop] = keep
        self.days[keep] = days  # type: ignore[assignment]
        self.narrow[keep] = narrow  # type: ignore[assignment]
        self.common[keep] = common  # type: ignore[assignment]
        merged = {k: set(v) for k, v in aa.items()}
        for art, ds in ab.items():
            merged.setdefault(art, set()).update(ds)
        self.article_days[keep] = merged
        self.agents[keep] = ga | gb
        self.sentences[keep] = {**sa, **sb}
        if ra in self.sums or rb in self.sums:
            if dot is None:
                dot = self.alike(ra, rb)[1]
            big, small = self._sum(keep), self._sum(drop)
            for k, v in small.items():
                big[k] = big.get(k, 0.0) + v
            self.norms[keep] = self.norms[keep] + self.norms[drop] + 2 * dot
            del self.sums[drop], self.norms[drop]
        return True


def row_dict(matrix, i: int) -> dict[int, float]:
    """Row ``i`` of a CSR matrix as {column: value} (slicing the arrays: indexing the matrix is slow)."""
    lo, hi = matrix.indptr[i], matrix.indptr[i + 1]
    return dict(zip(matrix.indices[lo:hi].tolist(), matrix.data[lo:hi].tolist(), strict=True))


def _dot(a: dict[int, float], b: dict[int, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def _joined_span(
    a: tuple[date, date] | None, b: tuple[date, date] | None
) -> tuple[date, date] | None | bool:
    """The span covering both (either may be absent), or False when it would exceed ``CONFLICT_DAYS``."""
    if not (a and b):
        return a or b
    span = (min(a[0], b[0]), max(a[1], b[1]))
    return False if (span[1] - span[0]).days > CONFLICT_DAYS else span


def _common(a: tuple[date, date] | None, b: tuple[date, date] | None) -> tuple[date, date] | None | bool:
    """The days both windows allow (either may be absent), or False when they share none."""
    if not (a and b):
        return a or b
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    return (lo, hi) if lo <= hi else False


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


def _threshold(a: EventMention, b: EventMention, conflicting: bool) -> float:
    """The cosine two mentions need to join, from what else they share (see the module docstring)."""
    if a.article_id != b.article_id and a.agent and a.agent == b.agent and a.kind in _SPEECH_ACTS \
            and b.kind in _SPEECH_ACTS:
        return SIMILAR_SPEAKER
    act_a, act_b = _act(a), _act(b)
    if act_a == act_b and act_a not in _NO_ACT and _firm_day(a) and _firm_day(b) \
            and len(set(a.actors) & set(b.actors)) >= 2:
        return SIMILAR_SAME_ACT if a.start == b.start else SIMILAR_CONFLICTING
    other_word = bool(a.predicate and b.predicate) and stem(a.predicate.lower()) != stem(b.predicate.lower()) \
        and (act_a != act_b or act_a == OTHER)
    if conflicting:  # two dates and two different acts ("exploded on the 20th", "sank on the 22nd"): two happenings
        return math.inf if other_word else SIMILAR_CONFLICTING
    return SIMILAR_OTHER_WORD if other_word else SIMILAR


def _text(m: EventMention, names: Mapping[str, str] | None = None) -> str:
    """What a mention's wording is compared on: its clause without the date expression, and without the
    speaker's name at its start (a speaker's remarks would otherwise all look alike for sharing it)."""
    text = m.clause or m.sentence
    if m.date_text:
        text = text.replace(m.date_text, " ")
    name = (names or {}).get(m.agent or "")
    if name and text.startswith(name):
        text = text[len(name):]
    return text


def _vectorize(mentions: Sequence[EventMention]) -> tuple[TfidfVectorizer, sparse.csr_matrix]:
    """TF-IDF rows of each mention's clause without its date expression (same-day reports would
    otherwise look alike just for sharing 'on Thursday'), and the fitted vectorizer."""
    vectorizer = TfidfVectorizer(analyzer=content_words, sublinear_tf=True)
    return vectorizer, vectorizer.fit_transform([_text(m) for m in mentions]).tocsr()


CHUNK = 200_000  # pairs whose cosines are computed in one sparse operation


def _within(members: list[int]) -> np.ndarray:
    arr = np.asarray(members)
    iu, ju = np.triu_indices(len(arr), 1)
    return np.stack([arr[iu], arr[ju]], axis=1)


def _across(left: list[int], right: list[int]) -> np.ndarray:
    a, b = np.meshgrid(np.asarray(left), np.asarray(right), indexing="ij")
    return np.stack([a.ravel(), b.ravel()], axis=1)


BATCH_PAIRS = 4_000_000  # block pairs gathered before one round of cosines: bounds memory on big corpora


def _similar_pairs(vectors, chunks: Iterable[np.ndarray], threshold: float,
                   low: tuple[float, np.ndarray] | None = None) -> Iterator[tuple[float, int, int]]:
    """(cosine, i, j), i < j, for the pairs of the blocks at or above ``threshold``, or at or above
    ``low[0]`` when both ends are marked in ``low[1]`` (a cheap pre-filter for the rules that need less).

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
            yield from _batch_cosines(vectors, batch, threshold, low)
            batch, size = [], 0
    if batch:
        yield from _batch_cosines(vectors, batch, threshold, low)


def _batch_cosines(vectors, chunks: list[np.ndarray], threshold: float,
                   low: tuple[float, np.ndarray] | None = None) -> list[tuple[float, int, int]]:
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
        if low is not None:
            keep |= (sims >= low[0]) & low[1][i] & low[1][j]
        out += zip(sims[keep].tolist(), i[keep].tolist(), j[keep].tolist(), strict=True)
    return out


def _candidate_pairs(mentions: Sequence[EventMention], vectors,
                     bare: Callable[[int], dict[int, float]] | None = None,
                     ) -> list[tuple[float, int, int, float | None, bool]]:
    """Pairs that pass the joining rule, best first (``bare``: a mention's row without its speaker's name),
    each with the cosine its two groups must keep as
    wholes (None: one speech act, whatever the wording; ``AT_MEETING``: a statement made at a meeting) and
    whether their written days differ."""
    windows = [window(m) for m in mentions]
    blocks: dict[object, list[int]] = defaultdict(list)
    day_blocks: dict[tuple[date, str | None], list[int]] = defaultdict(list)
    speech: dict[tuple[str, str], list[int]] = defaultdict(list)
    at_meeting = [m.kind in _SPEECH_ACTS and bool(m.agent) and bool(_AT_MEETING.search(m.sentence))
                  for m in mentions]
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

    best: dict[tuple[int, int], tuple[float, float | None, bool]] = {}

    def offer(sim: float, i: int, j: int, conflicting: bool) -> None:
        a, b = mentions[i], mentions[j]
        if not _kinds_compatible(a.kind, b.kind) or not _agents_compatible(a, b):
            return
        if conflicting:
            if a.article_id == b.article_id or OTHER in (a.kind, b.kind):
                return
        elif not overlap(windows[i], windows[j]):
            return
        need = _threshold(a, b, conflicting)
        if conflicting and need == SIMILAR_SPEAKER and bare is not None \
                and _dot(bare(i), bare(j)) < SIMILAR_SPEAKER_CONTENT:
            return  # a day apart, one speaker is not enough: what was said must agree too
        if sim >= need and sim > best.get((i, j), (-1.0, None, False))[0]:
            best[(i, j)] = (sim, ONE_SPEAKER if need == SIMILAR_SPEAKER else need, conflicting)

    # One speaker's statements in one article on one date: one speech act, whatever the wording.
    for members in speech.values():
        members.sort(key=lambda i: windows[i])
        for x, i in enumerate(members):
            for j in members[x + 1:x + 4]:
                if overlap(windows[i], windows[j]):
                    best[(min(i, j), max(i, j))] = (1.0, None, False)
    # only the same-act rule joins below SIMILAR_SPEAKER: pre-filter the cosines by it in numpy
    same_act = (SIMILAR_SAME_ACT, np.array([_act(m) not in _NO_ACT and _firm_day(m) for m in mentions] or [False]))
    within = (_within(members) for members in blocks.values() if len(members) > 1)
    for sim, i, j in _similar_pairs(vectors, within, SIMILAR_SPEAKER, same_act):
        offer(sim, i, j, False)
    # Day-precise reports a day or two apart: the same happening dated differently by two outlets.
    across = []
    for (d, actor), members in day_blocks.items():
        for days in range(1, CONFLICT_DAYS + 1):
            later = shifted(d, days)
            other = day_blocks.get((later, actor)) if later else None
            if other:
                across.append(_across(members, other))
    for sim, i, j in _similar_pairs(vectors, across, SIMILAR_SPEAKER, same_act):
        offer(sim, i, j, True)
    # A statement that names the meeting it was made in joins a meeting of that day its speaker attended.
    for key, members in blocks.items():
        actor = key[-1]  # type: ignore[index]
        speakers = [i for i in members if at_meeting[i] and mentions[i].agent == actor]
        if not speakers:
            continue
        for j in members:
            if mentions[j].kind == MEETING and _firm_day(mentions[j]):
                for i in speakers:
                    best.setdefault((min(i, j), max(i, j)), (SIMILAR, AT_MEETING, False))
    return sorted(((s, i, j, need, differ) for (i, j), (s, need, differ) in best.items()),
                  key=lambda p: (-p[0], p[1], p[2]))


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
        vectorizer, vectors = _vectorize(mentions)
    except ValueError:  # no word at all in any clause: nothing can be compared
        vectorizer = vectors = None
    uf = _Groups(mentions, vectors)
    distinct = _join_copies(mentions, uf)
    stripped: dict[int, dict[int, float]] = {}

    def bare(i: int) -> dict[int, float]:
        """Distinct mention ``i``'s TF-IDF row without its speaker's name (made when first asked)."""
        k = distinct[i]
        if k not in stripped:
            text = _text(mentions[k], actor_names)
            stripped[k] = row_dict(vectors, k) if text == _text(mentions[k]) else row_dict(  # type: ignore[arg-type]
                vectorizer.transform([text]).tocsr(), 0)  # type: ignore[union-attr]
        return stripped[k]

    for _, i, j, need, differ in _candidate_pairs([mentions[k] for k in distinct],
                                                  vectors[distinct] if vectors is not None else None,
                                                  bare if vectors is not None else None):
        uf.union(distinct[i], distinct[j], need, differ)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(mentions)):
        groups[uf.find(i)].append(i)
    centrality = _centrality(groups, vectors, len(mentions))

    events: list[Event] = []
    ids: set[str] = set()
    for members in groups.values():
        ordered = sorted(members, key=lambda i: mentions[i].candidate_id)
        group = [mentions[i] for i in ordered]
        start, end, granularity, conflict = event_date(group)
        kinds = Counter(m.kind for m in group if m.kind != OTHER)
        kind = kinds.most_common(1)[0][0] if kinds else OTHER
        if kind == BACKGROUND and len(kinds) > 1 and kinds[BACKGROUND] == kinds.most_common(2)[1][1]:
            kind = kinds.most_common(2)[1][0]  # a tie: the happening's own kind
        if kind in _SPEECH_ACTS and MEETING in kinds and any(
                m.kind in _SPEECH_ACTS and _AT_MEETING.search(m.sentence) for m in group):
            kind = MEETING  # what was said at a meeting is part of the meeting
        fit = _representativeness(members, mentions, centrality, kind, (start, end))
        rep = mentions[members[max(range(len(members)), key=lambda x: (fit[x], -x))]]
        fit_of = dict(zip(members, fit, strict=True))
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
            conflict_note=conflict_note(group, sources or {}, (start, end)) if conflict else "",
            actor_ids=actor_ids,
            centrality=tuple(round(fit_of[i], 6) for i in ordered),
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


def _representativeness(
    members: list[int], mentions: Sequence[EventMention], centrality: np.ndarray, kind: str,
    when: tuple[date, date],
) -> list[float]:
    """How well each member stands for its event: its centrality (closeness to the others), plus a bonus
    for writing the event's date, having its kind and a window that holds the event's date. The best one
    gives the title; evidence lists them in this order."""
    out = []
    for i in members:
        m = mentions[i]
        bonus = (0.3 * (m.date_basis != "publication") + 0.2 * (m.kind == kind)
                 + 0.3 * overlap(window(m), when))
        out.append(round(float(centrality[i]) + bonus, 9))  # rounded: equal scores go to the first
    return out
