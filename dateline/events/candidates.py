"""Event mentions in one article: a happening, its participants, and the date that governs it.

Sources of mentions:

* every resolved date expression outside a direct quote dates the predicate that governs it. With a
  dependency parse of the sentence (``parse.parse_sentences``) that is the first verb or event noun above
  the date in the tree ("Russia invaded Ukraine on February 24" → invaded; "in his speech on Thursday" →
  speech); a clause opened by "when" hanging on a date is what that date dates ("since 1991, when the
  Soviet Union fell" → fell), and a "when" clause without a date of its own shares its sentence's date.
  Without a parse the nearest event word of the lexicon within the clause stands in.
* every attributed statement is a mention of its speech act, dated by its said date, else by the
  publication day (basis ``publication``), else by a dated speech act in the sentence just before it
  (basis ``context``: "The response on Saturday … Peskov said that …").
* anchored expressions ("a day after Biden's remarks") resolve through the date of the anchor happening
  when the article dates it elsewhere (basis ``anchored``).

Participants are the actors in the predicate's clause (the clause minus the clauses other dates govern);
the agent is the subject (or possessor, or speaker) when the parse names one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from spacy.tokens import Doc, Span, Token

from dateline.daymath import shifted, shifted_years
from dateline.events.kinds import BACKGROUND, OTHER, PROPOSAL, REJECTION, STATEMENT
from dateline.events.text import content_words
from dateline.records import (
    Article,
    EntityMention,
    EventCandidate,
    LocalStatement,
    Sentence,
    TimeMatch,
)
from dateline.resources import read_table, word_classes
from dateline.temporal import tag_dates

# Happenings dated this long before publication are the story's background, not its news.
BACKGROUND_AFTER = timedelta(days=45)
# How far (in characters) a predicate may sit from its date and still govern it (no parse).
PREDICATE_WINDOW = 90
# An undated statement takes the date of a speech act in the sentence before only if that is this recent.
CONTEXT_DAYS = 7
_WORDS = word_classes("events/resources/function_words.tsv")
_PERFECT_AUX = _WORDS["perfect-aux"]
_NON_PAST_AUX = _WORDS["non-past-aux"]
_AGENT_PREPOSITIONS = _WORDS["agent-preposition"]
_ANCHOR_RELATIONS = _WORDS["anchor-relation"]


def _alternation(words: frozenset[str] | list[str]) -> str:
    return "|".join(map(re.escape, sorted(words, key=lambda w: (-len(w), w))))


_CLAUSE_BREAK = re.compile(r"[;:—–]|,\s+(?:" + _alternation(_WORDS["clause-break"]) + r")\s|\.\s")
# Anchored dates count days or weeks, spelled up to a week ("seven days after"), in digits up to 99.
ANCHOR_MAX_SPELLED = 7
_NUMBERS = {row[0]: int(row[1]) for row in read_table("temporal/resources/numbers.tsv")
            if row[2] == "cardinal" and int(row[1]) <= ANCHOR_MAX_SPELLED}
ANCHORED = re.compile(
    r"^(?:(?P<n>" + _alternation(list(_NUMBERS)) + r"|\d{1,2})\s+(?P<unit>days?|weeks?)"
    r"|the\s+(?P<unit1>day|week))\s+(?P<dir>" + _alternation(_ANCHOR_RELATIONS) + r")$",
    re.IGNORECASE,
)
_SINCE = re.compile(r"^(?:ever\s+)?since\s+", re.IGNORECASE)
_SPEECH_ACTS = frozenset({STATEMENT, PROPOSAL, REJECTION})
_PRONOUN_TAGS = frozenset({"PRP", "PRP$", "WP", "WP$", "DT"})
_EDGE_DEPS = frozenset({"cc", "punct", "mark", "prep", "advmod", "det"})


def _load_predicates() -> dict[str, str]:
    table: dict[str, str] = {}
    for kind, *forms in read_table("events/resources/predicates.tsv"):
        for form in " ".join(forms).split():
            table.setdefault(form.replace("-", " ").lower(), kind)
    return table


PREDICATES = _load_predicates()
_PREDICATE_RE = re.compile(
    r"\b(?P<word>" + "|".join(sorted(map(re.escape, PREDICATES), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)


@dataclass
class _Draft:
    """A mention under construction (mutable until the article's anchors and contexts are resolved)."""

    key: str
    sent: int
    order: int  # character offset used for the id and the output order
    date_text: str | None
    start: date | None
    end: date | None
    granularity: str | None
    basis: str
    kind: str
    predicate: str
    actor_keys: tuple[str, ...]
    agent: str | None
    clause: str
    words: set[str] = field(default_factory=set)


# -- the lexicon and the tree ---------------------------------------------------------------------------
def _lex(token: Token) -> str | None:
    """The lexicon form of an event word ("put forward" with its particle), or None."""
    word = token.lower_
    for child in token.children:
        if child.dep_ in ("prt", "advmod") and f"{word} {child.lower_}" in PREDICATES:
            return f"{word} {child.lower_}"
    return word if word in PREDICATES else None


def _is_verb(token: Token) -> bool:
    return token.tag_.startswith("VB") or token.tag_ == "MD"  # fine tags: no attribute ruler needed


def _is_noun(token: Token) -> bool:
    return token.tag_.startswith("NN")


def _has_when(token: Token) -> bool:
    return any(c.lower_ == "when" and c.dep_ == "advmod" for c in token.children)


def _refine(verb: Token) -> Token:
    """A light verb's event word ("issued a response", "continued to criticize", "follows the offer")."""
    if _lex(verb):
        return verb
    frontier = [verb]
    for _ in range(2):
        nxt = []
        for t in frontier:
            for c in t.children:
                if c.dep_ in ("xcomp", "dobj", "attr", "acomp", "oprd"):
                    if _lex(c):
                        return c
                    nxt.append(c)
        frontier = nxt
    return verb


def _governor(span: Span, inside: set[int]) -> tuple[Token, Token] | None:
    """(clause head, predicate) that the date expression ``span`` governs, from the tree."""
    for t in span:  # "since 1991, when the Soviet Union fell": the when-clause is what is dated
        for c in t.children:
            if c.i not in inside and c.dep_ in ("relcl", "advcl", "acl") and _has_when(c):
                return c, c
    # the first word of the expression that hangs outside it ("on Saturday, December 3" → Saturday)
    t = next((tok for tok in span if tok.head.i not in inside or tok.head.i == tok.i), span.root)
    while t.head.i != t.i:
        t = t.head
        if t.i in inside or t.dep_ == "prep":  # "including in late August": a preposition, not an act
            continue
        if _is_verb(t):
            return t, _refine(t)
        if _is_noun(t) and _lex(t):
            head = t
            while head.head.i != head.i and not _is_verb(head):
                head = head.head
            return (head if _is_verb(head) else t), t
    return None


def _past(verb: Token) -> bool:
    """Told in the past: "invaded", "has spoken", "was signed" (not "is completed", "will be signed")."""
    if verb.tag_ == "VBD":
        return True
    if verb.tag_ != "VBN":
        return False
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return any(a.tag_ == "VBD" or a.lower_ in _PERFECT_AUX for a in auxes) and not any(
        a.tag_ == "MD" or a.lower_ in _NON_PAST_AUX for a in auxes)


def _subtree_ids(token: Token) -> set[int]:
    return {t.i for t in token.subtree}


def _clause_text(sdoc: Doc, ids: set[int]) -> str:
    """The clause's words in order, with '…' where a nested clause was cut out, edges trimmed."""
    toks = sorted(ids)
    while toks and (sdoc[toks[0]].dep_ in ("cc", "punct", "mark") or sdoc[toks[0]].is_space):
        toks.pop(0)
    while toks and (sdoc[toks[-1]].dep_ in _EDGE_DEPS or sdoc[toks[-1]].is_space):
        toks.pop()
    out: list[str] = []
    prev = None
    for i in toks:
        if prev is not None and i != prev + 1:
            out.append(" … ")
        elif prev is not None:
            out.append(sdoc[prev].whitespace_)
        out.append(sdoc[i].text)
        prev = i
    text = "".join(out).strip(" ,;:—–-")
    return text[:1].upper() + text[1:]


# -- helpers over offsets -------------------------------------------------------------------------------
def _inside(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _keys_in(
    mentions: Sequence[EntityMention], lo: int, hi: int, quoted: Sequence[tuple[int, int]],
    token_ok: set[int] | None = None, sdoc: Doc | None = None, base: int = 0,
) -> tuple[str, ...]:
    """Keys of the mentions in [lo, hi) outside direct quotes (and, with a parse, inside the clause)."""
    keys = []
    for m in mentions:
        if not (lo <= m.char_start < hi) or _inside(m.char_start, m.char_end, quoted):
            continue
        if token_ok is not None and sdoc is not None:
            span = sdoc.char_span(m.char_start - base, m.char_end - base, alignment_mode="expand")
            if span is None or not any(t.i in token_ok for t in span):
                continue
        keys.append(m.key)
    return tuple(dict.fromkeys(keys))


def _agent(
    pred: Token, head: Token, mentions: Sequence[EntityMention], sdoc: Doc, base: int
) -> str | None:
    """Who did it: the named subject of the clause head, or the possessor / 'from', 'by' object of a noun."""
    def named(token: Token) -> str | None:
        if token.tag_ in _PRONOUN_TAGS:
            return None
        lo, hi = base + token.left_edge.idx, base + token.right_edge.idx + len(token.right_edge)
        found = [m for m in mentions if lo <= m.char_start < hi]
        for types in (("person", "organization"), ("group", "place")):  # "the Russian president Putin"
            for m in found:
                if m.type in types:
                    return m.key
        return None

    if _is_noun(pred):
        for c in pred.children:
            if c.dep_ in ("poss", "compound", "amod"):
                found = named(c)
                if found:
                    return found
            if c.dep_ == "prep" and c.lower_ in _AGENT_PREPOSITIONS:
                for g in c.children:
                    if g.dep_ == "pobj" and (found := named(g)):
                        return found
        # a noun the clause is about ("in his speech, Biden …") has no agent of its own; the object of a
        # light verb ("the Kremlin issued a response") takes the verb's subject
        if pred.i != head.i and pred.head.i != head.i:
            return None
        if pred.dep_ in ("nsubj", "nsubjpass"):
            return None
    verb = head if _is_verb(head) else pred
    for _ in range(2):  # "Speaking a day before …, Rasmussen said": a participle takes its head's subject
        for c in verb.children:
            if c.dep_ == "nsubj":
                return named(c)
            if c.dep_ == "agent":
                for g in c.children:
                    if g.dep_ == "pobj":
                        return named(g)
        if verb.dep_ not in ("advcl", "xcomp", "conj") or verb.tag_ not in ("VBG", "VBN", "VB"):
            break
        verb = verb.head
    return None


def _nearest_predicate(sentence: Sentence, lo_abs: int, hi_abs: int) -> tuple[str, str]:
    """(word, kind) of the event word closest to the date within its clause, or ("", other). No parse."""
    lo = lo_abs - sentence.char_start
    hi = hi_abs - sentence.char_start
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
    return best[1], PREDICATES[best[1].lower().replace("-", " ")]


# -- dates ----------------------------------------------------------------------------------------------
def _past_date(t: TimeMatch, published: date | None, past: bool) -> tuple[date, date]:
    """The interval, moved back a year when a yearless date of a past happening landed after publication
    (kept as it is when that year would be before year 1)."""
    assert t.start is not None and t.end is not None
    if past and published and t.basis == "inferred" and t.start > published:
        start, end = shifted_years(t.start, -1), shifted_years(t.end, -1)
        if start and end:
            return start, end
    return t.start, t.end


def _since_start(t: TimeMatch, published: date | None) -> TimeMatch:
    """"since 1991" dates what happened in 1991, not the whole stretch to today."""
    m = _SINCE.match(t.text)
    if not m:
        return t
    rest = t.text[m.end():]
    for sub in tag_dates(rest, published):
        if sub.start is not None and sub.end is not None:
            return TimeMatch(t.text, t.char_start, t.char_end, sub.start, sub.end, sub.granularity,
                             sub.basis, "since: the start point")
    return t


# -- the extractor --------------------------------------------------------------------------------------
def find_event_candidates(
    article: Article,
    sentences: Sequence[Sentence],
    timexes: Sequence[TimeMatch],
    mentions: Sequence[EntityMention],
    statements: Sequence[LocalStatement],
    parses: Mapping[int, Doc] | None = None,
) -> list[EventCandidate]:
    """The article's event mentions (see the module docstring); ``parses`` maps sentence positions to
    parsed copies (``parse.parse_sentences``), and sentences without one fall back to the lexicon."""
    parses = parses or {}
    quoted = [(s.match.char_start, s.match.char_end) for s in statements if s.match.direct]
    starts = [s.char_start for s in sentences]

    def sent_of(pos: int) -> int | None:
        i = bisect_right(starts, pos) - 1
        return i if i >= 0 and sentences[i].char_start <= pos < sentences[i].char_end else None

    drafts: list[_Draft] = []
    said_spans: set[tuple[int, int]] = set()
    spoken: list[tuple[int, int, _Draft]] = []
    by_sentence_agent: dict[tuple[int, str | None], _Draft] = {}
    for s in statements:
        d = _statement_draft(article, s, mentions, quoted, sent_of)
        if d is None:
            continue
        if s.said is not None:
            said_spans.add((s.said.char_start, s.said.char_end))
        lo, hi = s.match.char_start, s.match.char_end
        if any(k.agent == d.agent and lo < e and b < hi for b, e, k in spoken):
            continue  # "X said … saying …": nested contents of one speaker are one speech act
        kept = by_sentence_agent.get((d.sent, d.agent))
        if kept is not None:  # more of what one speaker said, attributed in the same sentence
            kept.clause += " " + s.match.text.strip()
            kept.words |= d.words
            kept.actor_keys = tuple(dict.fromkeys(kept.actor_keys + d.actor_keys))
            if kept.basis == "publication" and d.basis == "explicit":
                kept.start, kept.end, kept.granularity = d.start, d.end, d.granularity
                kept.basis, kept.date_text = d.basis, d.date_text
            spoken.append((lo, hi, kept))
            continue
        by_sentence_agent[(d.sent, d.agent)] = d
        spoken.append((lo, hi, d))
        drafts.append(d)

    by_sentence: dict[int, list[TimeMatch]] = {}
    for t in timexes:  # a said date is kept here only to date a "when" clause in its sentence
        if _inside(t.char_start, t.char_end, quoted):
            continue
        if t.start is None and not ANCHORED.match(t.text.strip()):
            continue
        si = sent_of(t.char_start)
        if si is not None:
            by_sentence.setdefault(si, []).append(t)

    anchors: list[tuple[_Draft, str, int, tuple[str, ...]]] = []
    for si, dated in by_sentence.items():
        sent = sentences[si]
        sdoc = parses.get(si)
        if sdoc is not None:
            made = _parsed_drafts(article, sent, si, sdoc, dated, mentions, quoted, said_spans)
        else:
            made = _lexicon_drafts(
                article, sent, si, [t for t in dated if (t.char_start, t.char_end) not in said_spans],
                mentions, quoted)
        for d, anchor in made:
            if anchor is None:
                drafts.append(d)
            else:
                anchors.append((d, *anchor))

    _resolve_anchors(anchors, drafts)
    _carry_context(drafts, article.published)

    out = []
    keys: set[str] = set()
    for d in sorted(drafts, key=lambda d: d.order):
        if d.start is None or d.end is None:
            continue
        key, n = d.key, 1
        while key in keys:  # two speakers' statements may share a content start
            n += 1
            key = f"{d.key}-{n}"
        keys.add(key)
        d.key = key
        sent = sentences[d.sent]
        kind = d.kind
        if article.published and d.end is not None and (article.published - d.end) > BACKGROUND_AFTER:
            kind = BACKGROUND
        out.append(EventCandidate(
            id=f"{article.id}-{d.key}",
            article_id=article.id,
            char_start=sent.char_start,
            char_end=sent.char_end,
            sentence=sent.text,
            date_text=d.date_text,
            start=d.start,
            end=d.end,
            granularity=d.granularity,  # type: ignore[arg-type]
            kind=kind,
            predicate=d.predicate,
            actor_keys=d.actor_keys,
            date_basis=d.basis,
            clause=d.clause,
            agent_key=d.agent,
        ))
    return out


def _statement_draft(
    article: Article, s: LocalStatement, mentions: Sequence[EntityMention],
    quoted: Sequence[tuple[int, int]], sent_of,
) -> _Draft | None:
    """A statement as the mention of its speech act (only statements with a known speaker)."""
    if s.speaker_key is None or s.said_start is None or s.said_end is None:
        return None
    m = s.match
    anchor = m.cue_start if m.cue_start is not None else (m.speaker_start or m.char_start)
    si = sent_of(anchor)
    if si is None:
        si = sent_of(m.char_start)
    if si is None:
        return None
    keys = (s.speaker_key, *_keys_in(mentions, s.sentence.char_start, s.sentence.char_end, quoted))
    content = " ".join(m.text.split())
    cue = (m.cue or "said").lower()
    if m.direct:
        clause = f"{s.speaker_key}: “{content}”"
    elif " " in cue or cue == "according":
        clause = f"{s.speaker_key}: {content}"
    else:
        clause = f"{s.speaker_key} {cue} {content}"
    said = s.said
    if said is not None:
        start, end = _past_date(said, article.published, True)
    else:
        start, end = s.said_start, s.said_end
    return _Draft(
        key=f"s{m.char_start}", sent=si, order=anchor, date_text=said.text if said else None,
        start=start, end=end, granularity=said.granularity if said else "day",
        basis="publication" if said is None and s.said_basis == "publication" else "explicit",
        kind=STATEMENT, predicate=(m.cue or "said").lower(), actor_keys=tuple(dict.fromkeys(keys)),
        agent=s.speaker_key, clause=clause, words=set(content_words(clause)),
    )


def _timex_dates(t: TimeMatch, published: date | None, past: bool) -> tuple[TimeMatch, date | None, date | None]:
    if t.start is None:
        return t, None, None
    t = _since_start(t, published)
    start, end = _past_date(t, published, past or t.note == "since: the start point")
    return t, start, end


def _parsed_drafts(
    article: Article, sent: Sentence, si: int, sdoc: Doc, dated: Sequence[TimeMatch],
    mentions: Sequence[EntityMention], quoted: Sequence[tuple[int, int]],
    said_spans: set[tuple[int, int]] = frozenset(),  # type: ignore[assignment]
) -> list[tuple[_Draft, tuple[str, int, tuple[str, ...]] | None]]:
    base = sent.char_start
    found = []  # (timex, span, head, pred, anchor token or None)
    timex_ids: set[int] = set()
    for t in dated:
        span = sdoc.char_span(t.char_start - base, t.char_end - base, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        timex_ids |= {tok.i for tok in span}
        found.append((t, span))

    items = []
    for t, span in found:
        inside = {tok.i for tok in span}
        cut: set[int] = set()
        anchor_tok = None
        if t.start is None:  # anchored: "a day after <anchor>"
            rel = next((tok for tok in span if tok.lower_ in _ANCHOR_RELATIONS), None)
            if rel is None:
                continue
            if rel.dep_ == "mark":
                anchor_tok = rel.head
            else:
                anchor_tok = next((c for c in rel.children if c.dep_ in ("pobj", "pcomp")), None)
            if anchor_tok is None or anchor_tok.i in inside:
                continue
            cut = _subtree_ids(anchor_tok) | {rel.i}
            inside |= cut
            start_tok = anchor_tok if rel.dep_ == "mark" else rel
            gov = _governor(sdoc[start_tok.i:start_tok.i + 1], inside)
        else:
            gov = _governor(span, inside)
        items.append((t, span, gov, anchor_tok, cut))

    # "when" clauses without a date of their own: a happening dated by its sentence's date
    heads = {g[0].i for _, _, g, _, _ in items if g}
    extra = []
    for tok in sdoc:
        if tok.tag_.startswith("VB") and _lex(tok) and _has_when(tok) and tok.i not in heads:
            sub = _subtree_ids(tok)
            if sub & timex_ids:
                continue
            owner = next((it for it in items if it[0].start is not None and it[3] is None
                          and any(a.i in {x.i for x in it[1]} for a in tok.ancestors)), None)
            resolved = [it for it in items if it[0].start is not None and it[3] is None]
            if owner is None and len(resolved) == 1:
                owner = resolved[0]
            if owner is not None:
                extra.append((owner[0], owner[1], (tok, tok), None, set()))
                heads.add(tok.i)

    all_items = items + extra
    head_ids = {g[0].i for _, _, g, _, _ in all_items if g}
    out = []
    for n, (t, _span, gov, anchor_tok, cut) in enumerate(all_items):
        if n < len(items) and (t.char_start, t.char_end) in said_spans:
            continue  # the statement is this date's mention already
        if gov is None:
            word, kind = _nearest_predicate(sent, t.char_start, t.char_end)
            ids = set(range(len(sdoc))) - cut
            head = pred = None
        else:
            head, pred = gov
            word = _lex(pred) or pred.lower_
            kind = PREDICATES.get(word, OTHER)
            ids = _subtree_ids(head)
            for other in head_ids - {head.i}:  # clauses other dates govern are their own mentions
                if other in ids:
                    ids -= _subtree_ids(sdoc[other])
            ids -= cut
            ids.add(pred.i)
        t2, start, end = _timex_dates(t, article.published, pred is not None and _past(pred))
        clause = _clause_text(sdoc, ids) if ids else sent.text
        keys = _keys_in(mentions, sent.char_start, sent.char_end, quoted, ids, sdoc, base)
        agent = _agent(pred, head, mentions, sdoc, base) if pred is not None and head is not None else None
        if agent and agent not in keys:
            keys = (agent, *keys)
        order = t.char_start if n < len(items) else base + (pred.idx if pred is not None else 0)
        d = _Draft(
            key=f"e{order}", sent=si, order=order, date_text=t2.text, start=start, end=end,
            granularity=t2.granularity, basis="explicit", kind=kind, predicate=word,
            actor_keys=keys, agent=agent, clause=clause, words=set(content_words(clause)),
        )
        anchor = None
        if anchor_tok is not None:
            a_ids = _subtree_ids(anchor_tok)
            a_text = " ".join(sdoc[i].text for i in sorted(a_ids))
            a_keys = _keys_in(mentions, sent.char_start, sent.char_end, quoted, a_ids, sdoc, base)
            a_hi = base + anchor_tok.right_edge.idx + len(anchor_tok.right_edge)
            if a_hi - t.char_start <= 80:  # the date as written: "a day after Biden's remarks"
                d.date_text = article.text[t.char_start:a_hi]
            anchor = (a_text, _offset_days(t.text), a_keys)
        out.append((d, anchor))
    return out


def _lexicon_drafts(
    article: Article, sent: Sentence, si: int, dated: Sequence[TimeMatch],
    mentions: Sequence[EntityMention], quoted: Sequence[tuple[int, int]],
) -> list[tuple[_Draft, tuple[str, int, tuple[str, ...]] | None]]:
    """Without a parse: the nearest event word, the whole sentence as the clause."""
    keys = _keys_in(mentions, sent.char_start, sent.char_end, quoted)
    out = []
    for t in dated:
        anchor = None
        if t.start is None:
            rest = article.text[t.char_end:sent.char_end]
            stop = re.search(r"[,;:—–]", rest)
            a_text = rest[: stop.start() if stop else len(rest)].strip()
            if not a_text:
                continue
            a_lo = t.char_end
            a_keys = tuple(m.key for m in mentions if a_lo <= m.char_start < a_lo + len(rest))
            after = sent.text[t.char_end - sent.char_start + (stop.end() if stop else len(rest)):]
            m = _PREDICATE_RE.search(after)
            word = m.group("word") if m else ""
            kind = PREDICATES.get(word.lower(), OTHER)
            anchor = (a_text, _offset_days(t.text), a_keys)
        else:
            word, kind = _nearest_predicate(sent, t.char_start, t.char_end)
        t2, start, end = _timex_dates(t, article.published, False)
        d = _Draft(
            key=f"e{t.char_start}", sent=si, order=t.char_start, date_text=t2.text, start=start, end=end,
            granularity=t2.granularity, basis="explicit", kind=kind, predicate=word, actor_keys=keys,
            agent=None, clause=sent.text, words=set(content_words(sent.text)),
        )
        out.append((d, anchor))
    return out


def _offset_days(text: str) -> int:
    m = ANCHORED.match(text.strip())
    if not m:
        return 0
    n = _NUMBERS.get((m.group("n") or "one").lower()) or int(m.group("n") or 1)
    unit = (m.group("unit") or m.group("unit1") or "day").lower()
    days = n * (7 if unit.startswith("week") else 1)
    return days if m.group("dir").lower() == "after" else -days


def _resolve_anchors(anchors: list[tuple[_Draft, str, int, tuple[str, ...]]], drafts: list[_Draft]) -> None:
    """Date "a day after X" through the article's own day-precise date for X (shared actors, words)."""
    dated = [d for d in drafts if d.basis == "explicit" and d.granularity == "day" and d.start == d.end
             and d.start is not None]
    for d, a_text, offset, a_keys in anchors:
        a_words = set(content_words(a_text))
        best = None
        for c in dated:
            shared = len(set(a_keys) & set(c.actor_keys))
            overlap = len(a_words & c.words)
            if shared == 0 and overlap < 2:
                continue
            score = (2 * shared + overlap, -abs(c.order - d.order))
            if best is None or score > best[0]:
                best = (score, c)
        if best is None:
            continue
        day = shifted(best[1].start, offset)  # type: ignore[arg-type]
        if day is None:  # an anchor at the calendar's edge: the day cannot be written
            continue
        d.start = d.end = day
        d.granularity = "day"
        d.basis = "anchored"
        drafts.append(d)


def _carry_context(drafts: list[_Draft], published: date | None) -> None:
    """An undated statement right after a dated speech act by the same (or an unnamed) agent shares its date."""
    if published is None:
        return
    by_sent: dict[int, list[_Draft]] = {}
    for d in drafts:
        if d.basis in ("explicit", "anchored") and d.kind in _SPEECH_ACTS and d.granularity == "day" \
                and d.start == d.end and d.start is not None \
                and timedelta(0) <= published - d.start <= timedelta(days=CONTEXT_DAYS):
            by_sent.setdefault(d.sent, []).append(d)
    taken: set[int] = set()
    for d in sorted(drafts, key=lambda d: d.order):
        if d.basis != "publication" or d.sent - 1 in taken:
            continue
        prev = [p for p in by_sent.get(d.sent - 1, []) if p.agent is None or p.agent == d.agent]
        if len(prev) == 1:
            p = prev[0]
            d.start, d.end, d.granularity, d.basis = p.start, p.end, p.granularity, "context"
            d.date_text = p.date_text
            taken.add(d.sent - 1)
