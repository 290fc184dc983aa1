"""Extraction for one article: a pure function from (article, spaCy doc) to typed records."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from spacy.tokens import Doc

from dateline.actors import extract_mentions
from dateline.events import find_event_candidates
from dateline.events.candidates import ANCHORED as EVENT_ANCHOR
from dateline.events.parse import parse_sentences
from dateline.nlp import MAX_SENTENCE_CHARS
from dateline.records import (
    Article,
    ArticleExtraction,
    EntityMention,
    LocalStatement,
    Sentence,
    StatementMatch,
    TimeMatch,
)
from dateline.statements import find_statements
from dateline.temporal import tag_dates

PRONOUNS = frozenset(
    ["i", "you", "he", "she", "it", "we", "they", "me", "him", "her", "us", "them", "this", "that", "who", "someone", "one"]
)
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def sentences_of(doc: Doc) -> tuple[Sentence, ...]:
    out = []
    for i, s in enumerate(doc.sents):
        text = s.text.strip()
        if not text:
            continue
        start = s.start_char + (len(s.text) - len(s.text.lstrip()))
        out.append(Sentence(index=i, char_start=start, char_end=start + len(text), text=text))
    return tuple(out)


def _covering(sentences: Sequence[Sentence], starts: list[int], lo: int, hi: int) -> tuple[int, int]:
    """The span of the sentences that cover [lo, hi)."""
    if not sentences:
        return lo, hi
    first = max(0, bisect_right(starts, lo) - 1)
    last = max(first, bisect_right(starts, max(lo, hi - 1)) - 1)
    return min(lo, sentences[first].char_start), max(hi, sentences[last].char_end)


# A statement's stored sentence (its evidence) covers the quote, speaker and cue: a quote whose speaker is
# found far away, or that runs over many sentences, would store tens of thousands of characters per
# statement (and the JSON export hundreds of times the input). Beyond the sentence cap it keeps the
# window around the cue (else the quote's start); no statement sentence of t17-bpoil comes near it.
MAX_STORED_SENTENCE = MAX_SENTENCE_CHARS


def _bounded(text: str, lo: int, hi: int, anchor: int) -> tuple[int, int]:
    """``[lo, hi)`` cut to ``MAX_STORED_SENTENCE`` characters around ``anchor``, at spaces."""
    if hi - lo <= MAX_STORED_SENTENCE:
        return lo, hi
    a = max(lo, min(anchor - MAX_STORED_SENTENCE // 2, hi - MAX_STORED_SENTENCE))
    b = a + MAX_STORED_SENTENCE
    if a > lo:
        space = text.find(" ", a, a + 200)
        a = space + 1 if space != -1 else a
    if b < hi:
        space = text.rfind(" ", b - 200, b)
        b = space if space > a else b
    return a, b


def _speaker_mention(
    match: StatementMatch, mentions: Sequence[EntityMention]
) -> EntityMention | None:
    """The entity mention the speaker refers to (its named antecedent, else the speaker text itself)."""
    for start, end in ((match.ref_start, match.ref_end), (match.speaker_start, match.speaker_end)):
        if start is None or end is None:
            continue
        best = None
        for m in mentions:
            if m.char_start < end and start < m.char_end:
                overlap = min(end, m.char_end) - max(start, m.char_start)
                if best is None or overlap > best[0]:
                    best = (overlap, m)
        if best:
            return best[1]
    return None


def _group_speaker(match: StatementMatch) -> EntityMention | None:
    """A speaker no named entity covers ("US officials", "the general staff"): an actor of type group."""
    text = " ".join(match.speaker_text.split()).strip(" ,.:;")
    if not text or match.speaker_start is None or text.lower() in PRONOUNS or len(text) > 80:
        return None
    key = _LEADING_ARTICLE.sub("", text)
    if not key or key.lower() in PRONOUNS:
        return None
    return EntityMention(
        text=match.speaker_text, char_start=match.speaker_start,
        char_end=match.speaker_end or match.speaker_start + len(match.speaker_text),
        label="SPEAKER", type="group", key=key[0].upper() + key[1:],
    )


# A date says when something was said only when it stands by the cue or the speaker ("said on Friday",
# "stated this month", "in a Sunday interview"); further away it usually dates something else.
SAID_DATE_WINDOW = 50
# Speech happens on a day; "said this month" is still honest, "said in 2014" next to a cue rarely is.
SAID_GRANULARITIES = frozenset({"day", "week", "month"})


def _gap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, max(a0, b0) - min(a1, b1))


def _said_date(
    match: StatementMatch, sentences: Sequence[Sentence], starts: list[int], timexes: Sequence[TimeMatch]
) -> TimeMatch | None:
    """A resolved date in the attribution clause: same sentence as the cue, next to cue or speaker."""
    anchors = [(a, b) for a, b in ((match.cue_start, match.cue_end), (match.speaker_start, match.speaker_end))
               if a is not None and b is not None]
    if not anchors or not sentences:
        return None
    first = anchors[0][0]
    sentence = sentences[max(0, bisect_right(starts, first) - 1)]
    best = None
    for t in timexes:
        if t.start is None or t.granularity not in SAID_GRANULARITIES:
            continue
        if not (sentence.char_start <= t.char_start and t.char_end <= sentence.char_end):
            continue
        if t.char_start < match.char_end and match.char_start < t.char_end:
            continue  # inside what was said: a date the speaker talks about, not when they spoke
        distance = min(_gap(t.char_start, t.char_end, a, b) for a, b in anchors)
        if distance <= SAID_DATE_WINDOW and (best is None or distance < best[0]):
            best = (distance, t)
    return best[1] if best else None


def attribute_statements(
    article: Article,
    sentences: Sequence[Sentence],
    timexes: Sequence[TimeMatch],
    mentions: list[EntityMention],
    matches: Sequence[StatementMatch],
) -> list[LocalStatement]:
    """Link each statement to its speaker's mention and date it. Group speakers are added to mentions."""
    starts = [s.char_start for s in sentences]
    out = []
    for i, m in enumerate(matches):
        points = [m.char_start, m.char_end]
        points += [p for p in (m.speaker_start, m.speaker_end, m.cue_start, m.cue_end) if p is not None]
        lo, hi = _covering(sentences, starts, min(points), max(points))
        lo, hi = _bounded(article.text, lo, hi, m.cue_start if m.cue_start is not None else m.char_start)
        sentence = Sentence(index=-1, char_start=lo, char_end=hi, text=article.text[lo:hi])
        who = _speaker_mention(m, mentions)
        if who is None:
            who = _group_speaker(m)
            if who is not None:
                mentions.append(who)
        said = _said_date(m, sentences, starts, timexes)
        if said is not None:
            said_start, said_end, basis = said.start, said.end, "explicit"
        elif article.published is not None:
            said_start = said_end = article.published
            basis = "publication"
        else:
            said_start = said_end = None
            basis = "unresolved"
        out.append(LocalStatement(
            id=f"{article.id}-s{i}",
            article_id=article.id,
            match=m,
            speaker_key=who.key if who else None,
            speaker_type=who.type if who else None,
            said=said,
            said_start=said_start,
            said_end=said_end,
            said_basis=basis,  # type: ignore[arg-type]
            sentence=sentence,
        ))
    return out


