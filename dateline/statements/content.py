"""The content of a cue: a quotation, the clause after the cue, or the sentence before its subject.

``content_around`` runs once the speaker is known (``cues.find_subject``). Content after the cue is
preferred ("Peskov said that ...", "X tweets: “...”"), because a reported clause follows its cue; content
before the subject is taken only when nothing follows and the subject is set off by a comma or a quote
mark ("..., Peskov said."), so that a bare "he said" never swallows the writer's previous sentence.
"""

from __future__ import annotations

import bisect

from dateline.statements.lexicon import (
    ADDRESSEES,
    ADJUNCT_STARTS,
    CONCESSIVES,
    COORDINATORS,
    FREE_RELATIVES,
    HONORIFICS,
    SUBJECT_PRONOUNS,
    SUBORDINATORS,
    Cue,
    cue_words,
    strong_cue_words,
    words_of,
)
from dateline.statements.propositions import time_or_place
from dateline.statements.quotes import Quote
from dateline.statements.spans import CueSite, Found, Subject
from dateline.statements.tokens import (
    CLOSE_MARKS,
    DASHES,
    OPEN_MARKS,
    ArticleTokens,
    title_words,
    too_short,
    trim,
)


def quote_ending_before(art: ArticleTokens, char: int, lo: int) -> Quote | None:
    """A quotation closing just before ``char`` with only punctuation or a dash between."""
    k = bisect.bisect_right(art.q_starts, char) - 1
    while k >= 0:
        q = art.quotes[k]
        if q.outer_end <= char:
            gap = art.text[q.outer_end : char]
            inner = art.text[q.start : q.end].rstrip()
            closed = inner.endswith((".", "…", ";")) and "," not in gap
            if q.outer_end >= lo - 1 and all(ch in " \t\u00a0,.;:!?" + DASHES for ch in gap) and not closed:
                return q
            return None
        k -= 1
    return None


def quote_starting_at(art: ArticleTokens, char: int) -> Quote | None:
    k = bisect.bisect_left(art.q_starts, char)
    if k < len(art.quotes):
        q = art.quotes[k]
        gap = art.text[char : q.outer_start]
        if all(ch in " \t\u00a0,:" for ch in gap) and "\n" not in gap:
            return q
    return None


def forward_start(art: ArticleTokens, e: int, hi: int, cue: Cue) -> tuple[int, bool]:
    """First token of content after a cue ending at token ``e``; the flag says "that", a colon or a quote was seen.

    Adjuncts ("in a statement on Friday") and, for verbs like "told", the addressee are stepped over when a
    clause marker follows them; an adjunct running to the sentence end means there is no content after.
    """
    f = e
    while f < hi and art.ent[f] in ("DATE", "TIME"):
        f += 1
    marker = None
    for k in range(f, min(hi, f + 12)):
        w = art.words[k]
        if art.lower[k] == "that" or w in (":", ",") or w[:1] in OPEN_MARKS:
            marker = k
            break
        if art.lower[k] in cue_words() or w in (".", ";", "?", "!"):
            break
    addressee = cue.kind == "object" and f < hi and (
        art.lower[f] in ADDRESSEES or art.ent[f] in ("PERSON", "ORG", "NORP", "GPE") or art.words[f][:1].isupper())
    if marker is not None and cue.kind == "object" and art.lower[marker] in ("that", ":"):
        f = marker  # "told an invited crowd at the club that ..."
    elif f < hi and (art.lower[f] in ADJUNCT_STARTS or addressee):
        if marker is None:
            if addressee:
                g = f
                while g < hi and (art.lower[g] in ADDRESSEES or art.ent[g] in ("PERSON", "ORG", "NORP", "GPE")):
                    g += 1
                if g < hi and art.lower[g] in ("'s", "’s"):
                    return f, False  # "questioned Cruz's eligibility": a possessor, not an addressee
                return g, False
            return hi, False  # "said in a recent interview." : nothing after the cue
        f = marker
    clause = False
    while f < hi and (art.lower[f] == "that" or art.words[f] in (":", ",")):
        clause = clause or art.words[f] != ","
        f += 1
    return f, clause


