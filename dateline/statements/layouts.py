"""Statements the page layout marks instead of a cue word: transcript lines, "Source: ..." headlines and
quotations signed with a dash."""

from __future__ import annotations

import re

from dateline.statements import clauses
from dateline.statements.quotes import Quote
from dateline.statements.spans import Found, Mention
from dateline.statements.speakers import mention
from dateline.statements.tokens import DASHES, ArticleTokens, trim

_TRANSCRIPT = re.compile(r"[ \t]*[\"“]?(?P<name>[A-Z][A-Z.'\- ]{1,40}[A-Z.]):[ \t]+(?P<rest>\S[^\n]*)")
_HEADLINE = re.compile(r"[ \t]*(?P<name>[A-Z][\w.'’\-]*(?:[ \t]+[A-Z][\w.'’\-]*){0,3}):[ \t]+(?P<rest>\S[^\n]*)")
_EPIGRAPH = re.compile(r"[ \t\u00a0]*[–—―][ \t\u00a0]*(?P<name>[A-Z][\w.'\-]*(?:[ \t\u00a0]+[A-Z][\w.'\-]*){0,4})")


def transcripts(art: ArticleTokens) -> list[Found]:
    """Interview transcripts: a paragraph opening with a speaker's name in capitals and a colon."""
    out = []
    matches = [_TRANSCRIPT.match(art.text, a, b) for a, b in art.paragraphs]
    names = [m.group("name") for m in matches if m is not None]
    for (_p_start, p_end), m in zip(art.paragraphs, matches, strict=True):
        if m is None or len(m.group("name").split()) > 4 or m.group("name").count(".") > 2:
            continue
        if names.count(m.group("name")) < 2:
            continue  # a transcript repeats its speakers; a lone "CLARIFICATION:" is a label
        a, b = trim(art.text, m.start("rest"), p_end)
        while b > a and art.text[b - 1] in "\"”":
            b -= 1
        if b - a < 3:
            continue
        colon = m.end("name")
        speaker = Mention(m.start("name"), m.end("name"), "named", (m.start("name"), m.end("name")),
                          m.group("name").lower(), True)
        out.append(Found((a, b), True, speaker, (colon, colon + 1, ":"), -1))
    return out


def headline(art: ArticleTokens) -> list[Found]:
    """A headline that gives a source and what it says: "Poll: Clinton and Trump in dead heat",
    "Sanders: Clinton needs to ...". Only the article's first paragraph, and only a name or a source noun."""
    if not art.paragraphs:
        return []
    p_start, p_end = art.paragraphs[0]
    m = _HEADLINE.match(art.text, p_start, p_end)
    if m is None or p_end - p_start > 200:
        return []
    a, b = art.tok_at(m.start("name")), art.tok_at(m.end("name"))
    named = any(art.ent[k] in ("PERSON", "ORG", "GPE", "NORP") for k in range(a, b))
    if not named and art.lower[b - 1] not in clauses.source_nouns():
        return []
    content = trim(art.text, m.start("rest"), p_end)
    if len(art.text[content[0] : content[1]].split()) < 3:
        return []
    speaker = mention(art, a, b, a) or Mention(m.start("name"), m.end("name"), "group", None, art.lower[b - 1], False)
    colon = m.end("name")
    q = art.quote_covering(content[0])
    direct = q is not None and q.start <= content[0] + 1 and q.end >= content[1] - 1
    return [Found(content, direct, speaker, (colon, colon + 1, ":"), -1)]


def epigraph(art: ArticleTokens, q: Quote) -> Found | None:
    """A quotation signed with a dash: "“...” ― Sonya Herridge"."""
    m = _EPIGRAPH.match(art.text, q.outer_end)
    if m is None:
        return None
    name = (m.start("name"), m.end("name"))
    dash_at = next(i for i in range(m.start(), m.end()) if art.text[i] in DASHES)
    a, b = art.tok_at(name[0]), art.tok_at(name[1])
    speaker = mention(art, a, b, a) if b > a else None
    if speaker is None:
        speaker = Mention(name[0], name[1], "named", name, "", True)
    return Found((q.start, q.end), True, speaker, (dash_at, dash_at + 1, art.text[dash_at]), 0)
