"""Coreference of speakers: a pronoun or a description ("he", "the Chancellor") points at a named person.

Resolution is a backwards search over the article: the nearest compatible earlier named speaker (by
gender of the honorific, person or group), else a person the article names, else nothing.
"""

from __future__ import annotations

import bisect
import re

from dateline.statements.lexicon import closed_class, words_of
from dateline.statements.spans import Found, Mention
from dateline.statements.tokens import PARA, ArticleTokens


def has_role(text: str, name: tuple[int, int], role: str) -> bool:
    """The role word is a title before the name ("Chancellor of Germany Olaf Scholz") or in its appositive
    ("Olaf Scholz, the German chancellor,")."""
    word = re.escape(role)
    before = text[max(0, name[0] - 60) : name[0]]
    if re.search(rf"(?i:\b{word})(?:\s+(?:of|the|[A-Z][\w.'’-]*))*\s*$", before):
        return True
    return re.match(rf"\s*,\s*(?:[\w'’-]+\s+){{0,5}}?(?i:{word})\b", text[name[1] : name[1] + 80]) is not None


def resolve(art: ArticleTokens, found: list[Found]) -> None:
    """Point each pronoun or description speaker at the nearest compatible earlier named speaker or person."""
    text = art.text
    persons = art.person_spans
    female = words_of("pronoun-f")
    male = words_of("pronoun-m")
    male_titles, female_titles = closed_class("honorific-m"), closed_class("honorific-f")
    plural = words_of("pronoun-p")
    paragraph_starts = [m.start() for m in PARA.finditer(text)]
    speakers: list[tuple[int, Mention]] = []  # (position, resolved named mention) of earlier statements
    for f in sorted(found, key=lambda f: f.speaker.start if f.speaker else f.content[0]):
        m = f.speaker
        if m is None:
            continue
        pos = m.start
        if m.kind == "named":
            speakers.append((pos, m))
            continue
        if m.kind == "pronoun" and m.person and m.head not in plural:
            k = bisect.bisect_right(paragraph_starts, pos) - 1
            window = paragraph_starts[max(0, k - 2)] if paragraph_starts else 0
            gender_clash = male_titles if m.head in female else female_titles if m.head in male else frozenset()
            cand = [s for p, s in speakers if s.person and s.ref and p >= window and p < pos
                    and text[s.start : s.end].split()[0].lower() not in gender_clash]
            if cand:
                m.ref = cand[-1].ref
            else:
                earlier = [p for p in persons if p[1] <= pos and text[max(0, p[0] - 5):p[0]].strip().lower()
                           not in gender_clash]
                m.ref = earlier[-1] if earlier else None
        elif m.kind == "pronoun" and (m.head in plural or m.head == "it"):
            cand = [s for p, s in speakers if p < pos and (not s.person or s.kind == "group")]
            m.ref = cand[-1].ref if cand else None
        elif m.kind == "description" and m.ref is None:
            matching = [p for p in art.name_spans if p[1] <= pos and has_role(text, p, m.head)]
            if matching:
                m.ref = matching[-1]
            else:
                cand = [s for p, s in speakers if s.person and s.ref and p < pos]
                m.ref = cand[-1].ref if cand else None
        elif m.kind == "group" and m.ref is None:
            continue
        if m.ref is not None:
            speakers.append((pos, Mention(m.start, m.end, "named", m.ref, m.head, m.person)))