def _event_parses(doc: Doc, sentences: Sequence[Sentence], timexes: Sequence[TimeMatch]) -> dict[int, Doc]:
    """Parses of the sentences holding a date (resolved, or anchored like "a day after"): the only ones
    whose predicate the event extractor needs from the tree; the rest of the article is never parsed."""
    starts = [s.char_start for s in sentences]
    wanted = set()
    for t in timexes:
        if t.start is not None or EVENT_ANCHOR.match(t.text.strip()):
            i = bisect_right(starts, t.char_start) - 1
            if i >= 0 and t.char_start < sentences[i].char_end:
                wanted.add(i)
    return parse_sentences(doc, sentences, wanted)


def extract_article(article: Article, doc: Doc) -> ArticleExtraction:
    """Everything Dateline extracts from one article, from its text, metadata and spaCy doc."""
    sentences = sentences_of(doc)
    timexes = tuple(tag_dates(article.text, article.published))
    mentions = list(extract_mentions(doc))
    statements = attribute_statements(article, sentences, timexes, mentions, find_statements(doc))
    mentions.sort(key=lambda m: (m.char_start, m.char_end))
    candidates = find_event_candidates(
        article, sentences, timexes, mentions, statements, _event_parses(doc, sentences, timexes)
    )
    return ArticleExtraction(
        article=article,
        sentences=sentences,
        timexes=timexes,
        mentions=tuple(mentions),
        statements=tuple(statements),
        event_candidates=tuple(candidates),
    )
