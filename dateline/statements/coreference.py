"""Coreference of speakers: a pronoun or a description ("he", "the Chancellor") points at what it stands for.

A pronoun resolves within its own attribution context or not at all: the nearest compatible candidate
before it in its paragraph, else the last one of the paragraph before (a quote that opens a paragraph of
its own continues the one before); in its paragraph, a speaker of the last two sentences comes before a
person merely named in between ("“...,” Melanie said, and soon ... Trump was waving ... “...,” she said").
Never further: a person named paragraphs earlier is not the "he" of a
quote when another person was named in between, or when the paragraph before names no one. A candidate
inside a quotation or another statement's content does not count (in "Peskov said that Putin was open
... He added", "he" is Peskov), unless the pronoun stands inside the same one ("What did President Biden
say? He said ...") or the candidate is itself a speaker there ("notes show that Putin said ...").

* "he", "she": a person (a named speaker, a resolved pronoun, or a person the article names), of a
  gender no honorific contradicts;
* "they", "it": an organisation or a group that spoke (a group without a name stands for itself:
  "Aides say ... But they also said");
* "I", "we", "you" outside a quotation are the writer or the reader: never resolved;
* a description ("the Chancellor") points at the last name written with that role.
"""

from __future__ import annotations

import bisect
import re

from dateline.statements.lexicon import closed_class, words_of
from dateline.statements.spans import Found, Mention
from dateline.statements.tokens import ArticleTokens


def has_role(text: str, name: tuple[int, int], role: str) -> bool:
    """The role word is a title before the name ("Chancellor of Germany Olaf Scholz") or in its appositive
    ("Olaf Scholz, the German chancellor,")."""
    word = re.escape(role)
    before = text[max(0, name[0] - 60) : name[0]]
    if re.search(rf"(?i:\b{word})(?:\s+(?:of|the|[A-Z][\w.'’-]*))*\s*$", before):
        return True
    return re.match(rf"\s*,\s*(?:[\w'’-]+\s+){{0,5}}?(?i:{word})\b", text[name[1] : name[1] + 80]) is not None


RECENT_SENTENCES = 2  # a speaker this many sentences back, or nearer, outranks a nearer name in passing


class _Context:
    """What a pronoun may point at: spans that hide candidates (quotations and contents) and paragraphs."""

    def __init__(self, art: ArticleTokens, found: list[Found]) -> None:
        self.art = art
        self.zones = sorted({(q.start, q.end) for q in art.quotes} | {f.content for f in found})

    def hidden(self, span: tuple[int, int], pos: int) -> bool:
        """``span`` lies inside a quotation or a content that does not also hold ``pos``."""
        return any(a <= span[0] and span[1] <= b and not a <= pos < b for a, b in self.zones if a <= span[0])

    def scope(self, pos: int, candidates: list[tuple[int, tuple[int, int], Mention | None]], anchor: int
              ) -> tuple[int, tuple[int, int], Mention | None] | None:
        """The nearest candidate before ``pos`` in the paragraph of ``anchor`` (where the statement starts:
        a quotation over several paragraphs is attributed at its end), else the last of the paragraph
        before. A speaker is never hidden: the subject of a statement is what a later pronoun most likely
        takes up."""
        art = self.art
        k = max(0, bisect.bisect_right(art.p_starts, min(pos, anchor)) - 1)
        if not art.paragraphs:
            return None
        p_start = art.paragraphs[k][0]
        usable = [c for c in candidates if c[0] < pos and (c[2] is not None or not self.hidden(c[1], pos))]
        here = [c for c in usable if c[0] >= p_start]
        if here:
            # a speaker of the last sentences is the topic a pronoun takes up, over a name in passing
            recent = bisect.bisect_right(art.s_starts, pos) - 1 - RECENT_SENTENCES
            lo = art.s_starts[recent] if recent >= 0 else 0
            speakers = [c for c in here if c[2] is not None and c[0] >= lo]
            return speakers[-1] if speakers else here[-1]
        if k == 0:
            return None
        prev_start = art.paragraphs[k - 1][0]
        before = [c for c in usable if prev_start <= c[0] < p_start]
        return before[-1] if before else None


def resolve(art: ArticleTokens, found: list[Found]) -> None:
    """Point each pronoun or description speaker at what it stands for (see the module docstring)."""
    text = art.text
    female, male = words_of("pronoun-f"), words_of("pronoun-m")
    male_titles, female_titles = closed_class("honorific-m"), closed_class("honorific-f")
    plural = words_of("pronoun-p")
    unresolved = closed_class("unresolved-pronoun")
    context = _Context(art, found)

    def honorific(span: tuple[int, int]) -> str:
        before = text[max(0, span[0] - 6) : span[0]].split()
        first = text[span[0] : span[1]].split()
        words = [w.lower() for w in before[-1:] + first[:1]]
        return next((w for w in words if w in male_titles | female_titles), "")

    # (position, span that names it, the speaker mention if it spoke): people and speakers, in order
    people: list[tuple[int, tuple[int, int], Mention | None]] = [(a, (a, b), None) for a, b in art.person_spans]
    sources: list[tuple[int, tuple[int, int], Mention | None]] = []
    for f in sorted(found, key=lambda f: f.speaker.start if f.speaker else f.content[0]):
        m = f.speaker
        if m is None:
            continue
        pos = m.start
        if m.kind == "named":
            entry = (pos, m.ref or (m.start, m.end), m)
            if m.person:  # the speaker stands for the names inside it ("Dimitry Peskov" over "Peskov")
                people = [c for c in people if c[2] is not None or not m.start <= c[0] < m.end] + [entry]
                people.sort(key=lambda c: c[0])
            else:
                sources.append(entry)
            continue
        if m.kind == "pronoun" and m.head in unresolved:
            m.ref = None
        elif m.kind == "pronoun" and m.person and m.head not in plural:
            clash = male_titles if m.head in female else female_titles if m.head in male else frozenset()
            hit = context.scope(pos, [c for c in people if honorific(c[1]) not in clash], f.content[0])
            m.ref = hit[1] if hit is not None else None
        elif m.kind == "pronoun":
            hit = context.scope(pos, sources, f.content[0])
            m.ref = hit[1] if hit is not None else None
        elif m.kind == "description" and m.ref is None:
            matching = [p for p in art.name_spans if p[1] <= pos and has_role(text, p, m.head)]
            if matching:
                m.ref = matching[-1]
            else:
                hit = context.scope(pos, [c for c in people if c[2] is not None], f.content[0])
                m.ref = hit[1] if hit is not None else None
        elif m.kind == "group":
            if m.head in unresolved:
                continue  # "you" is the reader
            sources.append((pos, (m.start, m.end), Mention(m.start, m.end, "named", m.ref or (m.start, m.end),
                                                           m.head, False)))
            continue
        if m.ref is not None:
            resolved = Mention(m.start, m.end, "named", m.ref, m.head, m.person)
            entry = (pos, m.ref, resolved)
            if m.person:
                people.append(entry)
                people.sort(key=lambda c: c[0])
            else:
                sources.append(entry)
