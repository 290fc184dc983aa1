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
from datetime import timedelta

from spacy.tokens import Doc

from dateline.events.dating import (
    ANCHOR_RELATIONS,
    ANCHORED,
    Draft,
    carry_context,
    offset_days,
    past_date,
    resolve_anchors,
    timex_dates,
)
from dateline.events.kinds import BACKGROUND, OTHER, STATEMENT
from dateline.events.text import content_words
from dateline.events.tree import (
    PREDICATE_RE,
    PREDICATES,
    agent_of,
    clause_text,
    governor,
    has_when,
    lex,
    nearest_predicate,
    subtree_ids,
    told_in_past,
)
from dateline.records import (
    Article,
    EntityMention,
    EventCandidate,
    LocalStatement,
    Sentence,
    TimeMatch,
)

__all__ = ["ANCHORED", "BACKGROUND_AFTER", "find_event_candidates"]

# Happenings dated this long before publication are the story's background, not its news.
BACKGROUND_AFTER = timedelta(days=45)


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

    drafts: list[Draft] = []
    said_spans: set[tuple[int, int]] = set()
    spoken: list[tuple[int, int, Draft]] = []
    by_sentence_agent: dict[tuple[int, str | None], Draft] = {}
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

    anchors: list[tuple[Draft, str, int, tuple[str, ...]]] = []
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

    resolve_anchors(anchors, drafts)
    carry_context(drafts, article.published)

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
) -> Draft | None:
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
        start, end = past_date(said, article.published, True)
    else:
        start, end = s.said_start, s.said_end
    return Draft(
        key=f"s{m.char_start}", sent=si, order=anchor, date_text=said.text if said else None,
        start=start, end=end, granularity=said.granularity if said else "day",
        basis="publication" if said is None and s.said_basis == "publication" else "explicit",
        kind=STATEMENT, predicate=(m.cue or "said").lower(), actor_keys=tuple(dict.fromkeys(keys)),
        agent=s.speaker_key, clause=clause, words=set(content_words(clause)),
    )


def _parsed_drafts(
    article: Article, sent: Sentence, si: int, sdoc: Doc, dated: Sequence[TimeMatch],
    mentions: Sequence[EntityMention], quoted: Sequence[tuple[int, int]],
    said_spans: set[tuple[int, int]] = frozenset(),  # type: ignore[assignment]
) -> list[tuple[Draft, tuple[str, int, tuple[str, ...]] | None]]:
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
            rel = next((tok for tok in span if tok.lower_ in ANCHOR_RELATIONS), None)
            if rel is None:
                continue
            if rel.dep_ == "mark":
                anchor_tok = rel.head
            else:
                anchor_tok = next((c for c in rel.children if c.dep_ in ("pobj", "pcomp")), None)
            if anchor_tok is None or anchor_tok.i in inside:
                continue
            cut = subtree_ids(anchor_tok) | {rel.i}
            inside |= cut
            start_tok = anchor_tok if rel.dep_ == "mark" else rel
            gov = governor(sdoc[start_tok.i:start_tok.i + 1], inside)
        else:
            gov = governor(span, inside)
        items.append((t, span, gov, anchor_tok, cut))

    # "when" clauses without a date of their own: a happening dated by its sentence's date
    heads = {g[0].i for _, _, g, _, _ in items if g}
    extra = []
    for tok in sdoc:
        if tok.tag_.startswith("VB") and lex(tok) and has_when(tok) and tok.i not in heads:
            sub = subtree_ids(tok)
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
            word, kind = nearest_predicate(sent, t.char_start, t.char_end)
            ids = set(range(len(sdoc))) - cut
            head = pred = None
        else:
            head, pred = gov
            word = lex(pred) or pred.lower_
            kind = PREDICATES.get(word, OTHER)
            ids = subtree_ids(head)
            for other in head_ids - {head.i}:  # clauses other dates govern are their own mentions
                if other in ids:
                    ids -= subtree_ids(sdoc[other])
            ids -= cut
            ids.add(pred.i)
        t2, start, end = timex_dates(t, article.published, pred is not None and told_in_past(pred))
        clause = clause_text(sdoc, ids) if ids else sent.text
        keys = _keys_in(mentions, sent.char_start, sent.char_end, quoted, ids, sdoc, base)
        agent = agent_of(pred, head, mentions, sdoc, base) if pred is not None and head is not None else None
        if agent and agent not in keys:
            keys = (agent, *keys)
        order = t.char_start if n < len(items) else base + (pred.idx if pred is not None else 0)
        d = Draft(
            key=f"e{order}", sent=si, order=order, date_text=t2.text, start=start, end=end,
            granularity=t2.granularity, basis="explicit", kind=kind, predicate=word,
            actor_keys=keys, agent=agent, clause=clause, words=set(content_words(clause)),
        )
        anchor = None
        if anchor_tok is not None:
            a_ids = subtree_ids(anchor_tok)
            a_text = " ".join(sdoc[i].text for i in sorted(a_ids))
            a_keys = _keys_in(mentions, sent.char_start, sent.char_end, quoted, a_ids, sdoc, base)
            a_hi = base + anchor_tok.right_edge.idx + len(anchor_tok.right_edge)
            if a_hi - t.char_start <= 80:  # the date as written: "a day after Biden's remarks"
                d.date_text = article.text[t.char_start:a_hi]
            anchor = (a_text, offset_days(t.text), a_keys)
        out.append((d, anchor))
    return out


def _lexicon_drafts(
    article: Article, sent: Sentence, si: int, dated: Sequence[TimeMatch],
    mentions: Sequence[EntityMention], quoted: Sequence[tuple[int, int]],
) -> list[tuple[Draft, tuple[str, int, tuple[str, ...]] | None]]:
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
            m = PREDICATE_RE.search(after)
            word = m.group("word") if m else ""
            kind = PREDICATES.get(word.lower(), OTHER)
            anchor = (a_text, offset_days(t.text), a_keys)
        else:
            word, kind = nearest_predicate(sent, t.char_start, t.char_end)
        t2, start, end = timex_dates(t, article.published, False)
        d = Draft(
            key=f"e{t.char_start}", sent=si, order=t.char_start, date_text=t2.text, start=start, end=end,
            granularity=t2.granularity, basis="explicit", kind=kind, predicate=word, actor_keys=keys,
            agent=None, clause=sent.text, words=set(content_words(sent.text)),
        )
        out.append((d, anchor))
    return out