def content_end(art: ArticleTokens, f_char: int, s_end: int) -> int:
    """End of a reported clause: the sentence end, pushed past any quotation that opened inside it, or the
    start of a coordinated cue of the same subject ("called it a “unique nation” and stated that ..."), or
    a concession after a comma ("paying no taxes was smart, although he again refused to ...")."""
    end = s_end
    for k in range(art.tok_at(f_char) + 1, art.tok_at(s_end) - 1):
        if art.lower[k] in COORDINATORS and not art.in_quote[k] and new_attribution(art, k + 1):
            end = art.starts[k]
            break
        if art.lower[k] in CONCESSIVES and art.words[k - 1] == "," and not art.in_quote[k]:
            end = art.starts[k - 1]  # "..., although he again refused to ...": the writer's own clause
            break
    k = bisect.bisect_left(art.q_starts, f_char)
    while k < len(art.quotes) and art.quotes[k].outer_start < end:
        end = max(end, art.quotes[k].outer_end)
        k += 1
    return end


def new_attribution(art: ArticleTokens, k: int) -> bool:
    """Tokens from ``k`` open another attribution: a cue ("and stated that"), or a short subject and a
    cue (", but he said that", "and Mr. Price added")."""
    for j in range(k, min(art.n, k + 5)):
        if art.lower[j] in strong_cue_words():
            return True
        if not (art.lower[j] in SUBJECT_PRONOUNS or art.capitalised(j) or art.lower[j] in words_of("skip")
                or art.lower[j] in HONORIFICS):
            return False
    return False


def block_after_colon(art: ArticleTokens, char: int) -> tuple[int, int] | None:
    """The quotation opening the paragraph after a cue that ends its paragraph with a colon; an unclosed block
    quote (a mark at the start, none at the end) runs to its paragraph's end."""
    colon = art.text.find(":", char, char + 8)
    line_end = art.text.find("\n", colon)
    if colon < 0 or line_end < 0 or art.text[colon + 1 : line_end].strip():
        return None
    k = bisect.bisect_right(art.p_starts, colon)
    if k >= len(art.paragraphs):
        return None
    p_start, p_end = art.paragraphs[k]
    lead = p_start + len(art.text[p_start:p_end]) - len(art.text[p_start:p_end].lstrip())
    if art.text[lead : lead + 1] not in OPEN_MARKS:
        return None
    q = art.quote_covering(lead)
    if q is not None and q.outer_start == lead:
        return q.start, q.end
    a, b = trim(art.text, lead + 1, p_end)
    while b > a and art.text[b - 1] in CLOSE_MARKS:
        b -= 1
    return (a, b) if b - a >= 3 else None


def content_around(art: ArticleTokens, site: CueSite, subject: Subject) -> Found | None:
    """The content of a cue whose speaker is known: after the cue, else a quoted block after a colon, else
    before the subject (see the module docstring for why in this order)."""
    f, clause = forward_start(art, subject.after_cue, site.hi, site.cue)
    first = _first_content_token(art, site, subject, f, clause)
    if first is not None and (subject.left or subject.participle or subject.opening):
        found = content_after(art, site, subject, first, clause)
        if found is None or found.direct or not time_or_place(art, found.content, site.info[2]):
            return found
        first = None  # "..., Hayward told Reuters late last week.": an adjunct, nothing said after the cue
    if first is None and subject.left and art.text[site.char_end : site.char_end + 8].lstrip(" \t").startswith(":"):
        block = block_after_colon(art, site.char_end)
        if block is not None:
            return Found(block, True, subject.speaker, site.info, site.order)  # "He said:" then a quoted paragraph
    if first is not None or not subject.after_comma:
        return None
    return content_before(art, site, subject)


