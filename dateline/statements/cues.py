"""Cues: the words that attribute content to a speaker ("said", "told", "according to"), and ``attribute``,
which reads one cue occurrence in named steps.

1. ``false_cue``: a cue word that is not a cue here (inside a name, a noun, a passive) is dropped;
2. ``source_cue``: "according to X" puts its speaker after the cue and its content on either side;
3. ``find_subject``: otherwise the speaker is the subject before the cue, an inverted speaker after it or,
   for a participle, the subject of the sentence;
4. ``quote_then_speaker``: a quotation, a speaker phrase, then the cue ("“...,” Scott Pruitt ... said");
5. the content (``content``): a quotation closing right before the subject, else the clause after the
   cue, else the sentence before the subject.
"""

from __future__ import annotations

import bisect
import re

from dateline.statements.content import content_around, quote_ending_before
from dateline.statements.lexicon import (
    COORDINATORS,
    NOUN_MARKERS,
    PASSIVE,
    PROGRESSIVE,
    Cue,
    cue_table,
    strong_cue_words,
)
from dateline.statements.quotes import Quote
from dateline.statements.spans import CueSite, Found, Mention, Subject
from dateline.statements.speakers import (
    appositive_person,
    main_subject,
    mention,
    np_right,
    skip_back,
    speaker_left,
)
from dateline.statements.tokens import CLOSE_MARKS, ArticleTokens, title_words, too_short, trim


def find_cues(art: ArticleTokens) -> list[tuple[int, int, Cue]]:
    """Cue occurrences outside quotations, as token spans."""
    table = cue_table()
    found = []
    k = 0
    while k < art.n:
        options = table.get(art.lower[k])
        if options and not art.in_quote[k]:
            for cue in options:
                n = len(cue.words)
                if tuple(art.lower[k : k + n]) == cue.words:
                    found.append((k, k + n, cue))
                    k += n - 1
                    break
        k += 1
    return found


def title_case(art: ArticleTokens, lo: int, hi: int) -> bool:
    """A headline in title case ("Obama Says Museum Will Tell ..."), where a capitalised cue is still a cue."""
    words = [k for k in range(lo, hi) if art.words[k].isalpha() and len(art.words[k]) > 3]
    return len(words) >= 3 and sum(art.words[k][:1].isupper() for k in words) >= 0.8 * len(words)


def quote_before_cue(art: ArticleTokens, c_start: int, lo: int) -> tuple[Quote, int] | None:
    """A quotation followed, in the same sentence, by a speaker phrase and then the cue:
    "“...,” Scott Pruitt, the attorney general of Oklahoma, said". Returns the quote and the speaker's token."""
    k = bisect.bisect_right(art.q_starts, art.starts[c_start]) - 1
    if k < 0:
        return None
    q = art.quotes[k]
    if q.outer_end > art.starts[c_start] or title_words(art.text[q.start : q.end]):
        return None
    between = art.text[q.outer_end : art.starts[c_start]]
    if len(between) > 250 or re.search(r"[!?;“”\"\n]", between):
        return None
    inner_end = art.text[q.start : q.end].rstrip()
    if not (inner_end.endswith((",", "?", "!", "—", "–")) or between.lstrip().startswith(",")):
        return None
    cue_sentence = art.sentence_of(art.starts[c_start])
    if art.sentence_of(q.end - 1) != cue_sentence and art.sentence_of(q.outer_end + 1) != cue_sentence:
        return None
    t = art.tok_at(q.outer_end)
    while t < c_start and art.is_punct(t):
        t += 1
    if t >= c_start or any(art.lower[i] in strong_cue_words() for i in range(t, c_start)):
        return None
    return q, t


def attribute(art: ArticleTokens, c_start: int, c_end: int, cue: Cue, order: int,
              sentence_speakers: dict[int, Mention]) -> Found | None:
    """Speaker and content for one cue occurrence (the steps are listed in the module docstring).

    ``sentence_speakers`` holds the first speaker of each sentence so far: a participle cue ("..., adding
    that") takes it.
    """
    site = cue_site(art, c_start, c_end, cue, order)
    if false_cue(art, site):
        return None
    if cue.kind == "source":
        return source_cue(art, site)
    subject = find_subject(art, site, sentence_speakers)
    if subject.q_before is None and not subject.participle:
        found = quote_then_speaker(art, site)
        if found is not None:
            return found
    if subject.speaker is None:
        return None
    if subject.q_before is not None:
        # "“...,” he said" / "“...,” said Mr. Kirby": the quotation closing right before the subject
        return Found((subject.q_before.start, subject.q_before.end), True, subject.speaker, site.info, order)
    return content_around(art, site, subject)


def cue_site(art: ArticleTokens, c_start: int, c_end: int, cue: Cue, order: int) -> CueSite:
    """The cue with its sentence's bounds, in characters and tokens, looked up once for every step."""
    cue_a, cue_b = art.starts[c_start], art.ends[c_end - 1]
    s_start, s_end = art.sentence_of(cue_a)
    return CueSite(c_start, c_end, cue, order, cue_a, cue_b, s_start, s_end, art.tok_at(s_start),
                   art.tok_at(s_end), art.quote_covering(s_start), (cue_a, cue_b, art.text[cue_a:cue_b]))