def _first_content_token(art: ArticleTokens, site: CueSite, subject: Subject, f: int, clause: bool) -> int | None:
    """The first word (or opening quote mark) of the content after the cue, if any. After an inverted
    speaker a mere adjunct is not content: "..., said Mr. Kirby in an interview.", nor is a subordinate
    clause after a comma: "..., lawmakers said Friday, as they bristled at ..."."""
    first = next((k for k in range(f, site.hi) if not art.is_punct(k) or art.text[art.starts[k]] in OPEN_MARKS),
                 None)
    if first is not None and subject.after_cue > site.end and not clause and (
            art.lower[first] in ADJUNCT_STARTS or art.ent[first] or not art.words[first][:1].isupper()):
        return None
    if first is not None and not clause and first > site.end and art.words[first - 1] == "," \
            and art.lower[first] in SUBORDINATORS - {"in", "on", "at", "during"}:
        return None  # "..., lawmakers said Friday, as they bristled at ...": the writer's clause, not content
    return first


def content_after(art: ArticleTokens, site: CueSite, subject: Subject, f: int, clause: bool) -> Found | None:
    """Content after the cue, from token ``f``: a whole quotation ("X tweets: “...”") is a direct statement;
    otherwise the reported clause to the sentence's end ("Peskov said that ..."). A weak cue ("added",
    "shows") needs a sign that a clause follows, since it also has senses that report nothing."""
    text, cue, s_end = art.text, site.cue, site.s_end
    f_char = art.starts[f]
    q = quote_starting_at(art, f_char) if text[f_char] in OPEN_MARKS else None
    if q is not None:
        tail = trim(text, q.outer_end, s_end)
        whole = tail[1] <= tail[0] or (q.words(text) >= 4 and not title_words(text[q.start : q.end])) \
            or q.outer_end >= s_end
        if whole and (cue.strong or clause or q.words(text) >= 3):
            return Found((q.start, q.end), True, subject.speaker, site.info, site.order)
        clause = True
    if cue.attitude and not clause:
        return None  # "criticized Western countries": the target of an attitude, not something said
    end = content_end(art, f_char, s_end)
    fragment = any(f_char <= q.outer_start < end and not title_words(text[q.start : q.end])
                   for q in art.quotes[bisect.bisect_left(art.q_starts, f_char):][:3])
    if not cue.strong and not clause and art.lower[f] not in SUBJECT_PRONOUNS and not fragment:
        return None  # a weak cue needs "that", a colon, a quoted fragment or a clause subject
    what = subject.left and subject.prev_tok >= site.lo and art.lower[subject.prev_tok] in FREE_RELATIVES
    if what and not fragment:
        return None  # "citing what he said was the need ...": the content is "what", not a clause
    content = trim(text, f_char, end)
    if too_short(text, content):
        return None
    if subject.after_comma and subject.left and text[site.char_end : site.char_end + 1] == ",":
        # parenthetical "Climate change, Mr. Obama says, is ...": keep the longer side
        before = trim(text, site.s_start, subject.before_subject)
        if before[1] - before[0] > content[1] - content[0]:
            content = before
    return Found(content, False, subject.speaker, site.info, site.order)


def content_before(art: ArticleTokens, site: CueSite, subject: Subject) -> Found | None:
    """Content before the subject: "..., Peskov said." / "..., said Mr. Kirby.". It starts at the sentence,
    or at a quotation the sentence opens inside; a paragraph opened by a dash is a dash quote, which runs
    from the dash to its attribution over sentence breaks."""
    text = art.text
    start = site.s_start
    if site.around is not None and site.around.outer_start < site.s_start:
        start = site.around.outer_start
    p_start, p_end = art.paragraph_of(site.char_start)
    lead = p_start + len(text[p_start:p_end]) - len(text[p_start:p_end].lstrip())
    dash = text[lead : lead + 1] in tuple(DASHES) + ("-",) and text[lead + 1 : lead + 2].isspace()
    if dash:
        start = lead + 1
    content = trim(text, start, subject.before_subject)
    if too_short(text, content, 3):
        return None
    return Found(content, dash, subject.speaker, site.info, site.order)