def false_cue(art: ArticleTokens, site: CueSite) -> bool:
    """The cue word is not a verb of saying here. The lexicon is matched on words alone, so a cue word inside
    a name, used as a noun, or in a passive whose speaker is elsewhere would make a wrong statement."""
    c_start, c_end, lo, kind = site.start, site.end, site.lo, site.cue.kind
    if art.words[c_start][:1].isupper() and c_start != lo and art.words[c_start - 1] not in ("“", '"', "‘") \
            and not title_case(art, lo, site.hi):
        return True  # "State Department", "the United States": a capitalised cue word inside a name
    if c_start - 1 >= lo and kind != "source" and (
            art.lower[c_start - 1] in NOUN_MARKERS):
        return True  # "Trump's tweet", "the claims": a noun, not a cue verb
    if c_end < site.hi and art.lower[c_end] == "by" and kind != "source":
        return True  # "a view echoed by everyone": passive, the speaker is the agent after "by"
    # "I have been told that": the subject is the addressee, not the speaker
    return kind == "object" and c_start - 1 >= lo and art.lower[c_start - 1] in PASSIVE


def source_cue(art: ArticleTokens, site: CueSite) -> Found | None:
    """"According to the Kremlin, ..." / "..., according to the Kremlin.": the speaker follows the cue, and
    the content is the longer side of the sentence, since the cue can stand before or after what it
    attributes."""
    text = art.text
    np = np_right(art, site.end, site.hi)
    if np is None:
        return None
    speaker, np_end = _named_in_apposition(art, mention(art, *np, site.lo), np[1], site.hi)
    after = trim(text, art.ends[np_end - 1], site.s_end)
    before_start = site.s_start if site.around is None else site.around.outer_start
    before = trim(text, before_start, site.char_start)
    content = after if after[1] - after[0] >= before[1] - before[0] else before
    if too_short(text, content):
        return None
    q = art.quote_covering(content[0])
    direct = q is not None and q.start <= content[0] + 1 and q.end >= content[1] - 1
    return Found(content, direct, speaker, site.info, site.order)


def _named_in_apposition(art: ArticleTokens, m: Mention | None, end: int, hi: int) -> tuple[Mention | None, int]:
    """A speaker after the cue that is not a named person, followed by a person in apposition ("says the top
    US federal official overseeing the disaster, Coast Guard Adm Thad Allen"): the person is the speaker, not
    the place or the organisation of the description. Returns the speaker and the token after it."""
    if m is not None and m.kind == "named" and m.person:
        return m, end
    person = appositive_person(art, end, hi)
    return person if person is not None else (m, end)


def is_participle(art: ArticleTokens, site: CueSite) -> bool:
    """The cue hangs on the subject of its sentence rather than having its own: an "-ing" form that is not
    progressive ("..., saying", not "is saying"), or a cue coordinated after "and"/"but" ("Trump is telling
    a veterans group ... and says he will")."""
    c_start, lo = site.start, site.lo
    participle = art.lower[c_start].endswith("ing") and len(site.cue.words) == 1 and not (
        c_start - 1 >= lo and art.lower[c_start - 1] in PASSIVE | PROGRESSIVE)
    k_conj = skip_back(art, c_start, lo)
    return participle or (k_conj - 1 >= lo and art.lower[k_conj - 1] in COORDINATORS and k_conj - 1 > lo)


def find_subject(art: ArticleTokens, site: CueSite, sentence_speakers: dict[int, Mention]) -> Subject:
    """The speaker of a verb or object cue, and where its phrase sits.

    The subject before the cue comes first ("Peskov said"). Without one, a noun phrase after the cue is an
    inverted speaker, but only where inversion happens: after a comma or a closing quote ("..., said Mr.
    Kirby"), after a quotation, or at the start of a sentence ("Said Ellis: ..."). A participle takes the
    sentence's first speaker, or its first mention.
    """
    c_start, c_end, lo = site.start, site.end, site.lo
    participle = is_participle(art, site)
    left = None if participle else speaker_left(art, c_start, lo)
    subject_start = left[1] if left is not None else c_start
    before_subject = art.starts[subject_start] if subject_start < art.n else site.char_start
    prev_tok = subject_start - 1
    after_comma = prev_tok >= lo and art.words[prev_tok] in (",", "—", "–", "―") or (
        prev_tok >= 0 and art.words[prev_tok] in CLOSE_MARKS)
    speaker = left[0] if left is not None else None
    q_before = None if participle else quote_ending_before(art, before_subject, site.s_start)
    after_cue = c_end
    opening = left is None and c_start == lo  # "Said Ellis: “...”"
    if left is None and not participle:
        np = np_right(art, c_end, site.hi)
        if np is not None and (after_comma or q_before is not None or opening):
            speaker, after_cue = _named_in_apposition(art, mention(art, *np, lo), np[1], site.hi)
    if participle:
        speaker = sentence_speakers.get(site.s_start) or main_subject(art, lo, c_start - 1)
    return Subject(speaker, left is not None, participle, opening, before_subject, prev_tok, after_comma,
                   q_before, after_cue)


def quote_then_speaker(art: ArticleTokens, site: CueSite) -> Found | None:
    """A quotation, then a speaker phrase, then the cue: "“...,” Scott Pruitt, the attorney general of
    Oklahoma, said". The subject search stops at the appositive's commas, so this reading comes first."""
    c_start, lo = site.start, site.lo
    qb = quote_before_cue(art, c_start, lo)
    if qb is None:
        return None
    np = np_right(art, qb[1], c_start)
    m = mention(art, *np, qb[1]) if np is not None else None
    k = skip_back(art, c_start, lo)
    # the speaker phrase must reach the cue, or only an appositive between commas may separate
    # them: "a clear reference to the regions that Mr. Putin announced" is not a speaker
    adjacent = np is not None and (np[1] >= k or art.words[np[1]] == "," and art.words[k - 1] == ",")
    if m is not None and adjacent:
        return Found((qb[0].start, qb[0].end), True, m, site.info, site.order)
    return None
